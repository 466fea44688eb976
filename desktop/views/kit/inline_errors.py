"""Showing a core ``ValidationError`` next to the field it belongs to."""

from __future__ import annotations

from typing import Protocol

from PySide6.QtWidgets import QLabel, QWidget

from desktop.core.errors import HomewardError
from desktop.views.kit.style import restyle


class InlineErrors:
    """Maps core field names to a form's widgets and their ``<name>Error`` labels."""

    def __init__(self, form: QWidget, fields: dict[str, str]) -> None:
        self.form = form
        self.fields = fields

    def _pair(self, field: str) -> tuple[QWidget, QLabel] | None:
        name = self.fields.get(field)
        if name is None:
            return None
        return getattr(self.form, name), getattr(self.form, f"{name}Error")

    def clear(self) -> None:
        """Hide every error and the red frames."""
        for field in self.fields:
            self.clear_field(field)

    def clear_field(self, field: str) -> None:
        """Hide the error of one field."""
        pair = self._pair(field)
        if pair is not None:
            widget, label = pair
            label.clear()
            label.setVisible(False)
            widget.setProperty("invalid", False)
            restyle(widget)

    def show(self, field: str, message: str, focus: bool = True) -> bool:
        """Show ``message`` under ``field`` (and focus it); False if the form has no such field."""
        pair = self._pair(field)
        if pair is None:
            return False
        widget, label = pair
        label.setText(message)
        label.setVisible(True)
        widget.setProperty("invalid", True)
        restyle(widget)
        if focus:
            widget.setFocus()
        return True

    def mark(self, field: str) -> None:
        """Frame ``field`` in red without a message (another field's message says why)."""
        pair = self._pair(field)
        if pair is not None:
            pair[0].setProperty("invalid", True)
            restyle(pair[0])

    def show_error(self, error: HomewardError) -> bool:
        """Show a domain error inline when it names a field of this form."""
        return error.field is not None and self.show(error.field, error.message)


class LabelErrors:
    """Shows every domain error of a form in one label (a table of rows has no field labels)."""

    def __init__(self, label: QLabel) -> None:
        self.label = label

    def clear(self) -> None:
        """Hide the error."""
        self.label.clear()

    def show_error(self, error: HomewardError) -> bool:
        """Show ``error`` in the label."""
        self.label.setText(error.message)
        return True


class ShowsErrors(Protocol):
    """Where a form shows a domain error; False when it has no place for it."""

    def show_error(self, error: HomewardError) -> bool: ...


def report(parent: QWidget, error: HomewardError) -> None:
    """Show a domain error that belongs to no single field, in a message box."""
    from PySide6.QtWidgets import QMessageBox

    from desktop.core.i18n import _

    QMessageBox.warning(parent, _("Homeward"), error.message)
