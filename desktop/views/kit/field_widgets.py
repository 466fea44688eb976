"""Reading and filling form widgets by the core's field definitions.

Parsing problems become ``ValidationError`` with the field's name, so the form
shows them next to the field like the core's own errors.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation

from PySide6.QtCore import QDate, QDateTime
from PySide6.QtWidgets import QCheckBox, QComboBox, QLineEdit, QPlainTextEdit, QWidget

from desktop.core.errors import ValidationError
from desktop.core.fields import Field
from desktop.core.i18n import _


def fill_choices(combo: QComboBox, field: Field, placeholder: str | None = None) -> None:
    """Offer ``field``'s choices, translated; an empty first item when ``placeholder``."""
    current = combo.currentData()
    combo.clear()
    if placeholder is not None:
        combo.addItem(placeholder, None)
    for choice in field.choices:
        combo.addItem(_(choice.label), choice.value)
    if current is not None:
        combo.setCurrentIndex(max(0, combo.findData(current)))


def text_of(widget: QWidget) -> str:
    """Return the text a line or text edit holds."""
    if isinstance(widget, QPlainTextEdit):
        return widget.toPlainText()
    assert isinstance(widget, QLineEdit)
    return widget.text()


def set_text(widget: QWidget, value: str) -> None:
    """Put ``value`` into a line or text edit."""
    if isinstance(widget, QPlainTextEdit):
        widget.setPlainText(value)
    else:
        assert isinstance(widget, QLineEdit)
        widget.setText(value)


def choice_of(combo: QComboBox, field: str, required: bool = False) -> str:
    """Return the chosen value ('' for none); a required choice left empty is an error."""
    value = combo.currentData()
    if value is None:
        if required:
            raise ValidationError(_("Choose one."), field=field)
        return ""
    return str(value)


def set_choice(combo: QComboBox, value: str | None) -> None:
    """Select the item whose stored value is ``value`` (the first item if none is)."""
    combo.setCurrentIndex(max(0, combo.findData(value)))


def date_of(edit: QLineEdit, field: str) -> dt.date | None:
    """Parse ``yyyy-mm-dd`` (or ``yyyy/mm/dd``, ``yyyymmdd``); empty gives None."""
    text = edit.text().strip().replace("/", "-").replace(".", "-")
    if not text:
        return None
    if len(text) == 8 and text.isdigit():
        text = f"{text[:4]}-{text[4:6]}-{text[6:]}"
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise ValidationError(
            _("Write the date as year-month-day, e.g. 2014-05-03."), field=field
        ) from None


def int_of(edit: QLineEdit, field: str) -> int | None:
    """Parse a whole number; empty gives None."""
    text = edit.text().strip()
    if not text:
        return None
    try:
        return int(text)
    except ValueError:
        raise ValidationError(_("Write a whole number."), field=field) from None


def fen_of(text: str, field: str) -> int:
    """Parse an amount of yuan ("12.50") into fen; empty gives 0."""
    cleaned = text.strip().replace("¥", "").replace(",", "")
    if not cleaned:
        return 0
    try:
        amount = Decimal(cleaned)
    except InvalidOperation:
        raise ValidationError(_("Write the amount in yuan, e.g. 12.50."), field=field) from None
    if amount != amount.quantize(Decimal("0.01")):
        raise ValidationError(_("Write the amount in yuan, e.g. 12.50."), field=field)
    return int(amount * 100)


def yuan(fen: int) -> str:
    """Return fen as a yuan amount with two decimals."""
    return f"{fen / 100:.2f}"


def checked(box: QCheckBox) -> bool:
    """Return whether the box is ticked."""
    return box.isChecked()


def day_of(date: QDate) -> dt.date:
    """A Qt date as a Python date."""
    return dt.date(date.year(), date.month(), date.day())


def moment_of(moment: QDateTime) -> dt.datetime:
    """A Qt local date and time as an aware Python datetime in the local time zone."""
    value = moment.toPython()
    assert isinstance(value, dt.datetime)
    return value.astimezone()
