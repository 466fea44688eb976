"""The audit trail: one entry per write, the hash chain, and edits made outside the program."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from dbtools import ADMIN_PASSWORD, audit_rows, raw

from desktop.core.audit import entries
from desktop.core.audit import trail as audit
from desktop.core.audit.check import check_database
from desktop.core.audit.entries import IDENTITY
from desktop.core.audit.kinds import ENTITY_LABELS
from desktop.core.audit.labels import describe_change
from desktop.core.center import (
    BACKUP_REMINDER_DAYS,
    IDLE_LOCK_MINUTES,
    CenterProfile,
    get_setting,
    set_setting,
    update_center,
)
from desktop.core.errors import AuthenticationError
from desktop.core.staff.accounts import (
    PreEmploymentCheck,
    authenticate,
    change_own_password,
    create_staff,
    reset_password,
    set_active,
    update_staff,
)
from desktop.core.staff.passwords import hash_password
from desktop.core.store.db import Database
from desktop.core.store.models import Staff

NEW_PASSWORD = "fresh-pass-42"
#: The task rules an early migration seeds; a new database's trail takes them in first.
SEEDED = 4
STAFF_1_DIFFERS = (
    f"{ENTITY_LABELS['staff']} 1 differs from its last audit entry: it was "
    "changed outside the program"
)


def verify(db: Database) -> audit.ChainReport:
    """Run verify_chain in a fresh session."""
    with db.session() as session:
        return audit.verify_chain(session)


def newest(db: Database) -> tuple[str, str, dict[str, Any] | None, dict[str, Any] | None]:
    """Return (action, entity, before, after) of the newest entry's changed fields
    (``before`` None for a creation, which keeps only the fields naming the record)."""
    with raw(db.path) as connection:
        action, entity, text = connection.execute(
            "SELECT action, entity, changes FROM audit_entry ORDER BY id DESC LIMIT 1"
        ).fetchone()
    changed = json.loads(text) if text else {}
    before = {key: pair[0] for key, pair in changed.items()}
    after = {key: pair[1] for key, pair in changed.items()}
    return action, entity, None if action == "create" else before, after


def test_fresh_database_is_sound(db_and_admin: tuple[Database, Staff]) -> None:
    """A new database takes the task rules it comes with into the trail; set-up adds the
    first administrator and the center; check finds nothing."""
    db, _admin = db_and_admin
    report = verify(db)
    assert report.ok and report.entries == SEEDED + 2
    rows = audit_rows(db.path)
    assert [(r[2], r[3]) for r in rows] == [("adopt", "task_rule")] * SEEDED + [
        ("create", "staff"),
        ("create", "center"),
    ]
    assert check_database(db.path) == []


def test_chain_links(db_and_admin: tuple[Database, Staff]) -> None:
    """Entries are numbered 1, 2, 3 ...; each MAC covers the one before; the head is the last."""
    db, _admin = db_and_admin
    with raw(db.path) as connection:
        chain = connection.execute(
            "SELECT id, at, staff_id, actor, action, entity, record_id, changes, state, mac "
            "FROM audit_entry ORDER BY id"
        ).fetchall()
        head = connection.execute(
            "SELECT value FROM setting WHERE key = ?", (audit.HEAD_KEY,)
        ).fetchone()[0]
    assert [row[0] for row in chain] == list(range(1, len(chain) + 1))
    assert db.key is not None
    prev = None
    for row in chain:
        assert entries.entry_mac(db.key, prev, row[:-1]) == row[-1]
        prev = row[-1]
    assert head == f"{chain[-1][0]}:{chain[-1][-1].hex()}"


def _create(db: Database, admin: Staff) -> None:
    create_staff(db, admin, "clerk", "李文", "intake", NEW_PASSWORD)


def _wrong_sign_in(db: Database) -> None:
    with pytest.raises(AuthenticationError):
        authenticate(db, "admin", "wrong-password")


def _target(db: Database) -> Staff:
    with db.session() as session:
        return session.query(Staff).filter_by(username="clerk").one()


WRITES: dict[str, tuple[Callable[[Database, Staff], Any], str, str, dict[str, Any]]] = {
    # name: (call, action, entity, fields expected to change {key: new value or ...})
    "create_staff": (_create, "create", "staff", {"username": "clerk", "role": "intake"}),
    "update_staff": (
        lambda db, a: update_staff(
            db, a, _target(db).id, "李文华", "caseworker", PreEmploymentCheck(result="clear")
        ),
        "update",
        "staff",
        {"full_name": "李文华", "role": "caseworker", "check_result": "clear"},
    ),
    "deactivate": (
        lambda db, a: set_active(db, a, _target(db).id, False),
        "deactivate",
        "staff",
        {"active": False},
    ),
    "reset_password": (
        lambda db, a: reset_password(db, a, _target(db).id, "another-pass-7"),
        "reset_password",
        "staff",
        {"password_hash": ...},
    ),
    "change_own_password": (
        lambda db, a: change_own_password(db, a, ADMIN_PASSWORD, "another-pass-7"),
        "change_password",
        "staff",
        {"password_hash": ...},
    ),
    "update_center": (
        lambda db, a: update_center(db, a, CenterProfile(name="城北中心", address="北路 1 号")),
        "update",
        "center",
        {"name": "城北中心", "address": "北路 1 号"},
    ),
    "set_setting": (
        lambda db, a: set_setting(db, a, IDLE_LOCK_MINUTES, 25),
        "update",
        "setting",
        {"value": "25"},
    ),
    "sign_in": (
        lambda db, a: authenticate(db, "admin", ADMIN_PASSWORD),
        "sign_in",
        "staff",
        {"last_sign_in_at": ...},
    ),
    "sign_in_failed": (
        lambda db, a: _wrong_sign_in(db),
        "sign_in_failed",
        "staff",
        {"failed_logins": 1},
    ),
}


@pytest.mark.parametrize("name", list(WRITES))
def test_every_write_adds_one_entry(db_and_admin: tuple[Database, Staff], name: str) -> None:
    """A service write adds exactly one entry, with before and after showing the change."""
    db, admin = db_and_admin
    if name in ("update_staff", "deactivate", "reset_password"):
        _create(db, admin)
    if name == "set_setting":
        set_setting(db, admin, IDLE_LOCK_MINUTES, 15)
    call, action, entity, changed = WRITES[name]
    count_before = len(audit_rows(db.path))
    call(db, admin)
    assert len(audit_rows(db.path)) == count_before + 1
    got_action, got_entity, before, after = newest(db)
    assert (got_action, got_entity) == (action, entity)
    assert after is not None
    if action == "create":
        assert before is None
        changed = {key: value for key, value in changed.items() if key in IDENTITY[entity]}
        assert changed
    else:
        assert before is not None
        assert set(before) == set(after)
    for key, value in changed.items():
        if before is not None:
            assert before[key] != after[key], key
        if value is not ...:
            assert after[key] == value, key
    assert verify(db).ok
    assert check_database(db.path) == []


def test_setting_first_write_has_no_before(db_and_admin: tuple[Database, Staff]) -> None:
    """The first value of a setting has an empty 'before'; the next one shows the old value."""
    db, admin = db_and_admin
    set_setting(db, admin, BACKUP_REMINDER_DAYS, 3)
    assert newest(db)[2:] == ({"value": None}, {"value": "3"})
    set_setting(db, admin, BACKUP_REMINDER_DAYS, 7)
    assert newest(db)[2:] == ({"value": "3"}, {"value": "7"})
    assert get_setting(db, BACKUP_REMINDER_DAYS) == 7


def test_trail_never_holds_password_hashes(db_and_admin: tuple[Database, Staff]) -> None:
    """Password hashes appear only as digests: the trail cannot be used to crack them."""
    db, admin = db_and_admin
    create_staff(db, admin, "clerk", "李文", "intake", NEW_PASSWORD)
    reset_password(db, admin, admin.id, "another-pass-7")
    with raw(db.path) as connection:
        hashes = [row[0] for row in connection.execute("SELECT password_hash FROM staff")]
        text = " ".join(row[0] for row in connection.execute("SELECT changes FROM audit_entry"))
    assert hashes
    for stored in hashes:
        assert stored not in text
        assert stored.split("$")[-1] not in text
    assert "another-pass-7" not in text and NEW_PASSWORD not in text
    assert newest(db)[3]["password_hash"].startswith("sha256:")  # type: ignore[index]


def test_failed_write_leaves_no_entry(db_and_admin: tuple[Database, Staff]) -> None:
    """A write refused half-way (invalid check date) leaves neither change nor entry."""
    db, admin = db_and_admin
    rows = audit_rows(db.path)
    with pytest.raises(Exception, match="future"):
        update_staff(
            db,
            admin,
            admin.id,
            "New Name",
            "admin",
            PreEmploymentCheck(date=dt.date.today() + dt.timedelta(days=3)),
        )
    assert audit_rows(db.path) == rows
    with db.session() as session:
        assert session.get(Staff, admin.id).full_name == "王主任"  # type: ignore[union-attr]


# --- tampering outside the program ------------------------------------------------------


@pytest.fixture
def busy(db_and_admin: tuple[Database, Staff]) -> Iterator[tuple[Database, list[int]]]:
    """A closed database with a dozen entries; yields it reopened and the entry ids."""
    db, admin = db_and_admin
    for minutes in range(5, 15):
        set_setting(db, admin, IDLE_LOCK_MINUTES, minutes)
    ids = [row[0] for row in audit_rows(db.path)]
    assert len(ids) == SEEDED + 12
    db.close()
    reopened = Database.open(db.path)
    yield reopened, ids
    reopened.close()


def test_busy_chain_is_sound(busy: tuple[Database, list[int]]) -> None:
    """Before anyone tampers, the chain verifies and check is clean."""
    db, ids = busy
    report = verify(db)
    assert report.ok and report.entries == len(ids)
    assert check_database(db.path) == []


def test_tamper_staff_full_name(busy: tuple[Database, list[int]]) -> None:
    """A staff row edited directly no longer matches its last audit entry."""
    db, _ids = busy
    assert check_database(db.path) == []
    with raw(db.path) as connection:
        connection.execute("UPDATE staff SET full_name = '冒名' WHERE username = 'admin'")
    problems = check_database(db.path)
    assert problems == [STAFF_1_DIFFERS]
    assert verify(db).ok  # the trail itself is intact


def test_tamper_staff_password_hash(busy: tuple[Database, list[int]]) -> None:
    """Planting a known password hash directly is reported, though hashes are not stored."""
    db, _ids = busy
    with raw(db.path) as connection:
        connection.execute(
            "UPDATE staff SET password_hash = ? WHERE username = 'admin'",
            (hash_password("attacker-knows-1"),),
        )
    problems = check_database(db.path)
    assert problems == [STAFF_1_DIFFERS]


def test_tamper_staff_role(busy: tuple[Database, list[int]]) -> None:
    """Promoting someone directly in the file is reported."""
    db, _ids = busy
    with raw(db.path) as connection:
        connection.execute("UPDATE staff SET role = 'viewer' WHERE username = 'admin'")
    assert check_database(db.path) == [STAFF_1_DIFFERS]


def test_tamper_staff_inserted(busy: tuple[Database, list[int]]) -> None:
    """A staff row added outside the program has no audit entry, and check says so."""
    db, _ids = busy
    with raw(db.path) as connection:
        connection.execute(
            "INSERT INTO staff (username, full_name, role, password_hash, active, "
            "must_change_password, failed_logins, created_at, check_result, check_reference) "
            "VALUES ('intruder', 'X', 'admin', 'scrypt$x', 1, 0, 0, '2026-01-01 00:00:00', '', '')"
        )
    problems = check_database(db.path)
    assert any("no audit entry" in problem for problem in problems)


def test_tamper_center(busy: tuple[Database, list[int]]) -> None:
    """The center's profile edited directly is reported."""
    db, _ids = busy
    with raw(db.path) as connection:
        connection.execute("UPDATE center SET phone = '110'")
    assert check_database(db.path) == [
        f"{ENTITY_LABELS['center']} 1 differs from its last audit entry: it was changed "
        "outside the program"
    ]


