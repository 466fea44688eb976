"""``homeward backup / verify / restore`` handlers: exit codes 0/1/2, one-line messages.

The handlers are driven through a parser built with ``add_commands``, as desktop/cli.py
builds it, with a real data folder.
"""

from __future__ import annotations

import argparse
from pathlib import Path

import pytest
from test_backup_support import (
    CHILD_NAME,
    PASSPHRASE,
    add_children,
    backups_in,
    flip_byte,
    make_paths,
)

from desktop.cli_backup import add_commands
from desktop.core.center import last_usb_backup
from desktop.core.instance import InstanceLock
from desktop.core.staff import accounts
from desktop.core.store.db import Database
from tests.conftest import PASSWORD

pytestmark = pytest.mark.usefixtures("fast_kdf")


@pytest.fixture(autouse=True)
def _environment(monkeypatch: pytest.MonkeyPatch) -> None:
    """No terminal, the passphrase in the environment, no administrator set."""
    monkeypatch.setattr("sys.stdin", None)
    monkeypatch.setenv("HOMEWARD_BACKUP_PASSPHRASE", PASSPHRASE)
    for name in ("HOMEWARD_ADMIN", "HOMEWARD_PASSWORD"):
        monkeypatch.delenv(name, raising=False)


def run(paths, *argv: str) -> int:
    parser = argparse.ArgumentParser(prog="homeward")
    add_commands(parser.add_subparsers(dest="command"))
    args = parser.parse_args(list(argv))
    return args.handler(args, paths)  # type: ignore[no-any-return]


@pytest.fixture
def stick(tmp_path: Path) -> Path:
    folder = tmp_path / "stick"
    folder.mkdir()
    return folder


@pytest.fixture
def saved(db_and_admin, paths, stick, capsys) -> Path:
    """The fixture database with a child, backed up with the CLI."""
    db, _admin = db_and_admin
    add_children(db, [CHILD_NAME])
    assert run(paths, "backup", "--to", str(stick)) == 0
    capsys.readouterr()
    return backups_in(stick)[0]


def test_backup_writes_records_and_says_safe_to_remove(db_and_admin, paths, stick, capsys) -> None:
    db, _admin = db_and_admin
    assert run(paths, "backup", "--to", str(stick)) == 0
    out = capsys.readouterr().out
    assert "Wrote and verified" in out and "safe to remove the drive" in out
    assert len(backups_in(stick)) == 1
    assert last_usb_backup(db) is not None


def test_backup_keeps_the_newest(db_and_admin, paths, stick, capsys) -> None:
    (stick / "homeward-chengnanweichengnianrenjiuzhubaohuzhongxin-20200101-000000.hwbackup").touch()
    assert run(paths, "backup", "--to", str(stick), "--keep", "1") == 0
    assert "Older backups deleted: 1." in capsys.readouterr().out
    assert len(backups_in(stick)) == 1


@pytest.mark.parametrize(
    ("argv", "env", "message"),
    [
        ((), None, "No passphrase: set HOMEWARD_BACKUP_PASSPHRASE"),
        ((), "short", "at least 10 characters"),
        (("--keep", "0"), PASSPHRASE, "Keep from 1 to 999 backups."),
    ],
)
def test_backup_input_errors(
    db_and_admin, paths, stick, capsys, monkeypatch, argv, env, message
) -> None:
    if env is None:
        monkeypatch.delenv("HOMEWARD_BACKUP_PASSPHRASE")
    else:
        monkeypatch.setenv("HOMEWARD_BACKUP_PASSPHRASE", env)
    assert run(paths, "backup", "--to", str(stick), *argv) == 2
    err = capsys.readouterr().err
    assert err.startswith("homeward: ") and message in err and err.count("\n") == 1
    assert backups_in(stick) == []


def test_backup_to_a_missing_folder(db_and_admin, paths, tmp_path, capsys) -> None:
    assert run(paths, "backup", "--to", str(tmp_path / "gone")) == 2
    assert "Was the drive removed?" in capsys.readouterr().err


def test_verify_a_sound_backup(saved, paths, capsys) -> None:
    assert run(paths, "verify", str(saved)) == 0
    out = capsys.readouterr().out
    assert "is a sound backup" in out
    assert "城南未成年人救助保护中心" in out and "Children 1" in out


def test_verify_needs_no_data_folder(saved, tmp_path, capsys) -> None:
    assert run(make_paths(tmp_path / "nowhere"), "verify", str(saved)) == 0


