"""The SQLite store: creating, pragmas, refusing foreign or damaged files untouched, sessions."""

from __future__ import annotations

import os
import sqlite3
import stat
from collections.abc import Callable
from pathlib import Path

import pytest
from dbtools import companions, raw, sha256
from sqlalchemy import select, text
from sqlalchemy.exc import OperationalError

from desktop.core.errors import (
    AlreadyInitialised,
    DatabaseCorrupt,
    DatabaseMissing,
    DatabaseProblem,
    DatabaseTooNew,
    HomewardError,
    NotHomewardDatabase,
)
from desktop.core.store.db import APPLICATION_ID, Database, OpenMode, read_revision
from desktop.core.store.migrations import HEAD
from desktop.core.store.models import Setting, Staff


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    """A freshly created, closed Homeward database."""
    path = tmp_path / "homeward.sqlite"
    Database.create(path).close()
    return path


def test_create_sets_identity_and_wal(db_path: Path) -> None:
    """A new file carries Homeward's application_id, WAL mode and the newest schema."""
    assert db_path.read_bytes()[:16] == b"SQLite format 3\x00"
    with raw(db_path) as connection:
        assert connection.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID
        assert connection.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert connection.execute("SELECT version_num FROM alembic_version").fetchall() == [(HEAD,)]
    assert int.from_bytes(db_path.read_bytes()[68:72], "big") == 0x48574431
    assert read_revision(db_path) == HEAD


@pytest.mark.skipif(os.name != "posix", reason="POSIX permissions")
def test_create_is_private_even_with_open_umask(tmp_path: Path) -> None:
    """The file is readable by its owner only (0o600), whatever the umask allows."""
    old = os.umask(0)
    try:
        db = Database.create(tmp_path / "h.sqlite")
    finally:
        os.umask(old)
    try:
        assert stat.S_IMODE((tmp_path / "h.sqlite").stat().st_mode) == 0o600
    finally:
        db.close()


def test_session_pragmas(db_path: Path) -> None:
    """Every session's connection enforces foreign keys, FULL sync, a busy timeout and WAL."""
    db = Database.open(db_path)
    try:
        for _ in range(2):
            with db.session() as session:

                def pragma(name: str) -> object:
                    return session.execute(text(f"PRAGMA {name}")).scalar()

                assert pragma("foreign_keys") == 1
                assert pragma("synchronous") == 2
                busy = pragma("busy_timeout")
                assert isinstance(busy, int) and busy > 0
                assert pragma("journal_mode") == "wal"
                assert pragma("query_only") == 0
    finally:
        db.close()


def test_foreign_keys_enforced(db_path: Path) -> None:
    """An audit entry pointing at a missing staff member is refused by SQLite."""
    db = Database.open(db_path)
    try:
        with pytest.raises(Exception, match="FOREIGN KEY"), db.session() as session:
            session.execute(
                text(
                    "INSERT INTO audit_entry (id, at, staff_id, actor, action, entity, record_id, "
                    "changes, mac) VALUES "
                    "(999, '2026-01-01 00:00:00', 999, 'x', 'a', 'e', '1', '', x'00')"
                )
            )
    finally:
        db.close()


def test_readonly_refuses_writes(db_path: Path) -> None:
    """Opened to read, its sessions cannot write."""
    before = sha256(db_path)
    db = Database.open(db_path, OpenMode.READ)
    try:
        with pytest.raises(Exception, match="readonly"), db.session() as session:
            session.add(Setting(key="x", value="y"))
    finally:
        db.close()
    assert sha256(db_path) == before


def test_create_on_existing_file_refused(db_path: Path) -> None:
    """Creating over an existing file raises AlreadyInitialised and changes no byte."""
    before = sha256(db_path)
    with pytest.raises(AlreadyInitialised) as caught:
        Database.create(db_path)
    assert str(db_path) in str(caught.value)
    assert sha256(db_path) == before
    assert companions(db_path) == []


def test_create_on_existing_foreign_file_refused(tmp_path: Path) -> None:
    """Even a non-database file in the way is left exactly as it was."""
    path = tmp_path / "homeward.sqlite"
    path.write_bytes(b"precious notes")
    with pytest.raises(AlreadyInitialised):
        Database.create(path)
    assert path.read_bytes() == b"precious notes"


