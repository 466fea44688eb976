"""The statistics of residence and return home on a small hand-made center: placements
begun by kind, return homes completed by the way home, the plans under way at the
period's end by status (read back from the trail for a plan that has moved since),
follow-up visits made with their risk flags, and the discharges by how they ended; and
the same figures in the .xlsx, .csv and .pdf outputs."""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from care_tools import DAY, HOUR, RECEIVER, child, handed_over, plan_to, visit
from intaketools import open_copy, staffed_template
from openpyxl import load_workbook
from sqlalchemy import select

from desktop.core import i18n
from desktop.core.children import intake
from desktop.core.reports import stats, stats_care
from desktop.core.reports.stats import Period
from desktop.core.residence import placements, rooms
from desktop.core.residence.placements import PlacementInput
from desktop.core.returns import handover, plans
from desktop.core.store.db import Database
from desktop.core.store.models import FollowUpVisit, Placement, ReturnPlan, Staff, utcnow
from tests.leaving import leave

Env = tuple[Database, dict[str, Staff]]
JUNE = Period.of(2025, 6)


def _local(month: int, day: int, hour: int = 12) -> dt.datetime:
    return dt.datetime(2025, month, day, hour).astimezone().astimezone(dt.UTC)


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return staffed_template(tmp_path_factory)


@pytest.fixture
def env(template: Path, tmp_path: Path) -> Iterator[Env]:
    with open_copy(template, tmp_path) as (db, people):
        yield db, people


def _visits(db: Database, plan_id: int) -> list[int]:
    with db.session() as session:
        query = select(FollowUpVisit.id).where(FollowUpVisit.plan_id == plan_id)
        return list(session.scalars(query.order_by(FollowUpVisit.due_on)))


def _rows(figures: stats.Statistics, key: str) -> dict[str, list]:  # type: ignore[type-arg]
    return {row[0]: row[1:] for row in figures.table(key).rows}


@pytest.fixture
def june(env: Env) -> Env:
    """Placements, handovers, visits and discharges in and around June 2025."""
    db, people = env
    admin, worker = people["admin"], people["caseworker"]
    a = child(db, admin, "甲")
    placements.place(db, admin, a, PlacementInput("foster", _local(6, 5), place="李家"))
    b = child(db, admin, "乙")
    placements.place(db, admin, b, PlacementInput("welfare", _local(6, 10), place="福利院"))
    placements.move(db, admin, b, PlacementInput("hospital", _local(6, 12), place="人民医院"))
    room = rooms.save_room(db, admin, rooms.RoomInput("101", beds=1))
    bed = rooms.list_rooms(db, admin)[0].beds[0].id
    assert room.id
    placements.place(db, admin, child(db, admin, "丙"), PlacementInput("bed", _local(6, 3), bed))
    late = child(db, admin, "丁", arrived_at=_local(7, 1))
    placements.place(db, admin, late, PlacementInput("school", _local(7, 2), place="专门学校"))
    gone = child(db, admin, "戊")
    placements.place(db, admin, gone, PlacementInput("foster", _local(6, 6), place="王家"))
    stay = intake.get_child(db, admin, gone).open_admission
    assert stay is not None
    leave(db, admin, stay.id, _local(6, 8), "collected")
    intake.void(db, admin, "child", gone, "重复登记")  # its placement and stay not counted
    placed = child(db, admin, "己")
    stay = intake.get_child(db, admin, placed).open_admission
    assert stay is not None
    leave(db, admin, stay.id, _local(6, 15), "placed")
    home = handed_over(db, people, child(db, admin, "庚"), _local(6, 21))  # escorted home
    fetched = handed_over(db, people, child(db, admin, "辛"), _local(6, 25), "collected")
    handed_over(db, people, child(db, admin, "壬"), _local(7, 5))  # July
    visit(db, worker, _visits(db, home)[0], dt.date(2025, 7, 25), risk=True)  # July
    first, second, third = _visits(db, fetched)
    visit(db, worker, first, dt.date(2025, 6, 28), method="home_visit")
    visit(db, worker, second, dt.date(2025, 6, 30), risk=True, method="home_visit")
    visit(db, worker, third, dt.date(2025, 7, 1))
    handover.close_plan(db, worker, fetched)  # closed since: still a return home of June
    wrong = handed_over(db, people, child(db, admin, "癸"), _local(6, 23))
    visit(db, worker, _visits(db, wrong)[0], dt.date(2025, 6, 24))
    intake.void(db, admin, "child", plan_child(db, wrong), "重复登记")  # none of it counts
    mistaken = placements.place(
        db, admin, child(db, admin, "子"), PlacementInput("kin", _local(6, 7), place="外婆家")
    )
    with db.session() as session:  # a placement voided as a mistake does not count
        row = session.get(Placement, mistaken.id)
        assert row is not None
        row.voided_at, row.void_reason = utcnow(), "录错"
    return db, people


