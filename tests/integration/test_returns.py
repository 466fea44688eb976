"""Return home on real SQLite files: a plan from tracing to the handover and the visits;
every refusal names its field and changes nothing; the trail stays sound."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from dbtools import audit_rows, dump
from intaketools import ARRIVED, arrival, known_child, make_id, open_copy, staffed_template

from desktop.core import center, tasks
from desktop.core.audit.check import check_database
from desktop.core.children import intake
from desktop.core.children.intake import BelongingInput, ChildInput
from desktop.core.errors import NotFound, PermissionDenied, ValidationError
from desktop.core.residence.discharge import BelongingEnd
from desktop.core.returns import handover, plans, queries
from desktop.core.returns.handover import HandoverInput, VisitInput
from desktop.core.returns.plans import EscortInput, ReceiverInput, TracingInput
from desktop.core.store.db import Database
from desktop.core.store.models import Admission, Staff, Task
from tests.leaving import ADULT_ID

Env = tuple[Database, dict[str, Staff], Path]
DAY = dt.timedelta(days=1)
LATER = ARRIVED + 20 * DAY
RECEIVER = ReceiverInput(
    "张大山",
    ADULT_ID,
    "父亲",
    "13800138000",
    "北京市朝阳区某村3号",
    "王主任",
    "身份证原件与户口簿核对一致",
)


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return staffed_template(tmp_path_factory)


@pytest.fixture
def env(template: Path, tmp_path: Path) -> Iterator[Env]:
    with open_copy(template, tmp_path) as (db, people):
        yield db, people, tmp_path / "homeward.sqlite"


def _child(
    db: Database, admin: Staff, data: ChildInput | None = None, items: tuple[str, ...] = ()
) -> int:
    child = intake.register_child(
        db, admin, data or known_child(), arrival(), [BelongingInput(item) for item in items]
    )
    return child.id


def _escort(**values: Any) -> EscortInput:
    base: dict[str, Any] = {
        "return_mode": "escorted_home",
        "departure_at": LATER,
        "arrival_at": LATER + 8 * dt.timedelta(hours=1),
        "destination": "北京市朝阳区某村3号",
        "receiving_unit_kind": "civil_affairs",
        "receiving_unit": "朝阳区民政局",
        "receiving_contact": "李科长 010-12345678",
        "escort_first": "刘社工",
        "escort_second": "陈社工",
        "transport": "火车 G123",
    }
    base.update(values)
    return EscortInput(**base)


def _approved(db: Database, people: dict[str, Staff], child_id: int) -> int:
    """A plan of ``child_id`` carried to approved: planned by the caseworker, approved by admin."""
    worker = people["caseworker"]
    plan = plans.start_plan(db, worker, child_id)
    plans.verify_receiver(db, worker, plan.id, RECEIVER)
    plans.assess_home(db, worker, plan.id, "suitable", "家中有父母照料，居住条件良好")
    plans.approve(db, people["admin"], plan.id)
    return plan.id


def _handover(**values: Any) -> HandoverInput:
    base: dict[str, Any] = {
        "handed_over_at": LATER + 9 * dt.timedelta(hours=1),
        "place": "朝阳区民政局",
        "received_by": "张大山",
        "receipt_signed": True,
    }
    base.update(values)
    return HandoverInput(**base)


def test_a_child_goes_home_from_tracing_to_the_first_visit(env: Env) -> None:
    db, people, path = env
    admin, worker = people["admin"], people["caseworker"]
    child_id = _child(db, admin, items=("书包",))
    stay = intake.get_child(db, admin, child_id).open_admission
    assert stay is not None
    plan = plans.start_plan(db, worker, child_id)
    assert (plan.status, plan.planned_by_id, plan.status_by_id) == ("tracing", worker.id, worker.id)
    entry = plans.log_tracing(
        db,
        worker,
        plan.id,
        TracingInput(dt.date(2025, 6, 3), "phone", "村委会 王书记", "找到父亲", "核实身份"),
    )
    assert (entry.method, entry.contact, entry.result, entry.next_step, entry.recorded_by_id) == (
        "phone",
        "村委会 王书记",
        "找到父亲",
        "核实身份",
        worker.id,
    )
    assert plans.verify_receiver(db, worker, plan.id, RECEIVER).status == "receiver_verified"
    assessed = plans.assess_home(db, worker, plan.id, "with_support", "需低保帮扶")
    assert (assessed.status, assessed.assessment, assessed.findings) == (
        "assessed",
        "with_support",
        "需低保帮扶",
    )
    approved = plans.approve(db, admin, plan.id)
    assert (approved.status, approved.approved_by_id) == ("approved", admin.id)
    assert approved.approved_at is not None and approved.status_by_id == admin.id
    escorted = plans.start_escort(db, worker, plan.id, _escort())
    assert (escorted.status, escorted.escort_first, escorted.escort_second) == (
        "escort",
        "刘社工",
        "陈社工",
    )
    assert escorted.arrival_at == LATER + 8 * dt.timedelta(hours=1)
    belonging = intake.get_child(db, admin, child_id).belongings[stay.id][0].id
    done = handover.hand_over(
        db, worker, plan.id, _handover(belongings=(BelongingEnd(belonging, returned_to="张大山"),))
    )
    assert (done.status, done.received_by, done.receipt_signed) == ("handed_over", "张大山", True)
    record = intake.get_child(db, admin, child_id)
    assert record.open_admission is None
    with db.session() as session:
        left = session.get(Admission, stay.id)
        assert left is not None
        assert (left.discharge_mode, left.collector_name, left.collector_id_number) == (
            "escorted_home",
            "张大山",
            ADULT_ID,
        )
        assert left.discharged_at == LATER + 9 * dt.timedelta(hours=1)
    detail = queries.plans_of(db, admin, child_id)[0]
    assert [(v.months, v.due_on) for v in detail.visits] == [
        (1, dt.date(2025, 7, 21)),
        (3, dt.date(2025, 9, 21)),
        (6, dt.date(2025, 12, 21)),
    ]
    assert [e.id for e in detail.tracing] == [entry.id]
    first = detail.visits[0]
    visit = handover.record_visit(
        db,
        worker,
        first.id,
        VisitInput(dt.date(2025, 7, 21), "home_visit", "上学正常", "与父母同住", risk=True),
    )
    assert (visit.visited_on, visit.method, visit.findings, visit.situation, visit.risk) == (
        dt.date(2025, 7, 21),
        "home_visit",
        "上学正常",
        "与父母同住",
        True,
    )
    assert visit.recorded_by_id == worker.id
    actions = [(row[2], row[3]) for row in audit_rows(path)]
    for wanted in (
        ("create", "return_plan"),
        ("create", "tracing_entry"),
        ("advance", "return_plan"),
        ("approve", "return_plan"),
        ("hand_over", "return_plan"),
        ("discharge", "admission"),
        ("return", "belonging"),
        ("create", "follow_up_visit"),
        ("visit", "follow_up_visit"),
    ):
        assert wanted in actions
    assert check_database(path) == []


def test_the_plan_closes_only_when_every_visit_is_recorded(env: Env) -> None:
    db, people, _path = env
    worker = people["caseworker"]
    plan_id = _approved(db, people, _child(db, people["admin"]))
    plans.start_escort(db, worker, plan_id, _escort())
    handover.hand_over(db, worker, plan_id, _handover())
    with pytest.raises(ValidationError) as caught:
        handover.close_plan(db, worker, plan_id)
    assert caught.value.field == "status"
    child_id = queries.open_plans(db, worker)[0].child_id
    for visit in queries.plans_of(db, worker, child_id)[0].visits:
        handover.record_visit(db, worker, visit.id, VisitInput(visit.due_on, "phone", "好", ""))
    assert handover.close_plan(db, worker, plan_id).status == "closed"
    assert queries.open_plans(db, worker) == []


def _refused(
    path: Path,
    call: Callable[[], object],
    field: str | None,
    error: type[Exception] = ValidationError,
) -> str:
    before = dump(path)
    with pytest.raises(error) as caught:
        call()
    if field is not None:
        assert getattr(caught.value, "field", None) == field
    assert dump(path) == before
    return str(caught.value)


def test_bad_steps_are_refused_naming_the_field_and_change_nothing(env: Env) -> None:
    db, people, path = env
    admin, worker = people["admin"], people["caseworker"]
    child_id = _child(db, admin)
    plan = plans.start_plan(db, worker, child_id)
    # a jump that skips steps
    _refused(path, lambda: plans.approve(db, admin, plan.id), "status")
    _refused(path, lambda: plans.assess_home(db, worker, plan.id, "suitable", "好"), "status")
    _refused(path, lambda: handover.hand_over(db, worker, plan.id, _handover()), "status")
    # a second plan for the same stay
    _refused(path, lambda: plans.start_plan(db, worker, child_id), "child")
    # an invalid or a child's receiver ID number
    bad = dataclasses.replace(RECEIVER, id_number="110105194912310021")
    _refused(path, lambda: plans.verify_receiver(db, worker, plan.id, bad), "receiver_id_number")
    young = dataclasses.replace(RECEIVER, id_number=make_id(dt.date(2012, 1, 1)))
    message = _refused(
        path, lambda: plans.verify_receiver(db, worker, plan.id, young), "receiver_id_number"
    )
    assert "under 18" in message and "adult" in message
    for name in ("name", "relationship", "address", "verified_by", "verified_how"):
        empty = dataclasses.replace(RECEIVER, **{name: "  "})
        field = name if name.startswith("verified") else f"receiver_{name}"
        _refused(path, lambda e=empty: plans.verify_receiver(db, worker, plan.id, e), field)
    plans.verify_receiver(db, worker, plan.id, RECEIVER)
    _refused(path, lambda: plans.assess_home(db, worker, plan.id, "fine", "好"), "assessment")
    _refused(path, lambda: plans.assess_home(db, worker, plan.id, "suitable", " "), "findings")
    # unsuitable blocks the approval; assessed again, the planner may still not approve
    plans.assess_home(db, worker, plan.id, "unsuitable", "父亲酗酒")
    message = _refused(path, lambda: plans.approve(db, admin, plan.id), "assessment")
    assert "another placement" in message
    plans.assess_home(db, worker, plan.id, "suitable", "母亲已回家照料")
    _refused(path, lambda: plans.approve(db, worker, plan.id), "approved_by")
    _refused(path, lambda: plans.approve(db, people["intake"], plan.id), None, PermissionDenied)
    plans.approve(db, admin, plan.id)
    # the escort: arrival before departure, one escort for a child under the age
    early = _escort(arrival_at=LATER - dt.timedelta(minutes=1))
    _refused(path, lambda: plans.start_escort(db, worker, plan.id, early), "arrival_at")
    alone = _escort(escort_second="")
    _refused(path, lambda: plans.start_escort(db, worker, plan.id, alone), "escort_second")
    same = _escort(escort_second="刘社工")
    _refused(path, lambda: plans.start_escort(db, worker, plan.id, same), "escort_second")
    _refused(
        path,
        lambda: plans.start_escort(db, worker, plan.id, _escort(receiving_unit_kind="")),
        "receiving_unit_kind",
    )
    plans.start_escort(db, worker, plan.id, _escort())
    # the handover: before the departure, unsigned, without a receiver
    _refused(
        path,
        lambda: handover.hand_over(
            db, worker, plan.id, _handover(handed_over_at=LATER - dt.timedelta(minutes=1))
        ),
        "handed_over_at",
    )
    _refused(
        path,
        lambda: handover.hand_over(db, worker, plan.id, _handover(receipt_signed=False)),
        "receipt_signed",
    )
    _refused(
        path,
        lambda: handover.hand_over(db, worker, plan.id, _handover(received_by="")),
        "received_by",
    )
    assert check_database(path) == []


def test_belongings_still_held_must_be_accounted_for_at_the_handover(env: Env) -> None:
    db, people, path = env
    worker = people["caseworker"]
    plan_id = _approved(db, people, _child(db, people["admin"], items=("手机",)))
    plans.start_escort(db, worker, plan_id, _escort())
    _refused(path, lambda: handover.hand_over(db, worker, plan_id, _handover()), "belongings")


def test_two_escorts_depend_on_the_age_set_in_settings(env: Env) -> None:
    db, people, path = env
    admin, worker = people["admin"], people["caseworker"]
    # born 2011-06-21: 14 on the departure day (2025-06-21); a day younger is 13
    older = _approved(db, people, _child(db, admin, known_child(birth_date=dt.date(2011, 6, 21))))
    younger = _approved(
        db, people, _child(db, admin, known_child(name="李小红", birth_date=dt.date(2011, 6, 22)))
    )
    alone = _escort(escort_second="")
    _refused(path, lambda: plans.start_escort(db, worker, younger, alone), "escort_second")
    center.set_setting(db, admin, center.TWO_ESCORTS_UNDER_AGE, 15)
    message = _refused(path, lambda: plans.start_escort(db, worker, older, alone), "escort_second")
    assert "under 15" in message
    center.set_setting(db, admin, center.TWO_ESCORTS_UNDER_AGE, 14)
    assert plans.start_escort(db, worker, older, alone).escort_second == ""
    unknown = _approved(db, people, _child(db, admin, ChildInput(sex="female")))
    _refused(path, lambda: plans.start_escort(db, worker, unknown, alone), "escort_second")


def test_a_collected_child_needs_no_escort_and_is_discharged_as_collected(env: Env) -> None:
    db, people, path = env
    worker = people["caseworker"]
    child_id = _child(db, people["admin"])
    plan_id = _approved(db, people, child_id)
    plans.start_escort(
        db,
        worker,
        plan_id,
        _escort(return_mode="collected", escort_first="", escort_second="", transport=""),
    )
    handover.hand_over(db, worker, plan_id, _handover())
    stays = intake.get_child(db, worker, child_id).admissions
    assert stays[0].discharge_mode == "collected"
    again = _escort(return_mode="escorted_home")
    _refused(path, lambda: plans.start_escort(db, worker, plan_id, again), "status")


@pytest.mark.parametrize("across", [True, False])
def test_the_handover_records_whether_the_child_went_to_another_province(
    env: Env, across: bool
) -> None:
    """Ticked at the handover, the stay's discharge is across provinces; else it is not."""
    db, people, _path = env
    worker = people["caseworker"]
    child_id = _child(db, people["admin"])
    plan_id = _approved(db, people, child_id)
    plans.start_escort(db, worker, plan_id, _escort())
    handover.hand_over(db, worker, plan_id, _handover(cross_province=across))
    stay = intake.get_child(db, worker, child_id).admissions[0]
    assert stay.discharge_mode == "escorted_home" and stay.cross_province is across


