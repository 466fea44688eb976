"""Staff accounts: signing in, lockout, and the administrator's staff services.

Every service receives the acting staff member and checks the permission
itself against the database, so a stale or forged object grants nothing.
"""

from __future__ import annotations

import datetime as dt
import json
import secrets
from dataclasses import dataclass
from functools import cache

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from desktop.core import fields
from desktop.core.audit import trail as audit
from desktop.core.cleaning import clean_text
from desktop.core.errors import (
    AuthenticationError,
    NotFound,
    ValidationError,
)
from desktop.core.i18n import _
from desktop.core.staff.access import require
from desktop.core.staff.passwords import check_password_rules, hash_password, verify_password
from desktop.core.staff.permissions import Permission, Role
from desktop.core.store.db import Database
from desktop.core.store.models import AuditEntry, Staff, utcnow

LOCK_AFTER_FAILURES = 5
LOCK_DURATION = dt.timedelta(minutes=15)
USERNAME_MAX = fields.STAFF["username"].max_length or 32
_PRIVATE = ("password_hash",)


def normalise_username(username: str) -> str:
    """Return the canonical (trimmed, case-folded) user name, or raise ``ValidationError``."""
    name = (username or "").strip().casefold()
    if not name:
        raise ValidationError(_("Enter a user name."), field="username")
    if len(name) > USERNAME_MAX:
        raise ValidationError(
            _("A user name has at most {n} characters.").format(n=USERNAME_MAX), field="username"
        )
    if not all(ch.isalnum() or ch in "._-" for ch in name):
        raise ValidationError(
            _("A user name may hold letters, digits, dots, dashes and underscores only."),
            field="username",
        )
    return name


def clean_full_name(full_name: str) -> str:
    """Return the trimmed full name, or raise ``ValidationError`` when it is empty or long."""
    name = clean_text(full_name, fields.STAFF["full_name"])
    if not name:
        raise ValidationError(_("Enter the staff member's full name."), field="full_name")
    return name


def _check_role(role: str) -> Role:
    try:
        return Role(role)
    except ValueError:
        raise ValidationError(_("Choose a role."), field="role") from None


@dataclass(frozen=True)
class PreEmploymentCheck:
    """入职查询: when the check was made, what it found, and its reference."""

    date: dt.date | None = None
    result: str = ""
    reference: str = ""


def _apply_check(staff: Staff, check: PreEmploymentCheck, today: dt.date) -> None:
    if check.date is not None and check.date > today:
        raise ValidationError(_("The check date cannot be in the future."), field="check_date")
    result = clean_text(check.result, fields.STAFF["check_result"])
    reference = clean_text(check.reference, fields.STAFF["check_reference"])
    staff.check_date = check.date
    staff.check_result = result
    staff.check_reference = reference


def _active_admins(session: Session) -> int:
    query = (
        select(func.count())
        .select_from(Staff)
        .where(Staff.active.is_(True), Staff.role == Role.ADMIN.value)
    )
    return int(session.scalar(query) or 0)


def _record(
    session: Session, actor: Staff, action: str, staff: Staff, before: dict[str, object]
) -> None:
    """Add the audit entry for a change to ``staff`` (state before, state now)."""
    session.flush()
    audit.record(session, actor, action, "staff", staff.id, before, audit.snapshot(staff, _PRIVATE))


def _get_staff(session: Session, staff_id: int) -> Staff:
    staff = session.get(Staff, staff_id)
    if staff is None:
        raise NotFound(_("There is no staff member with this number."))
    return staff


def _username_taken(session: Session, username: str) -> bool:
    return session.scalar(select(Staff.id).where(Staff.username == username)) is not None


