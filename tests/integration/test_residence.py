"""Residence on real SQLite files: rooms and beds, placements, discharge, reopening and
the daily roster; every refusal names its field and changes nothing."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from dbtools import audit_rows, dump
from intaketools import (
    ARRIVED,
    arrival,
    known_child,
    make_id,
    open_copy,
    staffed_template,
    tolerate_unfinished,
)

from desktop.core.audit.check import check_database
from desktop.core.children import intake
from desktop.core.children.intake import BelongingInput
from desktop.core.errors import NotFound, PermissionDenied, ValidationError
from desktop.core.forms.service import print_roster
from desktop.core.residence import discharge as leaving
from desktop.core.residence import placements, rooms, roster
from desktop.core.residence.discharge import BelongingEnd, DischargeInput
from desktop.core.residence.placements import PlacementInput, RoomRuleWarning
from desktop.core.store.db import Database
from desktop.core.store.models import Staff
from tests.leaving import ADULT_ID, GUARDIAN, leave

Env = tuple[Database, dict[str, Staff]]
DAY = dt.timedelta(days=1)
HOUR = dt.timedelta(hours=1)


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return staffed_template(tmp_path_factory)


@pytest.fixture
def env(template: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Env]:
    tolerate_unfinished(monkeypatch)
    with open_copy(template, tmp_path) as opened:
        yield opened


def _room(db: Database, admin: Staff, name: str = "101", beds: int = 2, rule: str = "mixed") -> int:
    return rooms.save_room(db, admin, rooms.RoomInput(name, "1", rule, beds)).id


def _beds(db: Database, admin: Staff, room_id: int) -> list[rooms.BedView]:
    return next(r for r in rooms.list_rooms(db, admin) if r.id == room_id).beds


def _child(db: Database, admin: Staff, **values: Any) -> tuple[int, int]:
    """A child in the center since ARRIVED: (child id, admission id)."""
    arrived = values.pop("arrived_at", ARRIVED)
    items = values.pop("items", ())
    child = intake.register_child(
        db, admin, known_child(**values), arrival(arrived_at=arrived), list(items)
    )
    stay = intake.get_child(db, admin, child.id).open_admission
    assert stay is not None
    return child.id, stay.id


def _bed(bed_id: int, at: dt.datetime = ARRIVED + HOUR, **values: Any) -> PlacementInput:
    return PlacementInput("bed", at, bed_id=bed_id, **values)


def _refused(db: Database, field: str, call: Any, kind: type[Exception] = ValidationError) -> str:
    before = dump(db.path)
    with pytest.raises(kind) as caught:
        call()
    assert dump(db.path) == before
    if field:
        assert getattr(caught.value, "field", None) == field, caught.value
    return str(caught.value)


# --- rooms and beds -------------------------------------------------------------------------


def test_rooms_are_set_up_by_an_administrator(env: Env) -> None:
    db, people = env
    admin = people["admin"]
    room_id = _room(db, admin, "男生一室", beds=3, rule="boys")
    listed = rooms.list_rooms(db, people["viewer"])
    assert [(r.name, r.floor, r.sex_rule, r.beds_in_use) for r in listed] == [
        ("男生一室", "1", "boys", 3)
    ]
    assert [b.label for b in listed[0].beds] == ["1", "2", "3"]
    for role in ("intake", "caseworker", "viewer"):
        _refused(db, "", lambda r=role: rooms.save_room(db, people[r], rooms.RoomInput("x")),
                 PermissionDenied)  # fmt: skip
    _refused(db, "name", lambda: rooms.save_room(db, admin, rooms.RoomInput(" ")))
    _refused(db, "name", lambda: rooms.save_room(db, admin, rooms.RoomInput("男生一室")))
    _refused(db, "beds", lambda: rooms.save_room(db, admin, rooms.RoomInput("y", beds=-1)))
    _refused(db, "beds", lambda: rooms.save_room(db, admin, rooms.RoomInput("y", beds=41)))
    _refused(db, "sex_rule", lambda: rooms.save_room(db, admin, rooms.RoomInput("y", sex_rule="x")))
    # fewer beds: the last ones go out of use; more: they come back before new ones are made
    rooms.save_room(db, admin, rooms.RoomInput("男生一室", "2", "boys", 1), room_id)
    assert [b.in_use for b in _beds(db, admin, room_id)] == [True, False, False]
    rooms.save_room(db, admin, rooms.RoomInput("男生一室", "2", "boys", 4), room_id)
    assert [(b.label, b.in_use) for b in _beds(db, admin, room_id)] == [
        ("1", True), ("2", True), ("3", True), ("4", True)
    ]  # fmt: skip
    assert rooms.save_room(db, admin, rooms.RoomInput("男生一室", "2", "boys", 40), room_id)
    assert len(_beds(db, admin, room_id)) == 40
    assert check_database(db.path) == []


def test_a_room_is_not_made_smaller_than_its_children(env: Env) -> None:
    db, people = env
    admin = people["admin"]
    room_id = _room(db, admin, beds=3)
    beds = _beds(db, admin, room_id)
    for bed in beds[1:]:
        child, _stay = _child(db, admin, id_number=make_id(dt.date(2015, 3, 4), seq=bed.id))
        placements.place(db, admin, child, _bed(bed.id))
    message = _refused(db, "beds", lambda: rooms.save_room(
        db, admin, rooms.RoomInput("101", "1", "mixed", 1), room_id))  # fmt: skip
    assert "2 children sleep in this room" in message
    # two beds: the free first one goes, not an occupied one
    rooms.save_room(db, admin, rooms.RoomInput("101", "1", "mixed", 2), room_id)
    assert [(b.in_use, b.occupied) for b in _beds(db, admin, room_id)] == [
        (False, False), (True, True), (True, True)
    ]  # fmt: skip
    _refused(db, "in_use", lambda: rooms.set_bed_in_use(db, admin, beds[1].id, False))
    _refused(db, "", lambda: rooms.set_bed_in_use(db, admin, 4242, False), NotFound)
    assert not rooms.set_bed_in_use(db, admin, beds[0].id, False).in_use
    assert rooms.set_bed_in_use(db, admin, beds[0].id, True).in_use


# --- placements --------------------------------------------------------------------------------


def test_place_move_and_end(env: Env) -> None:
    db, people = env
    admin, clerk, worker = people["admin"], people["intake"], people["caseworker"]
    room_id = _room(db, admin)
    first, second = (b.id for b in _beds(db, admin, room_id))
    child, stay = _child(db, admin)
    row = placements.place(db, clerk, child, _bed(first))
    assert (row.kind, row.bed_id, row.admission_id, row.started_at, row.ended_at) == (
        "bed", first, stay, ARRIVED + HOUR, None
    )  # fmt: skip
    moved = placements.move(db, clerk, child, _bed(second, ARRIVED + DAY))
    old = intake_history(db, admin, "placement")
    assert old[row.id]["ended_at"] == (ARRIVED + DAY).isoformat()
    assert moved.started_at == ARRIVED + DAY and moved.ended_at is None
    # intake staff give beds, caseworkers place outside
    outside = PlacementInput(
        "foster",
        ARRIVED + 2 * DAY,
        place="李家",
        address="城南路 5 号",
        contact_person="李阿姨",
        phone="13800000000",
        notes="周末回访",
    )
    _refused(db, "", lambda: placements.move(db, clerk, child, outside), PermissionDenied)
    _refused(db, "", lambda: placements.move(db, worker, child, _bed(first, ARRIVED + 2 * DAY)),
             PermissionDenied)  # fmt: skip
    fostered = placements.move(db, worker, child, outside)
    stored = intake_history(db, admin, "placement")[fostered.id]
    assert {k: stored.get(k) for k in ("kind", "bed_id", "place", "address", "contact_person",
                                   "phone", "notes", "child_id", "admission_id")} == {
        "kind": "foster", "bed_id": None, "place": "李家", "address": "城南路 5 号",
        "contact_person": "李阿姨", "phone": "13800000000", "notes": "周末回访",
        "child_id": child, "admission_id": stay,
    }  # fmt: skip
    ended = placements.end_placement(db, worker, fostered.id, ARRIVED + 3 * DAY, "回到中心")
    assert ended.ended_at == ARRIVED + 3 * DAY and ended.notes == "周末回访\n回到中心"
    _refused(db, "ended_at", lambda: placements.end_placement(db, worker, fostered.id,
                                                              ARRIVED + 4 * DAY))  # fmt: skip
    actions = [(row[2], row[3]) for row in audit_rows(db.path) if row[3] == "placement"]
    assert [action for action, _kind in actions] == [
        "place", "move", "place", "move", "place", "end"
    ]  # fmt: skip
    assert check_database(db.path) == []


def intake_history(db: Database, admin: Staff, entity: str) -> dict[int, dict[str, Any]]:
    """The newest recorded value of each changed field of each row of ``entity``, from the trail."""
    rows: dict[int, dict[str, Any]] = {}
    for _id, _actor, _action, kind, record_id, changes in audit_rows(db.path):
        if kind == entity and changes:
            rows.setdefault(int(record_id), {}).update(
                {field: pair[1] for field, pair in json.loads(changes).items()}
            )
    return rows


def test_placement_refusals(env: Env) -> None:
    db, people = env
    admin = people["admin"]
    room_id = _room(db, admin, beds=2, rule="girls")
    first, second = (b.id for b in _beds(db, admin, room_id))
    girl, _ = _child(db, admin, name="王小红", sex="female")
    boy, _ = _child(db, admin, id_number=make_id(dt.date(2015, 3, 4), seq=7))
    placements.place(db, admin, girl, _bed(first))
    cases = [
        ("bed_id", lambda: placements.place(db, admin, boy, _bed(first, ARRIVED + DAY))),
        ("started_at", lambda: placements.place(db, admin, boy, _bed(second, ARRIVED - HOUR))),
        ("started_at", lambda: placements.place(
            db, admin, boy, _bed(second, dt.datetime.now(dt.UTC) + DAY))),
        ("bed_id", lambda: placements.place(db, admin, boy, PlacementInput("bed", ARRIVED + HOUR))),
        ("place", lambda: placements.place(db, admin, boy, PlacementInput("hospital", ARRIVED))),
        ("bed_id", lambda: placements.place(
            db, admin, boy, PlacementInput("hospital", ARRIVED, bed_id=second, place="医院"))),
        ("kind", lambda: placements.place(db, admin, boy, PlacementInput("moon", ARRIVED))),
        ("kind", lambda: placements.place(db, admin, girl, _bed(second))),
        ("kind", lambda: placements.move(db, admin, boy, _bed(second))),
        ("started_at", lambda: placements.move(db, admin, girl, _bed(second, ARRIVED + HOUR))),
        ("bed_id", lambda: placements.move(db, admin, girl, _bed(first, ARRIVED + DAY))),
        ("phone", lambda: placements.place(
            db, admin, boy, PlacementInput("kin", ARRIVED, place="舅舅家", phone="abc"))),
    ]  # fmt: skip
    for field, call in cases:
        _refused(db, field, call)
    _refused(db, "bed_id", lambda: placements.place(db, admin, boy, _bed(4242)), NotFound)
    # the room is for girls: a boy needs a reason, which is kept
    warning = _refused(db, "sex_override_reason", lambda: placements.place(
        db, admin, boy, _bed(second)), RoomRuleWarning)  # fmt: skip
    assert "for girls" in warning
    kept = placements.place(db, admin, boy, _bed(second, sex_override_reason="其他房间已满"))
    assert kept.sex_override_reason == "其他房间已满"
    # out of use
    placements.end_placement(db, admin, kept.id, ARRIVED + 2 * HOUR)
    rooms.set_bed_in_use(db, admin, second, False)
    _refused(db, "bed_id", lambda: placements.place(db, admin, boy, _bed(second, ARRIVED + DAY)))
    # overlapping history: a placement back-dated into one that already ended
    _refused(
        db,
        "started_at",
        lambda: placements.place(
            db, admin, boy, PlacementInput("kin", ARRIVED + HOUR + 1 * HOUR / 2, place="舅舅家")
        ),
    )
    # a child not in the center
    leave(db, admin, intake.get_child(db, admin, boy).admissions[0].id, ARRIVED + DAY)
    _refused(db, "child_id", lambda: placements.place(db, admin, boy, _bed(first, ARRIVED + DAY)))


def test_a_bed_holds_one_child_at_a_time_in_history_too(env: Env) -> None:
    """A placement back-dated into a time the bed was someone else's is refused."""
    db, people = env
    admin = people["admin"]
    bed = _beds(db, admin, _room(db, admin, beds=1))[0].id
    first, _ = _child(db, admin)
    second, _ = _child(db, admin, id_number=make_id(dt.date(2015, 3, 4), seq=9))
    row = placements.place(db, admin, first, _bed(bed, ARRIVED + HOUR))
    placements.end_placement(db, admin, row.id, ARRIVED + 5 * HOUR)
    _refused(db, "bed_id", lambda: placements.place(db, admin, second, _bed(bed, ARRIVED + HOUR)))
    assert placements.place(db, admin, second, _bed(bed, ARRIVED + 5 * HOUR)).bed_id == bed


