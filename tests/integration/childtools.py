"""Helpers that put children into a test database through intake itself, and one that
changes a child's columns directly (states no screen makes, audited and reindexed)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from desktop.core.audit import trail as audit
from desktop.core.children import intake, search
from desktop.core.store.db import Database
from desktop.core.store.models import Child, Staff
from tests.leaving import leave

UTC = dt.UTC
Stay = tuple[dt.datetime, dt.datetime | None]


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
) -> int:
    """Register a child with its admissions through intake; return the child's id."""
    profile = intake.ChildInput(
        name=name,
        alias=alias,
        sex=sex,
        birth_date=birth_date,
        birth_date_estimated=estimated,
        id_number=id_number or "",
        category=category,
    )
    (first, *later) = stays
    child_id = intake.register_child(db, actor, profile, _stay(first[0], harm_found)).id
    _leave(db, actor, child_id, first[1])
    for arrived, left in later:
        intake.admit_again(db, actor, child_id, _stay(arrived, harm_found))
        _leave(db, actor, child_id, left)
    return int(child_id)


def _stay(arrived: dt.datetime, harm_found: bool) -> intake.AdmissionInput:
    return intake.AdmissionInput(arrived_at=arrived, arrival_mode="police", harm_found=harm_found)


def _leave(db: Database, actor: Staff, child_id: int, left: dt.datetime | None) -> None:
    if left is None:
        return
    stay = intake.get_child(db, actor, child_id).open_admission
    assert stay is not None
    leave(db, actor, stay.id, left, "collected")


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
