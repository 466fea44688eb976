"""The audit trail: every write adds an entry in the same transaction, chained by MAC.

Each entry's MAC (under the center's audit key, which is not in the database)
covers its content and the MAC of the entry before it; entries are numbered
1, 2, 3 ... with no gap, and the newest entry's number and MAC are kept beside
the chain. An entry changed, removed, reordered or added outside the program
breaks the chain at a place ``check`` names, and without the key no one can
write a replacement that passes. Each entry also holds the state digest of its
record's row (``entries``), so a row changed or deleted outside the program no
longer matches its last entry. Two writers can never both append entry n + 1:
the number is the table's primary key.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, cast

from sqlalchemy import Table, bindparam, false, func, insert, select, text
from sqlalchemy.orm import Session

from desktop.core import changes
from desktop.core.audit import anchors, chain, check, entries, subjects
from desktop.core.audit.chain import ChainReport
from desktop.core.audit.kinds import RECORDS
from desktop.core.clock import FIRST_DAY, LAST_DAY, local_midnight_utc
from desktop.core.i18n import _
from desktop.core.staff.access import SystemActor, require
from desktop.core.staff.permissions import Permission
from desktop.core.store.db import Database, connect_readonly
from desktop.core.store.keys import AuditKeyMissing
from desktop.core.store.models import AuditEntry, Base, Setting, Staff, utcnow

HEAD_KEY = "audit.head"
SYSTEM_ACTOR = "system"


def to_plain(value: Any) -> Any:
    """Return ``value`` as JSON-friendly data (dates as ISO text, bytes as a digest)."""
    return entries.plain(value)


def snapshot(record: Base, hidden: Iterable[str] = ()) -> dict[str, Any]:
    """Return the column values of ``record`` as plain data.

    Columns named in ``hidden`` (password hashes) appear only as a digest: the
    trail shows that they changed without holding them.
    """
    secret = set(hidden)
    values: dict[str, Any] = {}
    for column in record.__table__.columns:
        value = getattr(record, column.key)
        if column.key in secret and value is not None:
            value = str(value).encode("utf-8")
        values[column.key] = to_plain(value)
    return values


def audit_key(session: Session) -> bytes:
    """Return the audit key of the database behind ``session``."""
    key = session.info.get("audit_key")
    if not isinstance(key, bytes):
        raise AuditKeyMissing(_("This database was opened without its audit key."))
    return key


def _key_value(key: str, record_id: object) -> object:
    return int(str(record_id)) if key == "id" else str(record_id)


def read_state(session: Session, entity: str, record_id: object) -> bytes | None:
    """Return the state digest of the row the entry is about (None: no such row)."""
    where = RECORDS.get(entity)
    if where is None:
        return None
    table, key = where
    result = session.execute(
        text(f'SELECT * FROM "{table}" WHERE "{key}" = :key'),
        {"key": _key_value(key, record_id)},
    )
    row = result.first()
    return None if row is None else entries.row_state(list(result.keys()), tuple(row))


def _head(session: Session) -> tuple[Setting | None, int, bytes | None]:
    """Return the head setting, the newest entry's id and its MAC (locked until commit)."""
    head = session.scalars(select(Setting).where(Setting.key == HEAD_KEY).with_for_update()).first()
    if head is None:
        return None, 0, None
    last_id, mac = head.value.split(":", 1)
    return head, int(last_id), bytes.fromhex(mac)


def _move_head(session: Session, head: Setting | None, last_id: int, mac: bytes) -> None:
    value = f"{last_id}:{mac.hex()}"
    if head is None:
        session.add(Setting(key=HEAD_KEY, value=value))
    else:
        head.value = value


def record(
    session: Session,
    actor: Staff | SystemActor | None,
    action: str,
    entity: str,
    record_id: object,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
) -> AuditEntry:
    """Append an entry to the trail inside the caller's transaction.

    ``before`` and ``after`` are the record's values around the write (``snapshot``);
    the entry keeps what changed, and the state of the row as it now stands.
    """
    key = audit_key(session)
    session.flush()
    head, last_id, prev_mac = _head(session)
    changed = entries.creation(entity, after) if action == "create" else entries.diff(before, after)
    entry = AuditEntry(
        id=last_id + 1,
        at=utcnow(),
        staff_id=actor.id if isinstance(actor, Staff) else None,
        actor=actor.username if actor is not None else SYSTEM_ACTOR,
        action=action,
        entity=entity,
        record_id=str(record_id),
        changes=entries.dump_changes(changed),
        state=read_state(session, entity, record_id),
    )
    entry.mac = entries.entry_mac(key, prev_mac, stored_fields(entry))
    session.add(entry)
    changes.note(session, entity, record_id)
    session.flush()
    _move_head(session, head, entry.id, entry.mac)
    return entry


