"""Tasks with deadlines: made per rule at admission, working days, listing, completing,
cancelling and changing the rules."""

from __future__ import annotations

import datetime as dt
import json
import os
import time
from collections.abc import Iterator

import pytest
from childtools import add_child
from dbtools import ADMIN_PASSWORD, raw

from desktop.core import tasks
from desktop.core.audit.check import check_database
from desktop.core.errors import NotFound, PermissionDenied, ValidationError
from desktop.core.staff.accounts import create_staff, set_active
from desktop.core.store.db import Database
from desktop.core.store.models import Staff

SHANGHAI = dt.timezone(dt.timedelta(hours=8))
UNKNOWN_KINDS = ["search_notice", "dna_request", "care_arrangement"]


@pytest.fixture(autouse=True)
def shanghai() -> Iterator[None]:
    """Run with China Standard Time as the computer's clock, whatever the machine says."""
    saved = os.environ.get("TZ")
    os.environ["TZ"] = "CST-8"  # POSIX form: no time-zone database needed
    time.tzset()
    yield
    if saved is None:
        del os.environ["TZ"]
    else:
        os.environ["TZ"] = saved
    time.tzset()


def local(year: int, month: int, day: int, hour: int = 10, minute: int = 0) -> dt.datetime:
    return dt.datetime(year, month, day, hour, minute, tzinfo=SHANGHAI)


def kinds_and_dues(db: Database, admin: Staff, child_id: int) -> list[tuple[str, dt.datetime]]:
    views = tasks.list_tasks(db, admin, open_only=False, child_id=child_id)
    return [(view.kind, view.due_at.astimezone(SHANGHAI)) for view in views]


# ---------------------------------------------------------------------------- working days


def test_add_working_days_skips_weekends() -> None:
    friday, saturday, monday = dt.date(2026, 3, 6), dt.date(2026, 3, 7), dt.date(2026, 3, 9)
    assert add(friday, 1) == monday
    assert add(saturday, 1) == monday
    assert add(saturday, 0) == saturday
    assert add(monday, 5) == dt.date(2026, 3, 16)
    assert add(dt.date(2026, 3, 4), 7) == dt.date(2026, 3, 13)  # Wednesday -> Friday week after


def add(day: dt.date, n: int) -> dt.date:
    return tasks.add_working_days(day, n)


def test_add_working_days_keeps_the_time_of_day() -> None:
    start = local(2026, 3, 6, 23, 30)
    assert tasks.add_working_days(start, 1) == local(2026, 3, 9, 23, 30)


def test_weekdays_are_counted_on_the_local_calendar() -> None:
    """1 a.m. on Saturday in Shanghai is Friday in UTC: still a Saturday arrival."""
    arrived = local(2026, 3, 7, 1).astimezone(dt.UTC)
    assert arrived.weekday() == 4
    due = tasks.due_time(arrived, 1, "working_days")
    assert due.astimezone(SHANGHAI) == local(2026, 3, 9, 1)
    assert due.tzinfo == dt.UTC


def test_due_time_units() -> None:
    arrived = local(2026, 3, 6, 20)
    assert tasks.due_time(arrived, 24, "hours") == local(2026, 3, 7, 20)
    assert tasks.due_time(arrived, 10, "days") == local(2026, 3, 16, 20)
    assert tasks.due_time(arrived, 0, "hours") == arrived
    with pytest.raises(ValueError):
        tasks.due_time(arrived, 1, "fortnights")


# ---------------------------------------------------------------------------- made per rule


def test_unknown_identity_gets_search_dna_and_care_tasks(
    db_and_admin: tuple[Database, Staff],
) -> None:
    db, admin = db_and_admin
    arrived = local(2026, 3, 6, 22)  # a Friday night
    child = add_child(db, admin, alias="小军", stays=((arrived, None),))
    assert kinds_and_dues(db, admin, child) == [
        ("search_notice", local(2026, 3, 7, 22)),  # 24 hours
        ("care_arrangement", local(2026, 3, 16, 22)),  # 10 days
        ("dna_request", local(2026, 3, 17, 22)),  # 7 working days
    ]


def test_known_child_gets_no_tasks(db_and_admin: tuple[Database, Staff]) -> None:
    db, admin = db_and_admin
    assert kinds_and_dues(db, admin, add_child(db, admin, name="张小明")) == []
    assert (
        kinds_and_dues(db, admin, add_child(db, admin, name="王强", id_number="110105201503120033"))
        == []
    )


def test_harmed_child_gets_a_mandatory_report_at_once(
    db_and_admin: tuple[Database, Staff],
) -> None:
    db, admin = db_and_admin
    arrived = local(2026, 3, 2, 9)
    by_category = add_child(db, admin, name="李华", category="harmed", stays=((arrived, None),))
    by_check = add_child(db, admin, name="王芳", harm_found=True, stays=((arrived, None),))
    both = add_child(db, admin, harm_found=True, stays=((arrived, None),))
    assert kinds_and_dues(db, admin, by_category) == [("mandatory_report", arrived)]
    assert kinds_and_dues(db, admin, by_check) == [("mandatory_report", arrived)]
    assert sorted(kind for kind, _due in kinds_and_dues(db, admin, both)) == sorted(
        [*UNKNOWN_KINDS, "mandatory_report"]
    )


