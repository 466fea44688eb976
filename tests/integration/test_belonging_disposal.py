"""Belongings handed to the police (移交公安) or destroyed (销毁), on real SQLite files:
every stored column, the rules (only an item still held, not in the future, not before
the arrival, the right details for each kind), audit entries, and a refusal that
leaves the database byte for byte as it was."""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from intaketools import ARRIVED, arrival, known_child, open_copy, staffed_template

from desktop.core import fields
from desktop.core.audit.check import check_database
from desktop.core.audit.labels import action_label
from desktop.core.children import intake
from desktop.core.children.intake import BelongingInput, DisposalInput
from desktop.core.errors import NotFound, PermissionDenied, ValidationError
from desktop.core.store.db import Database
from desktop.core.store.models import Staff

Env = tuple[Database, dict[str, Staff]]
LATER = ARRIVED + dt.timedelta(days=20)
#: The columns a disposal writes, besides the disposition.
DISPOSAL_COLUMNS = (
    "disposed_at",
    "disposed_to",
    "disposal_ref",
    "disposal_reason",
    "disposal_witness",
)


def dump(path: Path) -> str:
    """Every row of the database as SQL text (as tests/integration/test_write_path.py)."""
    with sqlite3.connect(f"{path.absolute().as_uri()}?mode=ro", uri=True) as connection:
        return "\n".join(connection.iterdump())


def stored(path: Path, belonging_id: int) -> dict[str, Any]:
    """The belonging's row as the file holds it, by column name."""
    with sqlite3.connect(f"{path.absolute().as_uri()}?mode=ro", uri=True) as connection:
        connection.row_factory = sqlite3.Row
        row = connection.execute("SELECT * FROM belonging WHERE id = ?", (belonging_id,)).fetchone()
        return dict(row)


def police(**changes: Any) -> DisposalInput:
    """A handover to the police at ``LATER``, with ``changes``."""
    values: dict[str, Any] = {
        "disposition": "police",
        "disposed_at": LATER,
        "disposed_to": "城关派出所 李警官",
        "disposal_ref": "公(城)扣字〔2025〕118号",
    }
    values.update(changes)
    return DisposalInput(**values)


def destroyed(**changes: Any) -> DisposalInput:
    """A destruction at ``LATER``, with ``changes``."""
    values: dict[str, Any] = {
        "disposition": "destroyed",
        "disposed_at": LATER,
        "disposal_reason": "食品已变质",
        "disposal_witness": "王芳销毁，赵强见证",
    }
    values.update(changes)
    return DisposalInput(**values)


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return staffed_template(tmp_path_factory)


@pytest.fixture
def env(template: Path, tmp_path: Path) -> Iterator[Env]:
    with open_copy(template, tmp_path) as opened:
        yield opened


@pytest.fixture
def item(env: Env) -> int:
    """A knife deposited during an open stay that arrived at ``ARRIVED``."""
    db, people = env
    child = intake.register_child(db, people["intake"], known_child(), arrival())
    stay = intake.get_child(db, people["intake"], child.id).open_admission
    assert stay is not None
    row = intake.add_belonging(db, people["intake"], stay.id, BelongingInput(item="折叠刀"))
    return row.id


def trail(db: Database, belonging_id: int) -> list[tuple[str, str, dict[str, Any]]]:
    """(actor, action, new values of the changed fields) of the belonging's audit entries,
    oldest first."""
    with sqlite3.connect(db.path) as connection:
        rows = connection.execute(
            "SELECT actor, action, changes FROM audit_entry"
            " WHERE entity = 'belonging' AND record_id = ? ORDER BY id",
            (str(belonging_id),),
        ).fetchall()
    return [
        (actor, action, {k: pair[1] for k, pair in json.loads(changes).items()} if changes else {})
        for actor, action, changes in rows
    ]


# --- what is stored ------------------------------------------------------------------------