# --- discharge --------------------------------------------------------------------------------


def test_discharge_ends_the_placement_and_accounts_for_belongings(env: Env) -> None:
    db, people = env
    admin, clerk = people["admin"], people["intake"]
    bed = _beds(db, admin, _room(db, admin, beds=1))[0].id
    child, stay = _child(db, admin, items=[BelongingInput("书包"), BelongingInput("手机")])
    row = placements.place(db, admin, child, _bed(bed))
    bag, phone = intake.get_child(db, admin, child).belongings[stay]
    when = ARRIVED + 3 * DAY
    base = DischargeInput(when, "collected", adult=GUARDIAN)
    message = _refused(db, "belongings", lambda: leaving.discharge(db, clerk, stay, base))
    assert "书包" in message and "手机" in message
    half = dataclasses.replace(base, belongings=(BelongingEnd(bag.id, returned_to="张大山"),))
    _refused(db, "belongings", lambda: leaving.discharge(db, clerk, stay, half))
    both = dataclasses.replace(base, belongings=(
        BelongingEnd(bag.id, returned_to="张大山"), BelongingEnd(phone.id)))  # fmt: skip
    _refused(db, "belongings", lambda: leaving.discharge(db, clerk, stay, both))
    stranger = dataclasses.replace(
        base,
        belongings=(
            BelongingEnd(bag.id, "张大山"),
            BelongingEnd(phone.id, "张大山"),
            BelongingEnd(4242, "x"),
        ),
    )
    _refused(db, "belongings", lambda: leaving.discharge(db, clerk, stay, stranger))
    _refused(db, "discharged_at", lambda: leaving.discharge(
        db, clerk, stay, dataclasses.replace(base, discharged_at=ARRIVED)))  # fmt: skip
    done = dataclasses.replace(base, belongings=(
        BelongingEnd(bag.id, returned_to="张大山"),
        BelongingEnd(phone.id, not_returned_reason="涉案物品，待公安认领"),
    ))  # fmt: skip
    admission = leaving.discharge(db, clerk, stay, done)
    assert (admission.discharged_at, admission.discharge_mode, admission.collector_name,
            admission.collector_id_number, admission.collector_relationship,
            admission.collector_checked_by) == (
        when, "collected", "张大山", ADULT_ID, "父亲", "王主任")  # fmt: skip
    record = intake.get_child(db, admin, child)
    bag, phone = record.belongings[stay]
    assert (bag.disposition, bag.returned_at, bag.returned_to) == ("returned", when, "张大山")
    assert (phone.disposition, phone.not_returned_reason) == ("held", "涉案物品，待公安认领")
    assert intake_history(db, admin, "placement")[row.id]["ended_at"] == when.isoformat()
    assert roster.board(db, admin).residents == []
    assert check_database(db.path) == []


