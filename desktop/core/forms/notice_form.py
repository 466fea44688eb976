"""寻亲公告: the family-search notice, posted and published to find a child's family.

Large print for a notice board: the photo and the fields the national
family-search site shows (name or 不详, sex, age or estimated age, height,
health, intellectual and mental state, appearance, clothing when found, date and
place found), then the center's contact and the date, under the seal. Nothing
here is left blank for handwriting: what is not known prints as 不详.
"""

from __future__ import annotations

import datetime as dt

from reportlab.lib.enums import TA_CENTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Paragraph, Spacer

from desktop.core import fields
from desktop.core.forms import kit
from desktop.core.forms.common import heading, unprintable_note
from desktop.core.forms.data import CaseData
from desktop.core.forms.values import (
    age_on,
    chinese_date,
    choice,
    label,
    local_date,
    text,
    translate_to,
)

TITLE = "寻亲公告"
UNKNOWN = "不详"
SIZE = 13.0
GRID = kit.GridStyle(
    size=SIZE,
    label_width=34 * mm,
    photo_width=50 * mm,
    photo_height=64 * mm,
    photo_caption="暂无照片",
)
NOUNS = {"male": "男孩", "female": "女孩"}


def build(data: CaseData) -> bytes:
    """Return the family-search notice of ``data`` as PDF bytes."""
    story: list[Flowable] = [
        *unprintable_note(data),
        _intro(data),
        Spacer(1, 4 * mm),
        *kit.field_grid(
            _child_rows(data), grid=GRID, photo=data.photo, with_photo=True, photo_rows=5
        ),
        Spacer(1, 4 * mm),
        kit.para(
            "请其亲属或知情者见到本公告后，及时与我中心联系。",
            kit.style(SIZE, leading=SIZE * 1.7),
        ),
        Spacer(1, 3 * mm),
        *kit.field_grid(_contact_rows(data), grid=GRID),
        Spacer(1, 6 * mm),
        _signed(data),
    ]
    return kit.build_pdf(heading(data, TITLE, title_size=30), story, subject=data.case_no)


def _or_unknown(value: str) -> str:
    return value.strip() or UNKNOWN


def _intro(data: CaseData) -> Paragraph:
    arrived = data.admission.get("arrived_at")
    when = chinese_date(arrived) if isinstance(arrived, dt.datetime) else ""
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
    if name:
        return name
    return f"{UNKNOWN}（自称“{alias}”）" if alias else UNKNOWN


def _age(data: CaseData) -> str:
    birth = data.child.get("birth_date")
    if not isinstance(birth, dt.date):
        return UNKNOWN
    age = age_on(birth, data.printed_on)
    if age is None:
        return UNKNOWN
    return f"约{age}岁" if data.child.get("birth_date_estimated") else f"{age}岁"


def _height(data: CaseData) -> str:
    height = data.child.get("height_cm")
    return f"约{height}" if isinstance(height, int) and height > 0 else UNKNOWN


def _found(data: CaseData) -> tuple[str, str]:
    arrived = data.admission.get("arrived_at")
    day = local_date(arrived) if isinstance(arrived, dt.datetime) else None
    unit = text(data.admission, "referring_unit")
    story = text(data.admission, "circumstances")
    place = "；".join(part for part in (f"由{unit}护送至我中心" if unit else "", story) if part)
    return chinese_date(day), place


def _child_rows(data: CaseData) -> list[kit.Row]:
    translate = translate_to()
    child = fields.CHILD

    def shown(name: str) -> kit.Pair:
        return kit.Pair(label(child[name], translate), _or_unknown(text(data.child, name)))

    found_on, found_at = _found(data)
    return [
        (kit.Pair(label(child["name"], translate), _name(data)),),
        (
            kit.Pair(
                label(child["sex"], translate),
                _or_unknown(choice(child["sex"], data.child.get("sex"), translate)),
            ),
        ),
        (kit.Pair("年龄", _age(data)),),
        (kit.Pair(label(child["height_cm"], translate), _height(data)),),
        (kit.Pair("发现日期", _or_unknown(found_on)),),
        (kit.Pair("发现地点及经过", _or_unknown(found_at)),),
        (shown("health"),),
        (shown("mental_state"),),
        (shown("appearance"),),
        (shown("clothing"),),
    ]


def _contact_rows(data: CaseData) -> list[kit.Row]:
    center = data.center
    return [
        (kit.Pair("救助单位", _or_unknown(center.name)),),
        (kit.Pair("联系地址", _or_unknown(center.address)),),
        (kit.Pair("联系电话", _or_unknown(center.phone)),),
    ]


def _signed(data: CaseData) -> KeepTogether:
    centred = kit.style(SIZE, align=TA_CENTER)
    block = [
        kit.para(data.center.name, centred),
        Spacer(1, 2 * mm),
        kit.para(chinese_date(data.printed_on), centred),
    ]
    width = 80 * mm
    return KeepTogether([kit.beside("", block, width)])
