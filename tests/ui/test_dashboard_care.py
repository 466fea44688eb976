"""The dashboard's beds, return-home plans and follow-up visits: the figures shown, and
each one opening the list behind it (the Rooms area, the Return home area at a status,
its visits overdue only or all due)."""

from __future__ import annotations

import datetime as dt

from desktop.core.residence import placements, rooms
from desktop.core.residence.placements import PlacementInput
from desktop.core.returns import handover, plans
from desktop.core.returns.handover import HandoverInput
from desktop.core.returns.plans import EscortInput
from desktop.views.context import SessionContext
from desktop.views.main_window import AREA_ROWS, MainWindow
from tests.ui.conftest import make_staff
from tests.ui.test_return_home_page import NOW, RECEIVER, _child, _plans


def _handed_over_days_ago(context: SessionContext, name: str, days: int) -> None:
    db, admin = context.ops.db, context.user
    worker = make_staff(context, "worker2", "caseworker").user
    child = _child(context, name)
    plan = plans.start_plan(db, worker, child)
    plans.verify_receiver(db, worker, plan.id, RECEIVER)
    plans.assess_home(db, worker, plan.id, "suitable", "良好")
    plans.approve(db, admin, plan.id)
    when = NOW - dt.timedelta(days=days)
    plans.start_escort(db, worker, plan.id, EscortInput(
        "collected", when, when, "某村3号", "family", "王家", "王大山"))  # fmt: skip
    handover.hand_over(db, worker, plan.id, HandoverInput(when, "中心", "王大山", True))


def _window(qtbot, context: SessionContext) -> MainWindow:  # type: ignore[no-untyped-def]
    window = MainWindow(context)
    qtbot.addWidget(window)
    window.resize(1280, 720)
    window.show()
    return window


def test_the_figures_and_the_lists_they_open(qtbot, context: SessionContext) -> None:  # type: ignore[no-untyped-def]
    db, admin = context.ops.db, context.user
    _plans(context)  # one plan tracing; one handed over 40 days ago: its first visit overdue
    _handed_over_days_ago(context, "王小红", 20)  # first visit due in 10 days
    rooms.save_room(db, admin, rooms.RoomInput("101", beds=3))
    shut = rooms.save_room(db, admin, rooms.RoomInput("102", beds=2))
    rooms.save_room(db, admin, rooms.RoomInput("102", beds=0), shut.id)
    bed = rooms.list_rooms(db, admin)[0].beds[0].id
    placements.place(db, admin, _child(context, "赵小刚"), PlacementInput("bed", NOW, bed))
    window = _window(qtbot, context)
    page = window.dashboard
    page.refresh()
    assert "2 free beds" in page.bedsCardValue.text()
    assert "1 taken of 3 beds in use" in page.bedsCardDetail.text()
    assert "3 plans under way" in page.returnsCardValue.text()
    detail = page.returnsCardDetail.text()
    assert "Tracing the family 1" in detail and "Handed over 2" in detail
    assert "Approved" not in detail  # a status with no plan is left out
    assert "1 overdue" in page.visitsLine.text() and "1 due by" in page.visitsLine.text()
    assert page.visitsLine.property("role") == "warning"

    page.bedsCardValue.linkActivated.emit("beds:free")
    assert window.navigation.currentRow() == AREA_ROWS["rooms"]
    page.returnsCardDetail.linkActivated.emit("plans:handed_over")
    assert window.navigation.currentRow() == AREA_ROWS["return-home"]
    area = window.return_home
    assert area.status.currentData() == "handed_over"
    assert [line.status for line in area.plans.rows] == ["handed_over", "handed_over"]
    page.returnsCardValue.linkActivated.emit("plans")
    assert area.status.currentData() is None and len(area.plans.rows) == 3
    page.visitsLine.linkActivated.emit("visits:overdue")
    assert area.overdueOnly.isChecked()
    assert [visit.overdue for visit in area.visits.rows] == [True]
    page.visitsLine.linkActivated.emit("visits:due")
    assert not area.overdueOnly.isChecked()
    assert [visit.overdue for visit in area.visits.rows] == [True, False]
    area.overdueOnly.setChecked(True)  # the box filters by itself too
    assert len(area.visits.rows) == 1


def test_nothing_set_up(qtbot, context: SessionContext) -> None:  # type: ignore[no-untyped-def]
    page = _window(qtbot, context).dashboard
    assert "0 free beds" in page.bedsCardValue.text()
    assert page.bedsCardDetail.text() == "No bed is set up yet (Rooms area)."
    assert page.returnsCardDetail.text() == "No return home is under way."
    assert page.visitsLine.property("role") == ""


def test_the_figures_follow_a_placement(qtbot, context: SessionContext) -> None:  # type: ignore[no-untyped-def]
    db, admin = context.ops.db, context.user
    rooms.save_room(db, admin, rooms.RoomInput("101", beds=2))
    child = _child(context, "赵小刚")
    page = _window(qtbot, context).dashboard
    assert "2 free beds" in page.bedsCardValue.text()
    bed = rooms.list_rooms(db, admin)[0].beds[0].id
    context.ops.write(page, placements.place, child, PlacementInput("bed", NOW, bed))
    qtbot.waitUntil(lambda: "1 free bed" in page.bedsCardValue.text(), timeout=10_000)
    assert "1 taken of 2 beds in use" in page.bedsCardDetail.text()
