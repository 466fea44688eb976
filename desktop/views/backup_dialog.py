"""Backing up to a USB stick, and restoring from a backup (administrators, or anyone
setting up a new computer).

Both dialogs run the core service in a worker thread and show its progress; the
backup can be stopped until the file gets its final name. ``removable_drives``
is looked up in ``desktop.core.drives`` at each refresh, so tests can replace it.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QLabel,
    QListWidgetItem,
    QMessageBox,
    QWidget,
)

from desktop.config import Paths
from desktop.core import backup, center, drives
from desktop.core.clock import format_time
from desktop.core.errors import HomewardError, ValidationError
from desktop.core.i18n import _
from desktop.core.store.db import Database
from desktop.core.store.models import Staff
from desktop.views.context import SessionContext
from desktop.views.kit.inline_errors import InlineErrors
from desktop.views.kit.style import restyle
from desktop.views.kit.ui_types import BackupDialogWidgets, RestoreDialogWidgets
from desktop.views.kit.uiloader import load_ui
from desktop.views.kit.worker import run_in_thread

log = logging.getLogger(__name__)

#: Where each step sits on the progress bar (start, end) out of 1000.
_SPANS: dict[backup.Step, tuple[int, int]] = {
    backup.Step.SNAPSHOT: (0, 150),
    backup.Step.WRITE: (150, 750),
    backup.Step.VERIFY: (750, 1000),
    backup.Step.EXTRACT: (0, 800),
    backup.Step.CHECK: (800, 900),
    backup.Step.SWAP: (900, 1000),
}
LAST_FOLDER_KEY = "backup/last_folder"


class ProgressRelay(QObject):
    """Carries ``(step, done, total)`` from the worker thread to the GUI thread."""

    changed = Signal(str, int, int)

    def report(self, step: backup.Step, done: int, total: int) -> None:
        """Called in the worker thread by the core service."""
        self.changed.emit(step.value, done, total)


def show_progress(dialog: Any, step_name: str, done: int, total: int) -> None:
    """Move ``dialog.progress`` and say the step in ``dialog.status``."""
    step = backup.Step(step_name)
    start, end = _SPANS[step]
    value = start if total <= 0 else start + (end - start) * min(done, total) // total
    dialog.progress.setValue(max(dialog.progress.value(), value))
    dialog.status.setText(_(backup.STEP_LABELS[step]))


def _show_failure(status: QLabel, errors: InlineErrors, error: BaseException) -> None:
    """Say what went wrong: next to its field, or in the status line (details to the log)."""
    if isinstance(error, HomewardError):
        if not errors.show_error(error):
            status.setText(error.message)
    else:
        details = (type(error), error, error.__traceback__)
        log.error("backup dialog: unexpected error", exc_info=details)
        status.setText(_("Something went wrong; the details are in the log file."))
    status.setProperty("role", "error")
    restyle(status)


def _data_size(size: int) -> str:
    """Say a file or drive size the way a drive's label does: 12 KB, 870 MB, 15.5 GB."""
    if size < 999_500:  # rounds to under 1000 KB
        return f"{max(1, round(size / 1000))} KB"
    if size < 1_000_000_000:
        return f"{max(1, round(size / 1_000_000))} MB"
    return f"{size / 1_000_000_000:.1f} GB"


def not_usb_note() -> str:
    """Why a backup to a folder leaves the USB reminder as it was."""
    return _(
        "It is not on a removable drive, so the reminder still counts from the last USB "
        "backup: a copy on this computer is lost with the computer."
    )


