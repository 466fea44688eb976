"""Long work with a progress dialog: an export, an import, a big report.

The core service runs through ``context.ops.start`` (off the GUI thread, what it
changed announced after); its ``progress(done, total)`` calls cross to the GUI
thread through a signal and move the dialog's bar.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QFileDialog, QProgressDialog, QWidget

from desktop.core.errors import HomewardError
from desktop.core.i18n import _
from desktop.views.context import SessionContext
from desktop.views.kit.inline_errors import report


class ProgressRelay(QObject):
    """Carries ``progress(done, total)`` from a worker thread to the GUI thread."""

    moved = Signal(int, int)

    def report(self, done: int, total: int) -> None:
        """Called on the worker thread."""
        self.moved.emit(done, total)


def run_with_progress(
    parent: QWidget,
    context: SessionContext,
    label: str,
    on_done: Callable[[Any], None],
    service: Callable[..., Any],
    *args: Any,
) -> None:
    """Run ``service(db, user, *args, progress=...)`` with a progress dialog; then ``on_done``.

    A domain error is shown in a message box; anything else is logged and reported.
    """
    dialog = QProgressDialog(label, "", 0, 1000, parent)
    dialog.setWindowTitle(_("Homeward"))
    dialog.setCancelButton(None)
    dialog.setWindowModality(Qt.WindowModality.WindowModal)
    dialog.setMinimumDuration(300)
    dialog.setValue(0)
    relay = ProgressRelay(dialog)
    relay.moved.connect(
        lambda done, total: dialog.setValue(min(999, done * 1000 // total) if total else 0)
    )

    def finished(value: Any) -> None:
        dialog.close()
        on_done(value)

    def failed(error: BaseException) -> None:
        dialog.close()
        if isinstance(error, HomewardError):
            report(parent, error)
        else:
            import sys

            sys.excepthook(type(error), error, error.__traceback__)

    context.ops.start(finished, failed, service, *args, progress=relay.report)


def ask_table_file(parent: QWidget, title: str, suggested: str) -> Path | None:
    """Ask where to write a table (.xlsx or .csv); ``None`` when the user cancels."""
    xlsx, csv = _("Excel workbook (*.xlsx)"), _("CSV, UTF-8 (*.csv)")
    path, chosen = QFileDialog.getSaveFileName(parent, title, suggested, f"{xlsx};;{csv}")
    if not path:
        return None
    if not path.lower().endswith((".xlsx", ".csv")):
        path += ".csv" if chosen == csv else ".xlsx"
    return Path(path)
