"""Helpers for tests on real SQLite files: hashing files, counting rows, raw connections."""

from __future__ import annotations

import contextlib
import hashlib
import shutil
import sqlite3
from collections.abc import Iterator
from pathlib import Path


def sha256(path: Path) -> str:
    """Return the SHA-256 of a file's bytes."""
    return hashlib.sha256(path.read_bytes()).hexdigest()


def companions(path: Path) -> list[str]:
    """Return the names of SQLite's -wal, -shm and -journal files next to ``path``."""
    return sorted(
        p.name
        for p in path.parent.iterdir()
        if p.name.startswith(path.name) and p.name.endswith(("-wal", "-shm", "-journal"))
    )


@contextlib.contextmanager
def raw(path: Path) -> Iterator[sqlite3.Connection]:
    """A plain stdlib connection that commits on success: edits 'outside the program'."""
    connection = sqlite3.connect(path)
    try:
        with connection:
            yield connection
    finally:
        connection.close()


def count(path: Path, table: str) -> int:
    """Return the number of rows in ``table`` of the database at ``path``."""
    with raw(path) as connection:
        return int(connection.execute(f"SELECT count(*) FROM {table}").fetchone()[0])


def dump(path: Path) -> dict[str, list[tuple[object, ...]]]:
    """Return every row of every table, sorted: to show that nothing at all changed."""
    with raw(path) as connection:
        tables = [
            row[0]
            for row in connection.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name"
            )
        ]
        return {
            table: sorted(connection.execute(f'SELECT * FROM "{table}"').fetchall(), key=repr)
            for table in tables
        }


#: The first administrator's password in tests/conftest.py (``PASSWORD``).
ADMIN_PASSWORD = "correct-horse-9"


def audit_rows(path: Path) -> list[tuple[int, str, str, str, str, str]]:
    """Return (id, actor, action, entity, record_id, changes) of every audit entry, oldest first."""
    with raw(path) as connection:
        return connection.execute(
            "SELECT id, actor, action, entity, record_id, changes FROM audit_entry ORDER BY id"
        ).fetchall()


def copy_database(source: Path, target: Path) -> None:
    """Copy a closed database file together with its audit key, as a person moving it would."""
    from desktop.core.store.keys import key_path

    shutil.copyfile(source, target)
    shutil.copyfile(key_path(source), key_path(target))
