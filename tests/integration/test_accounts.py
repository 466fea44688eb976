"""Staff accounts: signing in, lockout, the administrator's services and who may call them."""

from __future__ import annotations

import datetime as dt
import inspect
import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from dbtools import ADMIN_PASSWORD, audit_rows, copy_database, count, dump

from desktop.config import resolve_paths
from desktop.core import center
from desktop.core.audit import trail as audit
from desktop.core.center import (
    BACKUP_REMINDER_DAYS,
    IDLE_LOCK_MINUTES,
    CenterProfile,
    set_setting,
    set_settings,
    update_center,
)
from desktop.core.errors import (
    AuthenticationError,
    NotFound,
    PermissionDenied,
    ValidationError,
)
from desktop.core.setup import initialise
from desktop.core.staff import accounts
from desktop.core.staff.accounts import (
    LOCK_AFTER_FAILURES,
    PreEmploymentCheck,
    authenticate,
    change_own_password,
    create_staff,
    list_staff,
    reset_password,
    set_active,
    update_staff,
)
from desktop.core.staff.permissions import ROLE_PERMISSIONS, Permission, Role
from desktop.core.store.db import Database
from desktop.core.store.models import Staff

T0 = dt.datetime(2026, 3, 1, 22, 30, tzinfo=dt.UTC)
#: The one message of every refused sign-in.
REFUSED = (
    "The user name or the password is wrong. After 5 wrong passwords in a row, "
    "an account is locked for 15 minutes."
)
NEW_PASSWORD = "fresh-pass-42"
ROLES = ["admin", "intake", "caseworker", "viewer"]


def staff_named(db: Database, username: str) -> Staff:
    """Return the stored staff member with ``username``."""
    with db.session() as session:
        found = session.query(Staff).filter_by(username=username).one()
    return found


# --- signing in -----------------------------------------------------------------------


def test_sign_in_success_is_audited(db_and_admin: tuple[Database, Staff]) -> None:
    """The right password returns the staff member and leaves a sign_in entry."""
    db, admin = db_and_admin
    before = count(db.path, "audit_entry")
    staff = authenticate(db, "admin", ADMIN_PASSWORD, now=T0)
    assert staff.id == admin.id
    assert staff.last_sign_in_at == T0
    rows = audit_rows(db.path)
    assert len(rows) == before + 1
    assert rows[-1][1:5] == ("admin", "sign_in", "staff", str(admin.id))
    assert json.loads(rows[-1][5])["last_sign_in_at"] == [None, T0.isoformat()]


def test_sign_in_ignores_case_and_spaces(db_and_admin: tuple[Database, Staff]) -> None:
    """User names are matched trimmed and case-insensitively; passwords are not."""
    db, admin = db_and_admin
    assert authenticate(db, "  ADMIN ", ADMIN_PASSWORD).id == admin.id
    with pytest.raises(AuthenticationError):
        authenticate(db, "admin", ADMIN_PASSWORD.upper())


def test_wrong_password_counts_down(db_and_admin: tuple[Database, Staff]) -> None:
    """Each wrong password is counted for the name and audited as a failure."""
    db, _admin = db_and_admin
    for tries in range(1, LOCK_AFTER_FAILURES):
        with pytest.raises(AuthenticationError) as caught:
            authenticate(db, "admin", "wrong-password", now=T0)
        assert str(caught.value) == REFUSED
        assert audit_rows(db.path)[-1][2] == "sign_in_failed"
        assert staff_named(db, "admin").failed_logins == tries
        assert staff_named(db, "admin").locked_until is None


def test_success_resets_the_count(db_and_admin: tuple[Database, Staff]) -> None:
    """A right password in between starts the count again."""
    db, _admin = db_and_admin
    for _ in range(LOCK_AFTER_FAILURES - 1):
        with pytest.raises(AuthenticationError):
            authenticate(db, "admin", "wrong-password", now=T0)
    authenticate(db, "admin", ADMIN_PASSWORD, now=T0)
    assert staff_named(db, "admin").failed_logins == 0
    with pytest.raises(AuthenticationError):
        authenticate(db, "admin", "wrong-password", now=T0)
    assert staff_named(db, "admin").failed_logins == 1


