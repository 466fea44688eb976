"""What a long backup or restore is doing, for a progress bar, and how it is stopped."""

from __future__ import annotations

import enum
from collections.abc import Callable

from desktop.core.backup.errors import BackupCancelled
from desktop.core.i18n import N_, _


class Step(enum.StrEnum):
    """What a long backup or restore is doing now (for the progress bar)."""

    SNAPSHOT = "snapshot"
    WRITE = "write"
    VERIFY = "verify"
    EXTRACT = "extract"
    CHECK = "check"
    SWAP = "swap"


STEP_LABELS: dict[Step, str] = {
    Step.SNAPSHOT: N_("Taking a snapshot of the database…"),
    Step.WRITE: N_("Compressing, encrypting and writing…"),
    Step.VERIFY: N_("Reading the backup back and checking it…"),
    Step.EXTRACT: N_("Checking the backup and unpacking it…"),
    Step.CHECK: N_("Checking the restored database…"),
    Step.SWAP: N_("Putting the restored database in place…"),
}


#: ``progress(step, done, total)``; ``total`` 0 means "no measure, just busy".
Progress = Callable[[Step, int, int], None]


#: Returns True once the user has asked to stop.
CancelCheck = Callable[[], bool]


def tick(progress: Progress | None, step: Step, done: int, total: int) -> None:
    """Report progress, when someone listens."""
    if progress is not None:
        progress(step, done, total)


def check_cancel(cancel: CancelCheck | None) -> None:
    """Raise ``BackupCancelled`` once the user has asked to stop."""
    if cancel is not None and cancel():
        raise BackupCancelled(_("Stopped. Nothing was written."))
