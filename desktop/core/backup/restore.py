"""Restoring a backup: verify, unpack, check, upgrade, keep the old one, swap atomically.

An interruption at any moment leaves the old database or the new one, whole.
"""

from __future__ import annotations

import contextlib
import enum
import logging
import os
import shutil
import sqlite3
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import event

from desktop.config import Paths
from desktop.core.audit import trail as audit
from desktop.core.backup.archive import DescriptorWriter, read_backup
from desktop.core.backup.errors import BackupDamaged, RestoreFailed
from desktop.core.backup.files import (
    discard,
    entered_passphrase,
    fsync_dir,
    fsync_file,
    new_private_file,
    remove_stale_parts,
)
from desktop.core.backup.make import require_permission
from desktop.core.backup.manifest import Manifest, check_compatible
from desktop.core.backup.steps import CancelCheck, Progress, Step, check_cancel, tick
from desktop.core.errors import DatabaseProblem, DatabaseTooNew
from desktop.core.i18n import _
from desktop.core.instance import RESTORE_PREFIX
from desktop.core.private_files import make_private_dir
from desktop.core.staff.permissions import Permission
from desktop.core.store.db import (
    Database,
    OpenMode,
    integrity_problems,
    read_revision,
    safety_copy,
)
from desktop.core.store.keys import key_path, place_key
from desktop.core.store.models import Staff, utcnow

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class RestoreResult:
    """A database restored: what it holds, and where the replaced one was kept."""

    manifest: Manifest
    safety_copy: Path | None


class _Current(enum.Enum):
    MISSING = "missing"
    USABLE = "usable"
    UNUSABLE = "unusable"


def _current_database(paths: Paths) -> _Current:
    """Say what the data folder holds now; refuse to replace a newer program's database."""
    if not paths.db_file.exists():
        return _Current.MISSING
    try:
        read_revision(paths.db_file)
    except DatabaseTooNew as error:
        raise RestoreFailed(
            _("The database in {path} was made by a newer Homeward; it was not replaced.").format(
                path=paths.home
            )
        ) from error
    except DatabaseProblem:
        return _Current.UNUSABLE
    return _Current.USABLE


def _require_restore(paths: Paths, db: Database | None, actor: Staff | None) -> None:
    """Check against the current database that ``actor`` may restore."""
    if db is not None:
        require_permission(db, actor, Permission.RESTORE)
        return
    current = Database.open(paths.db_file, OpenMode.READ)
    try:
        require_permission(current, actor, Permission.RESTORE)
    finally:
        current.close()


def restore_backup(
    paths: Paths,
    source: Path,
    passphrase: str,
    actor: Staff | None,
    *,
    db: Database | None = None,
    progress: Progress | None = None,
    cancel: CancelCheck | None = None,
) -> RestoreResult:
    """Replace the database in ``paths`` with the one in the backup ``source``.

    ``actor`` must be allowed to restore, checked against the current database
    (``db``, if it is open). With no database, or one nobody can open (damaged),
    there is no one to check against and the restore goes ahead. ``db`` is
    closed for good before the swap: open a new ``Database`` afterwards. The
    caller must hold the data folder's instance lock.
    """
    passphrase = entered_passphrase(passphrase)
    current = _current_database(paths)
    if current is _Current.USABLE:
        _require_restore(paths, db, actor)
    make_private_dir(paths.home)
    remove_stale_parts(paths)
    temp, descriptor = new_private_file(paths.home, RESTORE_PREFIX, ".part")
    try:
        manifest = _extract(Path(source), passphrase, temp, descriptor, progress, cancel)
        check_compatible(manifest)
        if manifest.audit_key:
            place_key(temp, bytes.fromhex(manifest.audit_key))
        _prepare_restored(temp, Path(source).name, actor, progress)
        check_cancel(cancel)
        safety = _swap(paths, temp, db, current, progress)
    except OSError as error:
        _discard_with_key(temp)
        raise RestoreFailed(
            _("The restore stopped; nothing was changed: {reason}").format(
                reason=error.strerror or error
            )
        ) from error
    except BaseException:
        _discard_with_key(temp)
        raise
    log.info("restored %s (made %s)", source, manifest.created_at)
    return RestoreResult(manifest, safety)


