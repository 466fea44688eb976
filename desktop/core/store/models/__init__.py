"""Typed SQLAlchemy tables, one module per area; everything importable from here."""

from desktop.core.store.models.base import NAMING_CONVENTION, Base, UTCDateTime, utcnow
from desktop.core.store.models.children import (
    Admission,
    Belonging,
    CaseCounter,
    Child,
    Contact,
    Note,
    Photo,
    SearchToken,
    Task,
    TaskRule,
)
from desktop.core.store.models.house import AuditEntry, Center, Setting, Staff
from desktop.core.store.models.residence import Bed, Placement, Room
from desktop.core.store.models.returns import FollowUpVisit, Referral, ReturnPlan, TracingEntry

__all__ = [
    "NAMING_CONVENTION",
    "Admission",
    "AuditEntry",
    "Base",
    "Bed",
    "Belonging",
    "CaseCounter",
    "Center",
    "Child",
    "Contact",
    "FollowUpVisit",
    "Note",
    "Photo",
    "Placement",
    "Referral",
    "ReturnPlan",
    "Room",
    "SearchToken",
    "Setting",
    "Staff",
    "Task",
    "TaskRule",
    "TracingEntry",
    "UTCDateTime",
    "utcnow",
]
