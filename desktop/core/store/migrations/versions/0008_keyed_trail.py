"""The audit trail keeps what changed and a MAC under the center's key.

Before: each entry held full JSON snapshots before and after the write, chained by
plain SHA-256 that anyone could recompute. After: each entry holds
``{field: [before, after]}`` of the fields it changed, the state digest of its
record's row, and an HMAC-SHA256 under the audit key kept outside the database
(``desktop.core.audit.entries``). Entries are renumbered 1, 2, 3 ... in their
old order.

The old chain is checked while it is converted, and the migration's own entry
(action ``migrate``) says how many entries it converted, the old head, and
whether the old chain was intact (and if not, where it first broke). The rows as
they stand at the upgrade become the states the new trail vouches for; rows no
entry mentioned (the task rules an earlier migration seeded) are taken in with
an ``adopt`` entry each, counted in the migration's entry.

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-29
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Iterator
from typing import Any

import sqlalchemy as sa
from alembic import context, op

from desktop.core.audit import entries

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None

HEAD_KEY = "audit.head"
GENESIS = "0" * 64
CHUNK = 5000
#: Kind of record -> (table, key column): where each record's row is.
RECORDS = {
    "staff": ("staff", "id"),
    "center": ("center", "id"),
    "setting": ("setting", "key"),
    "child": ("child", "id"),
    "admission": ("admission", "id"),
    "belonging": ("belonging", "id"),
    "contact": ("contact", "id"),
    "note": ("note", "id"),
    "photo": ("photo", "id"),
    "task": ("task", "id"),
    "task_rule": ("task_rule", "kind"),
    "room": ("room", "id"),
    "bed": ("bed", "id"),
    "placement": ("placement", "id"),
}


def _old_hash(row: Any, aware_at: str) -> str:
    """The entry hash of revisions 0001-0006 (unkeyed SHA-256 over the entry)."""
    content = [
        row.prev_hash, aware_at, row.staff_id, row.actor, row.action,
        row.entity, row.record_id, row.before, row.after,
    ]  # fmt: skip
    encoded = json.dumps(content, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    return hashlib.sha256(encoded).hexdigest()


def _loaded(text: str | None) -> dict[str, Any] | None:
    if not text:
        return None
    try:
        value = json.loads(text)
    except ValueError:
        return None
    return value if isinstance(value, dict) else None


def _states(bind: sa.Connection) -> dict[tuple[str, str], bytes]:
    """The state digest of every audited row as it stands now."""
    states: dict[tuple[str, str], bytes] = {}
    for entity, (table, key) in RECORDS.items():
        result = bind.exec_driver_sql(f'SELECT CAST("{key}" AS TEXT), * FROM "{table}"')
        columns = [item[0] for item in result.cursor.description][1:]
        for values in result:
            states[entity, values[0]] = entries.row_state(columns, values[1:])
    return states


def _last_ids(bind: sa.Connection) -> set[int]:
    rows = bind.exec_driver_sql("SELECT max(id) FROM audit_entry GROUP BY entity, record_id")
    return {int(row[0]) for row in rows}


def _old_entries(bind: sa.Connection) -> Iterator[Any]:
    result = bind.execution_options(yield_per=CHUNK).execute(
        sa.text(
            "SELECT id, at, staff_id, actor, action, entity, record_id, before, after, "
            "prev_hash, hash FROM audit_entry ORDER BY id"
        )
    )
    yield from result


def upgrade() -> None:
    bind = op.get_bind()
    key: bytes = context.config.attributes["audit_key"]
    op.create_table(
        "audit_entry_new",
        sa.Column("id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("staff_id", sa.Integer(), nullable=True),
        sa.Column("actor", sa.String(length=64), nullable=False),
        sa.Column("action", sa.String(length=40), nullable=False),
        sa.Column("entity", sa.String(length=40), nullable=False),
        sa.Column("record_id", sa.String(length=40), nullable=False),
        sa.Column("changes", sa.Text(), nullable=False),
        sa.Column("state", sa.LargeBinary(length=16), nullable=True),
        sa.Column("mac", sa.LargeBinary(length=32), nullable=False),
        sa.ForeignKeyConstraint(["staff_id"], ["staff.id"], name="fk_audit_entry_staff_id_staff"),
        sa.PrimaryKeyConstraint("id", name="pk_audit_entry"),
    )
    states = _states(bind)
    last_ids = _last_ids(bind)
    prev_mac: bytes | None = None
    expected_prev, broken_at, count, old_head = GENESIS, None, 0, None
    batch: list[dict[str, Any]] = []
    for row in _old_entries(bind):
        count += 1
        at_text = str(row.at)
        moment = dt.datetime.fromisoformat(at_text).replace(tzinfo=dt.UTC)
        if broken_at is None and (
            row.prev_hash != expected_prev or _old_hash(row, moment.isoformat()) != row.hash
        ):
            broken_at = row.id
        expected_prev = row.hash
        old_head = f"{row.id}:{row.hash}"
        before, after = _loaded(row.before), _loaded(row.after)
        if row.action == "create":
            changed = entries.creation(row.entity, after)
        else:
            changed = entries.diff(before, after)
        state = states.get((row.entity, row.record_id)) if row.id in last_ids else None
        values = {
            "id": count,
            "at": entries.stored_moment(moment),
            "staff_id": row.staff_id,
            "actor": row.actor,
            "action": row.action,
            "entity": row.entity,
            "record_id": row.record_id,
            "changes": entries.dump_changes(changed),
            "state": state,
        }
        prev_mac = entries.entry_mac(key, prev_mac, [*values.values()])
        values["mac"] = prev_mac
        batch.append(values)
        if len(batch) >= CHUNK:
            bind.execute(_INSERT, batch)
            batch = []
    recorded = bind.execute(
        sa.text("SELECT value FROM setting WHERE key = :key"), {"key": HEAD_KEY}
    ).scalar()
    if broken_at is None and recorded != old_head:
        broken_at = count + 1
    adopted = _unaudited(bind)
    moment = entries.stored_moment(dt.datetime.now(dt.UTC))
    for number, (entity, record_id) in enumerate(adopted, start=count + 1):
        values = {
            "id": number,
            "at": moment,
            "staff_id": None,
            "actor": "system",
            "action": "adopt",
            "entity": entity,
            "record_id": record_id,
            "changes": "",
            "state": states[entity, record_id],
        }
        prev_mac = entries.entry_mac(key, prev_mac, [*values.values()])
        batch.append({**values, "mac": prev_mac})
    if count or recorded is not None:  # a new database has no old trail to speak of
        prev_mac = _append_own_entry(
            bind, key, prev_mac, batch, count, adopted, old_head, broken_at
        )
    if batch:
        bind.execute(_INSERT, batch)
    if prev_mac is not None:
        head = {"k": HEAD_KEY, "v": f"{_last_id(batch)}:{prev_mac.hex()}"}
        if recorded is None:
            bind.execute(sa.text("INSERT INTO setting (key, value) VALUES (:k, :v)"), head)
        else:
            bind.execute(sa.text("UPDATE setting SET value = :v WHERE key = :k"), head)
    op.drop_table("audit_entry")
    op.rename_table("audit_entry_new", "audit_entry")
    op.create_index("ix_audit_entry_at", "audit_entry", ["at"])
    op.create_index("ix_audit_entry_record", "audit_entry", ["entity", "record_id", "id"])


_INSERT = sa.text(
    "INSERT INTO audit_entry_new (id, at, staff_id, actor, action, entity, record_id, "
    "changes, state, mac) VALUES (:id, :at, :staff_id, :actor, :action, :entity, "
    ":record_id, :changes, :state, :mac)"
)


def _last_id(batch: list[dict[str, Any]]) -> int:
    return int(batch[-1]["id"])


def _append_own_entry(
    bind: sa.Connection,
    key: bytes,
    prev_mac: bytes | None,
    batch: list[dict[str, Any]],
    count: int,
    adopted: list[tuple[str, str]],
    old_head: str | None,
    broken_at: int | None,
) -> bytes:
    """Add the migration's own entry to ``batch``; return its MAC."""
    own: dict[str, Any] = {
        "id": count + len(adopted) + 1,
        "at": entries.stored_moment(dt.datetime.now(dt.UTC)),
        "staff_id": None,
        "actor": "system",
        "action": "migrate",
        "entity": "database",
        "record_id": "audit_trail",
        "changes": entries.dump_changes(
            {
                "trail": ["sha256 chain of full snapshots", "keyed chain of changes"],
                "entries": [count, count],
                "taken_in": [None, len(adopted)],
                "old_head": [old_head, None],
                "old_chain": [
                    "intact" if broken_at is None else f"broken at entry {broken_at}",
                    None,
                ],
            }
        ),
        "state": None,
    }
    mac = entries.entry_mac(key, prev_mac, [*own.values()])
    batch.append({**own, "mac": mac})
    return mac


def _unaudited(bind: sa.Connection) -> list[tuple[str, str]]:
    """Rows no entry mentions (rows a migration seeded, such as the task rules)."""
    found: list[tuple[str, str]] = []
    for entity, (table, key) in RECORDS.items():
        rows = bind.exec_driver_sql(
            f'SELECT CAST("{key}" AS TEXT) FROM "{table}" WHERE CAST("{key}" AS TEXT) NOT IN '
            "(SELECT record_id FROM audit_entry WHERE entity = ?) ORDER BY 1",
            (entity,),
        )
        found += [
            (entity, str(row[0])) for row in rows if (entity, row[0]) != ("setting", HEAD_KEY)
        ]
    return found


def downgrade() -> None:
    raise NotImplementedError("the keyed trail cannot be turned back into snapshots")
