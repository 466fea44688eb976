"""First-run set-up: a new database with the center's profile and the first administrator.

Shared by ``homeward init`` and the set-up wizard. Everything is validated before
the file is made, and a failure removes the new file: nothing is half-saved.
"""

from __future__ import annotations

from desktop.config import Paths, check_data_folder
from desktop.core.center import CenterProfile, clean_profile, write_center_row
from desktop.core.errors import AlreadyInitialised
from desktop.core.i18n import _
from desktop.core.staff.accounts import add_staff_row, clean_full_name, normalise_username
from desktop.core.staff.passwords import check_password_rules
from desktop.core.staff.permissions import Role
from desktop.core.store.db import Database, remove_database_files
from desktop.core.store.models import Staff


def initialise(
    paths: Paths,
    profile: CenterProfile,
    admin_username: str,
    admin_full_name: str,
    password: str,
) -> tuple[Database, Staff]:
    """Create the database in ``paths.home`` and return it with the first administrator."""
    clean_profile(profile)
    username = normalise_username(admin_username)
    clean_full_name(admin_full_name)
    check_password_rules(password, username)
    if paths.db_file.exists():
        raise AlreadyInitialised(
            _("{path} already holds a database; nothing was changed.").format(path=paths.db_file)
        )
    check_data_folder(paths, create=True)
    db = Database.create(paths.db_file)
    try:
        with db.session() as session:
            admin = add_staff_row(session, None, username, admin_full_name, Role.ADMIN, password)
            write_center_row(session, admin, profile)
    except BaseException:
        db.close()
        remove_database_files(paths.db_file)
        raise
    return db, admin
