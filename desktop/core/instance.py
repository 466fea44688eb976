"""One Homeward per data folder: an OS file lock, released by the OS if the process dies.

The lock is a plain ``flock`` (POSIX) or ``msvcrt.locking`` (Windows) on a file in
the data folder: no stale lock survives a crash, and it costs nothing at start-up.

Taking the lock also removes what a killed restore left in the data folder
(``.homeward-restore-*.part`` files): only the holder of the lock restores, so
any such file found then belongs to a process that is gone.
"""

from __future__ import annotations

import contextlib
import os
import sys
from pathlib import Path
from types import TracebackType

from desktop.core.errors import AlreadyRunning
from desktop.core.i18n import _

#: The name every temporary file of a restore starts with (written in the data folder).
RESTORE_PREFIX = ".homeward-restore-"


def remove_restore_leftovers(folder: Path) -> list[Path]:
    """Remove the temporary files of a restore in ``folder``; return them (call with the lock)."""
    removed = []
    try:
        found = sorted(folder.glob(f"{RESTORE_PREFIX}*.part*"))
    except OSError:
        return []
    for path in found:
        try:
            path.unlink()
        except OSError:
            continue
        removed.append(path)
    return removed


def _try_lock(descriptor: int) -> bool:
    """Take an exclusive, non-blocking lock on the open file; False if someone has it."""
    if sys.platform == "win32":  # pragma: no cover - Windows only
        import msvcrt

        try:
            msvcrt.locking(descriptor, msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True
    import fcntl

    try:
        fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        return False
    return True


class InstanceLock:
    """Holds the data folder's lock for as long as this program has it open."""

    def __init__(self, lock_file: Path) -> None:
        self.path = lock_file
        self._descriptor: int | None = None

    def acquire(self) -> None:
        """Take the lock, or raise ``AlreadyRunning`` when another Homeward holds it."""
        if self._descriptor is not None:
            return
        descriptor = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600)
        if not _try_lock(descriptor):
            os.close(descriptor)
            raise AlreadyRunning(
                _("Homeward is already open on the data folder {path}.").format(
                    path=self.path.parent
                )
            )
        self._descriptor = descriptor
        remove_restore_leftovers(self.path.parent)

    def release(self, *, remove_file: bool = False) -> None:
        """Let the lock go (the OS does it too when the process ends).

        ``remove_file`` also deletes the lock file, while still holding it: for a
        folder that had nothing in it before, and is to be left as it was.
        """
        if self._descriptor is not None:
            if remove_file:
                with contextlib.suppress(OSError):
                    self.path.unlink()
            os.close(self._descriptor)  # closing the file releases the lock
            self._descriptor = None

    @property
    def held(self) -> bool:
        """True while this object holds the lock."""
        return self._descriptor is not None

    def __enter__(self) -> InstanceLock:
        self.acquire()
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        value: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.release()