def test_dna_comparison_closes_the_dna_request_task_and_others_do_not(env: Env) -> None:
    db, people, path = env
    admin, worker = people["admin"], people["caseworker"]
    child_id = _child(db, admin, ChildInput(sex="male"))
    plan = plans.start_plan(db, worker, child_id)

    def dna_open() -> bool:
        return any(t.kind == "dna_request" for t in tasks.list_tasks(db, admin, child_id=child_id))

    assert dna_open()
    plans.log_tracing(db, worker, plan.id, TracingInput(dt.date(2025, 6, 2), "police", "派出所"))
    assert dna_open()
    entry = plans.log_tracing(
        db, worker, plan.id, TracingInput(dt.date(2025, 6, 4), "dna", "市公安局", "已采血送检")
    )
    assert not dna_open()
    with db.session() as session:
        task = session.query(Task).filter_by(child_id=child_id, kind="dna_request").one()
        assert task.done_by_id == worker.id and task.note == "已采血送检"
        assert str(entry.id) in task.reference
    assert any(t.kind == "search_notice" for t in tasks.list_tasks(db, admin, child_id=child_id))
    assert check_database(path) == []


def test_tracing_dates_and_methods_are_checked(env: Env) -> None:
    db, people, path = env
    worker = people["caseworker"]
    plan = plans.start_plan(db, worker, _child(db, people["admin"]))
    for data, field in (
        (TracingInput(None, "phone"), "traced_on"),
        (TracingInput(dt.date(2025, 5, 31), "phone"), "traced_on"),
        (TracingInput(dt.date.today() + 2 * DAY, "phone"), "traced_on"),
        (TracingInput(dt.date(2025, 6, 2), "pigeon"), "method"),
    ):
        _refused(path, lambda d=data: plans.log_tracing(db, worker, plan.id, d), field)
    assert plans.log_tracing(db, worker, plan.id, TracingInput(dt.date(2025, 6, 1), "other")).id