def test_every_task_is_audited(db_and_admin: tuple[Database, Staff]) -> None:
    db, admin = db_and_admin
    child = add_child(db, admin, harm_found=True)
    with raw(db.path) as connection:
        rows = connection.execute(
            "SELECT record_id, action, changes FROM audit_entry WHERE entity = 'task'"
        ).fetchall()
    assert len(rows) == 4 and {action for _id, action, _after in rows} == {"create"}
    assert {json.loads(changes)["child_id"][1] for _id, _action, changes in rows} == {child}
    assert check_database(db.path) == []


def test_rules_decide_what_is_made(db_and_admin: tuple[Database, Staff]) -> None:
    db, admin = db_and_admin
    tasks.set_rule(db, admin, "dna_request", False, 7, "working_days")
    tasks.set_rule(db, admin, "search_notice", True, 2, "days")
    arrived = local(2026, 3, 6, 22)
    child = add_child(db, admin, stays=((arrived, None),))
    assert kinds_and_dues(db, admin, child) == [
        ("search_notice", local(2026, 3, 8, 22)),
        ("care_arrangement", local(2026, 3, 16, 22)),
    ]


def test_each_admission_makes_its_own_tasks(db_and_admin: tuple[Database, Staff]) -> None:
    db, admin = db_and_admin
    first, second = local(2025, 1, 6), local(2026, 3, 2)
    stays = ((first, local(2025, 1, 30)), (second, None))
    child = add_child(db, admin, category="harmed", name="赵敏", stays=stays)
    assert kinds_and_dues(db, admin, child) == [
        ("mandatory_report", first),
        ("mandatory_report", second),
    ]


# ---------------------------------------------------------------------------- listing


@pytest.fixture
def two_children(db_and_admin: tuple[Database, Staff]) -> tuple[Database, Staff, int, int]:
    db, admin = db_and_admin
    unknown = add_child(db, admin, stays=((local(2026, 3, 2, 8), None),))
    harmed = add_child(db, admin, name="李华", harm_found=True, stays=((local(2026, 3, 3), None),))
    return db, admin, unknown, harmed


def test_open_tasks_by_due_time(two_children: tuple[Database, Staff, int, int]) -> None:
    db, admin, unknown, harmed = two_children
    views = tasks.list_tasks(db, admin, now=local(2026, 3, 4))
    assert [(view.child_id, view.kind) for view in views] == [
        (unknown, "search_notice"),
        (harmed, "mandatory_report"),
        (unknown, "dna_request"),
        (unknown, "care_arrangement"),
    ]
    assert [view.overdue for view in views] == [True, True, False, False]
    first = views[0]
    assert first.child_name == "Unknown child" and first.case_no == "2026-0001"
    assert first.kind_label == "Publish a family-search notice"
    assert views[1].child_name == "李华"


def test_overdue_only_and_one_child(two_children: tuple[Database, Staff, int, int]) -> None:
    db, admin, _unknown, harmed = two_children
    overdue = tasks.list_tasks(db, admin, overdue_only=True, now=local(2026, 3, 4))
    assert [view.kind for view in overdue] == ["search_notice", "mandatory_report"]
    late = tasks.list_tasks(db, admin, overdue_only=True, now=local(2026, 4, 1))
    assert len(late) == 4
    assert [view.child_id for view in tasks.list_tasks(db, admin, child_id=harmed)] == [harmed]


def test_completing_tasks(two_children: tuple[Database, Staff, int, int]) -> None:
    db, admin, _unknown, harmed = two_children
    (report,) = tasks.list_tasks(db, admin, child_id=harmed)
    with pytest.raises(ValidationError) as caught:
        tasks.complete_task(db, admin, report.id, "  ")
    assert caught.value.field == "reference"
    done_at = local(2026, 3, 3, 11)
    task = tasks.complete_task(db, admin, report.id, "示公（2026）受字12号", "电话报告", done_at)
    assert task.done_at == done_at and task.done_by_id == admin.id
    assert tasks.list_tasks(db, admin, child_id=harmed) == []
    (view,) = tasks.list_tasks(db, admin, open_only=False, child_id=harmed)
    assert (view.reference, view.note, view.overdue) == ("示公（2026）受字12号", "电话报告", False)
    with pytest.raises(ValidationError):
        tasks.complete_task(db, admin, report.id, "again")
    assert check_database(db.path) == []


def test_other_tasks_need_no_reference(two_children: tuple[Database, Staff, int, int]) -> None:
    db, admin, unknown, _harmed = two_children
    notice = tasks.list_tasks(db, admin, child_id=unknown)[0]
    completed = tasks.complete_task(db, admin, notice.id, "")
    assert completed.done_at is not None and completed.reference == ""


