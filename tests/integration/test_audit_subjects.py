"""The audit screen names the child each entry is about, and shows one child's entries."""

from __future__ import annotations

import io
import sqlite3
from pathlib import Path

import pytest
from dbtools import ADMIN_PASSWORD
from PIL import Image

from desktop.config import resolve_paths
from desktop.core.audit import trail as audit
from desktop.core.children.intake import add_photo
from desktop.core.demo.generate import create_demo
from desktop.core.staff.accounts import authenticate
from desktop.core.store.db import Database

#: How the test finds each kind of record's child: its own SQL, written out by hand.
CHILD_OF = {
    "child": "SELECT id FROM child WHERE id = ?",
    "admission": "SELECT child_id FROM admission WHERE id = ?",
    "belonging": "SELECT a.child_id FROM belonging b JOIN admission a ON a.id = b.admission_id"
    " WHERE b.id = ?",
    "contact": "SELECT child_id FROM contact WHERE id = ?",
    "note": "SELECT child_id FROM note WHERE id = ?",
    "photo": "SELECT child_id FROM photo WHERE id = ?",
    "task": "SELECT child_id FROM task WHERE id = ?",
    "placement": "SELECT child_id FROM placement WHERE id = ?",
    "return_plan": "SELECT child_id FROM return_plan WHERE id = ?",
    "tracing_entry": "SELECT p.child_id FROM tracing_entry t JOIN return_plan p"
    " ON p.id = t.plan_id WHERE t.id = ?",
    "follow_up_visit": "SELECT p.child_id FROM follow_up_visit v JOIN return_plan p"
    " ON p.id = v.plan_id WHERE v.id = ?",
    "referral": "SELECT p.child_id FROM referral r JOIN return_plan p ON p.id = r.plan_id"
    " WHERE r.id = ?",
}


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A demo database of 300 children (return homes, referrals) and one photo."""
    paths = resolve_paths(tmp_path_factory.mktemp("subjects") / "home")
    create_demo(paths, ADMIN_PASSWORD, 300, seed=3)
    db = Database.open(paths.db_file)
    try:
        picture = io.BytesIO()
        Image.new("RGB", (40, 30), "red").save(picture, "PNG")
        add_photo(db, authenticate(db, "admin", ADMIN_PASSWORD), 2, picture.getvalue(), "正面")
    finally:
        db.close()
    return paths.db_file


def _expected(path: Path) -> dict[int, str]:
    """Entry id -> "case number name", found with the hand-written SQL above."""
    found: dict[int, str] = {}
    with sqlite3.connect(path) as connection:
        entries = connection.execute("SELECT id, entity, record_id FROM audit_entry").fetchall()
        for entry_id, entity, record_id in entries:
            if entity not in CHILD_OF:
                continue
            row = connection.execute(CHILD_OF[entity], (int(record_id),)).fetchone()
            if row is None:
                continue
            case_no, name, alias = connection.execute(
                "SELECT case_no, name, alias FROM child WHERE id = ?", row
            ).fetchone()
            shown = name or (f"“{alias}”" if alias else "Unknown child")
            found[entry_id] = f"{case_no} {shown}"
    return found


def test_every_entry_names_its_child(demo: Path) -> None:
    """Each kind of record is traced to its child; staff, rooms and settings name none."""
    expected = _expected(demo)
    db = Database.open(demo)
    try:
        admin = authenticate(db, "admin", ADMIN_PASSWORD)
        everything = audit.list_entries(db, admin, audit.AuditFilter(), 0, 100_000)
        named = audit.entry_children(db, admin, everything)
    finally:
        db.close()
    assert {entry_id: subject.label() for entry_id, subject in named.items()} == expected
    kinds = {entry.entity for entry in everything if entry.id in named}
    assert kinds == set(CHILD_OF)  # every path is exercised
    unnamed = {entry.entity for entry in everything if entry.id not in named}
    assert {"staff", "room", "bed", "center", "task_rule"} <= unnamed


def test_a_deleted_record_names_no_child(demo: Path, tmp_path: Path) -> None:
    copy = tmp_path / "copy.sqlite"
    copy.write_bytes(demo.read_bytes())
    (tmp_path / "copy.sqlite.key").write_bytes((demo.parent / "homeward.sqlite.key").read_bytes())
    with sqlite3.connect(copy) as connection:
        note = connection.execute("SELECT max(id) FROM note").fetchone()[0]
        connection.execute("DELETE FROM note WHERE id = ?", (note,))
    db = Database.open(copy)
    try:
        admin = authenticate(db, "admin", ADMIN_PASSWORD)
        notes = audit.list_entries(db, admin, audit.AuditFilter(entity="note", record_id=str(note)))
        assert notes
        assert audit.entry_children(db, admin, notes) == {}
    finally:
        db.close()


def test_filter_by_case_number_keeps_that_childs_records(demo: Path) -> None:
    """Every entry about the child or a record of theirs, and no other."""
    expected = _expected(demo)
    with sqlite3.connect(demo) as connection:
        case_no = connection.execute(
            "SELECT c.case_no FROM child c JOIN return_plan p ON p.child_id = c.id"
            " JOIN referral r ON r.plan_id = p.id"
        ).fetchone()[0]
    wanted = {entry_id for entry_id, label in expected.items() if label.startswith(case_no + " ")}
    db = Database.open(demo)
    try:
        admin = authenticate(db, "admin", ADMIN_PASSWORD)
        by_child = audit.AuditFilter(case_no=f" {case_no} ")
        listed = audit.list_entries(db, admin, by_child, 0, 10_000)
        assert {entry.id for entry in listed} == wanted
        assert audit.count_entries(db, admin, by_child) == len(wanted)
        assert {entry.entity for entry in listed} >= {"child", "admission", "return_plan",
                                                      "tracing_entry", "referral"}  # fmt: skip
        notes_only = audit.AuditFilter(case_no=case_no, entity="note")
        assert {e.entity for e in audit.list_entries(db, admin, notes_only)} <= {"note"}
        nobody = audit.AuditFilter(case_no="1999-9999")
        assert audit.count_entries(db, admin, nobody) == 0
        assert audit.count_entries(db, admin, audit.AuditFilter(case_no="  ")) == len(
            audit.list_entries(db, admin, audit.AuditFilter(), 0, 100_000)
        )
    finally:
        db.close()