def test_create_failure_leaves_nothing(tmp_path: Path) -> None:
    """A failed creation (unknown revision) removes the half-made file."""
    path = tmp_path / "homeward.sqlite"
    with pytest.raises(Exception):  # noqa: B017 - Alembic's own error type
        Database.create(path, revision="nope")
    assert list(tmp_path.iterdir()) == []


def test_missing_file(tmp_path: Path) -> None:
    """No file: DatabaseMissing (not a DatabaseProblem), and no file is made."""
    path = tmp_path / "homeward.sqlite"
    with pytest.raises(DatabaseMissing):
        read_revision(path)
    with pytest.raises(DatabaseMissing):
        Database.open(path)
    assert not issubclass(DatabaseMissing, DatabaseProblem)
    assert list(tmp_path.iterdir()) == []


def _empty(path: Path) -> None:
    path.write_bytes(b"")


def _text(path: Path) -> None:
    path.write_text("name,age\n小明,9\n" * 200, encoding="utf-8")


def _random(path: Path) -> None:
    import random

    path.write_bytes(random.Random(7).randbytes(16384))


def _short(path: Path) -> None:
    path.write_bytes(b"SQLite")


def _magic_then_junk(path: Path) -> None:
    import random

    path.write_bytes(b"SQLite format 3\x00" + random.Random(3).randbytes(8192))


def _other_program(path: Path) -> None:
    with raw(path) as connection:
        connection.execute("CREATE TABLE contacts (id INTEGER PRIMARY KEY, name TEXT)")
        connection.execute("INSERT INTO contacts (name) VALUES ('someone')")


def _other_program_wal(path: Path) -> None:
    _other_program(path)
    with raw(path) as connection:
        connection.execute("PRAGMA journal_mode = WAL")


def _other_program_with_alembic(path: Path) -> None:
    with raw(path) as connection:
        connection.execute("CREATE TABLE alembic_version (version_num VARCHAR(32))")
        connection.execute(f"INSERT INTO alembic_version VALUES ('{HEAD}')")


def _homeward_too_new(path: Path) -> None:
    Database.create(path).close()
    with raw(path) as connection:
        connection.execute("UPDATE alembic_version SET version_num = 'zzzz'")


def _homeward_no_version(path: Path) -> None:
    Database.create(path).close()
    with raw(path) as connection:
        connection.execute("DELETE FROM alembic_version")


def _homeward_no_version_table(path: Path) -> None:
    Database.create(path).close()
    with raw(path) as connection:
        connection.execute("DROP TABLE alembic_version")


REFUSED: list[tuple[str, Callable[[Path], None], type[HomewardError]]] = [
    ("empty", _empty, NotHomewardDatabase),
    ("text", _text, DatabaseCorrupt),
    ("random", _random, DatabaseCorrupt),
    ("short", _short, DatabaseCorrupt),
    ("magic-then-junk", _magic_then_junk, DatabaseProblem),
    ("other-program", _other_program, NotHomewardDatabase),
    ("other-program-wal", _other_program_wal, NotHomewardDatabase),
    ("other-program-alembic", _other_program_with_alembic, NotHomewardDatabase),
    ("too-new", _homeward_too_new, DatabaseTooNew),
    ("no-version-row", _homeward_no_version, DatabaseCorrupt),
    ("no-version-table", _homeward_no_version_table, DatabaseCorrupt),
]


@pytest.mark.parametrize(
    ("make", "error"), [(m, e) for _n, m, e in REFUSED], ids=[n for n, _m, _e in REFUSED]
)
def test_refused_file_untouched(
    tmp_path: Path, make: Callable[[Path], None], error: type[HomewardError]
) -> None:
    """A file that is not a usable Homeward database is refused and left byte-identical."""
    folder = tmp_path / "data"
    folder.mkdir()
    path = folder / "homeward.sqlite"
    make(path)
    assert companions(path) == []
    before = sha256(path)
    mtime = path.stat().st_mtime_ns

    with pytest.raises(error) as caught:
        read_revision(path)
    assert isinstance(caught.value, DatabaseProblem)
    assert str(path) in str(caught.value)
    assert sha256(path) == before

    for mode in OpenMode:
        with pytest.raises(error):
            Database.open(path, mode)
    with pytest.raises(error):
        Database.open(path, snapshots=folder / "snapshots")
    assert sha256(path) == before
    assert path.stat().st_mtime_ns == mtime
    names = sorted(p.name for p in folder.iterdir())
    assert names in (["homeward.sqlite"], ["homeward.sqlite", "homeward.sqlite.key"])


