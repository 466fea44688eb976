"""What the form builders share: the heading from a case and label/value pairs from fields."""

from __future__ import annotations

from collections.abc import Mapping

from desktop.core.fields import Field
from desktop.core.forms import kit
from desktop.core.forms.data import CaseData, Record
from desktop.core.forms.values import chinese_date, display, label, translate_to


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
        **extra,
    )


def pair(
    definitions: Mapping[str, Field], record: Record, name: str, *, lines: int = 1
) -> kit.Pair:
    """Return the label of field ``name`` and its value in ``record``, as printed."""
    field = definitions[name]
    translate = translate_to()
    return kit.Pair(label(field, translate), display(field, record.get(name), translate), lines)
