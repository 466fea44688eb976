"""Tasks with deadlines, made from configurable rules when a child is admitted.

The default rules (migration 0002) follow the rules in force: a family-search
notice within 24 hours of admitting a child whose identity is unknown, a DNA
sample requested from the police within 7 working days, a special care
arrangement once such a child has stayed 10 days, and a mandatory report to
the police at once when the intake check or the category shows the child was
harmed. Completing a task records when, by whom, and its reference (the
police receipt of a mandatory report).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TypeVar

from sqlalchemy import Select, select
from sqlalchemy.orm import Session

from desktop.core import fields
from desktop.core.audit import trail as audit
from desktop.core.cleaning import clean_text
from desktop.core.errors import NotFound, ValidationError
from desktop.core.i18n import N_, _
from desktop.core.staff.access import require
from desktop.core.staff.permissions import Permission
from desktop.core.store.db import Database
from desktop.core.store.models import Admission, Child, Staff, Task, TaskRule, utcnow

#: Kinds of task made for a child whose identity is unknown (no name, no ID number).
UNKNOWN_IDENTITY_KINDS = ("search_notice", "dna_request", "care_arrangement")
#: The kind made when the child was harmed; it needs a reference to be completed.
MANDATORY_REPORT = "mandatory_report"
DELAY_MAX = 365
#: Why a task is no longer needed.
CANCEL_REASON = fields.Field("reason", N_("Reason"), "multiline", max_length=2000)
#: How far in the future a completion time may be (clocks of two desks differ a little).
CLOCK_SLACK = dt.timedelta(minutes=5)

_Day = TypeVar("_Day", dt.date, dt.datetime)


@dataclass(frozen=True)
class TaskView:
    """One task as the lists show it."""

    id: int
    child_id: int
    case_no: str
    child_name: str
    kind: str
    kind_label: str
    due_at: dt.datetime
    done_at: dt.datetime | None
    overdue: bool
    reference: str
    note: str = ""
    cancelled: bool = False


# ---------------------------------------------------------------------------- deadlines


def add_working_days(start: _Day, days: int) -> _Day:
    """Return ``start`` moved on by ``days`` working days, skipping Saturdays and Sundays.

    A datetime keeps its time of day. Public holidays (and the weekend days
    worked in their place) are not known offline, so they count as ordinary days.
    """
    current = start
    added = 0
    while added < days:
        current += dt.timedelta(days=1)
        if current.weekday() < 5:
            added += 1
    return current


def due_time(start: dt.datetime, delay: int, unit: str) -> dt.datetime:
    """Return when a task is due ``delay`` ``unit`` after ``start`` (aware), in UTC.

    Days and working days are counted on this computer's calendar, so a child
    who arrived at 1 a.m. on a Saturday local time arrived on a Saturday.
    """
    local = start.astimezone()
    if unit == "hours":
        due = local + dt.timedelta(hours=delay)
    elif unit == "days":
        due = local + dt.timedelta(days=delay)
    elif unit == "working_days":
        due = add_working_days(local, delay)
    else:
        raise ValueError(f"unknown task unit {unit!r}")
    return due.astimezone(dt.UTC)


def identity_unknown(name: str | None, id_number: str | None) -> bool:
    """True for a child with neither a name nor an ID number."""
    return not (name or "").strip() and not (id_number or "").strip()


def kinds_needed(unknown_identity: bool, harmed: bool) -> list[str]:
    """Return the kinds of task an admission calls for, before looking at the rules."""
    kinds = list(UNKNOWN_IDENTITY_KINDS) if unknown_identity else []
    if harmed:
        kinds.append(MANDATORY_REPORT)
    return kinds


def planned_tasks(
    rules: dict[str, TaskRule], unknown_identity: bool, harmed: bool, arrived_at: dt.datetime
) -> list[tuple[str, dt.datetime]]:
    """Return (kind, due) of each task the enabled ``rules`` make for an admission."""
    planned: list[tuple[str, dt.datetime]] = []
    for kind in kinds_needed(unknown_identity, harmed):
        rule = rules.get(kind)
        if rule is not None and rule.enabled:
            planned.append((kind, due_time(arrived_at, rule.delay, rule.unit)))
    return planned


def load_rules(session: Session) -> dict[str, TaskRule]:
    """Return the rules by kind."""
    return {rule.kind: rule for rule in session.scalars(select(TaskRule))}


def create_for_admission(
    session: Session, actor: Staff, child: Child, admission: Admission
) -> list[Task]:
    """Add the tasks the rules call for when ``child`` is admitted, in the caller's transaction.

    Called by intake after the child and the admission are added; each task gets
    its own audit entry. The caller has already checked the actor's permission.
    """
    if child.id is None or admission.id is None:
        session.flush()
    harmed = bool(admission.harm_found) or child.category == "harmed"
    unknown = identity_unknown(child.name, child.id_number)
    created: list[Task] = []
    for kind, due in planned_tasks(load_rules(session), unknown, harmed, admission.arrived_at):
        task = Task(
            child_id=child.id,
            admission_id=admission.id,
            kind=kind,
            due_at=due,
            created_at=utcnow(),
            reference="",
            note="",
            cancelled=False,
        )
        session.add(task)
        session.flush()
        audit.record(session, actor, "create", "task", task.id, after=audit.snapshot(task))
        created.append(task)
    return created


# ---------------------------------------------------------------------------- listing


def kind_label(kind: str) -> str:
    """Return the translated name of a kind of task (the stored key when unknown)."""
    for choice in fields.TASK_KIND:
        if choice.value == kind:
            return _(choice.label)
    return kind


def _task_query(
    open_only: bool, overdue_only: bool, child_id: int | None, now: dt.datetime
) -> Select[tuple[Task, str, str, str]]:
    """Return the query behind ``list_tasks``."""
    query = (
        select(Task, Child.case_no, Child.name, Child.alias)
        .join(Child, Child.id == Task.child_id)
        .outerjoin(Admission, Admission.id == Task.admission_id)
        .order_by(Task.due_at, Task.id)
    )
    if open_only or overdue_only:
        query = query.where(
            Task.done_at.is_(None),
            Task.cancelled.is_(False),
            Child.voided_at.is_(None),
            Admission.voided_at.is_(None),
        )
    if overdue_only:
        query = query.where(Task.due_at < now)
    if child_id is not None:
        query = query.where(Task.child_id == child_id)
    return query


def list_tasks(
    db: Database,
    actor: Staff,
    open_only: bool = True,
    overdue_only: bool = False,
    child_id: int | None = None,
    now: dt.datetime | None = None,
) -> list[TaskView]:
    """Return tasks by due time: open ones (or all, or only the overdue ones).

    Open tasks of a voided child or admission are left out: they were made by a mistake.
    """
    moment = now or utcnow()
    with db.session() as session:
        require(session, actor, Permission.READ)
        rows = session.execute(_task_query(open_only, overdue_only, child_id, moment)).all()
    return [_view(task, case_no, name, alias, moment) for task, case_no, name, alias in rows]


def _view(task: Task, case_no: str, name: str, alias: str, now: dt.datetime) -> TaskView:
    """Return the list line of one task."""
    is_open = task.done_at is None and not task.cancelled
    return TaskView(
        id=task.id,
        child_id=task.child_id,
        case_no=case_no,
        child_name=fields.shown_name(name, alias),
        kind=task.kind,
        kind_label=kind_label(task.kind),
        due_at=task.due_at,
        done_at=task.done_at,
        overdue=is_open and task.due_at < now,
        reference=task.reference,
        note=task.note,
        cancelled=task.cancelled,
    )


# ---------------------------------------------------------------------------- changes


def _open_task(session: Session, task_id: int) -> Task:
    """Return the task, or raise when it does not exist or is no longer open."""
    task = session.get(Task, task_id)
    if task is None:
        raise NotFound(_("There is no task with this number."))
    if task.done_at is not None:
        raise ValidationError(_("This task is already done."))
    if task.cancelled:
        raise ValidationError(_("This task was cancelled."))
    return task


def _completion_time(done_at: dt.datetime | None, now: dt.datetime) -> dt.datetime:
    """Return when the task was done (aware), or raise when that is in the future."""
    when = now if done_at is None else done_at.astimezone(dt.UTC)
    if when > now + CLOCK_SLACK:
        raise ValidationError(_("The time it was done cannot be in the future."), field="done_at")
    return when


def complete_task(
    db: Database,
    actor: Staff,
    task_id: int,
    reference: str,
    note: str = "",
    done_at: dt.datetime | None = None,
) -> Task:
    """Record that a task was done, when (default now) and its reference.

    A mandatory report needs its reference: the receipt the police gave.
    """
    clean_reference = clean_text(reference, fields.TASK["reference"])
    clean_note = clean_text(note, fields.TASK["note"])
    now = utcnow()
    when = _completion_time(done_at, now)
    with db.session() as session:
        current = require(session, actor, Permission.NOTES)
        task = _open_task(session, task_id)
        if task.kind == MANDATORY_REPORT and not clean_reference:
            raise ValidationError(
                _("Enter the reference of the report: the receipt the police gave."),
                field="reference",
            )
        before = audit.snapshot(task)
        task.done_at = when
        task.done_by_id = current.id
        task.reference = clean_reference
        task.note = clean_note
        session.flush()
        audit.record(session, current, "complete", "task", task.id, before, audit.snapshot(task))
        return task


def cancel_task(db: Database, actor: Staff, task_id: int, reason: str) -> Task:
    """Cancel an open task that is not needed, with the reason (kept as its note)."""
    clean_reason = clean_text(reason, CANCEL_REASON)
    if not clean_reason:
        raise ValidationError(_("Say why the task is cancelled."), field="reason")
    with db.session() as session:
        current = require(session, actor, Permission.VOID)
        task = _open_task(session, task_id)
        before = audit.snapshot(task)
        task.cancelled = True
        task.note = clean_reason
        session.flush()
        audit.record(session, current, "cancel", "task", task.id, before, audit.snapshot(task))
        return task


# ---------------------------------------------------------------------------- rules


def get_rules(db: Database, actor: Staff) -> list[TaskRule]:
    """Return the task rules in the order the task kinds are listed."""
    order = {choice.value: position for position, choice in enumerate(fields.TASK_KIND)}
    with db.session() as session:
        require(session, actor, Permission.READ)
        rules = list(session.scalars(select(TaskRule)))
    return sorted(rules, key=lambda rule: (order.get(rule.kind, len(order)), rule.kind))


def _check_rule(kind: str, delay: int, unit: str) -> None:
    """Raise ``ValidationError`` naming the field when a rule's values are not allowed."""
    if kind not in {choice.value for choice in fields.TASK_KIND}:
        raise ValidationError(_("Choose a kind of task."), field="kind")
    if isinstance(delay, bool) or not isinstance(delay, int) or not 0 <= delay <= DELAY_MAX:
        raise ValidationError(
            _("Choose a delay from {low} to {high}.").format(low=0, high=DELAY_MAX), field="delay"
        )
    if unit not in {choice.value for choice in fields.TASK_UNIT}:
        raise ValidationError(_("Choose hours, days or working days."), field="unit")


