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


def _states(path: Path, table: str) -> list[bytes]:
    """Each row's state digest, as the trail and ``homeward check`` compute it."""
    from desktop.core.audit.entries import row_state

    return [row_state(list(row), list(row.values())) for row in _rows(path, table)]


def _downgrade(path: Path, revision: str) -> None:
    from alembic import command
    from alembic.config import Config

    engine = create_engine(f"sqlite:///{path}")
    try:
        with engine.begin() as connection:
            config = Config()
            config.set_main_option("script_location", str(SCRIPT_LOCATION))
            config.attributes["connection"] = connection
            command.downgrade(config, revision)
    finally:
        engine.dispose()


def test_0012_adds_an_empty_next_step_and_no_answer_about_the_id_copy(tmp_path: Path) -> None:
    """Upgrading from 0011: every visit and plan keeps its values, the visit's next step is
    empty and the copy of the receiver's ID not answered (NULL), so no row's state digest
    changes and the trail still vouches for every row; the downgrade takes both away."""
    import sqlite3

    path = tmp_path / "homeward.sqlite"
    Database.create(path, revision="0011").close()
    with sqlite3.connect(path) as connection:
        for table, column in (("follow_up_visit", "next_step"),
                              ("return_plan", "receiver_id_copy_kept")):  # fmt: skip
            names = [row[1] for row in connection.execute(f"PRAGMA table_info({table})")]
            assert column not in names
        _insert(connection, "staff", id=1, username="admin", full_name="王主任", role="admin")
        _insert(connection, "child", id=1, case_no="2026-0001", sex="male", category="lost")
        _insert(connection, "admission", id=1, child_id=1, arrived_at="2026-11-01 00:00:00")
        for plan_id, receipt in ((1, 1), (2, 0)):
            _insert(connection, "return_plan", id=plan_id, child_id=1, admission_id=1,
                    planned_by_id=1, status_by_id=1, status="handed_over",
                    receiver_name="张大山", verified_by="王主任",
                    receipt_signed=receipt)  # fmt: skip
        _insert(connection, "follow_up_visit", id=1, plan_id=1, months=1, due_on="2026-12-01",
                visited_on="2026-12-02", method="phone", findings="上学正常", risk=1)  # fmt: skip
        _insert(connection, "follow_up_visit", id=2, plan_id=1, months=3, due_on="2027-02-01")
    before = {table: _rows(path, table) for table in ("return_plan", "follow_up_visit")}
    states = {table: _states(path, table) for table in before}
    Database.open(path, snapshots=tmp_path / "snap").close()
    assert read_revision(path) == HEAD
    added = {"follow_up_visit": ("next_step", ""), "return_plan": ("receiver_id_copy_kept", None)}
    for table, (column, empty) in added.items():
        after = _rows(path, table)
        assert [row[column] for row in after] == [empty] * len(before[table])
        assert [{k: v for k, v in row.items() if k != column} for row in after] == before[table]
        assert _states(path, table) == states[table]
    _downgrade(path, "0011")
    assert read_revision(path) == "0011"
    for table, rows in before.items():
        assert _rows(path, table) == rows
