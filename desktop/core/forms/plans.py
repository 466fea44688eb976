"""What the return-home forms print of a plan: which plan and which visit, read as plain data.

A form about a return home is of one plan of the child (the newest unless named) and,
for the 回访记录表, of one of its follow-up visits (named by its id or by its months
after the handover; else the next not yet made, else the last one made).

A visit that found the child at risk carries what followed, for the form's 风险情况及处理:
the referrals recorded for it, and the child's new admission if one followed — the first
stay (not voided) that began on or after the visit's day and before the plan's next
recorded visit.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.core import fields
from desktop.core.clock import local_day
from desktop.core.errors import NotFound, ValidationError
from desktop.core.forms.data import PlanChoice, Record
from desktop.core.i18n import _
from desktop.core.returns.common import NO_PLAN
from desktop.core.store.models import (
    Admission,
    AuditEntry,
    Child,
    FollowUpVisit,
    Referral,
    ReturnPlan,
    Staff,
)

__all__ = ["NO_PLAN", "PlanChoice", "choose_plan", "plan_data"]


def choose_plan(
    session: Session, child: Child, choice: PlanChoice, admission_id: int | None = None
) -> ReturnPlan | None:
    """The plan ``choice`` names (it must be ``child``'s), else the child's newest plan
    (of ``admission_id`` when given); None when the child has none."""
    if choice.plan_id is not None:
        plan = session.get(ReturnPlan, choice.plan_id)
        if plan is None or plan.child_id != child.id:
            raise NotFound(_(NO_PLAN), field="plan")
        if admission_id is not None and plan.admission_id != admission_id:
            raise ValidationError(_("This plan is of another admission."), field="admission")
        return plan
    query = select(ReturnPlan).where(ReturnPlan.child_id == child.id)
    if admission_id is not None:
        query = query.where(ReturnPlan.admission_id == admission_id)
    newest = query.order_by(ReturnPlan.created_at.desc(), ReturnPlan.id.desc()).limit(1)
    return session.scalar(newest)


def plan_data(
    session: Session, plan: ReturnPlan, choice: PlanChoice
) -> tuple[Record, tuple[Record, ...], Record]:
    """The plan's values (with ``handled_by``), its visits by due date, and the chosen visit."""
    values: dict[str, object] = {name: getattr(plan, name) for name in fields.RETURN_PLAN}
    values["handled_by"] = _handled_by(session, plan)
    rows = session.execute(
        select(FollowUpVisit, Staff.full_name)
        .outerjoin(Staff, Staff.id == FollowUpVisit.recorded_by_id)
        .where(FollowUpVisit.plan_id == plan.id)
        .order_by(FollowUpVisit.due_on, FollowUpVisit.id)
    ).all()
    referrals = _referrals(session, plan)
    readmitted = _readmissions(session, plan, [visit for visit, _name in rows])
    visits = tuple(
        {
            **{name: getattr(visit, name) for name in fields.FOLLOW_UP_VISIT},
            "id": visit.id,
            "months": visit.months,
            "due_on": visit.due_on,
            "visitor": name or "",
            "referrals": referrals.get(visit.id, ()),
            "readmitted_at": readmitted.get(visit.id),
        }
        for visit, name in rows
    )
    return values, visits, _chosen_visit(visits, choice)


def _referrals(session: Session, plan: ReturnPlan) -> dict[int, tuple[Record, ...]]:
    """The plan's referrals by visit, oldest first: ``referred_to`` and ``note``."""
    found: dict[int, list[Record]] = {}
    query = select(Referral).where(Referral.plan_id == plan.id).order_by(Referral.id)
    for referral in session.scalars(query):
        found.setdefault(referral.visit_id, []).append(
            {"referred_to": referral.referred_to, "note": referral.note}
        )
    return {visit_id: tuple(rows) for visit_id, rows in found.items()}


def _readmissions(
    session: Session, plan: ReturnPlan, visits: list[FollowUpVisit]
) -> dict[int, dt.datetime]:
    """When the child was admitted again after each visit at risk: the first stay (not
    voided) that began on or after the visit's day and before the next recorded visit."""
    made = sorted(
        ((visit.visited_on, visit) for visit in visits if visit.visited_on is not None),
        key=lambda pair: pair[0],
    )
    if not any(visit.risk for _day, visit in made):
        return {}
    arrivals = sorted(
        session.scalars(
            select(Admission.arrived_at).where(
                Admission.child_id == plan.child_id,
                Admission.id != plan.admission_id,
                Admission.voided_at.is_(None),
            )
        )
    )
    found: dict[int, dt.datetime] = {}
    for index, (start, visit) in enumerate(made):
        if not visit.risk:
            continue
        end = made[index + 1][0] if index + 1 < len(made) else None
        for arrived in arrivals:
            day = local_day(arrived)
            if day >= start and (end is None or day < end):
                found[visit.id] = arrived
                break
    return found


def _chosen_visit(visits: tuple[Record, ...], choice: PlanChoice) -> Record:
    if choice.visit_id is not None:
        for visit in visits:
            if visit["id"] == choice.visit_id:
                return visit
        raise NotFound(_("This plan has no such follow-up visit."), field="visit")
    if choice.months is not None:
        for visit in visits:
            if visit["months"] == choice.months:
                return visit
        raise ValidationError(
            _("This plan has no follow-up visit {months} months after the handover.").format(
                months=choice.months
            ),
            field="months",
        )
    waiting = [visit for visit in visits if visit.get("visited_on") is None]
    if waiting:
        return waiting[0]
    return visits[-1] if visits else {}


def _handled_by(session: Session, plan: ReturnPlan) -> str:
    """The staff member who recorded the handover (the trail's entry names them)."""
    name = session.scalar(
        select(Staff.full_name)
        .join(AuditEntry, AuditEntry.staff_id == Staff.id)
        .where(
            AuditEntry.entity == "return_plan",
            AuditEntry.record_id == str(plan.id),
            AuditEntry.action == "hand_over",
        )
        .order_by(AuditEntry.id.desc())
        .limit(1)
    )
    return name or ""
