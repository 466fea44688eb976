"""``homeward backup``, ``verify`` and ``restore``: encrypted backups from the command line.

``add_commands(commands)`` adds the three sub-commands to the parser of
``desktop.cli``; each handler takes ``(args, paths)`` and returns the exit code:
0 done, 1 the backup (or the database) checked is bad, 2 a usage or input error
(wrong passphrase, unusable target folder, refused sign-in), with a one-line
message on stderr.

The passphrase comes from ``HOMEWARD_BACKUP_PASSPHRASE`` or is asked at the
terminal (twice for a new backup). ``backup --to DIR`` counts as a USB backup
(it is what a scheduled task runs at night to a stick). ``restore`` needs an
administrator of the current database (``HOMEWARD_ADMIN`` and
``HOMEWARD_PASSWORD``, or asked at the terminal); into a data folder without a
database, or with one that cannot be opened, it restores without.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from desktop.config import Paths, check_data_folder
from desktop.core.clock import format_time
from desktop.core.errors import DatabaseProblem, HomewardError, ValidationError
from desktop.core.i18n import _

if TYPE_CHECKING:  # the backup module (and the ORM) load only when a command runs
    from desktop.core.backup import Manifest
    from desktop.core.store.db import Database
    from desktop.core.store.models import Staff

EXIT_OK, EXIT_BAD, EXIT_USAGE = 0, 1, 2
PASSPHRASE_ENV = "HOMEWARD_BACKUP_PASSPHRASE"
ADMIN_ENV = "HOMEWARD_ADMIN"
PASSWORD_ENV = "HOMEWARD_PASSWORD"


def add_commands(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add ``backup``, ``verify`` and ``restore`` to the sub-commands of ``homeward``."""
    backup = commands.add_parser(
        "backup", help=_("write an encrypted, verified backup into a folder (a USB stick)")
    )
    backup.add_argument(
        "--to", required=True, metavar="DIR", type=Path, help=_("the folder to write to")
    )
    backup.add_argument(
        "--keep",
        type=int,
        metavar="N",
        help=_("afterwards delete this center's older backups there, keeping the newest N"),
    )
    backup.set_defaults(handler=cmd_backup)
    verify = commands.add_parser(
        "verify", help=_("check a backup file (passphrase, completeness, checksum)")
    )
    verify.add_argument("file", metavar="FILE", type=Path, help=_("the backup file"))
    verify.set_defaults(handler=cmd_verify)
    restore = commands.add_parser(
        "restore", help=_("replace the database with the one in a backup (administrators)")
    )
    restore.add_argument("file", metavar="FILE", type=Path, help=_("the backup file"))
    restore.add_argument(
        "--yes", action="store_true", help=_("do not ask for confirmation (for scripts)")
    )
    restore.set_defaults(handler=cmd_restore)


# -------------------------------------------------------------------------- helpers


def _fail(message: str) -> None:
    print(f"homeward: {message}", file=sys.stderr)


def _exit_code(error: HomewardError) -> int:
    from desktop.core.backup import BackupDamaged, BackupTooNew, NotABackup

    # "The thing checked is bad" (exit 1); any other error is an input error (2).
    if isinstance(error, NotABackup | BackupDamaged | BackupTooNew | DatabaseProblem):
        return EXIT_BAD
    return EXIT_USAGE


def _interactive() -> bool:
    return bool(sys.stdin) and sys.stdin.isatty()


def _read_passphrase(twice: bool) -> str:
    """Return the passphrase from the environment, or ask for it (twice for a new backup)."""
    from_env = os.environ.get(PASSPHRASE_ENV)
    if from_env is not None:
        return from_env
    if not _interactive():
        raise ValidationError(
            _("No passphrase: set HOMEWARD_BACKUP_PASSPHRASE or run the command in a terminal.")
        )
    import getpass

    first = getpass.getpass(_("Backup passphrase: "))
    if twice and getpass.getpass(_("The same passphrase again: ")) != first:
        raise ValidationError(_("The two passphrases differ."))
    return first


def _read_admin() -> tuple[str, str]:
    """Return an administrator's user name and password, from the environment or asked."""
    user = os.environ.get(ADMIN_ENV)
    password = os.environ.get(PASSWORD_ENV)
    if (user is None or password is None) and not _interactive():
        raise ValidationError(
            _(
                "Restoring needs an administrator: set HOMEWARD_ADMIN and HOMEWARD_PASSWORD "
                "or run the command in a terminal."
            )
        )
    import getpass

    if user is None:
        user = input(_("Administrator's user name: "))
    if password is None:
        password = getpass.getpass(_("Password: "))
    return user, password


def describe(manifest: Manifest) -> list[str]:
    """Return the lines that say what a backup holds."""
    when = format_time(manifest.created_at)
    counts = _(", ").join(
        _("{label} {count}").format(label=label, count=count)
        for label, count in manifest.count_lines()
    )
    return [
        _("Center: {center}").format(center=manifest.center or "-"),
        _("Made: {when} by Homeward {version} (schema {revision})").format(
            when=when, version=manifest.program_version, revision=manifest.schema_revision
        ),
        _("Records: {counts}").format(counts=counts or "-"),
    ]


