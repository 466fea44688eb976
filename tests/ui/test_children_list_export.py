"""The children list's Export button: the list's filter goes to the file, with progress,
and only for those who may export."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import load_workbook

from desktop.views import export_action
from desktop.views.children_page import ChildrenPage
from tests.integration.childtools import add_child
from tests.ui.conftest import make_staff


def test_export_writes_what_the_list_shows(
    qtbot, context, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    add_child(context.ops.db, context.user, name="张三", category="lost")
    add_child(context.ops.db, context.user, name="李四", category="street")
    page = ChildrenPage(context)
    qtbot.addWidget(page)
    page.show()
    page.category.setCurrentIndex(page.category.findData("street"))
    page.refresh()
    out = tmp_path / "list.xlsx"
    monkeypatch.setattr(export_action, "ask_table_file", lambda *_args: out)
    assert page.exportList.isVisible()
    page.exportList.click()
    qtbot.waitUntil(out.exists, timeout=20_000)
    rows = list(load_workbook(out).worksheets[0].iter_rows(values_only=True))
    assert [row[1] for row in rows] == ["Name", "李四"]


def test_no_export_button_for_a_viewer(qtbot, context) -> None:  # type: ignore[no-untyped-def]
    page = ChildrenPage(make_staff(context, "looker", "viewer"))
    qtbot.addWidget(page)
    page.show()
    assert not page.exportList.isVisible()


def test_the_reports_page_exports_every_child(
    qtbot, context, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    from desktop.views.reports_page import ReportsPage

    add_child(context.ops.db, context.user, name="张三", category="lost")
    add_child(context.ops.db, context.user, name="李四", category="street")
    page = ReportsPage(context)
    qtbot.addWidget(page)
    out = tmp_path / "all.csv"
    monkeypatch.setattr(export_action, "ask_table_file", lambda *_args: out)
    page.exportAll.click()
    qtbot.waitUntil(out.exists, timeout=20_000)
    text = out.read_bytes().decode("utf-8-sig")
    assert "张三" in text and "李四" in text
