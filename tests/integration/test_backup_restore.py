"""Restoring: admin only, verified first, old database kept, swapped atomically, upgraded if
older, refused if newer; interrupted at any point (faults, SIGKILL) it leaves one whole database."""

from __future__ import annotations

import contextlib
import errno
import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
from dbtools import audit_rows, count, dump, raw
from test_backup_support import (
    CHILD_NAME,
    PASSPHRASE,
    add_children,
    database_state,
    leftovers,
    make_paths,
    use_real_kdf,
)

from desktop.core.backup import (
    RestoreFailed,
    create_backup,
    restore_backup,
)
from desktop.core.center import CenterProfile, get_center, update_center
from desktop.core.errors import DatabaseProblem, PermissionDenied
from desktop.core.instance import InstanceLock
from desktop.core.staff import accounts
from desktop.core.store.db import Database, integrity_problems, read_revision
from desktop.core.store.migrations import HEAD
from tests.conftest import PASSWORD

pytestmark = pytest.mark.usefixtures("fast_kdf")
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def saved(db_and_admin, paths, tmp_path):
    """A database with one child, its backup, and then a second child added after it."""
    db, admin = db_and_admin
    add_children(db, [CHILD_NAME])
    usb = tmp_path / "usb"
    usb.mkdir()
    result = create_backup(db, paths, usb, PASSPHRASE, actor=admin)
    add_children(db, ["王五"])
    return db, admin, result


def names(path: Path) -> list[str]:
    with raw(path) as connection:
        return [row[0] for row in connection.execute("SELECT name FROM child ORDER BY id")]


def test_a_restore_brings_back_the_backup_and_keeps_the_old_database(saved, paths) -> None:
    db, admin, made = saved
    result = restore_backup(paths, made.path, PASSPHRASE, admin, db=db)
    assert names(paths.db_file) == [CHILD_NAME]
    assert result.manifest == made.manifest
    assert result.safety_copy is not None
    assert result.safety_copy.parent == paths.snapshots_dir
    assert names(result.safety_copy) == [CHILD_NAME, "王五"]
    assert integrity_problems(paths.db_file) == []
    assert read_revision(paths.db_file) == HEAD
    entry = audit_rows(paths.db_file)[-1]
    assert entry[1:5] == ("system", "restore", "database", made.path.name)
    assert json.loads(entry[5])["restored_by"] == [None, "admin"]
    assert sorted(leftovers(paths.home)) == [
        "homeward.sqlite",
        "homeward.sqlite.heads",
        "homeward.sqlite.key",
        "snapshots",
    ]


def test_the_old_database_object_is_closed_for_good(saved, paths) -> None:
    db, admin, made = saved
    restore_backup(paths, made.path, PASSPHRASE, admin, db=db)
    with pytest.raises(DatabaseProblem, match="closed for a restore"):
        get_center(db)
    reopened = Database.open(paths.db_file, snapshots=paths.snapshots_dir)
    try:
        assert accounts.authenticate(reopened, "admin", PASSWORD).username == "admin"
    finally:
        reopened.close()


def test_a_new_computer_gets_everything_back(saved, tmp_path) -> None:
    """The computer is lost: a fresh installation, the stick and the passphrase are enough."""
    _db, _admin, made = saved
    fresh = make_paths(tmp_path / "new-computer")
    result = restore_backup(fresh, made.path, PASSPHRASE, None)
    assert result.safety_copy is None
    assert names(fresh.db_file) == [CHILD_NAME]
    db = Database.open(fresh.db_file, snapshots=fresh.snapshots_dir)
    try:
        assert accounts.authenticate(db, "admin", PASSWORD).role == "admin"
        assert get_center(db).name == "城南未成年人救助保护中心"  # type: ignore[union-attr]
    finally:
        db.close()


@pytest.mark.parametrize("role", ["intake", "caseworker", "viewer"])
def test_only_an_administrator_may_restore(saved, paths, role) -> None:
    db, admin, made = saved
    accounts.create_staff(db, admin, "someone", "Some One", role, PASSWORD)
    user = accounts.authenticate(db, "someone", PASSWORD)
    before = database_state(paths.db_file)
    with pytest.raises(PermissionDenied):
        restore_backup(paths, made.path, PASSPHRASE, user, db=db)
    with pytest.raises(PermissionDenied):
        restore_backup(paths, made.path, PASSPHRASE, None, db=db)
    assert database_state(paths.db_file) == before
    assert names(paths.db_file) == [CHILD_NAME, "王五"]