def test_handed_to_the_police_stores_every_column(env: Env, item: int) -> None:
    db, people = env
    local = dt.timezone(dt.timedelta(hours=8))
    row = intake.dispose_belonging(
        db,
        people["intake"],
        item,
        police(
            disposed_at=LATER.astimezone(local),
            disposed_to="  城关派出所 李警官\t",
            disposal_reason="管制刀具",
        ),
    )
    assert row.disposition == "police"
    assert row.disposed_at == LATER and row.disposed_at.tzinfo == dt.UTC
    saved = stored(db.path, item)
    assert saved["disposition"] == "police"
    assert saved["disposed_at"].startswith("2025-06-21 14:00:00")  # UTC in the file
    assert saved["disposed_to"] == "城关派出所 李警官"  # cleaned: the blanks around it trimmed
    assert saved["disposal_ref"] == "公(城)扣字〔2025〕118号"
    assert saved["disposal_reason"] == "管制刀具"
    assert saved["disposal_witness"] == ""
    assert (saved["returned_at"], saved["returned_to"], saved["returned_by_id"]) == (None, "", None)
    entries = trail(db, item)
    assert [(actor, action) for actor, action, _after in entries] == [
        ("intake", "create"),
        ("intake", "dispose"),
    ]
    after = entries[-1][2]
    assert after["disposition"] == "police" and after["disposed_to"] == "城关派出所 李警官"
    db.close()
    assert check_database(db.path) == []  # each row matches its last audit entry


def test_destroyed_stores_every_column(env: Env, item: int) -> None:
    db, people = env
    row = intake.dispose_belonging(db, people["admin"], item, destroyed())
    assert (row.disposition, row.disposed_at) == ("destroyed", LATER)
    saved = stored(db.path, item)
    assert {name: saved[name] for name in DISPOSAL_COLUMNS[1:]} == {
        "disposed_to": "",
        "disposal_ref": "",
        "disposal_reason": "食品已变质",
        "disposal_witness": "王芳销毁，赵强见证",
    }
    assert saved["disposition"] == "destroyed" and saved["returned_at"] is None
    assert trail(db, item)[-1][:2] == ("admin", "dispose")
    assert action_label("dispose") != "dispose"  # the history names the action
    db.close()
    assert check_database(db.path) == []


def test_a_new_item_is_held_with_empty_disposal_columns(env: Env, item: int) -> None:
    db, _people = env
    saved = stored(db.path, item)
    assert saved["disposition"] == "held"
    assert [saved[name] for name in DISPOSAL_COLUMNS] == [None, "", "", "", ""]


# --- boundary times --------------------------------------------------------------------------


def test_at_the_arrival_is_accepted_one_microsecond_before_is_not(env: Env, item: int) -> None:
    db, people = env
    before = dump(db.path)
    with pytest.raises(ValidationError) as caught:
        intake.dispose_belonging(
            db, people["intake"], item, police(disposed_at=ARRIVED - dt.timedelta(microseconds=1))
        )
    assert caught.value.field == "disposed_at"
    assert dump(db.path) == before
    row = intake.dispose_belonging(db, people["intake"], item, police(disposed_at=ARRIVED))
    assert row.disposed_at == ARRIVED


