"""A protected audit key (Windows' DPAPI, here a stand-in) on real SQLite files.

The key file stays beside the database, so every path that carries it carries
the protected form: a local snapshot, a USB backup and its restore (onto this
computer, or onto another where another Windows account protects it afresh),
and the upgrade of a plain key written before the protection came.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from test_backup_support import PASSPHRASE, make_paths

from desktop.cli import main
from desktop.config import Paths
from desktop.core import backup
from desktop.core.audit.check import check_database
from desktop.core.backup import create_backup, restore_backup
from desktop.core.center import CenterProfile
from desktop.core.errors import AuthenticationError
from desktop.core.setup import initialise
from desktop.core.staff import accounts
from desktop.core.store.db import Database, OpenMode
from desktop.core.store.keys import PROTECTED, AuditKeyForeign, key_path, read_key
from tests.conftest import PASSWORD
from tests.protectors import FakeProtector, protecting_with

pytestmark = pytest.mark.usefixtures("fast_kdf")
FOREIGN = "another Windows account or another computer"


@pytest.fixture
def desk() -> Iterator[FakeProtector]:
    """This computer's Windows account."""
    protector = FakeProtector("desk")
    with protecting_with(protector):
        yield protector


@pytest.fixture
def protected(desk: FakeProtector, paths: Paths) -> Iterator[tuple[Database, accounts.Staff]]:
    """A database set up while the key is protected, with a second staff member."""
    db, admin = initialise(paths, CenterProfile(name="城南"), "admin", "王主任", PASSWORD)
    accounts.create_staff(db, admin, "clerk", "李文", "intake", PASSWORD)
    yield db, admin
    db.close()


@pytest.fixture
def usb(tmp_path: Path) -> Path:
    """An empty folder standing for a USB stick."""
    folder = tmp_path / "usb"
    folder.mkdir()
    return folder


def protected_for(database: Path, protector: FakeProtector, key: bytes) -> None:
    """The key file of ``database`` is ``protector``'s blob, not the raw key; it reads ``key``."""
    stored = key_path(database).read_bytes()
    assert stored.startswith(PROTECTED + protector.prefix)
    assert key not in stored
    assert read_key(database) == key


def test_set_up_protects_the_key(protected, paths, desk) -> None:
    db, _admin = protected
    assert db.key is not None and len(db.key) == 32
    protected_for(paths.db_file, desk, db.key)
    assert check_database(paths.db_file) == []


def test_a_snapshot_carries_the_protected_key(protected, paths, desk) -> None:
    db, _admin = protected
    snapshot = backup.take_local_snapshot(paths, db, "daily")
    protected_for(snapshot, desk, db.key)
    assert check_database(snapshot) == []


def test_a_backup_and_restore_keep_the_key_protected(protected, paths, desk, usb) -> None:
    db, admin = protected
    key = db.key
    made = create_backup(db, paths, usb, PASSPHRASE, actor=admin)
    assert made.manifest.audit_key == key.hex()  # the raw key, inside the backup's encryption
    accounts.create_staff(db, admin, "later", "王五", "intake", PASSWORD)
    result = restore_backup(paths, made.path, PASSPHRASE, admin, db=db)
    protected_for(paths.db_file, desk, key)
    assert result.safety_copy is not None
    protected_for(result.safety_copy, desk, key)
    reopened = Database.open(paths.db_file, snapshots=paths.snapshots_dir)
    try:
        assert reopened.key == key
        assert accounts.authenticate(reopened, "clerk", PASSWORD).username == "clerk"
        with pytest.raises(AuthenticationError):
            accounts.authenticate(reopened, "later", PASSWORD)  # made after the backup
    finally:
        reopened.close()
    assert check_database(paths.db_file) == []


def test_a_restore_on_another_computer_protects_the_key_for_its_account(
    protected, paths, usb, tmp_path
) -> None:
    db, admin = protected
    made = create_backup(db, paths, usb, PASSPHRASE, actor=admin)
    other = FakeProtector("new-computer")
    fresh = make_paths(tmp_path / "new-computer")
    with protecting_with(other):
        restore_backup(fresh, made.path, PASSPHRASE, None)
        protected_for(fresh.db_file, other, db.key)
        assert check_database(fresh.db_file) == []
    # the old computer's account cannot read the new computer's key file
    with pytest.raises(AuditKeyForeign, match=FOREIGN):
        read_key(fresh.db_file)


def test_a_key_protected_for_another_account_is_refused_clearly(protected, paths, capsys) -> None:
    db, _admin = protected
    db.close()
    with protecting_with(FakeProtector("someone-else")):
        with pytest.raises(AuditKeyForeign, match=FOREIGN):
            Database.open(paths.db_file)
        with pytest.raises(AuditKeyForeign, match=FOREIGN):
            check_database(paths.db_file)
        assert main(["--home", str(paths.home), "check"]) == 1
    assert FOREIGN in capsys.readouterr().err


def test_a_plain_key_from_before_is_protected_when_opened_for_work(paths) -> None:
    db, admin = initialise(paths, CenterProfile(name="城南"), "admin", "王主任", PASSWORD)
    key = db.key
    db.close()
    assert key_path(paths.db_file).read_bytes() == key  # written on Linux: plain
    desk = FakeProtector("desk")
    with protecting_with(desk):
        Database.open(paths.db_file, OpenMode.READ).close()
        Database.open(paths.db_file, OpenMode.AS_IS).close()
        assert key_path(paths.db_file).read_bytes() == key  # reading leaves it
        reopened = Database.open(paths.db_file, snapshots=paths.snapshots_dir)
        try:
            assert reopened.key == key
            protected_for(paths.db_file, desk, key)
            accounts.create_staff(reopened, admin, "clerk", "李文", "intake", PASSWORD)
        finally:
            reopened.close()
        assert check_database(paths.db_file) == []
