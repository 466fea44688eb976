"""The handover that ends a return home, the follow-up visits after it, and closing.

The handover (escort under way → handed over) discharges the admission as escorted
home (护送返乡) or collected by family (接领返乡) through the residence rules — the
verified receiver as the adult taking the child, every belonging still held
accounted for, the placement ended — and makes the follow-up visits at the months set
in Settings at that moment (1, 3 and 6 unless changed), all in one transaction; visits
made earlier keep their months when the setting changes. A visit records its date (not
before the handover, not in the future), method, findings, the child's situation, a
risk flag and the next step. A plan closes once every visit is recorded.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.core import center, fields
from desktop.core.audit import trail as audit
from desktop.core.children.validation import check_choice, check_moment
from desktop.core.cleaning import clean_text, field_label
from desktop.core.clock import local_day
from desktop.core.errors import NotFound, ValidationError
from desktop.core.i18n import N_, _
from desktop.core.residence.discharge import (
    BelongingEnd,
    CollectingAdult,
    DischargeInput,
    discharge_in,
)
from desktop.core.returns.common import move, not_future_day, plan_at
from desktop.core.staff.access import require
from desktop.core.staff.permissions import Permission
from desktop.core.store.db import Database
from desktop.core.store.models import FollowUpVisit, Referral, ReturnPlan, Staff, utcnow

PLAN = fields.RETURN_PLAN
VISIT = fields.FOLLOW_UP_VISIT
REFERRAL = fields.REFERRAL
NO_VISIT = N_("There is no follow-up visit with this number.")


@dataclass(frozen=True)
class HandoverInput:
    """The handover as the receipt records it; what becomes of each belonging still held."""

    handed_over_at: dt.datetime | None
    place: str
    received_by: str
    receipt_signed: bool
    belongings: Sequence[BelongingEnd] = field(default_factory=tuple)
    #: The child goes home to another province (跨省), as the discharge records it.
    cross_province: bool = False


def add_months(day: dt.date, months: int) -> dt.date:
    """``day`` moved on by ``months`` calendar months (the 31st becomes the month's last day)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    for last in (31, 30, 29, 28):
        try:
            return dt.date(year, month, min(day.day, last))
        except ValueError:
            continue
    raise ValueError(day)  # pragma: no cover - every month has a 28th


def _check_handover(plan: ReturnPlan, data: HandoverInput) -> dict[str, object]:
    moment = check_moment(data.handed_over_at, PLAN["handed_over_at"], utcnow())
    if plan.departure_at is not None and moment < plan.departure_at:
        raise ValidationError(
            _("{label}: the handover cannot be before the departure.").format(
                label=field_label(PLAN["handed_over_at"])
            ),
            field="handed_over_at",
        )
    values: dict[str, object] = {"handed_over_at": moment}
    for name, given in (("handover_place", data.place), ("received_by", data.received_by)):
        text = clean_text(given, PLAN[name])
        if not text:
            raise ValidationError(
                _("{label}: this is needed.").format(label=field_label(PLAN[name])), field=name
            )
        values[name] = text
    if not data.receipt_signed:
        raise ValidationError(
            _("{label}: the receiver signs the receipt first.").format(
                label=field_label(PLAN["receipt_signed"])
            ),
            field="receipt_signed",
        )
    values["receipt_signed"] = True
    return values


def _discharge(session: Session, current: Staff, plan: ReturnPlan, data: HandoverInput,
               moment: dt.datetime) -> None:  # fmt: skip
    adult = CollectingAdult(
        plan.receiver_name, plan.receiver_id_number, plan.receiver_relationship,
        checked_by=plan.verified_by, phone=plan.receiver_phone,
    )  # fmt: skip
    leaving = DischargeInput(
        moment, plan.return_mode, destination=plan.destination, adult=adult,
        belongings=tuple(data.belongings), cross_province=data.cross_province,
    )  # fmt: skip
    discharge_in(session, current, plan.admission_id, leaving)


def hand_over(db: Database, actor: Staff, plan_id: int, data: HandoverInput) -> ReturnPlan:
    """Record the handover: escort under way → handed over; discharge the admission and
    make the follow-up visits, in one transaction."""
    with db.session() as session:
        current = require(session, actor, Permission.RETURN_HOME)
        plan = plan_at(session, plan_id, "escort")
        if not plan.receiver_id_number or plan.assessment not in ("suitable", "with_support"):
            raise ValidationError(  # a plan edited outside the program
                _("The receiver is not verified or the home not found suitable."), field="status"
            )
        values = _check_handover(plan, data)
        moment = values["handed_over_at"]
        assert isinstance(moment, dt.datetime)
        _discharge(session, current, plan, data, moment)
        before = audit.snapshot(plan)
        for name, value in values.items():
            setattr(plan, name, value)
        move(session, current, plan, "handed_over", before, "hand_over")
        start = local_day(moment)
        for months in center.follow_up_months_in(session):
            visit = FollowUpVisit(plan_id=plan.id, months=months,
                                  due_on=add_months(start, months), risk=False)  # fmt: skip
            session.add(visit)
            audit.record_row(session, current, "create", "follow_up_visit", visit)
        return plan


@dataclass(frozen=True)
class VisitInput:
    """What a follow-up visit found (fields.FOLLOW_UP_VISIT)."""

    visited_on: dt.date | None
    method: str
    findings: str
    situation: str
    risk: bool = False
    #: What is done next (optional; the visit form's 下一步措施).
    next_step: str = ""


def record_visit(db: Database, actor: Staff, visit_id: int, data: VisitInput) -> FollowUpVisit:
    """Record a follow-up visit once made; a risk flag is for a new intake or a referral."""
    day = not_future_day(data.visited_on, VISIT["visited_on"])
    method = check_choice(data.method, VISIT["method"], required=True)
    findings = clean_text(data.findings, VISIT["findings"])
    situation = clean_text(data.situation, VISIT["situation"])
    next_step = clean_text(data.next_step, VISIT["next_step"])
    if not findings:
        raise ValidationError(
            _("{label}: this is needed.").format(label=field_label(VISIT["findings"])),
            field="findings",
        )
    with db.session() as session:
        current = require(session, actor, Permission.FOLLOW_UP)
        visit = session.get(FollowUpVisit, visit_id) if isinstance(visit_id, int) else None
        if visit is None:
            raise NotFound(_(NO_VISIT), field="visit")
        if visit.visited_on is not None:
            raise ValidationError(_("This visit is already recorded."), field="visit")
        plan = session.get(ReturnPlan, visit.plan_id)
        assert plan is not None and plan.handed_over_at is not None
        if day < local_day(plan.handed_over_at):
            raise ValidationError(
                _("{label}: the visit cannot be before the handover.").format(
                    label=field_label(VISIT["visited_on"])
                ),
                field="visited_on",
            )
        before = audit.snapshot(visit)
        visit.visited_on, visit.method, visit.findings = day, method, findings
        visit.situation, visit.risk, visit.recorded_by_id = situation, bool(data.risk), current.id
        visit.next_step = next_step
        audit.record_row(session, current, "visit", "follow_up_visit", visit, before)
        return visit


@dataclass(frozen=True)
class ReferralInput:
    """A referral after a visit that found the child at risk (fields.REFERRAL)."""

    referred_to: str
    note: str


def refer(db: Database, actor: Staff, visit_id: int, data: ReferralInput) -> Referral:
    """Record that a child found at risk at a visit was referred (to the police, the
    civil-affairs office, the school, a hospital or another): to whom, and a note. Only a
    recorded visit with the risk flag leads to a referral; one visit may lead to several."""
    referred_to = check_choice(data.referred_to, REFERRAL["referred_to"], required=True)
    note = clean_text(data.note, REFERRAL["note"])
    if not note:
        raise ValidationError(
            _("{label}: this is needed.").format(label=field_label(REFERRAL["note"])),
            field="note",
        )
    with db.session() as session:
        current = require(session, actor, Permission.FOLLOW_UP)
        visit = session.get(FollowUpVisit, visit_id) if isinstance(visit_id, int) else None
        if visit is None:
            raise NotFound(_(NO_VISIT), field="visit")
        if visit.visited_on is None or not visit.risk:
            raise ValidationError(
                _("A referral follows a recorded visit that found the child at risk."),
                field="visit",
            )
        referral = Referral(
            plan_id=visit.plan_id, visit_id=visit.id, referred_to=referred_to, note=note,
            recorded_by_id=current.id, created_at=utcnow(),
        )  # fmt: skip
        session.add(referral)
        audit.record_row(session, current, "refer", "referral", referral)
        return referral


def close_plan(db: Database, actor: Staff, plan_id: int) -> ReturnPlan:
    """Close a plan once every follow-up visit is recorded: handed over → closed."""
    with db.session() as session:
        current = require(session, actor, Permission.RETURN_HOME)
        plan = plan_at(session, plan_id, "handed_over")
        waiting = session.scalars(
            select(FollowUpVisit).where(
                FollowUpVisit.plan_id == plan.id, FollowUpVisit.visited_on.is_(None)
            )
        ).first()
        if waiting is not None:
            raise ValidationError(
                _("The visit due on {day} is not recorded yet.").format(day=waiting.due_on),
                field="status",
            )
        before = audit.snapshot(plan)
        move(session, current, plan, "closed", before)
        return plan