def test_who_may_take_a_child(env: Env) -> None:
    db, people = env
    clerk = people["intake"]
    young, young_stay = _child(db, people["admin"])  # born 2015: 10 in 2025
    when = ARRIVED + DAY
    for data, field in (
        (DischargeInput(when, "collected"), "collector_name"),
        (DischargeInput(when, "escorted_home"), "collector_name"),
        (DischargeInput(when, "placed", destination="福利院"), "collector_name"),
        (DischargeInput(when, "self_return", statement_signed=True), "discharge_mode"),
        (DischargeInput(when, "placed", adult=GUARDIAN), "discharge_destination"),
        (DischargeInput(when, "left", note="夜间离开"), "police_report"),
        (DischargeInput(when, "left", police_report="已报警"), "discharge_note"),
        (DischargeInput(when, "died", adult=GUARDIAN, note="x"), "collector_name"),
        (DischargeInput(when, "collected", statement_signed=True, adult=GUARDIAN),
         "statement_signed"),
        (DischargeInput(when, "collected", adult=dataclasses.replace(GUARDIAN, id_number="")),
         "collector_id_number"),
        (DischargeInput(when, "collected", adult=dataclasses.replace(
            GUARDIAN, id_number=ADULT_ID[:-1] + "1")), "collector_id_number"),
        (DischargeInput(when, "collected", adult=dataclasses.replace(
            GUARDIAN, id_number=make_id(dt.date(2010, 1, 1)))), "collector_id_number"),
        (DischargeInput(when, "collected", adult=dataclasses.replace(GUARDIAN, relationship="")),
         "collector_relationship"),
        (DischargeInput(when, "collected", adult=dataclasses.replace(GUARDIAN, checked_by="")),
         "collector_checked_by"),
        (DischargeInput(when, "collected", adult=dataclasses.replace(GUARDIAN, name="")),
         "collector_name"),
        (DischargeInput(when, "ended", adult=GUARDIAN), "discharge_note"),
        (DischargeInput(when, "placed", adult=GUARDIAN, destination="x", cross_province=True),
         "cross_province"),
    ):  # fmt: skip
        _refused(db, field, lambda d=data: leaving.discharge(db, clerk, young_stay, d))
    # walking out needs no adult: the written record and the police report
    walked = leaving.discharge(db, clerk, young_stay, DischargeInput(
        when, "left", note="晚饭后翻墙离开", police_report="城关派出所 JJ-17"))  # fmt: skip
    assert (walked.discharge_mode, walked.police_report) == ("left", "城关派出所 JJ-17")
    assert young