def test_lockout_and_expiry(db_and_admin: tuple[Database, Staff]) -> None:
    """Five wrong passwords lock the account for 15 minutes, even against the right one."""
    db, _admin = db_and_admin
    for _ in range(LOCK_AFTER_FAILURES - 1):
        with pytest.raises(AuthenticationError):
            authenticate(db, "admin", "wrong-password", now=T0)
    with pytest.raises(AuthenticationError) as caught:
        authenticate(db, "admin", "wrong-password", now=T0)
    assert str(caught.value) == REFUSED  # the rule is in every refusal, the name in none
    assert audit_rows(db.path)[-1][2] == "account_locked"
    assert staff_named(db, "admin").locked_until == T0 + dt.timedelta(minutes=15)

    entries = count(db.path, "audit_entry")
    for later in (dt.timedelta(seconds=1), dt.timedelta(minutes=14, seconds=30)):
        for password in (ADMIN_PASSWORD, "wrong-password"):  # a lock says nothing of either
            with pytest.raises(AuthenticationError) as caught:
                authenticate(db, "admin", password, now=T0 + later)
            assert str(caught.value) == REFUSED
    assert count(db.path, "audit_entry") == entries

    staff = authenticate(db, "admin", ADMIN_PASSWORD, now=T0 + dt.timedelta(minutes=15, seconds=1))
    assert staff.locked_until is None
    assert staff.failed_logins == 0


def test_lock_expires_without_the_right_password(db_and_admin: tuple[Database, Staff]) -> None:
    """After the lock, a wrong password starts a fresh count instead of relocking at once."""
    db, _admin = db_and_admin
    for _ in range(LOCK_AFTER_FAILURES):
        with pytest.raises(AuthenticationError):
            authenticate(db, "admin", "wrong-password", now=T0)
    later = T0 + dt.timedelta(minutes=16)
    with pytest.raises(AuthenticationError):
        authenticate(db, "admin", "wrong-password", now=later)
    assert staff_named(db, "admin").failed_logins == 1
    assert staff_named(db, "admin").locked_until == T0 + dt.timedelta(minutes=15)


def test_unknown_user(db_and_admin: tuple[Database, Staff]) -> None:
    """An unknown user name gets the wrong password's message, word for word, and writes nothing."""
    db, _admin = db_and_admin
    before = dump(db.path)
    with pytest.raises(AuthenticationError) as unknown:
        authenticate(db, "Nobody", ADMIN_PASSWORD)
    assert dump(db.path) == before
    with pytest.raises(AuthenticationError) as wrong:
        authenticate(db, "admin", "wrong-password")
    assert str(unknown.value) == str(wrong.value) == REFUSED
    assert "nobody" not in str(unknown.value).lower()


def test_a_deactivated_account_is_named_only_to_its_password(
    db_and_admin: tuple[Database, Staff],
) -> None:
    db, admin = db_and_admin
    clerk = create_staff(db, admin, "clerk", "李文", "intake", NEW_PASSWORD)
    set_active(db, admin, clerk.id, False)
    with pytest.raises(AuthenticationError) as caught:
        authenticate(db, "clerk", "wrong-password")
    assert str(caught.value) == REFUSED


def test_deactivated_user_refused(db_and_admin: tuple[Database, Staff]) -> None:
    """A deactivated account cannot sign in, even with the right password."""
    db, admin = db_and_admin
    clerk = create_staff(db, admin, "clerk", "李文", "intake", NEW_PASSWORD)
    set_active(db, admin, clerk.id, False)
    before = dump(db.path)
    with pytest.raises(AuthenticationError, match="deactivated"):
        authenticate(db, "clerk", NEW_PASSWORD)
    assert dump(db.path) == before
    set_active(db, admin, clerk.id, True)
    assert authenticate(db, "clerk", NEW_PASSWORD).id == clerk.id


@pytest.mark.parametrize(
    ("username", "password"),
    [("", ADMIN_PASSWORD), ("   ", ADMIN_PASSWORD), ("admin", ""), ("", "")],
)
def test_empty_fields(db_and_admin: tuple[Database, Staff], username: str, password: str) -> None:
    """Empty user name or password: asked to enter both, nothing counted."""
    db, _admin = db_and_admin
    before = dump(db.path)
    with pytest.raises(AuthenticationError, match="Enter your user name and password"):
        authenticate(db, username, password)
    assert dump(db.path) == before


# --- the administrator's staff services -----------------------------------------------