@dataclass(frozen=True)
class RuleInput:
    """When one kind of task is made and due, as the settings form gives it."""

    kind: str
    enabled: bool
    delay: int
    unit: str


def set_rule(
    db: Database, actor: Staff, kind: str, enabled: bool, delay: int, unit: str
) -> TaskRule:
    """Change when a kind of task is made and due (admin only). Existing tasks keep their dates."""
    return set_rules(db, actor, [RuleInput(kind, enabled, delay, unit)])[0]


def set_rules(db: Database, actor: Staff, rules: Sequence[RuleInput]) -> list[TaskRule]:
    """Save several task rules at once, in one transaction: all of them or none.

    Only rules that differ from what is stored get an audit entry.
    """
    for rule in rules:
        _check_rule(rule.kind, rule.delay, rule.unit)
    with db.session() as session:
        current = require(session, actor, Permission.EDIT_SETTINGS)
        return [_save_rule(session, current, rule) for rule in rules]


def _save_rule(session: Session, current: Staff, wanted: RuleInput) -> TaskRule:
    rule = session.get(TaskRule, wanted.kind)
    before = audit.snapshot(rule) if rule is not None else None
    if rule is None:
        rule = TaskRule(kind=wanted.kind)
        session.add(rule)
    rule.enabled = bool(wanted.enabled)
    rule.delay = wanted.delay
    rule.unit = wanted.unit
    session.flush()
    after = audit.snapshot(rule)
    if after != before:
        action = "update" if before is not None else "create"
        audit.record(session, current, action, "task_rule", wanted.kind, before, after)
    return rule
