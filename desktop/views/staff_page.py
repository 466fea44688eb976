"""Staff accounts (admin): the list, adding, editing, resetting and deactivating."""

from __future__ import annotations

import contextlib
import datetime as dt
from typing import Any

from PySide6.QtCore import (
    QDate,
    QEvent,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
)
from PySide6.QtWidgets import QMessageBox, QWidget

from desktop.core.clock import format_date, format_time
from desktop.core.errors import HomewardError, ValidationError
from desktop.core.i18n import N_, _, pgettext
from desktop.core.staff import accounts
from desktop.core.staff.passwords import check_password_rules, password_hint
from desktop.core.staff.permissions import ROLE_LABELS, Role
from desktop.core.store.models import Staff, utcnow
from desktop.views.context import SessionContext
from desktop.views.kit.discard import AsksBeforeDiscard
from desktop.views.kit.field_widgets import day_of
from desktop.views.kit.inline_errors import InlineErrors, report
from desktop.views.kit.style import say_done
from desktop.views.kit.tables import RowsModel, remember_header
from desktop.views.kit.ui_types import ResetPasswordWidgets, StaffEditWidgets, StaffPageWidgets
from desktop.views.kit.uiloader import icon, load_ui
from desktop.views.operations import Refused

_Index = QModelIndex | QPersistentModelIndex


def status_text(staff: Staff, now: dt.datetime | None = None) -> str:
    """Return a staff member's account status in words."""
    if not staff.active:
        return _("Deactivated")
    if staff.locked_until is not None and staff.locked_until > (now or utcnow()):
        return _("Locked until {time}").format(time=format_time(staff.locked_until))
    if staff.must_change_password:
        return _("Active, must change password")
    return _("Active")


class StaffModel(RowsModel):
    """The staff list; every row is a ``Staff`` row fetched by the accounts service."""

    HEADERS = (
        N_("User name"),
        N_("Full name"),
        N_("Role"),
        N_("Status"),
        N_("Pre-employment check"),
        N_("Last sign-in"),
    )

    def cell(self, staff: Staff, column: int) -> Any:
        """Return what ``column`` shows for ``staff``."""
        check = format_date(staff.check_date)
        if check and staff.check_result:
            check = f"{check} {staff.check_result}"
        return (
            staff.username,
            staff.full_name,
            _(ROLE_LABELS[Role(staff.role)]),
            status_text(staff),
            check or _("not recorded"),
            format_time(staff.last_sign_in_at),
        )[column]


class StaffEditDialog(AsksBeforeDiscard, StaffEditWidgets):
    """Adds a staff member (``staff`` None) or edits one; the password only when adding."""

    def __init__(
        self, context: SessionContext, staff: Staff | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        load_ui("staff_edit", self)
        self.context = context
        self.staff = staff
        self.errors = InlineErrors(
            self,
            {
                "username": "username",
                "full_name": "fullName",
                "role": "role",
                "password": "password",
                "repeat": "repeat",
                "check_date": "checkDate",
                "check_result": "checkResult",
            },
        )
        if staff is None:  # a required choice: nobody becomes an administrator by default
            self.role.addItem(pgettext("placeholder", "Choose…"), None)
        for role, label in ROLE_LABELS.items():
            self.role.addItem(_(label), role.value)
        self.checkDate.setMaximumDate(QDate.currentDate())
        self.checkDate.setDate(QDate.currentDate())
        self.password.setPlaceholderText(password_hint())
        if staff is not None:
            self._fill(staff)
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)

    def _fill(self, staff: Staff) -> None:
        self.setWindowTitle(_("Edit staff member"))
        self.username.setText(staff.username)
        self.username.setReadOnly(True)
        self.fullName.setText(staff.full_name)
        self.role.setCurrentIndex(self.role.findData(staff.role))
        for name in ("password", "repeat"):
            getattr(self, name).hide()
            getattr(self, f"{name}Label").hide()
        if staff.check_date is not None or staff.check_result:
            self.checkGroup.setChecked(True)
            if staff.check_date is not None:
                self.checkDate.setDate(QDate(staff.check_date))
            self.checkResult.setText(staff.check_result)
            self.checkReference.setText(staff.check_reference)

    def check(self) -> accounts.PreEmploymentCheck:
        """Return the pre-employment check as entered (empty when the box is unticked)."""
        if not self.checkGroup.isChecked():
            return accounts.PreEmploymentCheck()
        return accounts.PreEmploymentCheck(
            date=day_of(self.checkDate.date()),
            result=self.checkResult.text(),
            reference=self.checkReference.text(),
        )

    def save(self) -> None:
        """Save through the accounts service; problems appear next to their fields."""
        self.errors.clear()
        ops = self.context.ops
        try:
            if self.staff is None:
                if self.repeat.text() != self.password.text():
                    raise ValidationError(_("The two passwords differ."), field="repeat")
                self.staff = ops.attempt(
                    self,
                    self.errors,
                    accounts.create_staff,
                    self.username.text(),
                    self.fullName.text(),
                    self.role.currentData() or "",
                    self.password.text(),
                    self.check(),
                )
            else:
                self.staff = ops.attempt(
                    self,
                    self.errors,
                    accounts.update_staff,
                    self.staff.id,
                    self.fullName.text(),
                    self.role.currentData(),
                    self.check(),
                )
        except ValidationError as error:
            if not self.errors.show_error(error):
                report(self, error)
            return
        except Refused:
            return
        self.accept()


