"""Snapshots of the live database: the one a backup is made from, and the local ones.

Local snapshots (daily and on exit, the newest 14 of each kind kept) are plain,
unencrypted SQLite copies in the data folder's ``snapshots`` folder, readable
by the owner only: they stay on this computer, beside the database they copy.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import logging
import os
import re
import shutil
import sqlite3
from pathlib import Path

from desktop.config import Paths
from desktop.core.audit import anchors
from desktop.core.audit import trail as audit
from desktop.core.backup.errors import BackupError
from desktop.core.backup.files import database_bytes, discard, fsync_file, new_private_file
from desktop.core.backup.manifest import MAIN_TABLES
from desktop.core.backup.steps import CancelCheck, Progress, Step, check_cancel, tick
from desktop.core.errors import HomewardError
from desktop.core.i18n import _
from desktop.core.private_files import make_private_dir
from desktop.core.store.db import Database
from desktop.core.store.keys import install_key, key_path
from desktop.core.store.models import utcnow

log = logging.getLogger(__name__)


SNAPSHOT_STEP_PAGES = 16384


SNAPSHOT_KEEP = 14


#: Automatic snapshots leave at least this much free space (and the database's size).
SNAPSHOT_RESERVE = 256 << 20
SNAPSHOT_KINDS = ("daily", "exit")


def _online_copy(
    db: Database,
    target: Path,
    progress: Progress | None,
    cancel: CancelCheck | None,
    *,
    durable: bool = True,
) -> None:
    """Copy the live database into ``target`` with SQLite's online backup API.

    A step copies 64 MiB; when another connection writes in between, SQLite
    starts the copy again, so the result is always one consistent state.
    """
    raw = db.engine.raw_connection()
    try:
        source = raw.driver_connection
        assert isinstance(source, sqlite3.Connection)

        def step(_status: int, remaining: int, total: int) -> None:
            tick(progress, Step.SNAPSHOT, total - remaining, total)
            check_cancel(cancel)

        with contextlib.closing(sqlite3.connect(target)) as copy:
            if not durable:  # a temporary copy: a crash discards it anyway
                copy.execute("PRAGMA journal_mode = OFF")
                copy.execute("PRAGMA synchronous = OFF")
            source.backup(copy, pages=SNAPSHOT_STEP_PAGES, progress=step)
    finally:
        raw.close()


def describe(snapshot: Path) -> tuple[str, str, dict[str, int]]:
    """Return the schema revision, the center's name and the row counts of a snapshot."""
    uri = f"{snapshot.absolute().as_uri()}?mode=ro&immutable=1"
    with contextlib.closing(sqlite3.connect(uri, uri=True)) as connection:
        revision = str(connection.execute("SELECT version_num FROM alembic_version").fetchone()[0])
        row = connection.execute("SELECT name FROM center WHERE id = 1").fetchone()
        tables = {
            str(name)
            for (name,) in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
        }
        counts = {
            table: int(connection.execute(f'SELECT count(*) FROM "{table}"').fetchone()[0])
            for table in MAIN_TABLES
            if table in tables
        }
    return revision, str(row[0]) if row else "", counts


def trail_head(snapshot: Path) -> str:
    """Return the audit trail's head ("entry:mac") recorded in a snapshot, or ""."""
    uri = f"{snapshot.absolute().as_uri()}?mode=ro&immutable=1"
    with contextlib.closing(sqlite3.connect(uri, uri=True)) as connection:
        row = connection.execute(
            "SELECT value FROM setting WHERE key = ?", (audit.HEAD_KEY,)
        ).fetchone()
    return str(row[0]) if row else ""


def private_snapshot(
    db: Database, paths: Paths, progress: Progress | None, cancel: CancelCheck | None
) -> Path:
    """Take a temporary snapshot in the snapshots folder; the caller removes it."""
    make_private_dir(paths.snapshots_dir)
    target, descriptor = new_private_file(paths.snapshots_dir, ".backup-", ".sqlite")
    os.close(descriptor)
    try:
        _online_copy(db, target, progress, cancel, durable=False)
    except BaseException:
        discard(target)
        raise
    return target


_SNAPSHOT_NAME = re.compile(r"[a-z-]+-(\d{8}T\d{6})(\d{6})?Z(?:-(\d+))?\.sqlite")