@pytest.mark.parametrize(("born", "allowed"), [
    (dt.date(2009, 6, 2), True),  # 16 on 2025-06-02
    (dt.date(2009, 6, 3), False),  # 16 only the next day
])  # fmt: skip
def test_leaving_alone_is_for_16_and_over(env: Env, born: dt.date, allowed: bool) -> None:
    db, people = env
    clerk = people["intake"]
    _child_id, stay = _child(db, people["admin"], birth_date=born)
    when = dt.datetime(2025, 6, 2, 12, tzinfo=dt.UTC)
    alone = DischargeInput(when, "self_return")
    if not allowed:
        _refused(db, "discharge_mode", lambda: leaving.discharge(
            db, clerk, stay, dataclasses.replace(alone, statement_signed=True)))  # fmt: skip
        # an under-16 can still go with a verified adult
        assert leave(db, clerk, stay, when, "escorted_home").collector_name == "张大山"
        return
    _refused(db, "statement_signed", lambda: leaving.discharge(db, clerk, stay, alone))
    done = leaving.discharge(db, clerk, stay, dataclasses.replace(alone, statement_signed=True))
    assert done.statement_signed and done.collector_name == ""


def test_reopen_is_for_administrators_with_a_reason(env: Env) -> None:
    db, people = env
    admin, clerk = people["admin"], people["intake"]
    child, stay = _child(db, admin)
    _refused(db, "admission", lambda: leaving.reopen(db, admin, stay, "错了"))
    leave(db, clerk, stay, ARRIVED + DAY, "collected")
    _refused(db, "", lambda: leaving.reopen(db, clerk, stay, "错了"), PermissionDenied)
    _refused(db, "void_reason", lambda: leaving.reopen(db, admin, stay, " "))
    again = leaving.reopen(db, admin, stay, "离站登记错了")
    assert (again.discharged_at, again.discharge_mode, again.collector_name,
            again.reopen_reason) == (None, "", "", "离站登记错了")  # fmt: skip
    assert [r.child_id for r in roster.board(db, admin).residents] == [child]
    leave(db, clerk, stay, ARRIVED + 2 * DAY, "collected")
    intake.admit_again(db, clerk, child, arrival(arrived_at=ARRIVED + 3 * DAY))
    _refused(db, "admission", lambda: leaving.reopen(db, admin, stay, "再开"))
    assert check_database(db.path) == []


