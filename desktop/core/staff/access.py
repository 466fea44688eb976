"""Who may do what, checked inside every service against the staff row as stored now."""

from __future__ import annotations

from sqlalchemy.orm import Session

from desktop.core.errors import PermissionDenied
from desktop.core.i18n import _
from desktop.core.staff.permissions import Permission, allows
from desktop.core.store.models import Staff


def require(session: Session, actor: Staff, permission: Permission) -> Staff:
    """Return the actor as stored now; raise ``PermissionDenied`` unless it may ``permission``.

    The actor is loaded by id in the caller's transaction and must be active, and
    the object handed in must describe it as stored (user name and role): a bare
    ``Staff(id=1)``, an object claiming another role, or one from before a role
    change grants nothing (after a role change, signing in again gives a new one).
    """
    actor_id = getattr(actor, "id", None)
    current = session.get(Staff, actor_id) if isinstance(actor_id, int) else None
    if current is None or not current.active:
        raise PermissionDenied(_("Your role does not allow this."))
    if (getattr(actor, "username", None), getattr(actor, "role", None)) != (
        current.username,
        current.role,
    ):
        raise PermissionDenied(
            _("Your account was changed since you signed in. Sign in again to go on.")
        )
    if not allows(current.role, permission):
        raise PermissionDenied(_("Your role does not allow this."))
    return current