def test_create_staff(db_and_admin: tuple[Database, Staff]) -> None:
    """A new member is stored normalised, must change the password, and is audited."""
    db, admin = db_and_admin
    check = PreEmploymentCheck(date=dt.date(2026, 1, 5), result=" 无犯罪记录 ", reference="A-1")
    staff = create_staff(db, admin, "  Li.Wen ", " 李  文 ", "intake", NEW_PASSWORD, check)
    stored = staff_named(db, "li.wen")
    assert stored.id == staff.id
    assert (stored.full_name, stored.role, stored.active) == ("李 文", "intake", True)
    assert stored.must_change_password
    assert (stored.check_date, stored.check_result, stored.check_reference) == (
        dt.date(2026, 1, 5),
        "无犯罪记录",
        "A-1",
    )
    assert audit_rows(db.path)[-1][1:5] == ("admin", "create", "staff", str(staff.id))
    assert authenticate(db, "LI.WEN", NEW_PASSWORD).id == staff.id


@pytest.mark.parametrize("name", ["Admin", "ADMIN", " admin ", "admin"])
def test_duplicate_username_refused(db_and_admin: tuple[Database, Staff], name: str) -> None:
    """A user name taken in any letter case is refused; no row and no audit entry."""
    db, admin = db_and_admin
    before = dump(db.path)
    with pytest.raises(ValidationError) as caught:
        create_staff(db, admin, name, "Someone Else", "viewer", NEW_PASSWORD)
    assert caught.value.field == "username"
    assert "taken" in str(caught.value)
    assert dump(db.path) == before


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"password": "short"}, "password"),
        ({"password": "        "}, "password"),
        ({"password": "aaaaaaaaaa"}, "password"),
        ({"password": "Newbie01", "username": "newbie01"}, "password"),
        ({"username": ""}, "username"),
        ({"username": "has space"}, "username"),
        ({"username": "x" * 33}, "username"),
        ({"full_name": "   "}, "full_name"),
        ({"role": "root"}, "role"),
        ({"check": PreEmploymentCheck(date=dt.date.today() + dt.timedelta(days=1))}, "check_date"),
    ],
)
def test_create_staff_invalid(
    db_and_admin: tuple[Database, Staff], kwargs: dict[str, Any], field: str
) -> None:
    """Bad input names the field and saves nothing."""
    db, admin = db_and_admin
    values: dict[str, Any] = {
        "username": "newbie",
        "full_name": "New Bie",
        "role": "viewer",
        "password": NEW_PASSWORD,
        "check": None,
    }
    values.update(kwargs)
    before = dump(db.path)
    with pytest.raises(ValidationError) as caught:
        create_staff(db, admin, **values)
    assert caught.value.field == field
    assert dump(db.path) == before


def test_last_admin_cannot_be_demoted(db_and_admin: tuple[Database, Staff]) -> None:
    """The only active administrator stays one; with a second admin, demotion works."""
    db, admin = db_and_admin
    before = dump(db.path)
    with pytest.raises(ValidationError) as caught:
        update_staff(db, admin, admin.id, "王主任", "viewer", PreEmploymentCheck())
    assert caught.value.field == "role"
    assert dump(db.path) == before

    second = create_staff(db, admin, "boss2", "Second Boss", "admin", NEW_PASSWORD)
    update_staff(db, admin, second.id, "Second Boss", "caseworker", PreEmploymentCheck())
    assert staff_named(db, "boss2").role == "caseworker"
    with pytest.raises(ValidationError, match="last active administrator"):
        update_staff(db, admin, admin.id, "王主任", "intake", PreEmploymentCheck())


def test_demoting_when_other_admin_inactive(db_and_admin: tuple[Database, Staff]) -> None:
    """An inactive second administrator does not count: the active one stays admin."""
    db, admin = db_and_admin
    second = create_staff(db, admin, "boss2", "Second Boss", "admin", NEW_PASSWORD)
    set_active(db, admin, second.id, False)
    with pytest.raises(ValidationError, match="last active administrator"):
        update_staff(db, admin, admin.id, "王主任", "viewer", PreEmploymentCheck())


def test_cannot_deactivate_self(db_and_admin: tuple[Database, Staff]) -> None:
    """An administrator cannot deactivate their own account (nor the last admin)."""
    db, admin = db_and_admin
    before = dump(db.path)
    with pytest.raises(ValidationError) as caught:
        set_active(db, admin, admin.id, False)
    assert caught.value.field == "active"
    assert dump(db.path) == before
    second = create_staff(db, admin, "boss2", "Second Boss", "admin", NEW_PASSWORD)
    with pytest.raises(ValidationError, match="your own account"):
        set_active(db, second, second.id, False)
    set_active(db, second, admin.id, False)
    assert not staff_named(db, "admin").active


