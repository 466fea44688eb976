"""Table helpers: remembered column widths and sort order."""

from __future__ import annotations

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QHeaderView, QTableView


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
