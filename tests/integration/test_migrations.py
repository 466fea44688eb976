"""Alembic migrations: the revision list the program carries, upgrades, and models vs schema."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import create_engine, inspect

from desktop.core.store.db import Database, read_revision
from desktop.core.store.migrations import HEAD, REVISIONS, SCRIPT_LOCATION
from desktop.core.store.models import Base


@pytest.fixture(scope="module")
def scripts() -> ScriptDirectory:
    """Alembic's view of the migrations folder."""
    return ScriptDirectory(str(SCRIPT_LOCATION))


def test_head_matches_alembic(scripts: ScriptDirectory) -> None:
    """HEAD names Alembic's single head (no branches left unmerged)."""
    assert scripts.get_heads() == [HEAD]


def test_revisions_match_alembic_walk(scripts: ScriptDirectory) -> None:
    """REVISIONS lists every revision, oldest first, as Alembic walks them."""
    walked = [script.revision for script in scripts.walk_revisions()]
    assert tuple(reversed(walked)) == REVISIONS
    assert REVISIONS[-1] == HEAD
    assert len(set(REVISIONS)) == len(REVISIONS)


def test_first_revision_is_base(scripts: ScriptDirectory) -> None:
    """The oldest revision starts from nothing; each later one follows the one before."""
    previous = None
    for revision in REVISIONS:
        script = scripts.get_revision(revision)
        assert script is not None
        assert script.down_revision == previous
        previous = revision


@pytest.mark.parametrize("revision", REVISIONS)
def test_open_upgrades_to_head(tmp_path: Path, revision: str) -> None:
    """A database made at any known revision opens and is upgraded to HEAD."""
    path = tmp_path / "homeward.sqlite"
    snapshots = tmp_path / "snap"
    Database.create(path, revision=revision).close()
    assert read_revision(path) == revision

    db = Database.open(path, snapshots=snapshots)
    db.close()
    assert read_revision(path) == HEAD
    if revision != HEAD:
        copies = sorted(snapshots.glob(f"before-upgrade-{revision}-*.sqlite"))
        assert len(copies) == 1
        assert read_revision(copies[0]) == revision
    else:
        assert not snapshots.exists()


def test_models_match_migrated_schema(tmp_path: Path) -> None:
    """Autogenerate finds no difference between the models and the migrated database."""
    path = tmp_path / "homeward.sqlite"
    Database.create(path).close()
    engine = create_engine(f"sqlite:///{path}")
    try:
        with engine.connect() as connection:
            context = MigrationContext.configure(
                connection,
                opts={
                    "compare_type": True,
                    "compare_server_default": True,
                    "render_as_batch": True,
                },
            )
            differences = compare_metadata(context, Base.metadata)
            tables = set(inspect(connection).get_table_names())
    finally:
        engine.dispose()
    assert differences == []
    assert tables == set(Base.metadata.tables) | {"alembic_version"}


def test_comparison_would_see_a_difference(tmp_path: Path) -> None:
    """The comparison is not blind: a column missing from the file is reported."""
    from sqlalchemy import Column, MetaData, String

    path = tmp_path / "homeward.sqlite"
    Database.create(path).close()
    changed = MetaData(naming_convention=Base.metadata.naming_convention)
    for table in Base.metadata.tables.values():
        table.to_metadata(changed)
    changed.tables["staff"].append_column(Column("nickname", String(20), nullable=True))
    engine = create_engine(f"sqlite:///{path}")
    try:
        with engine.connect() as connection:
            context = MigrationContext.configure(connection, opts={"compare_type": True})
            differences = compare_metadata(context, changed)
    finally:
        engine.dispose()
    assert [d[0] for d in differences] == ["add_column"]
    assert differences[0][3].name == "nickname"


