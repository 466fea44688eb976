"""How an audit entry is written down: its changes, its record's state, its MAC.

The format is pinned by known-value tests (``tests/unit/test_audit_format.py``):
every existing database's chain depends on it, so a change here is a migration.

An entry holds

- ``changes``: JSON ``{field: [before, after]}`` for the fields the write changed
  (a creation keeps only the fields that name the record, such as a child's case
  number; a deletion keeps every field it had);
- ``state``: the first 16 bytes of the SHA-256 of the record's row as the
  database stores it after the write (``row_state``), so ``check`` can tell
  whether a row still is what the program last wrote, without the trail holding
  a copy of every row;
- ``mac``: HMAC-SHA256, under the center's audit key, of the entry's content
  together with the MAC of the entry before it (``entry_mac``).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

#: The state digest's length in bytes.
STATE_SIZE = 16
#: The MAC's length in bytes (HMAC-SHA256).
MAC_SIZE = 32
#: How SQLAlchemy stores a ``DateTime`` in SQLite; the MAC covers the stored text.
STORED_MOMENT = "%Y-%m-%d %H:%M:%S.%f"

#: The fields a creation keeps, so a record deleted outside the program can be named.
IDENTITY: dict[str, tuple[str, ...]] = {
    "child": ("case_no",),
    "staff": ("username",),
    "admission": ("child_id",),
    "contact": ("child_id",),
    "note": ("child_id",),
    "photo": ("child_id",),
    "task": ("child_id",),
    "belonging": ("admission_id",),
}


def _canonical(value: object) -> bytes:
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode()


def plain(value: Any) -> Any:
    """Return a column value as JSON data: bytes as their SHA-256, moments as ISO text."""
    if isinstance(value, bytes | memoryview):
        return "sha256:" + hashlib.sha256(value).hexdigest()
    if isinstance(value, dt.datetime) and value.tzinfo is not None:
        return value.astimezone(dt.UTC).isoformat()
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    return value


def row_state(columns: Sequence[str], values: Sequence[Any]) -> bytes:
    """Return the state digest of a row given as the database stores it.

    Empty columns (NULL or empty text) are left out: a migration that adds a
    column empty for existing rows changes no digest. One that fills a column
    must record the rows it changed. Blobs count by their SHA-256 (``plain``).
    """
    row = {
        name: value
        for name, value in zip(columns, values, strict=True)
        if value is not None and value != ""
    }
    text = json.dumps(row, ensure_ascii=False, sort_keys=True, separators=(",", ":"), default=plain)
    return hashlib.sha256(text.encode()).digest()[:STATE_SIZE]


def diff(before: Mapping[str, Any] | None, after: Mapping[str, Any] | None) -> dict[str, list[Any]]:
    """Return ``{field: [before, after]}`` for every field whose value differs."""
    old, new = before or {}, after or {}
    return {
        key: [old.get(key), new.get(key)]
        for key in sorted(set(old) | set(new))
        if old.get(key) != new.get(key)
    }


def creation(entity: str, after: Mapping[str, Any] | None) -> dict[str, list[Any]]:
    """Return what a creation keeps of its record: the fields that name it."""
    values = after or {}
    return {key: [None, values[key]] for key in IDENTITY.get(entity, ()) if key in values}


def dump_changes(changes: Mapping[str, Sequence[Any]]) -> str:
    """Return the stored text of ``changes`` (empty when nothing is kept)."""
    if not changes:
        return ""
    return json.dumps(
        changes, ensure_ascii=False, sort_keys=True, separators=(",", ":"), default=plain
    )


def stored_moment(moment: dt.datetime) -> str:
    """Return ``moment`` as the text SQLite holds for it (naive UTC, microseconds)."""
    return moment.astimezone(dt.UTC).replace(tzinfo=None).strftime(STORED_MOMENT)


def entry_mac(
    key: bytes,
    prev_mac: bytes | None,
    fields: Iterable[Any],
) -> bytes:
    """Return the MAC of an entry's stored ``fields`` following ``prev_mac``.

    ``fields`` are, in order: id, at (the stored text), staff_id, actor, action,
    entity, record_id, changes (the stored text), state (bytes or None).
    """
    content: list[Any] = [prev_mac.hex() if prev_mac else ""]
    for value in fields:
        content.append(value.hex() if isinstance(value, bytes) else value)
    message = json.dumps(content, ensure_ascii=False, separators=(",", ":")).encode()
    return hmac.new(key, message, hashlib.sha256).digest()
