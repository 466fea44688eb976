"""Backups: encrypted, verified, restorable files for a USB stick, and local snapshots.

The backup file
---------------
``homeward-<center>-YYYYMMDD-HHMMSS.hwbackup`` (local time; no colons, so the name
is valid on FAT32) is an **age v1 file** (https://age-encryption.org/v1) encrypted
to a passphrase: age's scrypt recipient (work factor 2^18) wraps a random file
key, and the payload is ChaCha20-Poly1305 in 64 KiB chunks (the STREAM
construction), every chunk authenticated and the last one marked. A changed,
removed, reordered or appended byte, a truncated file and a wrong passphrase are
all detected. Nothing inside is readable without the passphrase: not the
center's name, not the counts, not a child's name. Inside the encryption is a
Zstandard-compressed POSIX (pax) tar stream with three members, in this order:

- ``manifest.json``: format, program version, schema revision, when (UTC), the
  center's name, record counts per main table, the database's size;
- ``homeward.sqlite``: a consistent snapshot of the live database, taken with
  SQLite's online backup API while the program runs;
- ``SHA256SUMS``: the SHA-256 of the database bytes in ``sha256sum`` format
  (last, so the database is hashed as it streams: one pass).

A backup therefore opens without Homeward, with standard tools, years from now:
``age -d FILE | zstd -d | tar x``, then ``sha256sum -c SHA256SUMS``.

Why these libraries (no home-made cryptography)
-----------------------------------------------
The *format* is age v1: a small, specified, widely reviewed design (Filippo
Valsorda) with independent mainstream implementations (Go ``age``, Rust
``rage``) and shared test vectors. The *implementation* used here is
``age-rt`` (PyPI, MIT): one pure-Python module whose standard-age encoder and
decoder work chunk by chunk, built only on the ``cryptography`` package's
(OpenSSL's) scrypt, HKDF-SHA-256, HMAC-SHA-256 and ChaCha20-Poly1305, exactly as
the spec composes them. The better-known Python packages did not fit: ``pyrage``
(bindings to rage) does passphrase encryption only on bytes held in memory, and
``age`` (pyage) buffers the whole file and calls itself not a secure
implementation. The tests decrypt Homeward's files with rage (through pyrage),
which shows they are standard age. Compression is Zstandard from
``compression.zstd`` (Python 3.14) or its backport ``backports.zstd``.

Streaming
---------
Every stage (snapshot file → tar → zstd → age → target) moves at most a few
blocks of 1 MiB at a time, so memory does not grow with the database; the only
large fixed cost is scrypt's 256 MiB while the key is derived. The work is
spread over two cores: the database is hashed on a helper thread while the
next block is compressed (zstd runs its own workers), and both scrypt runs
(the writer's, and the reader's for the verification) happen while something
else is going on, the first during the snapshot, the second during the writing.

The snapshot is SQLite's online backup API, never a plain copy of the live
file: on POSIX systems, closing *any* descriptor of the database file drops
every lock SQLite holds on it in this process ("How To Corrupt An SQLite
Database File", section 2.2), so a copy made with ``open``/``close`` could let
another process damage the database. The API copies through SQLite itself.

Writing, verifying, restoring
-----------------------------
A backup is written to ``.homeward-backup-XXXX.part`` on the target after a
free-space check, fsynced, renamed to a name no other file has (an existing
backup is never overwritten), the folder fsynced, then read back (from the
device: the written pages are dropped from the cache where the OS allows) and
verified as a whole. Any failure removes the partial file. Rotation (keep the
newest N backups of this center) only runs after a verified write.

A restore verifies the file while extracting the database to a temporary file
beside the live one, checks SQLite's integrity, upgrades an older schema,
records the restore in the restored audit trail, closes every connection,
keeps the current database as a safety copy in the snapshots folder, and swaps
the new file in with one ``os.replace``. Before the swap both files are
"settled" (write-ahead log folded in, rollback-journal mode), so no stale
``-wal`` file of the old database can ever be replayed into the new one. An
interruption at any moment leaves the old database or the new one, whole.

Local snapshots (``take_local_snapshot``) are plain, unencrypted SQLite copies
in the data folder's ``snapshots`` folder, readable by the owner only: they
stay on this computer, beside the database they copy, and protect against a
bad edit or a damaged file, not against losing the computer.

This module is SQLite-specific by nature (it copies the SQLite file); it speaks
to SQLite through the standard library only.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import enum
import errno
import functools
import hashlib
import io
import json
import logging
import os
import re
import secrets
import shutil
import sqlite3
import sys
import tarfile
import unicodedata
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO

import age_rt  # type: ignore[import-untyped]
from sqlalchemy import event

from desktop.config import Paths, make_private_dir
from desktop.core import audit
from desktop.core.accounts import require
from desktop.core.center import LAST_USB_BACKUP
from desktop.core.db import Database, integrity_problems, read_revision, safety_copy
from desktop.core.errors import (
    DatabaseCorrupt,
    DatabaseProblem,
    DatabaseTooNew,
    HomewardError,
    ValidationError,
)
from desktop.core.i18n import N_, _
from desktop.core.migrations import REVISIONS
from desktop.core.models import Setting, Staff, utcnow
from desktop.core.permissions import Permission

if sys.version_info >= (3, 14):  # pragma: no cover - the standard library's own
    from compression import zstd
else:
    from backports import zstd

if TYPE_CHECKING:
    from _typeshed import WriteableBuffer

log = logging.getLogger(__name__)

SUFFIX = ".hwbackup"
PART_PREFIX = ".homeward-backup-"
RESTORE_PREFIX = ".homeward-restore-"
AGE_MAGIC = b"age-encryption.org/v1\n"
FORMAT = "homeward-backup"
FORMAT_VERSION = 1
MANIFEST_NAME = "manifest.json"
DB_NAME = "homeward.sqlite"
SUMS_NAME = "SHA256SUMS"
MIN_PASSPHRASE = 10
MAX_PASSPHRASE = 1024
MAX_KEEP = 999
MAX_MANIFEST = 1 << 20
CHUNK = 64 * 1024
PAYLOAD_NONCE = 16
IO_BLOCK = 1 << 20
ZSTD_LEVEL = 1
SNAPSHOT_STEP_PAGES = 16384
SNAPSHOT_KEEP = 14
SNAPSHOT_KINDS = ("daily", "exit")
SPACE_MARGIN = 1 << 20

#: The tables whose rows a manifest counts, with the label the restore dialog shows.
MAIN_TABLES: dict[str, str] = {
    "child": N_("Children"),
    "admission": N_("Admissions"),
    "contact": N_("Contacts"),
    "belonging": N_("Belongings"),
    "note": N_("Notes"),
    "photo": N_("Photos"),
    "task": N_("Tasks"),
    "staff": N_("Staff accounts"),
    "audit_entry": N_("Audit entries"),
}

_NAME = re.compile(
    r"homeward-(?P<slug>[a-z0-9-]+)-(?P<stamp>\d{8}-\d{6})(?:-(?P<n>\d+))?\.hwbackup"
)


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


# ------------------------------------------------------------------------------ errors


class BackupError(HomewardError):
    """A backup could not be written, read, verified or restored."""


class _AboutTheFile(BackupError):
    """An error about the backup file itself: shown next to the file's field."""

    def __init__(self, message: str, *, field: str | None = "file") -> None:
        super().__init__(message, field=field)


