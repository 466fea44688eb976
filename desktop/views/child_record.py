"""A child's record: profile, admissions, contacts, belongings, services and notes,
photos, tasks and the history from the audit trail, each on its own tab."""

from __future__ import annotations

import contextlib
import datetime as dt
from typing import Any

from PySide6.QtCore import QEvent, QModelIndex, Qt
from PySide6.QtGui import QIcon, QKeySequence, QPixmap, QShortcut
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QInputDialog,
    QLabel,
    QListWidgetItem,
    QMenu,
    QWidget,
)

from desktop.core import fields, tasks
from desktop.core.audit import trail as audit
from desktop.core.audit.labels import action_label, actor_label, describe_change, entity_label
from desktop.core.changes import Changes
from desktop.core.children import intake, search
from desktop.core.clock import format_date, format_time
from desktop.core.errors import HomewardError, NotFound, ValidationError
from desktop.core.i18n import N_, NC_, _
from desktop.core.residence import discharge as leaving
from desktop.core.residence import placements
from desktop.core.returns import queries as return_queries
from desktop.core.staff.permissions import Permission
from desktop.core.store.models import Admission, AuditEntry, Belonging, Contact, Note, utcnow
from desktop.views.context import SessionContext
from desktop.views.intake_dialog import ADMIT, EDIT, IntakeDialog
from desktop.views.kit.discard import may_close
from desktop.views.kit.field_widgets import choice_of, fill_choices, moment_of, yuan
from desktop.views.kit.inline_errors import InlineErrors, report
from desktop.views.kit.tables import CellsModel
from desktop.views.kit.ui_types import ChildRecordWidgets
from desktop.views.kit.uiloader import icon, load_ui
from desktop.views.operations import Refused
from desktop.views.record_dialogs import (
    CompleteTaskDialog,
    ContactDialog,
    DischargeDialog,
    DisposeDialog,
    ReturnDialog,
)
from desktop.views.return_plan_tab import SHOWN_KINDS as RETURN_KINDS
from desktop.views.return_plan_tab import ReturnPlanTab

#: Kinds of record that belong to a child: a change to one may be this child's.
CHILD_PARTS = ("admission", "belonging", "contact", "note", "photo", "task", "placement",
               *RETURN_KINDS)  # fmt: skip
PROFILE_FIELDS = tuple(name for name in fields.CHILD if name != "birth_date_estimated")


def field_text(field: fields.Field, value: Any) -> str:
    """Return a stored value as the profile shows it."""
    if value is None or value == "":
        return "—"
    if field.kind == "choice":
        return field.choice_label(value) or str(value)
    if field.kind == "bool":
        return _("yes") if value else _("no")
    return str(value)


def _yes(value: bool) -> str:
    return _("yes") if value else ""


def _admission_cells(admission: Admission) -> tuple[Any, ...]:
    return (
        format_time(admission.arrived_at),
        fields.ADMISSION["arrival_mode"].choice_label(admission.arrival_mode),
        admission.referring_unit,
        format_time(admission.discharged_at) if admission.discharged_at else _("in the center"),
        fields.ADMISSION["discharge_mode"].choice_label(admission.discharge_mode),
    )


def _placement_cells(placement: placements.PlacementView) -> tuple[Any, ...]:
    return (
        format_time(placement.started_at),
        format_time(placement.ended_at) if placement.ended_at else _("current"),
        fields.PLACEMENT["kind"].choice_label(placement.kind),
        placement.where,
        placement.contact,
        " ".join(part for part in (placement.notes, placement.sex_override_reason) if part),
    )


def _contact_cells(contact: Contact) -> tuple[Any, ...]:
    return (
        contact.name,
        contact.relationship,
        contact.phone,
        fields.CONTACT["situation"].choice_label(contact.situation),
        _yes(contact.legal_guardian),
        contact.address,
    )


def is_held(belonging: Belonging) -> bool:
    """Whether the center still keeps the item (not returned, handed over or destroyed)."""
    return belonging.disposition == "held" and belonging.returned_at is None


def disposition_text(belonging: Belonging) -> str:
    """What became of an item, with when and to or by whom: "Returned 2026-… 张大山"."""
    label = fields.BELONGING["disposition"].choice_label(belonging.disposition)
    when: dt.datetime | None
    if belonging.returned_at is not None:
        when, who = belonging.returned_at, belonging.returned_to
    elif belonging.disposition == "police":
        ref = belonging.disposal_ref
        when = belonging.disposed_at
        who = (
            _("{text} ({detail})").format(text=belonging.disposed_to, detail=ref)
            if ref
            else belonging.disposed_to
        )
    elif belonging.disposition == "destroyed":
        when, who = belonging.disposed_at, belonging.disposal_witness
    else:
        return label
    return " ".join(part for part in (label, format_time(when) if when else "", who) if part)