def test_unknown_staff_id(db_and_admin: tuple[Database, Staff]) -> None:
    """Services asked about a staff number that does not exist raise NotFound."""
    db, admin = db_and_admin
    with pytest.raises(NotFound):
        set_active(db, admin, 9999, False)
    with pytest.raises(NotFound):
        reset_password(db, admin, 9999, NEW_PASSWORD)
    with pytest.raises(NotFound):
        update_staff(db, admin, 9999, "X", "viewer", PreEmploymentCheck())


def test_reset_password_unlocks(db_and_admin: tuple[Database, Staff]) -> None:
    """A reset unlocks the account, replaces the password and asks for a change."""
    db, admin = db_and_admin
    clerk = create_staff(db, admin, "clerk", "李文", "intake", NEW_PASSWORD)
    now = dt.datetime.now(dt.UTC)
    for _ in range(LOCK_AFTER_FAILURES):
        with pytest.raises(AuthenticationError):
            authenticate(db, "clerk", "wrong-password", now=now)
    assert staff_named(db, "clerk").locked_until is not None

    reset_password(db, admin, clerk.id, "another-pass-7")
    stored = staff_named(db, "clerk")
    assert stored.locked_until is None
    assert stored.failed_logins == 0
    assert stored.must_change_password
    assert audit_rows(db.path)[-1][1:5] == ("admin", "reset_password", "staff", str(clerk.id))
    with pytest.raises(AuthenticationError, match="password is wrong"):
        authenticate(db, "clerk", NEW_PASSWORD)
    assert authenticate(db, "clerk", "another-pass-7").id == clerk.id


def test_reset_password_rules(db_and_admin: tuple[Database, Staff]) -> None:
    """A weak new password is refused with field new_password, nothing saved."""
    db, admin = db_and_admin
    clerk = create_staff(db, admin, "clerk", "李文", "intake", NEW_PASSWORD)
    before = dump(db.path)
    with pytest.raises(ValidationError) as caught:
        reset_password(db, admin, clerk.id, "clerk")
    assert caught.value.field == "new_password"
    assert dump(db.path) == before


def test_reset_own_password_needs_no_change(db_and_admin: tuple[Database, Staff]) -> None:
    """An administrator resetting their own password is not asked to change it again."""
    db, admin = db_and_admin
    reset_password(db, admin, admin.id, "another-pass-7")
    assert not staff_named(db, "admin").must_change_password
    assert authenticate(db, "admin", "another-pass-7").id == admin.id


def test_change_own_password(db_and_admin: tuple[Database, Staff]) -> None:
    """The old password is checked; the new one must differ and follow the rules."""
    db, admin = db_and_admin
    clerk = create_staff(db, admin, "clerk", "李文", "intake", NEW_PASSWORD)
    before = dump(db.path)
    with pytest.raises(ValidationError) as caught:
        change_own_password(db, clerk, "not-the-password", "another-pass-7")
    assert caught.value.field == "old_password"
    with pytest.raises(ValidationError) as caught:
        change_own_password(db, clerk, NEW_PASSWORD, NEW_PASSWORD)
    assert caught.value.field == "new_password"
    with pytest.raises(ValidationError) as caught:
        change_own_password(db, clerk, NEW_PASSWORD, "short")
    assert caught.value.field == "new_password"
    assert dump(db.path) == before

    change_own_password(db, clerk, NEW_PASSWORD, "another-pass-7")
    stored = staff_named(db, "clerk")
    assert not stored.must_change_password
    assert audit_rows(db.path)[-1][1:5] == ("clerk", "change_password", "staff", str(clerk.id))
    assert authenticate(db, "clerk", "another-pass-7").id == clerk.id
    with pytest.raises(AuthenticationError):
        authenticate(db, "clerk", NEW_PASSWORD)


def test_list_staff(db_and_admin: tuple[Database, Staff]) -> None:
    """Active staff first, each group by user name; listing writes nothing."""
    db, admin = db_and_admin
    zed = create_staff(db, admin, "zed", "Zed", "viewer", NEW_PASSWORD)
    create_staff(db, admin, "bob", "Bob", "viewer", NEW_PASSWORD)
    set_active(db, admin, zed.id, False)
    before = dump(db.path)
    assert [s.username for s in list_staff(db, admin)] == ["admin", "bob", "zed"]
    assert dump(db.path) == before