def test_an_older_backup_is_upgraded(tmp_path) -> None:
    old = make_paths(tmp_path / "old")
    old.home.mkdir(parents=True)
    first = Database.create(old.db_file, revision="0001")
    with raw(old.db_file) as connection:
        connection.execute(
            "INSERT INTO center (id, name, address, phone, form_header, updated_at) "
            "VALUES (1, 'Old Center', '', '', '', '2025-01-01 00:00:00')"
        )
    usb = tmp_path / "usb"
    usb.mkdir()
    made = create_backup(first, old, usb, PASSPHRASE)
    first.close()
    assert made.manifest.schema_revision == "0001"
    fresh = make_paths(tmp_path / "fresh")
    restore_backup(fresh, made.path, PASSPHRASE, None)
    assert read_revision(fresh.db_file) == HEAD
    assert count(fresh.db_file, "child") == 0


def test_a_database_of_a_newer_program_is_not_replaced(saved, paths) -> None:
    db, _admin, made = saved
    db.close()
    with raw(paths.db_file) as connection:
        connection.execute("UPDATE alembic_version SET version_num = '0999'")
    before = database_state(paths.db_file)
    with pytest.raises(RestoreFailed, match="newer Homeward"):
        restore_backup(paths, made.path, PASSPHRASE, None)
    assert database_state(paths.db_file) == before


def test_a_damaged_database_is_kept_aside_and_replaced(saved, paths) -> None:
    db, _admin, made = saved
    db.close()
    paths.db_file.write_bytes(b"SQLite format 3\x00" + os.urandom(5000))
    damaged = paths.db_file.read_bytes()
    result = restore_backup(paths, made.path, PASSPHRASE, None)
    assert result.safety_copy is not None and result.safety_copy.read_bytes() == damaged
    assert names(paths.db_file) == [CHILD_NAME]


def test_a_stale_write_ahead_log_is_never_replayed_into_the_new_database(saved, paths) -> None:
    """A crash left rows in the old -wal: they go into the safety copy, not the new file."""
    db, admin, made = saved
    db.close()
    script = f"""
        import os, sqlite3
        c = sqlite3.connect({str(paths.db_file)!r}, isolation_level=None)
        c.execute("PRAGMA journal_mode=WAL"); c.execute("PRAGMA wal_autocheckpoint=0")
        c.execute("UPDATE child SET name = 'only-in-wal' WHERE name = '王五'")
        os._exit(0)
    """
    subprocess.run([sys.executable, "-c", textwrap.dedent(script)], check=True)
    assert Path(f"{paths.db_file}-wal").stat().st_size > 0
    result = restore_backup(paths, made.path, PASSPHRASE, admin)
    assert names(paths.db_file) == [CHILD_NAME]
    assert integrity_problems(paths.db_file) == []
    assert names(result.safety_copy) == [CHILD_NAME, "only-in-wal"]  # type: ignore[arg-type]


# ------------------------------------------------------------------------ fault injection


def test_a_failing_swap_keeps_the_old_database(saved, paths, monkeypatch) -> None:
    db, admin, made = saved
    content = dump(paths.db_file)

    def broken(*_args: object) -> None:
        raise OSError(errno.EIO, "Input/output error")

    monkeypatch.setattr(os, "replace", broken)
    with pytest.raises(RestoreFailed) as caught:
        restore_backup(paths, made.path, PASSPHRASE, admin, db=db)
    assert caught.value.database_closed
    assert dump(paths.db_file) == content
    assert not list(paths.home.glob(".homeward-restore-*"))


@pytest.mark.parametrize("call", range(1, 5))
def test_an_fsync_failing_at_any_step_leaves_one_whole_database(
    saved, paths, monkeypatch, call
) -> None:
    db, admin, made = saved
    old = names(paths.db_file)
    real = os.fsync
    calls = {"n": 0}

    def fsync(fd: int) -> None:
        calls["n"] += 1
        if calls["n"] == call:
            raise OSError(errno.EIO, "Input/output error")
        real(fd)

    monkeypatch.setattr(os, "fsync", fsync)
    with contextlib.suppress(RestoreFailed):
        restore_backup(paths, made.path, PASSPHRASE, admin, db=db)
    monkeypatch.setattr(os, "fsync", real)
    assert names(paths.db_file) in (old, [CHILD_NAME])
    assert integrity_problems(paths.db_file) == []
    assert not list(paths.home.glob(".homeward-restore-*"))


