"""What every screen of a signed-in session shares."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QSettings

from desktop.config import Paths
from desktop.core.staff.permissions import Permission, allows
from desktop.core.store.db import Database
from desktop.core.store.models import Staff
from desktop.views.operations import Operations


@dataclass
class SessionContext:
    """Who is signed in, the runner every read and write goes through, and where things live."""

    paths: Paths
    ops: Operations
    ui_state: QSettings

    @classmethod
    def open(cls, paths: Paths, db: Database, user: Staff, ui_state: QSettings) -> SessionContext:
        """The context of ``user`` signed in on ``db``."""
        return cls(paths, Operations(db, user), ui_state)

    @property
    def user(self) -> Staff:
        """The signed-in staff member."""
        return self.ops.user

    def can(self, permission: Permission) -> bool:
        """Whether the signed-in role may ``permission`` (to hide what it cannot do)."""
        return allows(self.user.role, permission)