# --- who may call what ------------------------------------------------------------------


@pytest.fixture(scope="module")
def staffed_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A closed database with one staff member per role and a target, built once."""
    paths = resolve_paths(tmp_path_factory.mktemp("template") / "home")
    db, admin = initialise(paths, CenterProfile(name="城南中心"), "admin", "王主任", ADMIN_PASSWORD)
    try:
        for role in ("intake", "caseworker", "viewer"):
            create_staff(db, admin, role, f"The {role}", role, ADMIN_PASSWORD)
        create_staff(db, admin, "target", "Target Person", "viewer", ADMIN_PASSWORD)
    finally:
        db.close()
    return paths.db_file


@pytest.fixture
def staffed(staffed_template: Path, tmp_path: Path) -> Iterator[tuple[Database, dict[str, Staff]]]:
    """A private copy of the template, open, with its staff by user name."""
    path = tmp_path / "homeward.sqlite"
    copy_database(staffed_template, path)
    db = Database.open(path)
    with db.session() as session:
        people = {s.username: s for s in session.query(Staff)}
    yield db, people
    db.close()


Call = Callable[[Database, Staff, dict[str, Staff]], Any]

SERVICES: dict[str, tuple[Permission, bool, Call]] = {
    "create_staff": (
        Permission.MANAGE_STAFF,
        True,
        lambda db, actor, people: create_staff(
            db, actor, "newcomer", "New Comer", "viewer", NEW_PASSWORD
        ),
    ),
    "list_staff": (Permission.MANAGE_STAFF, False, lambda db, actor, people: list_staff(db, actor)),
    "update_staff": (
        Permission.MANAGE_STAFF,
        True,
        lambda db, actor, people: update_staff(
            db,
            actor,
            people["target"].id,
            "Renamed",
            "intake",
            PreEmploymentCheck(dt.date(2026, 1, 2), "clear", "R-9"),
        ),
    ),
    "set_active": (
        Permission.MANAGE_STAFF,
        True,
        lambda db, actor, people: set_active(db, actor, people["target"].id, False),
    ),
    "reset_password": (
        Permission.MANAGE_STAFF,
        True,
        lambda db, actor, people: reset_password(db, actor, people["target"].id, NEW_PASSWORD),
    ),
    "update_center": (
        Permission.EDIT_SETTINGS,
        True,
        lambda db, actor, people: update_center(
            db, actor, CenterProfile(name="新名字", phone="010-1234")
        ),
    ),
    "set_setting": (
        Permission.EDIT_SETTINGS,
        True,
        lambda db, actor, people: set_setting(db, actor, IDLE_LOCK_MINUTES, 30),
    ),
    "set_settings": (
        Permission.EDIT_SETTINGS,
        True,
        lambda db, actor, people: set_settings(db, actor, {BACKUP_REMINDER_DAYS: 3}),
    ),
    "change_own_password": (
        Permission.READ,
        True,
        lambda db, actor, people: change_own_password(db, actor, ADMIN_PASSWORD, NEW_PASSWORD),
    ),
    "list_entries": (
        Permission.VIEW_AUDIT,
        False,
        lambda db, actor, people: audit.list_entries(db, actor, audit.AuditFilter()),
    ),
    "count_entries": (
        Permission.VIEW_AUDIT,
        False,
        lambda db, actor, people: audit.count_entries(db, actor, audit.AuditFilter()),
    ),
    "entry_children": (
        Permission.VIEW_AUDIT,
        False,
        lambda db, actor, people: audit.entry_children(db, actor, []),
    ),
    "check_chain": (
        Permission.VIEW_AUDIT,
        False,
        lambda db, actor, people: audit.check_chain(db, actor),
    ),
    "entities": (Permission.VIEW_AUDIT, False, lambda db, actor, people: audit.entities(db, actor)),
    "created_values": (
        Permission.READ,
        False,
        lambda db, actor, people: audit.created_values(db, actor, 1),
    ),
    "today": (Permission.READ, False, lambda db, actor, people: audit.today(db, actor)),
    "previous_sign_in": (
        Permission.READ,
        False,
        lambda db, actor, people: accounts.previous_sign_in(db, actor),
    ),
}


def test_matrix_covers_every_service() -> None:
    """Every public service of accounts, center and audit that takes an actor is in the matrix."""
    found = set()
    for module in (accounts, center, audit):
        for name, function in inspect.getmembers(module, inspect.isfunction):
            if function.__module__ != module.__name__ or name.startswith("_"):
                continue
            parameters = list(inspect.signature(function).parameters)
            if parameters[:2] == ["db", "actor"]:
                found.add(name)
    assert found == set(SERVICES)


@pytest.mark.parametrize("service", list(SERVICES))
@pytest.mark.parametrize("role", ROLES)
def test_permission_matrix(
    staffed: tuple[Database, dict[str, Staff]], role: str, service: str
) -> None:
    """Exactly the roles ROLE_PERMISSIONS allows may call a service; the rest write nothing."""
    db, people = staffed
    permission, writes, call = SERVICES[service]
    actor = people[role]
    allowed = permission in ROLE_PERMISSIONS[Role(role)]
    entries = count(db.path, "audit_entry")
    before = dump(db.path)
    if allowed:
        call(db, actor, people)
        assert count(db.path, "audit_entry") == entries + (1 if writes else 0)
        if writes:
            assert audit_rows(db.path)[-1][1] == role
    else:
        with pytest.raises(PermissionDenied):
            call(db, actor, people)
        assert count(db.path, "audit_entry") == entries
        assert dump(db.path) == before


def test_matrix_expectations_are_not_vacuous() -> None:
    """The matrix above expects staff services for the admin only, and own password for all."""
    for role in ROLES:
        granted = ROLE_PERMISSIONS[Role(role)]
        assert (Permission.MANAGE_STAFF in granted) is (role == "admin")
        assert (Permission.EDIT_SETTINGS in granted) is (role == "admin")
        assert (Permission.VIEW_AUDIT in granted) is (role == "admin")
        assert Permission.READ in granted


@pytest.mark.parametrize("service", [s for s in SERVICES if s != "change_own_password"])
def test_deactivated_admin_stale_object(
    staffed: tuple[Database, dict[str, Staff]], service: str
) -> None:
    """An admin deactivated since signing in is refused, though the old object says active."""
    db, people = staffed
    admin = people["admin"]
    boss2 = create_staff(db, admin, "boss2", "Second Boss", "admin", NEW_PASSWORD)
    set_active(db, admin, boss2.id, False)
    assert boss2.active and boss2.role == "admin"
    before = dump(db.path)
    with pytest.raises(PermissionDenied):
        SERVICES[service][2](db, boss2, people)
    assert dump(db.path) == before


def test_deactivated_staff_cannot_change_own_password(
    staffed: tuple[Database, dict[str, Staff]],
) -> None:
    """Even the everyone-may service refuses a deactivated account."""
    db, people = staffed
    set_active(db, people["admin"], people["viewer"].id, False)
    before = dump(db.path)
    with pytest.raises(PermissionDenied):
        change_own_password(db, people["viewer"], ADMIN_PASSWORD, NEW_PASSWORD)
    assert dump(db.path) == before


def test_demoted_admin_stale_object(staffed: tuple[Database, dict[str, Staff]]) -> None:
    """An admin demoted since signing in loses the staff services at once."""
    db, people = staffed
    admin = people["admin"]
    boss2 = create_staff(db, admin, "boss2", "Second Boss", "admin", NEW_PASSWORD)
    update_staff(db, admin, boss2.id, "Second Boss", "viewer", PreEmploymentCheck())
    with pytest.raises(PermissionDenied):
        create_staff(db, boss2, "sneaky", "Sneaky", "admin", NEW_PASSWORD)


@pytest.mark.parametrize("forged", ["role", "missing-id", "none"])
def test_forged_actor(staffed: tuple[Database, dict[str, Staff]], forged: str) -> None:
    """A made-up Staff object (admin role on a viewer's id, unknown id, None) grants nothing."""
    db, people = staffed
    actor: Any
    if forged == "role":
        actor = Staff(id=people["viewer"].id, username="viewer", role="admin", active=True)
    elif forged == "missing-id":
        actor = Staff(id=4242, username="ghost", role="admin", active=True)
    else:
        actor = None
    before = dump(db.path)
    with pytest.raises(PermissionDenied):
        create_staff(db, actor, "sneaky", "Sneaky", "admin", NEW_PASSWORD)
    with pytest.raises(PermissionDenied):
        update_center(db, actor, CenterProfile(name="Hijacked"))
    assert dump(db.path) == before
