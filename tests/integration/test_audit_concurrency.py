"""Several writers on one database at once: the chain neither forks nor loses an entry."""

from __future__ import annotations

import multiprocessing
import sqlite3
from pathlib import Path

import pytest
from dbtools import ADMIN_PASSWORD, count

from desktop.core.audit import trail
from desktop.core.audit.check import check_database
from desktop.core.center import IDLE_LOCK_MINUTES, set_setting
from desktop.core.staff.accounts import authenticate, create_staff
from desktop.core.store.db import Database
from desktop.core.store.models import Staff

WRITERS = 4
WRITES = 12


def _writer(path: str, number: int, start: multiprocessing.synchronize.Event) -> None:
    """One desk: sign in, wait for the others, then write as fast as it can."""
    db = Database.open(Path(path))
    try:
        admin = authenticate(db, "admin", ADMIN_PASSWORD)
        start.wait(30)
        for step in range(WRITES):
            if step % 3 == 0:
                create_staff(db, admin, f"w{number}s{step}", "某某", "viewer", "long-enough-pw-9")
            else:
                set_setting(db, admin, IDLE_LOCK_MINUTES, 5 + number * WRITES + step)
    finally:
        db.close()


def test_writers_in_several_processes_keep_one_chain(db_and_admin: tuple[Database, Staff]) -> None:
    """Four processes writing at once: every write has its entry, numbered without gap,
    and the whole trail checks clean."""
    db, _admin = db_and_admin
    db.close()
    before = count(db.path, "audit_entry")
    context = multiprocessing.get_context("spawn")
    start = context.Event()
    workers = [
        context.Process(target=_writer, args=(str(db.path), number, start))
        for number in range(WRITERS)
    ]
    for worker in workers:
        worker.start()
    start.set()
    for worker in workers:
        worker.join(120)
    assert [worker.exitcode for worker in workers] == [0] * WRITERS
    sign_ins = WRITERS
    assert count(db.path, "audit_entry") == before + sign_ins + WRITERS * WRITES
    with sqlite3.connect(db.path) as connection:
        ids = [row[0] for row in connection.execute("SELECT id FROM audit_entry ORDER BY id")]
    assert ids == list(range(1, len(ids) + 1))
    assert check_database(db.path) == []


def test_a_writer_with_a_stale_head_cannot_fork_the_chain(
    db_and_admin: tuple[Database, Staff], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A writer that read the head before another wrote would append an entry number
    that is taken: the database refuses it and nothing of that write is kept."""
    db, admin = db_and_admin
    set_setting(db, admin, IDLE_LOCK_MINUTES, 20)
    with db.session() as session:
        stale = trail._head(session)
        stale_head = (stale[0], stale[1] - 1, stale[2])
    monkeypatch.setattr(trail, "_head", lambda session: stale_head)
    entries_before = count(db.path, "audit_entry")
    with pytest.raises(Exception, match=r"UNIQUE|PRIMARY"):
        set_setting(db, admin, IDLE_LOCK_MINUTES, 30)
    monkeypatch.undo()
    assert count(db.path, "audit_entry") == entries_before
    assert check_database(db.path) == []