def test_non_utc_time_is_not_a_false_tamper(db_and_admin: tuple[Database, Staff]) -> None:
    """Signing in with an aware local time (UTC+8) leaves a database that checks clean."""
    db, _admin = db_and_admin
    beijing = dt.timezone(dt.timedelta(hours=8))
    authenticate(db, "admin", ADMIN_PASSWORD, now=dt.datetime.now(beijing))
    assert check_database(db.path) == []


# --- the audit screen's services --------------------------------------------------------


def test_list_and_count_entries(db_and_admin: tuple[Database, Staff]) -> None:
    """The screen's list is newest first, paged, and filtered by staff, record and day."""
    db, admin = db_and_admin
    clerk = create_staff(db, admin, "clerk", "李文", "intake", NEW_PASSWORD)
    for minutes in (20, 30, 40):
        set_setting(db, admin, IDLE_LOCK_MINUTES, minutes)
    everything = audit.AuditFilter()
    total = len(audit_rows(db.path))
    assert audit.count_entries(db, admin, everything) == total == SEEDED + 6
    listed = audit.list_entries(db, admin, everything)
    assert [e.id for e in listed] == sorted((e.id for e in listed), reverse=True)
    assert [e.id for e in audit.list_entries(db, admin, everything, offset=1, limit=2)] == [
        listed[1].id,
        listed[2].id,
    ]

    settings = audit.AuditFilter(entity="setting")
    assert audit.count_entries(db, admin, settings) == 3
    assert {e.entity for e in audit.list_entries(db, admin, settings)} == {"setting"}
    by_record = audit.AuditFilter(entity="staff", record_id=f" {clerk.id} ")
    assert [e.action for e in audit.list_entries(db, admin, by_record)] == ["create"]
    assert audit.count_entries(db, admin, audit.AuditFilter(staff_id=clerk.id)) == 0
    assert audit.count_entries(db, admin, audit.AuditFilter(staff_id=admin.id)) == total - SEEDED

    today = dt.date.today()
    assert (
        audit.count_entries(db, admin, audit.AuditFilter(date_from=today, date_to=today)) == total
    )
    yesterday = today - dt.timedelta(days=1)
    assert audit.count_entries(db, admin, audit.AuditFilter(date_to=yesterday)) == 0
    tomorrow = today + dt.timedelta(days=1)
    assert audit.count_entries(db, admin, audit.AuditFilter(date_from=tomorrow)) == 0
    assert audit.entities(db, admin) == ["center", "setting", "staff", "task_rule"]


