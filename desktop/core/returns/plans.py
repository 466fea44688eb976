"""A return-home plan from tracing to the escort: one per open admission, moving only
forward — tracing → receiver verified → assessed → approved → escort under way (the
handover is in ``handover``) — or cancelled with a reason before the handover.

Rules: the receiver's resident ID number is checked as at intake and is an adult's;
an unsuitable home blocks the approval (another placement is the way on: cancel the
plan and place the child); the approval is a caseworker's or an administrator's, and
not the planner's own; a child under the age set in Settings travels with two escorts;
the arrival is not before the departure. Logging a DNA comparison closes the child's
open DNA-request task.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.core import center, fields
from desktop.core.audit import trail as audit
from desktop.core.children.validation import (
    age_on,
    check_choice,
    check_moment,
    check_phone,
)
from desktop.core.cleaning import clean_text, field_label
from desktop.core.clock import local_day
from desktop.core.errors import ValidationError
from desktop.core.i18n import _
from desktop.core.residence.common import get_row, open_admission
from desktop.core.residence.discharge import adult_id_number
from desktop.core.returns.common import CANCELLABLE, move, not_future_day, plan_at, today
from desktop.core.staff.access import require
from desktop.core.staff.permissions import Permission
from desktop.core.store.db import Database
from desktop.core.store.models import (
    Admission,
    Child,
    ReturnPlan,
    Staff,
    Task,
    TracingEntry,
    utcnow,
)

PLAN = fields.RETURN_PLAN
#: Before the escort sets off the family may still be traced.
TRACING_OPEN = ("tracing", "receiver_verified", "assessed", "approved")


def _error(table: dict[str, fields.Field], name: str, message: str) -> ValidationError:
    return ValidationError(message.format(label=field_label(table[name])), field=name)


def _required(value: str, table: dict[str, fields.Field], name: str) -> str:
    text = clean_text(value, table[name])
    if not text:
        raise _error(table, name, _("{label}: this is needed."))
    return text


# ---------------------------------------------------------------------------- the plan


def start_plan(db: Database, actor: Staff, child_id: int) -> ReturnPlan:
    """Start the return home of a child in the center (status: tracing the family)."""
    with db.session() as session:
        current = require(session, actor, Permission.RETURN_HOME)
        child: Child = get_row(session, Child, child_id, _("There is no child with this number."))
        stay = open_admission(session, child.id) if child.voided_at is None else None
        if stay is None:
            raise ValidationError(
                _("Only a child in the center now can have a return home plan."), field="child"
            )
        live = session.scalars(
            select(ReturnPlan).where(
                ReturnPlan.admission_id == stay.id, ReturnPlan.status.not_in(("cancelled",))
            )
        ).first()
        if live is not None:
            raise ValidationError(_("This stay already has a return home plan."), field="child")
        now = utcnow()
        plan = ReturnPlan(
            child_id=child.id, admission_id=stay.id, status="tracing", planned_by_id=current.id,
            created_at=now, status_at=now, status_by_id=current.id, receipt_signed=False,
        )  # fmt: skip
        session.add(plan)
        audit.record_row(session, current, "create", "return_plan", plan)
        return plan


def cancel_plan(db: Database, actor: Staff, plan_id: int, reason: str) -> ReturnPlan:
    """Cancel a plan before the handover, with the reason."""
    with db.session() as session:
        current = require(session, actor, Permission.RETURN_HOME)
        plan = plan_at(session, plan_id, *CANCELLABLE)
        text = _required(reason, PLAN, "cancel_reason")
        before = audit.snapshot(plan)
        plan.cancel_reason = text
        move(session, current, plan, "cancelled", before, "cancel")
        return plan


# ---------------------------------------------------------------------------- tracing


@dataclass(frozen=True)
class TracingInput:
    """One step of tracing the family (fields.TRACING_ENTRY)."""

    traced_on: dt.date | None
    method: str
    contact: str = ""
    result: str = ""
    next_step: str = ""


def _close_dna_tasks(
    session: Session, current: Staff, plan: ReturnPlan, entry: TracingEntry
) -> None:
    """The DNA request is done once a DNA comparison is logged: close its open task."""
    open_tasks = session.scalars(
        select(Task).where(
            Task.child_id == plan.child_id,
            Task.kind == "dna_request",
            Task.done_at.is_(None),
            Task.cancelled.is_(False),
        )
    )
    for task in open_tasks:
        before = audit.snapshot(task)
        task.done_at = utcnow()
        task.done_by_id = current.id
        task.reference = _("Tracing step {number}").format(number=entry.id)
        task.note = entry.result
        audit.record_row(session, current, "complete", "task", task, before)


def log_tracing(db: Database, actor: Staff, plan_id: int, data: TracingInput) -> TracingEntry:
    """Add a step to the tracing log (until the escort sets off)."""
    table = fields.TRACING_ENTRY
    day = not_future_day(data.traced_on, table["traced_on"])
    method = check_choice(data.method, table["method"], required=True)
    texts = {name: clean_text(getattr(data, name), table[name])
             for name in ("contact", "result", "next_step")}  # fmt: skip
    with db.session() as session:
        current = require(session, actor, Permission.RETURN_HOME)
        plan = plan_at(session, plan_id, *TRACING_OPEN)
        stay = session.get(Admission, plan.admission_id)
        assert stay is not None
        if day < local_day(stay.arrived_at):
            raise _error(table, "traced_on", _("{label}: before the child arrived."))
        entry = TracingEntry(plan_id=plan.id, traced_on=day, method=method,
                             recorded_by_id=current.id, created_at=utcnow(), **texts)  # fmt: skip
        session.add(entry)
        audit.record_row(session, current, "create", "tracing_entry", entry)
        if method == "dna":
            _close_dna_tasks(session, current, plan, entry)
        return entry


# ---------------------------------------------------------------------------- receiver


@dataclass(frozen=True)
class ReceiverInput:
    """The person the child goes home to, and how their identity was verified."""

    name: str
    id_number: str
    relationship: str
    phone: str
    address: str
    verified_by: str
    verified_how: str
    #: A copy of the receiver's identity document was kept (the collection form ticks it).
    id_copy_kept: bool = False


def _check_receiver(data: ReceiverInput) -> dict[str, object]:
    values: dict[str, object] = {
        name: _required(getattr(data, short), PLAN, name)
        for name, short in (
            ("receiver_name", "name"),
            ("receiver_relationship", "relationship"),
            ("receiver_address", "address"),
            ("verified_by", "verified_by"),
            ("verified_how", "verified_how"),
        )
    }
    values["receiver_phone"] = check_phone(data.phone, PLAN["receiver_phone"])
    values["receiver_id_number"] = adult_id_number(
        data.id_number, today(), PLAN["receiver_id_number"]
    )
    if not isinstance(data.id_copy_kept, bool):
        raise _error(PLAN, "receiver_id_copy_kept", _("{label}: answer yes or no."))
    values["receiver_id_copy_kept"] = data.id_copy_kept
    return values


def verify_receiver(db: Database, actor: Staff, plan_id: int, data: ReceiverInput) -> ReturnPlan:
    """Record the verified receiver: tracing → receiver verified."""
    values = _check_receiver(data)
    with db.session() as session:
        current = require(session, actor, Permission.RETURN_HOME)
        plan = plan_at(session, plan_id, "tracing")
        before = audit.snapshot(plan)
        for name, value in values.items():
            setattr(plan, name, value)
        move(session, current, plan, "receiver_verified", before)
        return plan


# ---------------------------------------------------------------------------- assessment


def assess_home(
    db: Database, actor: Staff, plan_id: int, assessment: str, findings: str
) -> ReturnPlan:
    """Record the home assessment: receiver verified → assessed. A plan already assessed
    may be assessed again (the home improved, or worsened) until it is approved."""
    kind = check_choice(assessment, PLAN["assessment"], required=True)
    text = _required(findings, PLAN, "findings")
    with db.session() as session:
        current = require(session, actor, Permission.RETURN_HOME)
        plan = plan_at(session, plan_id, "receiver_verified", "assessed")
        before = audit.snapshot(plan)
        plan.assessment, plan.findings = kind, text
        move(session, current, plan, "assessed", before)
        return plan


def approve(db: Database, actor: Staff, plan_id: int) -> ReturnPlan:
    """Approve the return home: assessed → approved, by a caseworker or an administrator
    other than the planner; never after an unsuitable assessment."""
    with db.session() as session:
        current = require(session, actor, Permission.RETURN_HOME)
        plan = plan_at(session, plan_id, "assessed")
        if plan.assessment == "unsuitable":
            raise ValidationError(
                _("The home was assessed unsuitable: the child cannot go home. Cancel the plan "
                  "and find another placement, or assess the home again."),
                field="assessment",
            )  # fmt: skip
        if plan.planned_by_id == current.id:
            raise ValidationError(
                _("Another person than the planner approves the return home."), field="approved_by"
            )
        before = audit.snapshot(plan)
        plan.approved_by_id, plan.approved_at = current.id, utcnow()
        move(session, current, plan, "approved", before, "approve")
        return plan


# ---------------------------------------------------------------------------- escort


@dataclass(frozen=True)
class EscortInput:
    """How the child travels home (fields.RETURN_PLAN): escorted by staff, or collected."""

    return_mode: str
    departure_at: dt.datetime | None
    arrival_at: dt.datetime | None
    destination: str
    receiving_unit_kind: str
    receiving_unit: str
    receiving_contact: str
    escort_first: str = ""
    escort_second: str = ""
    transport: str = ""


def _check_escort(session: Session, plan: ReturnPlan, data: EscortInput) -> dict[str, object]:
    mode = check_choice(data.return_mode, PLAN["return_mode"], required=True)
    names = ("destination", "receiving_unit", "receiving_contact")
    values: dict[str, object] = {name: _required(getattr(data, name), PLAN, name) for name in names}
    values["receiving_unit_kind"] = check_choice(
        data.receiving_unit_kind, PLAN["receiving_unit_kind"], required=True
    )
    for name in ("escort_first", "escort_second", "transport"):
        values[name] = clean_text(getattr(data, name), PLAN[name])
    far = utcnow() + dt.timedelta(days=366)
    departure = check_moment(data.departure_at, PLAN["departure_at"], far)
    arrival = check_moment(data.arrival_at, PLAN["arrival_at"], far)
    if arrival < departure:
        raise _error(PLAN, "arrival_at", _("{label}: the arrival cannot be before the departure."))
    values.update(return_mode=mode, departure_at=departure, arrival_at=arrival)
    if mode == "escorted_home":
        if not values["escort_first"]:
            raise _error(PLAN, "escort_first", _("{label}: name the staff member who escorts."))
        if not values["transport"]:
            raise _error(PLAN, "transport", _("{label}: this is needed."))
        child = session.get(Child, plan.child_id)
        assert child is not None
        limit = center.setting_in(session, center.TWO_ESCORTS_UNDER_AGE)
        age = age_on(child.birth_date, local_day(departure)) if child.birth_date else None
        second = str(values["escort_second"])
        if (age is None or age < limit) and (not second or second == values["escort_first"]):
            raise _error(PLAN, "escort_second", _(
                "{label}: a child under {age} (or of unknown age) travels with two escorts."
            ).replace("{age}", str(limit)))  # fmt: skip
    return values


def start_escort(db: Database, actor: Staff, plan_id: int, data: EscortInput) -> ReturnPlan:
    """Record the escort plan and set off: approved → escort under way."""
    with db.session() as session:
        current = require(session, actor, Permission.RETURN_HOME)
        plan = plan_at(session, plan_id, "approved")
        values = _check_escort(session, plan, data)
        before = audit.snapshot(plan)
        for name, value in values.items():
            setattr(plan, name, value)
        move(session, current, plan, "escort", before)
        return plan
