"""Long work with a progress dialog: an export, an import, a big report.

The core service runs through ``context.ops.start`` (off the GUI thread, what it
changed announced after); its ``progress(done, total)`` calls cross to the GUI
thread through a signal and move the dialog's bar.

Cancel (the button, Escape, closing the dialog) asks the work to stop: the next
``progress`` call on the worker thread raises ``Cancelled`` inside the service, so
its transaction rolls back and its file is never written (each service writes its
file last, whole, through a temporary file). The dialog stays up, saying it is
stopping, until the work has ended.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import QFileDialog, QProgressDialog, QPushButton, QWidget
from shiboken6 import isValid

from desktop.core.errors import Cancelled, HomewardError
from desktop.core.i18n import _
from desktop.views.context import SessionContext
from desktop.views.kit.inline_errors import report
from desktop.views.kit.style import say_done


class ProgressRelay(QObject):
    """Carries ``progress(done, total)`` from a worker thread to the GUI thread, and the
    user's Cancel back to the work."""

    moved = Signal(int, int)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.stop = threading.Event()

    def report(self, done: int, total: int) -> None:
        """Called on the worker thread: raise ``Cancelled`` once the user asked to stop."""
        if self.stop.is_set():
            raise Cancelled(_("Stopped. Nothing was written."))
        self.moved.emit(done, total)


class CancellableProgress(QProgressDialog):
    """A progress dialog whose Cancel (button, Escape, close) asks the work to stop and
    stays up, saying so, until the work has ended (``finish``)."""

    def __init__(self, label: str, parent: QWidget) -> None:
        super().__init__(label, _("Cancel"), 0, 1000, parent)
        self.relay = ProgressRelay(self)
        self.ended = False
        self.canceled.disconnect(self.cancel)  # Qt's own cancel would hide the dialog
        self.canceled.connect(self.ask_to_stop)
        self.setAutoClose(False)
        self.setAutoReset(False)

    def ask_to_stop(self) -> None:
        """Tell the work to stop at its next step; say so."""
        if self.relay.stop.is_set() or self.ended:
            return
        self.relay.stop.set()
        self.setLabelText(_("Stopping… nothing will be written."))
        button = self.findChild(QPushButton)
        if button is not None:
            button.setEnabled(False)

    def reject(self) -> None:
        if self.ended:
            super().reject()
        else:
            self.ask_to_stop()

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.ended:
            super().closeEvent(event)
            return
        event.ignore()
        self.ask_to_stop()

    def finish(self) -> None:
        """The work has ended: close for good."""
        self.ended = True
        self.close()


def run_with_progress(
    parent: QWidget,
    context: SessionContext,
    label: str,
    on_done: Callable[[Any], None],
    service: Callable[..., Any],
    *args: Any,
    on_cancelled: Callable[[str], None] | None = None,
) -> CancellableProgress:
    """Run ``service(db, user, *args, progress=...)`` with a progress dialog; then ``on_done``.

    Cancelled by the user: ``on_cancelled`` gets the message (by default it is said in
    the status bar). A domain error is shown in a message box; anything else is logged
    and reported. Returns the dialog (tests press its Cancel).
    """
    dialog = CancellableProgress(label, parent)
    dialog.setWindowTitle(_("Homeward"))
    dialog.setWindowModality(Qt.WindowModality.WindowModal)
    dialog.setMinimumDuration(300)
    dialog.setValue(0)
    relay = dialog.relay
    relay.moved.connect(
        lambda done, total: dialog.setValue(min(999, done * 1000 // total) if total else 0)
    )

    def finished(value: Any) -> None:
        if isValid(dialog):
            dialog.finish()
        on_done(value)

    def failed(error: BaseException) -> None:
        if isValid(dialog):
            dialog.finish()
        if isinstance(error, Cancelled):
            (on_cancelled or (lambda message: say_done(parent, message)))(str(error))
        elif isinstance(error, HomewardError):
            report(parent, error)
        else:
            import sys

            sys.excepthook(type(error), error, error.__traceback__)

    context.ops.start(finished, failed, service, *args, progress=relay.report)
    return dialog


def ask_table_file(parent: QWidget, title: str, suggested: str) -> Path | None:
    """Ask where to write a table (.xlsx or .csv); ``None`` when the user cancels."""
    xlsx, csv = _("Excel workbook (*.xlsx)"), _("CSV, UTF-8 (*.csv)")
    path, chosen = QFileDialog.getSaveFileName(parent, title, suggested, f"{xlsx};;{csv}")
    if not path:
        return None
    if not path.lower().endswith((".xlsx", ".csv")):
        path += ".csv" if chosen == csv else ".xlsx"
    return Path(path)