# --- the roster -------------------------------------------------------------------------------


def test_roster_of_each_day(env: Env, china_time: None) -> None:
    """Who was in the center on each day, where, and for how many days."""
    db, people = env
    admin = people["admin"]
    first, second = (b.id for b in _beds(db, admin, _room(db, admin, "201")))
    arrived = dt.datetime(2025, 6, 1, 2, 0, tzinfo=dt.UTC)  # 10:00 in China
    a, a_stay = _child(db, admin, name="甲", arrived_at=arrived)
    b, b_stay = _child(db, admin, name="乙", arrived_at=arrived + DAY,
                       id_number=make_id(dt.date(2012, 5, 5), seq=3), birth_date=None)  # fmt: skip
    placements.place(db, admin, a, _bed(first, arrived))
    placements.place(db, admin, b, _bed(second, arrived + DAY))
    placements.move(db, admin, a, PlacementInput("hospital", arrived + 2 * DAY, place="市儿童医院"))
    leave(db, admin, b_stay, arrived + 3 * DAY)

    def day(n: int) -> list[tuple[str, str, int, int | None]]:
        rows = roster.roster(db, admin, dt.date(2025, 6, n))
        return [(r.name, r.where, r.days, r.age) for r in rows]

    assert day(1) == [("甲", "201 · 1", 1, 10)]
    assert day(2) == [("甲", "201 · 1", 2, 10), ("乙", "201 · 2", 1, 13)]
    assert day(3) == [("乙", "201 · 2", 2, 13), ("甲", "Hospital: 市儿童医院", 3, 10)]
    assert day(4) == [("乙", "201 · 2", 3, 13), ("甲", "Hospital: 市儿童医院", 4, 10)]
    assert day(5) == [("甲", "Hospital: 市儿童医院", 5, 10)]
    assert roster.roster(db, admin, dt.date(2025, 5, 31)) == []
    assert a_stay
    now = roster.board(db, admin)
    assert [(r.name, r.kind) for r in now.outside()] == [("甲", "hospital")]
    assert now.in_bed() == {} and now.unplaced() == []


