"""Making a backup: snapshot, write to a drive, read back, rotate, remember the time."""

from __future__ import annotations

import datetime as dt
import logging
import os
import sqlite3
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import age_rt  # type: ignore[import-untyped]

from desktop.config import Paths
from desktop.core.audit import anchors
from desktop.core.backup import agefile
from desktop.core.backup.archive import open_header, read_backup, write_archive
from desktop.core.backup.errors import (
    BackupError,
    TargetWriteFailed,
    damaged_message,
    target_error,
)
from desktop.core.backup.files import (
    PART_PREFIX,
    SPACE_MARGIN,
    center_slug,
    check_keep,
    check_passphrase,
    check_target,
    database_bytes,
    discard,
    drop_cache,
    free_name,
    fsync_dir,
    legacy_slug,
    new_private_file,
    rotate,
)
from desktop.core.backup.manifest import Manifest, program_version
from desktop.core.backup.snapshots import check_room, describe, private_snapshot, trail_head
from desktop.core.backup.steps import CancelCheck, Progress, check_cancel
from desktop.core.center import LAST_USB_BACKUP, store_setting
from desktop.core.errors import DatabaseCorrupt
from desktop.core.i18n import _
from desktop.core.staff.access import require
from desktop.core.staff.permissions import Permission
from desktop.core.store.db import Database
from desktop.core.store.models import Staff, utcnow

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class BackupResult:
    """A backup written and verified."""

    path: Path
    manifest: Manifest
    size: int
    removed: tuple[Path, ...] = ()


def require_permission(db: Database, actor: Staff | None, permission: Permission) -> Staff:
    """Return ``actor`` as the database knows them, or raise unless they may ``permission``."""
    with db.session() as session:
        return require(session, actor, permission)  # type: ignore[arg-type]


def create_backup(
    db: Database,
    paths: Paths,
    folder: Path,
    passphrase: str,
    *,
    actor: Staff | None = None,
    usb: bool = False,
    keep: int | None = None,
    progress: Progress | None = None,
    cancel: CancelCheck | None = None,
) -> BackupResult:
    """Write a verified, encrypted backup of ``db`` into ``folder`` and return it.

    ``actor`` is the signed-in staff member (None: a scheduled task). ``usb``
    records the time as the last USB backup. ``keep`` removes this center's
    older backups in ``folder`` beyond the newest ``keep``. ``cancel`` is
    honoured until the file gets its final name.
    """
    passphrase = check_passphrase(passphrase)
    check_keep(keep)
    if actor is not None:
        require_permission(db, actor, Permission.BACKUP)
    folder = Path(folder)
    needed = database_bytes(db.path) + SPACE_MARGIN
    check_target(folder, needed)
    check_room(paths, db, SPACE_MARGIN)
    created = utcnow()
    snapshot: Path | None = None
    try:
        with ThreadPoolExecutor(1, thread_name_prefix="backup-key") as keys:
            # scrypt (half a second, the GIL released) runs while the snapshot is taken
            encoder = keys.submit(age_rt.AgeEncoder.from_passphrase, passphrase)
            snapshot = private_snapshot(db, paths, progress, cancel)
        revision, center, counts = describe(snapshot)
        head = trail_head(snapshot)
        manifest = Manifest(
            program_version(),
            revision,
            created,
            center,
            counts,
            snapshot.stat().st_size,
            encryption=agefile.implementation(),
            audit_key=db.key.hex() if db.key else "",
            audit_head=head,
        )
        path, manifest = _write_verified(
            folder, manifest, snapshot, _Key(encoder.result(), passphrase), progress, cancel
        )
    except sqlite3.Error as error:
        raise DatabaseCorrupt(
            _("The database cannot be read for a backup: {reason}").format(reason=error)
        ) from error
    finally:
        if snapshot is not None:
            discard(snapshot)
    if head:
        _remember_head(db, head, path, created)
    removed = (
        rotate(folder, center_slug(manifest.center), keep, path, (legacy_slug(manifest.center),))
        if keep
        else ()
    )
    if usb:
        record_usb_backup(db, actor, created)
    return BackupResult(path, manifest, path.stat().st_size, removed)


@dataclass(frozen=True)
class _Key:
    """The passphrase, and the encoder (its scrypt already run) that writes under it."""

    encoder: age_rt.AgeEncoder
    passphrase: str


def _write_verified(
    folder: Path,
    manifest: Manifest,
    snapshot: Path,
    key: _Key,
    progress: Progress | None,
    cancel: CancelCheck | None,
) -> tuple[Path, Manifest]:
    """Write to a .part file, rename it, read it back; return the path and full manifest."""
    with ThreadPoolExecutor(1, thread_name_prefix="backup-key") as keys:
        opened = keys.submit(open_header, key.encoder, key.passphrase)  # while writing
        final = _write_part_and_rename(folder, manifest, snapshot, key.encoder, progress, cancel)
        try:
            verified = read_backup(final, key.passphrase, progress=progress, opened=opened.result())
        except (BackupError, OSError) as error:
            discard(final)
            raise TargetWriteFailed(
                _(
                    "The backup was written to {path} but reading it back failed, so it was "
                    "removed. The drive may be failing; use another one."
                ).format(path=folder),
                field="folder",
            ) from error
    if verified.to_json() != manifest.to_json() or not verified.db_sha256:
        discard(final)
        raise TargetWriteFailed(damaged_message(final.name), field="folder")
    return final, verified


def _write_part_and_rename(
    folder: Path,
    manifest: Manifest,
    snapshot: Path,
    encoder: age_rt.AgeEncoder,
    progress: Progress | None,
    cancel: CancelCheck | None,
) -> Path:
    try:
        part, fd = new_private_file(folder, PART_PREFIX, ".part")
    except OSError as error:
        raise target_error(error, folder) from error
    try:
        try:
            digest = write_archive(fd, encoder, manifest, snapshot, progress, cancel)
            os.fsync(fd)
            drop_cache(fd)
        finally:
            os.close(fd)
        check_cancel(cancel)
        final = free_name(folder, center_slug(manifest.center), manifest.created_at)
        os.rename(part, final)
        fsync_dir(folder)
    except OSError as error:
        discard(part)
        raise target_error(error, folder) from error
    except BaseException:
        discard(part)
        raise
    log.info("backup written to %s (sha256 %s)", final, digest)
    return final


def _remember_head(db: Database, head: str, path: Path, created: dt.datetime) -> None:
    """Remember the head the backup holds; a failure is logged (the backup itself is good)."""
    try:
        anchors.remember(db.path, head, "backup", path, created)
    except OSError:
        log.warning("the trail's head could not be remembered for %s", path, exc_info=True)


def record_usb_backup(db: Database, actor: Staff | None, when: dt.datetime) -> None:
    """Remember ``when`` as the last verified USB backup (audited; ``actor`` None: a task)."""
    with db.session() as session:
        current = require(session, actor, Permission.BACKUP) if actor is not None else None
        store_setting(session, current, LAST_USB_BACKUP, when.astimezone(dt.UTC).isoformat())
