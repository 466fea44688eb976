"""Starting the program: the QApplication, translators, the lock, and the flow
set-up wizard → sign-in → main window → (idle lock | sign out) → sign-in.

The first window is painted before SQLAlchemy and Alembic are imported: the
database is opened in a worker thread while the sign-in dialog waits.
"""

from __future__ import annotations

import logging
import os
import sys
import time
import traceback
from collections.abc import Callable
from types import TracebackType
from typing import TYPE_CHECKING

from PySide6.QtCore import (
    QEvent,
    QEventLoop,
    QObject,
    QSettings,
    Qt,
    QThreadPool,
    QTimer,
    Signal,
)
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from desktop import __version__
from desktop.config import Paths, Settings
from desktop.core.errors import AlreadyRunning, HomewardError
from desktop.core.i18n import _
from desktop.core.instance import InstanceLock
from desktop.core.private_files import touch_private
from desktop.views.kit.discard import discarding_all
from desktop.views.kit.style import apply_style
from desktop.views.kit.uiloader import app_icon
from desktop.views.qt_i18n import Translators
from desktop.views.sign_in import SignInDialog

if TYPE_CHECKING:
    from desktop.core.changes import Changes
    from desktop.core.store.db import Database
    from desktop.views.idle_lock import IdleWatcher
    from desktop.views.kit.single_instance import RaiseServer
    from desktop.views.main_window import MainWindow
    from desktop.views.setup_wizard import SetupWizard

if TYPE_CHECKING:
    from desktop.views.idle_lock import Covers

log = logging.getLogger(__name__)

#: Set to 1 by the start-up benchmark: quit as soon as the first window is painted.
EXIT_AFTER_PAINT = "HOMEWARD_EXIT_AFTER_PAINT"


class _AfterFirstPaint(QObject):
    """Runs a callback once the watched window has been painted for the first time."""

    def __init__(self, window: QWidget, callback: Callable[[], None]) -> None:
        super().__init__(window)
        self.callback = callback
        window.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint:
            watched.removeEventFilter(self)
            QTimer.singleShot(0, self.callback)
        return False


def _report_paint_and_exit() -> None:
    print("painted", flush=True)
    QApplication.exit(0)