class ResetPasswordDialog(AsksBeforeDiscard, ResetPasswordWidgets):
    """An administrator sets a new password for someone who forgot theirs."""

    def __init__(
        self, context: SessionContext, staff: Staff, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        load_ui("reset_password", self)
        self.context = context
        self.staff = staff
        self.intro.setText(
            _(
                "New password for {name} ({user}). They will be asked to change it "
                "when they next sign in; a locked account is unlocked."
            ).format(name=staff.full_name, user=staff.username)
        )
        self.errors = InlineErrors(self, {"new_password": "newPassword", "repeat": "repeat"})
        self.newPassword.setPlaceholderText(password_hint())
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)

    def save(self) -> None:
        """Store the new password."""
        self.errors.clear()
        try:
            check_password_rules(self.newPassword.text(), self.staff.username, "new_password")
            if self.repeat.text() != self.newPassword.text():
                raise ValidationError(_("The two passwords differ."), field="repeat")
            self.context.ops.attempt(
                self, self.errors, accounts.reset_password, self.staff.id, self.newPassword.text()
            )
        except ValidationError as error:
            if not self.errors.show_error(error):
                report(self, error)
            return
        except Refused:
            return
        self.accept()


class StaffPage(QWidget, StaffPageWidgets):
    """The staff list with its actions."""

    def __init__(self, context: SessionContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        load_ui("staff_page", self)
        self.context = context
        self.model = StaffModel(self)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.staffTable.setModel(self.proxy)
        self.staffTable.verticalHeader().hide()
        self.staffTable.horizontalHeader().setStretchLastSection(True)
        self.addStaff.setIcon(icon("add"))
        self.editStaff.setIcon(icon("edit"))
        self.resetPassword.setIcon(icon("key"))
        self.addStaff.clicked.connect(self.add)
        self.editStaff.clicked.connect(self.edit)
        self.resetPassword.clicked.connect(self.reset)
        self.toggleActive.clicked.connect(self.toggle_active)
        self.staffTable.doubleClicked.connect(lambda _index: self.edit())
        self.staffTable.selectionModel().selectionChanged.connect(self._update_buttons)
        self.refresh()
        remember_header(self.staffTable, "staff", context.ui_state)
        context.ops.follow(self, lambda changes: changes.touches("staff"), self.refresh)

    def selected(self) -> Staff | None:
        """Return the staff member whose row is selected."""
        rows = self.staffTable.selectionModel().selectedRows()
        if not rows:
            return None
        staff: Staff = self.model.rows[self.proxy.mapToSource(rows[0]).row()]
        return staff

    def refresh(self) -> None:
        """Reload the list from the database, keeping the selection by id."""
        chosen = self.selected()
        try:
            self.model.set_rows(self.context.ops.read(accounts.list_staff))
        except HomewardError as error:
            report(self, error)
            return
        if chosen is not None:
            self._select(chosen.id)
        self._update_buttons()

    def _select(self, staff_id: int) -> None:
        for row, staff in enumerate(self.model.rows):
            if staff.id == staff_id:
                self.staffTable.selectRow(self.proxy.mapFromSource(self.model.index(row, 0)).row())

    def _update_buttons(self) -> None:
        staff = self.selected()
        for button in (self.editStaff, self.resetPassword, self.toggleActive):
            button.setEnabled(staff is not None)
        active = staff is None or staff.active
        self.toggleActive.setText(_("&Deactivate") if active else _("Re&activate"))
        self.toggleActive.setIcon(icon("deactivate" if active else "activate"))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self._update_buttons()
            self.model.refresh_texts()
        super().changeEvent(event)

    def add(self) -> None:
        """Open the dialog for a new staff member."""
        dialog = StaffEditDialog(self.context, parent=self)
        if dialog.exec() and dialog.staff is not None:
            self._select(dialog.staff.id)
            say_done(self, _("Added {name}.").format(name=dialog.staff.full_name))

    def edit(self) -> None:
        """Open the selected staff member for editing."""
        staff = self.selected()
        if staff is not None and StaffEditDialog(self.context, staff, self).exec():
            say_done(self, _("Saved {name}.").format(name=staff.full_name))

    def reset(self) -> None:
        """Set a new password for the selected staff member."""
        staff = self.selected()
        if staff is not None and ResetPasswordDialog(self.context, staff, self).exec():
            say_done(self, _("New password set for {name}.").format(name=staff.full_name))

    def toggle_active(self) -> None:
        """Deactivate (after asking once) or reactivate the selected staff member."""
        staff = self.selected()
        if staff is None:
            return
        if staff.active:
            answer = QMessageBox.question(
                self,
                _("Deactivate staff member"),
                _(
                    "Deactivate {name}? They can no longer sign in. Their records and their "
                    "place in the audit trail stay."
                ).format(name=staff.full_name),
                QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
                QMessageBox.StandardButton.Cancel,
            )
            if answer != QMessageBox.StandardButton.Yes:
                return
        with contextlib.suppress(Refused):
            self.context.ops.write(self, accounts.set_active, staff.id, not staff.active)
