"""The whole flow: wizard or sign-in, main window, idle lock, sign-out, second start."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtWidgets import QDialog, QLineEdit, QVBoxLayout

from desktop.config import Settings
from desktop.core import center
from desktop.core.instance import InstanceLock
from desktop.views import app as app_module
from desktop.views.app import AppController
from desktop.views.idle_lock import Cover
from desktop.views.kit.single_instance import RaiseServer, ask_running_to_raise
from desktop.views.setup_wizard import SetupWizard
from desktop.views.sign_in import SignInDialog
from tests.conftest import PASSWORD


@pytest.fixture
def controller(paths, app, translators) -> Iterator[AppController]:  # type: ignore[no-untyped-def]
    paths.home.mkdir(parents=True, exist_ok=True)
    lock = InstanceLock(paths.lock_file)
    lock.acquire()
    made = AppController(app, paths, Settings(paths.settings_file), translators, lock)
    yield made
    if made.window is not None:
        made.window.close_for_sign_out()
    for widget in (made.sign_in, made.wizard, made.lock_dialog):
        if widget is not None:
            widget.close()
    made.quit(0)


def _sign_in(qtbot, dialog: SignInDialog, username: str = "admin") -> None:  # type: ignore[no-untyped-def]
    qtbot.waitUntil(dialog.signInButton.isEnabled)
    dialog.username.setText(username)
    dialog.password.setText(PASSWORD)
    dialog.signInButton.click()


def test_empty_folder_starts_the_wizard(qtbot, controller) -> None:  # type: ignore[no-untyped-def]
    first = controller.start()
    assert isinstance(first, SetupWizard) and first.isVisible()


def test_sign_in_opens_the_main_window_and_sign_out_returns(
    qtbot, db_and_admin, controller
) -> None:  # type: ignore[no-untyped-def]
    first = controller.start()
    assert isinstance(first, SignInDialog)
    qtbot.waitUntil(lambda: first.centerName.text() == "城南未成年人救助保护中心")
    _sign_in(qtbot, first)
    qtbot.waitUntil(lambda: controller.window is not None and controller.window.isVisible())
    assert controller.window.context.user.username == "admin"
    controller.sign_out()
    assert controller.window is None
    assert controller.sign_in is not None and controller.sign_in.isVisible()
    assert controller.sign_in.signInButton.isEnabled()


def test_idle_lock_covers_windows_and_keeps_unsaved_input(qtbot, db_and_admin, controller) -> None:  # type: ignore[no-untyped-def]
    db, admin = db_and_admin
    center.set_setting(db, admin, center.IDLE_LOCK_MINUTES, 1)
    _sign_in(qtbot, controller.start())
    qtbot.waitUntil(lambda: controller.idle is not None)
    editor = QDialog(controller.window)
    field = QLineEdit(editor)
    QVBoxLayout(editor).addWidget(field)
    field.setText("half-typed note")
    editor.show()
    controller.idle.set_minutes(0.002)  # about 0.1 s
    qtbot.waitUntil(lambda: controller.lock_dialog is not None, timeout=3000)
    lock = controller.lock_dialog
    assert lock.username.text() == "admin" and lock.username.isReadOnly()
    assert editor.findChild(Cover) is not None
    assert controller.window.findChild(Cover) is not None
    lock.password.setText("wrong-password")
    lock.signInButton.click()
    assert controller.lock_dialog is lock and "password is wrong" in lock.error.text()
    lock.password.setText(PASSWORD)
    lock.signInButton.click()
    assert controller.lock_dialog is None
    qtbot.waitUntil(lambda: editor.findChild(Cover) is None)
    assert field.text() == "half-typed note" and editor.isVisible()
    editor.close()


def test_lock_on_request_and_sign_out_from_the_lock(
    qtbot, db_and_admin, controller, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QMessageBox

    _sign_in(qtbot, controller.start())
    qtbot.waitUntil(lambda: controller.window is not None)
    controller.window.actionLock.trigger()
    assert controller.lock_dialog is not None
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    controller.lock_dialog.quitButton.click()
    assert controller.window is None and controller.lock_dialog is None
    assert controller.sign_in is not None and controller.sign_in.isVisible()


def test_a_second_start_raises_the_first_and_exits(paths, app, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    paths.home.mkdir(parents=True)
    asked: list[object] = []
    monkeypatch.setattr(
        "desktop.views.kit.single_instance.ask_running_to_raise",
        lambda home: asked.append(home) or True,
    )
    with InstanceLock(paths.lock_file):
        assert app_module.run_gui(paths) == 1
    assert asked == [paths.home]


def test_the_running_instance_answers_a_raise_request(qtbot, paths, app) -> None:  # type: ignore[no-untyped-def]
    paths.home.mkdir(parents=True)
    raised: list[bool] = []
    server = RaiseServer(paths.home, lambda: raised.append(True))
    assert ask_running_to_raise(paths.home)
    qtbot.waitUntil(lambda: raised == [True])
    server.server.close()
    assert not ask_running_to_raise(paths.home, timeout_ms=200)


def test_a_password_set_by_the_admin_must_be_changed_first(
    qtbot, db_and_admin, controller, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QMessageBox

    from desktop.core.staff import accounts
    from desktop.views.main_window import MainWindow

    db, admin = db_and_admin
    accounts.create_staff(db, admin, "zhangwei", "张伟", "intake", PASSWORD)
    offered: list[bool] = []
    monkeypatch.setattr(MainWindow, "change_password", lambda self: offered.append(True) or False)
    monkeypatch.setattr(QMessageBox, "information", lambda *a, **k: None)
    _sign_in(qtbot, controller.start(), "zhangwei")
    qtbot.waitUntil(lambda: offered == [True])
    assert controller.window is None
    assert controller.sign_in is not None and controller.sign_in.isVisible()


def test_saved_idle_time_applies_at_once(qtbot, db_and_admin, controller) -> None:  # type: ignore[no-untyped-def]
    _sign_in(qtbot, controller.start())
    qtbot.waitUntil(lambda: controller.idle is not None)
    assert controller.idle.timer.interval() == 10 * 60_000
    preferences = controller.window.settings.preferences_tab
    preferences.idleMinutes.setValue(3)
    preferences.savePreferences.click()
    assert controller.idle.timer.interval() == 3 * 60_000
    assert center.get_setting(controller.db, center.IDLE_LOCK_MINUTES) == 3


@pytest.fixture
def old_backup(tmp_path):  # type: ignore[no-untyped-def]
    """A backup on a stick, made on another computer (its own data folder)."""
    from desktop.config import resolve_paths
    from desktop.core.backup import create_backup
    from desktop.core.center import CenterProfile
    from desktop.core.setup import initialise

    old = resolve_paths(tmp_path / "old-computer")
    profile = CenterProfile(name="城南未成年人救助保护中心")
    db, admin = initialise(old, profile, "admin", "王主任", PASSWORD)
    stick = tmp_path / "stick"
    stick.mkdir()
    try:
        return create_backup(db, old, stick, BACKUP_PASSPHRASE, actor=admin).path
    finally:
        db.close()


BACKUP_PASSPHRASE = "river stone 1987"


def _checked_restore_dialog(qtbot, wizard: SetupWizard, backup_file):  # type: ignore[no-untyped-def]
    wizard.center_page.restoreButton.click()
    dialog = wizard.restore_dialog
    assert dialog is not None and dialog.isVisible()
    assert "safety copy" not in dialog.intro.text()
    dialog.set_file(backup_file)
    dialog.passphrase.setText(BACKUP_PASSPHRASE)
    dialog.check.click()
    qtbot.waitUntil(lambda: dialog.manifest is not None, timeout=30_000)
    return dialog


@pytest.mark.usefixtures("fast_kdf")
def test_a_new_computer_restores_a_backup_from_the_wizard_and_signs_in(
    qtbot, controller, old_backup, paths
) -> None:  # type: ignore[no-untyped-def]
    wizard = controller.start()
    assert isinstance(wizard, SetupWizard)
    dialog = _checked_restore_dialog(qtbot, wizard, old_backup)
    questions: list[str] = []
    dialog.confirm = lambda question: questions.append(question) or True
    dialog.buttons.button(dialog.buttons.StandardButton.Ok).click()
    qtbot.waitUntil(lambda: controller.sign_in is not None, timeout=30_000)
    assert controller.wizard is None
    assert "on this computer" in questions[0]
    assert paths.db_file.exists()
    _sign_in(qtbot, controller.sign_in)
    qtbot.waitUntil(lambda: controller.window is not None and controller.window.isVisible())
    assert controller.window.context.user.full_name == "王主任"
    assert center.get_center(controller.db).name == "城南未成年人救助保护中心"


@pytest.mark.usefixtures("fast_kdf")
def test_declining_the_restore_keeps_the_wizard_and_the_folder_empty(
    qtbot, controller, old_backup, paths
) -> None:  # type: ignore[no-untyped-def]
    wizard = controller.start()
    dialog = _checked_restore_dialog(qtbot, wizard, old_backup)
    dialog.confirm = lambda _question: False
    dialog.buttons.button(dialog.buttons.StandardButton.Ok).click()
    assert not paths.db_file.exists()
    assert controller.wizard is wizard and wizard.isVisible()
    assert controller.sign_in is None


# the lock hides what is on the screen ---------------------------------------------------------


def _foreign_pixels(window) -> int:  # type: ignore[no-untyped-def]
    """How many pixels of ``window`` (as drawn now) are neither the cover's fill nor its label."""
    from PySide6.QtGui import QColor

    from desktop.views.idle_lock import COVER_COLOUR

    image = window.grab().toImage()
    cover = window.findChild(Cover)
    label = cover.label.geometry().translated(cover.pos()) if cover is not None else None
    fill = QColor(COVER_COLOUR).rgb()
    scale = image.devicePixelRatio()
    count = 0
    for y in range(0, image.height(), 2):
        for x in range(0, image.width(), 2):
            if label is not None and label.contains(int(x / scale), int(y / scale)):
                continue
            if image.pixel(x, y) != fill:
                count += 1
    return count


