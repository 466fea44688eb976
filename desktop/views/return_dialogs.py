"""The dialogs of the return-home steps: each a form of the step's fields (one definition
per field, fields.RETURN_PLAN and the tracing and visit tables), saved in one write;
a refused step keeps the dialog open with what was typed."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import QDate, QDateTime
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDateTimeEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QTableWidget,
    QVBoxLayout,
    QWidget,
)

from desktop.core.fields import Field
from desktop.core.i18n import _, pgettext
from desktop.core.returns.common import today
from desktop.core.store.models import Belonging
from desktop.views.kit.belonging_ends import BelongingEnds
from desktop.views.kit.field_widgets import day_of, fill_choices, moment_of
from desktop.views.operations import Refused


def _editor(field: Field, value: Any) -> QWidget:
    """The widget that edits ``field``, showing ``value``."""
    if field.kind == "choice":
        combo = QComboBox()
        fill_choices(combo, field, pgettext("placeholder", "Choose…"))
        combo.setCurrentIndex(max(0, combo.findData(value)))
        return combo
    if field.kind == "date":
        day = value if isinstance(value, dt.date) else today()
        edit = QDateEdit(QDate(day.year, day.month, day.day))
        edit.setCalendarPopup(True)
        edit.setDisplayFormat("yyyy-MM-dd")
        return edit
    if field.kind == "datetime":
        moment = value if isinstance(value, dt.datetime) else dt.datetime.now().astimezone()
        timed = QDateTimeEdit(QDateTime(moment.astimezone().replace(tzinfo=None)))
        timed.setCalendarPopup(True)
        timed.setDisplayFormat("yyyy-MM-dd HH:mm")
        return timed
    if field.kind == "bool":
        box = QCheckBox()
        box.setChecked(bool(value))
        return box
    if field.kind == "multiline":
        text = QPlainTextEdit(str(value or ""))
        text.setTabChangesFocus(True)
        text.setMaximumHeight(80)
        return text
    line = QLineEdit(str(value or ""))
    if field.max_length:
        line.setMaxLength(field.max_length)
    return line


def _value(widget: QWidget) -> Any:
    """What ``widget`` holds, as the core takes it."""
    if isinstance(widget, QComboBox):
        return widget.currentData() or ""
    if isinstance(widget, QDateTimeEdit) and not isinstance(widget, QDateEdit):
        return moment_of(widget.dateTime())
    if isinstance(widget, QDateEdit):
        return day_of(widget.date())
    if isinstance(widget, QCheckBox):
        return widget.isChecked()
    if isinstance(widget, QPlainTextEdit):
        return widget.toPlainText()
    assert isinstance(widget, QLineEdit)
    return widget.text()


class StepDialog(QDialog):
    """A form of ``fields``; OK hands the values to ``save``, which writes through the runner
    (``Refused`` keeps the dialog open)."""

    def __init__(
        self,
        title: str,
        intro: str,
        step_fields: Sequence[Field],
        save: Callable[[dict[str, Any]], object],
        values: dict[str, Any] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self._save = save
        layout = QVBoxLayout(self)
        if intro:
            label = QLabel(intro)
            label.setWordWrap(True)
            label.setProperty("role", "hint")
            layout.addWidget(label)
        form = QFormLayout()
        self.editors: dict[str, QWidget] = {}
        for field in step_fields:
            editor = _editor(field, (values or {}).get(field.name))
            editor.setObjectName(field.name)
            self.editors[field.name] = editor
            form.addRow(_(field.label), editor)
        layout.addLayout(form)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.body = layout
        self.belongings: BelongingEnds | None = None
        self.resize(560, self.sizeHint().height())

    def add_belongings(self, held: Sequence[Belonging], given_to: str) -> BelongingEnds:
        """Below the form, a row for each belonging still held: given back (to
        ``given_to`` unless changed) or kept with the reason — as at a discharge."""
        title = QLabel(_("Belongings still held: give each back, or say why not"))
        title.setWordWrap(True)
        table = QTableWidget()
        table.setObjectName("belongings")
        table.setMaximumHeight(150)
        self.belongings = BelongingEnds(table, title)
        self.belongings.fill(held, given_to)
        for widget in (title, table):
            self.body.insertWidget(self.body.count() - 1, widget)
        self.resize(640, self.sizeHint().height())
        return self.belongings

    def values(self) -> dict[str, Any]:
        """What the form holds, by field name."""
        return {name: _value(widget) for name, widget in self.editors.items()}

    def set_value(self, name: str, value: Any) -> None:
        """Put ``value`` in the field ``name`` (tests and defaults)."""
        widget = self.editors[name]
        if isinstance(widget, QComboBox):
            widget.setCurrentIndex(max(0, widget.findData(value)))
        elif isinstance(widget, QDateTimeEdit) and not isinstance(widget, QDateEdit):
            widget.setDateTime(QDateTime(value.astimezone().replace(tzinfo=None)))
        elif isinstance(widget, QDateEdit):
            widget.setDate(QDate(value.year, value.month, value.day))
        elif isinstance(widget, QCheckBox):
            widget.setChecked(bool(value))
        elif isinstance(widget, QPlainTextEdit):
            widget.setPlainText(str(value))
        elif isinstance(widget, QLineEdit):
            widget.setText(str(value))

    def accept(self) -> None:
        """Save; close only when the step was taken."""
        try:
            self._save(self.values())
        except Refused:
            return
        super().accept()


class RiskOffer(QMessageBox):
    """What may follow a visit that found the child at risk: a new intake of the child
    (when the child is not in the center and the user registers children) or a referral;
    ``choice()`` says which was clicked ("intake", "referral", or "" for later)."""

    def __init__(self, may_admit: bool, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setIcon(QMessageBox.Icon.Warning)
        self.setWindowTitle(_("Child at risk"))
        self.setText(_("The visit found the child at risk."))
        self.setInformativeText(
            _(
                "Admit the child again through a new intake, or record a referral to the "
                "police, the civil-affairs office, the school, a hospital or another."
            )
        )
        self.intake_button = self.addButton(_("New &intake…"), QMessageBox.ButtonRole.AcceptRole)
        self.intake_button.setEnabled(may_admit)
        if not may_admit:
            self.intake_button.setToolTip(
                _("The child is in the center, or your role does not register children.")
            )
        self.referral_button = self.addButton(_("&Referral…"), QMessageBox.ButtonRole.ActionRole)
        self.later_button = self.addButton(_("Later"), QMessageBox.ButtonRole.RejectRole)
        self.setDefaultButton(self.referral_button)

    def choice(self) -> str:
        """The follow-up chosen: "intake", "referral", or "" (later, or closed)."""
        clicked = self.clickedButton()
        if clicked is self.intake_button:
            return "intake"
        if clicked is self.referral_button:
            return "referral"
        return ""