def test_completion_time_not_in_the_future(two_children: tuple[Database, Staff, int, int]) -> None:
    db, admin, unknown, _harmed = two_children
    notice = tasks.list_tasks(db, admin, child_id=unknown)[0]
    tomorrow = dt.datetime.now(dt.UTC) + dt.timedelta(days=1)
    with pytest.raises(ValidationError) as caught:
        tasks.complete_task(db, admin, notice.id, "ref", done_at=tomorrow)
    assert caught.value.field == "done_at"
    with pytest.raises(ValidationError) as long_reference:
        tasks.complete_task(db, admin, notice.id, "x" * 201)
    assert long_reference.value.field == "reference"
    with pytest.raises(NotFound):
        tasks.complete_task(db, admin, 9999, "ref")


def test_who_may_complete(two_children: tuple[Database, Staff, int, int]) -> None:
    db, admin, unknown, _harmed = two_children
    viewer = create_staff(db, admin, "viewer1", "赵看", "viewer", ADMIN_PASSWORD)
    caseworker = create_staff(db, admin, "worker1", "钱社工", "caseworker", ADMIN_PASSWORD)
    notice = tasks.list_tasks(db, viewer, child_id=unknown)[0]
    with pytest.raises(PermissionDenied):
        tasks.complete_task(db, viewer, notice.id, "ref")
    assert tasks.complete_task(db, caseworker, notice.id, "ref").done_by_id == caseworker.id
    set_active(db, admin, viewer.id, False)
    with pytest.raises(PermissionDenied):
        tasks.list_tasks(db, viewer)


def test_cancelling(two_children: tuple[Database, Staff, int, int]) -> None:
    db, admin, unknown, _harmed = two_children
    intake = create_staff(db, admin, "intake1", "孙登记", "intake", ADMIN_PASSWORD)
    care = tasks.list_tasks(db, admin, child_id=unknown)[-1]
    with pytest.raises(PermissionDenied):
        tasks.cancel_task(db, intake, care.id, "家属已接回")
    with pytest.raises(ValidationError) as caught:
        tasks.cancel_task(db, admin, care.id, " ")
    assert caught.value.field == "reason"
    cancelled = tasks.cancel_task(db, admin, care.id, "家属已接回")
    assert cancelled.cancelled and cancelled.note == "家属已接回"
    assert care.id not in {view.id for view in tasks.list_tasks(db, admin)}
    every = tasks.list_tasks(db, admin, open_only=False, child_id=unknown)
    assert [view.cancelled for view in every if view.id == care.id] == [True]
    with pytest.raises(ValidationError):
        tasks.complete_task(db, admin, care.id, "ref")
    with raw(db.path) as connection:
        actions = [
            row[0]
            for row in connection.execute(
                "SELECT action FROM audit_entry WHERE entity = 'task' AND record_id = ?",
                (str(care.id),),
            )
        ]
    assert actions == ["create", "cancel"]
    assert check_database(db.path) == []


# ---------------------------------------------------------------------------- rules


def test_default_rules_in_order(db_and_admin: tuple[Database, Staff]) -> None:
    db, admin = db_and_admin
    rules = [(r.kind, r.enabled, r.delay, r.unit) for r in tasks.get_rules(db, admin)]
    assert rules == [
        ("search_notice", True, 24, "hours"),
        ("dna_request", True, 7, "working_days"),
        ("care_arrangement", True, 10, "days"),
        ("mandatory_report", True, 0, "hours"),
    ]


@pytest.mark.parametrize(
    ("kind", "delay", "unit", "field"),
    [
        ("bake_cake", 1, "days", "kind"),
        ("dna_request", -1, "days", "delay"),
        ("dna_request", 366, "days", "delay"),
        ("dna_request", 3, "weeks", "unit"),
    ],
)
def test_rule_values_are_checked(
    db_and_admin: tuple[Database, Staff], kind: str, delay: int, unit: str, field: str
) -> None:
    db, admin = db_and_admin
    with pytest.raises(ValidationError) as caught:
        tasks.set_rule(db, admin, kind, True, delay, unit)
    assert caught.value.field == field


def test_only_an_administrator_changes_rules(db_and_admin: tuple[Database, Staff]) -> None:
    db, admin = db_and_admin
    caseworker = create_staff(db, admin, "worker1", "钱社工", "caseworker", ADMIN_PASSWORD)
    with pytest.raises(PermissionDenied):
        tasks.set_rule(db, caseworker, "dna_request", True, 5, "working_days")
    rule = tasks.set_rule(db, admin, "dna_request", True, 5, "working_days")
    assert (rule.delay, rule.unit) == (5, "working_days")
    with raw(db.path) as connection:
        entity, record_id, changes = connection.execute(
            "SELECT entity, record_id, changes FROM audit_entry ORDER BY id DESC LIMIT 1"
        ).fetchone()
    assert (entity, record_id) == ("task_rule", "dna_request")
    assert json.loads(changes)["delay"] == [7, 5]
