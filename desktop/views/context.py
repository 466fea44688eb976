"""What every screen of a signed-in session shares."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QSettings

from desktop.config import Paths
from desktop.core.store.db import Database
from desktop.core.store.models import Staff
from desktop.core.staff.permissions import Permission, allows


@dataclass
class SessionContext:
    """The open database, who is signed in, and where things live."""

    paths: Paths
    db: Database
    user: Staff
    ui_state: QSettings

    def can(self, permission: Permission) -> bool:
        """Whether the signed-in role may ``permission`` (to hide what it cannot do)."""
        return allows(self.user.role, permission)
