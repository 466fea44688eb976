"""``homeward check``: is the database sound, current, and its trail untouched?

The file is opened read-only and not one byte of it changes. The trail is read
in one pass in order (``chain``), then each audited table is walked beside the
last entry of each of its records, both sorted the same way, so memory stays
constant however big the database is.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import multiprocessing
import sqlite3
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor
from pathlib import Path
from typing import Any

from desktop.core.audit import anchors, chain
from desktop.core.audit.entries import STATE_SIZE, plain, row_state
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
    # A big file: a second process walks some of the records while this one walks
    # the chain and then the others (each process in its own read transaction,
    # each consistent in itself).
    with contextlib.closing(connect_readonly(path)) as raw:
        raw.execute("BEGIN")
        theirs, mine = _share(raw)
        with ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("spawn")) as pool:
            records = pool.submit(records_in_file, path, current_language(), theirs)
            report = chain.verify(raw, key, anchors.recorded(path), progress)
            found = {**_record_problems(raw, mine), **records.result()}
    return report.problems + [line for entity in RECORDS for line in found.get(entity, [])]


#: What walking one trail entry's MAC costs, against comparing one record with its entry
#: (this side also runs SQLite's own check in a thread). Measured on the 100k demo:
#: 0.25–0.35 gave the shortest check, 0.5 about 7 % longer, 0 or 1.5 about 15 %.
CHAIN_WEIGHT = 0.3


def _share(raw: sqlite3.Connection) -> tuple[list[str], list[str]]:
    """Share the kinds of record between two processes: (the other's, this one's).

    Largest first, each to the less loaded side; this side also walks the chain.
    """

    def rows(entity: str) -> int:
        return int(raw.execute(f'SELECT count(*) FROM "{RECORDS[entity][0]}"').fetchone()[0])

    counts = {entity: rows(entity) for entity in RECORDS}
    entries = int(raw.execute("SELECT count(*) FROM audit_entry").fetchone()[0])
    theirs: list[str] = []
    mine: list[str] = []
    loads = [0.0, entries * CHAIN_WEIGHT]
    for entity in sorted(counts, key=lambda e: -counts[e]):
        side = 0 if loads[0] <= loads[1] else 1
        (theirs, mine)[side].append(entity)
        loads[side] += counts[entity]
    return theirs, mine


def records_in_file(path: Path, language: str, entities: list[str]) -> dict[str, list[str]]:
    """``entities``' records compared on their own connection, messages in ``language``."""
    set_language(language)
    with contextlib.closing(connect_readonly(path)) as raw:
        raw.execute("BEGIN")
        return _record_problems(raw, entities)


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
    """Yield (key, state digest) of every row in key order, without sorting the rows.

    SQLite writes out each row's canonical text (``_state_text``) and Python hashes
    it; a table holding a value SQLite's JSON refuses is read whole in Python. A
    digest that differs is tried again in Python (``_python_state``) before it counts.
    """
    # The trail's own head is the one setting no entry describes.
    where = f'FROM "{table}" WHERE "{key}" IS NOT ?'
    last: Any = None  # primary keys are never NULL
    if isinstance(raw, sqlite3.Connection):  # SQLite's own driver: its texts
        try:
            text_of_row = _state_text(raw, table)
            for record_key, text in raw.execute(
                f'SELECT "{key}", {text_of_row} {where} ORDER BY 1', (chain.HEAD_KEY,)
            ):
                yield record_key, hashlib.sha256(text.encode()).digest()[:STATE_SIZE]
                last = record_key
            return
        except sqlite3.OperationalError:
            pass  # on in Python, from the row after the last one yielded
    after, since = (f' AND "{key}" > ?', (last,)) if last is not None else ("", ())
    cursor = raw.execute(f'SELECT "{key}", * {where}{after} ORDER BY 1', (chain.HEAD_KEY, *since))
    columns = [item[0] for item in cursor.description][1:]
    for values in cursor:
        yield values[0], row_state(columns, values[1:])


def _state_text(raw: sqlite3.Connection, table: str) -> str:
    """An SQL expression giving the text ``row_state`` hashes, for SQLite to write out.

    The same JSON: the non-empty columns in sorted order, text and numbers as
    ``json_quote`` spells them, blobs as ``"sha256:<hex>"`` (``homeward_blob``).
    """
    raw.create_function("homeward_blob", 1, _blob_json, deterministic=True)
    columns = raw.execute(f'PRAGMA table_info("{table}")').fetchall()
    parts = []
    for name, kind in sorted((row[1], str(row[2]).upper()) for row in columns):
        column, label = f'"{name}"', json.dumps(name, ensure_ascii=False).replace("'", "''")
        value = f"homeward_blob({column})" if kind == "BLOB" else f"json_quote({column})"
        parts.append(f"iif({column} IS NULL OR {column} = '', '', ',{label}:' || {value})")
    # One printf joins the parts: a chain of || would copy the text once per column.
    return f"'{{' || substr(printf('{'%s' * len(parts)}', {', '.join(parts)}), 2) || '}}'"


def _blob_json(value: object) -> str:
    return json.dumps(plain(value))


def _python_state(raw: sqlite3.Connection, table: str, key: str, record_key: Any) -> bytes:
    """The state digest of one row, computed in Python as the write path does."""
    cursor = raw.execute(f'SELECT * FROM "{table}" WHERE "{key}" = ?', (record_key,))
    columns = [item[0] for item in cursor.description]
    return row_state(columns, cursor.fetchone())


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
    found = _record_problems(raw, list(RECORDS))
    return [line for entity in RECORDS for line in found[entity]]


def _record_problems(raw: sqlite3.Connection, entities: list[str]) -> dict[str, list[str]]:
    """The problems of each kind of record in ``entities``, compared both ways."""
    problems: dict[str, list[str]] = {}
    for entity in entities:
        table, key = RECORDS[entity]
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
                if entry[3] != row[1] and entry[3] != _python_state(raw, table, key, row[0]):
                    found.add(
                        _(
                            "{entity} {id} differs from its last audit entry: it was "
                            "changed outside the program"
                        ).format(entity=_label(entity), id=row[0])
                    )
                entry, row = next(entries, None), next(rows, None)
        problems[entity] = found.all(entity)
    return problems