def test_cancel_needs_a_reason_and_is_refused_after_the_handover(env: Env) -> None:
    db, people, path = env
    worker = people["caseworker"]
    child_id = _child(db, people["admin"])
    plan = plans.start_plan(db, worker, child_id)
    _refused(path, lambda: plans.cancel_plan(db, worker, plan.id, " "), "cancel_reason")
    cancelled = plans.cancel_plan(db, worker, plan.id, "家庭拒绝接收")
    assert (cancelled.status, cancelled.cancel_reason) == ("cancelled", "家庭拒绝接收")
    _refused(path, lambda: plans.cancel_plan(db, worker, plan.id, "再取消"), "status")
    # a cancelled plan leaves room for a new one
    again = _approved(db, people, child_id)
    plans.start_escort(db, worker, again, _escort())
    handover.hand_over(db, worker, again, _handover())
    _refused(path, lambda: plans.cancel_plan(db, worker, again, "晚了"), "status")


def test_visits_due_on_a_future_date_and_their_checks(env: Env) -> None:
    db, people, path = env
    worker = people["caseworker"]
    plan_id = _approved(db, people, _child(db, people["admin"]))
    plans.start_escort(db, worker, plan_id, _escort())
    handover.hand_over(db, worker, plan_id, _handover())  # 2025-06-21: visits 07-21, 09-21, 12-21
    assert queries.visits_due(db, worker, dt.date(2025, 7, 6)) == []
    due = queries.visits_due(db, worker, dt.date(2025, 7, 7))
    assert [(v.due_on, v.overdue) for v in due] == [(dt.date(2025, 7, 21), False)]
    assert [v.overdue for v in queries.visits_due(db, worker, dt.date(2025, 7, 21))] == [False]
    late = queries.visits_due(db, worker, dt.date(2025, 9, 8))
    assert [(v.months, v.overdue) for v in late] == [(1, True), (3, False)]
    first = late[0].visit_id
    for data, field in (
        (VisitInput(dt.date(2025, 6, 20), "phone", "好", ""), "visited_on"),
        (VisitInput(dt.date.today() + 2 * DAY, "phone", "好", ""), "visited_on"),
        (VisitInput(dt.date(2025, 7, 21), "fax", "好", ""), "method"),
        (VisitInput(dt.date(2025, 7, 21), "phone", " ", ""), "findings"),
    ):
        _refused(path, lambda d=data: handover.record_visit(db, worker, first, d), field)
    _refused(
        path,
        lambda: handover.record_visit(
            db, people["intake"], first, VisitInput(dt.date(2025, 7, 21), "phone", "好", "")
        ),
        None,
        PermissionDenied,
    )
    _refused(
        path,
        lambda: handover.record_visit(
            db, worker, 999, VisitInput(dt.date(2025, 7, 21), "phone", "好", "")
        ),
        "visit",
        NotFound,
    )
    handover.record_visit(db, worker, first, VisitInput(dt.date(2025, 6, 21), "phone", "好", ""))
    assert [v.months for v in queries.visits_due(db, worker, dt.date(2025, 9, 8))] == [3]
    _refused(
        path,
        lambda: handover.record_visit(
            db, worker, first, VisitInput(dt.date(2025, 7, 21), "phone", "好", "")
        ),
        "visit",
    )


def test_viewers_and_intake_staff_cannot_plan(env: Env) -> None:
    db, people, path = env
    child_id = _child(db, people["admin"])
    for who in ("viewer", "intake"):
        _refused(
            path, lambda w=who: plans.start_plan(db, people[w], child_id), None, PermissionDenied
        )
    assert queries.plans_of(db, people["viewer"], child_id) == []
    assert queries.open_plans(db, people["viewer"]) == []
