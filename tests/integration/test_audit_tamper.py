"""A campaign of edits made outside the program: every one is caught and named.

A small demo database (children with admissions, contacts, notes, belongings,
tasks; staff, center, settings) is copied for each case, edited with the
sqlite3 module as an intruder would, and checked. Over 200 cases: every column
of every audited table, deletions, insertions, and every column of an audit
entry, reordering, forgeries with a recomputed chain, malformed values.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import io
import json
import shutil
import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest
from childtools import add_child
from dbtools import ADMIN_PASSWORD
from PIL import Image

from desktop.config import resolve_paths
from desktop.core.audit import entries
from desktop.core.audit.check import check_database
from desktop.core.audit.trail import RECORDS
from desktop.core.center import IDLE_LOCK_MINUTES, set_setting
from desktop.core.children.intake import add_photo
from desktop.core.demo.generate import create_demo
from desktop.core.returns import handover, plans
from desktop.core.returns.queries import plans_of
from desktop.core.staff.accounts import authenticate
from desktop.core.store.db import Database
from desktop.core.store.keys import key_path, read_key
from desktop.core.store.models import Staff
from tests.leaving import ADULT_ID

Tamper = Callable[[sqlite3.Connection], None]


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A demo database of 12 children, closed, its trail intact."""
    paths = resolve_paths(tmp_path_factory.mktemp("campaign") / "home")
    create_demo(paths, ADMIN_PASSWORD, 12, seed=3)
    db = Database.open(paths.db_file)
    try:
        admin = authenticate(db, "admin", ADMIN_PASSWORD)
        set_setting(db, admin, IDLE_LOCK_MINUTES, 12)
        picture = io.BytesIO()
        Image.new("RGB", (40, 30), "red").save(picture, "PNG")
        add_photo(db, admin, 1, picture.getvalue(), "正面")
        add_child(db, admin, name="李四", harm_found=True)  # a task (mandatory report)
        _return_home(db, admin, add_child(db, admin, name="王五"))
    finally:
        db.close()
    assert check_database(paths.db_file) == []
    return paths.db_file


def _return_home(db: Database, admin: Staff, child_id: int) -> None:
    """A return home carried to the handover: a plan, a tracing step, follow-up visits,
    the first at risk and a referral after it."""
    worker = authenticate(db, "liumin", ADMIN_PASSWORD)
    plan = plans.start_plan(db, worker, child_id).id
    plans.log_tracing(db, worker, plan, plans.TracingInput(dt.date(2026, 3, 3), "phone"))
    plans.verify_receiver(db, worker, plan, plans.ReceiverInput(
        "张大山", ADULT_ID, "父亲", "", "某村", "王主任", "身份证"))  # fmt: skip
    plans.assess_home(db, worker, plan, "suitable", "好")
    plans.approve(db, admin, plan)
    left = dt.datetime(2026, 3, 10, 8, 0, tzinfo=dt.UTC)
    plans.start_escort(db, worker, plan, plans.EscortInput(
        "collected", left, left, "某村", "family", "张家", "张大山"))  # fmt: skip
    handover.hand_over(db, worker, plan, handover.HandoverInput(left, "中心", "张大山", True))
    first = plans_of(db, worker, child_id)[0].visits[0].id
    handover.record_visit(db, worker, first, handover.VisitInput(
        dt.date(2026, 4, 10), "home_visit", "辍学在家", "无人照看", risk=True))  # fmt: skip
    handover.refer(db, worker, first, handover.ReferralInput("police", "报告派出所"))


def _copy(template: Path, folder: Path) -> Path:
    target = folder / "copy.sqlite"
    shutil.copyfile(template, target)
    shutil.copyfile(key_path(template), key_path(target))
    return target


def _tampered(template: Path, folder: Path, tamper: Tamper) -> list[str]:
    path = _copy(template, folder)
    connection = sqlite3.connect(path)
    try:
        with connection:
            tamper(connection)
    finally:
        connection.close()
    return check_database(path)


def _columns(template: Path, table: str) -> list[str]:
    with sqlite3.connect(template) as connection:
        return [row[1] for row in connection.execute(f'PRAGMA table_info("{table}")')]


