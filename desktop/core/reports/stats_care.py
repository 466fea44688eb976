"""The statistics of residence and return home for a period (tables of ``stats``).

- placements begun in the period, by kind (outside the center: foster family,
  welfare institution, specialised school, kinship care, hospital, other; a bed in
  the center is not a placement elsewhere), with how many children;
- return homes completed: plans handed over in the period (the handover, whether
  the plan has been closed since or not), by the way home (护送返乡, 接领返乡);
- return-home plans under way at the period's end, by their status then: a plan
  whose status has not changed since the end is at its status now; one that has
  moved since is at the status its last change before the end gave it, read from
  the audit trail (a plan begins at tracing);
- follow-up visits made in the period (by their date), by method, with how many
  found a risk.

Plans and visits of a voided or merged child are left out, as placements voided.
"""

from __future__ import annotations

import datetime as dt
import json
from collections import Counter
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from desktop.core import fields
from desktop.core.i18n import N_
from desktop.core.returns.queries import OPEN_STATUSES
from desktop.core.store.models import AuditEntry, Child, FollowUpVisit, Placement, ReturnPlan

#: Placements elsewhere, as the statistics count them (a bed is not one).
PLACED_KINDS = tuple(choice for choice in fields.PLACEMENT_KIND if choice.value != "bed")
#: The statuses a plan had once handed over.
HANDED_OVER = ("handed_over", "closed")
#: Plans looked up in the trail per query.
CHUNK = 500
PLACEMENTS = N_("Placements (times)")


def _counted_child() -> list[Any]:
    return [Child.voided_at.is_(None), Child.merged_into_id.is_(None)]


def placement_rows(session: Session, start: dt.datetime, end: dt.datetime) -> list[list[Any]]:
    """Placements elsewhere begun in the period, by kind: [label, times, children]."""
    query = (
        select(Placement.kind, func.count(), func.count(func.distinct(Placement.child_id)))
        .join(Child, Child.id == Placement.child_id)
        .where(Placement.started_at >= start, Placement.started_at < end,
               Placement.voided_at.is_(None), Placement.kind != "bed", *_counted_child())
        .group_by(Placement.kind)
    )  # fmt: skip
    found = {kind: (times, children) for kind, times, children in session.execute(query)}
    return [[kind.label, *found.get(kind.value, (0, 0))] for kind in PLACED_KINDS]


def return_rows(session: Session, start: dt.datetime, end: dt.datetime) -> list[list[Any]]:
    """Return homes handed over in the period, by the way home: [label, times]."""
    query = (
        select(ReturnPlan.return_mode, func.count())
        .join(Child, Child.id == ReturnPlan.child_id)
        .where(ReturnPlan.handed_over_at >= start, ReturnPlan.handed_over_at < end,
               ReturnPlan.status.in_(HANDED_OVER), *_counted_child())
        .group_by(ReturnPlan.return_mode)
    )  # fmt: skip
    found = {mode: int(number) for mode, number in session.execute(query)}
    return [[mode.label, int(found.get(mode.value, 0))] for mode in fields.RETURN_MODE]


def _statuses_then(session: Session, plan_ids: list[int], end: dt.datetime) -> Counter[str]:
    """The status each plan had at ``end``, from its last status change before it."""
    counts: Counter[str] = Counter()
    for first in range(0, len(plan_ids), CHUNK):
        chunk = [str(plan_id) for plan_id in plan_ids[first : first + CHUNK]]
        entries = (
            select(AuditEntry.record_id, AuditEntry.changes)
            .where(AuditEntry.entity == "return_plan", AuditEntry.record_id.in_(chunk),
                   AuditEntry.at < end, AuditEntry.changes.like('%"status"%'))
            .order_by(AuditEntry.id)
        )  # fmt: skip
        status = {record_id: "tracing" for record_id in chunk}
        for record_id, changes in session.execute(entries):
            change = json.loads(changes).get("status") if changes else None
            if isinstance(change, list) and len(change) == 2 and change[1]:
                status[record_id] = str(change[1])
        counts.update(status.values())
    return counts


def open_plan_rows(session: Session, end: dt.datetime) -> list[list[Any]]:
    """Plans under way at ``end``, by their status then: [label, plans]."""
    begun = [ReturnPlan.created_at < end, *_counted_child()]
    unchanged = (
        select(ReturnPlan.status, func.count())
        .join(Child, Child.id == ReturnPlan.child_id)
        .where(*begun, ReturnPlan.status_at < end)
        .group_by(ReturnPlan.status)
    )
    counts: Counter[str] = Counter(
        {status: int(number) for status, number in session.execute(unchanged)}
    )
    moved = session.scalars(
        select(ReturnPlan.id)
        .join(Child, Child.id == ReturnPlan.child_id)
        .where(*begun, ReturnPlan.status_at >= end)
    ).all()
    counts.update(_statuses_then(session, list(moved), end))
    labels = {choice.value: choice.label for choice in fields.RETURN_STATUS}
    return [[labels[status], counts[status]] for status in OPEN_STATUSES]


def visit_rows(session: Session, first_day: dt.date, end_day: dt.date) -> list[list[Any]]:
    """Follow-up visits made from ``first_day`` to before ``end_day``, by method:
    [label, visits, with a risk flag]."""
    query = (
        select(FollowUpVisit.method, FollowUpVisit.risk, func.count())
        .join(ReturnPlan, ReturnPlan.id == FollowUpVisit.plan_id)
        .join(Child, Child.id == ReturnPlan.child_id)
        .where(FollowUpVisit.visited_on >= first_day, FollowUpVisit.visited_on < end_day,
               *_counted_child())
        .group_by(FollowUpVisit.method, FollowUpVisit.risk)
    )  # fmt: skip
    made: Counter[str] = Counter()
    risky: Counter[str] = Counter()
    for method, risk, number in session.execute(query):
        made[method] += number
        if risk:
            risky[method] += number
    rows = [[m.label, made[m.value], risky[m.value]] for m in fields.VISIT_METHOD]
    known = {m.value for m in fields.VISIT_METHOD}
    other = [method for method in made if method not in known]
    if other:
        rows.append([N_("Other"), sum(made[m] for m in other), sum(risky[m] for m in other)])
    return rows
