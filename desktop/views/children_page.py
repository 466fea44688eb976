"""The children list: one search box, filters, and a table that loads page by page."""

from __future__ import annotations

import logging
from typing import Any

from PySide6.QtCore import (
    QDate,
    QEvent,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtWidgets import QComboBox, QWidget

from desktop.core import fields
from desktop.core.children import marks, search
from desktop.core.clock import format_time
from desktop.core.errors import HomewardError
from desktop.core.i18n import N_, _, ngettext
from desktop.core.staff.permissions import Permission
from desktop.core.store.db import Database
from desktop.core.store.models import Staff
from desktop.views.context import SessionContext
from desktop.views.export_action import export_children
from desktop.views.kit.field_widgets import day_of, fill_choices
from desktop.views.kit.inline_errors import report
from desktop.views.kit.marked_text import MARKS_ROLE, MarkedTextDelegate
from desktop.views.kit.tables import RowsModel, remember_header
from desktop.views.kit.ui_types import ChildrenPageWidgets
from desktop.views.kit.uiloader import icon, load_ui

_Index = QModelIndex | QPersistentModelIndex
PAGE = 200

#: The list's columns: (sort key for the core, or None if not sortable; header).
COLUMNS: tuple[tuple[str | None, str], ...] = (
    ("case_no", N_("Case number")),
    ("name", N_("Name")),
    ("sex", N_("Sex")),
    ("birth_date", N_("Age")),
    ("category", N_("Category")),
    ("in_center", N_("In the center")),
    ("last_arrived_at", N_("Last arrival")),
    (None, N_("Resident ID number")),
    (None, N_("Found in")),
)
NAME_COLUMN = 1
FOUND_COLUMN = len(COLUMNS) - 1


def age_text(row: search.ChildRow) -> str:
    """Return the age in years, marked ``≈`` when the birth date is an estimate."""
    if row.age_years is None:
        return ""
    return f"≈{row.age_years}" if row.birth_date_estimated else str(row.age_years)


log = logging.getLogger(__name__)

#: Kinds of record whose change may change the list (names, stays, categories).
LISTED_KINDS = ("child", "admission")


class ChildrenModel(RowsModel):
    """Children matching a filter; the core sorts, and rows come 200 at a time."""

    HEADERS = tuple(header for _key, header in COLUMNS)

    def __init__(self, context: SessionContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.wanted = search.SearchFilter()
        self.order_by = "case_no"
        self.descending = True
        self.total = 0

    def load(self, wanted: search.SearchFilter | None = None) -> None:
        """Run the search again (with a new filter, if given) from the first page."""
        if wanted is not None:
            self.wanted = wanted
        self.show_found(self.wanted, *self.context.ops.read(self.first_page, self.wanted))

    def first_page(
        self, db: Database, user: Staff, wanted: search.SearchFilter
    ) -> tuple[int, list[search.ChildRow]]:
        """How many children match ``wanted``, and the first page of them (any thread)."""
        return search.first_page(
            db, user, wanted, order_by=self.order_by, descending=self.descending, limit=PAGE
        )

    def show_found(
        self, wanted: search.SearchFilter, total: int, rows: list[search.ChildRow]
    ) -> None:
        """Show a first page that was read for ``wanted``."""
        self.wanted = wanted
        self.total = total
        self.set_rows(rows)

    def _page(self, offset: int) -> list[search.ChildRow]:
        return self.context.ops.read(
            search.search_children, self.wanted, order_by=self.order_by,
            descending=self.descending, offset=offset, limit=PAGE,
        )  # fmt: skip

    def canFetchMore(self, parent: _Index) -> bool:
        return not parent.isValid() and len(self.rows) < self.total

    def fetchMore(self, parent: _Index) -> None:
        more = self._page(len(self.rows))
        if not more:
            self.total = len(self.rows)
            return
        self.beginInsertRows(QModelIndex(), len(self.rows), len(self.rows) + len(more) - 1)
        self.rows.extend(more)
        self.endInsertRows()

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        key = COLUMNS[column][0]
        if key is None:
            return
        self.order_by = key
        self.descending = order == Qt.SortOrder.DescendingOrder
        self.load()

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == MARKS_ROLE and index.isValid():
            return self.marks(self.rows[index.row()], index.column())
        if role == Qt.ItemDataRole.ToolTipRole and index.column() == FOUND_COLUMN:
            row = self.rows[index.row()] if index.isValid() else None
            return row.found_text if row is not None and row.found_in else None
        return super().data(index, role)

    def marks(self, row: search.ChildRow, column: int) -> list[marks.Span]:
        """Return the parts of ``column``'s text for ``row`` that the search words match."""
        words = search.search_words(self.wanted.text)
        if not words:
            return []
        if column == NAME_COLUMN and (row.name or row.alias):
            return marks.name_spans(row.display_name, words)
        if column == FOUND_COLUMN and row.found_in:
            label = self._found_label(row)
            _shown, moved = marks.snippet(row.found_text, marks.spans(row.found_text, words))
            return [(start + len(label), end + len(label)) for start, end in moved]
        return []

    @staticmethod
    def _found_label(row: search.ChildRow) -> str:
        """The name of the description a search word was found in, as the cell starts."""
        return _("{field}: ").format(field=_(fields.CHILD[row.found_in].label))

    def found_text(self, row: search.ChildRow) -> str:
        """Return the Found in cell: the description's name and the part around the match."""
        if not row.found_in:
            return ""
        words = search.search_words(self.wanted.text)
        shown, _moved = marks.snippet(row.found_text, marks.spans(row.found_text, words))
        return self._found_label(row) + shown

    def cell(self, row: search.ChildRow, column: int) -> Any:
        """Return what ``column`` shows for ``row``."""
        if column == 0:
            return row.case_no
        if column == 1:
            return row.display_name
        if column == 2:
            return fields.CHILD["sex"].choice_label(row.sex)
        if column == 3:
            return age_text(row)
        if column == 4:
            return fields.CHILD["category"].choice_label(row.category)
        if column == 5:
            return _("yes") if row.in_center else ""
        if column == 6:
            return format_time(row.last_arrived_at)
        if column == FOUND_COLUMN:
            return self.found_text(row)
        return row.id_number or ""


class ChildrenPage(QWidget, ChildrenPageWidgets):
    """Search box and filters on top, the matching children below."""

    open_child = Signal(int)
    new_intake = Signal()

    def __init__(self, context: SessionContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        load_ui("children_page", self)
        self.context = context
        self.model = ChildrenModel(context, self)
        self.childrenTable.setModel(self.model)
        self.childrenTable.setItemDelegate(MarkedTextDelegate(self.childrenTable))
        self.childrenTable.verticalHeader().hide()
        self.childrenTable.horizontalHeader().setStretchLastSection(True)
        self.childrenTable.horizontalHeader().setSortIndicator(0, Qt.SortOrder.DescendingOrder)
        self.newIntake.setIcon(icon("new-intake"))
        for combo, width in ((self.category, 14), (self.sex, 6)):
            combo.setSizeAdjustPolicy(
                QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
            )
            combo.setMinimumContentsLength(width)
        self.search.addAction(icon("search"), self.search.ActionPosition.LeadingPosition)
        self._typing = QTimer(self, singleShot=True, interval=250)
        self._typing.timeout.connect(self.refresh)
        self.search.textChanged.connect(lambda _text: self._typing.start())
        self.search.returnPressed.connect(self.refresh)
        self.search.installEventFilter(self)  # Down moves into the results
        for box in (self.inCenter, self.byArrival):
            box.toggled.connect(self.refresh)
        for combo in (self.category, self.sex):
            combo.activated.connect(lambda _index: self.refresh())
        for edit in (self.arrivedFrom, self.arrivedTo):
            edit.dateChanged.connect(
                lambda _date: self.refresh() if self.byArrival.isChecked() else None
            )
        today = QDate.currentDate()
        self.arrivedFrom.setDate(today.addMonths(-1))
        self.arrivedTo.setDate(today)
        self.newIntake.clicked.connect(self.new_intake)
        self.exportList.setIcon(icon("export"))
        self.exportList.setVisible(context.can(Permission.EXPORT))
        self.exportList.clicked.connect(self.export_list)
        self.childrenTable.activated.connect(self._open)
        self.retranslate()
        self.refresh()
        context.ops.follow(
            self, lambda changes: changes.touches(*LISTED_KINDS), self.refresh_in_background
        )
        self._searches = 0  # the latest background search; older answers are dropped
        remember_header(self.childrenTable, "children", context.ui_state)

    def retranslate(self) -> None:
        """Set the texts made in code in the current language."""
        fill_choices(self.category, fields.CHILD["category"], _("Any"))
        fill_choices(self.sex, fields.CHILD["sex"], _("Any"))
        self._show_count()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
            self.model.refresh_texts()
        super().changeEvent(event)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Down in the search box moves into the results, on the first child."""
        if (
            watched is self.search
            and event.type() == QEvent.Type.KeyPress
            and event.key() == Qt.Key.Key_Down  # type: ignore[attr-defined]
            and self.model.rowCount() > 0
        ):
            self.childrenTable.setFocus(Qt.FocusReason.OtherFocusReason)
            current = self.childrenTable.currentIndex()
            if not current.isValid():
                self.childrenTable.setCurrentIndex(self.model.index(0, 0))
            self.childrenTable.selectRow(self.childrenTable.currentIndex().row())
            return True
        return super().eventFilter(watched, event)

    def focus_search(self) -> None:
        """Put the cursor in the search box (Ctrl+F)."""
        self.search.setFocus()
        self.search.selectAll()

    def current_filter(self) -> search.SearchFilter:
        """Return the filter the controls describe."""
        by_arrival = self.byArrival.isChecked()
        arrived_from = day_of(self.arrivedFrom.date()) if by_arrival else None
        arrived_to = day_of(self.arrivedTo.date()) if by_arrival else None
        return search.SearchFilter(
            text=self.search.text().strip(),
            in_center=True if self.inCenter.isChecked() else None,
            category=self.category.currentData(),
            sex=self.sex.currentData(),
            arrived_from=arrived_from,
            arrived_to=arrived_to,
        )

    def apply_filter(self, wanted: search.SearchFilter) -> None:
        """Set the controls to ``wanted`` (a figure of the dashboard) and search."""
        widgets = (self.search, self.inCenter, self.category, self.sex, self.byArrival,
                   self.arrivedFrom, self.arrivedTo)  # fmt: skip
        for widget in widgets:
            widget.blockSignals(True)
        self.search.setText(wanted.text)
        self.inCenter.setChecked(bool(wanted.in_center))
        self.category.setCurrentIndex(max(self.category.findData(wanted.category), 0))
        self.sex.setCurrentIndex(max(self.sex.findData(wanted.sex), 0))
        by_arrival = wanted.arrived_from is not None or wanted.arrived_to is not None
        self.byArrival.setChecked(by_arrival)
        if wanted.arrived_from is not None:
            self.arrivedFrom.setDate(QDate(wanted.arrived_from))
        if wanted.arrived_to is not None:
            self.arrivedTo.setDate(QDate(wanted.arrived_to))
        for widget in widgets:
            widget.blockSignals(False)
        self.refresh()

    def refresh(self) -> None:
        """Search again with what the controls say."""
        try:
            self.model.load(self.current_filter())
        except HomewardError as error:
            report(self, error)
            return
        self._show_count()

    def refresh_in_background(self) -> None:
        """Search again on a worker thread after a change (the screen stays responsive)."""
        wanted = self.current_filter()
        self._searches += 1
        number = self._searches

        def show(found: tuple[int, list[search.ChildRow]]) -> None:
            if number == self._searches:
                self.model.show_found(wanted, *found)
                self._show_count()

        self.context.ops.read_later(show, _log_failure, self.model.first_page, wanted)

    def _show_count(self) -> None:
        total = self.model.total
        self.resultCount.setText(ngettext("{n} child", "{n} children", total).format(n=total))

    def export_list(self) -> None:
        """Write the children this list shows (its filters and search) to a file."""
        export_children(self, self.context, _("Export the list"), self.current_filter())

    def _open(self, index: QModelIndex) -> None:
        if index.isValid():
            self.open_child.emit(self.model.rows[index.row()].id)


def _log_failure(error: BaseException) -> None:
    log.warning("searching again failed", exc_info=(type(error), error, error.__traceback__))