def _first_rows(template: Path, table: str, key: str, limit: int) -> list[object]:
    with sqlite3.connect(template) as connection:
        query = f'SELECT "{key}" FROM "{table}" ORDER BY "{key}" LIMIT {limit}'
        return [row[0] for row in connection.execute(query)]


def _other(value: object) -> object:
    """A different value of the same kind (never NULL or empty: those count as unset)."""
    if value is None or value == "":
        return "x"
    if isinstance(value, bytes):
        return value + b"\x00"
    if isinstance(value, int):
        return value + 1 if value not in (0, 1) else 1 - value
    if isinstance(value, float):
        return value + 0.5
    return f"{value}x"


def _row_cases(template: Path) -> list[tuple[str, str, str, object]]:
    """(table, key column, column, row key): every column of up to two rows of each table."""
    cases = []
    for _entity, (table, key) in RECORDS.items():
        for row_key in _first_rows(template, table, key, 2):
            if row_key == "audit.head":
                continue  # the trail's own head: test_head_setting_tampered
            for column in _columns(template, table):
                if column != key:
                    cases.append((table, key, column, row_key))
    return cases


def test_untouched_copy_is_sound(template: Path, tmp_path: Path) -> None:
    """The baseline: a copy nobody edited passes, so every failure below is the edit's."""
    assert _tampered(template, tmp_path, lambda c: None) == []


def test_every_column_of_every_audited_row(template: Path, tmp_path: Path) -> None:
    """Changing any column of any audited row is named as changed outside the program."""
    tried = 0
    for table, key, column, row_key in _row_cases(template):
        folder = tmp_path / f"{table}-{column}-{row_key}"
        folder.mkdir()
        path = _copy(template, folder)
        connection = sqlite3.connect(path)
        value = connection.execute(
            f'SELECT "{column}" FROM "{table}" WHERE "{key}" = ?', (row_key,)
        ).fetchone()[0]
        try:
            with connection:
                connection.execute(
                    f'UPDATE "{table}" SET "{column}" = ? WHERE "{key}" = ?',
                    (_other(value), row_key),
                )
        except sqlite3.IntegrityError:
            connection.close()
            continue  # the schema itself refuses this edit
        connection.close()
        problems = check_database(path)
        assert any("changed outside the program" in p and f" {row_key} " in p for p in problems), (
            table,
            column,
            problems,
        )
        tried += 1
    assert tried >= 150


@pytest.mark.parametrize("entity", sorted(RECORDS))
def test_deleted_rows_are_named(template: Path, tmp_path: Path, entity: str) -> None:
    """A row deleted outside the program is named; a child by its case number."""
    table, key = RECORDS[entity]
    row_key = next(k for k in _first_rows(template, table, key, 2) if k != "audit.head")

    def delete(connection: sqlite3.Connection) -> None:
        connection.execute("PRAGMA foreign_keys = OFF")
        connection.execute(f'DELETE FROM "{table}" WHERE "{key}" = ?', (row_key,))

    problems = _tampered(template, tmp_path, delete)
    assert any("deleted outside the program" in p for p in problems), problems
    if entity == "child":
        with sqlite3.connect(template) as connection:
            case = connection.execute(
                "SELECT case_no FROM child WHERE id = ?", (row_key,)
            ).fetchone()[0]
        assert any(case in p for p in problems)


def test_a_whole_child_deleted_with_everything_it_had(template: Path, tmp_path: Path) -> None:
    """The child, its stays, belongings, tasks, notes, contacts and search tokens: all named."""

    def delete(connection: sqlite3.Connection) -> None:
        connection.execute("PRAGMA foreign_keys = OFF")
        ids = "(SELECT id FROM admission WHERE child_id = 1)"
        connection.execute(f"DELETE FROM belonging WHERE admission_id IN {ids}")
        for table in ("admission", "task", "note", "contact", "search_token"):
            connection.execute(f"DELETE FROM {table} WHERE child_id = 1")
        connection.execute("DELETE FROM child WHERE id = 1")

    problems = _tampered(template, tmp_path, delete)
    deleted = [p for p in problems if "deleted outside the program" in p]
    with sqlite3.connect(template) as connection:
        expected = 1 + sum(
            connection.execute(f"SELECT count(*) FROM {table} WHERE child_id = 1").fetchone()[0]
            for table in ("admission", "task", "note", "contact")
        )
        expected += connection.execute(
            "SELECT count(*) FROM belonging WHERE admission_id IN "
            "(SELECT id FROM admission WHERE child_id = 1)"
        ).fetchone()[0]
    assert len(deleted) == expected


