"""Table cells that show part of their text highlighted (what a search matched).

A model gives, under ``MARKS_ROLE``, the ``(start, end)`` parts of the cell's
display text to mark; ``MarkedTextDelegate`` draws those parts on a highlight
background and the rest as usual. Cells without marks are drawn by Qt.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPalette, QTextCharFormat, QTextLayout
from PySide6.QtWidgets import QApplication, QStyle, QStyledItemDelegate, QStyleOptionViewItem

#: The item data role under which a model gives a cell's marks.
MARKS_ROLE = int(Qt.ItemDataRole.UserRole) + 41
#: The marks' background and text, readable on a plain or a selected row.
MARK_BACKGROUND = QColor("#ffd84d")
MARK_TEXT = QColor("#1a1a1a")

_Index = QModelIndex | QPersistentModelIndex


def mark_formats(text: str, marks: Sequence[tuple[int, int]]) -> list[QTextLayout.FormatRange]:
    """Return the text formats that highlight ``marks`` of ``text`` (cut to the text)."""
    chosen = QTextCharFormat()
    chosen.setBackground(MARK_BACKGROUND)
    chosen.setForeground(MARK_TEXT)
    ranges = []
    for start, end in marks:
        start, end = max(start, 0), min(end, len(text))
        if end <= start:
            continue
        piece = QTextLayout.FormatRange()
        piece.start, piece.length, piece.format = start, end - start, chosen
        ranges.append(piece)
    return ranges


class MarkedTextDelegate(QStyledItemDelegate):
    """Draws a cell's text with the parts its model marks highlighted."""

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: _Index) -> None:
        marks = index.data(MARKS_ROLE)
        if not marks:
            super().paint(painter, option, index)
            return
        item = QStyleOptionViewItem(option)
        self.initStyleOption(item, index)
        text = item.text
        item.text = ""
        widget = item.widget
        style = widget.style() if widget is not None else QApplication.style()
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, item, painter, widget)
        area = style.subElementRect(QStyle.SubElement.SE_ItemViewItemText, item, widget)
        margin = style.pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin, None, widget) + 1
        layout = QTextLayout(text, item.font)
        layout.setFormats(mark_formats(text, marks))
        layout.beginLayout()
        line = layout.createLine()
        line.setLineWidth(1_000_000)
        layout.endLayout()
        selected = bool(item.state & QStyle.StateFlag.State_Selected)
        role = QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
        painter.save()
        painter.setClipRect(area)
        painter.setPen(item.palette.color(role))
        top = area.top() + (area.height() - line.height()) / 2
        layout.draw(painter, QPointF(area.left() + margin, top), [], QRectF(area))
        painter.restore()
