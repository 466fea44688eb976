"""The small dialogs of a child's record: contact, discharge, return of a belonging, its
handover to the police or destruction, task done."""

from __future__ import annotations

from typing import ClassVar, ParamSpec, TypeVar

from PySide6.QtCore import QDateTime
from PySide6.QtWidgets import QDialogButtonBox, QWidget

from desktop.core import fields, tasks
from desktop.core.children import intake
from desktop.core.errors import ValidationError
from desktop.core.i18n import _, pgettext
from desktop.core.residence import discharge as leaving
from desktop.core.store.models import Contact
from desktop.views.context import SessionContext
from desktop.views.kit.belonging_ends import BelongingEnds
from desktop.views.kit.discard import AsksBeforeDiscard
from desktop.views.kit.field_widgets import (
    choice_of,
    fill_choices,
    moment_of,
    set_choice,
    set_text,
    text_of,
)
from desktop.views.kit.inline_errors import InlineErrors, report
from desktop.views.kit.ui_types import (
    CompleteTaskDialogWidgets,
    ContactDialogWidgets,
    DischargeDialogWidgets,
    DisposeDialogWidgets,
    ReturnDialogWidgets,
)
from desktop.views.kit.uiloader import load_ui
from desktop.views.operations import Refused, Service

P = ParamSpec("P")
T = TypeVar("T")

#: The adult a child leaves with, as the discharge dialog asks.
COLLECTOR = (
    "collector_name",
    "collector_id_number",
    "collector_relationship",
    "collector_phone",
    "collector_checked_by",
)
CONTACT_TEXT = ("name", "relationship", "phone", "address", "id_number", "note")


class FormDialog(AsksBeforeDiscard):
    """A dialog built from a generated form, saving through ``store``."""

    buttons: QDialogButtonBox  # every such form has its Save and Cancel here

    def __init__(self, form: str, names: tuple[str, ...], context: SessionContext,
                 parent: QWidget | None = None) -> None:  # fmt: skip
        super().__init__(parent)
        load_ui(form, self)
        self.context = context
        self.errors = InlineErrors(self, {name: name for name in names})
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)

    def store(self) -> None:
        """Save through ``write``; raise ``ValidationError`` for a value the form cannot read."""
        raise NotImplementedError

    def write(self, service: Service[P, T], *args: P.args, **kwargs: P.kwargs) -> T:
        """Run the dialog's one action through the runner, errors beside their fields."""
        return self.context.ops.attempt(self, self.errors, service, *args, **kwargs)

    def save(self) -> None:
        """Save; problems appear next to their fields."""
        self.errors.clear()
        try:
            self.store()
        except ValidationError as error:
            if not self.errors.show_error(error):
                report(self, error)
            return
        except Refused:
            return
        self.accept()


class ContactDialog(FormDialog, ContactDialogWidgets):
    """Adds a contact or guardian to a child, or edits one."""

    def __init__(self, context: SessionContext, child_id: int, contact: Contact | None = None,
                 parent: QWidget | None = None) -> None:  # fmt: skip
        super().__init__(
            "contact_dialog", (*CONTACT_TEXT, "situation", "legal_guardian"), context, parent
        )
        self.child_id = child_id
        self.contact = contact
        fill_choices(self.situation, fields.CONTACT["situation"])
        set_choice(self.situation, "unknown")
        if contact is not None:
            for name in CONTACT_TEXT:
                set_text(getattr(self, name), getattr(contact, name))
            set_choice(self.situation, contact.situation)
            self.legal_guardian.setChecked(contact.legal_guardian)

    def store(self) -> None:
        data = intake.ContactInput(
            **{name: text_of(getattr(self, name)) for name in CONTACT_TEXT},
            situation=choice_of(self.situation, "situation"),
            legal_guardian=self.legal_guardian.isChecked(),
        )
        if self.contact is None:
            self.write(intake.add_contact, self.child_id, data)
        else:
            self.write(intake.update_contact, self.contact.id, data)