@pytest.mark.parametrize("entity", sorted(RECORDS))
def test_inserted_rows_are_named(template: Path, tmp_path: Path, entity: str) -> None:
    """A row added outside the program has no entry, and is named."""
    table, key = RECORDS[entity]
    row_key = _first_rows(template, table, key, 1)[0]
    columns = _columns(template, table)

    def insert(connection: sqlite3.Connection) -> None:
        connection.execute("PRAGMA foreign_keys = OFF")
        values = dict(
            zip(
                columns,
                connection.execute(
                    f'SELECT * FROM "{table}" WHERE "{key}" = ?', (row_key,)
                ).fetchone(),
                strict=True,
            )
        )
        values[key] = 9999 if key == "id" else "zz-new"
        for unique in ("case_no", "username", "id_number", "name"):
            if values.get(unique):
                values[unique] = f"{values[unique]}9"
        if "case_seq" in values:
            values["case_seq"] = 9999
        names = ", ".join(f'"{c}"' for c in columns)
        marks = ", ".join("?" for _ in columns)
        connection.execute(
            f'INSERT INTO "{table}" ({names}) VALUES ({marks})', list(values.values())
        )

    problems = _tampered(template, tmp_path, insert)
    assert any("added outside the program" in p for p in problems), problems


ENTRY_COLUMNS = [
    "at",
    "staff_id",
    "actor",
    "action",
    "entity",
    "record_id",
    "changes",
    "state",
    "mac",
]


def _entry_count(template: Path) -> int:
    with sqlite3.connect(template) as connection:
        return int(connection.execute("SELECT max(id) FROM audit_entry").fetchone()[0])


