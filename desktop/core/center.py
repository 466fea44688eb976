"""The center's profile and the center-wide settings."""

from __future__ import annotations

import datetime as dt
import itertools
import re
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy.orm import Session

from desktop.core import fields
from desktop.core.audit import trail as audit
from desktop.core.cleaning import clean_text
from desktop.core.errors import ValidationError
from desktop.core.i18n import N_, _
from desktop.core.staff.access import require
from desktop.core.staff.permissions import Permission
from desktop.core.store.db import Database
from desktop.core.store.models import Center, Setting, Staff, utcnow

CENTER_ID = 1
MAX_LOGO_BYTES = 2 * 1024 * 1024

#: Center-wide settings with their defaults (minutes, days).
IDLE_LOCK_MINUTES = "idle_lock_minutes"
BACKUP_REMINDER_DAYS = "backup_reminder_days"
#: A child younger than this goes home with two escorts (返乡护送).
TWO_ESCORTS_UNDER_AGE = "two_escorts_under_age"
DEFAULTS: dict[str, int] = {
    IDLE_LOCK_MINUTES: 10,
    BACKUP_REMINDER_DAYS: 1,
    TWO_ESCORTS_UNDER_AGE: 14,
}
LIMITS: dict[str, tuple[int, int]] = {
    IDLE_LOCK_MINUTES: (1, 240),
    BACKUP_REMINDER_DAYS: (1, 30),
    TWO_ESCORTS_UNDER_AGE: (0, 18),
}
#: The months after a handover at which a follow-up visit falls due, stored as text
#: ("1,3,6"): at least one, each from 1 to 36, in ascending order, none twice.
FOLLOW_UP_MONTHS = "follow_up_months"
FOLLOW_UP_LABEL = N_("Follow-up months")
DEFAULT_FOLLOW_UP_MONTHS: tuple[int, ...] = (1, 3, 6)
FOLLOW_UP_RANGE = (1, 36)
STORED_SEPARATOR = ","  # the stored text, never shown


@dataclass(frozen=True)
class CenterProfile:
    """What the set-up wizard and the settings screen edit."""

    name: str
    address: str = ""
    phone: str = ""
    form_header: str = ""
    logo: bytes | None = None


def clean_profile(profile: CenterProfile) -> CenterProfile:
    """Return the profile cleaned, or raise ``ValidationError`` naming the bad field."""
    texts = {
        name: clean_text(getattr(profile, name), field) for name, field in fields.CENTER.items()
    }
    if not texts["name"]:
        raise ValidationError(_("Enter the center's name."), field="name")
    if profile.logo is not None and len(profile.logo) > MAX_LOGO_BYTES:
        raise ValidationError(_("The logo file is larger than 2 MB."), field="logo")
    return CenterProfile(**texts, logo=profile.logo)


def write_center_row(session: Session, actor: Staff | None, profile: CenterProfile) -> Center:
    """Create or update the center row in the caller's transaction, with its audit entry."""
    clean = clean_profile(profile)
    center = session.get(Center, CENTER_ID)
    before = audit.snapshot(center) if center else None
    if center is None:
        center = Center(id=CENTER_ID)
        session.add(center)
    center.name = clean.name
    center.address = clean.address
    center.phone = clean.phone
    center.form_header = clean.form_header
    center.logo = clean.logo
    center.updated_at = utcnow()
    session.flush()
    audit.record(
        session,
        actor,
        "update" if before else "create",
        "center",
        CENTER_ID,
        before,
        audit.snapshot(center),
    )
    return center


def get_center(db: Database) -> Center | None:
    """Return the center's profile (public: it heads the sign-in screen)."""
    with db.session() as session:
        return session.get(Center, CENTER_ID)


def update_center(db: Database, actor: Staff, profile: CenterProfile) -> Center:
    """Change the center's profile (admin only)."""
    with db.session() as session:
        current = require(session, actor, Permission.EDIT_SETTINGS)
        return write_center_row(session, current, profile)


def get_setting(db: Database, key: str) -> int:
    """Return a center-wide setting, or its default."""
    with db.session() as session:
        return setting_in(session, key)


def setting_in(session: Session, key: str) -> int:
    """Return a center-wide setting, or its default, inside the caller's transaction."""
    row = session.get(Setting, key)
    try:
        return int(row.value) if row else DEFAULTS[key]
    except ValueError:
        return DEFAULTS[key]


def set_setting(db: Database, actor: Staff, key: str, value: int) -> None:
    """Change one center-wide setting within its limits (admin only)."""
    set_settings(db, actor, {key: value})