def test_the_lock_draws_nothing_of_any_window(qtbot, db_and_admin, controller) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QLabel

    from tests.integration.childtools import add_child

    db, admin = db_and_admin
    child_id = add_child(db, admin, name="王秀英", id_number=None)
    _sign_in(qtbot, controller.start())
    qtbot.waitUntil(lambda: controller.window is not None and controller.window.isVisible())
    window = controller.window
    window.show_area(1)  # the children list, with the child's name in it
    window.open_child(child_id)
    record = window.records[child_id]
    editor = QDialog(window)
    note = QLabel("王秀英 11010520140503123X", editor)
    note.setStyleSheet("background: #ff0000; color: #000000;")
    QVBoxLayout(editor).addWidget(note)
    editor.show()
    shown = [window, record, editor]
    assert "王秀英" in record.windowTitle()
    assert all(_foreign_pixels(each) > 1000 for each in shown)  # the check can fail

    window.actionLock.trigger()
    assert controller.lock_dialog is not None
    for each in shown:
        assert _foreign_pixels(each) == 0, each
        assert "王秀英" not in each.windowTitle()
    late = QLabel("王秀英", record)  # a widget shown while locked stays under the cover
    late.show()
    qtbot.waitUntil(lambda: _foreign_pixels(record) == 0, timeout=2000)
    opened = QDialog(window)  # a window opened while locked (a finished print job) is covered
    shown_late = QLabel("王秀英 11010520140503123X", opened)
    shown_late.setStyleSheet("background: #ff0000;")
    QVBoxLayout(opened).addWidget(shown_late)
    opened.show()
    assert _foreign_pixels(opened) == 0 and "王秀英" not in opened.windowTitle()
    asks = QDialog(controller.lock_dialog)  # the lock's own windows stay usable
    asks.show()
    assert asks.findChild(Cover) is None and controller.lock_dialog.findChild(Cover) is None
    asks.close()
    assert "screen is locked" in controller.lock_dialog.subtitle.text()
    assert "locked itself" not in controller.lock_dialog.subtitle.text()

    controller.lock_dialog.password.setText(PASSWORD)
    controller.lock_dialog.signInButton.click()
    assert controller.lock_dialog is None
    qtbot.waitUntil(lambda: record.findChild(Cover) is None)
    assert "王秀英" in record.windowTitle()
    assert all(_foreign_pixels(each) > 1000 for each in [*shown, opened])
    editor.close()
    opened.close()
    record.close()


