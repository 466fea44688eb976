"""Typed domain errors. Their messages are translated and safe to show to a user."""

from __future__ import annotations


class HomewardError(Exception):
    """An error the user can act on; ``str(error)`` is the translated message."""

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field


class DataFolderError(HomewardError):
    """The data folder is missing, not a folder, or cannot be read or written."""


class DatabaseMissing(HomewardError):
    """The data folder holds no database yet."""


class DatabaseBusy(HomewardError):
    """Another piece of work held the database longer than a write may wait; nothing was saved."""


class DatabaseProblem(HomewardError):
    """The database file is there but cannot be used as it is."""


class NotHomewardDatabase(DatabaseProblem):
    """The file is empty, or a SQLite file made by another program."""


class DatabaseCorrupt(DatabaseProblem):
    """The file is damaged: SQLite cannot read it, or its integrity check fails."""


class DatabaseTooNew(DatabaseProblem):
    """The file was made by a newer Homeward than this one."""


class AlreadyInitialised(HomewardError):
    """``init`` was asked of a folder that already holds a database."""


class AlreadyRunning(HomewardError):
    """Another Homeward has this data folder open."""


class ValidationError(HomewardError):
    """A value does not meet the rules; ``field`` names the field it belongs to."""


class PermissionDenied(HomewardError):
    """The acting staff member's role does not allow this operation."""


class AuthenticationError(HomewardError):
    """Signing in failed: unknown user, wrong password, locked or inactive account."""


class NotFound(HomewardError):
    """The record asked for does not exist."""


class Cancelled(HomewardError):
    """The user stopped long work (an import, an export) before it was done; whatever it
    was writing was rolled back or never written."""