def test_check_chain_service(busy: tuple[Database, list[int]]) -> None:
    """The screen's chain check reports what verify_chain reports."""
    db, ids = busy
    with db.session() as session:
        admin = session.query(Staff).filter_by(username="admin").one()
    assert audit.check_chain(db, admin).ok
    with raw(db.path) as connection:
        connection.execute("UPDATE audit_entry SET actor = 'x' WHERE id = ?", (ids[3],))
    assert audit.check_chain(db, admin).broken_id == ids[3]


def test_the_screens_check_lets_the_desk_write_meanwhile(
    busy: tuple[Database, list[int]], monkeypatch: pytest.MonkeyPatch
) -> None:
    """While the audit screen walks the trail, another write goes through at once."""
    import threading

    from desktop.core.audit import chain

    db, _ids = busy
    with db.session() as session:
        admin = session.query(Staff).filter_by(username="admin").one()
    walking, written = threading.Event(), threading.Event()
    real_verify = chain.verify

    def slow_verify(raw: Any, *args: Any, **kwargs: Any) -> audit.ChainReport:
        raw.execute("SELECT count(*) FROM audit_entry").fetchone()  # its snapshot taken
        walking.set()
        assert written.wait(30), "the write waited for the check"
        return real_verify(raw, *args, **kwargs)

    monkeypatch.setattr(chain, "verify", slow_verify)
    reports: list[audit.ChainReport] = []
    worker = threading.Thread(target=lambda: reports.append(audit.check_chain(db, admin)))
    worker.start()
    try:
        assert walking.wait(30)
        set_setting(db, admin, IDLE_LOCK_MINUTES, 9)  # raised "database is locked" before
        written.set()
    finally:
        written.set()
        worker.join(60)
    assert reports and reports[0].ok
    assert get_setting(db, IDLE_LOCK_MINUTES) == 9


