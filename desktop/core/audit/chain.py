"""Checking the trail's chain: one pass in order, constant memory, every break named.

Works on the driver's own connection (``sqlite3``) so that a trail of a million
entries is read as plain tuples, never as ORM objects.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from desktop.core.audit.entries import MAC_SIZE, STATE_SIZE, STORED_MOMENT
from desktop.core.i18n import _

#: Called now and then with (entries checked, entries in all).
Progress = Callable[[int, int], None]

HEAD_KEY = "audit.head"
STORED_EXAMPLE = "2026-11-29 10:00:00.000000"
_COLUMNS = "id, at, staff_id, actor, action, entity, record_id, changes, state, mac"


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
    pinned = dict(anchors or {})
    cursor = raw.execute(f"SELECT {_COLUMNS} FROM audit_entry ORDER BY id")
    keyed = hmac.new(key, digestmod=hashlib.sha256) if key is not None else None
    prev: bytes | None = None
    expected = 1
    count = 0
    for row in cursor:
        count += 1
        entry_id = row[0]
        if entry_id != expected:
            if not isinstance(entry_id, int) or entry_id < expected:
                reason = _("audit entry {id} is out of place").format(id=entry_id)
            else:
                reason = _(
                    "audit entries {first} to {last} are missing: they were removed "
                    "outside the program"
                ).format(first=expected, last=entry_id - 1)
            return _broken(count, expected, reason, more)
        mac = row[9]
        # An entry whose MAC holds was written by the program: only a failing one
        # (or, without the key, every one) is looked at for its shape.
        if keyed is None or not _authentic(keyed, prev, row):
            wrong = malformation(row)
            if wrong is not None:
                reason = _("audit entry {id} is malformed (its {field} is not valid)").format(
                    id=entry_id, field=wrong
                )
                return _broken(count, entry_id, reason, more)
            if keyed is not None:
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
