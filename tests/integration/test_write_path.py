"""One user action is one core operation: what it changed is reported, and a refused
action leaves the database byte for byte as it was (re-admission with a profile edit,
all task rules at once, and random sequences of actions)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import sqlite3
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from intaketools import ARRIVED, arrival, known_child, open_copy, staffed_template

from desktop.core import tasks
from desktop.core.changes import Changes, perform
from desktop.core.children import intake
from desktop.core.errors import HomewardError, NotFound, ValidationError
from desktop.core.store.db import Database
from desktop.core.store.models import Staff
from tests.leaving import leave


def dump(path: Path) -> str:
    """Every row of the database as SQL text: equal dumps, equal content."""
    with sqlite3.connect(f"{path.absolute().as_uri()}?mode=ro", uri=True) as raw:
        return "\n".join(raw.iterdump())


@pytest.fixture
def staffed(
    tmp_path_factory: pytest.TempPathFactory, tmp_path: Path
) -> Iterator[tuple[Database, dict[str, Staff]]]:
    with open_copy(staffed_template(tmp_path_factory), tmp_path) as opened:
        yield opened


def _discharged_child(db: Database, admin: Staff) -> int:
    child = intake.register_child(db, admin, known_child(), arrival())
    stay = intake.get_child(db, admin, child.id).open_admission
    assert stay is not None
    leave(db, admin, stay.id, ARRIVED + dt.timedelta(days=3), "collected")
    return child.id


# --- what an operation reports ------------------------------------------------------------


def test_perform_reports_every_record_a_registration_wrote(staffed: Any) -> None:
    db, people = staffed
    unknown = known_child(name="", alias="小明")  # no name, no papers: tasks are made
    outcome = perform(intake.register_child, db, people["admin"], unknown, arrival())
    child = outcome.value
    assert outcome.changes.touches_record("child", child.id)
    record = intake.get_child(db, people["admin"], child.id)
    assert outcome.changes.ids("admission") == {a.id for a in record.admissions}
    assert outcome.changes.touches("task")  # the tasks the admission made
    assert not outcome.changes.touches("contact", "note", "staff")


def test_a_refused_operation_reports_no_changes(staffed: Any) -> None:
    db, people = staffed
    with pytest.raises(NotFound):
        perform(intake.add_note, db, people["admin"], 999_999, intake.NoteInput(text="x"))
    outcome = perform(intake.get_child, db, people["admin"], _discharged_child(db, people["admin"]))
    assert outcome.changes == Changes() and not outcome.changes  # a read changes nothing


def test_changes_group_ids_by_kind() -> None:
    changes = Changes.of([("child", "3"), ("note", "7"), ("child", "4"), ("task_rule", "dna")])
    assert changes.ids("child") == {3, 4}
    assert changes.ids("task_rule") == frozenset()  # not a number
    assert changes.touches_record("task_rule", 0) is False
    assert changes.touches("note") and not changes.touches("contact")
    assert changes.touches_record("child", 3) and not changes.touches_record("child", 5)


# --- re-admission with its profile edit -----------------------------------------------------


def test_a_refused_readmission_saves_no_profile_edit(staffed: Any) -> None:
    db, people = staffed
    admin = people["admin"]
    child_id = _discharged_child(db, admin)
    before = dump(db.path)
    too_early = arrival(arrived_at=ARRIVED + dt.timedelta(days=1))  # before the discharge
    with pytest.raises(ValidationError) as refused:
        intake.admit_again(
            db, admin, child_id, too_early, profile=known_child(name="李小明", dialect="四川话")
        )
    assert refused.value.field == "arrived_at"
    assert dump(db.path) == before
    assert intake.get_child(db, admin, child_id).child.name == "张小明"


def test_a_readmission_saves_its_profile_edit_in_the_same_transaction(staffed: Any) -> None:
    db, people = staffed
    admin = people["admin"]
    child_id = _discharged_child(db, admin)
    later = arrival(arrived_at=ARRIVED + dt.timedelta(days=30))
    outcome = perform(
        intake.admit_again, db, admin, child_id, later, profile=known_child(dialect="四川话")
    )
    record = intake.get_child(db, admin, child_id)
    assert record.child.dialect == "四川话"
    assert len(record.admissions) == 2
    assert outcome.changes.touches_record("child", child_id)
    assert outcome.changes.ids("admission") == {record.admissions[0].id}


def test_a_readmission_refuses_a_birth_date_after_its_own_arrival(staffed: Any) -> None:
    db, people = staffed
    admin = people["admin"]
    child_id = _discharged_child(db, admin)
    before = dump(db.path)
    later = arrival(arrived_at=ARRIVED + dt.timedelta(days=30))
    with pytest.raises(ValidationError) as refused:
        intake.admit_again(
            db, admin, child_id, later, profile=known_child(birth_date=dt.date(2025, 6, 20))
        )
    assert refused.value.field == "birth_date"
    assert dump(db.path) == before


# --- all task rules at once -------------------------------------------------------------------


def test_task_rules_are_saved_all_or_none(staffed: Any) -> None:
    db, people = staffed
    admin = people["admin"]
    rules = tasks.get_rules(db, admin)
    before = dump(db.path)
    wanted = [tasks.RuleInput(r.kind, not r.enabled, r.delay + 1, r.unit) for r in rules]
    wanted[-1] = dataclasses.replace(wanted[-1], delay=-1)  # the last one is refused
    with pytest.raises(ValidationError):
        tasks.set_rules(db, admin, wanted)
    assert dump(db.path) == before
    wanted[-1] = dataclasses.replace(wanted[-1], delay=rules[-1].delay + 1)
    outcome = perform(tasks.set_rules, db, admin, wanted)
    stored = {r.kind: (r.enabled, r.delay) for r in tasks.get_rules(db, admin)}
    assert stored == {w.kind: (w.enabled, w.delay) for w in wanted}
    assert set(outcome.changes.records["task_rule"]) == {r.kind for r in rules}


def test_unchanged_task_rules_leave_no_audit_entry(staffed: Any) -> None:
    db, people = staffed
    admin = people["admin"]
    same = [tasks.RuleInput(r.kind, r.enabled, r.delay, r.unit) for r in tasks.get_rules(db, admin)]
    before = dump(db.path)
    assert not perform(tasks.set_rules, db, admin, same).changes
    assert dump(db.path) == before


def test_task_rules_need_an_administrator(staffed: Any) -> None:
    db, people = staffed
    rules = [tasks.RuleInput("dna_request", True, 3, "days")]
    before = dump(db.path)
    with pytest.raises(HomewardError):
        tasks.set_rules(db, people["intake"], rules)
    assert dump(db.path) == before


# --- random sequences of actions --------------------------------------------------------------

Action = Callable[[Database, Staff, int], object]


def _register(good: bool) -> Action:
    def act(db: Database, actor: Staff, _child: int) -> object:
        child = (
            known_child(name="王芳", sex="female")
            if good
            else known_child(birth_date=None, estimated_age=99)
        )
        return intake.register_child(db, actor, child, arrival())

    return act


def _note(good: bool) -> Action:
    def act(db: Database, actor: Staff, child: int) -> object:
        return intake.add_note(db, actor, child, intake.NoteInput(text="情绪稳定" if good else " "))

    return act


def _contact(good: bool) -> Action:
    def act(db: Database, actor: Staff, child: int) -> object:
        contact = intake.ContactInput(name="张父" if good else "", relationship="父亲")
        return intake.add_contact(db, actor, child, contact)

    return act


def _readmit(good: bool) -> Action:
    def act(db: Database, actor: Staff, child: int) -> object:
        when = ARRIVED + dt.timedelta(days=40 if good else -400)
        return intake.admit_again(
            db, actor, child, arrival(arrived_at=when), profile=known_child(dialect="粤语")
        )

    return act


def _discharge(good: bool) -> Action:
    def act(db: Database, actor: Staff, child: int) -> object:
        stay = intake.get_child(db, actor, child).open_admission
        stay_id = stay.id if stay is not None else 999_999
        when = ARRIVED + dt.timedelta(days=41 if good else -1000)
        return leave(db, actor, stay_id, when, "collected")

    return act


def _void(good: bool) -> Action:
    def act(db: Database, actor: Staff, child: int) -> object:
        return intake.void(db, actor, "note", 999_999 if good else 1, "" if not good else "错录")

    return act


def _rules(good: bool) -> Action:
    def act(db: Database, actor: Staff, _child: int) -> object:
        delay = 2 if good else 10_000
        return tasks.set_rules(
            db, actor, [tasks.RuleInput("dna_request", True, 5, "days"),
                        tasks.RuleInput("notice", True, delay, "hours")],
        )  # fmt: skip

    return act


MAKERS = (_register, _note, _contact, _readmit, _discharge, _void, _rules)
ACTIONS = st.lists(
    st.tuples(
        st.sampled_from(MAKERS), st.booleans(), st.sampled_from(["admin", "intake", "viewer"])
    ),
    min_size=1,
    max_size=8,
)


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(actions=ACTIONS)
def test_every_refused_action_leaves_the_database_byte_identical(
    tmp_path_factory: pytest.TempPathFactory, actions: list[tuple[Any, bool, str]]
) -> None:
    folder = tmp_path_factory.mktemp("sequence")
    with open_copy(staffed_template(tmp_path_factory), folder) as (db, people):
        child = _discharged_child(db, people["admin"])
        refused = 0
        for make, good, who in actions:
            before = dump(db.path)
            try:
                outcome = perform(make(good), db, people[who], child)
            except HomewardError:
                refused += 1
                assert dump(db.path) == before, f"{make.__name__}({good}) by {who} half-saved"
            else:
                assert bool(outcome.changes) == (dump(db.path) != before)
