"""Typing a mark in the children list finds the unnamed child and highlights the match."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QColor, QInputMethodEvent
from PySide6.QtWidgets import QApplication

from desktop.core.children import intake
from desktop.views.children_page import FOUND_COLUMN, NAME_COLUMN, ChildrenPage
from desktop.views.kit.marked_text import MARK_BACKGROUND, MARKS_ROLE, mark_formats

NOW = dt.datetime(2026, 11, 29, 12, 0, tzinfo=dt.UTC)
MARK = "圆脸，短发，左脸颊有一块约2厘米的褐色胎记，右耳垂有痣"


def _register(context, **child: str) -> int:  # type: ignore[no-untyped-def]
    stay = intake.AdmissionInput(arrived_at=NOW - dt.timedelta(days=1), arrival_mode="police")
    profile = intake.ChildInput(sex="male", **child)  # type: ignore[arg-type]
    return int(intake.register_child(context.ops.db, context.user, profile, stay).id)


def _page(qtbot, context) -> ChildrenPage:  # type: ignore[no-untyped-def]
    page = ChildrenPage(context)
    qtbot.addWidget(page)
    page.resize(1200, 500)
    page.show()
    return page


def _type(qtbot, page: ChildrenPage, text: str) -> None:  # type: ignore[no-untyped-def]
    """Type ``text`` into the search box the way an input method commits it."""
    page.search.setFocus()
    for character in text:
        event = QInputMethodEvent()
        event.setCommitString(character)
        QApplication.sendEvent(page.search, event)
    assert page.search.text().endswith(text)


def _marked_pixels(page: ChildrenPage, row: int, column: int) -> int:
    """How many pixels of the cell are drawn in the mark colour."""
    table = page.childrenTable
    shot = table.viewport().grab().toImage()
    rect = table.visualRect(page.model.index(row, column))
    ratio = shot.devicePixelRatio()
    wanted = MARK_BACKGROUND.rgb()
    return sum(
        1
        for x in range(int(rect.left() * ratio), int(rect.right() * ratio))
        for y in range(int(rect.top() * ratio), int(rect.bottom() * ratio))
        if QColor(shot.pixel(QPoint(x, y))).rgb() == wanted
    )


def test_typing_a_mark_finds_the_unnamed_child_and_marks_it(qtbot, context) -> None:  # type: ignore[no-untyped-def]
    marked = _register(context, appearance=MARK)
    _register(context, name="李小红", appearance="长脸，扎马尾辫")
    page = _page(qtbot, context)
    qtbot.waitUntil(lambda: page.model.rowCount() == 2)
    _type(qtbot, page, "胎记")
    qtbot.waitUntil(lambda: page.model.rowCount() == 1)
    model = page.model
    assert model.rows[0].id == marked
    shown = model.index(0, FOUND_COLUMN).data()
    assert shown.startswith("Appearance and marks: ")
    assert "胎记" in shown
    start, end = model.index(0, FOUND_COLUMN).data(MARKS_ROLE)[0]
    assert shown[start:end] == "胎记"
    assert model.index(0, NAME_COLUMN).data(MARKS_ROLE) == []  # nothing to mark in the name
    assert _marked_pixels(page, 0, FOUND_COLUMN) > 50
    assert model.index(0, FOUND_COLUMN).data(Qt.ItemDataRole.ToolTipRole) == MARK
    assert _marked_pixels(page, 0, NAME_COLUMN) == 0
    assert page.resultCount.text() == "1 child"


def test_a_word_in_no_description_finds_nothing(qtbot, context) -> None:  # type: ignore[no-untyped-def]
    _register(context, appearance=MARK)
    page = _page(qtbot, context)
    _type(qtbot, page, "胎痣")
    qtbot.waitUntil(lambda: page.resultCount.text() == "0 children")
    assert page.model.rowCount() == 0


def test_a_name_match_is_marked_in_the_name(qtbot, context) -> None:  # type: ignore[no-untyped-def]
    _register(context, name="张小明")
    _register(context, name="王芳", clothing="红色羽绒服")
    page = _page(qtbot, context)
    qtbot.keyClicks(page.search, "xiaom")
    qtbot.waitUntil(lambda: page.model.rowCount() == 1)
    name = page.model.index(0, NAME_COLUMN)
    start, end = name.data(MARKS_ROLE)[0]
    assert name.data()[start:end] == "小明"
    assert page.model.index(0, FOUND_COLUMN).data() == ""
    assert page.model.index(0, FOUND_COLUMN).data(Qt.ItemDataRole.ToolTipRole) is None
    assert _marked_pixels(page, 0, NAME_COLUMN) > 20
    assert _marked_pixels(page, 0, FOUND_COLUMN) == 0


def test_in_chinese_the_cell_names_the_field_in_chinese(qtbot, context, translators) -> None:  # type: ignore[no-untyped-def]
    translators.install("zh_CN")
    _register(context, clothing="蓝色校服上衣，\n黑色运动裤")
    page = _page(qtbot, context)
    _type(qtbot, page, "运动裤")
    qtbot.waitUntil(lambda: page.model.wanted.text == "运动裤")
    assert page.model.rowCount() == 1
    found = page.model.index(0, FOUND_COLUMN)
    assert found.data() == "发现时衣着：蓝色校服上衣， 黑色运动裤"
    start, end = found.data(MARKS_ROLE)[0]
    assert found.data()[start:end] == "运动裤"
    assert page.model.headerData(FOUND_COLUMN, Qt.Orientation.Horizontal) == "匹配内容"


def test_marks_outside_the_text_are_cut() -> None:
    ranges = mark_formats("胎记", [(-3, 1), (1, 9), (5, 6)])
    assert [(piece.start, piece.length) for piece in ranges] == [(0, 1), (1, 1)]