def _belonging_cells(belonging: Belonging) -> tuple[Any, ...]:
    return (
        belonging.item,
        belonging.quantity,
        yuan(belonging.cash_fen) if belonging.cash_fen else "",
        _yes(belonging.valuable),
        belonging.description,
        disposition_text(belonging),
    )


def _note_cells(note: Note) -> tuple[Any, ...]:
    return (format_time(note.at), fields.NOTE["kind"].choice_label(note.kind), note.text)


def _task_cells(task: tasks.TaskView) -> tuple[Any, ...]:
    done = format_time(task.done_at) if task.done_at else (_("overdue") if task.overdue else "")
    return (task.kind_label, format_time(task.due_at), done, task.reference)


def _history_cells(entry: AuditEntry) -> tuple[Any, ...]:
    return (format_time(entry.at), actor_label(entry.actor), action_label(entry.action),
            entity_label(entry.entity), entry.record_id)  # fmt: skip


class ChildRecord(QDialog, ChildRecordWidgets):
    """Everything about one child, shown again whenever any screen changes it."""

    def __init__(self, context: SessionContext, child_id: int,
                 parent: QWidget | None = None) -> None:  # fmt: skip
        super().__init__(parent)
        load_ui("child_record", self)
        self.context = context
        self.child_id = child_id
        self.record: intake.ChildRecord | None = None
        self.setWindowFlag(Qt.WindowType.WindowMaximizeButtonHint, True)
        self.note_errors = InlineErrors(self, {"text": "noteText"})
        self._make_tables()
        self.return_tab = ReturnPlanTab(context, child_id, self)
        self.tabs.insertTab(self.tabs.indexOf(self.historyTab), self.return_tab, "")
        self._connect()
        self._apply_permissions()
        self.reload()
        context.ops.follow(self, self._concerns_me, self.reload)

    def show_return_home(self) -> None:
        """Bring the Return home tab to the front."""
        self.tabs.setCurrentWidget(self.return_tab)

    # building -----------------------------------------------------------------------------

    def _make_tables(self) -> None:
        self.admissions = CellsModel(
            (
                N_("Arrived at"),
                N_("How the child came"),
                N_("Referring unit"),
                N_("Discharged at"),
                N_("How the child left"),
            ),
            _admission_cells,
            self,
        )
        self.placements = CellsModel(
            (N_("From"), N_("Until"), N_("Placement"), N_("Place"), N_("Contact person"),
             N_("Notes")),
            _placement_cells,
            self,
        )  # fmt: skip
        self.contacts = CellsModel(
            (
                N_("Name"),
                N_("Relationship"),
                N_("Phone"),
                N_("Situation"),
                N_("Legal guardian"),
                N_("Address"),
            ),
            _contact_cells,
            self,
        )
        self.belongings = CellsModel(
            (
                N_("Item"),
                N_("Quantity"),
                N_("Cash (yuan)"),
                N_("Valuable"),
                N_("Description"),
                N_("Disposition"),
            ),
            _belonging_cells,
            self,
        )
        self.notes = CellsModel(
            (N_("When"), NC_("kind of service", "Kind"), N_("Text")), _note_cells, self
        )
        self.tasks = CellsModel(
            (N_("Task"), N_("Due"), N_("Done"), NC_("task receipt", "Reference")), _task_cells, self
        )
        self.history = CellsModel(
            (N_("When"), N_("Staff"), N_("Action"), N_("Record"), N_("Number")),
            _history_cells,
            self,
        )
        for view, model in (
            (self.admissionsTable, self.admissions), (self.contactsTable, self.contacts),
            (self.placementsTable, self.placements),
            (self.belongingsTable, self.belongings), (self.notesTable, self.notes),
            (self.tasksTable, self.tasks), (self.historyTable, self.history),
        ):  # fmt: skip
            view.setModel(model)
            view.verticalHeader().hide()
            view.horizontalHeader().setStretchLastSection(True)
        fill_choices(self.noteKind, fields.NOTE["kind"])

    def _connect(self) -> None:
        self.buttons.rejected.connect(self.close)
        self.editChild.clicked.connect(lambda: self._intake(EDIT))
        self.admitAgain.clicked.connect(lambda: self._intake(ADMIT))
        self.discharge.clicked.connect(self._discharge)
        self.reopenStay.clicked.connect(self._reopen)
        self.endPlacement.clicked.connect(self._end_placement)
        self.addContact.clicked.connect(lambda: self._contact(None))
        self.editContact.clicked.connect(self._edit_contact)
        self.contactsTable.activated.connect(lambda _index: self._edit_contact())
        self.returnBelonging.clicked.connect(self._return)
        self.disposeBelonging.clicked.connect(self._dispose)
        self.belongingsTable.selectionModel().currentRowChanged.connect(self._belonging_chosen)
        self.addNote.clicked.connect(self._add_note)
        self.addPhoto.clicked.connect(self._add_photo)
        self.completeTask.clicked.connect(self._complete_task)
        self.mergeChild.clicked.connect(self._merge)
        self.voidChild.clicked.connect(self._void)
        self.admissionsTable.selectionModel().currentRowChanged.connect(self._admission_details)
        self.historyTable.selectionModel().currentRowChanged.connect(self._history_details)
        self.editChild.setIcon(icon("edit"))
        self.admitAgain.setIcon(icon("new-intake"))
        self.addContact.setIcon(icon("add"))
        self.addPhoto.setIcon(icon("photo"))
        self._build_print_menu()

    def _build_print_menu(self) -> None:
        """A Print button (Ctrl+P) offering each form of this child."""
        from desktop.core.forms.registry import FORMS

        menu = QMenu(self)
        for spec in FORMS.values():
            action = menu.addAction(f"{spec.title} — {_(spec.description)}")
            action.triggered.connect(lambda _checked=False, key=spec.key: self.print(key))
        blank = menu.addMenu(_("Blank form, to fill in by hand"))
        for spec in FORMS.values():
            action = blank.addAction(spec.title)
            action.triggered.connect(lambda _checked=False, key=spec.key: self.print_blank(key))
        self.printButton.setMenu(menu)
        self.printButton.setIcon(icon("print"))
        QShortcut(QKeySequence.StandardKey.Print, self, self.printButton.showMenu)

    def print(self, form: str) -> None:
        """Preview ``form`` for this child, ready to print or save as PDF."""
        from desktop.views.print_preview import print_form

        if self.record is not None:
            print_form(self.context, form, self.record.child.case_no, self)

    def print_blank(self, form: str) -> None:
        """Preview ``form`` printed empty, for handwriting."""
        from desktop.views.print_preview import print_form

        print_form(self.context, form, "", self)

    def _apply_permissions(self) -> None:
        can = self.context.can
        widget: QWidget
        for widget in (self.editChild, self.admitAgain, self.discharge, self.addPhoto):
            widget.setVisible(can(Permission.REGISTER))
        for widget in (
            self.addContact,
            self.editContact,
            self.addNote,
            self.noteText,
            self.noteKind,
            self.noteKindLabel,
            self.completeTask,
        ):
            widget.setVisible(can(Permission.NOTES))
        self.returnBelonging.setVisible(can(Permission.BELONGINGS))
        self.disposeBelonging.setVisible(can(Permission.BELONGINGS))
        self.printButton.setVisible(can(Permission.PRINT))
        for widget in (self.mergeChild, self.voidChild, self.reopenStay):
            widget.setVisible(can(Permission.VOID))
        self.endPlacement.setVisible(can(Permission.BEDS) or can(Permission.PLACEMENTS))

    # showing ------------------------------------------------------------------------------

    def reload(self) -> None:
        """Read the record again and show every tab."""
        ops = self.context.ops
        try:
            record = ops.read(intake.get_child, self.child_id)
            child_tasks = ops.read(tasks.list_tasks, open_only=False, child_id=self.child_id)
            history = ops.read(intake.history, self.child_id)
            placed = ops.read(placements.placements_of, self.child_id)
            return_plans = ops.read(return_queries.plans_of, self.child_id)
        except HomewardError as error:
            report(self, error)
            return
        self.record = record
        self._show_header(record)
        self._show_profile(record)
        self.admissions.set_rows(list(record.admissions))
        self.contacts.set_rows(list(record.contacts))
        self.placements.set_rows(placed)
        self.belongings.set_rows([b for items in record.belongings.values() for b in items])
        self.notes.set_rows(list(record.notes))
        self.tasks.set_rows(child_tasks)
        self.history.set_rows(history)
        self.return_tab.show_plans(return_plans, record.open_admission is not None)
        self.tabs.setTabText(self.tabs.indexOf(self.return_tab), _("Return home"))
        self._show_photos(record)
        for view in (self.admissionsTable, self.contactsTable, self.belongingsTable,
                     self.placementsTable,
                     self.notesTable, self.tasksTable, self.historyTable):  # fmt: skip
            view.resizeColumnsToContents()
        self._belonging_chosen(self.belongingsTable.currentIndex(), QModelIndex())
        self.admitAgain.setEnabled(record.open_admission is None)
        self.discharge.setEnabled(record.open_admission is not None)
        self.reopenStay.setEnabled(
            record.open_admission is None and any(a.discharged_at for a in record.admissions)
        )
        self.endPlacement.setEnabled(any(p.current for p in placed))

    def _show_header(self, record: intake.ChildRecord) -> None:
        child = record.child
        name = intake.display_name(child)
        self.setWindowTitle(
            _("{case} {name} — child's record").format(case=child.case_no, name=name)
        )
        self.title.setText(f"{name}  ·  {child.case_no}")
        parts = [field_text(fields.CHILD["sex"], child.sex)]
        if child.birth_date:
            estimated = _(" (estimated)") if child.birth_date_estimated else ""
            parts.append(
                _("born {date}{estimated}").format(
                    date=format_date(child.birth_date), estimated=estimated
                )
            )
        parts.append(field_text(fields.CHILD["category"], child.category))
        self.subtitle.setText("  ·  ".join(parts))
        if record.open_admission is not None:
            self.status.setText(
                _("In the center since {time}.").format(
                    time=format_time(record.open_admission.arrived_at)
                )
            )
        else:
            self.status.setText(_("Not in the center now."))

    def _show_profile(self, record: intake.ChildRecord) -> None:
        form = self.profileForm
        while form.rowCount():
            form.removeRow(0)
        child = record.child
        for name in PROFILE_FIELDS:
            field = fields.CHILD[name]
            text = field_text(field, getattr(child, name))
            if name == "birth_date" and child.birth_date_estimated and child.birth_date:
                text += _(" (estimated)")
            value = QLabel(text)
            value.setWordWrap(True)
            value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            form.addRow(_(field.label), value)

    def _show_photos(self, record: intake.ChildRecord) -> None:
        self.photoList.clear()
        self.portrait.clear()
        for photo in record.photos:
            pixmap = QPixmap()
            pixmap.loadFromData(self.context.ops.read(intake.photo_image, photo.id))
            item = QListWidgetItem(QIcon(pixmap), f"{format_time(photo.taken_at)}\n{photo.caption}")
            self.photoList.addItem(item)
            if self.portrait.pixmap().isNull():
                self.portrait.setPixmap(
                    pixmap.scaled(
                        96,
                        96,
                        Qt.AspectRatioMode.KeepAspectRatio,
                        Qt.TransformationMode.SmoothTransformation,
                    )
                )
        if self.portrait.pixmap().isNull():
            self.portrait.setText(_("No photo"))

    def _admission_details(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if not current.isValid():
            return
        admission: Admission = self.admissions.rows[current.row()]
        lines = []
        for name, field in fields.ADMISSION.items():
            value = getattr(admission, name, None)
            if value not in (None, "", False) and name != "receiving_staff_id":
                shown = format_time(value) if field.kind == "datetime" else field_text(field, value)
                lines.append(_("{label}: {value}").format(label=_(field.label), value=shown))
        self.admissionDetails.setPlainText("\n".join(lines))

    def _belonging_chosen(self, current: QModelIndex, _previous: QModelIndex) -> None:
        """Offer to return, hand over or destroy only an item the center still keeps."""
        held = current.isValid() and is_held(self.belongings.rows[current.row()])
        self.returnBelonging.setEnabled(held)
        self.disposeBelonging.setEnabled(held)

    def _history_details(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if current.isValid():
            entry = self.history.rows[current.row()]
            created = (
                self.context.ops.read(audit.created_values, entry.id)
                if entry.action == "create"
                else None
            )
            self.historyDetails.setPlainText(describe_change(entry, created))

    def reject(self) -> None:
        """Close the record (Esc, the close button), asking first about a note being typed."""
        if may_close(self, bool(self.noteText.toPlainText().strip())):
            super().reject()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange and self.record is not None:
            self.reload()
            for model in (
                self.admissions,
                self.contacts,
                self.belongings,
                self.notes,
                self.tasks,
                self.history,
            ):
                model.refresh_texts()
        super().changeEvent(event)

    # acting -------------------------------------------------------------------------------

    def _concerns_me(self, changes: Changes) -> bool:
        """Whether this child, or a record that may be this child's, changed."""
        return changes.touches_record("child", self.child_id) or changes.touches(*CHILD_PARTS)

    def _intake(self, mode: str) -> None:
        if self.record is not None:
            IntakeDialog(self.context, self.record.child, mode, self).exec()

    def _discharge(self) -> None:
        if self.record is not None and self.record.open_admission is not None:
            DischargeDialog(self.context, self.record.open_admission.id, self).exec()

    def _reopen(self) -> None:
        """Reopen the selected discharged stay (else the latest), with the reason."""
        if self.record is None:
            return
        row = self.admissionsTable.currentIndex().row()
        stays = self.record.admissions
        stay = stays[row] if 0 <= row < len(stays) else (stays[0] if stays else None)
        if stay is None or stay.discharged_at is None:
            return
        reason, given = QInputDialog.getMultiLineText(
            self,
            _("Reopen the stay"),
            _("Why is the stay from {time} reopened? The discharge stays in the history.").format(
                time=format_time(stay.arrived_at)
            ),
        )
        if given:
            with contextlib.suppress(Refused):
                self.context.ops.write(self, leaving.reopen, stay.id, reason)

    def _end_placement(self) -> None:
        """End the current placement now (the child stays without one)."""
        current = [p for p in self.placements.rows if p.current]
        if current:
            with contextlib.suppress(Refused):
                self.context.ops.write(self, placements.end_placement, current[0].id, utcnow())

    def _contact(self, contact: Contact | None) -> None:
        ContactDialog(self.context, self.child_id, contact, self).exec()

    def _edit_contact(self) -> None:
        row = self.contactsTable.currentIndex().row()
        if row >= 0:
            self._contact(self.contacts.rows[row])

    def _return(self) -> None:
        row = self.belongingsTable.currentIndex().row()
        if row < 0:
            return
        belonging: Belonging = self.belongings.rows[row]
        if is_held(belonging):
            ReturnDialog(self.context, belonging.id, belonging.item, self).exec()

    def _dispose(self) -> None:
        row = self.belongingsTable.currentIndex().row()
        if row < 0:
            return
        belonging: Belonging = self.belongings.rows[row]
        if is_held(belonging):
            DisposeDialog(self.context, belonging.id, belonging.item, self).exec()

    def _add_note(self) -> None:
        from PySide6.QtCore import QDateTime

        self.note_errors.clear()
        try:
            note = intake.NoteInput(
                kind=choice_of(self.noteKind, "kind", required=True),
                at=moment_of(QDateTime.currentDateTime()),
                text=self.noteText.toPlainText(),
            )
            self.context.ops.attempt(self, self.note_errors, intake.add_note, self.child_id, note)
        except ValidationError as error:
            if not self.note_errors.show_error(error):
                report(self, error)
            return
        except Refused:
            return
        self.noteText.clear()

    def _add_photo(self) -> None:
        path, _filter = QFileDialog.getOpenFileName(
            self, _("Add a photo"), "", _("Images (*.png *.jpg *.jpeg *.bmp *.gif)")
        )
        if not path:
            return
        try:
            with open(path, "rb") as handle:
                data = handle.read()
        except OSError as error:
            message = _("The file cannot be read: {reason}").format(reason=error.strerror)
            report(self, ValidationError(message))
            return
        with contextlib.suppress(Refused):
            self.context.ops.write(self, intake.add_photo, self.child_id, data)

    def _ask(self, title: str, label: str) -> str | None:
        """One line of text from the user (None when cancelled)."""
        text, ok = QInputDialog.getText(self, title, label)
        return text if ok else None

    def _merge(self) -> None:
        """Fold another record of the same child into this one (administrators)."""
        other = self._ask(_("Merge records"), _("Case number of the other record of this child:"))
        if not other:
            return
        reason = self._ask(_("Merge records"), _("Why are they the same child?"))
        if reason is None:
            return
        ops, case_no = self.context.ops, other.strip()
        found = ops.read(search.search_children, search.SearchFilter(text=case_no))
        match = next((row for row in found if row.case_no == case_no), None)
        if match is None:
            message = _("There is no child with the case number {case}.").format(case=case_no)
            report(self, NotFound(message))
            return
        with contextlib.suppress(Refused):
            ops.write(self, intake.merge_children, self.child_id, match.id, reason)

    def _void(self) -> None:
        """Void this record, entered by mistake, with a reason (administrators)."""
        reason = self._ask(
            _("Void this record"), _("The record stays in the history. Why is it being voided?")
        )
        if reason is None:
            return
        try:
            self.context.ops.write(self, intake.void, "child", self.child_id, reason)
        except Refused:
            return
        self.close()

    def _complete_task(self) -> None:
        row = self.tasksTable.currentIndex().row()
        if row < 0:
            return
        task: tasks.TaskView = self.tasks.rows[row]
        if task.done_at is None:
            CompleteTaskDialog(self.context, task, self).exec()
