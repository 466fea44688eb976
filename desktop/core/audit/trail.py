"""The audit trail: every write adds an entry in the same transaction, chained by hash.

Each entry carries the hash of the one before it, and the newest entry's id and
hash are kept beside the chain, so a row changed, removed or appended outside
the program breaks the chain at a place ``verify_chain`` can name.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, cast

from sqlalchemy import Table, false, func, insert, select
from sqlalchemy.orm import Session

from desktop.core import changes
from desktop.core.clock import FIRST_DAY, LAST_DAY, local_midnight_utc
from desktop.core.i18n import N_, _
from desktop.core.staff.access import SystemActor, require
from desktop.core.staff.permissions import Permission
from desktop.core.store.db import Database
from desktop.core.store.models import AuditEntry, Base, Setting, Staff, utcnow

#: How the audit screen names each action and kind of record (translated when shown).
ACTION_LABELS: dict[str, str] = {
    "create": N_("Created"),
    "update": N_("Changed"),
    "sign_in": N_("Signed in"),
    "sign_in_failed": N_("Wrong password"),
    "account_locked": N_("Account locked"),
    "activate": N_("Reactivated"),
    "deactivate": N_("Deactivated"),
    "reset_password": N_("Password reset"),
    "change_password": N_("Password changed"),
    "void": N_("Voided"),
    "merge": N_("Merged"),
    "discharge": N_("Discharged"),
    "return": N_("Returned"),
    "dispose": N_("Handed over or destroyed"),
    "complete": N_("Completed"),
    "cancel": N_("Cancelled"),
    "restore": N_("Restored"),
    "export": N_("Exported"),
    "import": N_("Imported"),
}
ENTITY_LABELS: dict[str, str] = {
    "staff": N_("Staff member"),
    "center": N_("Center profile"),
    "setting": N_("Setting"),
    "child": N_("Child"),
    "admission": N_("Admission"),
    "belonging": N_("Belonging"),
    "contact": N_("Contact"),
    "note": N_("Note"),
    "photo": N_("Photo"),
    "task": N_("Task"),
    "task_rule": N_("Task rule"),
    "database": N_("Database"),
    "export": N_("Export"),
    "ledger": N_("Ledger import"),
}

GENESIS = "0" * 64
HEAD_KEY = "audit.head"
SYSTEM_ACTOR = "system"


def to_plain(value: Any) -> Any:
    """Return ``value`` as JSON-friendly data (dates as ISO text, bytes as a digest)."""
    if isinstance(value, dt.datetime) and value.tzinfo is not None:
        return value.astimezone(dt.UTC).isoformat()
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    if isinstance(value, bytes):
        return "sha256:" + hashlib.sha256(value).hexdigest()
    return value


def snapshot(record: Base, hidden: Iterable[str] = ()) -> dict[str, Any]:
    """Return the column values of ``record`` as plain data.

    Columns named in ``hidden`` (password hashes) appear only as a digest: the
    trail shows that they changed, and ``check`` can see an edit, without holding them.
    """
    secret = set(hidden)
    values: dict[str, Any] = {}
    for column in record.__table__.columns:
        value = getattr(record, column.key)
        if column.key in secret and value is not None:
            value = str(value).encode("utf-8")
        values[column.key] = to_plain(value)
    return values


def _dump(data: dict[str, Any] | None) -> str:
    return "" if data is None else json.dumps(data, ensure_ascii=False, sort_keys=True)


def entry_hash(entry: AuditEntry) -> str:
    """Return the SHA-256 of an entry's content together with the hash before it."""
    content = [
        entry.prev_hash,
        entry.at.astimezone(dt.UTC).isoformat(),
        entry.staff_id,
        entry.actor,
        entry.action,
        entry.entity,
        entry.record_id,
        entry.before,
        entry.after,
    ]
    encoded = json.dumps(content, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    return hashlib.sha256(encoded).hexdigest()


def record(
    session: Session,
    actor: Staff | SystemActor | None,
    action: str,
    entity: str,
    record_id: object,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
) -> AuditEntry:
    """Append an entry to the trail inside the caller's transaction."""
    head = session.get(Setting, HEAD_KEY)
    prev_hash = head.value.split(":", 1)[1] if head else GENESIS
    entry = AuditEntry(
        at=utcnow(),
        staff_id=actor.id if isinstance(actor, Staff) else None,
        actor=actor.username if actor is not None else SYSTEM_ACTOR,
        action=action,
        entity=entity,
        record_id=str(record_id),
        before=_dump(before),
        after=_dump(after),
        prev_hash=prev_hash,
    )
    entry.hash = entry_hash(entry)
    session.add(entry)
    changes.note(session, entity, record_id)
    session.flush()
    if head is None:
        session.add(Setting(key=HEAD_KEY, value=f"{entry.id}:{entry.hash}"))
    else:
        head.value = f"{entry.id}:{entry.hash}"
    return entry


#: Column values that are already plain data in an audit snapshot.
_AS_IS = frozenset({str, int, bool, float, type(None)})


class _Pending:
    """The fields of an audit entry that ``audit.entry_hash`` reads, kept in plain
    slots: one reused object instead of an ORM instance per entry."""

    __slots__ = (
        "action",
        "actor",
        "after",
        "at",
        "before",
        "entity",
        "prev_hash",
        "record_id",
        "staff_id",
    )

    def __init__(self, actor: Staff | SystemActor) -> None:
        self.staff_id: int | None = actor.id
        self.actor: str = actor.username
        self.action = "create"
        self.before = ""
        self.after = ""
        self.entity = ""
        self.record_id = ""
        self.prev_hash = ""
        self.at = utcnow()


class Batch:
    """Appends creations to the trail many at a time, chained exactly as ``record``
    chains one: for loading many records at once (the demo, an import), where an
    ORM object per entry would cost more than the records themselves."""

    def __init__(self, session: Session, actor: Staff | SystemActor) -> None:
        self.head = session.get(Setting, HEAD_KEY)
        if self.head is None:  # pragma: no cover - set-up always writes entries
            self.next_id, self.prev_hash = 1, GENESIS
        else:
            last_id, self.prev_hash = self.head.value.split(":", 1)
            self.next_id = int(last_id) + 1
        self.probe = _Pending(actor)
        self.rows: list[dict[str, Any]] = []

    def add(
        self, entity: str, row: dict[str, Any], at: dt.datetime, action: str = "create"
    ) -> None:
        """Chain the creation of ``row`` (its full column values) onto the trail; another
        ``action`` (an import) chains ``row`` as that action's state."""
        after = {
            key: value if type(value) in _AS_IS else to_plain(value) for key, value in row.items()
        }
        probe = self.probe
        probe.at = at
        probe.action = action
        probe.entity = entity
        probe.record_id = str(row["id"])
        probe.after = json.dumps(after, ensure_ascii=False, sort_keys=True)
        probe.prev_hash = self.prev_hash
        digest = entry_hash(cast(AuditEntry, probe))
        self.rows.append(
            {
                "id": self.next_id,
                "at": at,
                "staff_id": probe.staff_id,
                "actor": probe.actor,
                "action": action,
                "entity": entity,
                "record_id": probe.record_id,
                "before": "",
                "after": probe.after,
                "prev_hash": self.prev_hash,
                "hash": digest,
            }
        )
        self.prev_hash = digest
        self.next_id += 1

    def write(self, session: Session) -> int:
        """Insert the entries and move the head; return how many were written."""
        if not self.rows:
            return 0
        session.execute(insert(cast(Table, AuditEntry.__table__)), self.rows)
        for row in self.rows:
            changes.note(session, row["entity"], row["record_id"])
        head = f"{self.next_id - 1}:{self.prev_hash}"
        if self.head is None:  # pragma: no cover
            session.add(Setting(key=HEAD_KEY, value=head))
        else:
            self.head.value = head
        written = len(self.rows)
        self.rows = []
        return written


@dataclass(frozen=True)
class ChainReport:
    """The outcome of checking the trail: ``ok``, or the first broken entry and why."""

    entries: int
    broken_id: int | None = None
    reason: str = ""

    @property
    def ok(self) -> bool:
        """True when every entry is intact and in its place."""
        return self.broken_id is None and not self.reason


def verify_chain(session: Session) -> ChainReport:
    """Recompute the chain from the first entry and report the first break."""
    expected_prev = GENESIS
    last: AuditEntry | None = None
    count = 0
    query = select(AuditEntry).order_by(AuditEntry.id).execution_options(yield_per=2000)
    rows = session.scalars(query)
    for entry in rows:
        count += 1
        if entry.prev_hash != expected_prev:
            return ChainReport(
                count,
                entry.id,
                _(
                    "audit entry {id} does not follow the entry before it "
                    "(an entry was removed or inserted)"
                ).format(id=entry.id),
            )
        if entry_hash(entry) != entry.hash:
            return ChainReport(
                count,
                entry.id,
                _("audit entry {id} was changed after it was written").format(id=entry.id),
            )
        expected_prev = entry.hash
        last = entry
    head = session.get(Setting, HEAD_KEY)
    recorded = head.value if head else None
    actual = f"{last.id}:{last.hash}" if last else None
    if recorded != actual:
        return ChainReport(
            count,
            None,
            _(
                "the newest audit entries were removed or added outside the program "
                "(the trail ends at {actual}, expected {recorded})"
            ).format(actual=actual or "-", recorded=recorded or "-"),
        )
    return ChainReport(count)


@dataclass(frozen=True)
class AuditFilter:
    """What the audit screen asks for; ``None`` means any. Dates are local calendar days."""

    staff_id: int | None = None
    entity: str | None = None
    record_id: str | None = None
    date_from: dt.date | None = None
    date_to: dt.date | None = None


def _filtered(query: Any, wanted: AuditFilter) -> Any:
    if wanted.staff_id is not None:
        query = query.where(AuditEntry.staff_id == wanted.staff_id)
    if wanted.entity:
        query = query.where(AuditEntry.entity == wanted.entity)
    if wanted.record_id:
        query = query.where(AuditEntry.record_id == wanted.record_id.strip())
    first, last = FIRST_DAY, LAST_DAY
    start, end = wanted.date_from, wanted.date_to
    if (start is not None and start > last) or (end is not None and end < first):
        return query.where(false())  # Python's calendar ends there; no entry does
    if start is not None and start > first:
        query = query.where(AuditEntry.at >= local_midnight_utc(start))
    if end is not None and end < last:
        query = query.where(AuditEntry.at < local_midnight_utc(end + dt.timedelta(days=1)))
    return query


def list_entries(
    db: Database, actor: Staff, wanted: AuditFilter, offset: int = 0, limit: int = 200
) -> list[AuditEntry]:
    """Return a page of the trail, newest first, as the filter asks (admin only)."""
    with db.session() as session:
        _require_audit(session, actor)
        query = _filtered(select(AuditEntry), wanted)
        query = query.order_by(AuditEntry.id.desc()).offset(offset).limit(limit)
        return list(session.scalars(query))


def count_entries(db: Database, actor: Staff, wanted: AuditFilter) -> int:
    """Return how many entries the filter matches (admin only)."""
    with db.session() as session:
        _require_audit(session, actor)
        query = _filtered(select(func.count()).select_from(AuditEntry), wanted)
        return int(session.scalar(query) or 0)


def check_chain(db: Database, actor: Staff) -> ChainReport:
    """Verify the whole chain for the audit screen (admin only)."""
    with db.session() as session:
        _require_audit(session, actor)
        return verify_chain(session)


def entities(db: Database, actor: Staff) -> list[str]:
    """Return the kinds of record the trail mentions, for the screen's filter."""
    with db.session() as session:
        _require_audit(session, actor)
        query = select(AuditEntry.entity).distinct().order_by(AuditEntry.entity)
        return list(session.scalars(query))


def _require_audit(session: Session, actor: Staff) -> None:
    require(session, actor, Permission.VIEW_AUDIT)


@dataclass(frozen=True)
class TrailToday:
    """What the dashboard says of the trail: today's entries and the latest one's time."""

    entries_today: int
    last_at: dt.datetime | None


def today(db: Database, actor: Staff, now: dt.datetime | None = None) -> TrailToday:
    """Count the entries written since local midnight (counts only: anyone who may read)."""
    moment = now or utcnow()
    since = local_midnight_utc(moment.astimezone().date())
    with db.session() as session:
        require(session, actor, Permission.READ)
        count = session.scalar(
            select(func.count()).select_from(AuditEntry).where(AuditEntry.at >= since)
        )
        last = session.scalar(select(AuditEntry.at).order_by(AuditEntry.id.desc()).limit(1))
    return TrailToday(entries_today=int(count or 0), last_at=last)
