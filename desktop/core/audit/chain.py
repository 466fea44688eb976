"""Checking the trail's chain: one pass in order, constant memory, every break named.

Works on the driver's own connection (``sqlite3``) so that a trail of a million
entries is read as plain tuples, never as ORM objects.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import hmac
import json
import sqlite3
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from desktop.core.audit.entries import MAC_SIZE, STATE_SIZE, STORED_MOMENT
from desktop.core.i18n import _

#: Called now and then with (entries checked, entries in all).
Progress = Callable[[int, int], None]

HEAD_KEY = "audit.head"
STORED_EXAMPLE = "2026-11-29 10:00:00.000000"
_COLUMNS = "id, at, staff_id, actor, action, entity, record_id, changes, state, mac"
#: SQLite writes out an entry's MAC message (all but the MAC before it) in C. Any
#: value it would spell otherwise than ``_mac`` does only sends that entry down the
#: Python path: a state that is not a blob becomes "!", which no entry's MAC covers.
_MESSAGE = (
    "json_array(id, at, staff_id, actor, action, entity, record_id, changes, "
    "CASE typeof(state) WHEN 'null' THEN NULL WHEN 'blob' THEN lower(hex(state)) ELSE '!' END)"
)
#: One entry as the walk sees it: id, stored MAC, whether the MAC holds, its whole row.
_Walked = tuple[Any, Any, bool, Callable[[], tuple[Any, ...]]]


@dataclass(frozen=True)
class ChainReport:
    """The outcome of checking the trail: ``ok``, or the first broken entry and why."""

    entries: int
    broken_id: int | None = None
    reason: str = ""
    #: Further problems found after the first (a missing key, a backup's head).
    more: tuple[str, ...] = field(default=())

    @property
    def ok(self) -> bool:
        """True when every entry is intact and in its place."""
        return self.broken_id is None and not self.reason and not self.more

    @property
    def problems(self) -> list[str]:
        """Every problem found, the first break first."""
        return ([self.reason] if self.reason else []) + list(self.more)


@dataclass(frozen=True)
class Anchor:
    """A head of the trail recorded somewhere else (a backup, a snapshot)."""

    entry_id: int
    mac: bytes
    where: str


def _moment_text(value: Any) -> str:
    if isinstance(value, str):
        return value
    if isinstance(value, dt.datetime):
        naive = value.astimezone(dt.UTC).replace(tzinfo=None) if value.tzinfo else value
        return naive.strftime(STORED_MOMENT)
    raise TypeError("at")


def malformation(row: tuple[Any, ...]) -> str | None:
    """Return what is wrong with the shape of a raw entry row, or None."""
    _id, at, staff_id, actor, action, entity, record_id, changes, state, mac = row
    if not isinstance(mac, bytes) or len(mac) != MAC_SIZE:
        return "mac"
    if state is not None and (not isinstance(state, bytes) or len(state) != STATE_SIZE):
        return "state"
    if staff_id is not None and not isinstance(staff_id, int):
        return "staff_id"
    for name, value in (("actor", actor), ("action", action), ("entity", entity)):
        if not isinstance(value, str) or not value:
            return name
    if not isinstance(record_id, str):
        return "record_id"
    try:
        text = _moment_text(at)
        if len(text) != len(STORED_EXAMPLE) or text[10] != " ":
            return "at"
        dt.datetime.fromisoformat(text)
    except (TypeError, ValueError):
        return "at"
    if not isinstance(changes, str):
        return "changes"
    if changes:
        try:
            loaded = json.loads(changes)
        except ValueError:
            return "changes"
        pairs = isinstance(loaded, dict) and all(
            isinstance(v, list) and len(v) == 2 for v in loaded.values()
        )
        if not pairs:
            return "changes"
    return None


def _mac(keyed: hmac.HMAC, prev: bytes | None, row: tuple[Any, ...]) -> bytes:
    """The MAC ``entries.entry_mac`` gives, computed straight from a raw row.

    ``keyed`` is an HMAC already holding the key, copied for each entry.
    """
    _id, at, staff_id, actor, action, entity, record_id, changes, state, _stored = row
    content = [
        prev.hex() if prev else "",
        _id,
        _moment_text(at),
        staff_id,
        actor,
        action,
        entity,
        record_id,
        changes,
        state.hex() if state is not None else None,
    ]
    mac = keyed.copy()
    mac.update(json.dumps(content, ensure_ascii=False, separators=(",", ":")).encode())
    return mac.digest()


def _authentic(keyed: hmac.HMAC, prev: bytes | None, row: tuple[Any, ...]) -> bool:
    """True when the entry's stored MAC is the one its content gives."""
    try:
        return hmac.compare_digest(_mac(keyed, prev, row), row[9])
    except (TypeError, ValueError, AttributeError):
        return False


def _walk_python(raw: Any, key: bytes | None) -> Iterator[_Walked]:
    """Every entry in order, its MAC computed from the whole row in Python."""
    keyed = hmac.new(key, digestmod=hashlib.sha256) if key is not None else None
    prev: bytes | None = None
    for row in raw.execute(f"SELECT {_COLUMNS} FROM audit_entry ORDER BY id"):
        authentic = keyed is not None and _authentic(keyed, prev, row)
        yield row[0], row[9], authentic, functools.partial(tuple, row)
        prev = row[9]