def add_staff_row(
    session: Session,
    actor: Staff | None,
    username: str,
    full_name: str,
    role: str,
    password: str,
    check: PreEmploymentCheck | None = None,
) -> Staff:
    """Validate and add a staff member in the caller's transaction (used by set-up too)."""
    name = normalise_username(username)
    full = clean_full_name(full_name)
    chosen = _check_role(role)
    check_password_rules(password, name)
    if _username_taken(session, name):
        raise ValidationError(
            _("The user name {name} is taken; choose another.").format(name=name), field="username"
        )
    staff = Staff(
        username=name,
        full_name=full,
        role=chosen.value,
        password_hash=hash_password(password),
        active=True,
        must_change_password=actor is not None,
        failed_logins=0,
        check_result="",
        check_reference="",
    )
    _apply_check(staff, check or PreEmploymentCheck(), dt.date.today())
    session.add(staff)
    session.flush()
    audit.record(
        session, actor or staff, "create", "staff", staff.id, after=audit.snapshot(staff, _PRIVATE)
    )
    return staff


def create_staff(
    db: Database,
    actor: Staff,
    username: str,
    full_name: str,
    role: str,
    password: str,
    check: PreEmploymentCheck | None = None,
) -> Staff:
    """Add a staff member (admin only). They must change the password at first sign-in."""
    with db.session() as session:
        current = require(session, actor, Permission.MANAGE_STAFF)
        return add_staff_row(session, current, username, full_name, role, password, check)


def list_staff(db: Database, actor: Staff) -> list[Staff]:
    """Return every staff member, active first, by user name (admin only)."""
    with db.session() as session:
        require(session, actor, Permission.MANAGE_STAFF)
        query = select(Staff).order_by(Staff.active.desc(), Staff.username)
        return list(session.scalars(query))


def update_staff(
    db: Database,
    actor: Staff,
    staff_id: int,
    full_name: str,
    role: str,
    check: PreEmploymentCheck,
) -> Staff:
    """Change a staff member's name, role and pre-employment check (admin only)."""
    with db.session() as session:
        current = require(session, actor, Permission.MANAGE_STAFF)
        staff = _get_staff(session, staff_id)
        before = audit.snapshot(staff, _PRIVATE)
        new_role = _check_role(role)
        if (
            staff.role == Role.ADMIN.value
            and new_role is not Role.ADMIN
            and staff.active
            and _active_admins(session) <= 1
        ):
            raise ValidationError(
                _("The last active administrator must stay an administrator."), field="role"
            )
        staff.full_name = clean_full_name(full_name)
        staff.role = new_role.value
        _apply_check(staff, check, dt.date.today())
        _record(session, current, "update", staff, before)
        return staff


def set_active(db: Database, actor: Staff, staff_id: int, active: bool) -> Staff:
    """Deactivate or reactivate a staff member (admin only; never the last admin, nor oneself)."""
    with db.session() as session:
        current = require(session, actor, Permission.MANAGE_STAFF)
        staff = _get_staff(session, staff_id)
        if not active and staff.id == current.id:
            raise ValidationError(_("You cannot deactivate your own account."), field="active")
        if (
            not active
            and staff.active
            and staff.role == Role.ADMIN.value
            and _active_admins(session) <= 1
        ):
            raise ValidationError(
                _("The last active administrator cannot be deactivated."), field="active"
            )
        before = audit.snapshot(staff, _PRIVATE)
        staff.active = active
        _record(session, current, "activate" if active else "deactivate", staff, before)
        return staff


def reset_password(db: Database, actor: Staff, staff_id: int, new_password: str) -> Staff:
    """Give a staff member a new password and unlock the account (admin only)."""
    with db.session() as session:
        current = require(session, actor, Permission.MANAGE_STAFF)
        staff = _get_staff(session, staff_id)
        check_password_rules(new_password, staff.username, field="new_password")
        before = audit.snapshot(staff, _PRIVATE)
        staff.password_hash = hash_password(new_password)
        staff.must_change_password = staff.id != current.id
        staff.failed_logins = 0
        staff.locked_until = None
        _record(session, current, "reset_password", staff, before)
        return staff


