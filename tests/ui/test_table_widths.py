"""Table columns fit what they show once rows arrive, and keep widths set by hand (issue 13)."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QEvent, QPointF, Qt
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import QApplication, QTableView

from desktop.views.children_page import ChildrenPage
from desktop.views.intake_dialog import IntakeDialog
from desktop.views.staff_page import StaffPage
from tests.ui.test_intake import _fill_known_child, make_id


def _elided(view: QTableView, column: int) -> list[str]:
    """The texts of ``column`` wider than the column (drawn with an ellipsis)."""
    model = view.model()
    metrics = view.fontMetrics()
    room = view.columnWidth(column) - 2 * (
        view.style().pixelMetric(view.style().PixelMetric.PM_FocusFrameHMargin, None, view) + 1
    )
    texts = [str(model.index(row, column).data() or "") for row in range(model.rowCount())]
    return [text for text in texts if metrics.horizontalAdvance(text) > room]


def _register(qtbot, context) -> None:  # type: ignore[no-untyped-def]
    dialog = IntakeDialog(context)
    qtbot.addWidget(dialog)
    _fill_known_child(qtbot, dialog, make_id(dt.date(2012, 8, 8)))
    dialog.save()
    assert dialog.child_id is not None


def test_case_numbers_are_not_cut_once_children_arrive(qtbot, context) -> None:  # type: ignore[no-untyped-def]
    page = ChildrenPage(context)
    qtbot.addWidget(page)
    page.resize(1000, 600)
    page.show()
    assert page.model.rowCount() == 0  # sized while empty
    _register(qtbot, context)
    page.refresh()
    assert page.model.rowCount() == 1
    for column in range(page.model.columnCount() - 1):  # the last one stretches
        assert _elided(page.childrenTable, column) == [], column


def test_a_staff_status_is_not_cut(qtbot, context) -> None:  # type: ignore[no-untyped-def]
    page = StaffPage(context)
    qtbot.addWidget(page)
    page.resize(900, 500)
    page.show()
    status = page.model.HEADERS.index("Status")
    page.staffTable.setColumnWidth(status, 10)  # as an empty table's fit leaves it
    page.refresh()
    assert _elided(page.staffTable, status) == []


def _drag_edge(view: QTableView, column: int, width: int) -> None:
    """Resize ``column`` as a user does: with the mouse held on the header."""
    viewport = view.horizontalHeader().viewport()
    point = QPointF(2, 2)
    press = QMouseEvent(
        QEvent.Type.MouseButtonPress,
        point,
        point,
        Qt.MouseButton.LeftButton,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    QApplication.sendEvent(viewport, press)
    view.horizontalHeader().resizeSection(column, width)
    release = QMouseEvent(
        QEvent.Type.MouseButtonRelease,
        point,
        point,
        Qt.MouseButton.LeftButton,
        Qt.MouseButton.NoButton,
        Qt.KeyboardModifier.NoModifier,
    )
    QApplication.sendEvent(viewport, release)


def test_widths_set_by_hand_are_kept_across_reloads_and_starts(qtbot, context) -> None:  # type: ignore[no-untyped-def]
    _register(qtbot, context)
    page = ChildrenPage(context)
    qtbot.addWidget(page)
    page.show()
    _drag_edge(page.childrenTable, 1, 333)
    page.refresh()
    assert page.childrenTable.columnWidth(1) == 333
    again = ChildrenPage(context)
    qtbot.addWidget(again)
    again.show()
    assert again.childrenTable.columnWidth(1) == 333


def test_a_window_resize_is_not_taken_for_a_width_set_by_hand(qtbot, context) -> None:  # type: ignore[no-untyped-def]
    page = ChildrenPage(context)
    qtbot.addWidget(page)
    page.show()
    page.resize(700, 400)
    page.resize(1100, 400)
    _register(qtbot, context)
    page.refresh()
    assert _elided(page.childrenTable, 0) == []