class BackupNotFound(_AboutTheFile):
    """There is no backup file at the path given, or it cannot be read."""


class NotABackup(_AboutTheFile):
    """The file is not a Homeward backup at all."""


class WrongPassphrase(BackupError):
    """The passphrase does not open the backup."""


class BackupDamaged(_AboutTheFile):
    """The backup was changed or damaged after it was written."""


class BackupTruncated(BackupDamaged):
    """The backup ends too early (an interrupted copy or a pulled stick)."""


class BackupTooNew(_AboutTheFile):
    """The backup was made by a newer Homeward than this one."""


class BackupCancelled(BackupError):
    """The user stopped the work; nothing was left behind."""


class TargetError(BackupError):
    """The folder to write to cannot take the backup."""


class TargetFull(TargetError):
    """Not enough free space."""


class TargetReadOnly(TargetError):
    """The folder or drive cannot be written."""


class TargetGone(TargetError):
    """The folder is not there (any more): a removed drive."""


class TargetWriteFailed(TargetError):
    """Writing failed half-way (a faulty or pulled drive)."""


class RestoreFailed(BackupError):
    """The restore stopped; ``database_closed`` says whether the open database was closed."""

    def __init__(self, message: str, *, database_closed: bool = False) -> None:
        super().__init__(message)
        self.database_closed = database_closed


# ---------------------------------------------------------------------------- manifest


@dataclass(frozen=True)
class Manifest:
    """What a backup holds; ``db_sha256`` is known once the database was read or written."""

    program_version: str
    schema_revision: str
    created_at: dt.datetime
    center: str
    counts: dict[str, int]
    db_size: int
    db_sha256: str = ""
    format_version: int = FORMAT_VERSION

    def to_json(self) -> bytes:
        """Return ``manifest.json`` (the checksum goes into ``SHA256SUMS``)."""
        data = {
            "format": FORMAT,
            "format_version": self.format_version,
            "program_version": self.program_version,
            "schema_revision": self.schema_revision,
            "created_at": self.created_at.astimezone(dt.UTC).isoformat(),
            "center": self.center,
            "counts": self.counts,
            "database": {"name": DB_NAME, "size": self.db_size},
        }
        return json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True).encode("utf-8")

    @classmethod
    def from_json(cls, raw: bytes, name: str) -> Manifest:
        """Parse ``manifest.json``; raise ``NotABackup`` when it is not Homeward's."""
        try:
            data = json.loads(raw.decode("utf-8"))
            if data["format"] != FORMAT:
                raise ValueError(data["format"])
            return cls(
                program_version=str(data["program_version"]),
                schema_revision=str(data["schema_revision"]),
                created_at=_aware(dt.datetime.fromisoformat(data["created_at"])),
                center=str(data["center"]),
                counts={str(k): int(v) for k, v in dict(data["counts"]).items()},
                db_size=int(data["database"]["size"]),
                format_version=int(data["format_version"]),
            )
        except (ValueError, KeyError, TypeError, AttributeError) as error:
            raise NotABackup(_not_a_backup(name)) from error

    def count_lines(self) -> list[tuple[str, int]]:
        """Return (translated label, count) for the main tables, in a fixed order."""
        return [
            (_(label), self.counts[table])
            for table, label in MAIN_TABLES.items()
            if table in self.counts
        ]


