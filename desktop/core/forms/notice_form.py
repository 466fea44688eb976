"""寻亲公告: the family-search notice, posted and published to find a child's family.

Large print for a notice board: the photo and the fields the national
family-search site shows (name or 不详, sex, age when found, ethnicity, height,
build, dialect, health, intellectual and mental state, disability, appearance,
clothing when found, date and place found), the posting period, then the
center's contact and the date the notice was first issued, under the seal.
What is not known prints as 不详; a blank notice leaves room to write.

Only the public fields reach this builder (``notice.public_case``): it applies
the whitelist again itself, whatever it is given.
"""

from __future__ import annotations

import datetime as dt

from reportlab.lib.enums import TA_CENTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Paragraph, Spacer

from desktop.core import fields
from desktop.core.forms import kit
from desktop.core.forms.common import heading, unprintable_note
from desktop.core.forms.data import CaseData
from desktop.core.forms.notice import posting_period, public_case
from desktop.core.forms.values import (
    age_on,
    chinese_date,
    choice,
    label,
    local_date,
    text,
    to_write,
    translate_to,
)

TITLE = "寻亲公告"
UNKNOWN = "不详"
SIZE = 12.0
GRID = kit.GridStyle(
    size=SIZE,
    label_width=34 * mm,
    photo_width=46 * mm,
    photo_height=58 * mm,
    photo_caption="暂无照片",
    line_gap=6.5 * mm,
)
NOUNS = {"male": "男孩", "female": "女孩"}


def build(data: CaseData) -> bytes:
    """Return the family-search notice of ``data`` as PDF bytes (public fields only)."""
    data = public_case(data)
    story: list[Flowable] = [
        *unprintable_note(data),
        _intro(data),
        Spacer(1, 4 * mm),
        *kit.field_grid(
            _child_rows(data), grid=GRID, photo=data.photo, with_photo=True, photo_rows=5
        ),
        Spacer(1, 4 * mm),
        kit.para(
            f"请其亲属或知情者见到本公告后，及时与我中心联系。{_period(data)}",
            kit.style(SIZE, leading=SIZE * 1.7),
        ),
        Spacer(1, 3 * mm),
        *kit.field_grid(_contact_rows(data), grid=GRID),
    ]
    story = kit.ending(story, [Spacer(1, 3 * mm), _signed(data)], keep=1)
    return kit.build_pdf(heading(data, TITLE, title_size=30), story, subject=data.case_no)


def _or_unknown(data: CaseData, value: str) -> str:
    if data.blank:
        return value.strip()
    return value.strip() or UNKNOWN


def _issued(data: CaseData) -> dt.date | None:
    issued = data.admission.get("notice_issued_on")
    return issued if isinstance(issued, dt.date) else None


def _period(data: CaseData) -> str:
    issued = _issued(data)
    if issued is None:
        return "公告期三十日。" if not data.blank else "公告期：自　　年　　月　　日起三十日。"
    first, last = posting_period(issued)
    return f"公告期自{chinese_date(first)}至{chinese_date(last)}。"


def _found_on(data: CaseData) -> dt.date | None:
    arrived = data.admission.get("arrived_at")
    return local_date(arrived) if isinstance(arrived, dt.datetime) else None


def _intro(data: CaseData) -> Paragraph:
    when = "　　年　　月　　日" if data.blank else chinese_date(_found_on(data))
    noun = NOUNS.get(str(data.child.get("sex")), "未成年人")
    opening = f"{when}，我中心" if when else "我中心"
    sentence = f"{opening}救助了一名{noun}。为帮助其尽快与家人团聚，现将其基本情况公告如下。"
    first = ParagraphStyle(
        "notice-intro",
        parent=kit.style(SIZE + 1, leading=(SIZE + 1) * 1.7),
        firstLineIndent=2 * (SIZE + 1),
    )
    return kit.para(sentence, first)


def _name(data: CaseData) -> str:
    name, alias = text(data.child, "name"), text(data.child, "alias")
    if name or data.blank:
        return name
    return f"{UNKNOWN}（自称“{alias}”）" if alias else UNKNOWN


def _age(data: CaseData) -> str:
    """The age when found (not on the day the notice is printed)."""
    birth = data.child.get("birth_date")
    found = _found_on(data) or data.printed_on
    if not isinstance(birth, dt.date):
        return _or_unknown(data, "")
    age = age_on(birth, found)
    if age is None:
        return UNKNOWN
    return f"约{age}岁" if data.child.get("birth_date_estimated") else f"{age}岁"


def _height(data: CaseData) -> str:
    height = data.child.get("height_cm")
    return f"约{height}厘米" if isinstance(height, int) and height > 0 else _or_unknown(data, "")


def _child_rows(data: CaseData) -> list[kit.Row]:
    translate = translate_to()
    child = fields.CHILD

    def shown(name: str, label_text: str = "") -> kit.Pair:
        return kit.Pair(
            label_text or label(child[name], translate), _or_unknown(data, text(data.child, name))
        )

    def chosen(name: str, label_text: str = "") -> kit.Pair:
        if data.blank:
            return kit.Pair(label(child[name], translate), to_write(child[name], translate))
        value = choice(child[name], data.child.get(name), translate)
        if value == UNKNOWN:
            value = ""
        return kit.Pair(label_text or label(child[name], translate), _or_unknown(data, value))

    found_at = text(data.admission, "found_place")
    return [
        (kit.Pair(label(child["name"], translate), _or_unknown(data, _name(data))),),
        (chosen("sex"),),
        (kit.Pair("发现时年龄", _age(data)),),
        (chosen("ethnicity"),),
        (kit.Pair("身高", _height(data)),),
        (chosen("build"),),
        (shown("dialect", "口音/方言"),),
        (kit.Pair("发现日期", _or_unknown(data, chinese_date(_found_on(data)))),),
        (kit.Pair("发现地点", _or_unknown(data, found_at)),),
        (shown("appearance"),),
        (shown("clothing"),),
        (shown("health"),),
        (shown("mental_state"),),
        (shown("disability"),),
    ]


def _contact_rows(data: CaseData) -> list[kit.Row]:
    center = data.center
    return [
        (kit.Pair("救助单位", _or_unknown(data, center.name)),),
        (kit.Pair("联系地址", _or_unknown(data, center.address)),),
        (kit.Pair("联系电话", _or_unknown(data, center.phone)),),
    ]


def _signed(data: CaseData) -> Flowable:
    width = 95 * mm
    issued = _issued(data)
    date = chinese_date(issued) if issued else ("　　年　　月　　日" if data.blank else "")
    block = [
        kit.fitted(data.center.name, width, SIZE, smallest=9.0),
        Spacer(1, 2 * mm),
        kit.para(date, kit.style(SIZE, align=TA_CENTER)),
    ]
    return kit.beside("", block, width)
