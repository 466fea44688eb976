"""The center's audit key: the secret that makes the trail impossible to forge.

The key never lives in the database. It is an owner-only file beside it
(``homeward.sqlite.key``), made with the database, copied with each local
snapshot, and carried inside every encrypted USB backup so that a restore keeps
it. Someone who copies the database file alone cannot recompute an entry's MAC;
someone who holds both the file and the key can (README, "What the audit trail
protects against").
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path

from desktop.core.errors import DatabaseProblem
from desktop.core.i18n import _
from desktop.core.private_files import open_private, write_private_bytes

KEY_SIZE = 32


class AuditKeyMissing(DatabaseProblem):
    """The database has an authenticated trail but its key file is gone."""


class AuditKeyDamaged(DatabaseProblem):
    """The key file is there but is not a key."""


def key_path(database: Path) -> Path:
    """Return where the key of the database at ``database`` is kept."""
    return database.with_name(database.name + ".key")


def read_key(database: Path) -> bytes | None:
    """Return the key of ``database``, or None when it has none."""
    path = key_path(database)
    try:
        key = path.read_bytes()
    except FileNotFoundError:
        return None
    if len(key) != KEY_SIZE:
        raise AuditKeyDamaged(
            _("The audit key {path} is damaged; restore it from a backup.").format(path=path)
        )
    return key


def require_key(database: Path) -> bytes:
    """Return the key of ``database``; raise ``AuditKeyMissing`` when it has none."""
    key = read_key(database)
    if key is None:
        raise AuditKeyMissing(
            _(
                "The audit key of {path} is missing ({key}). Without it no entry can be "
                "added to the audit trail. Restore the database from a backup, which "
                "carries its key."
            ).format(path=database, key=key_path(database))
        )
    return key


def install_key(database: Path, key: bytes) -> None:
    """Keep ``key`` as the key of ``database`` (owner-only, replaced whole)."""
    if len(key) != KEY_SIZE:
        raise AuditKeyDamaged(_("An audit key must be {size} bytes.").format(size=KEY_SIZE))
    write_private_bytes(key_path(database), key)


def place_key(database: Path, key: bytes) -> None:
    """Write ``key`` beside a database that has none yet (a file being restored)."""
    if len(key) != KEY_SIZE:
        raise AuditKeyDamaged(_("An audit key must be {size} bytes.").format(size=KEY_SIZE))
    descriptor = open_private(key_path(database), os.O_WRONLY | os.O_CREAT | os.O_EXCL)
    with os.fdopen(descriptor, "wb") as handle:
        handle.write(key)
        handle.flush()
        os.fsync(handle.fileno())


def key_or_new(database: Path) -> bytes:
    """Return the key of ``database``, making one first if it has none."""
    key = read_key(database)
    if key is None:
        key = secrets.token_bytes(KEY_SIZE)
        install_key(database, key)
    return key
