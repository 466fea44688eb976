"""The Return home area: the plans under way by status, and the follow-up visits due by a
day (overdue ones marked); a line opens the child's record, where the plan goes on."""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import QDate, QEvent, QModelIndex, Signal
from PySide6.QtWidgets import QWidget

from desktop.core.clock import format_date, format_time
from desktop.core.i18n import N_, _, ngettext
from desktop.core.returns import queries
from desktop.core.returns.common import status_label, today
from desktop.views.context import SessionContext
from desktop.views.kit.field_widgets import day_of
from desktop.views.kit.tables import CellsModel
from desktop.views.kit.ui_types import ReturnHomePageWidgets
from desktop.views.kit.uiloader import load_ui

#: Kinds of record whose change redraws the area.
SHOWN_KINDS = ("return_plan", "follow_up_visit", "child")


def _plan_cells(line: queries.PlanLine) -> tuple[Any, ...]:
    return (line.case_no, line.child_name, status_label(line.status), format_time(line.status_at))


def _visit_cells(visit: queries.VisitDue) -> tuple[Any, ...]:
    due = format_date(visit.due_on)
    when = _("{date} (overdue)").format(date=due) if visit.overdue else due
    months = ngettext("{n} month", "{n} months", visit.months).format(n=visit.months)
    return (visit.case_no, visit.child_name, months, when)


class ReturnHomePage(QWidget, ReturnHomePageWidgets):
    """Open plans with a status filter, and the visits due by a chosen day."""

    open_child = Signal(int)

    def __init__(self, context: SessionContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        load_ui("return_home_page", self)
        self.context = context
        self.plans = CellsModel(
            (N_("Case number"), N_("Name"), N_("Status"), N_("Since")), _plan_cells, self
        )
        self.visits = CellsModel(
            (N_("Case number"), N_("Name"), N_("Visit"), N_("Due on")), _visit_cells, self
        )
        for view, model in ((self.plansTable, self.plans), (self.visitsTable, self.visits)):
            view.setModel(model)
            view.verticalHeader().hide()
            view.horizontalHeader().setStretchLastSection(True)
        self._fill_statuses()
        day = today()
        self.on.setDate(QDate(day.year, day.month, day.day))
        self.status.currentIndexChanged.connect(lambda _index: self.refresh())
        self.on.dateChanged.connect(lambda _date: self.refresh())
        self.overdueOnly.toggled.connect(lambda _on: self.refresh())
        self.plansTable.activated.connect(self._open_plan)
        self.visitsTable.activated.connect(self._open_visit)
        self.refresh()
        context.ops.follow(self, lambda changes: changes.touches(*SHOWN_KINDS), self.refresh)

    def _fill_statuses(self) -> None:
        chosen = self.status.currentData()
        self.status.blockSignals(True)
        self.status.clear()
        self.status.addItem(_("All under way"), None)
        for status in queries.OPEN_STATUSES:
            self.status.addItem(status_label(status), status)
        index = self.status.findData(chosen)
        self.status.setCurrentIndex(max(index, 0))
        self.status.blockSignals(False)

    def refresh(self) -> None:
        """Read the plans and the visits due again."""
        ops = self.context.ops
        status = self.status.currentData()
        self.plans.set_rows(ops.read(queries.open_plans, status))
        visits = ops.read(queries.visits_due, self.due_by())
        if self.overdueOnly.isChecked():
            visits = [visit for visit in visits if visit.overdue]
        self.visits.set_rows(visits)
        for view in (self.plansTable, self.visitsTable):
            view.resizeColumnsToContents()

    def due_by(self) -> dt.date:
        """The day the visits list looks at."""
        return day_of(self.on.date())

    def show_plans(self, status: str | None) -> None:
        """Show the plans at ``status`` (every plan under way: None), as a figure asks."""
        self.status.setCurrentIndex(max(self.status.findData(status), 0))
        self.refresh()
        self.plansTable.setFocus()

    def show_visits(self, overdue_only: bool) -> None:
        """Show the visits due from today, only the overdue ones when ``overdue_only``."""
        day = today()
        for widget in (self.on, self.overdueOnly):
            widget.blockSignals(True)
        self.on.setDate(QDate(day.year, day.month, day.day))
        self.overdueOnly.setChecked(overdue_only)
        for widget in (self.on, self.overdueOnly):
            widget.blockSignals(False)
        self.refresh()
        self.visitsTable.setFocus()

    def _open_plan(self, index: QModelIndex) -> None:
        self.open_child.emit(self.plans.rows[index.row()].child_id)

    def _open_visit(self, index: QModelIndex) -> None:
        self.open_child.emit(self.visits.rows[index.row()].child_id)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self._fill_statuses()
            self.plans.refresh_texts()
            self.visits.refresh_texts()
            self.refresh()
        super().changeEvent(event)