class DischargeDialog(FormDialog, DischargeDialogWidgets):
    """Records when and how a child left, who took the child (checked), the signed
    statement of a child leaving alone, the police report of one who walked out, and
    what becomes of every belonging still held; only the rows the way of leaving asks
    for are shown (the core checks the rules either way)."""

    NAMES = (
        "discharged_at",
        "discharge_mode",
        "discharge_destination",
        "discharge_note",
        "police_report",
        *COLLECTOR,
        "statement_signed",
        "cross_province",
        "belongings",
    )

    def __init__(self, context: SessionContext, admission_id: int,
                 parent: QWidget | None = None) -> None:  # fmt: skip
        super().__init__("discharge_dialog", self.NAMES, context, parent)
        self.admission_id = admission_id
        self.intro.setText(
            _(
                "Record how and when the child left. A child under 16 leaves only with a "
                "verified adult; a child of 16 or over may leave alone with the signed "
                "statement; a child who walked out is reported to the police."
            )
        )
        fill_choices(
            self.discharge_mode,
            fields.ADMISSION["discharge_mode"],
            pgettext("placeholder", "Choose…"),
        )
        self.discharged_at.setDateTime(QDateTime.currentDateTime())
        self.ends = BelongingEnds(self.belongings, self.belongingsTitle)
        self.ends.fill(context.ops.read(leaving.held_belongings, admission_id))
        self.discharge_mode.currentIndexChanged.connect(self._show_rows)
        self._show_rows()

    def _show_rows(self) -> None:
        mode = self.discharge_mode.currentData() or ""
        taken = mode in leaving.TAKEN_BY_SOMEONE or not mode
        for name in COLLECTOR:
            for widget in (getattr(self, name), getattr(self, f"{name}Label")):
                widget.setVisible(taken)
        self.statement_signed.setVisible(mode == "self_return")
        for widget in (self.police_report, self.police_reportLabel):
            widget.setVisible(mode == "left")
        for widget in (self.cross_province,):
            widget.setVisible(mode in ("escorted_home", "collected"))

    def _adult(self) -> leaving.CollectingAdult | None:
        values = {name: text_of(getattr(self, name)) for name in COLLECTOR}
        if not self.collector_name.isVisible() or not any(
            value.strip() for value in values.values()
        ):
            return None
        return leaving.CollectingAdult(
            name=values["collector_name"],
            id_number=values["collector_id_number"],
            relationship=values["collector_relationship"],
            checked_by=values["collector_checked_by"],
            phone=values["collector_phone"],
        )

    def store(self) -> None:
        mode = choice_of(self.discharge_mode, "discharge_mode", required=True)
        data = leaving.DischargeInput(
            moment_of(self.discharged_at.dateTime()),
            mode,
            destination=self.discharge_destination.text(),
            cross_province=self.cross_province.isVisible() and self.cross_province.isChecked(),
            note=self.discharge_note.toPlainText(),
            adult=self._adult(),
            statement_signed=mode == "self_return" and self.statement_signed.isChecked(),
            police_report=self.police_report.toPlainText() if mode == "left" else "",
            belongings=self.ends.ends(),
        )
        self.write(leaving.discharge, self.admission_id, data)


class ReturnDialog(FormDialog, ReturnDialogWidgets):
    """Records that a deposited belonging went back, when and to whom."""

    def __init__(self, context: SessionContext, belonging_id: int, item: str,
                 parent: QWidget | None = None) -> None:  # fmt: skip
        super().__init__("return_dialog", ("returned_at", "returned_to"), context, parent)
        self.belonging_id = belonging_id
        self.intro.setText(_("Return “{item}”.").format(item=item))
        self.returned_at.setDateTime(QDateTime.currentDateTime())

    def store(self) -> None:
        self.write(
            intake.return_belonging, self.belonging_id,
            moment_of(self.returned_at.dateTime()), self.returned_to.text(),
        )  # fmt: skip


class DisposeDialog(FormDialog, DisposeDialogWidgets):
    """Records that a deposited belonging was handed to the police (移交公安: when, the
    receiving officer and unit, the receipt) or destroyed (销毁: when, why, by whom and
    witnessed by whom); only the details of the chosen kind are shown and sent."""

    NAMES = ("disposition", "disposed_at", "disposed_to", "disposal_ref",
             "disposal_witness", "disposal_reason")  # fmt: skip
    #: The details each kind of end asks for; the reason is asked for both.
    ONLY: ClassVar[dict[str, tuple[str, ...]]] = {
        "police": ("disposed_to", "disposal_ref"),
        "destroyed": ("disposal_witness",),
    }

    def __init__(self, context: SessionContext, belonging_id: int, item: str,
                 parent: QWidget | None = None) -> None:  # fmt: skip
        super().__init__("dispose_dialog", self.NAMES, context, parent)
        self.belonging_id = belonging_id
        self.intro.setText(_("Hand over or destroy “{item}”.").format(item=item))
        field = fields.BELONGING["disposition"]
        self.disposition.addItem(pgettext("placeholder", "Choose…"), None)
        for value in fields.DISPOSALS:
            self.disposition.addItem(field.choice_label(value), value)
        self.disposition.currentIndexChanged.connect(self._show_details)
        self.disposed_at.setDateTime(QDateTime.currentDateTime())
        self._show_details()

    def _show_details(self) -> None:
        """Show the rows of the chosen kind only (none before a kind is chosen)."""
        chosen = self.disposition.currentData()
        for kind, names in self.ONLY.items():
            for name in names:
                for widget in (getattr(self, name), getattr(self, f"{name}Label")):
                    widget.setVisible(chosen == kind)

    def store(self) -> None:
        chosen = choice_of(self.disposition, "disposition", required=True)
        shown = self.ONLY.get(chosen, ())
        details = {
            name: text_of(getattr(self, name)) if name in shown else ""
            for names in self.ONLY.values()
            for name in names
        }
        disposal = intake.DisposalInput(
            disposition=chosen,
            disposed_at=moment_of(self.disposed_at.dateTime()),
            disposal_reason=self.disposal_reason.toPlainText(),
            **details,
        )
        self.write(intake.dispose_belonging, self.belonging_id, disposal)


class CompleteTaskDialog(FormDialog, CompleteTaskDialogWidgets):
    """Marks a task done, with when and the reference (for instance the police receipt)."""

    def __init__(self, context: SessionContext, task: tasks.TaskView,
                 parent: QWidget | None = None) -> None:  # fmt: skip
        super().__init__("complete_task_dialog", ("done_at", "reference", "note"), context, parent)
        self.task = task
        self.intro.setText(task.kind_label)
        self.done_at.setDateTime(QDateTime.currentDateTime())

    def store(self) -> None:
        self.write(
            tasks.complete_task, self.task.id, self.reference.text(),
            note=self.note.toPlainText(),
            done_at=moment_of(self.done_at.dateTime()),
        )  # fmt: skip
