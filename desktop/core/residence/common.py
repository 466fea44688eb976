"""What the residence services share: loading rows, the audit write, the open stay."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.core.audit.trail import record_row as write
from desktop.core.clock import format_time
from desktop.core.errors import NotFound, ValidationError
from desktop.core.i18n import _
from desktop.core.store.models import Admission, Placement

__all__ = [
    "current_placement",
    "get_row",
    "not_before",
    "open_admission",
    "overlapping",
    "span_text",
    "write",
]


def get_row(
    session: Session, model: type[Any], row_id: object, missing: str, field: str | None = None
) -> Any:
    """Return the row of ``model`` with ``row_id``, or raise ``NotFound(missing)`` naming
    ``field``."""
    from desktop.core.children.validation import is_record_id

    row = session.get(model, row_id) if is_record_id(row_id) else None
    if row is None:
        raise NotFound(missing, field=field)
    return row


def open_admission(session: Session, child_id: int) -> Admission | None:
    """The child's stay that is neither discharged nor voided, if any."""
    query = select(Admission).where(
        Admission.child_id == child_id,
        Admission.discharged_at.is_(None),
        Admission.voided_at.is_(None),
    )
    return session.scalars(query).first()


def current_placement(session: Session, child_id: int) -> Placement | None:
    """The child's placement that has not ended and is not voided, if any."""
    query = select(Placement).where(
        Placement.child_id == child_id,
        Placement.ended_at.is_(None),
        Placement.voided_at.is_(None),
    )
    return session.scalars(query).first()


def overlapping(
    session: Session, start: dt.datetime, *, child_id: int | None = None,
    bed_id: int | None = None, skip: int | None = None,
) -> Placement | None:  # fmt: skip
    """A live placement of the child (or on the bed) still going on after ``start``."""
    query = select(Placement).where(
        Placement.voided_at.is_(None),
        (Placement.ended_at.is_(None)) | (Placement.ended_at > start),
    )
    if child_id is not None:
        query = query.where(Placement.child_id == child_id)
    if bed_id is not None:
        query = query.where(Placement.bed_id == bed_id)
    if skip is not None:
        query = query.where(Placement.id != skip)
    return session.scalars(query.order_by(Placement.started_at)).first()


def span_text(placement: Placement) -> str:
    """ "2026-11-02 14:00 – 2026-11-05 09:00" or "since 2026-11-02 14:00"."""
    if placement.ended_at is None:
        return _("since {time}").format(time=format_time(placement.started_at))
    return f"{format_time(placement.started_at)} – {format_time(placement.ended_at)}"


def not_before(moment: dt.datetime, limit: dt.datetime, field: str, message: str) -> None:
    """Refuse ``moment`` before ``limit``: ``message`` gets ``{time}`` = the limit."""
    if moment < limit:
        raise ValidationError(message.format(time=format_time(limit)), field=field)
