"""Settings: the center's profile, center-wide preferences, staff and the audit trail."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QPushButton,
    QSpinBox,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from desktop.core import center, fields, tasks
from desktop.core.errors import ValidationError
from desktop.core.i18n import _
from desktop.core.staff.permissions import Permission
from desktop.views.audit_page import AuditPage
from desktop.views.center_form import CenterForm
from desktop.views.context import SessionContext
from desktop.views.kit.field_widgets import fill_choices, set_choice
from desktop.views.kit.inline_errors import InlineErrors, LabelErrors, report
from desktop.views.kit.style import say_done
from desktop.views.kit.ui_types import PreferencesFormWidgets, TaskRulesFormWidgets
from desktop.views.kit.uiloader import icon, load_ui
from desktop.views.operations import Refused
from desktop.views.staff_page import StaffPage


class CenterTab(QWidget):
    """The center's profile; editable by administrators only."""

    def __init__(self, context: SessionContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.form = CenterForm(self)
        self.save_button = QPushButton(icon("save"), "")
        self.save_button.clicked.connect(self.save)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.save_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 12, 12, 12)
        layout.addWidget(self.form)
        layout.addLayout(row)
        editable = context.can(Permission.EDIT_SETTINGS)
        self.form.set_read_only(not editable)
        self.save_button.setVisible(editable)
        stored = context.ops.query(center.get_center)
        if stored is not None:
            self.form.set_center(stored)
        self.retranslate()

    def retranslate(self) -> None:
        """Set the texts made in code."""
        self.save_button.setText(_("&Save"))

    def save(self) -> None:
        """Store the profile; problems appear next to their fields."""
        self.form.errors.clear()
        try:
            profile = self.form.profile()
            self.context.ops.attempt(self, self.form.errors, center.update_center, profile)
        except ValidationError as error:
            if not self.form.errors.show_error(error):
                report(self, error)
            return
        except Refused:
            return
        say_done(self, _("The center's profile is saved."))