def test_the_future_is_refused_up_to_the_clock_tolerance(
    env: Env, item: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    db, people = env
    now = dt.datetime(2026, 1, 1, 8, 0, tzinfo=dt.UTC)
    monkeypatch.setattr(intake, "utcnow", lambda: now)
    tolerance = dt.timedelta(minutes=5)  # validation.CLOCK_TOLERANCE: clocks differ a little
    before = dump(db.path)
    with pytest.raises(ValidationError) as caught:
        intake.dispose_belonging(
            db,
            people["intake"],
            item,
            destroyed(disposed_at=now + tolerance + dt.timedelta(microseconds=1)),
        )
    assert caught.value.field == "disposed_at"
    assert "future" in caught.value.message
    assert dump(db.path) == before
    row = intake.dispose_belonging(
        db, people["intake"], item, destroyed(disposed_at=now + tolerance)
    )
    assert row.disposed_at == now + tolerance


def test_a_time_without_zone_or_missing_is_refused(env: Env, item: int) -> None:
    db, people = env
    before = dump(db.path)
    for moment in (None, dt.datetime(2025, 7, 1, 9, 0)):
        with pytest.raises(ValidationError) as caught:
            intake.dispose_belonging(db, people["intake"], item, police(disposed_at=moment))
        assert caught.value.field == "disposed_at"
    assert dump(db.path) == before


# --- what each kind needs, and what it refuses --------------------------------------------


@pytest.mark.parametrize(
    ("disposal", "field"),
    [
        (police(disposition="held"), "disposition"),
        (police(disposition="returned"), "disposition"),
        (police(disposition="lost"), "disposition"),
        (police(disposition=""), "disposition"),
        (police(disposed_to=" \u3000 "), "disposed_to"),  # blank, even a full-width space
        (police(disposed_to="警" * 101), "disposed_to"),
        (police(disposal_ref="号" * 101), "disposal_ref"),
        (police(disposal_reason="因" * 1001), "disposal_reason"),
        (police(disposal_witness="赵强"), "disposal_witness"),  # a handover has no witness field
        (destroyed(disposal_reason=""), "disposal_reason"),
        (destroyed(disposal_witness=""), "disposal_witness"),
        (destroyed(disposal_witness="人" * 101), "disposal_witness"),
        (destroyed(disposed_to="城关派出所"), "disposed_to"),
        (destroyed(disposal_ref="118号"), "disposal_ref"),
    ],
)
def test_bad_input_names_its_field_and_saves_nothing(
    env: Env, item: int, disposal: DisposalInput, field: str
) -> None:
    db, people = env
    before = dump(db.path)
    with pytest.raises(ValidationError) as caught:
        intake.dispose_belonging(db, people["intake"], item, disposal)
    assert caught.value.field == field
    assert caught.value.message
    assert dump(db.path) == before


def test_the_limits_themselves_are_accepted(env: Env, item: int) -> None:
    db, people = env
    table = fields.BELONGING
    row = intake.dispose_belonging(
        db,
        people["intake"],
        item,
        police(
            disposed_to="警" * (table["disposed_to"].max_length or 0),
            disposal_ref="号" * (table["disposal_ref"].max_length or 0),
            disposal_reason="因" * (table["disposal_reason"].max_length or 0),
        ),
    )
    saved = stored(db.path, item)
    assert len(saved["disposed_to"]) == 100 == len(row.disposal_ref)
    assert len(saved["disposal_reason"]) == 1000


# --- only an item still held ----------------------------------------------------------------


@pytest.mark.parametrize("first", ["police", "destroyed", "returned"])
@pytest.mark.parametrize("then", ["police", "destroyed", "returned"])
def test_an_item_ends_once(env: Env, item: int, first: str, then: str) -> None:
    """Returned, handed over or destroyed: no second end, of any kind, is recorded."""
    db, people = env
    clerk = people["intake"]
    ends = {
        "police": lambda: intake.dispose_belonging(db, clerk, item, police()),
        "destroyed": lambda: intake.dispose_belonging(db, clerk, item, destroyed()),
        "returned": lambda: intake.return_belonging(db, clerk, item, LATER, "张大山"),
    }
    ends[first]()
    before = dump(db.path)
    with pytest.raises(ValidationError) as caught:
        ends[then]()
    assert caught.value.field == ("returned_at" if then == "returned" else "disposition")
    said = {"police": "police", "destroyed": "destroyed", "returned": "returned"}[first]
    assert said in caught.value.message
    assert dump(db.path) == before


def test_a_voided_or_missing_item_is_refused(env: Env, item: int) -> None:
    db, people = env
    intake.void(db, people["admin"], "belonging", item, "登记错了")
    before = dump(db.path)
    with pytest.raises(ValidationError, match="voided"):
        intake.dispose_belonging(db, people["intake"], item, police())
    for missing in (999_999, 0, -1):
        with pytest.raises(NotFound):
            intake.dispose_belonging(db, people["intake"], missing, police())
    assert dump(db.path) == before


def test_the_viewer_is_refused_before_anything_is_read(env: Env, item: int) -> None:
    db, people = env
    before = dump(db.path)
    with pytest.raises(PermissionDenied):
        intake.dispose_belonging(db, people["viewer"], item, police(disposed_to=""))
    assert dump(db.path) == before
