"""Migration 0008: an old trail of full snapshots becomes the keyed trail of changes.

The old trail is written here exactly as revisions 0001-0006 wrote it (a SHA-256
chain over JSON snapshots), so the test stands for every database in use today.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import sqlite3
from pathlib import Path

import pytest

from desktop.core.audit.check import check_database
from desktop.core.store.db import Database
from desktop.core.store.keys import read_key

GENESIS = "0" * 64


def _old_entry(prev: str, entry_id: int, at: str, action: str, before: str, after: str) -> tuple:
    aware = dt.datetime.fromisoformat(at).replace(tzinfo=dt.UTC).isoformat()
    content = [prev, aware, None, "system", action, "setting", "idle_lock_minutes", before, after]
    digest = hashlib.sha256(
        json.dumps(content, ensure_ascii=False, separators=(",", ":")).encode()
    ).hexdigest()
    return (entry_id, at, None, "system", action, "setting", "idle_lock_minutes", before, after,
            prev, digest)  # fmt: skip


def _database_at_0006(path: Path, *, break_first: bool = False) -> str:
    """A 0006 database whose old trail created and then changed one setting; return its head."""
    Database.create(path, revision="0006").close()
    first = _old_entry(GENESIS, 1, "2026-11-01 08:00:00.000000", "create", "", '{"value": "10"}')
    second = _old_entry(
        first[-1], 2, "2026-11-02 09:30:00.250000", "update", '{"value": "10"}', '{"value": "15"}'
    )
    with sqlite3.connect(path) as connection:
        connection.executemany(
            "INSERT INTO audit_entry (id, at, staff_id, actor, action, entity, record_id, "
            "before, after, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [first, second],
        )
        connection.execute("INSERT INTO setting VALUES ('idle_lock_minutes', '15')")
        connection.execute("INSERT INTO setting VALUES ('audit.head', ?)", (f"2:{second[-1]}",))
        if break_first:
            connection.execute('UPDATE audit_entry SET after = \'{"value": "99"}\' WHERE id = 1')
    return f"2:{second[-1]}"


def _entries(path: Path) -> list[tuple]:
    with sqlite3.connect(path) as connection:
        return connection.execute(
            "SELECT id, action, entity, record_id, changes FROM audit_entry ORDER BY id"
        ).fetchall()


def test_an_intact_old_trail_is_converted_and_says_so(tmp_path: Path) -> None:
    """Each old entry keeps its place and what it changed; the rules an earlier migration
    seeded are taken in; the migration's own entry names the old head; check is clean."""
    path = tmp_path / "homeward.sqlite"
    old_head = _database_at_0006(path)
    Database.open(path).close()
    rows = _entries(path)
    assert rows[0] == (1, "create", "setting", "idle_lock_minutes", "")
    assert rows[1] == (2, "update", "setting", "idle_lock_minutes", '{"value":["10","15"]}')
    assert [row[1:3] for row in rows[2:6]] == [("adopt", "task_rule")] * 4
    own = rows[6]
    assert own[:4] == (7, "migrate", "database", "audit_trail")
    said = json.loads(own[4])
    assert said["entries"] == [2, 2]
    assert said["taken_in"] == [None, 4]
    assert said["old_head"] == [old_head, None]
    assert said["old_chain"] == ["intact", None]
    assert read_key(path) is not None
    assert check_database(path) == []


def test_a_broken_old_trail_is_converted_and_the_break_is_recorded(tmp_path: Path) -> None:
    """An old trail someone had edited still converts (the desk must open), and the
    migration's entry keeps where the old chain first broke."""
    path = tmp_path / "homeward.sqlite"
    _database_at_0006(path, break_first=True)
    Database.open(path).close()
    said = json.loads(_entries(path)[-1][4])
    assert said["old_chain"] == ["broken at entry 1", None]
    assert check_database(path) == []


def test_moments_keep_their_microseconds(tmp_path: Path) -> None:
    """The stored time of a converted entry is its old time, to the microsecond."""
    path = tmp_path / "homeward.sqlite"
    _database_at_0006(path)
    Database.open(path).close()
    with sqlite3.connect(path) as connection:
        at = connection.execute("SELECT at FROM audit_entry WHERE id = 2").fetchone()[0]
    assert at == "2026-11-02 09:30:00.250000"


def test_an_upgrade_that_frees_most_of_the_file_gives_the_space_back(tmp_path: Path) -> None:
    """A big old trail shrinks to its changes; the file is compacted after the upgrade."""
    path = tmp_path / "homeward.sqlite"
    _database_at_0006(path)
    snapshot = json.dumps({f"column_{n}": "值" * 40 for n in range(30)}, ensure_ascii=False)
    with sqlite3.connect(path) as connection:
        prev = connection.execute("SELECT hash FROM audit_entry WHERE id = 2").fetchone()[0]
        rows = []
        for entry_id in range(3, 3003):
            row = _old_entry(
                prev, entry_id, "2026-11-03 10:00:00.000000", "update", snapshot, snapshot
            )
            rows.append(row)
            prev = row[-1]
        connection.executemany(
            "INSERT INTO audit_entry VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", rows
        )
        connection.execute(
            "UPDATE setting SET value = ? WHERE key = 'audit.head'", (f"3002:{prev}",)
        )
    before = path.stat().st_size
    Database.open(path).close()
    assert path.stat().st_size < before / 4
    with sqlite3.connect(path) as connection:
        assert connection.execute("PRAGMA freelist_count").fetchone()[0] == 0
    assert json.loads(_entries(path)[-1][4])["old_chain"] == ["intact", None]


@pytest.mark.parametrize("text", ["", "not json", "[1]"])
def test_unreadable_old_snapshots_convert_to_no_change(tmp_path: Path, text: str) -> None:
    """A damaged old snapshot does not stop the upgrade; the entry keeps no change."""
    path = tmp_path / "homeward.sqlite"
    _database_at_0006(path)
    with sqlite3.connect(path) as connection:
        connection.execute("UPDATE audit_entry SET before = ? WHERE id = 2", (text,))
    Database.open(path).close()
    changes = _entries(path)[1][4]
    assert changes in ("", '{"value":[null,"15"]}')
    assert "broken at entry 2" in _entries(path)[-1][4]