class BackupDialog(QDialog, BackupDialogWidgets):
    """Choose a drive (or folder), type a passphrase twice, and write a verified backup."""

    def __init__(self, context: SessionContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        load_ui("backup_dialog", self)
        self.context = context
        self.errors = InlineErrors(
            self,
            {"folder": "folder", "passphrase": "passphrase", "repeat": "repeat", "keep": "keep"},
        )
        self.found: list[drives.Drive] = []
        self.outcome: backup.BackupResult | None = None
        self.running = False
        self._stop = threading.Event()
        self.relay = ProgressRelay(self)
        self.relay.changed.connect(self._progress)
        self.start_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.start_button.setText(_("Back up"))
        self.buttons.accepted.connect(self.start)
        self.buttons.rejected.connect(self.reject)
        self.refresh.clicked.connect(self.refresh_drives)
        self.chooseFolder.clicked.connect(self._choose_folder)
        self.drives.currentItemChanged.connect(self._drive_chosen)
        self.keep.setEnabled(False)
        self.rotate.toggled.connect(self.keep.setEnabled)
        self.refresh_drives()

    # choosing where --------------------------------------------------------------------

    def refresh_drives(self) -> None:
        """List the removable drives now mounted; pick the first when none is chosen."""
        self.found = drives.removable_drives()
        self.drives.clear()
        for drive in self.found:
            free = _("{free} free").format(free=_data_size(drive.free_bytes))
            item = QListWidgetItem(
                _("{label} ({path}, {free})").format(label=drive.label, path=drive.path, free=free)
            )
            item.setData(Qt.ItemDataRole.UserRole, str(drive.path))
            self.drives.addItem(item)
        self.noDrives.setVisible(not self.found)
        if self.found and not self.folder.text():
            self.drives.setCurrentRow(0)

    def _drive_chosen(self, item: QListWidgetItem | None, _previous: object = None) -> None:
        if item is not None:
            self.set_folder(Path(item.data(Qt.ItemDataRole.UserRole)))

    def _choose_folder(self) -> None:
        start = self.folder.text() or str(self.context.ui_state.value(LAST_FOLDER_KEY, ""))
        chosen = QFileDialog.getExistingDirectory(self, _("Save the backup in"), start)
        if chosen:
            self.drives.clearSelection()
            self.set_folder(Path(chosen))

    def set_folder(self, folder: Path) -> None:
        """Write the backup into ``folder``."""
        self.folder.setText(str(folder))
        self.errors.clear_field("folder")

    def is_usb(self) -> bool:
        """True when the chosen folder is on one of the removable drives listed."""
        text = self.folder.text()
        return bool(text) and drives.on_removable_drive(Path(text), self.found)

    # running ---------------------------------------------------------------------------

    def _checked(self) -> tuple[Path, str, int | None]:
        """Return the folder, passphrase and kept count, or raise ``ValidationError``."""
        if not self.folder.text():
            raise ValidationError(_("Choose a drive or a folder."), field="folder")
        passphrase = backup.check_passphrase(self.passphrase.text())
        if self.repeat.text() != self.passphrase.text():
            raise ValidationError(_("The two passphrases differ."), field="repeat")
        keep = self.keep.value() if self.rotate.isChecked() else None
        backup.check_keep(keep)
        return Path(self.folder.text()), passphrase, keep

    def start(self) -> None:
        """Check the form, then write the backup in a worker thread."""
        if self.running:
            return
        self.errors.clear()
        try:
            folder, passphrase, keep = self._checked()
        except ValidationError as error:
            self.errors.show_error(error)
            return
        self._set_running(True)
        context, usb, stop = self.context, self.is_usb(), self._stop
        stop.clear()

        def work(db: Database, user: Staff) -> backup.BackupResult:
            return backup.create_backup(
                db,
                context.paths,
                folder,
                passphrase,
                actor=user,
                usb=usb,
                keep=keep,
                progress=self.relay.report,
                cancel=stop.is_set,
            )

        context.ops.start(self._finished, self._failed, work)

    def _set_running(self, running: bool) -> None:
        self.running = running
        for widget in (self.drives, self.refresh, self.chooseFolder, self.passphrase,
                       self.repeat, self.rotate, self.keep, self.start_button):  # fmt: skip
            widget.setEnabled(not running)
        self.keep.setEnabled(not running and self.rotate.isChecked())
        self.progress.setVisible(True)
        if running:
            self.progress.setValue(0)
            self.finishedNote.setVisible(False)
            self.status.setProperty("role", "")
            self.status.setText(_(backup.STEP_LABELS[backup.Step.SNAPSHOT]))

    def _progress(self, step_name: str, done: int, total: int) -> None:
        show_progress(self, step_name, done, total)
        cancel = self.buttons.button(QDialogButtonBox.StandardButton.Cancel)
        cancel.setEnabled(step_name != backup.Step.VERIFY.value)

    def _finished(self, result: backup.BackupResult) -> None:
        self.running = False
        self.outcome = result
        self.progress.setValue(1000)
        self.context.ui_state.setValue(LAST_FOLDER_KEY, str(result.path.parent))
        size = _data_size(result.size)
        self.status.setText(
            _("Written and verified: {name} ({size}).").format(name=result.path.name, size=size)
        )
        if self.is_usb():
            message = _("Safe to remove the USB stick.")
        else:
            message = _("{sentence} {then}").format(
                sentence=_("The backup is complete."), then=not_usb_note()
            )
        if result.removed:
            message = _("{sentence} {then}").format(
                sentence=message,
                then=_("Older backups deleted: {n}.").format(n=len(result.removed)),
            )
        self.finishedNote.setText(message)
        self.finishedNote.setVisible(True)
        self.adjustSize()  # the longer texts need room: the dialog grows instead of squashing
        self.buttons.setStandardButtons(QDialogButtonBox.StandardButton.Close)
        self.buttons.button(QDialogButtonBox.StandardButton.Close).setDefault(True)

    def _failed(self, error: BaseException) -> None:
        self._set_running(False)
        self.progress.setVisible(False)
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setEnabled(True)
        _show_failure(self.status, self.errors, error)

    def reject(self) -> None:
        """Cancel: stop the running backup (until its final rename), or close."""
        if self.running:
            self._stop.set()
            self.status.setText(_("Stopping…"))
            return
        super().reject()


@dataclass(frozen=True)
class FreshInstallation:
    """Where a restore goes before anyone has set up this computer: no database, no one
    signed in (the set-up wizard's "restore from a backup")."""

    paths: Paths


class RestoreDialog(QDialog, RestoreDialogWidgets):
    """Choose a backup, check it, see what it holds, confirm once, and restore it."""

    def __init__(
        self,
        context: SessionContext | FreshInstallation,
        parent: QWidget | None,
        on_restored: Callable[[], None],
    ) -> None:
        super().__init__(parent)
        load_ui("restore_dialog", self)
        self.context = context
        self.on_restored = on_restored
        self.errors = InlineErrors(self, {"file": "file", "passphrase": "passphrase"})
        self.manifest: backup.Manifest | None = None
        self.running = False
        self.outcome: backup.RestoreResult | None = None
        #: Ask once before restoring; show a message. Replaceable in tests.
        self.confirm: Callable[[str], bool] = self._ask
        self.tell: Callable[[str], None] = self._tell
        self.relay = ProgressRelay(self)
        self.relay.changed.connect(lambda *args: show_progress(self, *args))
        self.restore_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.restore_button.setText(_("Restore…"))
        self.restore_button.setEnabled(False)
        self.buttons.accepted.connect(self.restore)
        self.buttons.rejected.connect(self.reject)
        if isinstance(context, FreshInstallation):
            self.intro.setText(
                _(
                    "The records in the backup become this computer's records. Afterwards "
                    "everyone signs in with the accounts and passwords the backup holds."
                )
            )
        self.file.setStyleSheet("QLineEdit { background: transparent; }")  # a label, not a field
        self.browse.clicked.connect(self._browse)
        self.check.clicked.connect(self.verify)
        self.passphrase.textEdited.connect(self._forget_check)

    def _browse(self) -> None:
        chosen, _filter = QFileDialog.getOpenFileName(
            self,
            _("Choose a backup"),
            self.file.text(),
            _("Homeward backups (*.hwbackup);;All files (*)"),
        )
        if chosen:
            self.set_file(Path(chosen))

    def set_file(self, path: Path) -> None:
        """Restore from ``path``."""
        self.file.setText(str(path))
        self._forget_check()

    def _forget_check(self, *_args: object) -> None:
        self.manifest = None
        self.contents.setVisible(False)
        self.restore_button.setEnabled(False)
        self.errors.clear()

    def _inputs(self) -> tuple[Path, str]:
        if not self.file.text():
            raise ValidationError(_("Choose the backup file."), field="file")
        if not self.passphrase.text():
            raise ValidationError(_("Enter the backup's passphrase."), field="passphrase")
        return Path(self.file.text()), self.passphrase.text()

    def _begin(self) -> tuple[Path, str] | None:
        self.errors.clear()
        try:
            inputs = self._inputs()
        except ValidationError as error:
            self.errors.show_error(error)
            return None
        self._set_running(True)
        return inputs

    def verify(self) -> None:
        """Check the chosen backup in a worker thread, then show what it holds."""
        inputs = None if self.running else self._begin()
        if inputs is None:
            return
        source, passphrase = inputs

        def work() -> backup.Manifest:
            return backup.verify_backup(source, passphrase, progress=self.relay.report)

        run_in_thread(work, self._verified, self._failed)

    def _set_running(self, running: bool) -> None:
        self.running = running
        for widget in (self.browse, self.passphrase, self.check):
            widget.setEnabled(not running)
        self.restore_button.setEnabled(not running and self.manifest is not None)
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setEnabled(not running)
        self.progress.setVisible(running)
        self.progress.setValue(0)
        self.status.setProperty("role", "")

    def _verified(self, manifest: backup.Manifest) -> None:
        self.manifest = manifest
        self._set_running(False)
        self.centerValue.setText(manifest.center)
        self.madeValue.setText(format_time(manifest.created_at))
        self.versionValue.setText(
            _("Homeward {version} (schema {revision})").format(
                version=manifest.program_version, revision=manifest.schema_revision
            )
        )
        self.countsValue.setText(
            "\n".join(
                _("{label}: {value}").format(label=label, value=count)
                for label, count in manifest.count_lines()
            )
        )
        self.contents.setVisible(True)
        other = self.other_center(manifest)
        self.otherCenter.setText(other)
        self.otherCenter.setVisible(bool(other))
        self.status.setText(_("The backup is sound."))
        self.restore_button.setEnabled(True)
        self.adjustSize()  # every count shows: the dialog grows to hold them

    def other_center(self, manifest: backup.Manifest) -> str:
        """A warning when the backup is another center's than this database's (else "")."""
        if isinstance(self.context, FreshInstallation):
            return ""
        profile = self.context.ops.query(center.get_center)
        ours = profile.name if profile else ""
        if not ours or manifest.center.strip() == ours.strip():
            return ""
        return _(
            "This backup is of another center: {theirs}. This database is {ours}'s. "
            "Restoring replaces {ours}'s records with {theirs}'s."
        ).format(theirs=manifest.center, ours=ours)

    def _ask(self, question: str) -> bool:
        answer = QMessageBox.question(
            self,
            _("Restore from a backup"),
            question,
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Cancel,
        )
        return answer == QMessageBox.StandardButton.Yes

    def restore(self) -> None:
        """Ask once, clearly; then restore in a worker thread."""
        if self.running or self.manifest is None:
            return
        made = format_time(self.manifest.created_at)
        if self.context.paths.db_file.exists():
            question = _(
                "Replace every record in this program with the backup of {center} made {made}? "
                "The current database is kept as a safety copy. Everyone signs in again "
                "afterwards."
            )
        else:
            question = _(
                "Restore the backup of {center} made {made} on this computer? Afterwards "
                "everyone signs in with the accounts and passwords the backup holds."
            )
        question = question.format(center=self.manifest.center, made=made)
        other = self.other_center(self.manifest)
        if other:
            question = other + "\n\n" + question
        if not self.confirm(question):
            return
        inputs = self._begin()
        if inputs is None:
            return
        source, passphrase = inputs
        context = self.context

        def work(db: Database | None, user: Staff | None) -> backup.RestoreResult:
            return backup.restore_backup(
                context.paths, source, passphrase, user, db=db, progress=self.relay.report
            )

        if isinstance(context, FreshInstallation):  # nobody signed in, no database yet
            run_in_thread(lambda: work(None, None), self._restored, self._failed)
        else:
            context.ops.start(self._restored, self._failed, work)

    def _restored(self, result: backup.RestoreResult) -> None:
        self.running = False
        self.outcome = result
        self.status.setText(_("The backup was restored. Sign in again to go on."))
        self.accept()
        self.on_restored()

    def _failed(self, error: BaseException) -> None:
        self._set_running(False)
        _show_failure(self.status, self.errors, error)
        if isinstance(error, backup.RestoreFailed) and error.database_closed:
            self.tell(error.message)
            self.reject()
            self.on_restored()

    def _tell(self, message: str) -> None:
        QMessageBox.warning(self, _("Restore from a backup"), message)
