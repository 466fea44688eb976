"""Who may do what, checked inside every service against the staff row as stored now."""

from __future__ import annotations

from dataclasses import dataclass

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


@dataclass(frozen=True)
class SystemActor:
    """The program acting for no signed-in person: a command typed at this computer, or
    a scheduled task. It may only what ``permissions`` says, and the trail names it as
    itself (``username``), never as a staff member."""

    username: str
    permissions: frozenset[Permission]
    id: None = None

    def may(self, permission: Permission) -> bool:
        """Whether this actor may ``permission``."""
        return permission in self.permissions


#: Whoever runs ``homeward`` commands on this computer (they can read the data folder
#: anyway): they may read and print, and issue the family-search notice they print
#: (which registering and returning staff may); they may export the ledger and the
#: statistics and import a ledger (each on the trail as done by the command line).
#: Only services that call ``require_actor`` accept it at all; every other service
#: refuses it.
COMMAND_LINE = SystemActor(
    "command line",
    frozenset(
        {
            Permission.READ,
            Permission.PRINT,
            Permission.REGISTER,
            Permission.RETURN_HOME,
            Permission.EXPORT,
            Permission.IMPORT,
        }
    ),
)

#: Who does something: a signed-in staff member or the program itself.
Actor = Staff | SystemActor


def require_actor(session: Session, actor: Actor, permission: Permission) -> Actor:
    """``require`` for services that the command line may also call: a system actor
    passes when it has ``permission``; a staff member is checked as ``require`` does."""
    if isinstance(actor, SystemActor):
        if not actor.may(permission):
            raise PermissionDenied(_("The command line cannot do this; use the program."))
        return actor
    return require(session, actor, permission)


def actor_may(actor: Actor, permission: Permission) -> bool:
    """Whether ``actor`` (as checked and returned by ``require_actor``) may ``permission``."""
    if isinstance(actor, SystemActor):
        return actor.may(permission)
    return allows(actor.role, permission)
