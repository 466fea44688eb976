"""What the screens write is owner-only under umask 022: a PDF saved from the preview,
and Qt's window-state file."""

from __future__ import annotations

import os
import stat
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QFileDialog

from desktop.config import Settings
from desktop.core.forms import notice_form
from desktop.core.forms.samples import sample_case
from desktop.core.instance import InstanceLock
from desktop.views.app import AppController
from desktop.views.print_preview import PrintPreviewDialog

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="POSIX file modes")


@pytest.fixture(autouse=True)
def umask_022() -> Iterator[None]:
    old = os.umask(0o022)
    yield
    os.umask(old)


def test_a_pdf_saved_from_the_preview_is_owner_only(app, qtbot, tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    pdf = notice_form.build(sample_case())
    dialog = PrintPreviewDialog(pdf, "寻亲公告 张小明")
    qtbot.addWidget(dialog)
    target = tmp_path / "寻亲公告 张小明.pdf"
    target.write_bytes(b"an older file, readable by all")
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    dialog.saveButton.click()
    assert target.read_bytes() == pdf
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert [p.name for p in tmp_path.iterdir()] == [target.name]


def test_the_window_state_file_is_owner_only(paths, app, translators) -> None:  # type: ignore[no-untyped-def]
    paths.home.mkdir(parents=True)
    lock = InstanceLock(paths.lock_file)
    lock.acquire()
    try:
        controller = AppController(app, paths, Settings(paths.settings_file), translators, lock)
        controller.ui_state.setValue("main/geometry", b"x")
        controller.ui_state.sync()
        state = Path(controller.ui_state.fileName())
        assert state == paths.ui_state_file
        assert stat.S_IMODE(state.stat().st_mode) == 0o600
    finally:
        lock.release()
