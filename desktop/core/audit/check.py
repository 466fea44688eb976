"""``homeward check``: is the database sound, current, and its trail untouched?"""

from __future__ import annotations

import json
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from desktop.core.audit import trail as audit
from desktop.core.audit.trail import ENTITY_LABELS
from desktop.core.i18n import _
from desktop.core.store.db import Database, OpenMode, integrity_problems, read_revision
from desktop.core.store.migrations import HEAD
from desktop.core.store.models import (
    Admission,
    AuditEntry,
    Base,
    Bed,
    Belonging,
    Center,
    Child,
    Contact,
    Note,
    Photo,
    Placement,
    Room,
    Staff,
    Task,
)

#: Audited tables whose rows must equal the last "after" the trail holds for them.
AUDITED: dict[str, tuple[type[Base], tuple[str, ...]]] = {
    "staff": (Staff, ("password_hash",)),
    "center": (Center, ()),
    "child": (Child, ()),
    "admission": (Admission, ()),
    "belonging": (Belonging, ()),
    "contact": (Contact, ()),
    "note": (Note, ()),
    "photo": (Photo, ()),
    "task": (Task, ()),
    "room": (Room, ()),
    "bed": (Bed, ()),
    "placement": (Placement, ()),
}


def check_database(path: Path) -> list[str]:
    """Return every problem found in the database at ``path`` (empty: all is well).

    Raises ``DatabaseProblem`` (or ``DatabaseMissing``) when the file cannot be read at all.
    """
    revision = read_revision(path)
    problems = integrity_problems(path)
    if problems:
        return problems
    if revision != HEAD:
        problems.append(
            _(
                "the schema is at revision {rev}, not {head}; open the database "
                "with Homeward to upgrade it"
            ).format(rev=revision, head=HEAD)
        )
    db = Database.open(path, OpenMode.READ)
    try:
        with db.session() as session:
            report = audit.verify_chain(session)
            if not report.ok:
                problems.append(report.reason)
            problems += _records_match_trail(session)
    finally:
        db.close()
    return problems


#: The value a column added by a later migration holds in rows written before it.
_ADDED_LATER_EMPTY = ("", None, False)


def _same(recorded: dict[str, object], now: dict[str, object]) -> bool:
    """Whether a row equals its last recorded state; a column the entry does not know
    (added by a migration after it was written) must still hold its empty default."""
    for key, value in now.items():
        if key in recorded:
            if recorded[key] != value:
                return False
        elif value not in _ADDED_LATER_EMPTY:
            return False
    return set(recorded) <= set(now)


def _records_match_trail(session: Session) -> list[str]:
    """Compare each audited row with the newest state its trail recorded."""
    problems: list[str] = []
    for entity, (model, hidden) in AUDITED.items():
        newest = (
            select(AuditEntry.record_id, func.max(AuditEntry.id).label("last"))
            .where(AuditEntry.entity == entity)
            .group_by(AuditEntry.record_id)
            .subquery()
        )
        rows = session.execute(
            select(AuditEntry.record_id, AuditEntry.after).join(
                newest, AuditEntry.id == newest.c.last
            )
        )
        after = {record_id: text for record_id, text in rows}
        for row in session.scalars(select(model)):
            key = str(row.id)  # type: ignore[attr-defined]
            recorded = after.get(key)
            if recorded is None:
                problems.append(
                    _("{entity} {id} has no audit entry: it was added outside the program").format(
                        entity=_(ENTITY_LABELS[entity]), id=key
                    )
                )
            elif not _same(json.loads(recorded), audit.snapshot(row, hidden)):
                problems.append(
                    _(
                        "{entity} {id} differs from its last audit entry: it was "
                        "changed outside the program"
                    ).format(entity=_(ENTITY_LABELS[entity]), id=key)
                )
    return problems
