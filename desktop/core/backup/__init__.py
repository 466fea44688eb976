"""Backups: encrypted, verified, restorable files for a USB stick, and local snapshots.

The backup file
---------------
``homeward-<center>-YYYYMMDD-HHMMSS.hwbackup`` (local time; no colons, so the name
is valid on FAT32) is an **age v1 file** (https://age-encryption.org/v1) encrypted
to a passphrase: age's scrypt recipient (work factor 2^18, as ``age -p``) wraps a
random file key, and the payload is ChaCha20-Poly1305 in 64 KiB chunks (the STREAM
construction), every chunk authenticated and the last one marked. A changed,
removed, reordered or appended byte, a truncated file and a wrong passphrase are
all detected. Nothing inside is readable without the passphrase: not the
center's name, not the counts, not a child's name. Inside the encryption is a
Zstandard-compressed POSIX (pax) tar stream with three members, in this order:

- ``manifest.json``: format, program version, schema revision, when (UTC), the
  center's name, record counts per main table, the database's size, and the
  encryption library's name and version;
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
``rage``) and shared test vectors (C2SP CCTV). README promises that a backup
opens with ``age -d``, so the reader must never call sound a file that
``age`` refuses, and must open every passphrase file ``age`` opens.

Reading is therefore split in two (``agefile``): strict *parsing* of our own,
and *cryptography* that is not ours. The parser follows the specification to
the letter, as ``age`` and ``rage`` do: canonical unpadded base64 everywhere in
the header (no ``=``, no character outside the alphabet, no unused bits set),
the stanza and MAC-line grammar, an scrypt stanza alone with a 16-byte salt, a
decimal work factor from 1 to 22 (``age``'s own limit: files made by ``age -p``
elsewhere, or with a higher factor, open) and a 32-byte body; a payload with a
last chunk, no empty last chunk after a full one, nothing after it. Every
applicable official test vector and a tamper campaign run in the tests, and
every backup is checked to decrypt with ``age -d``.

The cryptography is ``age-rt`` (PyPI, MIT, pinned; its name and version go
into each manifest): its encoder writes the files (work factor 18, ``age
-p``'s), its STREAM decoder (HKDF-SHA-256 payload key, ChaCha20-Poly1305
chunks) reads the payload, both built only on the ``cryptography`` package's
(OpenSSL's) primitives. Its own header parser is not used: it decodes base64
leniently (a changed MAC character went unnoticed) and accepts only work
factor 18. Opening the scrypt stanza with the factor the file names is the
specification's composition of the same primitives (scrypt, then
ChaCha20-Poly1305 with a zero nonce, then the header's HMAC-SHA-256 under
HKDF), a few lines in ``agefile`` checked against the vectors' file keys and
real ``age`` files; nothing is invented or altered. ``age-rt`` is one module
by one author without fuzzing, so it is treated as code we answer for: the
parts used are pinned, and the tests pin their behaviour.

The alternatives did not fit. ``pyrage`` (bindings to rage, which passes the
vectors as it is) encrypts and decrypts with a passphrase only on bytes held in
memory, a whole database and its photos at once; it picks the writer's work
factor by timing the machine, and refuses a file above its own timing-based
limit, so a backup made on a fast computer may not open on a slow one. It
stays a test dependency: the tests open Homeward's files with rage too.
``age`` (pyage) buffers the whole file and calls itself not a secure
implementation. Compression is Zstandard from ``compression.zstd`` (Python
3.14) or its backport ``backports.zstd``.

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

The modules
-----------
``agefile`` (the strict age v1 reader: header grammar, scrypt stanza, chunk
rules), ``archive`` (the file format, writing and reading it), ``make`` (a backup
from start to finish), ``restore``, ``snapshots`` (the backup's own and the
local ones), ``files`` (names, free space, durable writes, rotation),
``manifest``, ``errors`` and ``steps`` (progress and cancelling). This package
is SQLite-specific by nature (it copies the SQLite file); it speaks to SQLite
through the standard library only.
"""

from __future__ import annotations

from desktop.core.backup.archive import (
    CHUNK,
    IO_BLOCK,
    verify_backup,
)
from desktop.core.backup.errors import (
    BackupCancelled,
    BackupDamaged,
    BackupError,
    BackupNotFound,
    BackupTooNew,
    BackupTruncated,
    NotABackup,
    RestoreFailed,
    TargetError,
    TargetFull,
    TargetGone,
    TargetReadOnly,
    TargetWriteFailed,
    WrongPassphrase,
)
from desktop.core.backup.files import (
    SUFFIX,
    backup_name,
    center_slug,
    check_keep,
    check_passphrase,
    check_target,
    list_backups,
    remove_stale_parts,
    rotate,
)
from desktop.core.backup.make import (
    BackupResult,
    create_backup,
    record_usb_backup,
)
from desktop.core.backup.manifest import (
    MAIN_TABLES,
    Manifest,
    check_compatible,
)
from desktop.core.backup.restore import (
    RestoreResult,
    restore_backup,
    retire,
)
from desktop.core.backup.snapshots import (
    SNAPSHOT_KEEP,
    local_snapshots,
    maybe_daily_snapshot,
    snapshot_on_exit,
    take_local_snapshot,
)
from desktop.core.backup.steps import (
    STEP_LABELS,
    CancelCheck,
    Progress,
    Step,
)

__all__ = [
    "CHUNK",
    "IO_BLOCK",
    "MAIN_TABLES",
    "SNAPSHOT_KEEP",
    "STEP_LABELS",
    "SUFFIX",
    "BackupCancelled",
    "BackupDamaged",
    "BackupError",
    "BackupNotFound",
    "BackupResult",
    "BackupTooNew",
    "BackupTruncated",
    "CancelCheck",
    "Manifest",
    "NotABackup",
    "Progress",
    "RestoreFailed",
    "RestoreResult",
    "Step",
    "TargetError",
    "TargetFull",
    "TargetGone",
    "TargetReadOnly",
    "TargetWriteFailed",
    "WrongPassphrase",
    "backup_name",
    "center_slug",
    "check_compatible",
    "check_keep",
    "check_passphrase",
    "check_target",
    "create_backup",
    "list_backups",
    "local_snapshots",
    "maybe_daily_snapshot",
    "record_usb_backup",
    "remove_stale_parts",
    "restore_backup",
    "retire",
    "rotate",
    "snapshot_on_exit",
    "take_local_snapshot",
    "verify_backup",
]