def test_too_new_message_names_revision(tmp_path: Path) -> None:
    """The too-new message says which schema the file has, so the user knows why."""
    path = tmp_path / "h.sqlite"
    _homeward_too_new(path)
    with pytest.raises(DatabaseTooNew, match="zzzz"):
        Database.open(path)


def test_open_current_leaves_no_snapshot(db_path: Path, tmp_path: Path) -> None:
    """Opening a database already at HEAD makes no safety copy."""
    Database.open(db_path, snapshots=tmp_path / "snap").close()
    assert not (tmp_path / "snap").exists()


def test_session_commits(db_path: Path) -> None:
    """A block that ends normally is committed and visible to another connection."""
    db = Database.open(db_path)
    try:
        with db.session() as session:
            session.add(Setting(key="kept", value="1"))
        with raw(db_path) as connection:
            assert connection.execute(
                "SELECT value FROM setting WHERE key = 'kept'"
            ).fetchall() == [("1",)]
    finally:
        db.close()


def test_session_rolls_back_on_exception(db_path: Path) -> None:
    """An error in the block rolls everything back; the error propagates."""
    db = Database.open(db_path)
    try:
        with pytest.raises(RuntimeError, match="boom"), db.session() as session:
            session.add(Setting(key="lost", value="1"))
            session.flush()
            session.add(Setting(key="lost2", value="2"))
            raise RuntimeError("boom")
        with db.session() as session:
            assert (
                session.scalars(select(Setting.key).where(Setting.key.in_(["lost", "lost2"]))).all()
                == []
            )
        with raw(db_path) as connection:
            assert (
                connection.execute(
                    "SELECT count(*) FROM setting WHERE key LIKE 'lost%'"
                ).fetchone()[0]
                == 0
            )
    finally:
        db.close()


def test_session_rolls_back_on_keyboard_interrupt(db_path: Path) -> None:
    """Even Ctrl+C in the middle of a unit of work saves nothing of it."""
    db = Database.open(db_path)
    try:
        with pytest.raises(KeyboardInterrupt), db.session() as session:
            session.add(Setting(key="half", value="1"))
            session.flush()
            raise KeyboardInterrupt
        with db.session() as session:
            assert session.get(Setting, "half") is None
    finally:
        db.close()


def test_close_removes_wal(db_path: Path) -> None:
    """After close, the WAL has been checkpointed and the companions are gone."""
    db = Database.open(db_path)
    with db.session() as session:
        session.add(Setting(key="a", value="b"))
    db.close()
    assert companions(db_path) == []
    with raw(db_path) as connection:
        assert connection.execute("SELECT value FROM setting WHERE key='a'").fetchone() == ("b",)


def test_sqlite3_sanity(tmp_path: Path) -> None:
    """The stdlib module used for tampering sees Homeward's file as a normal database."""
    path = tmp_path / "x.sqlite"
    Database.create(path).close()
    connection = sqlite3.connect(path)
    try:
        tables = {
            row[0]
            for row in connection.execute("SELECT name FROM sqlite_master WHERE type='table'")
        }
    finally:
        connection.close()
    assert {"staff", "center", "audit_entry", "setting", "alembic_version"} <= tables


