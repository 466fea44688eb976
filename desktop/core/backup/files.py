"""Backup files on a drive: passphrases, names, free space, durable writes, rotation."""

from __future__ import annotations

import contextlib
import datetime as dt
import logging
import os
import re
import secrets
import shutil
import unicodedata
from pathlib import Path

from desktop.config import Paths
from desktop.core.backup.errors import (
    TargetFull,
    TargetGone,
    target_error,
    target_gone_message,
)
from desktop.core.errors import ValidationError
from desktop.core.i18n import _
from desktop.core.instance import RESTORE_PREFIX

log = logging.getLogger(__name__)


SUFFIX = ".hwbackup"


PART_PREFIX = ".homeward-backup-"


MIN_PASSPHRASE = 10


MAX_PASSPHRASE = 1024


MAX_KEEP = 999


SPACE_MARGIN = 1 << 20


_NAME = re.compile(
    r"homeward-(?P<slug>[a-z0-9-]+)-(?P<stamp>\d{8}-\d{6})(?:-(?P<n>\d+))?\.hwbackup"
)


def check_passphrase(passphrase: str) -> str:
    """Return the passphrase to encrypt with (NFC), or raise ``ValidationError``."""
    text = unicodedata.normalize("NFC", passphrase or "")
    if len(text) < MIN_PASSPHRASE or not text.strip():
        raise ValidationError(
            _("A backup passphrase must have at least {n} characters.").format(n=MIN_PASSPHRASE),
            field="passphrase",
        )
    if len(text) > MAX_PASSPHRASE:
        raise ValidationError(
            _("A backup passphrase can have at most {n} characters.").format(n=MAX_PASSPHRASE),
            field="passphrase",
        )
    return text


def entered_passphrase(passphrase: str) -> str:
    """Return a passphrase typed to open a backup (any length: a wrong one is told so)."""
    text = unicodedata.normalize("NFC", passphrase or "")
    if not text:
        raise ValidationError(_("Enter the backup's passphrase."), field="passphrase")
    return text


def check_keep(keep: int | None) -> None:
    """Raise ``ValidationError`` unless ``keep`` (newest backups kept) is None or 1..999."""
    if keep is not None and not 1 <= keep <= MAX_KEEP:
        raise ValidationError(_("Keep from 1 to {n} backups.").format(n=MAX_KEEP), field="keep")


def center_slug(name: str) -> str:
    """Return a short lowercase ASCII tag of the center's name for file names.

    Chinese is abbreviated to the first letter of each syllable (城南区未成年人救助保护中心
    → cnqwcnrjzbhzx), other words stay whole; at most 16 characters, so a backup's
    file name stays short enough to read in a file dialog.
    """
    from pypinyin import Style, lazy_pinyin

    spelled = "-".join(lazy_pinyin(name, style=Style.FIRST_LETTER, errors="default"))
    spelled = re.sub(r"(?<=\b[a-z])-(?=[a-z]\b)", "", spelled)  # initials run together
    ascii_text = unicodedata.normalize("NFKD", spelled).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    cut = slug[:16]
    if len(slug) > 16 and slug[16] != "-" and "-" in cut:  # no half words
        cut = cut.rsplit("-", 1)[0]
    return cut.strip("-") or "center"


def legacy_slug(name: str) -> str:
    """Return the tag backups were named with before 0.x: the whole name in pinyin."""
    from pypinyin import lazy_pinyin

    spelled = "".join(lazy_pinyin(name))
    ascii_text = unicodedata.normalize("NFKD", spelled).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    return slug[:48].strip("-") or "center"


def backup_name(slug: str, created: dt.datetime, number: int = 1) -> str:
    """Return the file name of a backup made at ``created`` (in local time)."""
    stamp = created.astimezone().strftime("%Y%m%d-%H%M%S")
    extra = f"-{number}" if number > 1 else ""
    return f"homeward-{slug}-{stamp}{extra}{SUFFIX}"


def free_name(folder: Path, slug: str, created: dt.datetime) -> Path:
    number = 1
    while (folder / backup_name(slug, created, number)).exists():
        number += 1
    return folder / backup_name(slug, created, number)


