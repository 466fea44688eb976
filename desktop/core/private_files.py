"""Writing files only their owner can read, whatever the umask.

A saved PDF carries a child's name and story; a log, the settings and the
database say who works here. Every file Homeward writes is created owner-only
(0600 on POSIX; on Windows the user's profile folder already keeps others out).
"""

from __future__ import annotations

import contextlib
import os
import secrets
import stat
from pathlib import Path

#: Read and write for the owner, nothing for anyone else.
PRIVATE_MODE = stat.S_IRUSR | stat.S_IWUSR


def make_private_dir(path: Path) -> None:
    """Create ``path`` (and parents) readable by its owner only, if it is missing."""
    path.mkdir(mode=0o700, parents=True, exist_ok=True)
    if os.name == "posix":
        path.chmod(stat.S_IRWXU)


def open_private(path: Path | str, flags: int) -> int:
    """Open ``path`` with ``flags`` (``O_CREAT`` creates it owner-only); return the descriptor.

    An existing file is made owner-only too (one written by an older version).
    """
    descriptor = os.open(path, flags | getattr(os, "O_BINARY", 0), PRIVATE_MODE)
    if os.name == "posix":
        try:
            os.fchmod(descriptor, PRIVATE_MODE)
        except OSError:
            os.close(descriptor)
            raise
    return descriptor


def write_private_bytes(path: Path | str, data: bytes) -> None:
    """Write ``data`` to ``path``, owner-only, through a temporary file in the same folder.

    The file is replaced whole or not at all; a failure leaves no temporary file.
    """
    target = Path(path)
    temporary = target.with_name(f".{target.name}.{secrets.token_hex(4)}.tmp")
    descriptor = open_private(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL)
    try:
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, target)
    except BaseException:
        with contextlib.suppress(OSError):
            temporary.unlink()
        raise


def make_private(path: Path | str) -> None:
    """Make an existing file owner-only (POSIX); a missing one is left missing."""
    if os.name == "posix":
        with contextlib.suppress(FileNotFoundError):
            os.chmod(path, PRIVATE_MODE)


def touch_private(path: Path) -> Path:
    """Create ``path`` empty and owner-only if it is missing (its folder too); return it.

    For files another library writes (Qt's settings keep an existing file's mode).
    """
    make_private_dir(path.parent)
    os.close(open_private(path, os.O_WRONLY | os.O_CREAT))
    return path