def _aware(moment: dt.datetime) -> dt.datetime:
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=dt.UTC)


def _program_version() -> str:
    import desktop

    return desktop.__version__


def _major(version: str) -> int:
    match = re.match(r"\d+", version.strip())
    return int(match.group()) if match else 0


def check_compatible(manifest: Manifest) -> None:
    """Raise ``BackupTooNew`` unless this program can restore ``manifest``'s backup."""
    too_new = (
        manifest.format_version > FORMAT_VERSION
        or manifest.schema_revision not in REVISIONS
        or _major(manifest.program_version) > _major(_program_version())
    )
    if too_new:
        raise BackupTooNew(
            _(
                "This backup was made by a newer Homeward ({version}, schema {revision}). "
                "Install that version or a later one to restore it."
            ).format(version=manifest.program_version, revision=manifest.schema_revision)
        )


# -------------------------------------------------------------------- passphrase, names


def check_passphrase(passphrase: str) -> str:
    """Return the passphrase to encrypt with (NFC), or raise ``ValidationError``."""
    text = unicodedata.normalize("NFC", passphrase or "")
    if len(text) < MIN_PASSPHRASE or not text.strip():
        raise ValidationError(
            _("A backup passphrase has at least {n} characters.").format(n=MIN_PASSPHRASE),
            field="passphrase",
        )
    if len(text) > MAX_PASSPHRASE:
        raise ValidationError(
            _("A backup passphrase has at most {n} characters.").format(n=MAX_PASSPHRASE),
            field="passphrase",
        )
    return text


def _entered_passphrase(passphrase: str) -> str:
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
    """Return the center's name as lowercase ASCII for file names (pinyin for Chinese)."""
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


def _free_name(folder: Path, slug: str, created: dt.datetime) -> Path:
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


# ------------------------------------------------------------------------- small tools


def _tick(progress: Progress | None, step: Step, done: int, total: int) -> None:
    if progress is not None:
        progress(step, done, total)


def _check_cancel(cancel: CancelCheck | None) -> None:
    if cancel is not None and cancel():
        raise BackupCancelled(_("Stopped. Nothing was written."))


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        written = os.write(fd, view)
        view = view[written:]


def _fsync_dir(folder: Path) -> None:
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


def _fsync_file(path: Path) -> None:
    descriptor = os.open(path, os.O_RDWR | getattr(os, "O_BINARY", 0))  # Windows: not read-only
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


def _drop_cache(fd: int) -> None:
    """Ask the OS to forget the written pages, so verifying reads the device itself."""
    advise = getattr(os, "posix_fadvise", None)
    if advise is not None:
        with contextlib.suppress(OSError):
            advise(fd, 0, 0, os.POSIX_FADV_DONTNEED)


def _discard(path: Path) -> None:
    for suffix in ("", "-wal", "-shm", "-journal"):
        with contextlib.suppress(OSError):
            Path(f"{path}{suffix}").unlink()


