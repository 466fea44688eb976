"""The backup and restore dialogs, driven headless: drives first, inline errors, progress in a
worker thread, "safe to remove", stopping, and an administrator's restore."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox

from desktop.core import backup, drives
from desktop.core.center import CenterProfile, last_usb_backup, update_center
from desktop.views.backup_dialog import BackupDialog, RestoreDialog, _data_size
from tests.ui.conftest import make_staff

PASSPHRASE = "river stone 1987"
pytestmark = pytest.mark.usefixtures("fast_kdf")


@pytest.fixture
def stick(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """One USB stick, as ``removable_drives`` reports it."""
    folder = tmp_path / "STICK"
    folder.mkdir()
    monkeypatch.setattr(
        drives, "removable_drives", lambda: [drives.Drive(folder, "STICK", 8 << 30)]
    )
    return folder


def fill(dialog: BackupDialog, passphrase: str = PASSPHRASE, repeat: str | None = None) -> None:
    dialog.passphrase.setText(passphrase)
    dialog.repeat.setText(passphrase if repeat is None else repeat)


def start(dialog: BackupDialog) -> None:
    dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()


def test_the_usb_stick_is_offered_first(context, stick, qtbot) -> None:
    dialog = BackupDialog(context)
    qtbot.addWidget(dialog)
    assert dialog.drives.count() == 1
    assert "STICK" in dialog.drives.item(0).text()
    assert "8.6 GB free" in dialog.drives.item(0).text()  # 8 GiB, as the drive's label says
    assert dialog.folder.text() == str(stick)
    assert dialog.noDrives.isHidden()
    assert dialog.is_usb()


def test_without_a_stick_a_hint_and_an_inline_error(context, qtbot, monkeypatch) -> None:
    monkeypatch.setattr(drives, "removable_drives", lambda: [])
    dialog = BackupDialog(context)
    qtbot.addWidget(dialog)
    assert not dialog.noDrives.isHidden()
    fill(dialog)
    start(dialog)
    assert not dialog.folderError.isHidden()
    assert dialog.folderError.text() == "Choose a drive or a folder."
    assert not dialog.running


def test_passphrase_errors_are_shown_next_to_the_fields(context, stick, qtbot) -> None:
    dialog = BackupDialog(context)
    qtbot.addWidget(dialog)
    fill(dialog, "short")
    start(dialog)
    assert "at least 10 characters" in dialog.passphraseError.text()
    fill(dialog, PASSPHRASE, "something else")
    start(dialog)
    assert dialog.passphraseError.isHidden()
    assert dialog.repeatError.text() == "The two passphrases differ."
    assert list(stick.iterdir()) == []


def test_a_backup_to_the_stick_ends_with_safe_to_remove(context, stick, qtbot) -> None:
    dialog = BackupDialog(context)
    qtbot.addWidget(dialog)
    fill(dialog)
    dialog.rotate.setChecked(True)
    dialog.keep.setValue(3)
    start(dialog)
    assert dialog.running and not dialog.passphrase.isEnabled()
    qtbot.waitUntil(lambda: dialog.outcome is not None, timeout=30_000)
    assert dialog.finishedNote.text() == "Safe to remove the USB stick."  # no folder note
    assert dialog.progress.value() == 1000
    assert "Written and verified" in dialog.status.text()
    assert [p.name for p in stick.iterdir()] == [dialog.outcome.path.name]
    assert last_usb_backup(context.ops.db) == dialog.outcome.manifest.created_at
    assert dialog.buttons.button(QDialogButtonBox.StandardButton.Close) is not None


def test_close_after_a_backup_closes_the_dialog(context, stick, qtbot) -> None:
    """It crashed the program once: a label named ``done`` hid ``QDialog.done``."""
    dialog = BackupDialog(context)
    qtbot.addWidget(dialog)
    dialog.show()
    fill(dialog)
    start(dialog)
    qtbot.waitUntil(lambda: dialog.outcome is not None, timeout=30_000)
    close = dialog.buttons.button(QDialogButtonBox.StandardButton.Close)
    qtbot.mouseClick(close, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()
    assert dialog.result() == QDialog.DialogCode.Rejected


def test_a_plain_folder_is_not_a_usb_backup(context, stick, tmp_path, qtbot) -> None:
    other = tmp_path / "elsewhere"
    other.mkdir()
    dialog = BackupDialog(context)
    qtbot.addWidget(dialog)
    dialog.set_folder(other)
    fill(dialog)
    start(dialog)
    qtbot.waitUntil(lambda: dialog.outcome is not None, timeout=30_000)
    note = dialog.finishedNote.text()
    assert note.startswith("The backup is complete.")
    assert "not on a removable drive" in note  # says why the reminder stays
    assert last_usb_backup(context.ops.db) is None


def test_stopping_leaves_nothing_on_the_stick(context, stick, qtbot) -> None:
    dialog = BackupDialog(context)
    qtbot.addWidget(dialog)
    fill(dialog)
    report = dialog.relay.report

    def report_then_stop(step: backup.Step, done: int, total: int) -> None:
        dialog._stop.set()  # as the Cancel button does, from the first progress on
        report(step, done, total)

    dialog.relay.report = report_then_stop  # type: ignore[method-assign]
    start(dialog)
    qtbot.waitUntil(lambda: not dialog.running, timeout=30_000)
    assert dialog.status.text() == "Stopped. Nothing was written."
    assert list(stick.iterdir()) == []
    assert dialog.passphrase.isEnabled()


def test_cancel_while_running_asks_the_work_to_stop(context, stick, qtbot) -> None:
    dialog = BackupDialog(context)
    qtbot.addWidget(dialog)
    dialog.running = True
    dialog.reject()
    assert dialog._stop.is_set()
    assert dialog.status.text() == "Stopping…"
    dialog.running = False


@pytest.fixture
def made(context, tmp_path) -> Path:
    folder = tmp_path / "usb"
    folder.mkdir()
    return backup.create_backup(
        context.ops.db, context.paths, folder, PASSPHRASE, actor=context.user
    ).path


def check(dialog: RestoreDialog, qtbot, path: Path, passphrase: str = PASSPHRASE) -> None:
    dialog.set_file(path)
    dialog.passphrase.setText(passphrase)
    dialog.check.click()
    qtbot.waitUntil(lambda: not dialog.running, timeout=30_000)


def test_restore_shows_the_backup_then_restores_after_one_question(context, made, qtbot) -> None:
    restored: list[bool] = []
    dialog = RestoreDialog(context, None, lambda: restored.append(True))
    qtbot.addWidget(dialog)
    ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
    assert not ok.isEnabled()
    check(dialog, qtbot, made)
    assert not dialog.contents.isHidden()
    assert dialog.centerValue.text() == "城南未成年人救助保护中心"
    assert "Staff accounts: 1" in dialog.countsValue.text()
    assert ok.isEnabled()
    questions: list[str] = []
    dialog.confirm = lambda question: questions.append(question) or True  # type: ignore[func-returns-value]
    ok.click()
    qtbot.waitUntil(lambda: bool(restored), timeout=30_000)
    assert len(questions) == 1 and "safety copy" in questions[0]
    assert dialog.outcome is not None and dialog.outcome.safety_copy is not None


def test_declining_the_question_changes_nothing(context, made, qtbot) -> None:
    dialog = RestoreDialog(context, None, lambda: pytest.fail("nothing was restored"))
    qtbot.addWidget(dialog)
    check(dialog, qtbot, made)
    dialog.confirm = lambda _question: False
    dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
    assert not dialog.running and dialog.outcome is None


def test_a_wrong_passphrase_is_shown_next_to_it(context, made, qtbot) -> None:
    dialog = RestoreDialog(context, None, lambda: None)
    qtbot.addWidget(dialog)
    check(dialog, qtbot, made, "not the passphrase")
    assert "passphrase does not open" in dialog.passphraseError.text()
    assert dialog.contents.isHidden()
    assert not dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).isEnabled()


def test_a_damaged_file_is_shown_next_to_it(context, made, qtbot, tmp_path) -> None:
    bad = tmp_path / "bad.hwbackup"
    data = bytearray(made.read_bytes())
    data[len(data) // 2] ^= 0xFF
    bad.write_bytes(bytes(data))
    dialog = RestoreDialog(context, None, lambda: None)
    qtbot.addWidget(dialog)
    check(dialog, qtbot, bad)
    assert "is damaged" in dialog.fileError.text() or "incomplete" in dialog.fileError.text()


def test_only_an_administrator_can_restore(context, made, qtbot) -> None:
    clerk = make_staff(context, "clerk", "intake")
    dialog = RestoreDialog(clerk, None, lambda: pytest.fail("nothing was restored"))
    qtbot.addWidget(dialog)
    check(dialog, qtbot, made)
    dialog.confirm = lambda _question: True
    dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
    qtbot.waitUntil(lambda: not dialog.running, timeout=30_000)
    assert dialog.status.text() == "Your role does not allow this."


@pytest.mark.parametrize(
    ("size", "said"),
    [(1, "1 KB"), (10_240, "10 KB"), (999_499, "999 KB"), (999_500, "1 MB"),
     (870_000_000, "870 MB"), (15_500_000_000, "15.5 GB")],
)  # fmt: skip
def test_sizes_are_said_in_the_unit_that_fits(size: int, said: str) -> None:
    assert _data_size(size) == said


def _wrapped_labels_fit(dialog: QDialog) -> list[str]:
    """Names of visible word-wrapped labels shorter than their text needs (squashed)."""
    from PySide6.QtWidgets import QLabel

    squashed = []
    for label in dialog.findChildren(QLabel):
        shown = label.isVisible() and label.wordWrap() and label.text()
        if shown and label.height() < label.heightForWidth(label.width()):
            squashed.append(label.objectName())
    return squashed


def test_after_a_backup_the_dialog_grows_instead_of_squashing(
    context, tmp_path, qtbot, monkeypatch
) -> None:
    monkeypatch.setattr(drives, "removable_drives", lambda: [])
    folder = tmp_path / "elsewhere"
    folder.mkdir()
    dialog = BackupDialog(context)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.set_folder(folder)
    fill(dialog)
    start(dialog)
    qtbot.waitUntil(lambda: dialog.outcome is not None, timeout=30_000)
    qtbot.wait(20)
    assert _wrapped_labels_fit(dialog) == []
    assert "KB)" in dialog.status.text()  # a small database is not "1 MB"


def test_the_restore_dialog_shows_every_count(context, made, qtbot) -> None:
    dialog = RestoreDialog(context, None, lambda: None)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    check(dialog, qtbot, made)
    qtbot.wait(20)
    assert dialog.countsValue.text().count("\n") >= 2
    assert _wrapped_labels_fit(dialog) == []
    assert dialog.file.isReadOnly() and not dialog.file.hasFrame()
    assert dialog.otherCenter.isHidden()  # this center's own backup: no warning


def test_another_center_s_backup_is_named_before_the_question(context, made, qtbot) -> None:
    update_center(context.ops.db, context.user, CenterProfile(name="城北未成年人救助保护中心"))
    dialog = RestoreDialog(context, None, lambda: pytest.fail("nothing was restored"))
    qtbot.addWidget(dialog)
    check(dialog, qtbot, made)
    assert not dialog.otherCenter.isHidden()
    assert "another center" in dialog.otherCenter.text()
    assert "城南未成年人救助保护中心" in dialog.otherCenter.text()
    questions: list[str] = []
    dialog.confirm = lambda question: questions.append(question) or False  # type: ignore[func-returns-value]
    dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
    assert len(questions) == 1 and questions[0].startswith("This backup is of another center")