def test_the_idle_lock_says_it_locked_itself(qtbot, db_and_admin, controller) -> None:  # type: ignore[no-untyped-def]
    _sign_in(qtbot, controller.start())
    qtbot.waitUntil(lambda: controller.idle is not None)
    controller.idle.set_minutes(0.002)
    qtbot.waitUntil(lambda: controller.lock_dialog is not None, timeout=3000)
    assert "locked itself" in controller.lock_dialog.subtitle.text()


def test_quitting_shows_a_busy_cursor_and_says_why_while_the_snapshot_runs(
    qtbot, db_and_admin, controller, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QApplication

    from desktop.core import backup

    _sign_in(qtbot, controller.start())
    qtbot.waitUntil(lambda: controller.window is not None and controller.window.isVisible())
    window = controller.window
    seen: list[tuple[object, str]] = []

    def snapshot(_paths: object, _db: object) -> None:
        cursor = QApplication.overrideCursor()
        seen.append((cursor.shape() if cursor else None, window.statusbar.currentMessage()))

    monkeypatch.setattr(backup, "snapshot_on_exit", snapshot)
    assert QApplication.overrideCursor() is None
    window.close()  # the window's close button: the program quits
    assert seen and seen[0][0] == Qt.CursorShape.WaitCursor
    assert "safety copy" in seen[0][1]
    assert QApplication.overrideCursor() is None  # back to normal afterwards