def plan_child(db: Database, plan_id: int) -> int:
    with db.session() as session:
        plan = session.get(ReturnPlan, plan_id)
        assert plan is not None
        return plan.child_id


def test_placements_returns_visits_and_discharges_of_june(june: Env) -> None:
    db, people = june
    figures = stats.statistics(db, people["viewer"], JUNE)
    assert _rows(figures, "placements") == {
        "Foster family": [1, 1], "Welfare institution": [1, 1], "Specialised school": [0, 0],
        "Kinship care": [0, 0], "Hospital": [1, 1], "Other": [0, 0],
    }  # fmt: skip
    assert _rows(figures, "returns") == {"Escorted home": [1], "Collected by family": [1]}
    assert _rows(figures, "visits") == {"Phone": [0, 0], "Home visit": [2, 1],
                                         "Local partner": [0, 0]}  # fmt: skip
    ways = _rows(figures, "discharge")
    assert (ways["Escorted home"], ways["Collected by family"]) == ([1], [1])
    assert ways["Placed elsewhere (institution, foster family, kin)"] == [1]
    assert figures.discharges == 3  # not the voided child's
    july = stats.statistics(db, people["viewer"], Period.of(2025, 7))
    assert _rows(july, "placements")["Specialised school"] == [1, 1]
    assert _rows(july, "returns") == {"Escorted home": [1], "Collected by family": [0]}
    assert _rows(july, "visits")["Phone"] == [2, 1]
    assert _rows(july, "visits")["Home visit"] == [0, 0]  # June's are June's
    year = stats.statistics(db, people["viewer"], Period.of(2025))
    assert _rows(year, "returns") == {"Escorted home": [2], "Collected by family": [1]}
    assert sum(row[1] for row in year.table("visits").rows) == 4


def test_plans_under_way_at_the_end_of_a_period(env: Env) -> None:
    """Every plan was made today: a period that ended before it has none; one that ends
    between two steps counts each plan at the status it had then."""
    db, people = env
    admin, worker = people["admin"], people["caseworker"]
    moving = plan_to(db, people, child(db, admin, "甲"), "tracing")
    plan_to(db, people, child(db, admin, "乙"), "assessed")
    dropped = plan_to(db, people, child(db, admin, "丙"), "tracing")
    verified = plan_to(db, people, child(db, admin, "戊"), "receiver_verified")
    time.sleep(0.01)
    middle = utcnow()
    time.sleep(0.01)
    plans.verify_receiver(db, worker, moving, RECEIVER)
    plans.cancel_plan(db, worker, dropped, "家属已自行接回")
    plans.assess_home(db, worker, verified, "suitable", "家中有父母照料")  # moved on since
    plan_to(db, people, child(db, admin, "丁"), "approved")  # begun after the middle
    with db.session() as session:
        then = dict(stats_care.open_plan_rows(session, middle))
        now = dict(stats_care.open_plan_rows(session, utcnow() + HOUR))
        before = dict(stats_care.open_plan_rows(session, utcnow() - 2 * DAY))
    assert then == {"Tracing the family": 2, "Receiver verified": 1, "Home assessed": 1,
                    "Approved": 0, "Escort under way": 0, "Handed over": 0}  # fmt: skip
    assert now == {"Tracing the family": 0, "Receiver verified": 1, "Home assessed": 2,
                   "Approved": 1, "Escort under way": 0, "Handed over": 0}  # fmt: skip
    assert set(before.values()) == {0}
    this_year = stats.statistics(db, admin, Period.of(utcnow().astimezone().year))
    assert _rows(this_year, "plans")["Approved"] == [1]


def test_the_outputs_carry_the_new_tables(june: Env, tmp_path: Path) -> None:
    db, people = june
    i18n.set_language("zh_CN")
    try:
        book = stats.export_statistics(db, people["admin"], JUNE, tmp_path / "june.xlsx")
        csv_file = stats.export_statistics(db, people["admin"], JUNE, tmp_path / "june.csv")
        pdf = stats.export_statistics(db, people["admin"], JUNE, tmp_path / "june.pdf")
    finally:
        i18n.set_language("en")
    sheets = load_workbook(book).sheetnames
    for title in ("新开始的外出安置（按类型）", "完成返乡（已交接）",
                  "期末进行中的返乡安置计划", "已完成的回访"):  # fmt: skip
        assert title in sheets, sheets
    placed = load_workbook(book)["新开始的外出安置（按类型）"]
    values = [[cell.value for cell in row] for row in placed.iter_rows()]
    assert ["家庭寄养", 1, 1] in values and ["专门学校", 0, 0] in values
    text = csv_file.read_text("utf-8-sig")
    assert "护送返乡,1" in text and "接领返乡,1" in text
    assert pdf.read_bytes().startswith(b"%PDF")
