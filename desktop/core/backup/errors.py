"""The errors of backups and restores, each with a message to show as it is."""

from __future__ import annotations

import errno
from pathlib import Path

from desktop.core.errors import HomewardError
from desktop.core.i18n import _


class BackupError(HomewardError):
    """A backup could not be written, read, verified or restored."""


class _AboutTheFile(BackupError):
    """An error about the backup file itself: shown next to the file's field."""

    def __init__(self, message: str, *, field: str | None = "file") -> None:
        super().__init__(message, field=field)


class BackupNotFound(_AboutTheFile):
    """There is no backup file at the path given, or it cannot be read."""


class NotABackup(_AboutTheFile):
    """The file is not a Homeward backup at all."""


class WrongPassphrase(BackupError):
    """The passphrase does not open the backup."""


class BackupDamaged(_AboutTheFile):
    """The backup was changed or damaged after it was written."""


class BackupTruncated(BackupDamaged):
    """The backup ends too early (an interrupted copy or a pulled stick)."""


class BackupTooNew(_AboutTheFile):
    """The backup was made by a newer Homeward than this one."""


class BackupCancelled(BackupError):
    """The user stopped the work; nothing was left behind."""


class TargetError(BackupError):
    """The folder to write to cannot take the backup."""


class TargetFull(TargetError):
    """Not enough free space."""


class TargetReadOnly(TargetError):
    """The folder or drive cannot be written."""


class TargetGone(TargetError):
    """The folder is not there (any more): a removed drive."""


class TargetWriteFailed(TargetError):
    """Writing failed half-way (a faulty or pulled drive)."""


class RestoreFailed(BackupError):
    """The restore stopped; ``database_closed`` says whether the open database was closed."""

    def __init__(self, message: str, *, database_closed: bool = False) -> None:
        super().__init__(message)
        self.database_closed = database_closed


def target_error(error: OSError, folder: Path) -> TargetError:
    """Return the typed, translated error for an OS error while writing to ``folder``."""
    code = error.errno
    if code in (errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)):
        return TargetFull(
            _("The drive {path} is full. Free some space or use another drive.").format(
                path=folder
            ),
            field="folder",
        )
    if code in (errno.EROFS, errno.EACCES, errno.EPERM):
        return TargetReadOnly(
            _("{path} cannot be written (read-only drive or no permission).").format(path=folder),
            field="folder",
        )
    if code in (errno.ENOENT, errno.ENODEV, errno.ENXIO, errno.ESTALE):
        return TargetGone(target_gone_message(folder), field="folder")
    return TargetWriteFailed(
        _(
            "Writing to {path} failed ({reason}). Was the drive removed? "
            "No backup was left there; try again."
        ).format(path=folder, reason=error.strerror or error),
        field="folder",
    )


def target_gone_message(folder: Path) -> str:
    """The message for a folder (a drive) that is not there."""
    return _("The folder {path} is not there. Was the drive removed?").format(path=folder)


def not_a_backup_message(name: str) -> str:
    """The message for a file that is no Homeward backup."""
    return _("{name} is not a Homeward backup.").format(name=name)


def damaged_message(name: str) -> str:
    """The message for a backup whose contents were changed or damaged after it was written."""
    return _(
        "The backup {name} is damaged: its contents were changed after it was written, "
        "or the drive is failing."
    ).format(name=name)


def header_damaged_message(name: str) -> str:
    """The message for a backup whose header (where its key is kept) is damaged."""
    return _(
        "The backup {name} is damaged: its header, where the encrypted key is kept, "
        "was changed after it was written, or the drive is failing."
    ).format(name=name)


def wrong_passphrase_message(name: str) -> str:
    """The message when the passphrase does not open a backup (the format cannot say more)."""
    return _(
        "The passphrase does not open {name}. Check it (letters, digits and spaces "
        "count exactly); if it is right, the file's key is damaged."
    ).format(name=name)


def no_passphrase_message(name: str) -> str:
    """The message for an age file encrypted to keys, not to a passphrase."""
    return _(
        "{name} is not a Homeward backup: it is an age file encrypted to a key, "
        "not to a passphrase."
    ).format(name=name)


def work_factor_message(name: str, work_factor: int) -> str:
    """The message for an age file whose passphrase needs more work than age allows."""
    return _(
        "{name} cannot be opened: its passphrase setting (scrypt work factor {factor}) "
        "is above the highest that age accepts ({highest})."
    ).format(name=name, factor=work_factor, highest=22)


def truncated_message(name: str) -> str:
    """The message for a backup that ends too early."""
    return _(
        "The backup {name} is incomplete: it ends too early (an interrupted copy?) "
        "or its end is damaged."
    ).format(name=name)
