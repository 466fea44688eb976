"""The role matrix: who may do what. Services check it; these tests pin it down."""

from __future__ import annotations

import pytest

from desktop.core.staff.permissions import ROLE_PERMISSIONS, Permission, Role, allows

EVERYONE = {Permission.READ, Permission.PRINT, Permission.BACKUP}


def test_every_role_has_an_entry() -> None:
    """Each role has a permission set; no role is forgotten."""
    assert set(ROLE_PERMISSIONS) == set(Role)


@pytest.mark.parametrize("permission", list(Permission))
def test_admin_may_do_everything(permission: Permission) -> None:
    """The administrator has every permission."""
    assert allows("admin", permission)


@pytest.mark.parametrize("permission", list(Permission))
def test_viewer_only_reads_prints_and_backs_up(permission: Permission) -> None:
    """A viewer may read, print and back up, nothing else."""
    assert allows("viewer", permission) is (permission in EVERYONE)


@pytest.mark.parametrize("role", list(Role))
@pytest.mark.parametrize("permission", sorted(EVERYONE))
def test_everyone_reads_prints_and_backs_up(role: Role, permission: Permission) -> None:
    """Read, print and backup belong to every role."""
    assert allows(role.value, permission)


def test_intake() -> None:
    """Intake staff register children and handle beds and belongings, not staff."""
    for permission in (
        Permission.REGISTER,
        Permission.BELONGINGS,
        Permission.BEDS,
        Permission.NOTES,
    ):
        assert allows("intake", permission), permission
    for permission in (
        Permission.MANAGE_STAFF,
        Permission.EDIT_SETTINGS,
        Permission.RESTORE,
        Permission.PLACEMENTS,
        Permission.VOID,
        Permission.VIEW_AUDIT,
    ):
        assert not allows("intake", permission), permission


def test_caseworker() -> None:
    """Caseworkers place children and arrange returns home, but do not register them."""
    for permission in (
        Permission.PLACEMENTS,
        Permission.RETURN_HOME,
        Permission.FOLLOW_UP,
        Permission.NOTES,
    ):
        assert allows("caseworker", permission), permission
    for permission in (
        Permission.REGISTER,
        Permission.MANAGE_STAFF,
        Permission.EDIT_SETTINGS,
        Permission.BEDS,
        Permission.BELONGINGS,
        Permission.RESTORE,
    ):
        assert not allows("caseworker", permission), permission


@pytest.mark.parametrize(
    "permission",
    [
        Permission.MANAGE_STAFF,
        Permission.EDIT_SETTINGS,
        Permission.RESTORE,
        Permission.VOID,
        Permission.VIEW_AUDIT,
    ],
)
def test_admin_only_permissions(permission: Permission) -> None:
    """Staff, settings, restore, voiding and the audit view are the administrator's."""
    assert [role for role in Role if allows(role.value, permission)] == [Role.ADMIN]


@pytest.mark.parametrize("role", ["", "root", "Admin", "ADMIN", " admin", "superuser"])
@pytest.mark.parametrize("permission", list(Permission))
def test_unknown_role_allows_nothing(role: str, permission: Permission) -> None:
    """A role name the program does not know (or spelled differently) grants nothing."""
    assert not allows(role, permission)
