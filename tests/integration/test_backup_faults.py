"""Bad input and faults: each gives a clear, typed error, leaves the live database as it
was (its hash before and after), and leaves no partial file that looks like a backup."""

from __future__ import annotations

import errno
import os
import shutil
import sqlite3
from pathlib import Path

import pytest
from test_backup_support import (
    CENTER_NAME,
    PASSPHRASE,
    add_children,
    add_filler,
    database_state,
    fail_writes_after,
    flip_byte,
    leftovers,
    make_paths,
    report_free_space,
)

from desktop.core import backup
from desktop.core.backup import (
    BackupDamaged,
    BackupError,
    BackupNotFound,
    BackupTooNew,
    BackupTruncated,
    NotABackup,
    TargetFull,
    TargetGone,
    TargetReadOnly,
    TargetWriteFailed,
    WrongPassphrase,
    create_backup,
    restore_backup,
    verify_backup,
)
from desktop.core.center import CenterProfile
from desktop.core.setup import initialise
from desktop.core.store.db import Database, make_engine
from tests.conftest import PASSWORD

pytestmark = pytest.mark.usefixtures("fast_kdf")


@pytest.fixture
def usb(tmp_path: Path) -> Path:
    folder = tmp_path / "usb"
    folder.mkdir()
    return folder


@pytest.fixture
def live(db_and_admin, paths):
    """The fixture database, big enough (random filler) for a backup of several chunks."""
    db, admin = db_and_admin
    add_children(db, ["张小明", "李四"])
    add_filler(paths.db_file, 320)
    return db, admin


@pytest.fixture
def good(live, paths, usb) -> Path:
    """A sound backup of the live database."""
    db, admin = live
    return create_backup(db, paths, usb, PASSPHRASE, actor=admin).path


def header_length(path: Path) -> int:
    """Return the length of the age header (up to and including the MAC line)."""
    data = path.read_bytes()
    mac_line = data.index(b"\n--- ") + 1
    return data.index(b"\n", mac_line) + 1


def assert_restore_refused(paths, db, admin, source: Path, kind) -> None:
    """Restoring ``source`` raises ``kind`` and changes nothing in the data folder."""
    before = database_state(paths.db_file)
    files = leftovers(paths.home)
    with pytest.raises(kind):
        restore_backup(paths, source, PASSPHRASE, admin, db=db)
    assert database_state(paths.db_file) == before
    assert leftovers(paths.home) == files


# ------------------------------------------------------------------- reading bad files


def test_a_wrong_passphrase_is_told_as_such(good, live, paths) -> None:
    with pytest.raises(WrongPassphrase) as caught:
        verify_backup(good, "not the passphrase")
    assert good.name in caught.value.message
    assert "passphrase does not open" in caught.value.message
    db, admin = live
    before = database_state(paths.db_file)
    with pytest.raises(WrongPassphrase):
        restore_backup(paths, good, "not the passphrase", admin, db=db)
    assert database_state(paths.db_file) == before


@pytest.mark.parametrize("cut", ["in-magic", "in-header", "after-nonce", "mid-chunk",
                                 "chunk-boundary", "last-byte"])  # fmt: skip
def test_a_truncated_file_is_incomplete(good, live, paths, tmp_path, cut) -> None:
    head = header_length(good)
    size = good.stat().st_size
    assert size > head + 16 + 3 * 65552, "the backup should span several chunks"
    length = {
        "in-magic": 10,
        "in-header": head - 10,
        "after-nonce": head + 16,
        "mid-chunk": head + 16 + 30_000,
        "chunk-boundary": head + 16 + 2 * 65552,
        "last-byte": size - 1,
    }[cut]
    short = tmp_path / "short.hwbackup"
    short.write_bytes(good.read_bytes()[:length])
    expected = BackupTruncated  # even the first line cut short: an age file, incomplete
    with pytest.raises(expected) as caught:
        verify_backup(short, PASSPHRASE)
    assert short.name in caught.value.message
    db, admin = live
    assert_restore_refused(paths, db, admin, short, expected)


