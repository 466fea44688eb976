"""Table helpers: a model over a list of records, remembered column widths and sort order."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QEvent,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSettings,
    Qt,
)
from PySide6.QtWidgets import QHeaderView, QTableView

from desktop.core.i18n import _


def remember_header(view: QTableView, key: str, state: QSettings) -> None:
    """Restore ``view``'s column order and sort order from ``state`` and save them on change.

    Columns fit their contents whenever rows arrive (the first load and every
    reload), until the user drags a column's edge: from then on the widths they
    set are kept, and remembered for the next start.
    """
    _HeaderFit(view, key, state)


class _HeaderFit(QObject):
    """Fits a table's columns to its rows until the user sizes one by hand."""

    def __init__(self, view: QTableView, key: str, state: QSettings) -> None:
        super().__init__(view)
        self.view = view
        self.key = key
        self.state = state
        self.header: QHeaderView = view.horizontalHeader()
        self.by_hand = state.value(f"tables/{key}/by_hand", False) in (True, "true")
        self._pressed = False
        self._fitting = True
        saved = state.value(f"tables/{key}")
        if saved is not None:
            self.header.restoreState(saved)
        self._fitting = False
        self.fit()
        self.header.viewport().installEventFilter(self)
        self.header.sectionResized.connect(self._resized)
        self.header.sectionMoved.connect(self.save)
        self.header.sortIndicatorChanged.connect(self.save)
        model = view.model()
        model.modelReset.connect(self.fit)
        model.rowsInserted.connect(self.fit)
        model.layoutChanged.connect(self.fit)

    def fit(self) -> None:
        """Size every column to what it shows, unless the user sized them by hand."""
        if self.by_hand or self.view.model().rowCount() == 0:
            return
        self._fitting = True
        try:
            self.view.resizeColumnsToContents()
        finally:
            self._fitting = False

    def save(self) -> None:
        """Remember the header's state (widths, order, sort order)."""
        self.state.setValue(f"tables/{self.key}", self.header.saveState())

    def _resized(self) -> None:
        if self._fitting:
            return
        if self._pressed and not self.by_hand:
            self.by_hand = True
            self.state.setValue(f"tables/{self.key}/by_hand", True)
        self.save()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if kind in (QEvent.Type.MouseButtonPress, QEvent.Type.MouseButtonDblClick):
            self._pressed = True
        elif kind == QEvent.Type.MouseButtonRelease:
            self._pressed = False
        return False


_Index = QModelIndex | QPersistentModelIndex


class RowsModel(QAbstractTableModel):
    """A read-only table over a list of records, with translated column headers.

    Subclasses name their columns in ``HEADERS`` (marked with ``N_``) and say
    what each cell shows in ``cell``.
    """

    HEADERS: tuple[str, ...] = ()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.rows: list[Any] = []

    def cell(self, record: Any, column: int) -> Any:
        """Return what ``column`` shows for ``record``."""
        raise NotImplementedError

    def set_rows(self, rows: list[Any]) -> None:
        """Replace every row."""
        self.beginResetModel()
        self.rows = rows
        self.endResetModel()

    def refresh_texts(self) -> None:
        """Repaint headers and cells after a language change."""
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(self.HEADERS) - 1)
        if self.rows:
            last = self.index(len(self.rows) - 1, len(self.HEADERS) - 1)
            self.dataChanged.emit(self.index(0, 0), last)

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return _(self.HEADERS[section])
        return None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or role != Qt.ItemDataRole.DisplayRole:
            return None
        return self.cell(self.rows[index.row()], index.column())


class CellsModel(RowsModel):
    """A small table whose cells come from one function of the record."""

    def __init__(
        self, headers: tuple[str, ...], cells: Callable[[Any], tuple[Any, ...]],
        parent: QObject | None = None,
    ) -> None:  # fmt: skip
        super().__init__(parent)
        self.HEADERS = headers
        self._cells = cells

    def cell(self, record: Any, column: int) -> Any:
        """Return what ``column`` shows for ``record``."""
        return self._cells(record)[column]
