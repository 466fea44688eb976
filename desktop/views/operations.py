"""The one way screens reach the core: every read and every write goes through here.

A screen asks ``Operations`` to run a core service; it supplies the open database
and the signed-in staff member. A write (one user action = one core operation =
one transaction) runs on a worker thread while the GUI keeps painting; the
window takes no input until it is done. A domain error goes to the form's inline
errors, or a message box; anything else is logged and reported once. After a
write that changed something, ``changed`` carries the ``Changes`` to every
screen, and each screen decides what to redraw: no screen refreshes another.

    button -> screen -> Operations.write(service, ...) -> worker thread
           -> service: permission, checks, writes + audit entries, commit
           -> Changes -> Operations.changed -> every screen redraws what it shows
"""

from __future__ import annotations

import gc
import logging
import sys
from collections.abc import Callable
from typing import Concatenate, ParamSpec, TypeVar

from PySide6.QtCore import QEvent, QEventLoop, QObject, Qt, Signal
from PySide6.QtWidgets import QApplication, QWidget

from desktop.core.changes import Changes, Outcome, perform
from desktop.core.errors import HomewardError
from desktop.core.store.db import Database
from desktop.core.store.models import Staff
from desktop.views.kit.inline_errors import ShowsErrors, report
from desktop.views.kit.worker import run_in_thread

log = logging.getLogger(__name__)

P = ParamSpec("P")
T = TypeVar("T")
Service = Callable[Concatenate[Database, Staff, P], T]


class Refused(Exception):
    """A write was refused or failed; the user has been told why."""


class Operations(QObject):
    """Runs core services for the signed-in session and announces what they changed."""

    #: Emitted with the ``Changes`` of every write that changed something.
    changed = Signal(object)

    def __init__(self, db: Database, user: Staff, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.user = user

    def read(self, service: Service[P, T], *args: P.args, **kwargs: P.kwargs) -> T:
        """Run a reading service now, on the GUI thread (reads are quick and change nothing)."""
        return service(self.db, self.user, *args, **kwargs)

    def read_later(
        self,
        on_done: Callable[[T], None],
        on_error: Callable[[BaseException], None],
        service: Service[P, T],
        *args: P.args,
        **kwargs: P.kwargs,
    ) -> None:
        """Run a long read (checking the whole trail) on a worker thread; answer on the GUI's.

        Its sessions only read (``Database.only_reading``): they hold no lock, so what
        the user does meanwhile is never kept waiting, and they cannot write.
        """
        db, user = self.db, self.user

        def work() -> T:
            with db.only_reading():
                return service(db, user, *args, **kwargs)

        run_in_thread(work, on_done, on_error)

    def start(
        self,
        on_done: Callable[[T], None],
        on_error: Callable[[BaseException], None],
        service: Service[P, T],
        *args: P.args,
        **kwargs: P.kwargs,
    ) -> None:
        """Run long work (backup, restore, a big form) on a worker thread, the window usable.

        The caller shows progress and errors; what the work changed is announced
        before ``on_done`` gets its value.
        """
        db, user = self.db, self.user

        def finished(outcome: Outcome[T]) -> None:
            self.announce(outcome.changes)
            on_done(outcome.value)

        run_in_thread(lambda: perform(service, db, user, *args, **kwargs), finished, on_error)

    def query(self, reader: Callable[Concatenate[Database, P], T], *args: P.args,
              **kwargs: P.kwargs) -> T:  # fmt: skip
        """Run a read that needs no signed-in user (the center's profile, a setting)."""
        return reader(self.db, *args, **kwargs)

    def write(
        self,
        parent: QWidget,
        service: Service[P, T],
        *args: P.args,
        **kwargs: P.kwargs,
    ) -> T:
        """Run one user action off the GUI thread and announce what it changed.

        Returns the service's value. Raises ``Refused`` after telling the user why
        (a domain error in a message box, anything else logged); see ``attempt``
        to show field errors next to their fields instead.
        """
        return self.attempt(parent, None, service, *args, **kwargs)

    def attempt(
        self,
        parent: QWidget,
        errors: ShowsErrors | None,
        service: Service[P, T],
        *args: P.args,
        **kwargs: P.kwargs,
    ) -> T:
        """Like ``write``, with a domain error naming a field of ``errors`` shown beside it."""
        try:
            outcome = self._wait(lambda: perform(service, self.db, self.user, *args, **kwargs))
        except HomewardError as error:
            if errors is None or not errors.show_error(error):
                report(parent, error)
            raise Refused(error.message) from error
        except Exception as error:
            sys.excepthook(type(error), error, error.__traceback__)
            raise Refused(str(error)) from error
        self.announce(outcome.changes)
        return outcome.value

    def announce(self, changes: Changes) -> None:
        """Tell every screen what changed (nothing is said when nothing changed)."""
        if changes:
            self.changed.emit(changes)

    def warm_up(self) -> None:
        """Load what the first save needs on a worker thread, then spare the garbage
        collector the objects of start-up (``gc.freeze``): a full collection of
        them would stall the screen for 100 ms or more in the middle of an action."""
        from desktop.core.warmup import load_for_writing

        run_in_thread(load_for_writing, lambda _none: gc.freeze(), _log_failure)

    def follow(
        self, screen: QWidget, relevant: Callable[[Changes], bool], redraw: Callable[[], None]
    ) -> None:
        """Call ``redraw`` after every write that is ``relevant`` to ``screen``.

        At once when the screen is visible; otherwise when it is next shown, so a
        hidden page costs nothing. The link ends with the screen.
        """
        _Follower(screen, self, relevant, redraw)

    def _wait(self, work: Callable[[], Outcome[T]]) -> Outcome[T]:
        """Run ``work`` on a worker thread; keep painting, but take no input, until it ends.

        Keys and clicks that arrive meanwhile are not lost: Qt delivers them after.
        """
        loop = QEventLoop()
        answer: list[Outcome[T]] = []
        failure: list[BaseException] = []

        def done(value: Outcome[T]) -> None:
            answer.append(value)
            loop.quit()

        def failed(error: BaseException) -> None:
            failure.append(error)
            loop.quit()

        QApplication.setOverrideCursor(Qt.CursorShape.BusyCursor)
        try:
            run_in_thread(work, done, failed)
            if not answer and not failure:
                loop.exec(QEventLoop.ProcessEventsFlag.ExcludeUserInputEvents)
        finally:
            QApplication.restoreOverrideCursor()
        if failure:
            raise failure[0]
        return answer[0]


class _Follower(QObject):
    """Redraws one screen after relevant changes: now if shown, else when next shown."""

    def __init__(
        self,
        screen: QWidget,
        ops: Operations,
        relevant: Callable[[Changes], bool],
        redraw: Callable[[], None],
    ) -> None:
        super().__init__(screen)
        self.screen = screen
        self.relevant = relevant
        self.redraw = redraw
        self.stale = False
        ops.changed.connect(self._changed)
        screen.installEventFilter(self)

    def _changed(self, changes: Changes) -> None:
        if not self.relevant(changes):
            return
        if self.screen.isVisible():
            self.redraw()
        else:
            self.stale = True

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Show and self.stale:
            self.stale = False
            self.redraw()
        return False


def _log_failure(error: BaseException) -> None:
    log.warning("warming up failed", exc_info=(type(error), error, error.__traceback__))