def _walk_sqlite(raw: sqlite3.Connection, key: bytes) -> Iterator[_Walked]:
    """Every entry in order, its MAC message written by SQLite; a mismatch is tried in Python."""
    keyed = hmac.new(key, digestmod=hashlib.sha256)
    prev: bytes | None = None
    for entry_id, mac, message in raw.execute(
        f"SELECT id, mac, {_MESSAGE} FROM audit_entry ORDER BY id"
    ):
        whole = f'["{prev.hex() if prev else ""}",{message[1:]}'.encode()
        authentic = hmac.digest(key, whole, "sha256") == mac

        def row(entry_id: Any = entry_id) -> tuple[Any, ...]:
            found = raw.execute(
                f"SELECT {_COLUMNS} FROM audit_entry WHERE id = ?", (entry_id,)
            ).fetchone()
            return tuple(found)

        if not authentic:
            authentic = _authentic(keyed, prev, row())
        yield entry_id, mac, authentic, row
        prev = mac


def _broken(count: int, entry_id: int, reason: str, more: list[str]) -> ChainReport:
    return ChainReport(count, entry_id, reason, tuple(more))


def verify(
    raw: Any,
    key: bytes | None,
    anchors: Mapping[int, Anchor] | None = None,
    progress: Progress | None = None,
) -> ChainReport:
    """Walk the trail on the driver connection ``raw``; report the first break.

    Without ``key`` the numbering, shape and head are still checked, and the
    report says that no entry could be authenticated.
    """
    more: list[str] = []
    if key is None:
        more.append(
            _(
                "the audit key is missing, so no entry could be authenticated; "
                "restore the key from a backup"
            )
        )
    total = int(raw.execute("SELECT count(*) FROM audit_entry").fetchone()[0])
    if key is not None and isinstance(raw, sqlite3.Connection):
        try:
            return _verify(_walk_sqlite(raw, key), raw, key, total, anchors, progress, more)
        except sqlite3.OperationalError:
            pass  # a value SQLite's JSON refuses (a blob where text belongs): walk in Python
    return _verify(_walk_python(raw, key), raw, key, total, anchors, progress, more)


def _verify(
    walk: Iterator[_Walked],
    raw: Any,
    key: bytes | None,
    total: int,
    anchors: Mapping[int, Anchor] | None,
    progress: Progress | None,
    more: list[str],
) -> ChainReport:
    """Check the ``walk``'s entries for their place, MAC, shape and the heads seen elsewhere."""
    pinned = dict(anchors or {})
    prev: bytes | None = None
    expected = 1
    count = 0
    for entry_id, mac, authentic, row in walk:
        count += 1
        if entry_id != expected:
            if not isinstance(entry_id, int) or entry_id < expected:
                reason = _("audit entry {id} is out of place").format(id=entry_id)
            else:
                reason = _(
                    "audit entries {first} to {last} are missing: they were removed "
                    "outside the program"
                ).format(first=expected, last=entry_id - 1)
            return _broken(count, expected, reason, more)
        # An entry whose MAC holds was written by the program: only a failing one
        # (or, without the key, every one) is looked at for its shape.
        if not authentic:
            wrong = malformation(row())
            if wrong is not None:
                reason = _("audit entry {id} is malformed (its {field} is not valid)").format(
                    id=entry_id, field=wrong
                )
                return _broken(count, entry_id, reason, more)
            if key is not None:
                reason = _(
                    "audit entry {id} was changed, replaced or forged after it was written"
                ).format(id=entry_id)
                return _broken(count, entry_id, reason, more)
        anchor = pinned.pop(entry_id, None)
        if anchor is not None and not hmac.compare_digest(anchor.mac, mac):
            reason = _(
                "audit entry {id} is not the one {where} saw: the trail was rewritten"
            ).format(id=entry_id, where=anchor.where)
            return _broken(count, entry_id, reason, more)
        prev = mac
        expected += 1
        if progress is not None and count % 50_000 == 0:
            progress(count, total)
    last_id = expected - 1
    for anchor in sorted(pinned.values(), key=lambda a: a.entry_id):
        more.append(
            _(
                "{where} saw audit entry {id}, but the trail ends at {last}: "
                "newer entries were removed"
            ).format(where=anchor.where, id=anchor.entry_id, last=last_id)
        )
        break
    head = raw.execute("SELECT value FROM setting WHERE key = ?", (HEAD_KEY,)).fetchone()
    recorded = str(head[0]) if head else None
    actual = f"{last_id}:{prev.hex()}" if prev else None
    if recorded != actual:
        reason = _(
            "the newest audit entries were removed or added outside the program "
            "(the trail ends at entry {actual}, the program last wrote entry {recorded})"
        ).format(
            actual=last_id if prev else "-",
            recorded=recorded.split(":", 1)[0] if recorded else "-",
        )
        return ChainReport(count, None, reason, tuple(more))
    if progress is not None:
        progress(count, total)
    return ChainReport(count, None, "", tuple(more))
