"""What the dashboard counts now: the children in the center (by sex, age group and
category), the arrivals of today and of this week, the beds free and taken, the
return-home plans under way by status and the follow-up visits overdue or due.

Each figure counts exactly what the list it opens shows: the beds as the Rooms board,
the plans and the visits as the Return home area (``returns.queries``): a visit is
overdue from the day after its due date until it is recorded, and "due" within
``queries.DUE_AHEAD_DAYS`` (14) days from today, the window of that area's list."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass

from sqlalchemy import func, select

from desktop.core import fields
from desktop.core.clock import local_midnight_utc
from desktop.core.reports.stats import AGE_GROUPS, UNKNOWN_AGE, age_group
from desktop.core.returns import queries
from desktop.core.returns.common import today
from desktop.core.staff.access import Actor, require_actor
from desktop.core.staff.permissions import Permission
from desktop.core.store.db import Database
from desktop.core.store.models import (
    Admission,
    Bed,
    Child,
    Placement,
    Staff,
    utcnow,
)


@dataclass(frozen=True)
class Count:
    """One line of a breakdown: the stored value (or age group), its label (untranslated)
    and how many."""

    key: str
    label: str
    count: int


@dataclass(frozen=True)
class Now:
    """The children in the center now, and the arrivals of today and this week."""

    in_center: int
    by_sex: list[Count]
    by_age: list[Count]
    by_category: list[Count]
    today: dt.date
    week_start: dt.date
    arrived_today: int
    arrived_this_week: int


def _choices(counts: Counter[str], choices: tuple[fields.Choice, ...]) -> list[Count]:
    return [Count(c.value, c.label, counts[c.value]) for c in choices if counts[c.value]]


def center_now(db: Database, actor: Actor, now: dt.datetime | None = None) -> Now:
    """Count the children in the center and the arrivals (anyone who may read)."""
    moment = now or utcnow()
    today = moment.astimezone().date()
    week_start = today - dt.timedelta(days=today.weekday())
    with db.session() as session:
        require_actor(session, actor, Permission.READ)
        here = (
            select(Child.sex, Child.category, Child.birth_date)
            .join(Admission, Admission.child_id == Child.id)
            .where(
                Admission.discharged_at.is_(None),
                Admission.voided_at.is_(None),
                Child.voided_at.is_(None),
                Child.merged_into_id.is_(None),
            )
        )
        rows = list(session.execute(here))

        def arrivals(since: dt.date) -> int:
            query = (
                select(func.count())
                .select_from(Admission)
                .join(Child, Child.id == Admission.child_id)
                .where(
                    Admission.arrived_at >= local_midnight_utc(since),
                    Admission.voided_at.is_(None),
                    Child.voided_at.is_(None),
                    Child.merged_into_id.is_(None),
                )
            )
            return int(session.scalar(query) or 0)

        arrived_today, arrived_week = arrivals(today), arrivals(week_start)
    ages = Counter(age_group(born, today) for _sex, _category, born in rows)
    groups = [label for _low, _high, label in AGE_GROUPS] + [UNKNOWN_AGE]
    return Now(
        in_center=len(rows),
        by_sex=_choices(Counter(sex for sex, _c, _b in rows), fields.SEX),
        by_age=[Count(label, label, ages[label]) for label in groups if ages[label]],
        by_category=_choices(Counter(category for _s, category, _b in rows), fields.CATEGORY),
        today=today,
        week_start=week_start,
        arrived_today=arrived_today,
        arrived_this_week=arrived_week,
    )


@dataclass(frozen=True)
class Beds:
    """The center's beds now: those in use (a bed taken out of use, as in a room brought
    down to no beds, counts nowhere), and how many of them a child sleeps in."""

    total: int
    occupied: int

    @property
    def free(self) -> int:
        """Beds in use that no child sleeps in."""
        return self.total - self.occupied


def beds_now(db: Database, actor: Actor) -> Beds:
    """Count the beds in use and the taken ones, as the Rooms board shows them."""
    with db.session() as session:
        require_actor(session, actor, Permission.READ)
        total = session.scalar(select(func.count()).select_from(Bed).where(Bed.in_use))
        occupied = session.scalar(
            select(func.count(func.distinct(Placement.bed_id)))
            .join(Bed, Bed.id == Placement.bed_id)
            .where(Bed.in_use, Placement.ended_at.is_(None), Placement.voided_at.is_(None))
        )
    return Beds(int(total or 0), int(occupied or 0))


@dataclass(frozen=True)
class ReturnsNow:
    """Return home now: the plans under way by status (every status under way, in the
    order of the steps, zeros kept), and the follow-up visits not yet made that are
    overdue (due before today) or due (from today to ``due_until``, the window of the
    Return home area's list)."""

    plans_by_status: list[Count]
    visits_overdue: int
    visits_due: int
    today: dt.date
    due_until: dt.date

    @property
    def plans_open(self) -> int:
        """Every plan under way."""
        return sum(line.count for line in self.plans_by_status)


def returns_now(db: Database, actor: Staff, on: dt.date | None = None) -> ReturnsNow:
    """Count the plans under way and the visits due as the Return home area lists them:
    from the very queries of its lists (``queries.open_plans``, ``queries.visits_due``
    on ``on``, today unless given)."""
    day = on or today()
    plans = Counter(line.status for line in queries.open_plans(db, actor))
    overdue = [visit.overdue for visit in queries.visits_due(db, actor, day)]
    labels = {choice.value: choice.label for choice in fields.RETURN_STATUS}
    return ReturnsNow(
        plans_by_status=[
            Count(status, labels[status], plans[status]) for status in queries.OPEN_STATUSES
        ],
        visits_overdue=sum(overdue),
        visits_due=len(overdue) - sum(overdue),
        today=day,
        due_until=day + dt.timedelta(days=queries.DUE_AHEAD_DAYS),
    )
