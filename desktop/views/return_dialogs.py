"""The dialogs of the return-home steps: each its own .ui file of the step's fields (one
definition per field: fields.RETURN_PLAN, the tracing, visit and referral tables), saved
in one write, a problem shown beside its field; a refused step keeps the dialog open with
what was typed. After a visit that found the child at risk, what may follow."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from typing import Any, ClassVar

from PySide6.QtCore import QDate, QDateTime
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDateTimeEdit,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QWidget,
)

from desktop.core import fields
from desktop.core.fields import Field
from desktop.core.i18n import _, pgettext
from desktop.core.returns.common import today
from desktop.core.store.models import Belonging
from desktop.views.kit.belonging_ends import BelongingEnds
from desktop.views.kit.field_widgets import day_of, fill_choices, moment_of
from desktop.views.kit.inline_errors import InlineErrors
from desktop.views.kit.ui_types import (
    AssessmentDialogWidgets,
    CancelPlanDialogWidgets,
    EscortDialogWidgets,
    HandoverDialogWidgets,
    ReceiverDialogWidgets,
    ReferralDialogWidgets,
    TracingDialogWidgets,
    VisitDialogWidgets,
)
from desktop.views.kit.uiloader import load_ui
from desktop.views.operations import Refused


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


def _default(field: Field) -> Any:
    """What a field shows before anything is typed: today, now, or nothing."""
    if field.kind == "date":
        return today()
    if field.kind == "datetime":
        return dt.datetime.now().astimezone()
    return None


class StepDialog(QDialog):
    """One step's form (its .ui file, ``FORM``, showing the fields ``NAMES`` of ``TABLE``);
    OK hands the values to ``save``, which writes through the runner (``Refused`` keeps
    the dialog open with what was typed)."""

    FORM: ClassVar[str]
    #: Widgets named otherwise than their field (a QDialog has a ``result()`` of its own).
    RENAMED: ClassVar[dict[str, str]] = {"result": "tracing_result"}
    TABLE: ClassVar[dict[str, Field]]
    NAMES: ClassVar[tuple[str, ...]]
    intro: QLabel
    buttons: QDialogButtonBox

    def __init__(self, intro: str, save: Callable[[dict[str, Any]], object],
                 values: dict[str, Any] | None = None,
                 parent: QWidget | None = None) -> None:  # fmt: skip
        super().__init__(parent)
        load_ui(self.FORM, self)
        self._save = save
        self.intro.setText(intro)
        self.intro.setVisible(bool(intro))
        widgets = {name: self.RENAMED.get(name, name) for name in self.NAMES}
        self.editors: dict[str, QWidget] = {name: getattr(self, w) for name, w in widgets.items()}
        self.errors = InlineErrors(self, widgets)
        self.ends: BelongingEnds | None = None
        for name, widget in self.editors.items():
            field = self.TABLE[name]
            if isinstance(widget, QComboBox):
                fill_choices(widget, field, pgettext("placeholder", "Choose…"))
            given = (values or {}).get(name)
            self.set_value(name, given if given is not None else _default(field))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)

    def values(self) -> dict[str, Any]:
        """What the form holds, by field name."""
        return {name: _value(widget) for name, widget in self.editors.items()}

    def set_value(self, name: str, value: Any) -> None:
        """Put ``value`` in the field ``name`` (defaults, and tests)."""
        widget = self.editors[name]
        if isinstance(widget, QComboBox):
            widget.setCurrentIndex(max(0, widget.findData(value)))
        elif value is None:
            return
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
        self.errors.clear()
        try:
            self._save(self.values())
        except Refused:
            return
        super().accept()


class TracingDialog(StepDialog, TracingDialogWidgets):
    """A step of tracing the family."""

    FORM, TABLE, NAMES = "tracing_dialog", fields.TRACING_ENTRY, tuple(fields.TRACING_ENTRY)


class ReceiverDialog(StepDialog, ReceiverDialogWidgets):
    """The receiver, verified."""

    FORM, TABLE = "receiver_dialog", fields.RETURN_PLAN
    NAMES = ("receiver_name", "receiver_id_number", "receiver_relationship", "receiver_phone",
             "receiver_address", "verified_by", "verified_how",
             "receiver_id_copy_kept")  # fmt: skip


class AssessmentDialog(StepDialog, AssessmentDialogWidgets):
    """The home assessment."""

    FORM, TABLE, NAMES = "assessment_dialog", fields.RETURN_PLAN, ("assessment", "findings")


class EscortDialog(StepDialog, EscortDialogWidgets):
    """The escort plan; saving sets off."""

    FORM, TABLE = "escort_dialog", fields.RETURN_PLAN
    NAMES = ("return_mode", "escort_first", "escort_second", "transport", "departure_at",
             "arrival_at", "destination", "receiving_unit_kind", "receiving_unit",
             "receiving_contact")  # fmt: skip


class HandoverDialog(StepDialog, HandoverDialogWidgets):
    """The handover, and what becomes of each belonging still held (the table shows only
    when something is held)."""

    FORM = "handover_dialog"
    #: Whether the child goes to another province is the stay's, recorded at its discharge.
    TABLE: ClassVar[dict[str, Field]] = {
        **fields.RETURN_PLAN,
        "cross_province": fields.ADMISSION["cross_province"],
    }
    NAMES = ("handed_over_at", "handover_place", "received_by", "receipt_signed",
             "cross_province")  # fmt: skip

    def __init__(self, intro: str, save: Callable[[dict[str, Any]], object],
                 values: dict[str, Any] | None = None,
                 parent: QWidget | None = None) -> None:  # fmt: skip
        super().__init__(intro, save, values, parent)
        self.errors = InlineErrors(self, {name: name for name in (*self.NAMES, "belongings")})
        for widget in (self.belongingsTitle, self.belongings):
            widget.setVisible(False)

    def add_belongings(self, held: Sequence[Belonging], given_to: str) -> BelongingEnds:
        """A row for each belonging still held: given back (to ``given_to`` unless
        changed) or kept with the reason — as at a discharge."""
        self.ends = BelongingEnds(self.belongings, self.belongingsTitle)
        self.ends.fill(held, given_to)
        return self.ends


class VisitDialog(StepDialog, VisitDialogWidgets):
    """A follow-up visit, once made."""

    FORM, TABLE, NAMES = "visit_dialog", fields.FOLLOW_UP_VISIT, tuple(fields.FOLLOW_UP_VISIT)


class ReferralDialog(StepDialog, ReferralDialogWidgets):
    """A referral after a visit that found the child at risk."""

    FORM, TABLE, NAMES = "referral_dialog", fields.REFERRAL, tuple(fields.REFERRAL)


class CancelPlanDialog(StepDialog, CancelPlanDialogWidgets):
    """Cancelling a plan, with the reason."""

    FORM, TABLE, NAMES = "cancel_plan_dialog", fields.RETURN_PLAN, ("cancel_reason",)


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
