"""Helpers that put children into a test database the way intake does: rows, search
index, tasks and audit entries in one transaction (until ``intake.register_child``
can be used for it)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from sqlalchemy.orm import Session

from desktop.core import tasks
from desktop.core.audit import trail as audit
from desktop.core.children import search
from desktop.core.store.db import Database
from desktop.core.store.models import Admission, CaseCounter, Child, Staff, utcnow

UTC = dt.UTC
Stay = tuple[dt.datetime, dt.datetime | None]


def _next_case(session: Session, year: int) -> tuple[str, int]:
    counter = session.get(CaseCounter, year)
    if counter is None:
        counter = CaseCounter(year=year, last=0)
        session.add(counter)
    counter.last += 1
    return f"{year}-{counter.last:04d}", counter.last


def add_child(
    db: Database,
    actor: Staff,
    *,
    name: str = "",
    alias: str = "",
    sex: str = "male",
    birth_date: dt.date | None = None,
    estimated: bool = False,
    id_number: str | None = None,
    category: str = "other",
    stays: Sequence[Stay] = ((dt.datetime(2026, 3, 2, 8, 0, tzinfo=UTC), None),),
    harm_found: bool = False,
    year: int = 2026,
) -> int:
    """Register a child with its admissions; return the child's id."""
    with db.session() as session:
        case_no, seq = _next_case(session, year)
        child = Child(
            case_no=case_no,
            case_year=year,
            case_seq=seq,
            name=name,
            alias=alias,
            sex=sex,
            birth_date=birth_date,
            birth_date_estimated=estimated,
            id_number=id_number,
            category=category,
            created_at=utcnow(),
            updated_at=utcnow(),
        )
        session.add(child)
        session.flush()
        search.index_child(session, child)
        session.flush()
        audit.record(session, actor, "create", "child", child.id, after=audit.snapshot(child))
        for arrived, left in stays:
            admit(session, actor, child, arrived, left, harm_found)
        return child.id


def admit(
    session: Session,
    actor: Staff,
    child: Child,
    arrived: dt.datetime,
    left: dt.datetime | None = None,
    harm_found: bool = False,
) -> Admission:
    """Add an admission of ``child`` with its tasks, audited."""
    admission = Admission(
        child_id=child.id,
        arrived_at=arrived,
        discharged_at=left,
        discharge_mode="collected" if left else "",
        harm_found=harm_found,
        created_at=utcnow(),
    )
    session.add(admission)
    session.flush()
    audit.record(
        session, actor, "create", "admission", admission.id, after=audit.snapshot(admission)
    )
    tasks.create_for_admission(session, actor, child, admission)
    return admission


def change_child(db: Database, actor: Staff, child_id: int, action: str, **values: object) -> None:
    """Change columns of a child (void it, merge it, rename it), reindexed and audited."""
    with db.session() as session:
        child = session.get(Child, child_id)
        assert child is not None
        before = audit.snapshot(child)
        for key, value in values.items():
            setattr(child, key, value)
        search.index_child(session, child)
        session.flush()
        audit.record(session, actor, action, "child", child.id, before, audit.snapshot(child))
