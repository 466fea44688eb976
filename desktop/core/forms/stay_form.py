"""在站服务及离站登记表: one stay from arrival to discharge.

The child and the arrival; where the child stayed (each placement, from and until);
the services given and notes written (date, kind, by whom); then the discharge: when,
how (离站方式), where to, across provinces, the adult who took the child and who
checked the ID, the signed statement of a child leaving alone, the police report;
and the signatures. Long lists run onto further pages with the header repeated.
"""

from __future__ import annotations

import datetime as dt

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Spacer

from desktop.core import fields
from desktop.core.forms import kit
from desktop.core.forms.common import heading, pair, unprintable_note
from desktop.core.forms.data import CaseData, Record
from desktop.core.forms.values import chinese_date, choice, text, translate_to

TITLE = "在站服务及离站登记表"
FORM_NO = "表 3"
SIZE = 9.0
PLACED_WIDTHS = [10 * mm, 28 * mm, 72 * mm, 30 * mm, 30 * mm]
NOTE_WIDTHS = [10 * mm, 26 * mm, 22 * mm, 88 * mm, 24 * mm]
#: Each list has at least this many rows, blank ones to write on after the entries.
BLANK_ROWS = 2
#: The last rows of the discharge (police report, note) and the space below them go
#: with the signatures onto the next page, rather than the signatures alone.
KEEP_WITH_SIGNATURES = 3


def _date(value: object) -> str:
    return chinese_date(value) if isinstance(value, dt.datetime | dt.date) else ""


def _placement_rows(placed: list[Record]) -> list[list[str]]:
    translate = translate_to()
    rows = [
        [str(number), choice(fields.PLACEMENT["kind"], item.get("kind"), translate),
         str(item.get("where") or ""), _date(item.get("started_at")),
         _date(item.get("ended_at")) or "至今"]
        for number, item in enumerate(placed, start=1)
    ]  # fmt: skip
    return _padded(rows)


def _padded(rows: list[list[str]]) -> list[list[str]]:
    """Return ``rows`` and numbered blank rows after them, ``BLANK_ROWS`` rows at least."""
    blanks = max(0, BLANK_ROWS - len(rows))
    return rows + [[str(len(rows) + n + 1), "", "", "", ""] for n in range(blanks)]


def _note_rows(notes: list[Record]) -> list[list[str]]:
    translate = translate_to()
    rows = [
        [str(number), _date(note.get("at")),
         choice(fields.NOTE["kind"], note.get("kind"), translate), text(note, "text"),
         str(note.get("staff") or "")]
        for number, note in enumerate(notes, start=1)
    ]  # fmt: skip
    return _padded(rows)


def _discharge_rows(data: CaseData) -> list[kit.Row]:
    stay = data.admission
    table = fields.ADMISSION
    signed = stay.get("statement_signed")
    return [
        kit.Section("四、离站情况"),
        (pair(table, stay, "discharged_at"), pair(table, stay, "discharge_mode")),
        (pair(table, stay, "discharge_destination"), pair(table, stay, "cross_province")),
        (pair(table, stay, "collector_name"), pair(table, stay, "collector_relationship")),
        (pair(table, stay, "collector_id_number"), pair(table, stay, "collector_phone")),
        (pair(table, stay, "collector_checked_by"),
         kit.Pair("自行离站声明书", "已签署" if signed else ("☐已签署" if data.blank else "—"))),
        (pair(table, stay, "police_report", lines=2),),
        (pair(table, stay, "discharge_note", lines=2),),
    ]  # fmt: skip


def build(data: CaseData) -> bytes:
    """Return the stay-and-discharge record of ``data`` as PDF bytes."""
    child, stay = data.child, data.admission
    start: list[kit.Row] = [
        kit.Section("一、基本情况"),
        (pair(fields.CHILD, child, "name"), pair(fields.CHILD, child, "sex")),
        (pair(fields.CHILD, child, "birth_date"), pair(fields.CHILD, child, "category")),
        (pair(fields.ADMISSION, stay, "arrived_at"), pair(fields.ADMISSION, stay, "arrival_mode")),
    ]
    story: list[Flowable] = [
        *unprintable_note(data),
        *kit.field_grid(start),
        Spacer(1, 3 * mm),
        kit.para("二、在站安置", kit.style(SIZE + 1.5)),
        *kit.column_table([["序号", "安置方式", "床位或地点", "开始日期", "结束日期"]],
                          _placement_rows(list(data.placements)), PLACED_WIDTHS, size=SIZE,
                          centred=(0, 3, 4), one_line=(0, 1, 3, 4)),
        Spacer(1, 3 * mm),
        kit.para("三、在站服务记录", kit.style(SIZE + 1.5)),
        *kit.column_table([["序号", "日期", "服务类别", "内容", "工作人员"]],
                          _note_rows(list(data.notes)), NOTE_WIDTHS, size=SIZE,
                          centred=(0, 1, 2), one_line=(0, 1, 2, 4)),
        Spacer(1, 3 * mm),
        *kit.field_grid(_discharge_rows(data)),
        Spacer(1, 4 * mm),
    ]  # fmt: skip
    closing: list[Flowable] = [
        kit.signature_row(
            [
                kit.Signer("接领人（或儿童本人）签名", thumbprint=True),
                kit.Signer("经办工作人员签名"),
            ]
        ),
    ]
    ended = kit.ending(story, closing, keep=KEEP_WITH_SIGNATURES)
    return kit.build_pdf(heading(data, TITLE, FORM_NO), ended, subject=data.case_no)
