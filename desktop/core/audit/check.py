"""``homeward check``: is the database sound, current, and its trail untouched?

The file is opened read-only and not one byte of it changes. The trail is read
in one pass in order (``chain``), then each audited table is walked beside the
last entry of each of its records, both sorted the same way, so memory stays
constant however big the database is.
"""

from __future__ import annotations

import contextlib
import json
import multiprocessing
import sqlite3
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor
from pathlib import Path
from typing import Any

from desktop.core.audit import anchors, chain
from desktop.core.audit.entries import row_state
from desktop.core.audit.kinds import ENTITY_LABELS, RECORDS
from desktop.core.i18n import _, current_language, set_language
from desktop.core.store.db import (
    connect_readonly,
    foreign_key_problems,
    integrity_problems,
    read_revision,
)
from desktop.core.store.keys import read_key
from desktop.core.store.migrations import HEAD

#: How many records of each kind a report names before it only counts.
NAMED = 20
#: From this size on (bytes), records are compared in a second process, beside the chain.
PARALLEL_FROM = 64 * 1024 * 1024


def check_database(path: Path, progress: chain.Progress | None = None) -> list[str]:
    """Return every problem found in the database at ``path`` (empty: all is well).

    Raises ``DatabaseProblem`` (or ``DatabaseMissing``) when the file cannot be read at all.
    """
    revision = read_revision(path)
    with ThreadPoolExecutor(1, thread_name_prefix="integrity") as pool:
        # SQLite's own check runs beside the trail's (it lets go of the GIL).
        integrity = pool.submit(integrity_problems, path, foreign_keys=False)
        try:
            found = _trail_problems(path, revision, progress)
        except sqlite3.DatabaseError:
            found = None  # the file is damaged; SQLite's own check says where
        damaged = integrity.result()
    if damaged or found is None:
        return damaged or [_("the database file cannot be read")]
    return found + foreign_key_problems(path)


def _trail_problems(path: Path, revision: str, progress: chain.Progress | None) -> list[str]:
    """Check the schema's revision, the chain and every audited record."""
    if revision != HEAD:
        return [
            _(
                "the schema is at revision {rev}, not {head}; open the database "
                "with Homeward to upgrade it"
            ).format(rev=revision, head=HEAD)
        ]
    key = read_key(path)
    if path.stat().st_size < PARALLEL_FROM:
        with contextlib.closing(connect_readonly(path)) as raw:
            raw.execute("BEGIN")
            report = chain.verify(raw, key, anchors.recorded(path), progress)
            return report.problems + records_match_trail(raw)
    # A big file: the records are walked in a second process while this one walks
    # the chain (each in its own read transaction, each consistent in itself).
    with ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("spawn")) as pool:
        records = pool.submit(records_in_file, path, current_language())
        with contextlib.closing(connect_readonly(path)) as raw:
            raw.execute("BEGIN")
            report = chain.verify(raw, key, anchors.recorded(path), progress)
        return report.problems + records.result()


def records_in_file(path: Path, language: str) -> list[str]:
    """``records_match_trail`` on its own read-only connection, messages in ``language``."""
    set_language(language)
    with contextlib.closing(connect_readonly(path)) as raw:
        raw.execute("BEGIN")
        return records_match_trail(raw)


def _label(entity: str) -> str:
    return _(ENTITY_LABELS.get(entity, entity))


def _last_entries(
    raw: sqlite3.Connection, entity: str, key: str
) -> Iterator[tuple[Any, str, str, Any]]:
    """Yield (sort key, record id, action, state) of each record's newest entry.

    Sorted as ``_rows`` sorts: by number for tables keyed by id, else by text.
    """
    order = "CAST(record_id AS INTEGER)" if key == "id" else "record_id"
    # SQLite takes the bare columns from the row holding max(id).
    for sort_key, record_id, action, state, _last in raw.execute(
        f"SELECT {order}, record_id, action, state, max(id) FROM audit_entry "
        "WHERE entity = ? GROUP BY record_id ORDER BY 1",
        (entity,),
    ):
        yield sort_key, record_id, action, state


def _rows(raw: sqlite3.Connection, table: str, key: str) -> Iterator[tuple[Any, bytes]]:
    """Yield (key, state digest) of every row in key order, without sorting the rows."""
    # The trail's own head is the one setting no entry describes.
    cursor = raw.execute(
        f'SELECT "{key}", * FROM "{table}" WHERE "{key}" IS NOT ? ORDER BY 1',
        (chain.HEAD_KEY,),
    )
    columns = [item[0] for item in cursor.description][1:]
    for values in cursor:
        yield values[0], row_state(columns, values[1:])


class _Findings:
    """Problems of one kind of record, named up to ``NAMED`` and then counted."""

    def __init__(self) -> None:
        self.lines: list[str] = []
        self.unnamed = 0

    def add(self, line: str) -> None:
        if len(self.lines) < NAMED:
            self.lines.append(line)
        else:
            self.unnamed += 1

    def all(self, entity: str) -> list[str]:
        if self.unnamed:
            more = _("… and {count} more problems with {entity} records").format(
                count=self.unnamed, entity=_label(entity)
            )
            return [*self.lines, more]
        return self.lines


def _deleted(raw: sqlite3.Connection, entity: str, record_id: str) -> str:
    """Say that a record the trail knows is gone, naming it as its creation did."""
    row = raw.execute(
        "SELECT changes FROM audit_entry WHERE entity = ? AND record_id = ? AND action = 'create'",
        (entity, record_id),
    ).fetchone()
    names: dict[str, Any] = {}
    with contextlib.suppress(ValueError, TypeError, AttributeError):
        names = {key: pair[1] for key, pair in json.loads(row[0]).items()} if row else {}
    if entity == "child" and names.get("case_no"):
        return _(
            "child {case} (record {id}) was deleted outside the program; the trail says it exists"
        ).format(case=names["case_no"], id=record_id)
    return _("{entity} {id} was deleted outside the program; the trail says it exists").format(
        entity=_label(entity), id=record_id
    )


def records_match_trail(raw: sqlite3.Connection) -> list[str]:
    """Compare every audited row with the state its newest entry recorded, both ways."""
    problems: list[str] = []
    for entity, (table, key) in RECORDS.items():
        found = _Findings()
        entries = _last_entries(raw, entity, key)
        rows = _rows(raw, table, key)
        entry = next(entries, None)
        row = next(rows, None)
        while entry is not None or row is not None:
            if row is not None and (entry is None or row[0] < entry[0]):
                found.add(
                    _("{entity} {id} has no audit entry: it was added outside the program").format(
                        entity=_label(entity), id=row[0]
                    )
                )
                row = next(rows, None)
            elif row is None or (entry is not None and entry[0] < row[0]):
                assert entry is not None
                if entry[2] != "delete":
                    found.add(_deleted(raw, entity, entry[1]))
                entry = next(entries, None)
            else:
                assert entry is not None
                if entry[3] != row[1]:
                    found.add(
                        _(
                            "{entity} {id} differs from its last audit entry: it was "
                            "changed outside the program"
                        ).format(entity=_label(entity), id=row[0])
                    )
                entry, row = next(entries, None), next(rows, None)
        problems += found.all(entity)
    return problems