class AppController(QObject):
    """Owns the open database and the signed-in staff member, and moves between windows.

    ``finished`` carries the exit code once everything is closed; ``run_gui`` ends
    the event loop with it.
    """

    finished = Signal(int)

    def __init__(
        self,
        app: QApplication,
        paths: Paths,
        settings: Settings,
        translators: Translators,
        lock: InstanceLock,
    ) -> None:
        super().__init__()
        self.app = app
        self.paths = paths
        self.settings = settings
        self.translators = translators
        self.instance_lock = lock
        self.db: Database | None = None
        self.window: MainWindow | None = None
        self.sign_in: SignInDialog | None = None
        self.wizard: SetupWizard | None = None
        self.idle: IdleWatcher | None = None
        self.lock_dialog: SignInDialog | None = None
        self.covers: Covers | None = None
        state_file = touch_private(paths.ui_state_file)  # Qt keeps the file's mode
        self.ui_state = QSettings(str(state_file), QSettings.Format.IniFormat)
        self.raise_server: RaiseServer | None = None

    # start ---------------------------------------------------------------------------------

    def start(self) -> QWidget:
        """Show the first window (wizard or sign-in) and return it."""
        if self.paths.db_file.exists():
            first: QWidget = self.show_sign_in()
            _AfterFirstPaint(first, self.open_database)
        else:
            first = self.show_wizard()
        _AfterFirstPaint(first, self._listen_for_second_start)
        return first

    def _listen_for_second_start(self) -> None:
        from desktop.views.kit.single_instance import RaiseServer

        self.raise_server = RaiseServer(self.paths.home, self.bring_to_front, self)

    def bring_to_front(self) -> None:
        """Show the active window on top (a second start asked for it)."""
        for window in (self.lock_dialog, self.window, self.sign_in, self.wizard):
            if window is not None and window.isVisible():
                window.showNormal()
                window.raise_()
                window.activateWindow()
                return

    def open_database(self) -> None:
        """Open (and if need be upgrade) the database in a worker thread."""
        from desktop.views.kit.worker import run_in_thread

        path, snapshots = self.paths.db_file, self.paths.snapshots_dir

        def work() -> object:
            from desktop.core.store.db import Database  # the ORM's import cost, off the GUI thread

            return Database.open(path, snapshots=snapshots)

        run_in_thread(work, self._database_opened, self._database_failed)

    def _database_opened(self, db: Database) -> None:
        from desktop.core.backup import maybe_daily_snapshot
        from desktop.core.center import get_center
        from desktop.views.kit.worker import run_in_thread

        self.db = db
        paths = self.paths
        run_in_thread(lambda: maybe_daily_snapshot(paths, db), _ignore, _log_failure)
        profile = get_center(db)
        if self.sign_in is not None:
            self.sign_in.set_database(
                db,
                profile.name if profile else _("Homeward"),
                profile.logo if profile else None,
            )

    def _database_failed(self, error: BaseException) -> None:
        if isinstance(error, HomewardError):
            message = error.message
        else:
            log.error(
                "opening the database failed", exc_info=(type(error), error, error.__traceback__)
            )
            message = _(
                "The database could not be opened. The details are in the log file in {folder}."
            ).format(folder=self.paths.log_dir)
        QMessageBox.critical(self.sign_in, _("Homeward"), message)
        self.quit(2)

    # windows -------------------------------------------------------------------------------

    def show_wizard(self) -> QWidget:
        """First start: the set-up wizard."""
        from desktop.views.setup_wizard import SetupWizard

        self.wizard = wizard = SetupWizard(self.paths)
        wizard.language_chosen.connect(self.switch_language)
        wizard.accepted.connect(lambda: self._set_up(wizard))
        wizard.restored.connect(lambda: self._restored_at_set_up(wizard))
        wizard.rejected.connect(lambda: self.quit(0))
        wizard.show()
        return wizard

    def _set_up(self, wizard: QWidget) -> None:
        self.db = wizard.db  # type: ignore[attr-defined]
        self.wizard = None
        self.signed_in(wizard.admin)  # type: ignore[attr-defined]
        wizard.deleteLater()

    def _restored_at_set_up(self, wizard: QWidget) -> None:
        """A backup was restored instead of setting up: sign in to the restored database."""
        self.wizard = None
        wizard.hide()
        wizard.deleteLater()
        self.show_sign_in()
        self.open_database()

    def show_sign_in(self) -> SignInDialog:
        """Show the sign-in dialog (the database may still be opening)."""
        self.sign_in = dialog = SignInDialog()
        dialog.language_chosen.connect(self.switch_language)
        dialog.accepted.connect(lambda: self._signed_in_from(dialog))
        dialog.rejected.connect(lambda: self.quit(0))
        if self.db is not None:
            from desktop.core.center import get_center

            profile = get_center(self.db)
            dialog.set_database(
                self.db,
                profile.name if profile else _("Homeward"),
                profile.logo if profile else None,
            )
        dialog.show()
        return dialog

    def _signed_in_from(self, dialog: SignInDialog) -> None:
        self.sign_in = None
        dialog.deleteLater()
        assert dialog.staff is not None
        self.signed_in(dialog.staff)

    def signed_in(self, staff: object) -> None:
        """Open the main window for ``staff`` and start watching for idleness."""
        from desktop.core.center import IDLE_LOCK_MINUTES, get_setting
        from desktop.views.context import SessionContext
        from desktop.views.idle_lock import IdleWatcher
        from desktop.views.main_window import MainWindow

        context = SessionContext.open(self.paths, self.db, staff, self.ui_state)  # type: ignore[arg-type]
        self.context = context
        self.window = window = MainWindow(context)
        window.sign_out_requested.connect(self.sign_out)
        window.lock_requested.connect(self.lock)
        window.language_requested.connect(self.switch_language)
        window.quit_requested.connect(lambda: self.quit(0))
        context.ops.changed.connect(self._apply_idle_setting)
        window.restore_done.connect(self.after_restore)
        window.show()
        context.ops.warm_up()
        self.idle = IdleWatcher(get_setting(self.db, IDLE_LOCK_MINUTES), self)  # type: ignore[arg-type]
        self.idle.idle.connect(self.lock_when_idle)
        self.idle.start()
        if context.user.must_change_password:
            QTimer.singleShot(0, self, self._require_new_password)

    def after_restore(self) -> None:
        """The database was replaced: sign out and open the restored one."""
        self.db = None  # the restore closed the old one for good
        self.sign_out()
        if self.sign_in is not None:
            self.sign_in.set_waiting()
        self.open_database()

    def _apply_idle_setting(self, changes: Changes) -> None:
        from desktop.core.center import IDLE_LOCK_MINUTES, get_setting

        if self.idle is not None and changes.touches("setting"):
            self.idle.set_minutes(get_setting(self.db, IDLE_LOCK_MINUTES))  # type: ignore[arg-type]

    def _require_new_password(self) -> None:
        """A password set by an administrator is changed before any work; else sign out."""
        if self.window is not None and not self.window.change_password():
            QMessageBox.information(
                self.window,
                _("Change password"),
                _("You need your own password before you can work. You are signed out."),
            )
            self.sign_out()

    def sign_out(self) -> None:
        """Close the main window (and any lock) and go back to the sign-in dialog."""
        if self.idle is not None:
            self.idle.stop()
        self._drop_lock()
        if self.window is not None:
            self.window.close_for_sign_out()
            self.window.deleteLater()
            self.window = None
        with discarding_all():  # the user agreed that what is open is lost
            for widget in QApplication.topLevelWidgets():
                if widget.isVisible() and widget is not self.sign_in:
                    widget.close()
        log.info("signed out")
        self.show_sign_in()

    # idle lock -----------------------------------------------------------------------------

    def lock_when_idle(self) -> None:
        """Lock because nobody used the program for the set time."""
        self.lock(idle=True)

    def lock(self, idle: bool = False) -> None:
        """Cover every window and ask the signed-in staff member for the password.

        ``idle`` says the lock came by itself (the dialog says so); else it was asked for.
        """
        from desktop.views.idle_lock import cover_windows

        if self.lock_dialog is not None or self.window is None:
            return
        if self.idle is not None:
            self.idle.stop()
        dialog = SignInDialog(self.window, locked_user=self.context.user, locked_when_idle=idle)
        self.covers = cover_windows(except_for=dialog)
        dialog.set_database(self.db, self.window.center_label.text())  # type: ignore[arg-type]
        dialog.accepted.connect(lambda: self._unlocked(dialog))
        dialog.sign_out_requested.connect(self._sign_out_from_lock)
        self.lock_dialog = dialog
        dialog.open()
        log.info("screen locked %s", "after idle time" if idle else "on request")

    def _unlocked(self, dialog: SignInDialog) -> None:
        if dialog.staff is not None:
            self.context.ops.user = dialog.staff
        self._drop_lock()
        if self.idle is not None:
            self.idle.start()

    def _sign_out_from_lock(self) -> None:
        answer = QMessageBox.question(
            self.lock_dialog,
            _("Sign out"),
            _("Sign out {name}? Anything not yet saved in open windows is lost.").format(
                name=self.context.user.full_name
            ),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Cancel,
        )
        if answer == QMessageBox.StandardButton.Yes:
            self.sign_out()

    def _drop_lock(self) -> None:
        from desktop.views.idle_lock import uncover

        uncover(self.covers)
        self.covers = None
        if self.lock_dialog is not None:
            self.lock_dialog.hide()
            self.lock_dialog.deleteLater()
            self.lock_dialog = None

    # language and quitting -----------------------------------------------------------------

    def switch_language(self, language: str) -> None:
        """Use ``language`` everywhere now, without closing anything, and remember it."""
        self.translators.install(language)
        self.settings.set("language", language)

    def quit(self, code: int = 0) -> None:
        """Close the database, let go of the data folder, and leave the event loop."""
        if self.idle is not None:
            self.idle.stop()
        self._drop_lock()
        if self.db is not None:
            from desktop.core.backup import snapshot_on_exit

            self._say_closing()
            try:
                snapshot_on_exit(self.paths, self.db)  # about 2 s on a big database
            finally:
                QApplication.restoreOverrideCursor()
            self.db.close()
            self.db = None
        if self.instance_lock.held:
            self.instance_lock.release()
        self.finished.emit(code)

    def _say_closing(self) -> None:
        """Show a busy cursor, and in the main window's status bar what the wait is for."""
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        if self.window is not None and self.window.isVisible():
            self.window.statusbar.showMessage(
                _("Keeping a safety copy of the records, then closing…")
            )
            self.window.statusbar.repaint()
        QApplication.processEvents(QEventLoop.ProcessEventsFlag.ExcludeUserInputEvents)