def _insert(connection: Any, table: str, **values: object) -> None:
    """Insert a row, filling every other NOT NULL column with a plain value of its type."""
    for _cid, name, kind, notnull, default, _pk in connection.execute(
        f"PRAGMA table_info({table})"
    ).fetchall():
        if name in values or not notnull or default is not None or name == "id":
            continue
        kind = kind.upper()
        if "INT" in kind or "BOOL" in kind:
            values[name] = 0
        elif "DATETIME" in kind or "TIMESTAMP" in kind:
            values[name] = "2026-11-01 00:00:00"
        elif "DATE" in kind:
            values[name] = "2026-11-01"
        else:
            values[name] = ""
    names = ", ".join(values)
    marks = ", ".join("?" for _ in values)
    connection.execute(f"INSERT INTO {table} ({names}) VALUES ({marks})", tuple(values.values()))


def test_0004_keeps_every_row_and_marks_returned_belongings(tmp_path: Path) -> None:
    """Upgrading from 0003: stays gain an empty place found and no notice yet; an item
    already handed back is 'returned', the others are 'held'."""
    import sqlite3

    path = tmp_path / "homeward.sqlite"
    Database.create(path, revision="0003").close()
    with sqlite3.connect(path) as connection:
        _insert(connection, "child", id=1, case_no="2026-0001", sex="male", category="lost")
        columns = [row[1] for row in connection.execute("PRAGMA table_info(admission)")]
        assert "found_place" not in columns
        _insert(connection, "admission", id=1, child_id=1, arrived_at="2026-11-01 00:00:00")
        _insert(connection, "belonging", id=1, admission_id=1, item="书包")
        _insert(
            connection,
            "belonging",
            id=2,
            admission_id=1,
            item="手机",
            returned_at="2026-11-03 00:00:00",
        )
    Database.open(path, snapshots=tmp_path / "snap").close()
    assert read_revision(path) == HEAD
    with sqlite3.connect(path) as connection:
        assert connection.execute(
            "SELECT found_place, notice_issued_on, notice_reason FROM admission"
        ).fetchall() == [("", None, "")]
        assert connection.execute(
            "SELECT id, disposition FROM belonging ORDER BY id"
        ).fetchall() == [(1, "held"), (2, "returned")]


def test_0006_keeps_every_belonging_with_empty_disposal_details(tmp_path: Path) -> None:
    """Upgrading from 0005: each item keeps its disposition and return; the columns of a
    handover to the police or a destruction start empty, and the file still checks."""
    import sqlite3

    path = tmp_path / "homeward.sqlite"
    Database.create(path, revision="0005").close()
    with sqlite3.connect(path) as connection:
        columns = [row[1] for row in connection.execute("PRAGMA table_info(belonging)")]
        assert "disposed_at" not in columns
        _insert(connection, "child", id=1, case_no="2026-0001", sex="male", category="lost")
        _insert(connection, "admission", id=1, child_id=1, arrived_at="2026-11-01 00:00:00")
        _insert(connection, "belonging", id=1, admission_id=1, item="书包")
        _insert(
            connection,
            "belonging",
            id=2,
            admission_id=1,
            item="手机",
            returned_at="2026-11-03 00:00:00",
            returned_to="张大山",
            disposition="returned",
        )
    before = _rows(path, "belonging")
    Database.open(path, snapshots=tmp_path / "snap").close()
    assert read_revision(path) == HEAD
    after = _rows(path, "belonging")
    added = ("disposed_at", "disposed_to", "disposal_ref", "disposal_reason", "disposal_witness",
             "not_returned_reason")  # fmt: skip
    for old, new in zip(before, after, strict=True):
        assert {k: v for k, v in new.items() if k not in added} == old
        assert [new[name] for name in added] == [None, "", "", "", "", ""]
    assert [row["disposition"] for row in after] == ["held", "returned"]


def _rows(path: Path, table: str) -> list[dict[str, Any]]:
    import sqlite3

    with sqlite3.connect(path) as connection:
        connection.row_factory = sqlite3.Row
        return [dict(row) for row in connection.execute(f"SELECT * FROM {table} ORDER BY id")]
