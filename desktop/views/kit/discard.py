"""Nothing typed is lost by a slip: a dialog with typed data asks once before throwing it away.

``AsksBeforeDiscard`` is the base of every dialog that takes typed data. It
notes the value of each of its fields when it first shows and, when the dialog
is rejected (Esc, Cancel, the window's close button), asks "Discard what you
typed?" if any value differs; it does not ask when nothing changed. While
``discarding_all()`` is in force (signing out after the user agreed to lose
what is open) it never asks.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractSpinBox,
    QComboBox,
    QDateTimeEdit,
    QDialog,
    QGroupBox,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QTableWidget,
    QTextEdit,
    QWidget,
)

from desktop.core.i18n import _

_forced = False


@contextlib.contextmanager
def discarding_all() -> Iterator[None]:
    """Close dialogs without asking while inside (the user already agreed to lose them)."""
    global _forced
    before, _forced = _forced, True
    try:
        yield
    finally:
        _forced = before


def field_value(widget: QWidget) -> object:
    """Return what a field holds, comparable between two moments (None: not a field)."""
    if isinstance(widget, QLineEdit):
        return widget.text()
    if isinstance(widget, QPlainTextEdit | QTextEdit):
        return widget.toPlainText()
    if isinstance(widget, QComboBox):
        return widget.currentIndex(), widget.currentText() if widget.isEditable() else ""
    if isinstance(widget, QDateTimeEdit):
        return widget.dateTime()
    if isinstance(widget, QAbstractSpinBox):
        return widget.text()
    if isinstance(widget, QAbstractButton | QGroupBox):
        return widget.isChecked() if widget.isCheckable() else None
    if isinstance(widget, QTableWidget):
        cells = []
        for row in range(widget.rowCount()):
            for column in range(widget.columnCount()):
                item = widget.item(row, column)
                if item is not None:
                    cells.append((row, column, item.text(), item.checkState().value))
        return widget.rowCount(), tuple(cells)
    return None


def form_values(dialog: QWidget) -> dict[str, object]:
    """Return the values of a dialog's named fields (Qt's own inner widgets left out)."""
    values: dict[str, object] = {}
    for widget in dialog.findChildren(QWidget):
        name = widget.objectName()
        if not name or name.startswith("qt_") or isinstance(widget, QMessageBox):
            continue
        value = field_value(widget)
        if value is not None:
            values[name] = value
    return values


def ask_to_discard(parent: QWidget) -> bool:
    """Ask whether to throw away what was typed; True to discard, False to keep editing."""
    box = QMessageBox(QMessageBox.Icon.Question, _("Homeward"), _("Discard what you typed?"),
                      QMessageBox.StandardButton.NoButton, parent)  # fmt: skip
    box.setInformativeText(_("What you typed in this window has not been saved."))
    discard = box.addButton(_("Discard"), QMessageBox.ButtonRole.DestructiveRole)
    keep = box.addButton(_("Keep editing"), QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(keep)
    box.setEscapeButton(keep)
    box.exec()
    return box.clickedButton() is discard


def may_close(dialog: QWidget, changed: bool) -> bool:
    """True when ``dialog`` may close: nothing ``changed``, signing out, or the user agreed."""
    return _forced or not changed or not dialog.isVisible() or ask_to_discard(dialog)


class AsksBeforeDiscard(QDialog):
    """A dialog that asks once before Esc, Cancel or closing throws away typed data."""

    _opened_with: dict[str, object] | None = None

    def showEvent(self, event: QShowEvent) -> None:
        if self._opened_with is None:
            self.mark_unchanged()
        super().showEvent(event)

    def mark_unchanged(self) -> None:
        """Take the fields' present values as the ones the dialog opened with."""
        self._opened_with = form_values(self)

    def has_changes(self) -> bool:
        """True when a field differs from when the dialog opened."""
        return self._opened_with is not None and form_values(self) != self._opened_with

    def reject(self) -> None:
        """Close without saving, after asking when something was typed."""
        if may_close(self, self.has_changes()):
            super().reject()
