"""Table helpers: a model over a list of records, remembered column widths and sort order."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSettings,
    Qt,
)
from PySide6.QtWidgets import QHeaderView, QTableView

from desktop.core.i18n import _


def remember_header(view: QTableView, key: str, state: QSettings) -> None:
    """Restore ``view``'s column widths and order from ``state`` and save them on change.

    Call it once the first rows are in: without saved widths, columns fit their contents.
    """
    header: QHeaderView = view.horizontalHeader()
    saved = state.value(f"tables/{key}")
    if saved is None or not header.restoreState(saved):
        view.resizeColumnsToContents()

    def save() -> None:
        state.setValue(f"tables/{key}", header.saveState())

    header.sectionResized.connect(save)
    header.sectionMoved.connect(save)
    header.sortIndicatorChanged.connect(save)


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
