"""What one user action changed: the kinds and ids of the records it wrote.

Every write leaves an audit entry in its transaction (rule 3 of the house), so
the audit trail notes here each record it writes; a unit of work publishes its
notes when it commits and drops them when it rolls back. ``perform`` runs one
core operation and returns its value together with its ``Changes``, the way
Anki's backend returns ``OpChanges``: the screens decide from them what to redraw.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator, Mapping
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Generic, ParamSpec, TypeVar

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

_NOTES = "homeward.changes"
P = ParamSpec("P")
T = TypeVar("T")


@dataclass(frozen=True)
class Changes:
    """The records one action wrote, as kind (audit entity) -> ids."""

    records: Mapping[str, frozenset[str]] = field(default_factory=dict)

    @classmethod
    def of(cls, pairs: list[tuple[str, str]]) -> Changes:
        """Group ``(kind, id)`` pairs."""
        grouped: dict[str, set[str]] = {}
        for kind, record_id in pairs:
            grouped.setdefault(kind, set()).add(record_id)
        return cls({kind: frozenset(ids) for kind, ids in grouped.items()})

    def __bool__(self) -> bool:
        return bool(self.records)

    def ids(self, kind: str) -> frozenset[int]:
        """The numeric ids of the records of ``kind`` that changed."""
        return frozenset(int(i) for i in self.records.get(kind, ()) if i.isdigit())

    def touches(self, *kinds: str) -> bool:
        """Whether any record of these kinds changed."""
        return any(kind in self.records for kind in kinds)

    def touches_record(self, kind: str, record_id: int) -> bool:
        """Whether the record ``kind`` number ``record_id`` changed."""
        return str(record_id) in self.records.get(kind, ())


#: The pairs noted by committed units of work of the operation running in this context.
_recorder: ContextVar[list[tuple[str, str]] | None] = ContextVar("_recorder", default=None)


def note(session: Session, kind: str, record_id: object) -> None:
    """Note, inside the unit of work, that the record ``kind`` ``record_id`` was written.

    Nothing is kept when no operation is recording (a command, a bulk load).
    """
    if _recorder.get() is not None:
        session.info.setdefault(_NOTES, []).append((kind, str(record_id)))


def publish(session: Session) -> None:
    """Hand a committed unit of work's notes to the operation recording them."""
    notes = session.info.pop(_NOTES, None)
    pairs = _recorder.get()
    if notes and pairs is not None:
        pairs.extend(notes)


def discard(session: Session) -> None:
    """Forget a rolled-back unit of work's notes."""
    session.info.pop(_NOTES, None)


@contextlib.contextmanager
def recording() -> Iterator[list[tuple[str, str]]]:
    """Collect the ``(kind, id)`` pairs of every unit of work committed inside the block."""
    pairs: list[tuple[str, str]] = []
    token = _recorder.set(pairs)
    try:
        yield pairs
    finally:
        _recorder.reset(token)


@dataclass(frozen=True)
class Outcome(Generic[T]):
    """What a core operation returned, and what it changed."""

    value: T
    changes: Changes


def perform(operation: Callable[P, T], *args: P.args, **kwargs: P.kwargs) -> Outcome[T]:
    """Run one core operation; return its value and the records its transaction wrote."""
    with recording() as pairs:
        value = operation(*args, **kwargs)
    return Outcome(value, Changes.of(pairs))


__all__ = ["Changes", "Outcome", "discard", "note", "perform", "publish", "recording"]