def list_backups(folder: Path, slug: str) -> list[Path]:
    """Return this center's backups in ``folder``, newest first (by the time in the name)."""
    found: list[tuple[str, int, Path]] = []
    with contextlib.suppress(OSError):
        for entry in folder.iterdir():
            match = _NAME.fullmatch(entry.name)
            if match and match["slug"] == slug and entry.is_file():
                found.append((match["stamp"], int(match["n"] or 1), entry))
    return [path for _stamp, _n, path in sorted(found, reverse=True)]


def write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        written = os.write(fd, view)
        view = view[written:]


def fsync_dir(folder: Path) -> None:
    """Make a rename in ``folder`` durable, where the OS lets a folder be fsynced."""
    if os.name != "posix":  # pragma: no cover - Windows: rename is durable with the file
        return
    try:
        descriptor = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(descriptor)
    except OSError:
        log.debug("cannot fsync folder %s", folder)
    finally:
        os.close(descriptor)


def fsync_file(path: Path) -> None:
    """Flush the file at ``path`` to the disk."""
    descriptor = os.open(path, os.O_RDWR | getattr(os, "O_BINARY", 0))  # Windows: not read-only
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


def drop_cache(fd: int) -> None:
    """Ask the OS to forget the written pages, so verifying reads the device itself."""
    advise = getattr(os, "posix_fadvise", None)
    if advise is not None:
        with contextlib.suppress(OSError):
            advise(fd, 0, 0, os.POSIX_FADV_DONTNEED)


def discard(path: Path) -> None:
    for suffix in ("", "-wal", "-shm", "-journal"):
        with contextlib.suppress(OSError):
            Path(f"{path}{suffix}").unlink()


def new_private_file(folder: Path, prefix: str, suffix: str) -> tuple[Path, int]:
    """Create a new, empty file readable by its owner only; return it and its descriptor."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
    while True:
        path = folder / f"{prefix}{secrets.token_hex(4)}{suffix}"
        try:
            return path, os.open(path, flags, 0o600)
        except FileExistsError:
            continue


def database_bytes(path: Path) -> int:
    """Return the size of the database at ``path`` with its write-ahead log."""
    size = 0
    for suffix in ("", "-wal"):
        with contextlib.suppress(OSError):
            size += Path(f"{path}{suffix}").stat().st_size
    return size


def check_target(folder: Path, needed: int) -> None:
    """Raise a ``TargetError`` unless ``folder`` exists and has ``needed`` bytes free.

    A file system that reports no size at all (some FUSE drivers) is not refused:
    a write that runs out of space is still caught, and nothing is left behind.
    """
    if not folder.is_dir():
        raise TargetGone(target_gone_message(folder), field="folder")
    try:
        usage = shutil.disk_usage(folder)
    except OSError as error:
        raise target_error(error, folder) from error
    if usage.total > 0 and usage.free < needed:
        raise TargetFull(
            _("{path} has {free} MB free; the backup needs up to {needed} MB.").format(
                path=folder, free=usage.free // 1_000_000, needed=-(-needed // 1_000_000)
            ),
            field="folder",
        )


def rotate(
    folder: Path, slug: str, keep: int | None, newest: Path, also: tuple[str, ...] = ()
) -> tuple[Path, ...]:
    """Delete this center's backups in ``folder`` beyond the newest ``keep``; return them.

    Only files named like this center's backups (``slug``, or an older tag in
    ``also``) are touched, never ``newest``.
    """
    if not keep:
        return ()
    removed: list[Path] = []
    found = list_backups(folder, slug)
    for other in also:
        if other != slug:
            found += list_backups(folder, other)
    found.sort(key=lambda path: _NAME.fullmatch(path.name)["stamp"], reverse=True)  # type: ignore[index]
    for path in found[keep:]:
        if path == newest:
            continue
        try:
            path.unlink()
            removed.append(path)
        except OSError:
            log.warning("cannot remove old backup %s", path)
    if removed:
        fsync_dir(folder)
    return tuple(removed)


def remove_stale_parts(paths: Paths) -> None:
    """Remove temporary files that an interrupted restore or backup left in the data folder."""
    for folder, pattern in (
        (paths.home, f"{RESTORE_PREFIX}*.part*"),
        (paths.snapshots_dir, ".backup-*.sqlite*"),
    ):
        with contextlib.suppress(OSError):
            for path in folder.glob(pattern):
                with contextlib.suppress(OSError):
                    path.unlink()
