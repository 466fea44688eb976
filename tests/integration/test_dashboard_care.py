"""The dashboard's residence and return-home figures on a small hand-made center: free
and taken beds (a bed out of use counts nowhere), the plans under way by status (a
closed or cancelled plan is not), and the follow-up visits overdue or due (a recorded
visit is neither; one due tomorrow or today is due, not overdue)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
from care_tools import DAY, child, handed_over, plan_to, visit
from intaketools import ARRIVED, open_copy, staffed_template

from desktop.core.children import intake
from desktop.core.errors import PermissionDenied
from desktop.core.reports.today import beds_now, returns_now
from desktop.core.residence import placements, rooms
from desktop.core.residence.placements import PlacementInput
from desktop.core.returns import handover, plans, queries
from desktop.core.store.db import Database
from desktop.core.store.models import FollowUpVisit, Staff
from tests.leaving import leave

Env = tuple[Database, dict[str, Staff]]


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return staffed_template(tmp_path_factory)


@pytest.fixture
def env(template: Path, tmp_path: Path) -> Iterator[Env]:
    with open_copy(template, tmp_path) as (db, people):
        yield db, people


def _beds(db: Database, admin: Staff) -> dict[str, list[int]]:
    return {room.name: [bed.id for bed in room.beds] for room in rooms.list_rooms(db, admin)}


def test_beds_free_taken_and_out_of_use(env: Env) -> None:
    db, people = env
    admin = people["admin"]
    assert (beds_now(db, admin).total, beds_now(db, admin).free) == (0, 0)
    rooms.save_room(db, admin, rooms.RoomInput("101", beds=3, sex_rule="boys"))
    closed = rooms.save_room(db, admin, rooms.RoomInput("102", beds=2))
    beds = _beds(db, admin)
    assert (beds_now(db, admin).total, beds_now(db, admin).occupied) == (5, 0)
    rooms.save_room(db, admin, rooms.RoomInput("102", beds=0), closed.id)  # the room is shut
    rooms.set_bed_in_use(db, admin, beds["101"][2], False)
    assert beds_now(db, admin) == type(beds_now(db, admin))(2, 0)
    at = ARRIVED + DAY
    sleeping = child(db, admin, "张一")
    placements.place(db, admin, sleeping, PlacementInput("bed", at, beds["101"][0]))
    outside = child(db, admin, "张二")
    placements.place(db, admin, outside, PlacementInput("foster", at, place="李家"))
    gone = child(db, admin, "张三")
    placements.place(db, admin, gone, PlacementInput("bed", at, beds["101"][1]))
    figures = beds_now(db, admin)
    assert (figures.total, figures.occupied, figures.free) == (2, 2, 0)
    stay = intake.get_child(db, admin, gone).open_admission
    assert stay is not None
    leave(db, admin, stay.id, at + DAY, "collected")  # the discharge frees the bed
    figures = beds_now(db, admin)
    assert (figures.total, figures.occupied, figures.free) == (2, 1, 1)
    # the board the figure opens shows the same
    board = [bed for room in rooms.list_rooms(db, admin) for bed in room.beds if bed.in_use]
    assert (len(board), sum(not bed.occupied for bed in board)) == (2, 1)


def test_plans_under_way_by_status_and_visits_due(env: Env) -> None:
    db, people = env
    admin, worker = people["admin"], people["caseworker"]
    for name, step in (("甲", "tracing"), ("乙", "tracing"), ("丙", "assessed"), ("丁", "escort")):
        plan_to(db, people, child(db, admin, name), step)
    cancelled = plan_to(db, people, child(db, admin, "戊"), "approved")
    plans.cancel_plan(db, worker, cancelled, "家属改变主意")
    home = handed_over(db, people, child(db, admin, "己"))  # 2025-06-21: due 07-21, 09-21, 12-21
    closed = handed_over(db, people, child(db, admin, "庚"))
    with db.session() as session:
        visits = {
            plan: [v.id for v in session.query(FollowUpVisit).filter_by(plan_id=plan)
                   .order_by(FollowUpVisit.due_on)]
            for plan in (home, closed)
        }  # fmt: skip
    for visit_id in visits[closed]:
        visit(db, worker, visit_id, dt.date(2025, 6, 25))
    handover.close_plan(db, worker, closed)  # every visit made: the plan is closed
    july_20 = returns_now(db, worker, dt.date(2025, 7, 20))
    assert {line.key: line.count for line in july_20.plans_by_status} == {
        "tracing": 2, "receiver_verified": 0, "assessed": 1, "approved": 0, "escort": 1,
        "handed_over": 1,
    }  # fmt: skip
    assert july_20.plans_open == 5 == len(queries.open_plans(db, worker))
    # the 1-month visit, due tomorrow: due, not overdue; the 3-month one is beyond 14 days
    assert (july_20.visits_overdue, july_20.visits_due) == (0, 1)
    assert july_20.due_until == dt.date(2025, 8, 3)
    assert (returns_now(db, worker, dt.date(2025, 7, 6)).visits_due) == 0  # 15 days ahead
    assert (returns_now(db, worker, dt.date(2025, 7, 7)).visits_due) == 1  # 14 days ahead
    on_the_day = returns_now(db, worker, dt.date(2025, 7, 21))
    assert (on_the_day.visits_overdue, on_the_day.visits_due) == (0, 1)
    day_after = returns_now(db, worker, dt.date(2025, 7, 22))
    assert (day_after.visits_overdue, day_after.visits_due) == (1, 0)
    september = returns_now(db, worker, dt.date(2025, 9, 10))
    assert (september.visits_overdue, september.visits_due) == (1, 1)
    listed = queries.visits_due(db, worker, dt.date(2025, 9, 10))
    assert [v.overdue for v in listed] == [True, False]  # the list the figure opens agrees
    visit(db, worker, visits[home][0], dt.date(2025, 7, 25), risk=True)  # done: no longer due
    september = returns_now(db, worker, dt.date(2025, 9, 10))
    assert (september.visits_overdue, september.visits_due) == (0, 1)


def test_the_figures_need_the_right_to_read(env: Env) -> None:
    db, people = env
    with db.session() as session:
        nobody = session.get(Staff, people["viewer"].id)
        assert nobody is not None
        nobody.active = False
    with pytest.raises(PermissionDenied):
        beds_now(db, nobody)
    with pytest.raises(PermissionDenied):
        returns_now(db, nobody)
