"""What the dashboard counts now: the children in the center (by sex, age group and
category) and the arrivals of today and of this week."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass

from sqlalchemy import func, select

from desktop.core import fields
from desktop.core.clock import local_midnight_utc
from desktop.core.reports.stats import AGE_GROUPS, UNKNOWN_AGE, age_group
from desktop.core.staff.access import Actor, require_actor
from desktop.core.staff.permissions import Permission
from desktop.core.store.db import Database
from desktop.core.store.models import Admission, Child, utcnow


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