def _new_private_file(folder: Path, prefix: str, suffix: str) -> tuple[Path, int]:
    """Create a new, empty file readable by its owner only; return it and its descriptor."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
    while True:
        path = folder / f"{prefix}{secrets.token_hex(4)}{suffix}"
        try:
            return path, os.open(path, flags, 0o600)
        except FileExistsError:
            continue


def _database_bytes(path: Path) -> int:
    size = 0
    for suffix in ("", "-wal"):
        with contextlib.suppress(OSError):
            size += Path(f"{path}{suffix}").stat().st_size
    return size


def _target_error(error: OSError, folder: Path) -> TargetError:
    """Return the typed, translated error for an OS error while writing to ``folder``."""
    code = error.errno
    if code in (errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)):
        return TargetFull(
            _("The drive {path} is full. Free some space or use another drive.").format(
                path=folder
            ),
            field="folder",
        )
    if code in (errno.EROFS, errno.EACCES, errno.EPERM):
        return TargetReadOnly(
            _("{path} cannot be written (read-only drive or no permission).").format(path=folder),
            field="folder",
        )
    if code in (errno.ENOENT, errno.ENODEV, errno.ENXIO, errno.ESTALE):
        return TargetGone(_target_gone(folder), field="folder")
    return TargetWriteFailed(
        _(
            "Writing to {path} failed ({reason}). Was the drive removed? "
            "No backup was left there; try again."
        ).format(path=folder, reason=error.strerror or error),
        field="folder",
    )


def _target_gone(folder: Path) -> str:
    return _("The folder {path} is not there. Was the drive removed?").format(path=folder)


def _not_a_backup(name: str) -> str:
    return _("{name} is not a Homeward backup.").format(name=name)


def _damaged(name: str) -> str:
    return _(
        "The backup {name} is damaged: it was changed after it was written, "
        "or the drive is failing."
    ).format(name=name)


def _truncated(name: str) -> str:
    return _(
        "The backup {name} is incomplete: it ends too early (an interrupted copy?) "
        "or its end is damaged."
    ).format(name=name)


def check_target(folder: Path, needed: int) -> None:
    """Raise a ``TargetError`` unless ``folder`` exists and has ``needed`` bytes free.

    A file system that reports no size at all (some FUSE drivers) is not refused:
    a write that runs out of space is still caught, and nothing is left behind.
    """
    if not folder.is_dir():
        raise TargetGone(_target_gone(folder), field="folder")
    try:
        usage = shutil.disk_usage(folder)
    except OSError as error:
        raise _target_error(error, folder) from error
    if usage.total > 0 and usage.free < needed:
        raise TargetFull(
            _("{path} has {free} MB free; the backup needs up to {needed} MB.").format(
                path=folder, free=usage.free // 1_000_000, needed=-(-needed // 1_000_000)
            ),
            field="folder",
        )


# -------------------------------------------------------------------- snapshot of the db


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
            _tick(progress, Step.SNAPSHOT, total - remaining, total)
            _check_cancel(cancel)

        with contextlib.closing(sqlite3.connect(target)) as copy:
            if not durable:  # a temporary copy: a crash discards it anyway
                copy.execute("PRAGMA journal_mode = OFF")
                copy.execute("PRAGMA synchronous = OFF")
            source.backup(copy, pages=SNAPSHOT_STEP_PAGES, progress=step)
    finally:
        raw.close()


def _describe(snapshot: Path) -> tuple[str, str, dict[str, int]]:
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


def _private_snapshot(
    db: Database, paths: Paths, progress: Progress | None, cancel: CancelCheck | None
) -> Path:
    """Take a temporary snapshot in the snapshots folder; the caller removes it."""
    make_private_dir(paths.snapshots_dir)
    target, descriptor = _new_private_file(paths.snapshots_dir, ".backup-", ".sqlite")
    os.close(descriptor)
    try:
        _online_copy(db, target, progress, cancel, durable=False)
    except BaseException:
        _discard(target)
        raise
    return target


# --------------------------------------------------------------------- writing a stream


class _AgeSink:
    """Plaintext in; an age v1 file out: 64 KiB chunks, written 1 MiB at a time by ``writer``.

    Large writes matter on USB sticks and FUSE drives; handing them to a helper
    thread lets compression and encryption go on while the drive is busy.
    """

    def __init__(self, encoder: age_rt.AgeEncoder, writer: _InOrder) -> None:
        self._encoder = encoder
        self._writer = writer
        self._pending = bytearray()
        self._out = bytearray(encoder.get_header())

    def write(self, data: bytes) -> int:
        """Take ``data``; encrypt every full chunk except the last, which may be final."""
        self._pending += data
        if len(self._pending) > CHUNK:
            whole = (len(self._pending) - 1) // CHUNK * CHUNK
            view = memoryview(self._pending)
            try:
                for start in range(0, whole, CHUNK):
                    chunk = bytes(view[start : start + CHUNK])
                    self._out += self._encoder.encode_chunk(chunk, is_final=False)
            finally:
                view.release()
            del self._pending[:whole]
            if len(self._out) >= IO_BLOCK:
                self._flush()
        return len(data)

    def finish(self) -> None:
        """Encrypt the last chunk, marked final; wait until everything is written."""
        self._out += self._encoder.encode_chunk(bytes(self._pending), is_final=True)
        self._pending.clear()
        self._flush()
        self._writer.wait()

    def _flush(self) -> None:
        self._writer.submit(bytes(self._out))
        self._out.clear()


class _ZstdSink:
    """Bytes in, a Zstandard frame out to ``sink`` (compressed on worker threads)."""

    def __init__(self, sink: _AgeSink) -> None:
        workers = min(4, os.cpu_count() or 1)
        options: dict[int, int] = {
            zstd.CompressionParameter.compression_level: ZSTD_LEVEL,
            zstd.CompressionParameter.checksum_flag: 1,
            zstd.CompressionParameter.nb_workers: workers,
        }
        self._sink = sink
        self._compressor = zstd.ZstdCompressor(options=options)

    def write(self, data: bytes) -> int:
        """Compress ``data``; pass on whatever the compressor has ready."""
        out = self._compressor.compress(data)
        if out:
            self._sink.write(out)
        return len(data)

    def finish(self) -> None:
        """End the frame."""
        self._sink.write(self._compressor.flush())


class _InOrder:
    """Feeds blocks to ``work`` on a helper thread, one block in flight, in order.

    The caller goes on with the next block meanwhile: hashing and writing
    release the GIL, as do compressing and decrypting, so two cores share the work.
    """

    def __init__(self, work: Callable[[bytes], object], name: str) -> None:
        self._work = work
        self._helper = ThreadPoolExecutor(1, thread_name_prefix=name)
        self._pending: Future[object] | None = None

    def __enter__(self) -> _InOrder:
        return self

    def __exit__(self, *_exc: object) -> None:
        self._helper.shutdown(wait=True)

    def submit(self, block: bytes) -> None:
        """Wait for the block before (its errors are raised here), then start on ``block``."""
        self.wait()
        self._pending = self._helper.submit(self._work, block)

    def wait(self) -> None:
        """Wait until every block submitted has been worked on."""
        if self._pending is not None:
            pending, self._pending = self._pending, None
            pending.result()


class _HashingReader:
    """Reads the snapshot for the archive, hashing it (on a helper) and reporting progress."""

    def __init__(
        self,
        handle: BinaryIO,
        size: int,
        hasher: _InOrder,
        progress: Progress | None,
        cancel: CancelCheck | None,
    ) -> None:
        self._handle = handle
        self._size = size
        self._hasher = hasher
        self._done = 0
        self._progress = progress
        self._cancel = cancel

    def read(self, size: int = -1) -> bytes:
        """Return the next block of the snapshot."""
        _check_cancel(self._cancel)
        data = self._handle.read(size)
        self._hasher.submit(data)
        self._done += len(data)
        _tick(self._progress, Step.WRITE, self._done, self._size)
        return data


def _tar_header(name: str, size: int, created: dt.datetime) -> bytes:
    """Return the pax tar header of a regular file, owner-only, dated ``created``."""
    info = tarfile.TarInfo(name)
    info.size = size
    info.mtime = int(created.timestamp())
    info.mode = 0o600
    return info.tobuf(tarfile.PAX_FORMAT, "utf-8", "surrogateescape")


def _tar_padding(size: int) -> bytes:
    return tarfile.NUL * (-size % tarfile.BLOCKSIZE)


def _add_bytes(out: _ZstdSink, name: str, data: bytes, created: dt.datetime) -> None:
    out.write(_tar_header(name, len(data), created) + data + _tar_padding(len(data)))


def _write_archive(
    fd: int,
    encoder: age_rt.AgeEncoder,
    manifest: Manifest,
    snapshot: Path,
    progress: Progress | None,
    cancel: CancelCheck | None,
) -> str:
    """Write the encrypted backup of ``snapshot`` to ``fd``; return the database's SHA-256.

    The tar stream is written directly (headers from ``tarfile.TarInfo``), the
    database in 1 MiB blocks, so nothing is held but the blocks in hand.
    """
    digest = hashlib.sha256()
    with (
        _InOrder(functools.partial(_write_all, fd), "backup-write") as writer,
        _InOrder(digest.update, "backup-hash") as hasher,
        snapshot.open("rb") as handle,
    ):
        encrypted = _AgeSink(encoder, writer)
        packed = _ZstdSink(encrypted)
        created = manifest.created_at
        _add_bytes(packed, MANIFEST_NAME, manifest.to_json(), created)
        packed.write(_tar_header(DB_NAME, manifest.db_size, created))
        reader = _HashingReader(handle, manifest.db_size, hasher, progress, cancel)
        copied = 0
        while block := reader.read(IO_BLOCK):
            packed.write(block)
            copied += len(block)
        hasher.wait()
        if copied != manifest.db_size:
            raise BackupError(_("The snapshot changed while it was being written."))
        packed.write(_tar_padding(copied))
        hexdigest = digest.hexdigest()
        _add_bytes(packed, SUMS_NAME, f"{hexdigest}  {DB_NAME}\n".encode("ascii"), created)
        packed.write(tarfile.NUL * (2 * tarfile.BLOCKSIZE))
        packed.finish()
        encrypted.finish()
    return hexdigest


# --------------------------------------------------------------------- reading a stream


class _PlainReader(io.RawIOBase):
    """A readable file over the decrypted chunks of an age file."""

    def __init__(self, chunks: Iterator[bytes]) -> None:
        super().__init__()
        self._chunks = chunks
        self._current = memoryview(b"")

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: WriteableBuffer) -> int:
        while not self._current:
            following = next(self._chunks, None)
            if following is None:
                return 0
            self._current = memoryview(following)
        target = memoryview(buffer).cast("B")
        count = min(len(target), len(self._current))
        target[:count] = self._current[:count]
        self._current = self._current[count:]
        return count

    def exhausted(self) -> bool:
        """True when every chunk was read and the file had nothing after the last one."""
        return not self._current and next(self._chunks, None) is None


def _read_header(handle: BinaryIO, decoder: Any, name: str) -> None:
    """Feed the age header to ``decoder``, mapping its failures to typed errors."""
    start = handle.read(len(AGE_MAGIC))
    if start != AGE_MAGIC:
        raise NotABackup(_not_a_backup(name))
    try:
        for byte in start:
            decoder.feed(bytes([byte]))
        while decoder.bytes_wanted == 1:
            byte_read = handle.read(1)
            if not byte_read:
                raise BackupTruncated(_truncated(name))
            decoder.feed(byte_read)
    except age_rt.ChunkAuthenticationError as error:
        raise WrongPassphrase(
            _(
                "The passphrase does not open {name}. Check it and try again "
                "(letters, digits and spaces count exactly)."
            ).format(name=name),
            field="passphrase",
        ) from error
    except (age_rt.AgeRTError, ValueError) as error:  # ValueError: bad UTF-8 or base64
        raise BackupDamaged(_damaged(name)) from error


@dataclass(frozen=True)
class _OpenedHeader:
    """An age header (without the payload nonce) and a decoder the passphrase opened it with."""

    header: bytes
    decoder: age_rt.AgeDecoder


def _open_header(encoder: age_rt.AgeEncoder, passphrase: str) -> _OpenedHeader:
    """Open the header ``encoder`` writes with ``passphrase``, as a reader of the file would.

    This is the reading side's scrypt run; done while the file is being
    written, it costs the verification no waiting.
    """
    header = encoder.get_header()[:-PAYLOAD_NONCE]
    decoder = age_rt.AgeDecoder(passphrase)
    for byte in header:
        decoder.feed(bytes([byte]))
    return _OpenedHeader(header, decoder)


def _decrypted_chunks(
    handle: BinaryIO,
    passphrase: str,
    name: str,
    on_read: Callable[[int], None],
    opened: _OpenedHeader | None = None,
) -> Iterator[bytes]:
    """Yield the plaintext chunks of the age file ``handle``, each one authenticated.

    With ``opened`` (a header this program has just written), the file's header
    must be those very bytes, and the decoder that already opened them is used.
    """
    if opened is None:
        decoder = age_rt.AgeDecoder(passphrase)
        _read_header(handle, decoder, name)
    else:
        if handle.read(len(opened.header)) != opened.header:
            raise BackupDamaged(_damaged(name))
        decoder = opened.decoder
    nonce = handle.read(decoder.bytes_wanted)
    if len(nonce) != PAYLOAD_NONCE:
        raise BackupTruncated(_truncated(name))
    decoder.feed(nonce)
    while not decoder.is_done():
        wanted = decoder.bytes_wanted
        data = handle.read(wanted)
        if not data:
            raise BackupTruncated(_truncated(name))
        on_read(handle.tell())
        try:
            plain = decoder.feed(data)
        except (age_rt.AgeRTError, ValueError) as error:
            kind = BackupTruncated if len(data) < wanted else BackupDamaged
            message = _truncated(name) if len(data) < wanted else _damaged(name)
            raise kind(message) from error
        if plain:
            yield plain
    if handle.read(1):
        raise BackupDamaged(_damaged(name))


def _next_member(tar: tarfile.TarFile, wanted: str, name: str) -> tarfile.TarInfo:
    member = tar.next()
    if member is None or member.name != wanted or not member.isfile():
        raise NotABackup(_not_a_backup(name))
    return member


def _read_manifest(tar: tarfile.TarFile, name: str) -> Manifest:
    member = _next_member(tar, MANIFEST_NAME, name)
    if member.size > MAX_MANIFEST:
        raise NotABackup(_not_a_backup(name))
    handle = tar.extractfile(member)
    assert handle is not None
    return Manifest.from_json(handle.read(), name)


def _read_database(
    tar: tarfile.TarFile,
    manifest: Manifest,
    name: str,
    out: _DescriptorWriter | None,
    cancel: CancelCheck | None,
) -> str:
    """Stream the database member through SHA-256 (and into ``out``); return the digest."""
    member = _next_member(tar, DB_NAME, name)
    if member.size != manifest.db_size:
        raise BackupDamaged(_damaged(name))
    handle = tar.extractfile(member)
    assert handle is not None
    digest = hashlib.sha256()

    def consume(block: bytes) -> None:
        digest.update(block)
        if out is not None:
            out.write(block)

    # Hashing (and writing) a block overlaps decrypting and decompressing the next.
    with _InOrder(consume, "backup-hash") as helper:
        while block := handle.read(IO_BLOCK):
            _check_cancel(cancel)
            helper.submit(block)
        helper.wait()
    return digest.hexdigest()


def _read_sums(tar: tarfile.TarFile, name: str) -> str:
    member = _next_member(tar, SUMS_NAME, name)
    handle = tar.extractfile(member)
    assert handle is not None
    line = handle.read(4096).decode("ascii", "replace").strip()
    match = re.fullmatch(r"([0-9a-f]{64}) [ *]" + re.escape(DB_NAME), line)
    if match is None:
        raise BackupDamaged(_damaged(name))
    return match.group(1)


def _read_backup(
    source: Path,
    passphrase: str,
    *,
    out: _DescriptorWriter | None = None,
    step: Step = Step.VERIFY,
    progress: Progress | None = None,
    cancel: CancelCheck | None = None,
    opened: _OpenedHeader | None = None,
) -> Manifest:
    """Read and check the whole backup at ``source``; copy its database into ``out``."""
    name = source.name
    try:
        total = source.stat().st_size
        handle = source.open("rb")
    except FileNotFoundError as error:
        raise BackupNotFound(_("There is no file {path}.").format(path=source)) from error
    except OSError as error:
        raise BackupNotFound(
            _("{path} cannot be read: {reason}").format(path=source, reason=error.strerror)
        ) from error

    def report(done: int) -> None:
        _tick(progress, step, done, total)

    with handle:
        plain = _PlainReader(_decrypted_chunks(handle, passphrase, name, report, opened))
        return _unpack(plain, name, out, cancel)


def _open_archive(unpacked: BinaryIO, name: str) -> tuple[tarfile.TarFile, Manifest]:
    """Open the tar stream and read its manifest; anything else there is not a backup."""
    try:
        tar = tarfile.open(fileobj=unpacked, mode="r|", bufsize=IO_BLOCK)  # noqa: SIM115
    except (tarfile.TarError, zstd.ZstdError, EOFError) as error:
        raise NotABackup(_not_a_backup(name)) from error
    try:
        return tar, _read_manifest(tar, name)
    except (tarfile.TarError, zstd.ZstdError, EOFError) as error:
        tar.close()
        raise NotABackup(_not_a_backup(name)) from error
    except BaseException:
        tar.close()
        raise


def _unpack(
    plain: _PlainReader, name: str, out: _DescriptorWriter | None, cancel: CancelCheck | None
) -> Manifest:
    """Read the tar inside the decrypted stream and check it against its manifest."""
    with zstd.ZstdFile(plain, "rb") as unpacked:
        tar, manifest = _open_archive(unpacked, name)  # type: ignore[arg-type]
        try:
            with tar:
                digest = _read_database(tar, manifest, name, out, cancel)
                recorded = _read_sums(tar, name)
                if tar.next() is not None:
                    raise NotABackup(_not_a_backup(name))
            while unpacked.read(IO_BLOCK):
                pass
        except (tarfile.TarError, zstd.ZstdError, EOFError) as error:
            raise BackupDamaged(_damaged(name)) from error
    if not plain.exhausted() or recorded != digest:
        raise BackupDamaged(_damaged(name))
    return dataclasses.replace(manifest, db_sha256=digest)


def verify_backup(
    source: Path,
    passphrase: str,
    progress: Progress | None = None,
    cancel: CancelCheck | None = None,
) -> Manifest:
    """Check a backup without restoring it; return its manifest.

    Raises ``WrongPassphrase``, ``NotABackup``, ``BackupTruncated``,
    ``BackupDamaged`` or ``BackupTooNew`` (a sound backup this program cannot
    restore), each with a message to show.
    """
    manifest = _read_backup(
        Path(source), _entered_passphrase(passphrase), progress=progress, cancel=cancel
    )
    check_compatible(manifest)
    return manifest


# ------------------------------------------------------------------------ making backups


@dataclass(frozen=True)
class BackupResult:
    """A backup written and verified."""

    path: Path
    manifest: Manifest
    size: int
    removed: tuple[Path, ...] = ()


def _require(db: Database, actor: Staff | None, permission: Permission) -> Staff:
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
        _require(db, actor, Permission.BACKUP)
    folder = Path(folder)
    needed = _database_bytes(db.path) + SPACE_MARGIN
    check_target(folder, needed)
    _check_local_space(paths, needed)
    created = utcnow()
    snapshot: Path | None = None
    try:
        with ThreadPoolExecutor(1, thread_name_prefix="backup-key") as keys:
            # scrypt (half a second, the GIL released) runs while the snapshot is taken
            encoder = keys.submit(age_rt.AgeEncoder.from_passphrase, passphrase)
            snapshot = _private_snapshot(db, paths, progress, cancel)
        revision, center, counts = _describe(snapshot)
        manifest = Manifest(
            _program_version(), revision, created, center, counts, snapshot.stat().st_size
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
            _discard(snapshot)
    removed = rotate(folder, center_slug(manifest.center), keep, path) if keep else ()
    if usb:
        record_usb_backup(db, actor, created)
    return BackupResult(path, manifest, path.stat().st_size, removed)


def _check_local_space(paths: Paths, needed: int) -> None:
    with contextlib.suppress(OSError):
        usage = shutil.disk_usage(paths.home)
        if usage.total > 0 and usage.free < needed:
            raise BackupError(
                _("The data folder {path} has too little free space for a snapshot.").format(
                    path=paths.home
                )
            )


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
        opened = keys.submit(_open_header, key.encoder, key.passphrase)  # while writing
        final = _write_part_and_rename(folder, manifest, snapshot, key.encoder, progress, cancel)
        try:
            verified = _read_backup(
                final, key.passphrase, progress=progress, opened=opened.result()
            )
        except (BackupError, OSError) as error:
            _discard(final)
            raise TargetWriteFailed(
                _(
                    "The backup was written to {path} but reading it back failed, so it was "
                    "removed. The drive may be failing; use another one."
                ).format(path=folder),
                field="folder",
            ) from error
    if verified.to_json() != manifest.to_json() or not verified.db_sha256:
        _discard(final)
        raise TargetWriteFailed(_damaged(final.name), field="folder")
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
        part, fd = _new_private_file(folder, PART_PREFIX, ".part")
    except OSError as error:
        raise _target_error(error, folder) from error
    try:
        try:
            digest = _write_archive(fd, encoder, manifest, snapshot, progress, cancel)
            os.fsync(fd)
            _drop_cache(fd)
        finally:
            os.close(fd)
        _check_cancel(cancel)
        final = _free_name(folder, center_slug(manifest.center), manifest.created_at)
        os.rename(part, final)
        _fsync_dir(folder)
    except OSError as error:
        _discard(part)
        raise _target_error(error, folder) from error
    except BaseException:
        _discard(part)
        raise
    log.info("backup written to %s (sha256 %s)", final, digest)
    return final


def rotate(folder: Path, slug: str, keep: int | None, newest: Path) -> tuple[Path, ...]:
    """Delete this center's backups in ``folder`` beyond the newest ``keep``; return them.

    Only files named like this center's backups are touched, never ``newest``.
    """
    if not keep:
        return ()
    removed: list[Path] = []
    for path in list_backups(folder, slug)[keep:]:
        if path == newest:
            continue
        try:
            path.unlink()
            removed.append(path)
        except OSError:
            log.warning("cannot remove old backup %s", path)
    if removed:
        _fsync_dir(folder)
    return tuple(removed)


def record_usb_backup(db: Database, actor: Staff | None, when: dt.datetime) -> None:
    """Remember ``when`` as the last verified USB backup (audited; ``actor`` None: a task)."""
    with db.session() as session:
        current = require(session, actor, Permission.BACKUP) if actor is not None else None
        row = session.get(Setting, LAST_USB_BACKUP)
        before = {"value": row.value} if row else None
        value = when.astimezone(dt.UTC).isoformat()
        if row is None:
            row = Setting(key=LAST_USB_BACKUP, value=value)
            session.add(row)
        else:
            row.value = value
        session.flush()
        audit.record(
            session, current, "update", "setting", LAST_USB_BACKUP, before, {"value": value}
        )


# ------------------------------------------------------------------------------ restore


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
        _require(db, actor, Permission.RESTORE)
        return
    current = Database.open_readonly(paths.db_file)
    try:
        _require(current, actor, Permission.RESTORE)
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
    passphrase = _entered_passphrase(passphrase)
    current = _current_database(paths)
    if current is _Current.USABLE:
        _require_restore(paths, db, actor)
    make_private_dir(paths.home)
    remove_stale_parts(paths)
    temp, descriptor = _new_private_file(paths.home, RESTORE_PREFIX, ".part")
    try:
        manifest = _extract(Path(source), passphrase, temp, descriptor, progress, cancel)
        check_compatible(manifest)
        _prepare_restored(temp, Path(source).name, actor, progress)
        _check_cancel(cancel)
        safety = _swap(paths, temp, db, current, progress)
    except OSError as error:
        _discard(temp)
        raise RestoreFailed(
            _("The restore stopped; nothing was changed: {reason}").format(
                reason=error.strerror or error
            )
        ) from error
    except BaseException:
        _discard(temp)
        raise
    log.info("restored %s (made %s)", source, manifest.created_at)
    return RestoreResult(manifest, safety)


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
        manifest = _read_backup(
            source,
            passphrase,
            out=_DescriptorWriter(descriptor),
            step=Step.EXTRACT,
            progress=progress,
            cancel=cancel,
        )
        os.fsync(descriptor)
    finally:
        os.close(descriptor)
    return manifest


class _DescriptorWriter:
    """The least file-like object ``_read_database`` writes into: every byte or an error."""

    def __init__(self, fd: int) -> None:
        self._fd = fd

    def write(self, data: bytes) -> int:
        """Write all of ``data``."""
        _write_all(self._fd, data)
        return len(data)


def _prepare_restored(
    temp: Path, source_name: str, actor: Staff | None, progress: Progress | None
) -> None:
    """Check the unpacked database, upgrade it, record the restore in it, and settle it."""
    _tick(progress, Step.CHECK, 0, 0)
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
    _fsync_file(temp)


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
    _tick(progress, Step.SWAP, 0, 0)
    if db is not None:
        retire(db)
    try:
        safety = _keep_current(paths, current)
        for suffix in ("-wal", "-shm", "-journal"):
            with contextlib.suppress(FileNotFoundError):
                Path(f"{paths.db_file}{suffix}").unlink()
        os.replace(temp, paths.db_file)
        _fsync_dir(paths.home)
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
    _fsync_file(copy)
    return copy


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


# ---------------------------------------------------------------------- local snapshots


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


def take_local_snapshot(paths: Paths, db: Database, kind: str = "daily") -> Path:
    """Copy the live database into the snapshots folder; keep the newest 14 of ``kind``.

    The copy is a plain SQLite file, readable by the owner only. It is not
    encrypted: it stays on this computer, in the same private data folder as
    the database itself, for undoing a mistake or a damaged file; it is no
    protection against losing the computer (that is what USB backups are for).
    """
    if kind not in SNAPSHOT_KINDS:
        raise ValueError(kind)
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
        _fsync_file(target)
    except BaseException:
        _discard(target)
        raise
    for old in local_snapshots(paths, kind)[SNAPSHOT_KEEP:]:
        with contextlib.suppress(OSError):
            old.unlink()
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