def _months_error(template: str, **values: object) -> ValidationError:
    """``template`` (translated, with ``{label}``) naming the follow-up months."""
    return ValidationError(
        template.format(label=_(FOLLOW_UP_LABEL), **values), field=FOLLOW_UP_MONTHS
    )


def check_months(months: Sequence[int]) -> tuple[int, ...]:
    """The follow-up months as given, or raise naming the setting: at least one, each a
    whole number from 1 to 36, in ascending order, none twice."""
    low, high = FOLLOW_UP_RANGE
    if not months:
        raise _months_error(_("{label}: give at least one month."))
    for number in months:
        if isinstance(number, bool) or not isinstance(number, int) or not low <= number <= high:
            raise _months_error(
                _("{label}: {number} is not a month from {low} to {high}."),
                number=number, low=low, high=high,
            )  # fmt: skip
    for earlier, later in itertools.pairwise(months):
        if later == earlier:
            raise _months_error(_("{label}: {number} is given twice."), number=later)
        if later < earlier:
            raise _months_error(_("{label}: give the months in ascending order."))
    return tuple(months)


def months_from_text(text: str) -> tuple[int, ...]:
    """The follow-up months typed as "1, 3, 6" (Chinese commas too), checked."""
    pieces = [piece for piece in re.split(r"[\s,，、;；]+", text.strip()) if piece]
    numbers = []
    for piece in pieces:
        if not piece.isascii() or not piece.isdigit():
            raise _months_error(
                _("{label}: “{piece}” is not a number of months."), piece=piece[:20]
            )
        numbers.append(int(piece))
    return check_months(numbers)


def months_text(months: Sequence[int]) -> str:
    """The months as the settings screen shows them: "1, 3, 6"."""
    return _(", ").join(str(number) for number in months)


def follow_up_months_in(session: Session) -> tuple[int, ...]:
    """The months at which visits fall due after a handover, inside the caller's
    transaction (the default when never set, or when the stored text is not valid)."""
    row = session.get(Setting, FOLLOW_UP_MONTHS)
    if row is None:
        return DEFAULT_FOLLOW_UP_MONTHS
    try:
        return months_from_text(row.value)
    except ValidationError:
        return DEFAULT_FOLLOW_UP_MONTHS


def get_follow_up_months(db: Database) -> tuple[int, ...]:
    """The months at which visits fall due after a handover."""
    with db.session() as session:
        return follow_up_months_in(session)


def store_setting(session: Session, current: Staff | None, key: str, value: str) -> None:
    """Set the setting ``key`` to ``value`` in ``session``, with its audit entry
    (``current`` None: a scheduled task)."""
    row = session.get(Setting, key)
    before = {"value": row.value} if row else None
    if row is None:
        row = Setting(key=key, value=value)
        session.add(row)
    else:
        row.value = value
    session.flush()
    audit.record(session, current, "update", "setting", key, before, {"value": row.value})


def set_settings(db: Database, actor: Staff, values: dict[str, int],
                 follow_up_months: Sequence[int] | None = None) -> None:  # fmt: skip
    """Change several center-wide settings together, all or none (admin only); with
    ``follow_up_months``, also the months at which visits fall due after a handover."""
    for key, value in values.items():
        low, high = LIMITS[key]
        if not low <= value <= high:
            raise ValidationError(
                _("Choose a value from {low} to {high}.").format(low=low, high=high), field=key
            )
    months = check_months(follow_up_months) if follow_up_months is not None else None
    with db.session() as session:
        current = require(session, actor, Permission.EDIT_SETTINGS)
        for key, value in values.items():
            store_setting(session, current, key, str(value))
        if months is not None:
            stored = STORED_SEPARATOR.join(str(number) for number in months)
            store_setting(session, current, FOLLOW_UP_MONTHS, stored)


LAST_USB_BACKUP = "backup.last_usb"


def last_usb_backup(db: Database) -> dt.datetime | None:
    """Return when the last backup to a USB drive was written and verified, if ever."""
    with db.session() as session:
        row = session.get(Setting, LAST_USB_BACKUP)
    if row is None:
        return None
    try:
        return dt.datetime.fromisoformat(row.value)
    except ValueError:
        return None


def backup_overdue(last: dt.datetime | None, reminder_days: int, now: dt.datetime) -> bool:
    """True when the last USB backup is older than the reminder allows (or never made)."""
    return last is None or now - last > dt.timedelta(days=reminder_days)