def test_concurrent_writers_wait_instead_of_failing(tmp_path: Path) -> None:
    """Two threads calling services on one Database (GUI + worker) both get every write in."""
    import threading

    from desktop.config import resolve_paths
    from desktop.core.center import (
        BACKUP_REMINDER_DAYS,
        IDLE_LOCK_MINUTES,
        CenterProfile,
        set_setting,
    )
    from desktop.core.setup import initialise

    db, admin = initialise(
        resolve_paths(tmp_path / "home"),
        CenterProfile(name="C"),
        "admin",
        "Admin",
        "correct-horse-9",
    )
    errors: list[BaseException] = []
    start = threading.Barrier(2)

    def work(key: str) -> None:
        start.wait()
        for i in range(60):
            try:
                set_setting(db, admin, key, 1 + i % 20)
            except Exception as error:
                errors.append(error)

    threads = [
        threading.Thread(target=work, args=(key,))
        for key in (IDLE_LOCK_MINUTES, BACKUP_REMINDER_DAYS)
    ]
    try:
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=120)
    finally:
        db.close()
    assert [str(e).splitlines()[0] for e in errors[:3]] == []


def test_too_new_with_hot_wal_untouched(tmp_path: Path) -> None:
    """A newer Homeward's database with a WAL left by a crash is refused without a write."""
    import subprocess
    import sys

    path = tmp_path / "homeward.sqlite"
    Database.create(path).close()
    crash = (
        "import os, sqlite3, sys\n"
        "c = sqlite3.connect(sys.argv[1]); c.execute('PRAGMA wal_autocheckpoint = 0')\n"
        "c.execute(\"UPDATE alembic_version SET version_num = 'zzzz'\"); c.commit()\n"
        "os._exit(0)\n"
    )
    subprocess.run([sys.executable, "-c", crash, str(path)], check=True, timeout=60)
    assert companions(path) == ["homeward.sqlite-shm", "homeward.sqlite-wal"]
    before = {name: sha256(tmp_path / name) for name in ("homeward.sqlite", "homeward.sqlite-wal")}
    with pytest.raises(DatabaseTooNew):
        Database.open(path)
    assert {
        name: sha256(tmp_path / name) for name in before if (tmp_path / name).exists()
    } == before


def test_opening_gives_the_query_planner_statistics(paths) -> None:  # type: ignore[no-untyped-def]
    """Database.open refreshes SQLite's statistics, so searches use the right indexes."""
    from desktop.core.center import CenterProfile
    from desktop.core.setup import initialise

    db, _admin = initialise(paths, CenterProfile(name="统计"), "admin", "管理员", "pass-word-1")
    db.close()
    with sqlite3.connect(paths.db_file) as connection:
        assert connection.execute(
            "SELECT count(*) FROM sqlite_master WHERE name = 'sqlite_stat1'"
        ).fetchone() == (0,)
    Database.open(paths.db_file).close()
    with sqlite3.connect(paths.db_file) as connection:
        tables = {row[0] for row in connection.execute("SELECT tbl FROM sqlite_stat1")}
    assert {"staff", "audit_entry"} <= tables, tables


@pytest.mark.parametrize(("mode", "upgraded"), [(OpenMode.WORK, True), (OpenMode.AS_IS, False),
                                               (OpenMode.READ, False)])  # fmt: skip
def test_only_the_work_mode_upgrades_an_older_schema(
    tmp_path: Path, mode: OpenMode, upgraded: bool
) -> None:
    """A backup or a check may run beside the program: they never migrate the file."""
    path = tmp_path / "old.sqlite"
    Database.create(path, revision="0002").close()
    db = Database.open(path, mode)
    db.close()
    assert (read_revision(path) == HEAD) is upgraded
    assert read_revision(path) in {"0002", HEAD}


