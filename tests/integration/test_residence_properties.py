"""Random sequences of admit / place / move / end / discharge / reopen keep every rule of
the residence: one current placement per child, no overlaps of a child's placements or
of a bed's, placements inside their stay, nothing current after a discharge, the roster
agreeing with the stays; and a refused step changes nothing."""

from __future__ import annotations

import datetime as dt
import itertools
from pathlib import Path
from typing import Any

import pytest
from dbtools import dump
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from intaketools import make_id, open_copy, staffed_template, tolerate_unfinished
from sqlalchemy import select

from desktop.core.children import intake
from desktop.core.children.intake import AdmissionInput, BelongingInput, ChildInput
from desktop.core.clock import local_day
from desktop.core.errors import HomewardError
from desktop.core.residence import discharge as leaving
from desktop.core.residence import placements, rooms, roster
from desktop.core.residence.placements import PlacementInput
from desktop.core.store.db import Database
from desktop.core.store.models import Admission, Placement, Staff
from tests.leaving import leave

START = dt.datetime(2025, 3, 1, 4, 0, tzinfo=dt.UTC)
CHILDREN = 4
BEDS = 3
KINDS = ("bed", "bed", "hospital", "foster")

STEP = st.tuples(
    st.sampled_from(["admit", "place", "move", "end", "discharge", "reopen"]),
    st.integers(0, CHILDREN - 1),
    st.integers(0, BEDS),  # BEDS: a bed that does not exist
    st.sampled_from(KINDS),
    st.integers(-30, 60 * 24 * 3),  # minutes after the previous step (a few go back)
)


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A staffed database with one room of ``BEDS`` beds, and its bed ids."""
    folder = tmp_path_factory.mktemp("residence-props")
    with open_copy(staffed_template(tmp_path_factory), folder) as (db, people):
        rooms.save_room(db, people["admin"], rooms.RoomInput("101", "1", "boys", BEDS))
    return folder / "homeward.sqlite"


def _apply(
    db: Database, admin: Staff, beds: list[int], children: dict[int, int], step: tuple[Any, ...],
    when: dt.datetime,
) -> None:  # fmt: skip
    action, who, bed, kind, _minutes = step
    bed_id = beds[bed] if bed < len(beds) else 4242
    data = (
        PlacementInput("bed", when, bed_id=bed_id)
        if kind == "bed"
        else PlacementInput(kind, when, place="城南医院")
    )
    if action == "admit":
        if who in children:
            intake.admit_again(db, admin, children[who], AdmissionInput(when, "police"))
        else:
            born = dt.date(2008 + who, 1, 1)
            child = intake.register_child(
                db, admin, ChildInput(name=f"儿{who}", sex="female" if who == 3 else "male",
                                      id_number=make_id(born, who != 3, seq=who)),
                AdmissionInput(when, "police"), [BelongingInput("书包")],
            )  # fmt: skip
            children[who] = child.id
        return
    if who not in children:
        return
    record = intake.get_child(db, admin, children[who])
    if action == "place":
        placements.place(db, admin, children[who], data)
    elif action == "move":
        placements.move(db, admin, children[who], data)
    elif action == "end":
        with db.session() as session:
            current = session.scalars(
                select(Placement.id).where(
                    Placement.child_id == children[who], Placement.ended_at.is_(None)
                )
            ).first()
        placements.end_placement(db, admin, current or 4242, when)
    elif action == "discharge" and record.open_admission is not None:
        leave(db, admin, record.open_admission.id, when, "collected")
    elif action == "reopen" and record.admissions:
        leaving.reopen(db, admin, record.admissions[0].id, "登记错误")


def _check_invariants(db: Database, day: dt.date) -> None:
    with db.session() as session:
        stays = {a.id: a for a in session.scalars(select(Admission))}
        rows = list(session.scalars(select(Placement).where(Placement.voided_at.is_(None))))
        far = dt.datetime.max.replace(tzinfo=dt.UTC)
        for row in rows:
            stay = stays[row.admission_id]
            assert stay.child_id == row.child_id
            assert row.started_at >= stay.arrived_at
            assert row.ended_at is None or row.ended_at >= row.started_at
            if stay.discharged_at is not None:
                assert row.ended_at is not None and row.ended_at <= stay.discharged_at
        for key in ("child_id", "bed_id"):
            spans: dict[Any, list[tuple[dt.datetime, dt.datetime]]] = {}
            for row in rows:
                if getattr(row, key) is not None:
                    spans.setdefault(getattr(row, key), []).append(
                        (row.started_at, row.ended_at or far)
                    )
            for intervals in spans.values():
                intervals.sort()
                for (_s1, end), (start, _e2) in itertools.pairwise(intervals):
                    assert end <= start, (key, intervals)
                assert sum(end == far for _s, end in intervals) <= 1
        listed = {r.admission_id for r in roster.roster_rows(session, day)}
        expected = {
            a.id
            for a in stays.values()
            if local_day(a.arrived_at) <= day
            and (a.discharged_at is None or local_day(a.discharged_at) >= day)
        }
        assert listed == expected


@settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(steps=st.lists(STEP, min_size=1, max_size=25), probe=st.integers(0, 40))
def test_random_sequences_keep_the_rules(
    template: Path, tmp_path_factory: pytest.TempPathFactory, steps: list[Any], probe: int
) -> None:
    mp = pytest.MonkeyPatch()
    tolerate_unfinished(mp)
    try:
        with open_copy(template, tmp_path_factory.mktemp("run")) as (db, people):
            admin = people["admin"]
            beds = [b.id for b in rooms.list_rooms(db, admin)[0].beds]
            children: dict[int, int] = {}
            when = START
            for step in steps:
                when = when + dt.timedelta(minutes=step[4])
                before = dump(db.path)
                try:
                    _apply(db, admin, beds, children, step, when)
                    event(f"{step[0]} done")
                except HomewardError:
                    event(f"{step[0]} refused")
                    assert dump(db.path) == before, step
                _check_invariants(db, local_day(START) + dt.timedelta(days=probe % 12))
    finally:
        mp.undo()
