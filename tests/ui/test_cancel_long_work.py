"""Cancelling long work from its progress dialog: a cancelled import writes nothing (the
rows it had already inserted are rolled back), a cancelled export leaves no file and no
export on the trail; the dialog stays up, saying it is stopping, until the work ends."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMainWindow, QPushButton
from sqlalchemy import func, select

from desktop.core.children import search
from desktop.core.store.models import AuditEntry
from desktop.views import export_action
from desktop.views.import_dialog import ImportDialog
from desktop.views.kit import long_work
from desktop.views.kit.long_work import CancellableProgress
from tests.integration.childtools import add_child
from tests.integration.dbtools import dump
from tests.integration.ledgertools import messy_ledger


class Gate:
    """Holds the work at its next progress report until the test has pressed Cancel."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.reached = threading.Event()
        self.open = threading.Event()
        self.open.set()
        original = long_work.ProgressRelay.report

        def report(relay: long_work.ProgressRelay, done: int, total: int) -> None:
            self.reached.set()
            self.open.wait(20)
            original(relay, done, total)

        monkeypatch.setattr(long_work.ProgressRelay, "report", report)

    def close(self) -> None:
        self.reached.clear()
        self.open.clear()


def _count(context) -> int:  # type: ignore[no-untyped-def]
    return search.count_children(context.ops.db, context.user, search.SearchFilter())


def _exports(context) -> int:  # type: ignore[no-untyped-def]
    with context.ops.db.session() as session:
        query = select(func.count()).select_from(AuditEntry).where(AuditEntry.entity == "export")
        return int(session.scalar(query) or 0)


def _progress(qtbot, parent, gate: Gate) -> CancellableProgress:  # type: ignore[no-untyped-def]
    qtbot.waitUntil(gate.reached.is_set, timeout=20_000)
    running = [found for found in parent.findChildren(CancellableProgress) if not found.ended]
    assert len(running) == 1  # the check's dialog before it has ended
    progress = running[0]
    progress.show()
    qtbot.waitExposed(progress)
    return progress


def test_a_cancelled_import_writes_nothing(
    qtbot, context, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    gate = Gate(monkeypatch)
    dialog = ImportDialog(context)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.open_file(messy_ledger(tmp_path / "台账.xlsx"))
    qtbot.waitUntil(lambda: dialog.raw is not None, timeout=20_000)
    dialog.check.click()
    qtbot.waitUntil(lambda: dialog.checked is not None, timeout=20_000)
    before = dump(context.ops.db.path)
    gate.close()
    dialog.importRows.click()
    progress = _progress(qtbot, dialog, gate)  # the rows are inserted; the last report waits
    button = progress.findChild(QPushButton)
    assert button is not None and button.text() == "Cancel"
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert progress.isVisible() and not button.isEnabled()
    assert progress.labelText() == "Stopping… nothing will be written."
    progress.close()  # closing while the work runs only asks again
    assert progress.isVisible()
    gate.open.set()
    qtbot.waitUntil(lambda: progress.ended, timeout=20_000)
    assert not progress.isVisible()
    assert dialog.summary.text() == "Stopped. Nothing was imported."
    assert dialog.imported is None and _count(context) == 0
    assert dump(context.ops.db.path) == before
    dialog.importRows.click()  # not cancelled, the same import goes through
    qtbot.waitUntil(lambda: dialog.imported is not None, timeout=20_000)
    assert _count(context) == 4


def test_a_cancelled_export_leaves_no_file(
    qtbot, context, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    add_child(context.ops.db, context.user, name="张三", category="lost")
    gate = Gate(monkeypatch)
    gate.close()
    window = QMainWindow()
    qtbot.addWidget(window)
    window.show()
    folder = tmp_path / "out"
    folder.mkdir()
    out = folder / "all.xlsx"
    monkeypatch.setattr(export_action, "ask_table_file", lambda *_args: out)
    export_action.export_children(window, context, "Export")
    progress = _progress(qtbot, window, gate)  # the workbook is made; its last report waits
    qtbot.keyClick(progress, Qt.Key.Key_Escape)  # Escape cancels as the button does
    assert progress.isVisible() and progress.relay.stop.is_set()
    gate.open.set()
    qtbot.waitUntil(lambda: progress.ended, timeout=20_000)
    assert window.statusBar().currentMessage() == "Stopped. Nothing was written."
    assert not out.exists() and list(folder.iterdir()) == []  # no file, no temporary file
    assert _exports(context) == 0
    export_action.export_children(window, context, "Export")  # not cancelled: written
    dialogs = window.findChildren(CancellableProgress)
    qtbot.waitUntil(lambda: all(found.ended for found in dialogs), timeout=20_000)
    assert out.exists() and _exports(context) == 1