def record_row(
    session: Session,
    actor: Staff,
    action: str,
    entity: str,
    row: Any,
    before: dict[str, Any] | None = None,
) -> None:
    """Flush ``row`` and add its audit entry (state before, state now)."""
    session.flush()
    record(session, actor, action, entity, row.id, before, snapshot(row))


def stored_fields(entry: AuditEntry) -> tuple[Any, ...]:
    """Return the fields of ``entry`` its MAC covers, as the database stores them."""
    return (
        entry.id,
        entries.stored_moment(entry.at),
        entry.staff_id,
        entry.actor,
        entry.action,
        entry.entity,
        entry.record_id,
        entry.changes,
        entry.state,
    )


class Batch:
    """Appends creations to the trail many at a time, chained exactly as ``record``
    chains one: for loading many records at once (the demo, an import), where an
    ORM object per entry would cost more than the records themselves.

    The rows must already be inserted: each entry carries its row's stored state.
    """

    def __init__(self, session: Session, actor: Staff | SystemActor) -> None:
        self.key = audit_key(session)
        self.actor = actor
        self.pending: list[tuple[str, dict[str, Any], dt.datetime, str]] = []

    def add(
        self, entity: str, row: dict[str, Any], at: dt.datetime, action: str = "create"
    ) -> None:
        """Note the creation of ``row`` (its column values, ``id`` among them) at ``at``;
        another ``action`` (an import) keeps ``row``'s values as what that action says."""
        self.pending.append((entity, row, at, action))

    def _states(self, session: Session) -> dict[tuple[str, str], bytes]:
        wanted: dict[str, list[int]] = {}
        for entity, row, _at, _action in self.pending:
            wanted.setdefault(entity, []).append(int(row["id"]))
        states: dict[tuple[str, str], bytes] = {}
        for entity, ids in wanted.items():
            table, _key = RECORDS[entity]
            query = text(f'SELECT * FROM "{table}" WHERE id IN :ids')
            query = query.bindparams(bindparam("ids", expanding=True))
            for start in range(0, len(ids), 500):
                result = session.execute(query, {"ids": ids[start : start + 500]})
                columns = list(result.keys())
                where = columns.index("id")
                for values in result:
                    states[entity, str(values[where])] = entries.row_state(columns, tuple(values))
        return states

    def write(self, session: Session) -> int:
        """Insert the entries and move the head; return how many were written."""
        if not self.pending:
            return 0
        session.flush()
        states = self._states(session)
        head, last_id, mac = _head(session)
        staff_id, actor = self.actor.id, self.actor.username
        rows: list[dict[str, Any]] = []
        for entity, row, at, action in self.pending:
            last_id += 1
            record_id = str(row["id"])
            said = {key: value for key, value in row.items() if key != "id"}
            changed = entries.dump_changes(
                entries.creation(entity, row) if action == "create" else entries.diff(None, said)
            )
            state = states[entity, record_id]
            fields = (last_id, entries.stored_moment(at), staff_id, actor, action, entity)
            mac = entries.entry_mac(self.key, mac, (*fields, record_id, changed, state))
            rows.append(
                {
                    "id": last_id,
                    "at": at,
                    "staff_id": staff_id,
                    "actor": actor,
                    "action": action,
                    "entity": entity,
                    "record_id": record_id,
                    "changes": changed,
                    "state": state,
                    "mac": mac,
                }
            )
        session.execute(insert(cast(Table, AuditEntry.__table__)), rows)
        for entity, row, _at, _action in self.pending:
            changes.note(session, entity, row["id"])
        assert mac is not None
        _move_head(session, head, last_id, mac)
        self.pending = []
        return len(rows)


def verify_chain(session: Session) -> ChainReport:
    """Check the whole trail (numbering, MACs, well-formed entries) for the audit screen."""
    raw = session.connection().connection.driver_connection
    return chain.verify(raw, session.info.get("audit_key"))


@dataclass(frozen=True)
class AuditFilter:
    """What the audit screen asks for; ``None`` means any. Dates are local calendar days."""

    staff_id: int | None = None
    entity: str | None = None
    record_id: str | None = None
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    #: A child's case number: the entries about that child and every record of theirs.
    case_no: str | None = None


