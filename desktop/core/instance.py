"""One Homeward per data folder: an OS file lock, released by the OS if the process dies.

The lock is a plain ``flock`` (POSIX) or ``msvcrt.locking`` (Windows) on a file in
the data folder: no stale lock survives a crash, and it costs nothing at start-up.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from types import TracebackType

from desktop.core.errors import AlreadyRunning
from desktop.core.i18n import _


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

    def release(self) -> None:
        """Let the lock go (the OS does it too when the process ends)."""
        if self._descriptor is not None:
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