def _ignore(_result: object) -> None:
    """A worker's result nobody needs."""


def _log_failure(error: BaseException) -> None:
    log.error("background work failed", exc_info=(type(error), error, error.__traceback__))


def _excepthook(paths: Paths) -> object:
    def hook(kind: type[BaseException], value: BaseException, tb: TracebackType | None) -> None:
        log.error("unexpected error\n%s", "".join(traceback.format_exception(kind, value, tb)))
        if isinstance(value, HomewardError):
            QMessageBox.warning(None, _("Homeward"), value.message)
            return
        QMessageBox.critical(
            None,
            _("Homeward"),
            _(
                "Something went wrong. Nothing was saved from the last action. The details are "
                "in the log file in {folder}."
            ).format(folder=paths.log_dir),
        )

    return hook


def _start_logging(paths: Paths, started: float) -> None:
    """Open the log file (after the first paint: logging.handlers costs start-up time)."""
    from desktop.applog import setup_logging

    setup_logging(paths.log_dir)
    log.info("Homeward %s: first window after %.3f s", __version__, time.perf_counter() - started)


def make_application() -> QApplication:
    """Return the QApplication, created with the program's name, icon and style."""
    app = QApplication.instance() or QApplication(sys.argv)
    assert isinstance(app, QApplication)
    app.setApplicationName("Homeward")
    app.setOrganizationName("Homeward")
    app.setApplicationVersion(__version__)
    app.setWindowIcon(app_icon())
    app.setDesktopFileName("homeward")
    app.setQuitOnLastWindowClosed(False)
    apply_style(app)
    return app


def run_gui(paths: Paths) -> int:
    """Run the program on ``paths``; return its exit code."""
    started = time.perf_counter()
    app = make_application()
    settings = Settings(paths.settings_file)
    translators = Translators()
    translators.install(settings.get("language") or "")
    from desktop.views.data_folder import prepare_data_folder

    if not prepare_data_folder(paths):
        return 2
    lock = InstanceLock(paths.lock_file)
    try:
        lock.acquire()
    except AlreadyRunning as error:
        from desktop.views.kit.single_instance import ask_running_to_raise

        print(f"homeward: {error.message}", file=sys.stderr)
        if not ask_running_to_raise(paths.home):
            QMessageBox.information(None, _("Homeward"), error.message)
        return 1
    sys.excepthook = _excepthook(paths)  # type: ignore[assignment]
    controller = AppController(app, paths, settings, translators, lock)
    controller.finished.connect(app.exit)
    first = controller.start()
    _AfterFirstPaint(first, lambda: _start_logging(paths, started))
    if os.environ.get(EXIT_AFTER_PAINT) == "1":
        _AfterFirstPaint(first, _report_paint_and_exit)
    code = app.exec()
    QThreadPool.globalInstance().waitForDone()
    controller.quit(code)
    return code