def _filtered(session: Session, query: Any, wanted: AuditFilter) -> Any:
    if wanted.staff_id is not None:
        query = query.where(AuditEntry.staff_id == wanted.staff_id)
    if wanted.entity:
        query = query.where(AuditEntry.entity == wanted.entity)
    if wanted.record_id:
        query = query.where(AuditEntry.record_id == wanted.record_id.strip())
    if wanted.case_no and wanted.case_no.strip():
        query = query.where(subjects.about_child(session, wanted.case_no))
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
        query = _filtered(session, select(AuditEntry), wanted)
        query = query.order_by(AuditEntry.id.desc()).offset(offset).limit(limit)
        return list(session.scalars(query))


def entry_children(
    db: Database, actor: Staff, listed: list[AuditEntry]
) -> dict[int, subjects.Subject]:
    """Return, by entry id, the child each of the ``listed`` entries is about (admin only)."""
    with db.session() as session:
        _require_audit(session, actor)
        return subjects.subjects(session, listed)


def count_entries(db: Database, actor: Staff, wanted: AuditFilter) -> int:
    """Return how many entries the filter matches (admin only)."""
    with db.session() as session:
        _require_audit(session, actor)
        query = _filtered(session, select(func.count()).select_from(AuditEntry), wanted)
        return int(session.scalar(query) or 0)


def check_chain(db: Database, actor: Staff) -> ChainReport:
    """Check the trail and every audited record against it, for the audit screen (admin only).

    The same as ``homeward check`` without SQLite's own integrity check: the
    chain, the heads remembered by backups, and rows changed, added or deleted
    outside the program.
    """
    with db.session() as session:
        _require_audit(session, actor)
    # On a connection of its own that only reads: the desk's sessions take the write
    # lock as they begin, so walking a big trail in one would stall every other read
    # and write until it ended (or until SQLite gave up waiting).
    with contextlib.closing(connect_readonly(db.path)) as raw:
        raw.execute("BEGIN")
        report = chain.verify(raw, db.key, anchors.recorded(db.path))
        records = check.records_match_trail(raw)
    if not records:
        return report
    reason = report.reason or records[0]
    more = report.more + tuple(records if report.reason else records[1:])
    return ChainReport(report.entries, report.broken_id, reason, more)


def entities(db: Database, actor: Staff) -> list[str]:
    """Return the kinds of record the trail mentions, for the screen's filter."""
    with db.session() as session:
        _require_audit(session, actor)
        query = select(AuditEntry.entity).distinct().order_by(AuditEntry.entity)
        return list(session.scalars(query))


def _model(table: str) -> type[Base] | None:
    """The ORM class of ``table``."""
    return next(
        (
            m.class_
            for m in Base.registry.mappers
            if getattr(m.class_, "__tablename__", "") == table
        ),
        None,
    )


def created_values(db: Database, actor: Staff, entry_id: int) -> dict[str, Any]:
    """The values a record was created with, for the entry that created it.

    The trail keeps no copy of a new record; its row as it stands now, with every
    later change undone (newest first), is the record as it was created. Empty
    when the entry is not a creation or the record is gone.
    """
    with db.session() as session:
        require(session, actor, Permission.READ)
        entry = session.get(AuditEntry, entry_id)
        if entry is None or entry.action != "create" or entry.entity not in RECORDS:
            return {}
        model = _model(RECORDS[entry.entity][0])
        row = (
            session.get(model, _key_value(RECORDS[entry.entity][1], entry.record_id))
            if model
            else None
        )
        if row is None:
            return {}
        values = snapshot(row, ("password_hash",))
        later = session.scalars(
            select(AuditEntry.changes)
            .where(
                AuditEntry.entity == entry.entity,
                AuditEntry.record_id == entry.record_id,
                AuditEntry.id > entry.id,
            )
            .order_by(AuditEntry.id.desc())
        )
        for text_ in later:
            for field, pair in _pairs(text_).items():
                values[field] = pair[0]
        return values


def _pairs(changes_text: str) -> dict[str, list[Any]]:
    try:
        loaded = json.loads(changes_text) if changes_text else {}
    except ValueError:
        return {}
    if not isinstance(loaded, dict):
        return {}
    return {k: v for k, v in loaded.items() if isinstance(v, list) and len(v) == 2}


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
