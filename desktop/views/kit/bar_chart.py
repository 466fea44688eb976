"""A horizontal bar chart drawn with QPainter: a name and a bar with its number per line.

QtCharts is not part of the PySide6 wheels Homeward installs; a bar chart of a
dozen lines needs no more than this.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QPainter, QPaintEvent
from PySide6.QtWidgets import QSizePolicy, QWidget

from desktop.views.kit.style import ACCENT, HINT

#: Height of one bar's line, and the gap between the label, the bar and the number.
LINE = 22
GAP = 8


class BarChart(QWidget):
    """Bars for ``(label, value)`` lines, longest value the full width."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.lines: list[tuple[str, float]] = []
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)

    def set_lines(self, lines: Sequence[tuple[str, float]]) -> None:
        """Show these lines (in this order, top to bottom)."""
        self.lines = [(label, float(value)) for label, value in lines]
        self.updateGeometry()
        self.update()

    def sizeHint(self) -> QSize:
        return QSize(360, max(len(self.lines), 1) * LINE + 2 * GAP)

    def minimumSizeHint(self) -> QSize:
        return QSize(200, 80)  # the lines close up when the room is short

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        metrics = painter.fontMetrics()
        label_width = max((metrics.horizontalAdvance(label) for label, _v in self.lines), default=0)
        label_width = min(label_width, self.width() * 3 // 5)
        number_width = max(
            (metrics.horizontalAdvance(_number(value)) for _l, value in self.lines), default=0
        )
        top = max((value for _l, value in self.lines), default=0.0)
        room = max(self.width() - label_width - number_width - 3 * GAP, 1)
        line = min(LINE, max((self.height() - 2 * GAP) / max(len(self.lines), 1), 4.0))
        for row, (label, value) in enumerate(self.lines):
            y = GAP + row * line
            text_box = QRectF(0, y, label_width, line)
            painter.setPen(QColor(HINT))
            shown = metrics.elidedText(label, Qt.TextElideMode.ElideRight, label_width)
            painter.drawText(text_box, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                             shown)  # fmt: skip
            length = room * value / top if top > 0 else 0
            bar = QRectF(label_width + GAP, y + line * 0.18, length, line * 0.64)
            painter.fillRect(bar, QColor(ACCENT))
            painter.setPen(self.palette().text().color())
            number_box = QRectF(bar.right() + GAP / 2, y, number_width + GAP, line)
            painter.drawText(number_box, Qt.AlignmentFlag.AlignVCenter, _number(value))
        painter.end()


def _number(value: float) -> str:
    return str(int(value)) if value == int(value) else f"{value:.1f}"
