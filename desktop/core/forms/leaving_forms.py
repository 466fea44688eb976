"""Two records of how a stay ended, printed and signed on paper:

- 擅自离站情况记录 (``build_walkout``): a child who left without being discharged —
  the child, when the child was last seen and found gone, what happened, the report to
  the police — signed by whoever found it and the staff member in charge;
- 终止救助通知书 (``build_ending``): the center ends its assistance — to whom, since
  when, why — with the center's seal and the receipt of whoever is notified.
"""

from __future__ import annotations

import datetime as dt

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Spacer

from desktop.core import fields
from desktop.core.forms import kit
from desktop.core.forms.common import heading, named, pair, unprintable_note
from desktop.core.forms.data import CaseData
from desktop.core.forms.values import chinese_date, chinese_datetime, text

WALKOUT = "擅自离站情况记录"
ENDING = "终止救助通知书"
BLANK = "＿" * 8


def _child_rows(data: CaseData) -> list[kit.Row]:
    child, stay = data.child, data.admission
    return [
        (pair(fields.CHILD, child, "name"), pair(fields.CHILD, child, "sex")),
        (pair(fields.CHILD, child, "birth_date"), pair(fields.CHILD, child, "id_number")),
        (pair(fields.ADMISSION, stay, "arrived_at"), pair(fields.ADMISSION, stay, "discharged_at")),
    ]


def build_walkout(data: CaseData) -> bytes:
    """Return the record of a child who walked out as PDF bytes."""
    stay = data.admission
    rows = [
        *_child_rows(data),
        (kit.Pair("情况经过", text(stay, "discharge_note") or "", 6),),
        (pair(fields.ADMISSION, stay, "police_report", lines=3),),
    ]
    story: list[Flowable] = [
        *unprintable_note(data),
        *kit.field_grid(rows),
        Spacer(1, 4 * mm),
        kit.para("以上情况属实。儿童离站后，本站已及时报告公安机关并协助查找。"),
        Spacer(1, 6 * mm),
    ]
    closing: list[Flowable] = [
        kit.signature_row([kit.Signer("发现人签名"), kit.Signer("值班负责人签名")]),
    ]
    return kit.build_pdf(heading(data, WALKOUT), kit.ending(story, closing, keep=1),
                         subject=data.case_no)  # fmt: skip


def _moment(value: object) -> str:
    return chinese_datetime(value) if isinstance(value, dt.datetime) else "＿＿年＿＿月＿＿日"


def build_ending(data: CaseData) -> bytes:
    """Return the notice that the center ends its assistance as PDF bytes."""
    child, stay = data.child, data.admission
    name = named(text(child, "name"), text(child, "alias"), BLANK)
    arrived = stay.get("arrived_at")
    since = stay.get("discharged_at")
    arrived_text = chinese_date(arrived) if isinstance(arrived, dt.datetime) else BLANK
    reason = text(stay, "discharge_note").rstrip("。. ") or BLANK * 3
    body = (
        f"{BLANK}：\n　　{name}于{arrived_text}入站接受救助。经评估，{reason}。"
        "根据救助管理的有关规定，本站决定自"
        f"{_moment(since)}起终止对其的救助。\n　　特此通知。"
    )
    story: list[Flowable] = [
        *unprintable_note(data),
        *kit.field_grid(_child_rows(data)[:2]),
        Spacer(1, 6 * mm),
        kit.para(body),
        Spacer(1, 8 * mm),
        kit.beside(kit.para(""), kit.SealBox("救助保护机构（盖章）"), 62 * mm),
        Spacer(1, 6 * mm),
    ]
    closing: list[Flowable] = [
        kit.signature_row([kit.Signer("被通知人签收", thumbprint=True), kit.Signer("送达人签名")]),
    ]
    return kit.build_pdf(heading(data, ENDING), kit.ending(story, closing, keep=1),
                         subject=data.case_no)  # fmt: skip
