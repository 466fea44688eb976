"""Which child a trail entry is about: the child's own record, or a record that belongs to one.

The audit screen names that child beside each entry, and can show everything done
to one child's records. The way from a record to its child is read from its table:
a ``child_id`` column, else an ``admission_id`` (the stay's child), else a ``plan_id``
(the return-home plan's child). A record deleted since has no child to name.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import ColumnElement, Select, and_, false, or_, select
from sqlalchemy.orm import Session

from desktop.core.audit.kinds import RECORDS
from desktop.core.fields import shown_name
from desktop.core.store.models import AuditEntry, Base, Child

#: Columns that lead from a record to the record holding its child, and that record's table.
_THROUGH = (("admission_id", "admission"), ("plan_id", "return_plan"))


@dataclass(frozen=True)
class Subject:
    """The child an entry is about, as the audit screen names it."""

    child_id: int
    case_no: str
    name: str

    def label(self) -> str:
        """Return the case number and the name, as one cell shows them."""
        return f"{self.case_no} {self.name}"


@dataclass(frozen=True)
class _Owners:
    """How to find the child of one kind of record: its id, its child's id, and the query
    of (record id, child id) pairs."""

    record: ColumnElement[int]
    child: ColumnElement[int]
    query: Select[tuple[int, int]]


def _owners(entity: str) -> _Owners | None:
    """Return how records of ``entity`` lead to their child, or None when they belong to none."""
    if RECORDS.get(entity, ("", ""))[1] != "id":
        return None
    table = Base.metadata.tables[RECORDS[entity][0]]
    record = table.c.id
    if entity == "child":
        return _Owners(record, record, select(record, record))
    if "child_id" in table.c:
        return _Owners(record, table.c.child_id, select(record, table.c.child_id))
    for column, parent in _THROUGH:
        if column in table.c:
            owner = Base.metadata.tables[parent]
            joined = select(record, owner.c.child_id).join_from(
                table, owner, table.c[column] == owner.c.id
            )
            return _Owners(record, owner.c.child_id, joined)
    return None


def subjects(session: Session, entries: Iterable[AuditEntry]) -> dict[int, Subject]:
    """Return, by entry id, the child each of ``entries`` is about (those about no child,
    or about a record since deleted, are left out)."""
    wanted: dict[str, dict[int, list[int]]] = defaultdict(lambda: defaultdict(list))
    for entry in entries:
        if entry.record_id.isdigit():
            wanted[entry.entity][int(entry.record_id)].append(entry.id)
    child_of_entry: dict[int, int] = {}
    for entity, by_record in wanted.items():
        found = _owners(entity)
        if found is None:
            continue
        query = found.query.where(found.record.in_(list(by_record)))
        for record_id, child_id in session.execute(query):
            for entry_id in by_record[record_id]:
                child_of_entry[entry_id] = child_id
    children = _children(session, set(child_of_entry.values()))
    return {
        entry_id: children[child_id]
        for entry_id, child_id in child_of_entry.items()
        if child_id in children
    }


def _children(session: Session, ids: set[int]) -> dict[int, Subject]:
    if not ids:
        return {}
    rows = session.execute(
        select(Child.id, Child.case_no, Child.name, Child.alias).where(Child.id.in_(ids))
    )
    return {
        child_id: Subject(child_id, case_no, shown_name(name, alias))
        for child_id, case_no, name, alias in rows
    }


def about_child(session: Session, case_no: str) -> ColumnElement[bool]:
    """Return the condition on ``AuditEntry`` that keeps the entries about the child with
    case number ``case_no`` and about every record of theirs (nothing when there is none)."""
    child_id = session.scalar(select(Child.id).where(Child.case_no == case_no.strip()))
    if child_id is None:
        return false()
    conditions = []
    for entity in RECORDS:
        found = _owners(entity)
        if found is None:
            continue
        ids = [
            str(record)
            for record, _child in session.execute(found.query.where(found.child == child_id))
        ]
        if ids:
            conditions.append(and_(AuditEntry.entity == entity, AuditEntry.record_id.in_(ids)))
    return or_(*conditions) if conditions else false()