def _discard_with_key(temp: Path) -> None:
    discard(temp)
    with contextlib.suppress(FileNotFoundError):
        key_path(temp).unlink()


def _extract(
    source: Path,
    passphrase: str,
    temp: Path,
    descriptor: int,
    progress: Progress | None,
    cancel: CancelCheck | None,
) -> Manifest:
    """Verify the backup while writing its database into ``temp``; fsync it."""
    try:
        manifest = read_backup(
            source,
            passphrase,
            out=DescriptorWriter(descriptor),
            step=Step.EXTRACT,
            progress=progress,
            cancel=cancel,
        )
        os.fsync(descriptor)
    finally:
        os.close(descriptor)
    return manifest


def _prepare_restored(
    temp: Path, source_name: str, actor: Staff | None, progress: Progress | None
) -> None:
    """Check the unpacked database, upgrade it, record the restore in it, and settle it."""
    tick(progress, Step.CHECK, 0, 0)
    problems = integrity_problems(temp)
    if problems:
        raise BackupDamaged(
            _("The database inside the backup is damaged: {problem}").format(problem=problems[0])
        )
    restored = Database.open(temp)
    try:
        with restored.session() as session:
            audit.record(
                session,
                None,
                "restore",
                "database",
                source_name,
                None,
                {"file": source_name, "restored_by": actor.username if actor else None},
            )
    finally:
        restored.close()
    _settle(temp)
    fsync_file(temp)


def _settle(path: Path) -> None:
    """Fold the write-ahead log into ``path`` and leave it in rollback-journal mode.

    Afterwards the file alone is the whole database, and no ``-wal`` file is
    left that SQLite could replay into whatever file later takes this name.
    """
    with contextlib.closing(sqlite3.connect(path, isolation_level=None)) as connection:
        connection.execute(f"PRAGMA busy_timeout = {10_000}")
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchall()
        mode = str(connection.execute("PRAGMA journal_mode = DELETE").fetchone()[0])
    if mode.lower() != "delete":
        raise RestoreFailed(
            _("The database is in use by another program; close it and try again."),
            database_closed=True,
        )


def _refuse(*_args: Any) -> None:
    raise DatabaseProblem(_("The database was closed for a restore; sign in again."))


def retire(db: Database) -> None:
    """Close every connection of ``db`` and refuse new ones: it must not touch the file again."""
    db.close()
    event.listen(db.engine, "do_connect", _refuse, insert=True)


def _swap(
    paths: Paths,
    temp: Path,
    db: Database | None,
    current: _Current,
    progress: Progress | None,
) -> Path | None:
    """Keep the current database aside, then put ``temp`` in its place atomically."""
    tick(progress, Step.SWAP, 0, 0)
    if db is not None:
        retire(db)
    try:
        safety = _keep_current(paths, current)
        for suffix in ("-wal", "-shm", "-journal"):
            with contextlib.suppress(FileNotFoundError):
                Path(f"{paths.db_file}{suffix}").unlink()
        os.replace(temp, paths.db_file)
        # the restored file's audit key follows it (made by its upgrade if it had none)
        os.replace(key_path(temp), key_path(paths.db_file))
        fsync_dir(paths.home)
    except RestoreFailed:
        raise
    except (OSError, sqlite3.Error) as error:
        raise RestoreFailed(
            _("The restore stopped before the database was replaced: {reason}").format(
                reason=error
            ),
            database_closed=db is not None,
        ) from error
    return safety


def _keep_current(paths: Paths, current: _Current) -> Path | None:
    """Copy the database about to be replaced into the snapshots folder; settle it."""
    if current is _Current.MISSING:
        return None
    make_private_dir(paths.snapshots_dir)
    if current is _Current.USABLE:
        copy = safety_copy(paths.db_file, paths.snapshots_dir, "before-restore")
        _settle(paths.db_file)
        return copy
    stamp = utcnow().strftime("%Y%m%dT%H%M%SZ")
    copy = paths.snapshots_dir / f"damaged-{stamp}.sqlite"
    shutil.copyfile(paths.db_file, copy)
    for suffix in ("-wal", "-journal"):
        companion = Path(f"{paths.db_file}{suffix}")
        if companion.exists():
            shutil.copyfile(companion, Path(f"{copy}{suffix}"))
    fsync_file(copy)
    return copy
