"""One Homeward per data folder: an OS file lock, released by the OS if the process dies."""

from __future__ import annotations

from pathlib import Path
from types import TracebackType

import filelock

from desktop.core.errors import AlreadyRunning
from desktop.core.i18n import _


class InstanceLock:
    """Holds the data folder's lock for as long as this program has it open."""

    def __init__(self, lock_file: Path) -> None:
        self.path = lock_file
        self._lock = filelock.FileLock(str(lock_file), timeout=0, mode=0o600)

    def acquire(self) -> None:
        """Take the lock, or raise ``AlreadyRunning`` when another Homeward holds it."""
        try:
            self._lock.acquire()
        except filelock.Timeout:
            raise AlreadyRunning(
                _("Homeward is already open on the data folder {path}.").format(
                    path=self.path.parent
                )
            ) from None

    def release(self) -> None:
        """Let the lock go (the OS does it too when the process ends)."""
        self._lock.release()

    @property
    def held(self) -> bool:
        """True while this object holds the lock."""
        return self._lock.is_locked

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
