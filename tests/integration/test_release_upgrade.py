"""A database made by an earlier release opens in this one: migrated to HEAD, nothing lost.

Each release commits a fixture made with its own code (``tests/data/make_release_db.py``);
every fixture is opened here with today's migrations, whatever HEAD is by then.
"""

from __future__ import annotations

import contextlib
import json
import shutil
import sqlite3
from pathlib import Path

import pytest

from desktop import __version__
from desktop.core.audit.check import check_database
from desktop.core.forms.service import render
from desktop.core.staff.accounts import authenticate
from desktop.core.store.db import Database, read_revision
from desktop.core.store.migrations import HEAD, REVISIONS
from desktop.core.store.models import Child, Staff

DATA = Path(__file__).resolve().parents[1] / "data"
FIXTURES = sorted(DATA.glob("release-*.sqlite"))
#: Every account's password in the fixtures (make_release_db.PASSWORD).
PASSWORD = "release-fixture-1"
#: Tables whose rows a migration may rewrite: the schema version and the planner's statistics.
BOOKKEEPING = {"alembic_version", "sqlite_stat1", "sqlite_sequence"}


def _read(path: Path) -> sqlite3.Connection:
    """A connection that cannot change ``path`` or leave a file beside it."""
    return sqlite3.connect(f"file:{path}?immutable=1", uri=True)


def _rows(path: Path, columns: dict[str, list[str]] | None = None) -> dict[str, list[tuple]]:
    """Every row of every table (only ``columns`` of each, when given), sorted."""
    with contextlib.closing(_read(path)) as connection:
        tables = columns or {
            name: [row[1] for row in connection.execute(f'PRAGMA table_info("{name}")')]
            for (name,) in connection.execute("SELECT name FROM sqlite_master WHERE type='table'")
            if name not in BOOKKEEPING
        }
        return {
            table: sorted(
                connection.execute(
                    "SELECT " + ", ".join(f'"{c}"' for c in names) + f' FROM "{table}"'
                ).fetchall(),
                key=repr,
            )
            for table, names in tables.items()
        }


def _lost(fixture: Path, before: dict[str, list[tuple]], path: Path) -> dict[str, list[tuple]]:
    """The rows of ``before`` (read from ``fixture``) that ``path`` no longer has, by table."""
    with contextlib.closing(_read(fixture)) as connection:
        columns = {
            table: [row[1] for row in connection.execute(f'PRAGMA table_info("{table}")')]
            for table in before
        }
    after = _rows(path, columns)
    lost = {table: [r for r in rows if r not in after[table]] for table, rows in before.items()}
    return {table: rows for table, rows in lost.items() if rows}


@pytest.fixture(params=FIXTURES, ids=[path.stem for path in FIXTURES])
def old_copy(request: pytest.FixtureRequest, tmp_path: Path) -> tuple[Path, Path]:
    """(the fixture, a private copy of it to open)."""
    copy = tmp_path / "homeward.sqlite"
    shutil.copyfile(request.param, copy)
    return request.param, copy


def test_this_release_has_its_fixture() -> None:
    fixture = DATA / f"release-{__version__}.sqlite"
    assert fixture.exists(), (
        f"no {fixture.name}: make it with tests/data/make_release_db.py and commit it"
    )


def test_an_old_database_migrates_to_head_and_keeps_every_row(
    old_copy: tuple[Path, Path], tmp_path: Path
) -> None:
    fixture, path = old_copy
    revision = read_revision(path)
    assert revision in REVISIONS
    before = _rows(path)
    assert before["child"] and before["admission"] and before["belonging"] and before["photo"]
    assert before["audit_entry"] and before["task"] and before["staff"]

    Database.open(path, snapshots=tmp_path / "snapshots").close()

    assert read_revision(path) == HEAD
    lost = _lost(fixture, before, path)
    # The keyed trail (0008) rewrites the trail and its head: its entries are counted instead.
    lost.pop("audit_entry", None)
    old_entries = len(before["audit_entry"])
    lost["setting"] = [row for row in lost.get("setting", []) if row[0] != "audit.head"]
    assert {table: rows for table, rows in lost.items() if rows} == {}
    with contextlib.closing(_read(path)) as connection:
        said = connection.execute(
            "SELECT changes FROM audit_entry WHERE action = 'migrate'"
        ).fetchone()
    if said is not None:
        assert json.loads(said[0])["entries"] == [old_entries, old_entries]
        assert json.loads(said[0])["old_chain"] == ["intact", None]
    if revision != HEAD:
        assert list((tmp_path / "snapshots").glob(f"before-upgrade-{revision}-*.sqlite"))
    assert check_database(path) == []


def test_a_changed_or_lost_row_is_seen(old_copy: tuple[Path, Path]) -> None:
    fixture, path = old_copy
    before = _rows(path)
    with contextlib.closing(sqlite3.connect(path)) as connection, connection:
        connection.execute("UPDATE child SET name = name || '改' WHERE id = 1")
        connection.execute("DELETE FROM note WHERE id = (SELECT max(id) FROM note)")
    lost = _lost(fixture, before, path)
    assert set(lost) == {"child", "note"}
    assert len(lost["child"]) == 1 and len(lost["note"]) == 1


def test_an_old_database_works_after_the_upgrade(old_copy: tuple[Path, Path]) -> None:
    _fixture, path = old_copy
    db = Database.open(path)
    try:
        with db.session() as session:
            usernames = [staff.username for staff in session.query(Staff)]
            cases = [child.case_no for child in session.query(Child).order_by(Child.id)]
        assert "admin" in usernames
        for username in usernames:
            authenticate(db, username, PASSWORD)
        admin = authenticate(db, "admin", PASSWORD)
        for form in ("intake", "belongings"):
            assert render(db, admin, form, cases[-1]).startswith(b"%PDF-")
    finally:
        db.close()
    assert check_database(path) == []