# --- who may do what ---------------------------------------------------------------------------

MATRIX = {
    # service: (permission, call)
    "save_room": ("edit_settings", lambda db, a, ids: rooms.save_room(db, a, rooms.RoomInput("x"))),
    "set_bed_in_use": ("edit_settings",
                       lambda db, a, ids: rooms.set_bed_in_use(db, a, ids["free"], False)),
    "place_bed": ("beds",
                  lambda db, a, ids: placements.place(db, a, ids["other"], _bed(ids["free"]))),
    "place_outside": ("placements", lambda db, a, ids: placements.place(
        db, a, ids["other"], PlacementInput("kin", ARRIVED + 3 * HOUR, place="舅舅家"))),
    "move": ("beds", lambda db, a, ids: placements.move(db, a, ids["child"], _bed(ids["free"],
                                                                                  ARRIVED + DAY))),
    "end_placement": ("beds", lambda db, a, ids: placements.end_placement(
        db, a, ids["placement"], ARRIVED + DAY)),
    "discharge": ("register", lambda db, a, ids: leave(db, a, ids["stay"], ARRIVED + DAY)),
    "reopen": ("void", lambda db, a, ids: leaving.reopen(db, a, ids["gone"], "登记错误")),
    "roster": ("read", lambda db, a, ids: roster.roster(db, a, ARRIVED.date())),
    "board": ("read", lambda db, a, ids: roster.board(db, a)),
    "placements_of": ("read", lambda db, a, ids: placements.placements_of(db, a, ids["child"])),
    "held_belongings": ("read", lambda db, a, ids: leaving.held_belongings(db, a, ids["stay"])),
    "print_roster": ("print", lambda db, a, ids: print_roster(db, a, ARRIVED.date())),
}  # fmt: skip


