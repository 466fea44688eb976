"""What the return-home services share: the plan's steps in order, loading a plan at the
step a service expects, moving it on (who and when), the local day of today."""

from __future__ import annotations

import datetime as dt

from sqlalchemy.orm import Session

from desktop.core import fields
from desktop.core.audit import trail as audit
from desktop.core.clock import local_day
from desktop.core.errors import ValidationError
from desktop.core.i18n import N_, _
from desktop.core.residence.common import get_row
from desktop.core.store.models import ReturnPlan, Staff, utcnow

NO_PLAN = N_("There is no return home plan with this number.")
#: The steps of a plan, in the only order it moves (cancelled is reachable before the handover).
STEPS = ("tracing", "receiver_verified", "assessed", "approved", "escort", "handed_over", "closed")
#: Steps from which a plan may still be cancelled.
CANCELLABLE = STEPS[:5]


def status_label(status: str) -> str:
    """The translated name of a plan's status."""
    return fields.RETURN_PLAN["status"].choice_label(status) or status


def plan_at(session: Session, plan_id: int, *expected: str) -> ReturnPlan:
    """The plan, refused unless its status is one of ``expected``: a step is never skipped
    and never taken twice."""
    plan: ReturnPlan = get_row(session, ReturnPlan, plan_id, _(NO_PLAN), "plan")
    if plan.status not in expected:
        raise ValidationError(
            _("This plan is at “{status}”; this step needs “{needed}”.").format(
                status=status_label(plan.status), needed=status_label(expected[0])
            ),
            field="status",
        )
    return plan


def move(session: Session, current: Staff, plan: ReturnPlan, status: str,
         before: dict[str, object], action: str = "advance") -> None:  # fmt: skip
    """Move ``plan`` on to ``status``, recording who and when, with its audit entry."""
    plan.status = status
    plan.status_at = utcnow()
    plan.status_by_id = current.id
    audit.record_row(session, current, action, "return_plan", plan, before)


def today() -> dt.date:
    """Today on this computer's calendar."""
    return local_day(utcnow())


def not_future_day(day: dt.date | None, field: fields.Field) -> dt.date:
    """A day that is given and not after today, or raise naming ``field``."""
    label = _(field.label)
    if not isinstance(day, dt.date):
        raise ValidationError(_("{label}: enter the date.").format(label=label), field=field.name)
    if isinstance(day, dt.datetime):
        day = day.date()
    if day > today():
        raise ValidationError(
            _("{label}: the date cannot be in the future.").format(label=label), field=field.name
        )
    return day
