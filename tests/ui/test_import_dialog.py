"""The import dialog: the file's columns with their guessed meaning, a check that names
each row's problems, Import only after a clean check (or bad rows left out on purpose)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QComboBox, QMessageBox

from desktop.core.children import search
from desktop.views.import_dialog import ImportDialog
from desktop.views.reports_page import ReportsPage
from tests.integration.ledgertools import bad_rows, messy_ledger
from tests.ui.conftest import make_staff


def _dialog(qtbot, context, path: Path) -> ImportDialog:  # type: ignore[no-untyped-def]
    dialog = ImportDialog(context)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.open_file(path)
    qtbot.waitUntil(lambda: dialog.raw is not None, timeout=20_000)
    return dialog


def _count(context) -> int:  # type: ignore[no-untyped-def]
    return search.count_children(context.ops.db, context.user, search.SearchFilter())


def test_check_then_import(qtbot, context, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    dialog = _dialog(qtbot, context, messy_ledger(tmp_path / "台账.xlsx"))
    assert "受助儿童台账" in dialog.sheetLine.text() and "4 rows" in dialog.sheetLine.text()
    name_combo = dialog.mapping.cellWidget(1, 2)
    assert isinstance(name_combo, QComboBox) and name_combo.currentData() == "name"
    assert dialog.mapping.item(1, 1).text() == "张小明 "
    assert not dialog.importRows.isEnabled()  # no import before a check
    dialog.check.click()
    qtbot.waitUntil(lambda: dialog.checked is not None, timeout=20_000)
    assert dialog.summary.text() == "4 rows can be imported; 0 rows have problems."
    assert dialog.importRows.isEnabled()
    dialog.importRows.click()
    qtbot.waitUntil(lambda: dialog.imported is not None, timeout=20_000)
    assert dialog.imported.children == 4 and _count(context) == 4


def test_problems_are_listed_and_block_the_import(qtbot, context, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    dialog = _dialog(qtbot, context, messy_ledger(tmp_path / "bad.xlsx", bad_rows()))
    dialog.check.click()
    qtbot.waitUntil(lambda: dialog.checked is not None, timeout=20_000)
    assert "5 rows have problems" in dialog.summary.text()
    lines = dialog.problems.toPlainText().splitlines()
    assert len(lines) == 5 and lines[1] == "Row 10: Category: 外星人 is not one of the choices."
    assert not dialog.importRows.isEnabled()
    dialog.skipBad.setChecked(True)
    assert dialog.importRows.isEnabled()
    # a changed mapping asks for a new check
    combo = dialog.mapping.cellWidget(6, 2)
    assert isinstance(combo, QComboBox)
    combo.setCurrentIndex(0)
    assert dialog.checked is None and not dialog.importRows.isEnabled()
    dialog.check.click()
    qtbot.waitUntil(lambda: dialog.checked is not None, timeout=20_000)
    assert dialog.summary.text() == "5 rows can be imported; 4 rows have problems."  # 外星人 ok
    dialog.skipBad.setChecked(True)
    dialog.importRows.click()
    qtbot.waitUntil(lambda: dialog.imported is not None, timeout=20_000)
    assert dialog.imported.skipped == [9, 11, 12, 13] and _count(context) == 5


def test_an_unreadable_file_is_said(qtbot, context, tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    said: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, _t, text, *a, **k: said.append(text))
    (tmp_path / "empty.xlsx").write_bytes(b"")
    dialog = ImportDialog(context)
    qtbot.addWidget(dialog)
    dialog.open_file(tmp_path / "empty.xlsx")
    qtbot.waitUntil(lambda: bool(said), timeout=20_000)
    assert said == ["empty.xlsx is empty."]
    assert not dialog.check.isEnabled()


def test_the_reports_page_offers_only_what_the_role_may(qtbot, context) -> None:  # type: ignore[no-untyped-def]
    page = ReportsPage(context)
    qtbot.addWidget(page)
    page.show()
    assert page.exportAll.isVisible() and page.importLedger.isVisible()
    viewer = ReportsPage(make_staff(context, "looker", "viewer"))
    qtbot.addWidget(viewer)
    viewer.show()
    assert not viewer.exportAll.isVisible() and not viewer.importLedger.isVisible()
