"""在站人员名册: who was in the center on a day, one line per child, from the same rows
the screen's roster shows (``residence.roster.roster_rows``).

The center's header and the day on every page, the column headings repeated, the
totals (by sex and by where the children stayed) and the signatures of whoever
drew it up and checked it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Spacer

from desktop.core import fields
from desktop.core.forms import kit
from desktop.core.forms.common import named
from desktop.core.forms.data import CenterInfo
from desktop.core.forms.values import Translate, chinese_date, choice, translate_to
from desktop.core.residence.roster import Resident

TITLE = "在站人员名册"
SIZE = 9.0
HEADINGS = ("序号", "案卷号", "姓名", "性别", "年龄", "类别", "入站日期", "在站天数", "床位/安置")
WIDTHS = [9 * mm, 19 * mm, 22 * mm, 10 * mm, 10 * mm, 30 * mm, 24 * mm, 14 * mm, 32 * mm]
ONE_LINE = (0, 1, 2, 3, 4, 6, 7)
CENTRED = (0, 3, 4, 7)
#: Columns of digits, dates and the fields' own words: drawn as plain strings.
PLAIN = (0, 1, 3, 4, 6, 7)


def _where(resident: Resident, translate: Translate) -> str:
    """ "101 室 2 床", "家庭寄养：周家" or "未安置"; "（当日离站）" if the child left that day."""
    if resident.kind == "bed":
        where = f"{resident.room} 室 {resident.bed} 床"
    elif resident.kind:
        kind = choice(fields.PLACEMENT["kind"], resident.kind, translate)
        where = f"{kind}：{resident.place}" if resident.place else kind
    else:
        where = "未安置"
    left = resident.discharged_at
    if left is not None and left.astimezone().date() == resident.day:
        where += "（当日离站）"
    return where


def _row(number: int, resident: Resident, translate: Translate) -> list[str]:
    name = named(resident.name, resident.alias)
    return [
        str(number),
        resident.case_no,
        name,
        choice(fields.CHILD["sex"], resident.sex, translate),
        str(resident.age) if resident.age is not None else "不详",
        choice(fields.CHILD["category"], resident.category, translate),
        chinese_date(resident.arrived_at),
        str(resident.days),
        _where(resident, translate),
    ]


def _totals(residents: Sequence[Resident]) -> str:
    boys = sum(r.sex == "male" for r in residents)
    girls = sum(r.sex == "female" for r in residents)
    beds = sum(r.kind == "bed" for r in residents)
    outside = sum(bool(r.kind) and r.kind != "bed" for r in residents)
    return (
        f"共 {len(residents)} 人：男 {boys} 人，女 {girls} 人，性别不详 "
        f"{len(residents) - boys - girls} 人；本站床位 {beds} 人，站外安置 {outside} 人，"
        f"未安置 {len(residents) - beds - outside} 人。"
    )


def build_roster(center: CenterInfo, day: dt.date, residents: Sequence[Resident],
                 printed_on: dt.date | None = None) -> bytes:  # fmt: skip
    """Return the roster of ``day`` as PDF bytes."""
    translate = translate_to()
    body = [_row(n, r, translate) for n, r in enumerate(residents, start=1)]
    if not body:
        body = [["", "", "当日无在站人员", "", "", "", "", "", ""]]
    heading = kit.Heading(
        center=center.form_header.strip() or center.name.strip(),
        title=TITLE,
        form_no=f"名册日期：{chinese_date(day)}",
        logo=center.logo,
        printed_on=chinese_date(printed_on or dt.date.today()),
    )
    story: list[Flowable] = [
        *kit.column_table(
            [list(HEADINGS)], body, WIDTHS, size=SIZE, centred=CENTRED, one_line=ONE_LINE,
            keep_last=2, plain=PLAIN,
        ),
        Spacer(1, 2 * mm),
    ]  # fmt: skip
    closing: list[Flowable] = [
        kit.para(_totals(residents)),
        Spacer(1, 4 * mm),
        kit.signature_row([kit.Signer("制表人签名"), kit.Signer("审核人签名")]),
    ]
    return kit.build_pdf(heading, kit.ending(story, closing, keep=2), subject=TITLE)
