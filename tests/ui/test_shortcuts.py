"""The desk's keys work from a child's record window too; Down goes from the search box
into the results."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from desktop.core.children import intake
from desktop.views import main_window
from desktop.views.main_window import MainWindow
from tests.ui.test_main_window import _window


def _register(context, name: str) -> int:  # type: ignore[no-untyped-def]
    child = intake.register_child(
        context.ops.db, context.user,
        intake.ChildInput(name=name, sex="male", estimated_age=10, category="street"),
        intake.AdmissionInput(arrival_mode="self", arrived_at=dt.datetime.now(dt.UTC),
                              receiving_staff_id=context.user.id),
    )  # fmt: skip
    return child.id


def _record_window(qtbot, window: MainWindow, child_id: int):  # type: ignore[no-untyped-def]
    window.open_child(child_id)
    record = window.records[child_id]
    qtbot.waitExposed(record)
    record.windowHandle().requestActivate()
    qtbot.waitUntil(record.isActiveWindow)
    return record


def test_ctrl_n_ctrl_l_ctrl_f_and_ctrl_b_work_in_a_record_window(
    qtbot, context, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    window = _window(qtbot, context)
    record = _record_window(qtbot, window, _register(context, "张小明"))
    opened: list[str] = []
    monkeypatch.setattr(main_window.IntakeDialog, "exec", lambda self: opened.append("intake") or 0)
    from desktop.views import backup_dialog

    monkeypatch.setattr(
        backup_dialog.BackupDialog, "exec", lambda self: opened.append("backup") or 0
    )
    QTest.keySequence(record, "Ctrl+N")
    assert opened == ["intake"]
    with qtbot.waitSignal(window.lock_requested, timeout=2000):
        QTest.keySequence(record, "Ctrl+L")
    QTest.keySequence(record, "Ctrl+B")
    assert opened == ["intake", "backup"]
    QTest.keySequence(record, "Ctrl+F")
    assert window.pages.currentWidget() is window.children_page


def test_down_from_the_search_box_enters_the_results(qtbot, context) -> None:  # type: ignore[no-untyped-def]
    _register(context, "张小明")
    _register(context, "李小红")
    window = _window(qtbot, context)
    window.find_child()
    page = window.children_page
    qtbot.waitUntil(page.search.hasFocus)
    qtbot.keyClick(page.search, Qt.Key.Key_Down)
    assert page.childrenTable.hasFocus()
    assert page.childrenTable.currentIndex().row() == 0
    assert page.childrenTable.selectionModel().isRowSelected(0)
    qtbot.keyClick(page.childrenTable, Qt.Key.Key_Down)
    assert page.childrenTable.currentIndex().row() == 1


def test_down_in_an_empty_list_stays_in_the_search_box(qtbot, context) -> None:  # type: ignore[no-untyped-def]
    window = _window(qtbot, context)
    window.find_child()
    page = window.children_page
    qtbot.waitUntil(page.search.hasFocus)
    qtbot.keyClick(page.search, Qt.Key.Key_Down)
    assert page.search.hasFocus()