def test_settings_saved_together_or_not_at_all(db_and_admin) -> None:  # type: ignore[no-untyped-def]
    """One value out of range: neither setting changes and no entry is written."""
    from desktop.core import center
    from desktop.core.errors import ValidationError
    from desktop.core.store.models import AuditEntry

    db, admin = db_and_admin
    with db.session() as session:
        entries = session.query(AuditEntry).count()
    with pytest.raises(ValidationError) as raised:
        center.set_settings(
            db, admin, {center.IDLE_LOCK_MINUTES: 5, center.BACKUP_REMINDER_DAYS: 99}
        )
    assert raised.value.field == center.BACKUP_REMINDER_DAYS
    assert center.get_setting(db, center.IDLE_LOCK_MINUTES) == 10
    with db.session() as session:
        assert session.query(AuditEntry).count() == entries


def test_a_creation_shows_the_values_the_record_was_created_with(
    db_and_admin: tuple[Database, Staff],
) -> None:
    """The trail keeps no copy of a new record: its row now, with every later change
    undone, is shown as created; a later change does not leak into the creation."""
    db, admin = db_and_admin
    clerk = create_staff(db, admin, "clerk", "李文", "intake", NEW_PASSWORD)
    update_staff(db, admin, clerk.id, "李文华", "caseworker", PreEmploymentCheck(result="clear"))
    with raw(db.path) as connection:
        (created_id,) = connection.execute(
            "SELECT id FROM audit_entry WHERE entity = 'staff' AND record_id = ? "
            "AND action = 'create'",
            (str(clerk.id),),
        ).fetchone()
    values = audit.created_values(db, admin, created_id)
    assert (values["full_name"], values["role"]) == ("李文", "intake")
    assert values["password_hash"].startswith("sha256:")
    with db.session() as session:
        entry = session.get(audit.AuditEntry, created_id)
    text = describe_change(entry, values).splitlines()  # type: ignore[arg-type]
    assert "Full name: — → 李文" in text and "Role: — → Intake staff" in text
    assert audit.created_values(db, admin, created_id + 1) == {}  # the update is no creation


def test_the_audit_screen_check_names_a_deleted_record(busy: tuple[Database, list[int]]) -> None:
    """The screen's check sees what ``homeward check`` sees: a row deleted outside."""
    db, _ids = busy
    admin = authenticate(db, "admin", ADMIN_PASSWORD)
    assert audit.check_chain(db, admin).ok
    with raw(db.path) as connection:
        connection.execute("DELETE FROM setting WHERE key = ?", (IDLE_LOCK_MINUTES,))
    report = audit.check_chain(db, admin)
    assert not report.ok and report.broken_id is None
    assert "deleted outside the program" in report.problems[0]
