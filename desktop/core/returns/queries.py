"""Reading return-home plans: a child's plans with their tracing log and visits, the
open plans by status, and the follow-up visits due or overdue on a day."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from sqlalchemy import select

from desktop.core import fields
from desktop.core.returns.common import STEPS, today
from desktop.core.staff.access import require
from desktop.core.staff.permissions import Permission
from desktop.core.store.db import Database
from desktop.core.store.models import (
    Child,
    FollowUpVisit,
    Referral,
    ReturnPlan,
    Staff,
    TracingEntry,
)

#: Visits due within this many days are listed as coming up.
DUE_AHEAD_DAYS = 14
#: Statuses of a plan still under way.
OPEN_STATUSES = STEPS[:6]


@dataclass(frozen=True)
class PlanDetail:
    """One plan with its tracing log (oldest first), its follow-up visits and the
    referrals after them (oldest first)."""

    plan: ReturnPlan
    tracing: list[TracingEntry]
    visits: list[FollowUpVisit]
    referrals: list[Referral] = field(default_factory=list)

    def referrals_of(self, visit_id: int) -> list[Referral]:
        """The referrals that followed one visit."""
        return [referral for referral in self.referrals if referral.visit_id == visit_id]


@dataclass(frozen=True)
class PlanLine:
    """One open plan as the Return home area lists it."""

    plan_id: int
    child_id: int
    case_no: str
    child_name: str
    status: str
    status_at: dt.datetime


@dataclass(frozen=True)
class VisitDue:
    """A follow-up visit not yet made, due soon or overdue."""

    visit_id: int
    plan_id: int
    child_id: int
    case_no: str
    child_name: str
    months: int
    due_on: dt.date
    overdue: bool


def plans_of(db: Database, actor: Staff, child_id: int) -> list[PlanDetail]:
    """The child's plans, newest first, each with its tracing log and visits."""
    with db.session() as session:
        require(session, actor, Permission.READ)
        plans = session.scalars(
            select(ReturnPlan)
            .where(ReturnPlan.child_id == child_id)
            .order_by(ReturnPlan.created_at.desc(), ReturnPlan.id.desc())
        ).all()
        details = []
        for plan in plans:
            tracing = session.scalars(
                select(TracingEntry)
                .where(TracingEntry.plan_id == plan.id)
                .order_by(TracingEntry.traced_on, TracingEntry.id)
            ).all()
            visits = session.scalars(
                select(FollowUpVisit)
                .where(FollowUpVisit.plan_id == plan.id)
                .order_by(FollowUpVisit.due_on)
            ).all()
            referrals = session.scalars(
                select(Referral).where(Referral.plan_id == plan.id).order_by(Referral.id)
            ).all()
            details.append(PlanDetail(plan, list(tracing), list(visits), list(referrals)))
        return details


def open_plans(db: Database, actor: Staff, status: str | None = None) -> list[PlanLine]:
    """The plans under way (or those at ``status``), by step and then oldest move first."""
    wanted = (status,) if status else OPEN_STATUSES
    with db.session() as session:
        require(session, actor, Permission.READ)
        rows = session.execute(
            select(ReturnPlan, Child.case_no, Child.name, Child.alias)
            .join(Child, Child.id == ReturnPlan.child_id)
            .where(ReturnPlan.status.in_(wanted), Child.voided_at.is_(None))
        ).all()
    lines = [
        PlanLine(
            plan.id,
            plan.child_id,
            case_no,
            fields.shown_name(name, alias),
            plan.status,
            plan.status_at,
        )
        for plan, case_no, name, alias in rows
    ]
    order = {step: index for index, step in enumerate(STEPS)}
    return sorted(
        lines, key=lambda line: (order.get(line.status, 99), line.status_at, line.plan_id)
    )


def visits_due(
    db: Database, actor: Staff, on: dt.date | None = None, ahead_days: int = DUE_AHEAD_DAYS
) -> list[VisitDue]:
    """The visits not yet made that are due by ``on`` + ``ahead_days`` (overdue: due
    before ``on``), by due date; ``on`` is today unless given."""
    day = on or today()
    until = day + dt.timedelta(days=ahead_days)
    with db.session() as session:
        require(session, actor, Permission.READ)
        rows = session.execute(
            select(FollowUpVisit, ReturnPlan.child_id, Child.case_no, Child.name, Child.alias)
            .join(ReturnPlan, ReturnPlan.id == FollowUpVisit.plan_id)
            .join(Child, Child.id == ReturnPlan.child_id)
            .where(
                FollowUpVisit.visited_on.is_(None),
                FollowUpVisit.due_on <= until,
                ReturnPlan.status == "handed_over",
                Child.voided_at.is_(None),
            )
            .order_by(FollowUpVisit.due_on, FollowUpVisit.id)
        ).all()
    return [
        VisitDue(
            visit.id,
            visit.plan_id,
            child_id,
            case_no,
            fields.shown_name(name, alias),
            visit.months,
            visit.due_on,
            visit.due_on < day,
        )
        for visit, child_id, case_no, name, alias in rows
    ]