def _snapshot_key(path: Path) -> tuple[str, str, int] | None:
    """Return (seconds, microseconds, number) from a snapshot's name, or None."""
    match = _SNAPSHOT_NAME.fullmatch(path.name)
    if match is None:
        return None
    return match.group(1), match.group(2) or "", int(match.group(3) or 1)


def _snapshot_stamp(path: Path) -> dt.datetime | None:
    key = _snapshot_key(path)
    if key is None:
        return None
    return dt.datetime.strptime(key[0], "%Y%m%dT%H%M%S").replace(tzinfo=dt.UTC)


def local_snapshots(paths: Paths, kind: str) -> list[Path]:
    """Return the automatic snapshots of ``kind`` (daily, exit), newest first."""
    keyed = [
        (key, path)
        for path in paths.snapshots_dir.glob(f"{kind}-*.sqlite")
        if (key := _snapshot_key(path)) is not None
    ]
    return [path for _key, path in sorted(keyed, reverse=True)]


def check_room(paths: Paths, db: Database, reserve: int) -> None:
    """Raise ``BackupError`` unless a copy of ``db`` fits in the data folder with
    ``reserve`` bytes to spare (a file system that reports no size is not refused)."""
    needed = database_bytes(db.path) + reserve
    with contextlib.suppress(OSError):
        usage = shutil.disk_usage(paths.home)
        if usage.total > 0 and usage.free < needed:
            raise BackupError(
                _("The data folder {path} has too little free space for a snapshot.").format(
                    path=paths.home
                )
            )


def take_local_snapshot(paths: Paths, db: Database, kind: str = "daily") -> Path:
    """Copy the live database into the snapshots folder; keep the newest 14 of ``kind``.

    The copy is a plain SQLite file, readable by the owner only. It is not
    encrypted: it stays on this computer, in the same private data folder as
    the database itself, for undoing a mistake or a damaged file; it is no
    protection against losing the computer (that is what USB backups are for).
    A snapshot is not taken (``BackupError``) when it would leave less free
    space than the database's size, or 256 MiB: the live database must always
    have room to grow.
    """
    if kind not in SNAPSHOT_KINDS:
        raise ValueError(kind)
    check_room(paths, db, max(SNAPSHOT_RESERVE, database_bytes(db.path)))
    make_private_dir(paths.snapshots_dir)
    stamp = utcnow().strftime("%Y%m%dT%H%M%S%fZ")
    target = paths.snapshots_dir / f"{kind}-{stamp}.sqlite"
    number = 1
    while target.exists():
        number += 1
        target = paths.snapshots_dir / f"{kind}-{stamp}-{number}.sqlite"
    descriptor = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    os.close(descriptor)
    try:
        _online_copy(db, target, None, None)
        fsync_file(target)
        if db.key is not None:
            install_key(target, db.key)
    except BaseException:
        discard(target)
        raise
    head = trail_head(target)
    if head:
        try:
            anchors.remember(db.path, head, "snapshot", target, utcnow())
        except OSError:
            log.warning("the trail's head could not be remembered for %s", target, exc_info=True)
    for old in local_snapshots(paths, kind)[SNAPSHOT_KEEP:]:
        for path in (old, key_path(old)):
            with contextlib.suppress(OSError):
                path.unlink()
    return target


def maybe_daily_snapshot(paths: Paths, db: Database, now: dt.datetime | None = None) -> Path | None:
    """Take the day's snapshot unless one was taken today (local date); never raises.

    Call it when the program has opened the database (off the GUI thread).
    """
    moment = now or utcnow()
    today = moment.astimezone().date()
    for path in local_snapshots(paths, "daily"):
        stamp = _snapshot_stamp(path)
        if stamp is not None and stamp.astimezone().date() == today:
            return None
    return _quietly(paths, db, "daily")


def snapshot_on_exit(paths: Paths, db: Database) -> Path | None:
    """Take the snapshot made when the program closes (before ``db.close()``); never raises."""
    return _quietly(paths, db, "exit")


def _quietly(paths: Paths, db: Database, kind: str) -> Path | None:
    try:
        return take_local_snapshot(paths, db, kind)
    except (OSError, sqlite3.Error, HomewardError):
        log.warning("the %s snapshot failed", kind, exc_info=True)
        return None