class PreferencesTab(QWidget, PreferencesFormWidgets):
    """Center-wide preferences: idle lock, backup reminder, the age for two escorts, the
    months at which follow-up visits fall due after a handover."""

    def __init__(self, context: SessionContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        load_ui("preferences_form", self)
        self.context = context
        self.errors = InlineErrors(self, {
            center.IDLE_LOCK_MINUTES: "idleMinutes",
            center.BACKUP_REMINDER_DAYS: "backupDays",
            center.TWO_ESCORTS_UNDER_AGE: "twoEscortsAge",
            center.FOLLOW_UP_MONTHS: "followUpMonths",
        })  # fmt: skip
        self.idleMinutes.setValue(context.ops.query(center.get_setting, center.IDLE_LOCK_MINUTES))
        self.backupDays.setValue(context.ops.query(center.get_setting, center.BACKUP_REMINDER_DAYS))
        self.twoEscortsAge.setValue(
            context.ops.query(center.get_setting, center.TWO_ESCORTS_UNDER_AGE)
        )
        self.followUpMonths.setText(
            center.months_text(context.ops.query(center.get_follow_up_months))
        )
        editable = context.can(Permission.EDIT_SETTINGS)
        for box in (self.idleMinutes, self.backupDays, self.twoEscortsAge):
            box.setEnabled(editable)
        self.followUpMonths.setReadOnly(not editable)
        self.savePreferences.setVisible(editable)
        self.savePreferences.clicked.connect(self.save)

    def save(self) -> None:
        """Store the preferences together; a problem appears under its field, nothing saved."""
        self.errors.clear()
        values = {
            center.IDLE_LOCK_MINUTES: self.idleMinutes.value(),
            center.BACKUP_REMINDER_DAYS: self.backupDays.value(),
            center.TWO_ESCORTS_UNDER_AGE: self.twoEscortsAge.value(),
        }
        try:
            months = center.months_from_text(self.followUpMonths.text())
            self.context.ops.attempt(self, self.errors, center.set_settings, values, months)
        except ValidationError as error:
            if not self.errors.show_error(error):
                report(self, error)
            return
        except Refused:
            return
        self.followUpMonths.setText(center.months_text(months))
        say_done(self, _("Preferences saved."))


class TaskRulesTab(QWidget, TaskRulesFormWidgets):
    """When each kind of task falls due; editable by administrators."""

    def __init__(self, context: SessionContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        load_ui("task_rules_form", self)
        self.context = context
        self.rulesTable.setColumnCount(3)
        self.rulesTable.verticalHeader().hide()
        self.rulesTable.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        editable = context.can(Permission.EDIT_SETTINGS)
        self.saveRules.setVisible(editable)
        self.saveRules.clicked.connect(self.save)
        self.kinds: list[str] = []
        self.enabled: list[QTableWidgetItem] = []
        self.delays: list[QSpinBox] = []
        self.units: list[QComboBox] = []
        self._fill(editable)
        self.retranslate()

    def _fill(self, editable: bool) -> None:
        rules = self.context.ops.read(tasks.get_rules)
        self.rulesTable.setRowCount(len(rules))
        self.kinds = [rule.kind for rule in rules]
        self.enabled, self.delays, self.units = [], [], []
        for row, rule in enumerate(rules):
            enabled = QTableWidgetItem()
            enabled.setFlags(Qt.ItemFlag.ItemIsUserCheckable | Qt.ItemFlag.ItemIsEnabled
                             if editable else Qt.ItemFlag.ItemIsEnabled)  # fmt: skip
            enabled.setCheckState(
                Qt.CheckState.Checked if rule.enabled else Qt.CheckState.Unchecked
            )
            self.rulesTable.setItem(row, 0, enabled)
            self.enabled.append(enabled)
            delay = QSpinBox()
            delay.setRange(0, 365)
            delay.setValue(rule.delay)
            delay.setEnabled(editable)
            self.rulesTable.setCellWidget(row, 1, delay)
            self.delays.append(delay)
            unit = QComboBox()
            fill_choices(unit, fields.TASK_RULE["unit"])
            set_choice(unit, rule.unit)
            unit.setEnabled(editable)
            self.rulesTable.setCellWidget(row, 2, unit)
            self.units.append(unit)

    def retranslate(self) -> None:
        """Name the rules and columns in the current language."""
        rule = fields.TASK_RULE
        self.rulesTable.setHorizontalHeaderLabels(
            [_(rule[name].label) for name in ("kind", "delay", "unit")]
        )
        for item, unit, value in zip(self.enabled, self.units, self.kinds, strict=True):
            item.setText(rule["kind"].choice_label(value))
            fill_choices(unit, fields.TASK_RULE["unit"])

    def save(self) -> None:
        """Store every rule as the table shows it."""
        errors = LabelErrors(self.rulesError)
        errors.clear()
        rows = zip(self.kinds, self.enabled, self.delays, self.units, strict=True)
        rules = [
            tasks.RuleInput(
                kind,
                enabled.checkState() == Qt.CheckState.Checked,
                delay.value(),
                unit.currentData(),
            )
            for kind, enabled, delay, unit in rows
        ]
        try:
            self.context.ops.attempt(self, errors, tasks.set_rules, rules)
        except Refused:
            return
        say_done(self, _("Task rules saved."))


class SettingsPage(QTabWidget):
    """The settings area; staff and audit tabs only for those allowed to see them."""

    def __init__(self, context: SessionContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setDocumentMode(True)
        self.center_tab = CenterTab(context)
        self.preferences_tab = PreferencesTab(context)
        self.addTab(self.center_tab, icon("app"), "")
        self.addTab(self.preferences_tab, icon("settings"), "")
        self.rules_tab = TaskRulesTab(context)
        self.addTab(self.rules_tab, icon("calendar"), "")
        self.staff_tab: StaffPage | None = None
        self.audit_tab: AuditPage | None = None
        if context.can(Permission.MANAGE_STAFF):
            self.staff_tab = StaffPage(context)
            self.addTab(self.staff_tab, icon("staff"), "")
        if context.can(Permission.VIEW_AUDIT):
            self.audit_tab = AuditPage(context)
            self.addTab(self.audit_tab, icon("audit"), "")
        self.retranslate()

    def retranslate(self) -> None:
        """Name the tabs in the current language."""
        self.setTabText(0, _("Center"))
        self.setTabText(1, _("Preferences"))
        self.setTabText(2, _("Task rules"))
        if self.staff_tab is not None:
            self.setTabText(self.indexOf(self.staff_tab), _("Staff"))
        if self.audit_tab is not None:
            self.setTabText(self.indexOf(self.audit_tab), _("Audit trail"))
        self.center_tab.retranslate()
        self.rules_tab.retranslate()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
