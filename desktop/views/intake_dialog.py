"""The intake dialog: register a child who arrives, or a new admission of a known child,
or edit a child's profile. Laid out like the paper form; keyboard only if one likes
(Enter moves on, Ctrl+S saves); problems appear next to their fields.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from PySide6.QtCore import QDateTime, QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLineEdit,
    QTableWidgetItem,
    QWidget,
)

from desktop.core import fields
from desktop.core.children import intake
from desktop.core.errors import ValidationError
from desktop.core.i18n import _, pgettext
from desktop.views.context import SessionContext
from desktop.views.kit.discard import AsksBeforeDiscard
from desktop.views.kit.field_widgets import (
    choice_of,
    date_of,
    fen_of,
    fill_choices,
    int_of,
    moment_of,
    set_choice,
    set_text,
    text_of,
)
from desktop.views.kit.inline_errors import InlineErrors, report
from desktop.views.kit.style import restyle
from desktop.views.kit.ui_types import CandidatesDialogWidgets, IntakeDialogWidgets
from desktop.views.kit.uiloader import load_ui
from desktop.views.operations import Refused
from desktop.views.region_reason import ask_region_reason

if TYPE_CHECKING:
    from desktop.core.store.models import Child

CHILD_TEXT = (
    "name", "alias", "id_number", "birth_place", "household_registration", "address",
    "school", "dialect", "appearance", "clothing", "health", "mental_state", "disability",
)  # fmt: skip
CHILD_CHOICES = ("sex", "ethnicity", "education", "build", "category")
ADMISSION_TEXT = (
    "referring_unit", "referrer_name", "referrer_phone", "police_case_no",
    "police_handover_ref", "reason", "circumstances", "street_since", "intake_check",
    "security_check", "fingerprint_ref", "consent_note", "found_place",
)  # fmt: skip
ADMISSION_CHOICES = ("arrival_mode", "welfare_status")
ADMISSION_BOOLS = ("harm_found", "photo_taken", "fingerprints_taken", "consent")
BELONGING_COLUMNS = ("item", "quantity", "description", "cash_fen", "valuable")
#: Core field names that belong to a row of the belongings table.
BELONGING_ERRORS = {name: "belongings" for name in BELONGING_COLUMNS}

NEW, ADMIT, EDIT = "new", "admit", "edit"


class CandidatesDialog(QDialog, CandidatesDialogWidgets):
    """Lists children who may be the one arriving; ``chosen`` is the picked child's id."""

    NEW_CHILD = 2

    def __init__(self, candidates: list[intake.Candidate], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        load_ui("candidates_dialog", self)
        self.chosen: int | None = None
        same_id = [candidate for candidate in candidates if candidate.same_id]
        if same_id:  # an ID number belongs to one child: this is that child, not a new one
            candidates = same_id
            self.newChildButton.hide()
            self.intro.setText(
                _(
                    "A child with this ID number is already registered. An ID number belongs "
                    "to one child, so this is a new admission of that child; if the number "
                    "was mistyped, go back to the form and correct it."
                )
            )
        separator = _("; ")  # "；" in Chinese
        for candidate in candidates:
            child = candidate.child
            line = f"{child.case_no}  {intake.display_name(child)}  ·  " + separator.join(
                candidate.reasons
            )
            self.candidates.addItem(line)
            self.candidates.item(self.candidates.count() - 1).setData(
                Qt.ItemDataRole.UserRole, child.id
            )
        self.candidates.setCurrentRow(0)
        self.sameChildButton.clicked.connect(self._same)
        self.newChildButton.clicked.connect(lambda: self.done(self.NEW_CHILD))
        self.cancelButton.clicked.connect(self.reject)
        self.candidates.itemDoubleClicked.connect(lambda _item: self._same())

    def _same(self) -> None:
        item = self.candidates.currentItem()
        if item is not None:
            self.chosen = int(item.data(Qt.ItemDataRole.UserRole))
            self.accept()


class IntakeDialog(AsksBeforeDiscard, IntakeDialogWidgets):
    """One form for a new intake (``NEW``), a known child's return (``ADMIT``) or an edit."""

    saved = Signal(int)

    def __init__(
        self,
        context: SessionContext,
        child: Child | None = None,
        mode: str = NEW,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        load_ui("intake_dialog", self)
        self.context = context
        self.child = child
        self.mode = mode
        self.child_id: int | None = child.id if child else None
        self._warned = False
        self.id_region_reason = ""  # given when the ID's region code is not known
        names = CHILD_TEXT + CHILD_CHOICES + ADMISSION_TEXT + ADMISSION_CHOICES + ADMISSION_BOOLS
        mapping = {name: name for name in names}
        mapping.update(
            birth_date="birth_date",
            estimated_age="estimated_age",
            height_cm="height_cm",
            arrived_at="arrived_at",
            **BELONGING_ERRORS,
        )
        self.errors = InlineErrors(self, mapping)
        self._confirmed = False
        self._warning_fields: set[str] = set()  # fields marked as disagreeing with the ID
        self._refilling = False
        self._setup_widgets()
        self.retranslate()
        if child is not None:
            self.fill_child(child)
        for group in (self.arrivalGroup, self.checkGroup, self.belongingsGroup):
            group.setVisible(mode != EDIT)

    # setting up ---------------------------------------------------------------------------

    def _setup_widgets(self) -> None:
        self.arrived_at.setDateTime(QDateTime.currentDateTime())
        self.arrived_at.setMaximumDateTime(QDateTime.currentDateTime().addSecs(300))
        self.arrived_at.setButtonSymbols(QAbstractSpinBox.ButtonSymbols.NoButtons)
        self.belongings.setColumnCount(len(BELONGING_COLUMNS))
        self.belongings.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.belongings.verticalHeader().hide()
        self.addBelonging.clicked.connect(self.add_belonging_row)
        self.removeBelonging.clicked.connect(self._remove_belonging_row)
        self.id_number.editingFinished.connect(self._id_number_entered)
        for edit in (self.id_number, self.birth_date, self.estimated_age):
            edit.textChanged.connect(self._recheck_warnings)
        self.sex.currentIndexChanged.connect(self._recheck_warnings)
        self.bottomLayout.setStretchFactor(self.warnings, 1)  # the summary is read, not squeezed
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        QShortcut(QKeySequence.StandardKey.Save, self, self.save)
        self.installEventFilter(self)
        for child in self.findChildren(QWidget):
            if isinstance(child, QLineEdit | QComboBox | QCheckBox) or child is self.arrived_at:
                child.installEventFilter(self)

    def retranslate(self) -> None:
        """Set the texts made in code in the current language."""
        titles = {NEW: _("New intake"), ADMIT: _("New admission"), EDIT: _("Edit child")}
        self.setWindowTitle(titles[self.mode])
        choose = pgettext("placeholder", "Choose…")
        self._refilling = True  # the choices keep their values: nothing to re-check
        for name in CHILD_CHOICES + ADMISSION_CHOICES:
            field = fields.CHILD.get(name) or fields.ADMISSION[name]
            fill_choices(getattr(self, name), field, choose if field.required else "—")
        self._refilling = False
        headers = [_(fields.BELONGING[name].label) for name in BELONGING_COLUMNS]
        self.belongings.setHorizontalHeaderLabels(headers)
        self._show_save_text()

    def _show_save_text(self) -> None:
        """Save says "Save anyway" while warnings stand."""
        self.buttons.button(QDialogButtonBox.StandardButton.Save).setText(
            _("Save anyway") if self._warned else _("&Save")
        )

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Enter in a one-line field moves to the next field, as on the paper form."""
        if (
            event.type() == QEvent.Type.KeyPress
            and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)  # type: ignore[attr-defined]
            and event.modifiers() == Qt.KeyboardModifier.NoModifier  # type: ignore[attr-defined]
            and watched is not self
        ):
            self.focusNextChild()
            return True
        return super().eventFilter(watched, event)

    # reading and filling ------------------------------------------------------------------

    def fill_child(self, child: Child) -> None:
        """Show a stored child's profile in the form."""
        for name in CHILD_TEXT:
            set_text(getattr(self, name), getattr(child, name) or "")
        for name in CHILD_CHOICES:
            set_choice(getattr(self, name), getattr(child, name) or None)
        self.birth_date.setText(child.birth_date.isoformat() if child.birth_date else "")
        self.birth_date_estimated.setChecked(child.birth_date_estimated)
        self.height_cm.setText(str(child.height_cm) if child.height_cm else "")

    def child_input(self) -> intake.ChildInput:
        """Return the child's part of the form; a value that cannot be read raises."""
        values = {name: text_of(getattr(self, name)) for name in CHILD_TEXT}
        for name in CHILD_CHOICES:
            values[name] = choice_of(getattr(self, name), name, fields.CHILD[name].required)
        return intake.ChildInput(
            **values,
            birth_date=date_of(self.birth_date, "birth_date"),
            birth_date_estimated=self.birth_date_estimated.isChecked(),
            estimated_age=int_of(self.estimated_age, "estimated_age"),
            height_cm=int_of(self.height_cm, "height_cm"),
            id_region_reason=self.id_region_reason,
        )

    def admission_input(self) -> intake.AdmissionInput:
        """Return the arrival and intake-check part of the form."""
        values: dict[str, object] = {name: text_of(getattr(self, name)) for name in ADMISSION_TEXT}
        for name in ADMISSION_CHOICES:
            values[name] = choice_of(getattr(self, name), name, fields.ADMISSION[name].required)
        for name in ADMISSION_BOOLS:
            values[name] = getattr(self, name).isChecked()
        arrived = moment_of(self.arrived_at.dateTime())
        return intake.AdmissionInput(
            **values,  # type: ignore[arg-type]
            arrived_at=arrived,
            receiving_staff_id=self.context.user.id,
        )

    def add_belonging_row(self) -> None:
        """Add an empty row to the belongings table and start typing in it."""
        row = self.belongings.rowCount()
        self.belongings.insertRow(row)
        self.belongings.setItem(row, 1, QTableWidgetItem("1"))
        valuable = QTableWidgetItem()
        valuable.setFlags(Qt.ItemFlag.ItemIsUserCheckable | Qt.ItemFlag.ItemIsEnabled)
        valuable.setCheckState(Qt.CheckState.Unchecked)
        self.belongings.setItem(row, 4, valuable)
        self.belongings.setCurrentCell(row, 0)
        self.belongings.editItem(self.belongings.item(row, 0) or self._blank(row, 0))

    def _blank(self, row: int, column: int) -> QTableWidgetItem:
        item = QTableWidgetItem("")
        self.belongings.setItem(row, column, item)
        return item

    def _remove_belonging_row(self) -> None:
        row = self.belongings.currentRow()
        if row >= 0:
            self.belongings.removeRow(row)

    def belonging_inputs(self) -> list[intake.BelongingInput]:
        """Return the belongings typed into the table (rows with no item are skipped)."""
        found = []
        for row in range(self.belongings.rowCount()):
            cell = [self.belongings.item(row, column) for column in range(4)]
            texts = [item.text().strip() if item else "" for item in cell]
            if not any(texts[0:1] + texts[2:4]):
                continue
            try:
                quantity = int(texts[1] or "1")
            except ValueError:
                raise ValidationError(
                    _("Row {n}: write the quantity as a whole number.").format(n=row + 1),
                    field="quantity",
                ) from None
            valuable = self.belongings.item(row, 4)
            found.append(intake.BelongingInput(
                item=texts[0], quantity=quantity, description=texts[2],
                cash_fen=fen_of(texts[3], "cash_fen"),
                valuable=bool(valuable and valuable.checkState() == Qt.CheckState.Checked),
            ))  # fmt: skip
        return found

    # ID number ----------------------------------------------------------------------------

    def _id_number_entered(self) -> None:
        """Fill birth date, sex and birth place from a valid ID number; say when it is not."""
        number = self.id_number.text().strip()
        self.errors.clear_field("id_number")
        self._recheck_warnings()
        if not number:
            return
        try:
            facts = intake.id_number_facts(number)
        except ValidationError as error:
            self.errors.show(error.field or "id_number", error.message, focus=False)
            return
        if not self.birth_date.text().strip():
            self.birth_date.setText(facts.birth_date.isoformat())
        if self.sex.currentData() in (None, "unknown"):
            set_choice(self.sex, facts.sex)
        if not self.birth_place.text().strip():
            self.birth_place.setText(facts.birth_place)

    # saving -------------------------------------------------------------------------------

    def save(self) -> None:
        """Check the form, look for a returning child, and save through the core."""
        self.errors.clear()
        try:
            self._save()
        except intake.UnknownRegionCode as error:  # found before writing: ask the clerk
            self.id_region_reason = ask_region_reason(self, error)
            if self.id_region_reason:
                self.save()
            else:
                self.errors.show_error(error)
        except ValidationError as error:  # a value the form itself could not read
            if not self.errors.show_error(error):
                report(self, error)
        except Refused:
            pass  # the runner has shown why; the form keeps what was typed

    def _save(self) -> None:
        ops = self.context.ops
        child = self.child_input()
        if self.mode == EDIT:
            assert self.child_id is not None
            self._check_warnings(child, None)
            if self._warned and not self._confirmed:
                return
            self._check_region(child)
            saved = ops.attempt(self, self.errors, intake.update_child, self.child_id, child)
            self._finish(saved.id)
            return
        admission = self.admission_input()
        belongings = self.belonging_inputs()
        self._check_warnings(child, admission.arrived_at.date())
        if self._warned and not self._confirmed:
            return
        self._check_region(child)
        child_id = (
            self.child_id
            if self.mode == ADMIT
            else self._ask_about_candidates(child, admission.arrived_at.date())
        )
        if child_id == -1:
            return
        if child_id is None:
            registered = ops.attempt(
                self, self.errors, intake.register_child, child, admission, belongings
            )
            self._finish(registered.id)
            return
        ops.attempt(
            self, self.errors, intake.admit_again, child_id, admission, belongings, profile=child
        )
        self._finish(child_id)

    def _check_region(self, child: intake.ChildInput) -> None:
        """Raise ``UnknownRegionCode`` before writing when a new ID number needs a reason."""
        stored = (self.child.id_number or "") if self.child is not None else ""
        if self.mode != EDIT or child.id_number.strip() != stored:
            intake.check_region_reason(child, dt.date.today())

    def _check_warnings(self, child: intake.ChildInput, arrived_on: dt.date | None) -> None:
        """Show what disagrees with the ID number; the second Save goes ahead anyway."""
        _cleaned, warnings = intake.check_child(child, dt.date.today(), arrived_on)
        if not warnings:
            self._show_warnings([])
            return
        if self._warned:
            self._confirmed = True
            return
        self._warned = True
        self._show_warnings(warnings)

    def _show_warnings(self, warnings: list[intake.IdWarning]) -> None:
        """Mark the fields that disagree with the ID number, each message under its field;
        with no warnings, unmark them and let Save be a plain Save again."""
        for field in self._warning_fields:
            self.errors.clear_field(field)
        self._warning_fields = set()
        for warning in warnings:
            *others, main = warning.fields
            self.errors.show(main, warning, focus=False)
            for field in others:
                self.errors.mark(field)
            self._warning_fields.update(warning.fields)
        if warnings:
            self.warnings.setText(
                _("The marked fields disagree with the ID number. Correct them, or save "
                  "again to keep them as they are.")
            )  # fmt: skip
        else:
            self._warned = self._confirmed = False
            self.warnings.clear()
        self.warnings.setProperty("role", "warning")
        restyle(self.warnings)
        self._show_save_text()

    def _recheck_warnings(self) -> None:
        """As the clerk corrects a marked field, take the marks away once the values agree."""
        if not self._warning_fields or self._refilling:
            return
        try:
            birth = date_of(self.birth_date, "birth_date")
            age = int_of(self.estimated_age, "estimated_age")
        except ValidationError:
            return  # half typed: judge when it can be read
        data = intake.ChildInput(
            id_number=self.id_number.text(), sex=self.sex.currentData() or "unknown",
            birth_date=birth, estimated_age=age,
        )  # fmt: skip
        arrived = moment_of(self.arrived_at.dateTime()).date() if self.mode != EDIT else None
        warnings = intake.id_warnings(data, dt.date.today(), arrived)
        self._warned = bool(warnings)
        self._confirmed = False
        self._show_warnings(warnings)

    def _ask_about_candidates(self, child: intake.ChildInput, arrived_on: dt.date) -> int | None:
        """Return the id of the child this is (None: a new child; -1: back to the form)."""
        candidates = self.context.ops.read(intake.find_candidates, child, arrived_on)
        if not candidates:
            return None
        dialog = CandidatesDialog(candidates, self)
        answer = dialog.exec()
        if answer == QDialog.DialogCode.Accepted:
            return dialog.chosen
        return None if answer == CandidatesDialog.NEW_CHILD else -1

    def _finish(self, child_id: int) -> None:
        self.child_id = child_id
        self.saved.emit(child_id)
        self.accept()
