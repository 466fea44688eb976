"""The audit trail (admin): filtered by staff, record, child and date, loaded page by page."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import (
    QDate,
    QEvent,
    QModelIndex,
    QPersistentModelIndex,
)
from PySide6.QtWidgets import QWidget

from desktop.core.audit import trail as audit
from desktop.core.audit.chain import ChainReport
from desktop.core.audit.labels import action_label, actor_label, describe_change, entity_label
from desktop.core.audit.subjects import Subject
from desktop.core.clock import format_time
from desktop.core.errors import HomewardError
from desktop.core.i18n import N_, _, ngettext
from desktop.core.staff import accounts
from desktop.core.store.models import AuditEntry
from desktop.views.context import SessionContext
from desktop.views.kit.field_widgets import day_of
from desktop.views.kit.inline_errors import report
from desktop.views.kit.tables import RowsModel, remember_header
from desktop.views.kit.ui_types import AuditPageWidgets
from desktop.views.kit.uiloader import load_ui

_Index = QModelIndex | QPersistentModelIndex
PAGE = 200


class AuditModel(RowsModel):
    """The trail, newest first; more rows are fetched as the view scrolls."""

    HEADERS = (N_("When"), N_("Staff"), N_("Action"), N_("Record"), N_("Number"), N_("Child"))

    def __init__(self, context: SessionContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.wanted = audit.AuditFilter()
        self.total = 0
        self.subjects: dict[int, Subject] = {}

    def load(self, wanted: audit.AuditFilter) -> None:
        """Start over with a new filter and its first page."""
        self.wanted = wanted
        ops = self.context.ops
        self.total = ops.read(audit.count_entries, wanted)
        rows = ops.read(audit.list_entries, wanted, 0, PAGE)
        self.subjects = ops.read(audit.entry_children, rows)
        self.set_rows(rows)

    def canFetchMore(self, parent: _Index) -> bool:
        return not parent.isValid() and len(self.rows) < self.total

    def fetchMore(self, parent: _Index) -> None:
        more = self.context.ops.read(audit.list_entries, self.wanted, len(self.rows), PAGE)
        if more:
            self.subjects.update(self.context.ops.read(audit.entry_children, more))
            self.beginInsertRows(QModelIndex(), len(self.rows), len(self.rows) + len(more) - 1)
            self.rows.extend(more)
            self.endInsertRows()
        else:
            self.total = len(self.rows)

    def cell(self, entry: AuditEntry, column: int) -> Any:
        """Return what ``column`` shows for ``entry``."""
        return (
            format_time(entry.at),
            actor_label(entry.actor),
            action_label(entry.action),
            entity_label(entry.entity),
            entry.record_id,
            subject.label() if (subject := self.subjects.get(entry.id)) else "",
        )[column]


class AuditPage(QWidget, AuditPageWidgets):
    """Filters on top, entries in the middle, what the chosen entry changed below."""

    def __init__(self, context: SessionContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        load_ui("audit_page", self)
        self.context = context
        self.model = AuditModel(context, self)
        self.auditTable.setModel(self.model)
        # Sorting would only order the loaded page; the trail is always newest first.
        self.auditTable.setSortingEnabled(False)
        self.auditTable.verticalHeader().hide()
        self.auditTable.horizontalHeader().setStretchLastSection(True)
        self.applyFilter.clicked.connect(self.apply)
        self.resetFilter.clicked.connect(self.reset)
        self.recordFilter.returnPressed.connect(self.apply)
        self.caseFilter.returnPressed.connect(self.apply)
        self.auditTable.selectionModel().currentRowChanged.connect(self._show_details)
        self.splitter.setSizes([400, 140])
        self._fill_choices()
        self.reset()
        remember_header(self.auditTable, "audit", context.ui_state)
        # Every write adds to the trail: the new entries show when this page is seen.
        context.ops.follow(self, bool, self.apply)

    def _fill_choices(self) -> None:
        self.staffFilter.clear()
        self.staffFilter.addItem(_("All staff"), None)
        for staff in self.context.ops.read(accounts.list_staff):
            self.staffFilter.addItem(
                _("{text} ({detail})").format(text=staff.full_name, detail=staff.username), staff.id
            )
        self.entityFilter.clear()
        self.entityFilter.addItem(_("Any record"), None)
        for entity in self.context.ops.read(audit.entities):
            self.entityFilter.addItem(entity_label(entity), entity)

    def current_filter(self) -> audit.AuditFilter:
        """Return the filter the controls describe."""
        return audit.AuditFilter(
            staff_id=self.staffFilter.currentData(),
            entity=self.entityFilter.currentData(),
            record_id=self.recordFilter.text().strip() or None,
            case_no=self.caseFilter.text().strip() or None,
            date_from=day_of(self.dateFrom.date()),
            date_to=day_of(self.dateTo.date()),
        )

    def apply(self) -> None:
        """Show the entries that match the filter."""
        try:
            self.model.load(self.current_filter())
        except HomewardError as error:
            report(self, error)
            return
        self.details.clear()

    def reset(self) -> None:
        """Clear the filter to the last 30 days, everyone, any record."""
        today = QDate.currentDate()
        self.dateFrom.setDate(today.addDays(-30))
        self.dateTo.setDate(today)
        self.staffFilter.setCurrentIndex(0)
        self.entityFilter.setCurrentIndex(0)
        self.recordFilter.clear()
        self.caseFilter.clear()
        self.apply()
        self.verify()

    def verify(self) -> None:
        """Check the whole chain in the background and say what was found."""
        self.chainStatus.setProperty("role", "hint")
        self.chainStatus.setText(_("Checking the trail…"))
        self.context.ops.read_later(self._show_chain, self._chain_failed, audit.check_chain)

    def _show_chain(self, chain: ChainReport) -> None:
        if chain.ok:
            self.chainStatus.setProperty("role", "hint")
            self.chainStatus.setText(
                ngettext(
                    "The trail is intact: {n} entry, not changed or removed.",
                    "The trail is intact: {n} entries, none changed or removed.",
                    chain.entries,
                ).format(n=chain.entries)
            )
        else:
            self.chainStatus.setProperty("role", "error")
            self.chainStatus.setText(
                _("The trail is broken: {reason}").format(reason=chain.problems[0])
            )
        self.chainStatus.style().unpolish(self.chainStatus)
        self.chainStatus.style().polish(self.chainStatus)

    def _chain_failed(self, error: BaseException) -> None:
        self.chainStatus.setText(
            str(error) if isinstance(error, HomewardError) else _("The trail could not be checked.")
        )

    def _show_details(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if not current.isValid():
            self.details.clear()
            return
        entry = self.model.rows[current.row()]
        created = (
            self.context.ops.read(audit.created_values, entry.id)
            if entry.action == "create"
            else None
        )
        self.details.setPlainText(describe_change(entry, created))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange and self.staffFilter.count():
            self.staffFilter.setItemText(0, _("All staff"))
            self.entityFilter.setItemText(0, _("Any record"))
            for row in range(1, self.entityFilter.count()):
                self.entityFilter.setItemText(row, entity_label(self.entityFilter.itemData(row)))
            self.model.refresh_texts()
        super().changeEvent(event)