@pytest.mark.parametrize("after", [0, 10_000, 60_000])
def test_a_write_failing_while_unpacking_keeps_the_old_database(
    saved, paths, monkeypatch, after
) -> None:
    db, admin, made = saved
    before = database_state(paths.db_file)
    real = os.write
    written = {"n": 0}

    def write(fd: int, data: bytes) -> int:
        if os.readlink(f"/proc/self/fd/{fd}").startswith(str(paths.home / ".homeward-restore")):
            written["n"] += len(data)
            if written["n"] > after:
                raise OSError(errno.ENOSPC, "No space left on device")
        return real(fd, data)

    monkeypatch.setattr(os, "write", write)
    with pytest.raises(RestoreFailed, match="nothing was changed"):
        restore_backup(paths, made.path, PASSPHRASE, admin, db=db)
    assert database_state(paths.db_file) == before
    assert not list(paths.home.glob(".homeward-restore-*"))
    assert get_center(db) is not None  # not closed: the failure came before the swap


KILL_SCRIPT = """
import sys
from pathlib import Path
from desktop.config import resolve_paths
from desktop.core.staff.accounts import authenticate
from desktop.core.backup import restore_backup
from desktop.core.store.db import Database

paths = resolve_paths(sys.argv[1])
db = Database.open(paths.db_file)
admin = authenticate(db, "admin", sys.argv[3])
print("go", flush=True)
restore_backup(paths, Path(sys.argv[2]), sys.argv[4], admin, db=db)
print("done", flush=True)
"""


@pytest.mark.slow
def test_killing_a_restore_at_any_moment_leaves_the_old_or_the_new_database(
    db_and_admin, paths, tmp_path, monkeypatch
) -> None:
    """SIGKILL a real restore (full-strength scrypt) at random moments, again and again."""
    use_real_kdf(monkeypatch)
    db, admin = db_and_admin
    update_center(db, admin, CenterProfile(name="New Center"))
    usb = tmp_path / "usb"
    usb.mkdir()
    made = create_backup(db, paths, usb, PASSPHRASE, actor=admin)
    update_center(db, admin, CenterProfile(name="Old Center"))
    db.close()
    pristine = tmp_path / "pristine.sqlite"
    with sqlite3.connect(paths.db_file) as source, sqlite3.connect(pristine) as copy:
        source.backup(copy)
    source.close()
    copy.close()
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    command = [sys.executable, "-c", KILL_SCRIPT, str(paths.home), str(made.path), PASSWORD]
    started = time.perf_counter()
    subprocess.run([*command, PASSPHRASE], check=True, env=env, capture_output=True)
    duration = time.perf_counter() - started
    rng = random.Random(5)
    seen = set()
    for _round in range(12):
        for suffix in ("", "-wal", "-shm", "-journal"):
            Path(f"{paths.db_file}{suffix}").unlink(missing_ok=True)
        with sqlite3.connect(pristine) as source, sqlite3.connect(paths.db_file) as copy:
            source.backup(copy)
        source.close()
        copy.close()
        process = subprocess.Popen(
            [*command, PASSPHRASE], env=env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL
        )
        assert process.stdout is not None
        assert process.stdout.readline().strip() == b"go"
        time.sleep(rng.uniform(0, duration))
        process.send_signal(signal.SIGKILL)
        process.wait()
        assert read_revision(paths.db_file) == HEAD
        assert integrity_problems(paths.db_file) == []
        with raw(paths.db_file) as connection:
            center = connection.execute("SELECT name FROM center").fetchone()[0]
        assert center in ("Old Center", "New Center")
        seen.add(center)
    assert seen == {"Old Center", "New Center"}, "the kills should land before and after the swap"
    with InstanceLock(paths.lock_file):  # the next start cleans up what the kills left
        assert list(paths.home.glob(".homeward-restore-*")) == []


def test_homeward_check_stays_clean_after_a_usb_backup_and_a_restore(db_and_admin, paths, tmp_path):
    from desktop.core.audit.check import check_database

    db, admin = db_and_admin
    usb = tmp_path / "usb"
    usb.mkdir()
    made = create_backup(db, paths, usb, PASSPHRASE, actor=admin, usb=True)
    assert check_database(paths.db_file) == []
    restore_backup(paths, made.path, PASSPHRASE, admin, db=db)
    assert check_database(paths.db_file) == []


def test_a_database_that_cannot_be_read_is_reported(db_and_admin, paths, tmp_path, monkeypatch):
    from desktop.core import backup
    from desktop.core.errors import DatabaseCorrupt

    db, admin = db_and_admin
    usb = tmp_path / "usb"
    usb.mkdir()

    def broken(*_args: object, **_kwargs: object) -> None:
        raise sqlite3.DatabaseError("database disk image is malformed")

    monkeypatch.setattr(backup.make, "describe", broken)
    with pytest.raises(DatabaseCorrupt, match="malformed"):
        create_backup(db, paths, usb, PASSPHRASE, actor=admin)
    assert leftovers(usb) == [] and leftovers(paths.snapshots_dir) == []