@pytest.mark.parametrize(
    "where", ["salt", "wrapped-key", "mac", "nonce", "first-chunk", "middle", "last-chunk"]
)
def test_a_flipped_byte_anywhere_is_caught(good, live, paths, tmp_path, where) -> None:
    data = good.read_bytes()
    head = header_length(good)
    size = len(data)
    position = {
        "salt": data.index(b"scrypt ") + 9,
        "wrapped-key": data.index(b"\n", data.index(b"scrypt ")) + 5,
        "mac": head - 10,
        "nonce": head + 5,
        "first-chunk": head + 16 + 100,
        "middle": size // 2,
        "last-chunk": size - 20,
    }[where]
    bad = tmp_path / "flipped.hwbackup"
    flip_byte(good, bad, position)
    expected: tuple[type[BackupError], ...] = (BackupDamaged,)
    if where in ("salt", "wrapped-key"):  # the key may not unwrap: told as a passphrase
        expected = (BackupDamaged, WrongPassphrase)
    with pytest.raises(expected) as caught:
        verify_backup(bad, PASSPHRASE)
    part = {"mac": "its header", "first-chunk": "its contents", "middle": "its contents"}
    if where in part:  # the message says which part of the file is damaged
        assert part[where] in caught.value.message
    if isinstance(caught.value, WrongPassphrase):  # the format cannot tell: both are said
        assert "key is damaged" in caught.value.message
    db, admin = live
    assert_restore_refused(paths, db, admin, bad, expected)


@pytest.mark.parametrize("kind", ["random", "sqlite", "empty", "text", "age-but-not-ours"])
def test_a_file_that_is_not_a_backup(live, paths, tmp_path, kind) -> None:
    other = tmp_path / "other.hwbackup"
    if kind == "random":
        other.write_bytes(os.urandom(200_000))
    elif kind == "sqlite":
        shutil.copyfile(paths.db_file, other)
    elif kind == "empty":
        other.write_bytes(b"")
    elif kind == "text":
        other.write_text("age-encryption.org/v2\nhello\n")
    else:
        import age_rt  # type: ignore[import-untyped]

        encoder = age_rt.AgeEncoder.from_passphrase(PASSPHRASE)
        other.write_bytes(age_rt.encode_bytes([b"just some notes"], encoder))
    with pytest.raises(NotABackup) as caught:
        verify_backup(other, PASSPHRASE)
    assert caught.value.message == f"{other.name} is not a Homeward backup."
    db, admin = live
    assert_restore_refused(paths, db, admin, other, NotABackup)


def test_a_missing_file_or_a_folder(tmp_path) -> None:
    with pytest.raises(BackupNotFound, match="There is no file"):
        verify_backup(tmp_path / "nothing.hwbackup", PASSPHRASE)
    with pytest.raises(BackupNotFound, match="cannot be read"):
        verify_backup(tmp_path, PASSPHRASE)


def test_a_backup_from_a_newer_program(live, paths, usb, monkeypatch) -> None:
    db, admin = live
    real = backup.make.program_version
    monkeypatch.setattr(backup.make, "program_version", lambda: "7.0.0")
    newer = create_backup(db, paths, usb, PASSPHRASE, actor=admin).path
    monkeypatch.setattr(backup.make, "program_version", real)
    with pytest.raises(BackupTooNew, match=r"newer Homeward \(7\.0\.0"):
        verify_backup(newer, PASSPHRASE)
    assert_restore_refused(paths, db, admin, newer, BackupTooNew)


def test_a_backup_with_a_newer_schema(live, paths, usb, tmp_path) -> None:
    db, admin = live
    other = make_paths(tmp_path / "newer")
    newer_db, _admin = initialise(other, CenterProfile(name="Newer"), "admin", "Admin", PASSWORD)
    newer_db.close()
    with sqlite3.connect(other.db_file) as connection:
        connection.execute("UPDATE alembic_version SET version_num = '0999'")
    connection.close()
    raw = Database(other.db_file, make_engine(other.db_file))
    try:
        newer = create_backup(raw, other, usb, PASSPHRASE).path
    finally:
        raw.close()
    with pytest.raises(BackupTooNew, match="schema 0999"):
        verify_backup(newer, PASSPHRASE)
    assert_restore_refused(paths, db, admin, newer, BackupTooNew)


# ----------------------------------------------------------------------- writing faults


def assert_backup_failed(paths, db, admin, usb: Path, kind: type[BackupError]) -> BackupError:
    """A backup to ``usb`` raises ``kind``; the live database and the stick are untouched."""
    before = database_state(paths.db_file)
    stick = leftovers(usb) if usb.exists() else None
    with pytest.raises(kind) as caught:
        create_backup(db, paths, usb, PASSPHRASE, actor=admin, usb=True)
    assert database_state(paths.db_file) == before
    if usb.exists():
        assert leftovers(usb) == (stick or [])
    assert leftovers(paths.snapshots_dir) == []
    return caught.value


def test_a_full_target_is_refused_before_writing(live, paths, usb, monkeypatch) -> None:
    db, admin = live
    report_free_space(monkeypatch, usb, 10_000)
    error = assert_backup_failed(paths, db, admin, usb, TargetFull)
    assert error.field == "folder"
    assert "MB free" in error.message


def test_no_room_for_the_snapshot_in_the_data_folder(live, paths, usb, monkeypatch) -> None:
    db, admin = live
    report_free_space(monkeypatch, paths.home, 10_000)
    error = assert_backup_failed(paths, db, admin, usb, BackupError)
    assert "too little free space for a snapshot" in error.message
    assert leftovers(usb) == []


