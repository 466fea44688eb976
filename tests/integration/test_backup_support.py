"""Helpers shared by the backup tests (no tests here): databases, fault injection, checks."""

from __future__ import annotations

import datetime as dt
import errno
import hashlib
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import age_rt  # type: ignore[import-untyped]
import pytest

from desktop.config import Paths
from desktop.core.backup import agefile
from desktop.core.store.db import Database
from desktop.core.store.models import Child

PASSPHRASE = "river stone 1987"
CHILD_NAME = "张小明"
CENTER_NAME = "城南未成年人救助保护中心"
#: age-rt's own scrypt, and the reader's, before any test replaces them.
REAL_DERIVE = age_rt._derive_file_key_from_passphrase
REAL_WRAP_KEY = agefile.wrap_key


def use_real_kdf(monkeypatch: pytest.MonkeyPatch) -> None:
    """Undo ``fast_kdf`` (tests/conftest.py): full-strength scrypt, as a user's files have."""
    monkeypatch.setattr(age_rt, "_derive_file_key_from_passphrase", REAL_DERIVE)
    monkeypatch.setattr(agefile, "wrap_key", REAL_WRAP_KEY)


def report_free_space(monkeypatch: pytest.MonkeyPatch, folder: Path, free: int) -> None:
    """Make ``shutil.disk_usage`` say ``folder`` has ``free`` bytes free (others as they are)."""
    import shutil

    real = shutil.disk_usage

    def usage(path: Any) -> Any:
        if Path(path) == folder:
            return shutil._ntuple_diskusage(free + 10**9, 10**9, free)  # type: ignore[attr-defined]
        return real(path)

    monkeypatch.setattr(shutil, "disk_usage", usage)


def add_filler(path: Path, kilobytes: int) -> None:
    """Add a scratch table of random (incompressible) bytes, so a backup spans many chunks."""
    import sqlite3

    connection = sqlite3.connect(path)
    try:
        with connection:
            connection.execute("CREATE TABLE IF NOT EXISTS test_filler (data BLOB)")
            for _ in range(kilobytes // 64):
                connection.execute("INSERT INTO test_filler VALUES (randomblob(65536))")
    finally:
        connection.close()


def add_children(db: Database, names: list[str], year: int = 2026) -> None:
    """Add children with the given names straight through the ORM (test data only)."""
    now = dt.datetime.now(dt.UTC)
    with db.session() as session:
        start = len(session.query(Child).all())
        for offset, name in enumerate(names, start=start + 1):
            session.add(
                Child(
                    case_no=f"{year}-{offset:04d}",
                    case_year=year,
                    case_seq=offset,
                    name=name,
                    created_at=now,
                    updated_at=now,
                )
            )


def database_state(path: Path) -> str:
    """Return the SHA-256 of the database file and its write-ahead log, if any."""
    digest = hashlib.sha256()
    for suffix in ("", "-wal"):
        companion = Path(f"{path}{suffix}")
        if companion.exists():
            digest.update(companion.read_bytes())
    return digest.hexdigest()


def leftovers(folder: Path) -> list[str]:
    """Return the names of every file in ``folder`` (partial files included)."""
    return sorted(entry.name for entry in folder.iterdir()) if folder.exists() else []


def backups_in(folder: Path) -> list[Path]:
    """Return the backup files in ``folder``."""
    return sorted(folder.glob("*.hwbackup"))


def fd_path(fd: int) -> str:
    """Return the path of an open descriptor (Linux)."""
    try:
        return os.readlink(f"/proc/self/fd/{fd}")
    except OSError:
        return ""


def fail_writes_after(
    monkeypatch: pytest.MonkeyPatch,
    folder: Path,
    limit: int,
    code: int = errno.EIO,
    action: Callable[[], None] | None = None,
) -> None:
    """Make ``os.write`` into files under ``folder`` fail with ``code`` after ``limit`` bytes.

    With ``action``, run it once at that point instead of failing (e.g. remove the folder).
    """
    real_write = os.write
    state = {"written": 0, "done": False}
    prefix = str(folder.resolve())

    def write(fd: int, data: Any) -> int:
        if fd_path(fd).startswith(prefix) and not state["done"]:
            if state["written"] + len(data) > limit:
                state["done"] = True
                if action is None:
                    raise OSError(code, os.strerror(code))
                action()
            state["written"] += len(data)
        return real_write(fd, data)

    monkeypatch.setattr(os, "write", write)


def flip_byte(source: Path, target: Path, position: int) -> None:
    """Write a copy of ``source`` to ``target`` with the byte at ``position`` inverted."""
    data = bytearray(source.read_bytes())
    data[position] ^= 0xFF
    target.write_bytes(bytes(data))


def make_paths(root: Path) -> Paths:
    """Return paths for a data folder at ``root`` (not created)."""
    from desktop.config import resolve_paths

    return resolve_paths(root)