@pytest.mark.parametrize("role", ["admin", "intake", "caseworker", "viewer"])
def test_every_residence_service_against_every_role(env: Env, role: str) -> None:
    """Allowed roles are served (writers leave entries in their name); the rest are refused
    and nothing changes."""
    from desktop.core.staff.permissions import ROLE_PERMISSIONS, Permission, Role

    db, people = env
    admin = people["admin"]
    room = _room(db, admin, beds=2)
    taken, free = (b.id for b in _beds(db, admin, room))
    child, stay = _child(db, admin)
    other, _ = _child(db, admin, id_number=make_id(dt.date(2015, 3, 4), seq=5))
    _gone, gone_stay = _child(db, admin, id_number=make_id(dt.date(2015, 3, 4), seq=6))
    leave(db, admin, gone_stay, ARRIVED + HOUR)
    row = placements.place(db, admin, child, _bed(taken))
    base = {"free": free, "other": other, "child": child, "placement": row.id, "stay": stay,
            "gone": gone_stay}  # fmt: skip
    granted = ROLE_PERMISSIONS[Role(role)]
    for name, (permission, call) in MATRIX.items():
        before = dump(db.path)
        if Permission(permission) in granted:
            call(db, people[role], base)
            changed = dump(db.path) != before
            if changed:
                assert {r[1] for r in audit_rows(db.path)[-1:]} == {role}, name
        else:
            with pytest.raises(PermissionDenied):
                call(db, people[role], base)
            assert dump(db.path) == before, name
        # put the world back for the next service
        _restore(db, admin, name, base)


def _restore(db: Database, admin: Staff, name: str, ids: dict[str, int]) -> None:
    """Undo what a served call changed that a later one depends on."""
    board = {r.child_id: r for r in roster.board(db, admin).residents}
    ends = {"place_bed": ARRIVED + 2 * HOUR, "place_outside": ARRIVED + 4 * HOUR}
    if name in ends and board[ids["other"]].placement_id:
        placements.end_placement(db, admin, board[ids["other"]].placement_id, ends[name])
    if name == "set_bed_in_use":
        rooms.set_bed_in_use(db, admin, ids["free"], True)
    if name == "move" and board[ids["child"]].bed_id == ids["free"]:
        ids["placement"] = board[ids["child"]].placement_id or ids["placement"]
