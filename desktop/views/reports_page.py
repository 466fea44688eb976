"""The Reports area: the statistics of a month, quarter or year (tables with their
charts, to Excel, CSV or the printed PDF report), and the ledger out and in."""

from __future__ import annotations

import datetime as dt
import logging
from pathlib import Path

import shiboken6
from PySide6.QtCore import QEvent, Qt
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QTableWidget,
    QTableWidgetItem,
    QWidget,
)

from desktop.core.i18n import N_, _
from desktop.core.reports import stats
from desktop.core.staff.permissions import Permission
from desktop.views.context import SessionContext
from desktop.views.export_action import export_children
from desktop.views.import_dialog import ImportDialog
from desktop.views.kit import long_work
from desktop.views.kit.bar_chart import BarChart
from desktop.views.kit.long_work import run_with_progress
from desktop.views.kit.style import say_done
from desktop.views.kit.ui_types import ReportsPageWidgets
from desktop.views.kit.uiloader import icon, load_ui

log = logging.getLogger(__name__)

#: The kinds of period, as the first combo box offers them.
PERIOD_KINDS = (("month", N_("Month")), ("quarter", N_("Quarter")), ("year", N_("Year")))
#: What changes the figures.
COUNTED_KINDS = ("child", "admission", "note", "placement", "return_plan", "follow_up_visit")


