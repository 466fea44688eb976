"""What becomes of each belonging still held when a child leaves: given back to someone,
or kept with the reason why — one row per item, as the discharge and the return-home
handover both ask (the core checks that every item is accounted for)."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHeaderView, QTableWidget, QTableWidgetItem, QWidget

from desktop.core import fields
from desktop.core.i18n import _
from desktop.core.residence.discharge import BelongingEnd
from desktop.core.store.models import Belonging

#: The columns: the item, whom it is given back to, why it is not.
ITEM, GIVEN_TO, REASON = range(3)


class BelongingEnds:
    """Drives ``table`` (and hides it with ``title`` when nothing is held)."""

    def __init__(self, table: QTableWidget, title: QWidget | None = None) -> None:
        self.table = table
        self.title = title
        self.held: list[Belonging] = []
        table.setColumnCount(3)
        table.horizontalHeader().setSectionResizeMode(ITEM, QHeaderView.ResizeMode.ResizeToContents)
        table.horizontalHeader().setStretchLastSection(True)
        table.verticalHeader().setVisible(False)
        self.retranslate()

    def retranslate(self) -> None:
        """Name the columns in the current language."""
        self.table.setHorizontalHeaderLabels(
            [_("Item"), _("Given back to"), _(fields.BELONGING["not_returned_reason"].label)]
        )

    def fill(self, held: Sequence[Belonging], given_to: str = "") -> None:
        """One row per item held, each given back to ``given_to`` unless changed."""
        self.held = list(held)
        self.table.setRowCount(len(self.held))
        for row, item in enumerate(self.held):
            name = QTableWidgetItem(f"{item.item} × {item.quantity}")
            name.setFlags(name.flags() & ~Qt.ItemFlag.ItemIsEditable)
            self.table.setItem(row, ITEM, name)
            self.table.setItem(row, GIVEN_TO, QTableWidgetItem(given_to))
            self.table.setItem(row, REASON, QTableWidgetItem(""))
        for widget in (self.table, self.title):
            if widget is not None:
                widget.setVisible(bool(self.held))

    def set_end(self, row: int, given_to: str, reason: str = "") -> None:
        """Give the item of ``row`` back to ``given_to``, or keep it for ``reason``."""
        self.table.setItem(row, GIVEN_TO, QTableWidgetItem(given_to))
        self.table.setItem(row, REASON, QTableWidgetItem(reason))

    def ends(self) -> tuple[BelongingEnd, ...]:
        """What the table says of each item, as the core takes it."""
        ends = []
        for row, item in enumerate(self.held):
            given = self.table.item(row, GIVEN_TO)
            why = self.table.item(row, REASON)
            ends.append(
                BelongingEnd(
                    item.id,
                    returned_to=given.text() if given else "",
                    not_returned_reason=why.text() if why else "",
                )
            )
        return tuple(ends)