def change_own_password(db: Database, actor: Staff, old_password: str, new_password: str) -> Staff:
    """Change the actor's own password after checking the old one."""
    with db.session() as session:
        current = require(session, actor, Permission.READ)
        if not verify_password(old_password, current.password_hash):
            raise ValidationError(_("The current password is wrong."), field="old_password")
        check_password_rules(new_password, current.username, field="new_password")
        if verify_password(new_password, current.password_hash):
            raise ValidationError(
                _("Choose a password different from the current one."), field="new_password"
            )
        before = audit.snapshot(current, _PRIVATE)
        current.password_hash = hash_password(new_password)
        current.must_change_password = False
        _record(session, current, "change_password", current, before)
        return current


def _sign_in_refused() -> AuthenticationError:
    """The one message for every refused sign-in: it never tells whether a name exists."""
    return AuthenticationError(
        _(
            "The user name or the password is wrong. After {n} wrong passwords in a row, "
            "an account is locked for {minutes} minutes."
        ).format(n=LOCK_AFTER_FAILURES, minutes=int(LOCK_DURATION.total_seconds() // 60))
    )


@cache
def _decoy_hash() -> str:
    """A hash to check against when there is no account, so every refusal costs the same."""
    return hash_password(secrets.token_urlsafe(16))


def previous_sign_in(db: Database, actor: Staff) -> dt.datetime | None:
    """When ``actor`` signed in before the current sign-in (None the first time).

    Every sign-in's trail entry keeps the sign-in time it replaced, so the
    newest one holds the sign-in before this one.
    """
    with db.session() as session:
        require(session, actor, Permission.READ)
        changed = session.scalar(
            select(AuditEntry.changes)
            .where(
                AuditEntry.entity == "staff",
                AuditEntry.record_id == str(actor.id),
                AuditEntry.action == "sign_in",
            )
            .order_by(AuditEntry.id.desc())
            .limit(1)
        )
    try:
        value = json.loads(changed or "{}").get("last_sign_in_at", [None])[0]
        moment = dt.datetime.fromisoformat(value) if isinstance(value, str) else None
    except (ValueError, AttributeError, TypeError, IndexError):
        return None
    if moment is not None and moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.UTC)
    return moment


def authenticate(
    db: Database, username: str, password: str, now: dt.datetime | None = None
) -> Staff:
    """Return the staff member when the password is right; count and lock on failures.

    Raises ``AuthenticationError`` with one message for an unknown user name, a
    wrong password and a locked account alike (sign-in never tells whether a name
    exists, nor whether a password was right while its account is locked). Wrong
    passwords still count per name and lock the account; a deactivated account
    is named as such only to whoever gives its password.
    """
    moment = now or utcnow()
    if not (username or "").strip() or not password:
        raise AuthenticationError(_("Enter your user name and password."))
    name = username.strip().casefold()
    error: AuthenticationError | None = None
    with db.session() as session:
        staff = session.scalar(select(Staff).where(Staff.username == name))
        if staff is None or (staff.locked_until is not None and staff.locked_until > moment):
            verify_password(password, _decoy_hash())
            raise _sign_in_refused()
        right = verify_password(password, staff.password_hash)
        if not staff.active:
            if right:
                raise AuthenticationError(_("This account is deactivated. Ask an administrator."))
            raise _sign_in_refused()
        before = audit.snapshot(staff, _PRIVATE)
        if right:
            staff.failed_logins = 0
            staff.locked_until = None
            staff.last_sign_in_at = moment
            action = "sign_in"
        else:
            staff.failed_logins += 1
            action = "sign_in_failed"
            if staff.failed_logins >= LOCK_AFTER_FAILURES:
                staff.failed_logins = 0
                staff.locked_until = moment + LOCK_DURATION
                action = "account_locked"
            error = _sign_in_refused()
        _record(session, staff, action, staff, before)
    if error is not None:
        raise error
    return staff