def test_verify_exit_codes(saved, paths, tmp_path, capsys, monkeypatch) -> None:
    damaged = tmp_path / "damaged.hwbackup"
    flip_byte(saved, damaged, saved.stat().st_size // 2)
    assert run(paths, "verify", str(damaged)) == 1
    assert "is damaged" in capsys.readouterr().err
    other = tmp_path / "notes.hwbackup"
    other.write_text("hello")
    assert run(paths, "verify", str(other)) == 1
    assert run(paths, "verify", str(tmp_path / "missing.hwbackup")) == 2
    monkeypatch.setenv("HOMEWARD_BACKUP_PASSPHRASE", "another passphrase")
    assert run(paths, "verify", str(saved)) == 2
    assert "passphrase does not open" in capsys.readouterr().err


def test_restore_with_an_administrator(saved, db_and_admin, paths, capsys, monkeypatch) -> None:
    db, _admin = db_and_admin
    add_children(db, ["王五"])
    db.close()
    monkeypatch.setenv("HOMEWARD_ADMIN", "admin")
    monkeypatch.setenv("HOMEWARD_PASSWORD", PASSWORD)
    assert run(paths, "restore", str(saved), "--yes") == 0
    out = capsys.readouterr().out
    assert "Restored the database" in out and "kept as" in out
    reopened = Database.open(paths.db_file)
    try:
        assert accounts.authenticate(reopened, "admin", PASSWORD)
    finally:
        reopened.close()


def test_restore_refuses_a_wrong_password_or_no_confirmation(
    saved, db_and_admin, paths, capsys, monkeypatch
) -> None:
    db, _admin = db_and_admin
    db.close()
    before = paths.db_file.read_bytes()
    assert run(paths, "restore", str(saved), "--yes") == 2
    assert "needs an administrator" in capsys.readouterr().err
    monkeypatch.setenv("HOMEWARD_ADMIN", "admin")
    monkeypatch.setenv("HOMEWARD_PASSWORD", "wrong-password-1")
    assert run(paths, "restore", str(saved), "--yes") == 2
    wrong_password = capsys.readouterr().err
    assert "password is wrong" in wrong_password
    monkeypatch.setenv("HOMEWARD_ADMIN", "nobody")  # an unknown name: the same words
    assert run(paths, "restore", str(saved), "--yes") == 2
    assert capsys.readouterr().err == wrong_password and "nobody" not in wrong_password
    monkeypatch.setenv("HOMEWARD_ADMIN", "admin")
    monkeypatch.setenv("HOMEWARD_PASSWORD", PASSWORD)
    assert run(paths, "restore", str(saved)) == 2
    assert "add --yes to restore" in capsys.readouterr().err
    assert not list(paths.home.glob(".homeward-restore-*"))
    assert paths.db_file.exists() and before[:16] == paths.db_file.read_bytes()[:16]


def test_restore_into_an_empty_data_folder(saved, tmp_path, capsys) -> None:
    fresh = make_paths(tmp_path / "fresh")
    assert run(fresh, "restore", str(saved), "--yes") == 0
    assert fresh.db_file.exists()


@pytest.mark.parametrize("folder", ["empty", "missing"])
@pytest.mark.parametrize("why", ["wrong passphrase", "damaged", "no confirmation"])
def test_a_refused_restore_leaves_an_empty_data_folder_as_it_was(
    saved, tmp_path, capsys, monkeypatch, folder, why
) -> None:
    fresh = make_paths(tmp_path / "fresh")
    if folder == "empty":
        fresh.home.mkdir()
    source = saved
    if why == "wrong passphrase":
        monkeypatch.setenv("HOMEWARD_BACKUP_PASSPHRASE", "another passphrase")
    elif why == "damaged":
        source = tmp_path / "damaged.hwbackup"
        flip_byte(saved, source, saved.stat().st_size // 2)
    extra = () if why == "no confirmation" else ("--yes",)
    assert run(fresh, "restore", str(source), *extra) != 0
    assert capsys.readouterr().err
    if folder == "empty":
        assert sorted(fresh.home.iterdir()) == []
    else:
        assert not fresh.home.exists()


def test_leftovers_of_a_killed_restore_go_when_the_lock_is_next_taken(paths) -> None:
    """Only the lock's holder restores: its temporary files found at the next start are stale."""
    left = [
        paths.home / ".homeward-restore-1a2b3c4d.part",
        paths.home / ".homeward-restore-x.part-wal",
    ]
    kept = [paths.home / "notes.part", paths.home / ".homeward-backup-1a2b.part"]
    paths.home.mkdir(parents=True, exist_ok=True)
    for path in left + kept:
        path.write_bytes(b"x")
    with InstanceLock(paths.lock_file):
        assert [path for path in left if path.exists()] == []
        assert all(path.exists() for path in kept)
        (paths.home / ".homeward-restore-new.part").write_bytes(b"x")  # a restore running now
        InstanceLock(paths.lock_file).release()  # another object, never acquired: no effect
    assert (paths.home / ".homeward-restore-new.part").exists()


def test_restore_while_the_program_is_open(saved, db_and_admin, paths, capsys, monkeypatch) -> None:
    monkeypatch.setenv("HOMEWARD_ADMIN", "admin")
    monkeypatch.setenv("HOMEWARD_PASSWORD", PASSWORD)
    with InstanceLock(paths.lock_file):
        assert run(paths, "restore", str(saved), "--yes") == 2
    assert "already open" in capsys.readouterr().err
