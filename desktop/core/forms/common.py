"""What the form builders share: the heading from a case and label/value pairs from fields."""

from __future__ import annotations

from collections.abc import Iterator, Mapping

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Spacer

from desktop.core import fields
from desktop.core.fields import Field
from desktop.core.forms import fonts, kit
from desktop.core.forms.data import CaseData, Record
from desktop.core.forms.values import chinese_date, display, label, to_write, translate_to


def heading(data: CaseData, title: str, form_no: str = "", **extra: float) -> kit.Heading:
    """Return the page heading of ``data``'s form: the form header (or the center's name)."""
    center = data.center
    return kit.Heading(
        center=center.form_header.strip() or center.name.strip(),
        title=title,
        form_no=form_no,
        case_no=data.case_no,
        logo=center.logo,
        printed_on=chinese_date(data.printed_on),
        blank=data.blank,
        **extra,
    )


def pair(
    definitions: Mapping[str, Field], record: Record, name: str, *, lines: int = 1
) -> kit.Pair:
    """Return the label of field ``name`` and its value in ``record``, as printed.

    An empty value prints what is filled in by hand: every choice with a box,
    ☐是 ☐否, a date's 年 月 日, or lines to write on.
    """
    field = definitions[name]
    translate = translate_to()
    shown = display(field, record.get(name), translate) or to_write(field, translate)
    return kit.Pair(label(field, translate), shown, lines)


def _texts(data: CaseData) -> Iterator[tuple[str, str]]:
    """Yield (label, text) of every stored text the forms print."""
    translate = translate_to()
    groups: list[tuple[Mapping[str, Field], Record]] = [
        (fields.CHILD, data.child),
        (fields.ADMISSION, data.admission),
        *((fields.CONTACT, contact) for contact in data.contacts),
        *((fields.BELONGING, item.values) for item in data.belongings),
        (fields.RETURN_PLAN, data.plan),
        (fields.FOLLOW_UP_VISIT, data.visit),
    ]
    for definitions, record in groups:
        for name, value in record.items():
            if isinstance(value, str) and name in definitions:
                yield label(definitions[name], translate), value
    yield "中心名称", data.center.name


def unprintable(data: CaseData) -> dict[str, str]:
    """Return, by field label, the characters of ``data`` that no bundled font can print."""
    found: dict[str, str] = {}
    for field_label, value in _texts(data):
        missing = fonts.unprintable(value)
        if missing:
            found[field_label] = "".join(dict.fromkeys(found.get(field_label, "") + missing))
    return found


def unprintable_note(data: CaseData) -> list[Flowable]:
    """A note above the form naming each field whose characters could not be printed."""
    found = unprintable(data)
    if not found:
        return []
    listed = "；".join(
        f"{name}中的{'、'.join(f'U+{ord(char):04X}' for char in chars)}"
        for name, chars in found.items()
    )
    note = f"注意：{listed}无法打印（字库中没有这些字），请在表上手工补写。"
    return [kit.para(note, kit.style(kit.BODY_SIZE, color=kit.ALERT)), Spacer(1, 2 * mm)]


def named(name: str, alias: str, unknown: str = "不详") -> str:
    """How a form names a child in a sentence or a list: the name, else "不详（自称“小黑”）",
    else ``unknown``."""
    if name:
        return name
    return f"{unknown}（自称“{alias}”）" if alias else unknown