class ReportsPage(QWidget, ReportsPageWidgets):
    """Statistics of a period; export and import of the ledger."""

    def __init__(self, context: SessionContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        load_ui("reports_page", self)
        self.context = context
        self.figures_shown: stats.Statistics | None = None
        self.written: Path | None = None
        self._readings = 0
        today = dt.date.today()
        self.year.setValue(today.year)
        self._fill_kinds()
        self.periodKind.setCurrentIndex(0)
        self._fill_numbers(today.month)
        for button, name in ((self.exportAll, "export"), (self.importLedger, "import"),
                             (self.exportStats, "export"), (self.pdfReport, "print")):  # fmt: skip
            button.setIcon(icon(name))
        may_export = context.can(Permission.EXPORT)
        for button in (self.exportAll, self.exportStats, self.pdfReport):
            button.setVisible(may_export)
        self.importLedger.setVisible(context.can(Permission.IMPORT))
        self.ledgerBox.setVisible(may_export or context.can(Permission.IMPORT))
        self.exportAll.clicked.connect(self.export_all)
        self.importLedger.clicked.connect(self.import_ledger)
        self.exportStats.clicked.connect(self.export_statistics)
        self.pdfReport.clicked.connect(self.pdf_report)
        self.periodKind.activated.connect(lambda _i: self._kind_changed())
        self.periodNumber.activated.connect(lambda _i: self.refresh())
        self.year.valueChanged.connect(lambda _v: self.refresh())
        self.refresh()
        context.ops.follow(self, lambda changes: changes.touches(*COUNTED_KINDS), self.refresh)

    # the period -------------------------------------------------------------------------

    def _fill_kinds(self) -> None:
        current = self.periodKind.currentData()
        self.periodKind.clear()
        for key, label in PERIOD_KINDS:
            self.periodKind.addItem(_(label), key)
        self.periodKind.setCurrentIndex(max(self.periodKind.findData(current), 0))

    def _fill_numbers(self, chosen: int | None = None) -> None:
        kind = self.periodKind.currentData()
        current = chosen if chosen is not None else self.periodNumber.currentData()
        self.periodNumber.clear()
        if kind == "month":
            for month in range(1, 13):
                self.periodNumber.addItem(_("Month {n}").format(n=month), month)
        elif kind == "quarter":
            for quarter in range(1, 5):
                self.periodNumber.addItem(_("Quarter {n}").format(n=quarter), quarter)
        self.periodNumber.setVisible(kind != "year")
        self.periodNumber.setCurrentIndex(max(self.periodNumber.findData(current), 0))

    def _kind_changed(self) -> None:
        self._fill_numbers(1 if self.periodKind.currentData() != "year" else None)
        self.refresh()

    def period(self) -> stats.Period:
        """The period the controls name."""
        kind = self.periodKind.currentData()
        number = self.periodNumber.currentData()
        year = self.year.value()
        if kind == "month":
            return stats.Period.of(year, month=number)
        if kind == "quarter":
            return stats.Period.of(year, quarter=number)
        return stats.Period.of(year)

    # the figures ------------------------------------------------------------------------

    def refresh(self) -> None:
        """Read the figures of the period on a worker thread, then show them."""
        period = self.period()
        self._readings += 1
        number = self._readings
        self.summary.setText(_("Counting…"))

        def show(figures: stats.Statistics) -> None:
            # the page may have been closed while the figures were counted
            if shiboken6.isValid(self) and number == self._readings:
                self.show_figures(figures)

        self.context.ops.read_later(show, _log_failure, stats.statistics, period)

    def show_figures(self, figures: stats.Statistics) -> None:
        """One tab per table: the table, and its chart beside it."""
        self.figures_shown = figures
        self.summary.setText(
            _("{period}: {admissions} admissions, {discharges} discharges").format(
                period=figures.period.label(),
                admissions=figures.admissions,
                discharges=figures.discharges,
            )
        )
        current = self.figures.currentIndex()
        while self.figures.count():
            page = self.figures.widget(0)
            self.figures.removeTab(0)
            if page is not None:
                page.deleteLater()
        for table in figures.tables:
            shown = table.translated(_)
            self.figures.addTab(_figure_page(shown), shown.title)
        self.figures.setCurrentIndex(max(current, 0))

    # exports ----------------------------------------------------------------------------

    def export_statistics(self) -> None:
        """Write the period's statistics to an Excel or CSV file."""
        period = self.period()
        suggested = _("Statistics {period}").format(period=period.slug()) + ".xlsx"
        path = long_work.ask_table_file(self, _("Export statistics"), suggested)
        if path is not None:
            self._write_statistics(period, path)

    def pdf_report(self) -> None:
        """Write the period's printed statistics report (PDF, with charts)."""
        period = self.period()
        suggested = _("Statistics {period}").format(period=period.slug()) + ".pdf"
        path, _filter = QFileDialog.getSaveFileName(
            self, _("PDF report"), suggested, _("PDF files (*.pdf)")
        )
        if not path:
            return
        if not path.lower().endswith(".pdf"):
            path += ".pdf"
        self._write_statistics(period, Path(path))

    def _write_statistics(self, period: stats.Period, path: Path) -> None:
        def done(target: Path) -> None:
            self.written = target
            say_done(self, _("Saved as {path}.").format(path=target))

        run_with_progress(
            self, self.context, _("Writing the statistics…"), done,
            stats.export_statistics, period, path,
        )  # fmt: skip

    def export_all(self) -> None:
        """Write every child to a file the user chooses."""
        export_children(self, self.context, _("Export all children"))

    def import_ledger(self) -> ImportDialog:
        """Open the import dialog (and its file chooser)."""
        dialog = ImportDialog(self.context, self)
        dialog.show()
        return dialog

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self._fill_kinds()
            self._fill_numbers()
            if self.figures_shown is not None:
                self.refresh()
        super().changeEvent(event)


def _figure_page(table: stats.Table) -> QWidget:
    """A table and, when it has one, its chart side by side."""
    page = QWidget()
    layout = QHBoxLayout(page)
    grid = QTableWidget(len(table.rows), len(table.headers), page)
    grid.setObjectName("figureTable")
    grid.setHorizontalHeaderLabels(table.headers)
    grid.verticalHeader().hide()
    grid.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
    grid.setAlternatingRowColors(True)
    for row, values in enumerate(table.rows):
        for column, value in enumerate(values):
            text = f"{value:.1f}" if isinstance(value, float) else str(value)
            item = QTableWidgetItem(text)
            if column:
                item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            grid.setItem(row, column, item)
    grid.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    layout.addWidget(grid, 2)
    if table.chart:
        chart = BarChart(page)
        chart.setObjectName("figureChart")
        chart.set_lines([(str(row[0]), float(row[1])) for row in table.rows])
        layout.addWidget(chart, 3, Qt.AlignmentFlag.AlignTop)
    return page


def _log_failure(error: BaseException) -> None:
    log.warning(
        "counting the statistics failed", exc_info=(type(error), error, error.__traceback__)
    )