# -------------------------------------------------------------------------- backup


def cmd_backup(args: argparse.Namespace, paths: Paths) -> int:
    """Write a verified backup into ``--to`` and record it as the last USB backup."""
    from desktop.core.backup import (
        TargetWriteFailed,
        check_keep,
        check_passphrase,
        create_backup,
    )

    try:
        check_keep(args.keep)
        passphrase = check_passphrase(_read_passphrase(twice=True))
        db = _open_for_backup(paths)
        try:
            result = create_backup(db, paths, args.to, passphrase, usb=True, keep=args.keep)
        finally:
            db.close()
    except TargetWriteFailed as error:
        _fail(error.message)
        return EXIT_BAD
    except HomewardError as error:
        _fail(error.message)
        return _exit_code(error)
    size = max(1, round(result.size / 1_000_000))
    print(
        _("Wrote and verified {path} ({size} MB). It is safe to remove the drive.").format(
            path=result.path, size=size
        )
    )
    if result.removed:
        print(_("Older backups deleted: {n}.").format(n=len(result.removed)))
    return EXIT_OK


def _open_for_backup(paths: Paths) -> Database:
    """Open the database as it is (no upgrade: the program may be running), for writing.

    The backup reads a snapshot; the one write is the "last USB backup" setting.
    """
    from desktop.core.store.db import Database, OpenMode

    return Database.open(paths.db_file, OpenMode.AS_IS)


# -------------------------------------------------------------------------- verify


def cmd_verify(args: argparse.Namespace, paths: Paths) -> int:
    """Check a backup file; print what it holds. Needs no data folder."""
    from desktop.core.backup import verify_backup

    try:
        manifest = verify_backup(args.file, _read_passphrase(twice=False))
    except HomewardError as error:
        _fail(error.message)
        return _exit_code(error)
    print(_("{path} is a sound backup.").format(path=args.file))
    for line in describe(manifest):
        print(f"  {line}")
    return EXIT_OK


# -------------------------------------------------------------------------- restore


def cmd_restore(args: argparse.Namespace, paths: Paths) -> int:
    """Verify a backup, show it, confirm, and put its database in place of the current one."""
    from desktop.core.instance import InstanceLock

    created = not paths.home.exists()
    was_empty = created or (paths.home.is_dir() and not any(paths.home.iterdir()))
    try:
        check_data_folder(paths, create=True)
        with InstanceLock(paths.lock_file) as lock:
            try:
                return _restore(args, paths)
            finally:
                if was_empty and not paths.db_file.exists():  # refused: leave it as it was
                    lock.release(remove_file=True)
                    if created:
                        with contextlib.suppress(OSError):
                            paths.home.rmdir()
    except HomewardError as error:
        _fail(error.message)
        return _exit_code(error)


def _restore(args: argparse.Namespace, paths: Paths) -> int:
    from desktop.core.backup import restore_backup, verify_backup

    passphrase = _read_passphrase(twice=False)
    manifest = verify_backup(args.file, passphrase)
    print(_("{path} is a sound backup.").format(path=args.file))
    for line in describe(manifest):
        print(f"  {line}")
    db, actor = _sign_in_admin(paths)
    try:
        if not _confirmed(args, paths):
            print(_("Nothing was changed."))
            return EXIT_USAGE
        result = restore_backup(paths, args.file, passphrase, actor, db=db)
    finally:
        if db is not None:
            db.close()
    print(_("Restored the database from {path}.").format(path=args.file))
    if result.safety_copy is not None:
        print(_("The replaced database was kept as {copy}.").format(copy=result.safety_copy))
    return EXIT_OK


def _sign_in_admin(paths: Paths) -> tuple[Database | None, Staff | None]:
    """Return the current database and the administrator signed in to it (None, None: none)."""
    from desktop.core.errors import DatabaseMissing, DatabaseTooNew
    from desktop.core.staff.accounts import authenticate
    from desktop.core.store.db import Database, read_revision

    try:
        read_revision(paths.db_file)
    except DatabaseMissing:
        return None, None
    except DatabaseTooNew:
        raise
    except DatabaseProblem as error:
        print(
            _(
                "The current database cannot be opened ({reason}); it is kept aside and replaced."
            ).format(reason=error.message),
            file=sys.stderr,
        )
        return None, None
    user, password = _read_admin()
    db = Database.open(paths.db_file, snapshots=paths.snapshots_dir)
    try:
        return db, authenticate(db, user, password)
    except BaseException:
        db.close()
        raise


def _confirmed(args: argparse.Namespace, paths: Paths) -> bool:
    """Ask once, clearly, unless --yes; without a terminal, --yes is required."""
    if args.yes:
        return True
    if not _interactive():
        raise ValidationError(_("Without a terminal to confirm in, add --yes to restore."))
    question = _(
        "Replace the database in {path} with this backup? The current one is kept as a "
        "safety copy. Type yes to go on: "
    ).format(path=paths.home)
    return input(question).strip().lower() in ("yes", _("yes"))