def test_a_write_that_cannot_get_the_lock_says_the_database_is_busy(
    db_and_admin: tuple[Database, Staff], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Another connection holds the write lock past the wait: a clear message, nothing saved."""
    from desktop.core.center import IDLE_LOCK_MINUTES, get_setting, set_setting
    from desktop.core.errors import DatabaseBusy
    from desktop.core.store import db as store

    db, admin = db_and_admin
    before = get_setting(db, IDLE_LOCK_MINUTES)
    monkeypatch.setattr(store, "BUSY_TIMEOUT_MS", 50)
    db.close()  # new connections wait 50 ms
    other = sqlite3.connect(db.path, isolation_level=None)
    try:
        other.execute("BEGIN IMMEDIATE")
        with pytest.raises(DatabaseBusy, match=r"busy with other work.*Nothing was saved"):
            set_setting(db, admin, IDLE_LOCK_MINUTES, before + 1)
    finally:
        other.execute("ROLLBACK")
        other.close()
    assert get_setting(db, IDLE_LOCK_MINUTES) == before
    set_setting(db, admin, IDLE_LOCK_MINUTES, before + 1)  # once it is free, it goes through
    assert get_setting(db, IDLE_LOCK_MINUTES) == before + 1


def test_other_operational_errors_are_not_called_busy(db_and_admin: tuple[Database, Staff]) -> None:
    """Only SQLite's "locked" becomes DatabaseBusy; a bad statement stays what it is."""
    db, _admin = db_and_admin
    with pytest.raises(OperationalError), db.session() as session:
        session.execute(text("SELECT * FROM no_such_table"))


def test_a_long_read_holds_no_lock_and_sees_where_it_began(
    db_and_admin: tuple[Database, Staff], monkeypatch: pytest.MonkeyPatch
) -> None:
    """``reading``: the desk writes meanwhile; the read keeps its view; it cannot write."""
    import threading

    from desktop.core.center import IDLE_LOCK_MINUTES, get_setting, set_setting
    from desktop.core.store import db as store

    db, admin = db_and_admin
    monkeypatch.setattr(store, "BUSY_TIMEOUT_MS", 50)
    db.close()
    before = get_setting(db, IDLE_LOCK_MINUTES) + 1
    set_setting(db, admin, IDLE_LOCK_MINUTES, before)  # a stored row to read
    query = select(Setting.value).where(Setting.key == IDLE_LOCK_MINUTES)
    with db.reading() as session:
        assert int(session.scalar(query) or 0) == before
        set_setting(db, admin, IDLE_LOCK_MINUTES, before + 1)  # not kept waiting
        assert int(session.scalar(query) or 0) == before  # its own view, to the end
        with pytest.raises(OperationalError):
            session.execute(text("DELETE FROM setting"))
    assert get_setting(db, IDLE_LOCK_MINUTES) == before + 1
    seen: list[int] = []

    def read_elsewhere() -> None:
        with db.reading() as session:
            seen.append(int(session.scalar(query) or 0))

    worker = threading.Thread(target=read_elsewhere)
    worker.start()
    worker.join(30)
    with db.reading() as session:  # after a read in another thread, this one's works too
        seen.append(int(session.scalar(query) or 0))
    assert seen == [before + 1, before + 1]


def test_only_reading_makes_every_session_a_reading_one(
    db_and_admin: tuple[Database, Staff], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A background read's services are never kept waiting by a write lock, and cannot write."""
    from desktop.core.center import IDLE_LOCK_MINUTES, get_setting, set_setting
    from desktop.core.errors import DatabaseBusy
    from desktop.core.store import db as store

    db, admin = db_and_admin
    monkeypatch.setattr(store, "BUSY_TIMEOUT_MS", 50)
    db.close()
    set_setting(db, admin, IDLE_LOCK_MINUTES, 7)
    other = sqlite3.connect(db.path, isolation_level=None)
    try:
        other.execute("BEGIN IMMEDIATE")  # another piece of work holds the write lock
        with pytest.raises(DatabaseBusy):
            get_setting(db, IDLE_LOCK_MINUTES)  # the desk's own session waits in vain
        with Database.only_reading():
            assert get_setting(db, IDLE_LOCK_MINUTES) == 7
        other.execute("ROLLBACK")
        with Database.only_reading(), pytest.raises(OperationalError):
            set_setting(db, admin, IDLE_LOCK_MINUTES, 8)
    finally:
        other.close()
    assert get_setting(db, IDLE_LOCK_MINUTES) == 7  # outside the block, sessions are the desk's


def test_what_a_reading_session_loaded_stays_readable(db_and_admin: tuple[Database, Staff]) -> None:
    """A background read hands back ORM objects: their values are there after it ends."""
    from desktop.core.center import get_center

    db, _admin = db_and_admin
    with Database.only_reading():
        center = get_center(db)
    assert center is not None and center.name == "城南未成年人救助保护中心"
