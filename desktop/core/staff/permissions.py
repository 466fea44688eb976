"""Roles and what each may do. Services check these; the UI only mirrors them."""

from __future__ import annotations

from enum import StrEnum

from desktop.core.i18n import N_


class Role(StrEnum):
    """A staff member's role."""

    ADMIN = "admin"
    INTAKE = "intake"
    CASEWORKER = "caseworker"
    VIEWER = "viewer"


ROLE_LABELS: dict[Role, str] = {
    Role.ADMIN: N_("Administrator"),
    Role.INTAKE: N_("Intake staff"),
    Role.CASEWORKER: N_("Caseworker"),
    Role.VIEWER: N_("Viewer"),
}


class Permission(StrEnum):
    """One kind of operation a service may be asked for."""

    READ = "read"
    PRINT = "print"
    MANAGE_STAFF = "manage_staff"
    EDIT_SETTINGS = "edit_settings"
    VIEW_AUDIT = "view_audit"
    RESTORE = "restore"
    VOID = "void"
    REGISTER = "register"
    BELONGINGS = "belongings"
    BEDS = "beds"
    NOTES = "notes"
    PLACEMENTS = "placements"
    RETURN_HOME = "return_home"
    FOLLOW_UP = "follow_up"
    BACKUP = "backup"
    EXPORT = "export"
    IMPORT = "import"


_EVERYONE = {Permission.READ, Permission.PRINT, Permission.BACKUP}

ROLE_PERMISSIONS: dict[Role, frozenset[Permission]] = {
    Role.ADMIN: frozenset(Permission),
    Role.INTAKE: frozenset(
        _EVERYONE | {Permission.REGISTER, Permission.BELONGINGS, Permission.BEDS, Permission.NOTES}
    ),
    Role.CASEWORKER: frozenset(
        _EVERYONE
        | {
            Permission.NOTES,
            Permission.PLACEMENTS,
            Permission.RETURN_HOME,
            Permission.FOLLOW_UP,
        }
    ),
    Role.VIEWER: frozenset(_EVERYONE),
}


def allows(role: str, permission: Permission) -> bool:
    """Return True when ``role`` may do ``permission``."""
    try:
        return permission in ROLE_PERMISSIONS[Role(role)]
    except ValueError:
        return False