def test_a_target_that_fills_up_half_way(live, paths, usb, monkeypatch) -> None:
    db, admin = live
    fail_writes_after(monkeypatch, usb, 150_000, errno.ENOSPC)
    error = assert_backup_failed(paths, db, admin, usb, TargetFull)
    assert "is full" in error.message


def test_a_stick_pulled_out_half_way(live, paths, usb, monkeypatch) -> None:
    db, admin = live
    fail_writes_after(monkeypatch, usb, 150_000, errno.EIO)
    error = assert_backup_failed(paths, db, admin, usb, TargetWriteFailed)
    assert "Was the drive removed?" in error.message


def test_a_read_only_target(live, paths, usb, monkeypatch) -> None:
    db, admin = live
    real_open = os.open

    def read_only(path, flags, *args):
        if str(path).startswith(str(usb)) and flags & (os.O_WRONLY | os.O_RDWR):
            raise OSError(errno.EROFS, os.strerror(errno.EROFS), str(path))
        return real_open(path, flags, *args)

    monkeypatch.setattr(os, "open", read_only)
    error = assert_backup_failed(paths, db, admin, usb, TargetReadOnly)
    assert "cannot be written" in error.message


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root ignores permissions")
def test_a_folder_without_write_permission(live, paths, usb) -> None:
    db, admin = live
    usb.chmod(0o500)
    try:
        assert_backup_failed(paths, db, admin, usb, TargetReadOnly)
    finally:
        usb.chmod(0o700)


def test_a_target_that_disappears_mid_write(live, paths, usb, monkeypatch) -> None:
    db, admin = live
    fail_writes_after(monkeypatch, usb, 150_000, action=lambda: shutil.rmtree(usb))
    error = assert_backup_failed(paths, db, admin, usb, TargetGone)
    assert "Was the drive removed?" in error.message
    assert not usb.exists()


def test_a_missing_target(live, paths, tmp_path) -> None:
    db, admin = live
    assert_backup_failed(paths, db, admin, tmp_path / "no-such-stick", TargetGone)


@pytest.mark.parametrize("failing", ["fsync", "rename"])
def test_a_failure_while_finishing_the_file(live, paths, usb, monkeypatch, failing) -> None:
    db, admin = live
    real = getattr(os, failing)

    def broken(*args):
        if _fd_name(args[0]).startswith(str(usb)):
            raise OSError(errno.EIO, "Input/output error")
        return real(*args)

    monkeypatch.setattr(os, failing, broken)
    assert_backup_failed(paths, db, admin, usb, TargetWriteFailed)


def _fd_name(fd: object) -> str:
    return os.readlink(f"/proc/self/fd/{fd}") if isinstance(fd, int) else str(fd)


@pytest.mark.parametrize(
    "where",
    [
        pytest.param(lambda size: 40, id="in the header"),
        pytest.param(lambda size: size // 2, id="in the middle"),
        pytest.param(lambda size: size - 1, id="the last byte"),
    ],
)
def test_a_backup_that_does_not_read_back_is_removed(live, paths, usb, monkeypatch, where) -> None:
    """The stick stores wrong bytes: verifying after writing catches it, the file goes."""
    db, admin = live
    real_fsync_dir = backup.make.fsync_dir

    def corrupt_then_sync(folder: Path) -> None:
        for path in folder.glob("*.hwbackup"):
            flip_byte(path, path, where(path.stat().st_size))
        real_fsync_dir(folder)

    monkeypatch.setattr(backup.make, "fsync_dir", corrupt_then_sync)
    error = assert_backup_failed(paths, db, admin, usb, TargetWriteFailed)
    assert "reading it back failed" in error.message


def test_the_center_name_is_never_on_the_stick_in_the_clear(good) -> None:
    assert CENTER_NAME.encode() not in good.read_bytes()


def test_a_header_the_strict_reader_refuses_is_never_left_as_a_backup(
    live, paths, usb, monkeypatch
) -> None:
    """Should the encryption library ever write a header the reader refuses: no file is kept."""
    import age_rt  # type: ignore[import-untyped]

    real = age_rt.AgeEncoder.get_header

    def padded_mac(self) -> bytes:  # type: ignore[no-untyped-def]
        header = real(self)
        return header[:-17] + b"=" + header[-17:]  # '=' before the MAC line's newline

    monkeypatch.setattr(age_rt.AgeEncoder, "get_header", padded_mac)
    db, admin = live
    with pytest.raises(TargetWriteFailed, match="reading it back failed"):
        create_backup(db, paths, usb, PASSPHRASE, actor=admin)
    assert leftovers(usb) == []