@pytest.mark.parametrize("column", ENTRY_COLUMNS)
@pytest.mark.parametrize("where", ["first", "middle", "last"])
def test_every_column_of_an_entry(template: Path, tmp_path: Path, column: str, where: str) -> None:
    """Any column of any entry changed: that entry is named as the first break."""
    last = _entry_count(template)
    entry_id = {"first": 1, "middle": last // 2, "last": last}[where]

    def edit(connection: sqlite3.Connection) -> None:
        value = connection.execute(
            f"SELECT {column} FROM audit_entry WHERE id = ?", (entry_id,)
        ).fetchone()[0]
        if column == "at":
            new: object = "2020-01-01 00:00:00.000000"
        elif column in ("state", "mac"):
            new = bytes(len(value)) if value else bytes(16)
        elif column == "changes":
            new = '{"name":["a","b"]}'
        else:
            new = _other(value)
        connection.execute(f"UPDATE audit_entry SET {column} = ? WHERE id = ?", (new, entry_id))

    problems = _tampered(template, tmp_path, edit)
    assert problems and f"audit entry {entry_id} " in problems[0], problems


@pytest.mark.parametrize("where", ["first", "middle", "last"])
def test_an_entry_removed(template: Path, tmp_path: Path, where: str) -> None:
    """A removed entry leaves a gap (or a head that points past the end), named."""
    last = _entry_count(template)
    entry_id = {"first": 1, "middle": last // 2, "last": last}[where]
    problems = _tampered(
        template,
        tmp_path,
        lambda c: c.execute("DELETE FROM audit_entry WHERE id = ?", (entry_id,)),
    )
    assert problems
    if where != "last":
        assert f"audit entries {entry_id} to {entry_id}" in problems[0]
    else:
        assert "newest audit entries were removed" in problems[0]


def test_entries_reordered(template: Path, tmp_path: Path) -> None:
    """Two entries swapped: the first of them is named."""

    def swap(connection: sqlite3.Connection) -> None:
        connection.execute("UPDATE audit_entry SET id = -1 WHERE id = 5")
        connection.execute("UPDATE audit_entry SET id = 5 WHERE id = 6")
        connection.execute("UPDATE audit_entry SET id = 6 WHERE id = -1")

    problems = _tampered(template, tmp_path, swap)
    assert problems[0].startswith("audit entry 5 ")


def _forge(connection: sqlite3.Connection, key: bytes, rewrite_from: int) -> None:
    """Rename child 1, then recompute every MAC from ``rewrite_from`` under ``key``."""
    connection.execute("UPDATE child SET name = '假名' WHERE id = 1")
    columns = [row[1] for row in connection.execute("PRAGMA table_info(child)")]
    row = connection.execute("SELECT * FROM child WHERE id = 1").fetchone()
    state = entries.row_state(columns, row)
    last = connection.execute("SELECT max(id) FROM audit_entry").fetchone()[0]
    prev = connection.execute("SELECT mac FROM audit_entry WHERE id = ?", (last,)).fetchone()[0]
    fields = [last + 1, "2026-11-29 10:00:00.000000", 1, "admin", "update", "child", "1"]
    fields += ['{"name":["x","假名"]}', state]
    mac = entries.entry_mac(key, prev, fields)
    connection.execute(
        "INSERT INTO audit_entry VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", (*fields, mac)
    )
    connection.execute(
        "UPDATE setting SET value = ? WHERE key = 'audit.head'", (f"{last + 1}:{mac.hex()}",)
    )
    del rewrite_from


def test_forgery_with_a_recomputed_chain_and_no_key(template: Path, tmp_path: Path) -> None:
    """Renaming a child and appending a well-chained entry under a guessed key is caught."""
    guessed = hashlib.sha256(b"anyone can compute this").digest()
    problems = _tampered(template, tmp_path, lambda c: _forge(c, guessed, 0))
    last = _entry_count(template)
    assert problems and f"audit entry {last + 1} " in problems[0]


def _rewrite_with_key(connection: sqlite3.Connection, key: bytes) -> None:
    """Rename child 1 and rewrite its last entry's state and every MAC after it, as
    only someone holding the key could."""
    connection.execute("UPDATE child SET name = '假名' WHERE id = 1")
    columns = [row[1] for row in connection.execute("PRAGMA table_info(child)")]
    state = entries.row_state(
        columns, connection.execute("SELECT * FROM child WHERE id = 1").fetchone()
    )
    (last_of_child,) = connection.execute(
        "SELECT max(id) FROM audit_entry WHERE entity = 'child' AND record_id = '1'"
    ).fetchone()
    connection.execute("UPDATE audit_entry SET state = ? WHERE id = ?", (state, last_of_child))
    prev = connection.execute(
        "SELECT mac FROM audit_entry WHERE id = ?", (last_of_child - 1,)
    ).fetchone()[0]
    rows = connection.execute(
        "SELECT id, at, staff_id, actor, action, entity, record_id, changes, state "
        "FROM audit_entry WHERE id >= ? ORDER BY id",
        (last_of_child,),
    ).fetchall()
    for row in rows:
        prev = entries.entry_mac(key, prev, row)
        connection.execute("UPDATE audit_entry SET mac = ? WHERE id = ?", (prev, row[0]))
    connection.execute(
        "UPDATE setting SET value = ? WHERE key = 'audit.head'", (f"{rows[-1][0]}:{prev.hex()}",)
    )


def test_forgery_with_the_key_but_a_backup_saw_the_head(template: Path, tmp_path: Path) -> None:
    """Someone holding the key rewrites history; the head a backup remembered catches it."""
    import datetime as dt

    from desktop.core.audit import anchors

    path = _copy(template, tmp_path)
    key = read_key(path)
    assert key is not None
    with sqlite3.connect(path) as connection:
        (head,) = connection.execute(
            "SELECT value FROM setting WHERE key = 'audit.head'"
        ).fetchone()
    anchors.remember(path, head, "backup", Path("E:/x.hwbackup"), dt.datetime.now(dt.UTC))
    assert check_database(path) == []
    with sqlite3.connect(path) as connection:
        _rewrite_with_key(connection, key)
    problems = check_database(path)
    last = int(head.split(":")[0])
    assert any(
        "USB backup x.hwbackup of " in p and f"audit entry {last} " in p for p in problems
    ), problems
    anchors.heads_path(path).unlink()
    assert check_database(path) == []  # what the key alone cannot protect against (README)


MALFORMED = [
    ("changes", "not json"),
    ("changes", "[]"),
    ("changes", '{"a": 1}'),
    ("changes", '{"a": [1]}'),
    ("changes", 5),
    ("state", b"\x00"),
    ("state", "text"),
    ("mac", "text"),
    ("mac", b"short"),
    ("at", "garbage"),
    ("at", "2026-13-45 10:00:00.000000"),
    ("at", 12),
    ("actor", 5),
    ("actor", ""),
    ("action", 3),
    ("entity", ""),
    ("record_id", 3.5),
    ("record_id", 7),
    # Blobs where text belongs: SQLite's JSON refuses them, so the walk goes on in Python.
    ("actor", b"admin"),
    ("changes", b"{}"),
    ("at", b"2026-11-29 10:00:00.000000"),
]


@pytest.mark.parametrize(("column", "value"), MALFORMED)
def test_malformed_values_are_named_never_a_crash(
    template: Path, tmp_path: Path, column: str, value: object
) -> None:
    """A malformed value is named with its entry; nothing raises."""
    problems = _tampered(
        template,
        tmp_path,
        lambda c: c.execute(f"UPDATE audit_entry SET {column} = ? WHERE id = 3", (value,)),
    )
    assert problems and problems[0].startswith("audit entry 3 "), problems


def test_head_setting_tampered(template: Path, tmp_path: Path) -> None:
    """A head that no longer matches the newest entry is reported."""
    problems = _tampered(
        template,
        tmp_path,
        lambda c: c.execute("UPDATE setting SET value = '1:00' WHERE key = 'audit.head'"),
    )
    assert any("newest audit entries" in p for p in problems)


def test_check_without_the_key_says_so(template: Path, tmp_path: Path) -> None:
    """No key file: the trail cannot be authenticated, and check says so."""
    path = _copy(template, tmp_path)
    key_path(path).unlink()
    problems = check_database(path)
    assert problems and "audit key is missing" in problems[0]


def test_known_mac_pins_the_entry_format() -> None:
    """A known-value entry: a change to the format would break every existing chain."""
    key = bytes(range(32))
    state = entries.row_state(["id", "name", "photo", "note"], [7, "小明", b"\x01\x02", None])
    assert state.hex() == KNOWN_STATE
    fields = [1, "2026-11-29 10:00:00.000000", 2, "admin", "update", "child", "7"]
    fields += ['{"name":["小红","小明"]}', state]
    mac = entries.entry_mac(key, None, fields)
    assert mac.hex() == KNOWN_MAC
    second = entries.entry_mac(key, mac, fields)
    assert second.hex() == KNOWN_SECOND_MAC
    message = json.dumps(
        ["", *fields[:-1], state.hex()], ensure_ascii=False, separators=(",", ":")
    ).encode()
    assert hmac.new(key, message, hashlib.sha256).hexdigest() == KNOWN_MAC


KNOWN_STATE = "b8a190457f12eaf0af63b29344031eff"
KNOWN_MAC = "f13bf9b5b2537841d98f04c07d728fa66634f85533b88c4a7c6af9f7245b1754"
KNOWN_SECOND_MAC = "86954977ae25210d89a1bdbd2a6fcdeaffeaae1036c76f0385b2a605a6d97277"


def test_state_digest_is_sha256_of_the_sorted_non_empty_columns() -> None:
    """The state digest, computed by hand: empty columns left out, bytes as their SHA-256."""
    photo = "sha256:" + hashlib.sha256(b"\x01\x02").hexdigest()
    text = json.dumps(
        {"id": 7, "name": "小明", "photo": photo}, ensure_ascii=False, separators=(",", ":")
    )
    expected = hashlib.sha256(text.encode()).digest()[:16]
    assert (
        entries.row_state(["id", "name", "photo", "note", "x"], [7, "小明", b"\x01\x02", None, ""])
        == expected
    )
    assert expected.hex() == KNOWN_STATE


def test_a_big_file_is_checked_in_two_processes_with_the_same_findings(
    template: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Past the size where the records are shared with a second process, the report is
    the same, in the same order: edits in several kinds of record, a deleted child named."""
    from desktop.core.audit import check

    def edit(connection: sqlite3.Connection) -> None:
        connection.execute("PRAGMA foreign_keys = OFF")
        connection.execute("DELETE FROM child WHERE id = 2")
        connection.execute("UPDATE note SET text = 'x' WHERE id = 1")
        connection.execute("UPDATE contact SET name = 'x' WHERE id = 1")
        connection.execute("UPDATE staff SET full_name = 'x' WHERE id = 1")

    (tmp_path / "one").mkdir()
    alone = _tampered(template, tmp_path / "one", edit)
    monkeypatch.setattr(check, "PARALLEL_FROM", 0)
    for name in ("clean", "two"):
        (tmp_path / name).mkdir()
    assert _tampered(template, tmp_path / "clean", lambda c: None) == []
    shared = _tampered(template, tmp_path / "two", edit)
    assert shared == alone
    assert len([p for p in shared if "outside the program" in p]) == 4, shared
    assert any("deleted outside the program" in p and "(record 2)" in p for p in shared)


def test_the_records_are_shared_largest_first_to_the_less_loaded_side(
    template: Path, tmp_path: Path
) -> None:
    """Every kind goes to exactly one side; the biggest goes to the second process."""
    from desktop.core.audit import check

    raw = _read_only(_copy(template, tmp_path))
    try:
        theirs, mine = check._share(raw)
        biggest = max(
            RECORDS,
            key=lambda e: raw.execute(f'SELECT count(*) FROM "{RECORDS[e][0]}"').fetchone()[0],
        )
    finally:
        raw.close()
    assert sorted(theirs + mine) == sorted(RECORDS)
    assert theirs[0] == biggest


# SQLite writes out the texts check hashes (chain._walk_sqlite, check._rows); Python's
# spelling is the definition, and any text SQLite spells otherwise is tried in Python.

TRICKY = 'a"b\\c\n\t\x01\x1f\x7f é 中文 😀 \u2028 \ufeff'


def _read_only(path: Path) -> sqlite3.Connection:
    from desktop.core.store.db import connect_readonly

    connection = connect_readonly(path)
    connection.execute("BEGIN")
    return connection


def _python_rows(connection: sqlite3.Connection, table: str, key: str) -> list[tuple]:
    cursor = connection.execute(f'SELECT "{key}", * FROM "{table}" ORDER BY 1')
    columns = [item[0] for item in cursor.description][1:]
    return [
        (row[0], entries.row_state(columns, row[1:])) for row in cursor if row[0] != "audit.head"
    ]


def test_sqlite_writes_every_row_as_python_does(template: Path, tmp_path: Path) -> None:
    """Every audited row's digest from SQLite's text is the Python one, tricky text included."""
    from desktop.core.audit import check

    path = _copy(template, tmp_path)
    with sqlite3.connect(path) as connection:
        connection.execute("UPDATE note SET text = ? WHERE id = 1", (TRICKY,))
        connection.execute("UPDATE child SET name = ?, height_cm = 0 WHERE id = 2", (TRICKY,))
    connection.close()
    raw = _read_only(path)
    try:
        for table, key in RECORDS.values():
            assert list(check._rows(raw, table, key)) == _python_rows(raw, table, key), table
        assert raw.execute("SELECT count(*) FROM photo").fetchone()[0] > 0  # a blob was hashed
    finally:
        raw.close()


def test_a_blob_in_a_text_column_is_read_in_python_from_that_row_on(
    template: Path, tmp_path: Path
) -> None:
    """A blob SQLite's JSON refuses: the rest of the table is still compared, each row once."""
    problems = _tampered(
        template,
        tmp_path,
        lambda c: c.executescript(
            "UPDATE child SET name = x'e69d8e' WHERE id = 2;"
            "UPDATE child SET name = 'changed' WHERE id = 5;"
        ),
    )
    assert any(" 2 differs" in p for p in problems), problems
    assert any(" 5 differs" in p for p in problems), problems
    assert len([p for p in problems if "differs" in p]) == 2, problems


def test_a_value_sqlite_spells_otherwise_is_tried_in_python(template: Path, tmp_path: Path) -> None:
    """A REAL that SQLite writes as 1.0e+20 and Python as 1e+20 is no false alarm."""
    from desktop.core.audit import check

    path = _copy(template, tmp_path)
    with sqlite3.connect(path) as connection:
        connection.execute("UPDATE child SET height_cm = 1e20 WHERE id = 1")
        columns = [row[1] for row in connection.execute("PRAGMA table_info(child)")]
        row = connection.execute("SELECT * FROM child WHERE id = 1").fetchone()
        connection.execute(
            "UPDATE audit_entry SET state = ? WHERE id = (SELECT max(id) FROM audit_entry "
            "WHERE entity = 'child' AND record_id = '1')",
            (entries.row_state(columns, row),),
        )
    connection.close()
    raw = _read_only(path)
    try:
        fast = dict(check._rows(raw, "child", "id"))
        assert fast[1] != dict(_python_rows(raw, "child", "id"))[1]  # SQLite spells it otherwise
        assert check.records_match_trail(raw) == []
    finally:
        raw.close()


def test_the_sqlite_walk_of_the_chain_is_the_python_walk(template: Path, tmp_path: Path) -> None:
    """Both walks find every entry authentic, and both find the same forged one."""
    from desktop.core.audit import chain

    path = _copy(template, tmp_path)
    key = read_key(path)
    assert key is not None

    def walked(connection: sqlite3.Connection) -> tuple[list[tuple], list[tuple]]:
        fast = [item[:3] for item in chain._walk_sqlite(connection, key)]
        slow = [item[:3] for item in chain._walk_python(connection, key)]
        return fast, slow

    raw = _read_only(path)
    try:
        fast, slow = walked(raw)
        assert fast == slow and all(item[2] for item in fast) and len(fast) > 100
    finally:
        raw.close()
    with sqlite3.connect(path) as connection:
        connection.execute("UPDATE audit_entry SET actor = 'someone' WHERE id = 7")
    connection.close()
    raw = _read_only(path)
    try:
        fast, slow = walked(raw)
        assert fast == slow
        assert [item[0] for item in fast if not item[2]] == [7]
    finally:
        raw.close()


def test_an_entry_sqlite_spells_otherwise_is_tried_in_python(
    template: Path, tmp_path: Path
) -> None:
    """The newest entry rewritten under the key with a REAL staff id: authentic, via Python."""
    from desktop.core.audit import chain

    path = _copy(template, tmp_path)
    key = read_key(path)
    assert key is not None
    with sqlite3.connect(path) as connection:
        last = connection.execute("SELECT max(id) FROM audit_entry").fetchone()[0]
        connection.execute("UPDATE audit_entry SET staff_id = 1e20 WHERE id = ?", (last,))
        prev = connection.execute("SELECT mac FROM audit_entry WHERE id = ?", (last - 1,))
        row = connection.execute(
            "SELECT id, at, staff_id, actor, action, entity, record_id, changes, state "
            "FROM audit_entry WHERE id = ?",
            (last,),
        ).fetchone()
        mac = entries.entry_mac(key, prev.fetchone()[0], row)
        connection.execute("UPDATE audit_entry SET mac = ? WHERE id = ?", (mac, last))
        connection.execute(
            "UPDATE setting SET value = ? WHERE key = 'audit.head'", (f"{last}:{mac.hex()}",)
        )
    connection.close()
    raw = _read_only(path)
    try:
        (message,) = raw.execute(
            f"SELECT {chain._MESSAGE} FROM audit_entry WHERE id = ?", (last,)
        ).fetchone()
        assert "1.0e+20" in message  # what SQLite writes; Python writes 1e+20
        assert chain.verify(raw, key).ok
    finally:
        raw.close()
