"""Writing backups on real SQLite files: verified, encrypted, never overwritten, rotated,
recorded; and the local automatic snapshots."""

from __future__ import annotations

import datetime as dt
import io
import os
import re
import stat
import tarfile
from pathlib import Path

import pytest
from dbtools import audit_rows, dump
from test_backup_support import (
    CENTER_NAME,
    CHILD_NAME,
    PASSPHRASE,
    add_children,
    backups_in,
    leftovers,
    report_free_space,
    use_real_kdf,
)

from desktop import __version__
from desktop.core import backup
from desktop.core.backup import (
    BackupCancelled,
    Step,
    create_backup,
    list_backups,
    verify_backup,
)
from desktop.core.center import last_usb_backup
from desktop.core.errors import PermissionDenied, ValidationError
from desktop.core.staff import accounts
from desktop.core.store.keys import key_path
from desktop.core.store.migrations import HEAD
from desktop.core.store.models import Setting
from tests.conftest import PASSWORD

SLUG = "cnwcnrjzbhzx"


pytestmark = pytest.mark.usefixtures("fast_kdf")


@pytest.fixture
def usb(tmp_path: Path) -> Path:
    """An empty folder standing for a USB stick."""
    folder = tmp_path / "usb"
    folder.mkdir()
    return folder


@pytest.fixture
def live(db_and_admin):
    """The fixture database with two children."""
    db, admin = db_and_admin
    add_children(db, [CHILD_NAME, "李四"])
    return db, admin


def test_a_backup_is_written_verified_and_named_for_fat32(live, paths, usb) -> None:
    db, admin = live
    result = create_backup(db, paths, usb, PASSPHRASE, actor=admin)
    assert re.fullmatch(rf"homeward-{SLUG}-\d{{8}}-\d{{6}}\.hwbackup", result.path.name)
    assert not set(result.path.name) & set(':*?"<>|\\')
    assert leftovers(usb) == [result.path.name]
    assert leftovers(paths.snapshots_dir) == []
    manifest = result.manifest
    assert manifest.center == CENTER_NAME
    assert manifest.schema_revision == HEAD
    assert manifest.program_version == __version__
    assert manifest.counts["child"] == 2
    assert manifest.counts["staff"] == 1
    assert len(manifest.db_sha256) == 64
    assert manifest.encryption == backup.agefile.implementation()
    assert manifest.encryption["name"] == "age-rt" and manifest.encryption["version"]
    assert verify_backup(result.path, PASSPHRASE) == manifest
    assert stat.S_IMODE(result.path.stat().st_mode) == 0o600


def test_nothing_in_the_file_is_readable_without_the_passphrase(live, paths, usb) -> None:
    db, admin = live
    data = create_backup(db, paths, usb, PASSPHRASE, actor=admin).path.read_bytes()
    assert data.startswith(b"age-encryption.org/v1\n-> scrypt ")
    for secret in (CENTER_NAME, CHILD_NAME, "李四", "manifest", "SQLite format 3", "admin"):
        assert secret.encode("utf-8") not in data


def test_the_backup_holds_the_database_as_it_was(live, paths, usb, tmp_path) -> None:
    db, admin = live
    result = create_backup(db, paths, usb, PASSPHRASE, actor=admin)
    copy = tmp_path / "copy.sqlite"
    descriptor = os.open(copy, os.O_WRONLY | os.O_CREAT, 0o600)
    try:
        manifest = backup.archive.read_backup(
            result.path, PASSPHRASE, out=backup.archive.DescriptorWriter(descriptor)
        )
    finally:
        os.close(descriptor)
    assert manifest.db_sha256 == result.manifest.db_sha256
    assert dump(copy) == dump(paths.db_file)


def test_a_standard_age_tool_opens_it(live, paths, usb, monkeypatch) -> None:
    """rage (through pyrage) decrypts the file; zstd and tar unpack it: no Homeward needed."""
    pyrage = pytest.importorskip("pyrage")
    use_real_kdf(monkeypatch)
    db, admin = live
    result = create_backup(db, paths, usb, PASSPHRASE, actor=admin)
    plain = pyrage.passphrase.decrypt(result.path.read_bytes(), PASSPHRASE)
    with tarfile.open(fileobj=io.BytesIO(backup.archive.zstd.decompress(plain))) as archive:
        assert archive.getnames() == ["manifest.json", "homeward.sqlite", "SHA256SUMS"]
        sums = archive.extractfile("SHA256SUMS").read().decode()  # type: ignore[union-attr]
    assert sums == f"{result.manifest.db_sha256}  homeward.sqlite\n"


def test_a_backup_never_overwrites_another(live, paths, usb, monkeypatch) -> None:
    db, admin = live
    moment = dt.datetime(2026, 5, 1, 1, 2, 3, tzinfo=dt.UTC)
    monkeypatch.setattr(backup.make, "utcnow", lambda: moment)
    first = create_backup(db, paths, usb, PASSPHRASE, actor=admin)
    before = first.path.read_bytes()
    second = create_backup(db, paths, usb, PASSPHRASE, actor=admin)
    assert first.path != second.path
    assert second.path.name.endswith("-2.hwbackup")
    assert first.path.read_bytes() == before
    assert list_backups(usb, SLUG) == [second.path, first.path]


def test_keeping_the_newest_removes_only_this_centers_older_backups(live, paths, usb) -> None:
    db, admin = live
    old = [usb / f"homeward-{SLUG}-2025010{day}-080000.hwbackup" for day in (1, 2, 3)]
    others = [
        usb / "homeward-another-center-20250101-080000.hwbackup",
        usb / f"homeward-{SLUG}-annex-20250101-080000.hwbackup",
        usb / "notes.txt",
    ]
    for path in old + others:
        path.write_bytes(b"x")
    result = create_backup(db, paths, usb, PASSPHRASE, actor=admin, keep=2)
    assert sorted(result.removed) == old[:2]
    assert sorted(backups_in(usb)) == sorted([result.path, old[2], others[0], others[1]])
    assert (usb / "notes.txt").exists()


def test_keep_must_be_a_positive_number(live, paths, usb) -> None:
    db, admin = live
    with pytest.raises(ValidationError) as caught:
        create_backup(db, paths, usb, PASSPHRASE, actor=admin, keep=0)
    assert caught.value.field == "keep"
    assert leftovers(usb) == []


def test_a_usb_backup_is_recorded_and_audited(live, paths, usb) -> None:
    db, admin = live
    assert last_usb_backup(db) is None
    result = create_backup(db, paths, usb, PASSPHRASE, actor=admin, usb=True)
    assert last_usb_backup(db) == result.manifest.created_at
    entry = audit_rows(paths.db_file)[-1]
    assert entry[1:5] == ("admin", "update", "setting", "backup.last_usb")


def test_a_backup_to_a_plain_folder_is_not_a_usb_backup(live, paths, usb) -> None:
    db, admin = live
    create_backup(db, paths, usb, PASSPHRASE, actor=admin)
    assert last_usb_backup(db) is None


def test_a_scheduled_backup_is_recorded_by_the_system(live, paths, usb) -> None:
    db, _admin = live
    create_backup(db, paths, usb, PASSPHRASE, usb=True)
    assert audit_rows(paths.db_file)[-1][1] == "system"


def test_a_deactivated_account_cannot_back_up(live, paths, usb) -> None:
    db, admin = live
    viewer = accounts.create_staff(db, admin, "viewer1", "Viewer One", "viewer", PASSWORD)
    assert create_backup(db, paths, usb, PASSPHRASE, actor=viewer).path.exists()
    accounts.set_active(db, admin, viewer.id, False)
    with pytest.raises(PermissionDenied):
        create_backup(db, paths, usb, PASSPHRASE, actor=viewer)
    assert len(backups_in(usb)) == 1


@pytest.mark.parametrize("passphrase", ["", "short", "         ", "123456789"])
def test_a_passphrase_has_at_least_ten_characters(live, paths, usb, passphrase) -> None:
    db, admin = live
    with pytest.raises(ValidationError) as caught:
        create_backup(db, paths, usb, passphrase, actor=admin)
    assert caught.value.field == "passphrase"
    assert "at least 10 characters" in caught.value.message
    assert leftovers(usb) == []


@pytest.mark.parametrize("step", [Step.SNAPSHOT, Step.WRITE])
def test_cancelling_before_the_rename_leaves_nothing(live, paths, usb, step) -> None:
    db, admin = live
    seen: list[Step] = []
    with pytest.raises(BackupCancelled):
        create_backup(
            db,
            paths,
            usb,
            PASSPHRASE,
            actor=admin,
            progress=lambda now, _done, _total: seen.append(now),
            cancel=lambda: step in seen,
        )
    assert leftovers(usb) == []
    assert leftovers(paths.snapshots_dir) == []


def test_progress_goes_through_snapshot_write_and_verify(live, paths, usb) -> None:
    db, admin = live
    seen: list[tuple[Step, int, int]] = []
    create_backup(db, paths, usb, PASSPHRASE, actor=admin, progress=lambda *a: seen.append(a))
    assert [s for s in dict.fromkeys(step for step, _d, _t in seen)] == [
        Step.SNAPSHOT,
        Step.WRITE,
        Step.VERIFY,
    ]
    last_write = [entry for entry in seen if entry[0] is Step.WRITE][-1]
    assert last_write[1] == last_write[2] > 0


# ------------------------------------------------------------------------ local snapshots


def test_the_daily_snapshot_is_taken_once_a_day(live, paths) -> None:
    db, _admin = live
    first = backup.maybe_daily_snapshot(paths, db)
    assert first is not None and first.parent == paths.snapshots_dir
    assert stat.S_IMODE(first.stat().st_mode) == 0o600
    assert dump(first) == dump(paths.db_file)
    assert backup.maybe_daily_snapshot(paths, db) is None
    tomorrow = dt.datetime.now(dt.UTC) + dt.timedelta(days=1)
    assert backup.maybe_daily_snapshot(paths, db, now=tomorrow) is not None


def test_the_newest_fourteen_snapshots_of_each_kind_are_kept(live, paths) -> None:
    db, _admin = live
    daily = backup.take_local_snapshot(paths, db, "daily")
    taken = [backup.snapshot_on_exit(paths, db) for _ in range(16)]
    kept = backup.local_snapshots(paths, "exit")
    assert len(kept) == 14
    assert set(kept) == set(taken[2:])
    assert backup.local_snapshots(paths, "daily") == [daily]


def test_no_snapshot_when_it_would_leave_the_database_no_room(live, paths, monkeypatch) -> None:
    """Automatic snapshots must never eat the space the live database needs to grow."""
    db, _admin = live
    kept = backup.take_local_snapshot(paths, db, "daily")
    size = backup.files.database_bytes(paths.db_file)  # the file and its write-ahead log
    report_free_space(monkeypatch, paths.home, size + backup.snapshots.SNAPSHOT_RESERVE - 1)
    tomorrow = dt.datetime.now(dt.UTC) + dt.timedelta(days=1)
    assert backup.maybe_daily_snapshot(paths, db, now=tomorrow) is None
    assert backup.snapshot_on_exit(paths, db) is None
    assert sorted(paths.snapshots_dir.iterdir()) == [kept, key_path(kept)]
    report_free_space(monkeypatch, paths.home, 2 * size + backup.snapshots.SNAPSHOT_RESERVE)
    assert backup.snapshot_on_exit(paths, db) is not None


def test_a_failing_snapshot_does_not_stop_the_program(live, paths, monkeypatch) -> None:
    db, _admin = live

    def broken(*_args: object, **_kwargs: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(backup.snapshots, "_online_copy", broken)
    assert backup.snapshot_on_exit(paths, db) is None
    assert backup.local_snapshots(paths, "exit") == []


def test_a_backup_s_file_name_is_short_and_older_long_names_still_rotate(live, paths, usb) -> None:
    db, admin = live
    legacy = "chengnanweichengnianrenjiuzhubaohuzhongxin"
    old = [usb / f"homeward-{legacy}-2025010{day}-080000.hwbackup" for day in (1, 2)]
    for path in old:
        path.write_bytes(b"x")
    result = create_backup(db, paths, usb, PASSPHRASE, actor=admin, keep=2)
    assert len(result.path.name) <= 50, result.path.name  # was 85 with the pinyin
    assert result.path.name.startswith(f"homeward-{SLUG}-")
    assert sorted(result.removed) == old[:1]  # the newest two kept: this one and the later old
    assert sorted(backups_in(usb)) == sorted([result.path, old[1]])


@pytest.mark.parametrize(
    ("name", "slug"),
    [
        ("城南区未成年人救助保护中心", "cnqwcnrjzbhzx"),
        ("Riverside Minors Protection Center", "riverside-minors"),
        ("北京市Sunshine中心", "bjs-sunshine-zx"),
        ("！？", "center"),
    ],
)
def test_center_tags_are_short_ascii(name: str, slug: str) -> None:
    from desktop.core.backup.files import center_slug

    assert center_slug(name) == slug


def test_a_backup_carries_the_audit_key_and_remembers_its_head(live, paths, usb) -> None:
    """The manifest holds the key (so a restore keeps it) and the trail's head, which is
    also remembered beside the database for ``check``; a local snapshot gets both too."""
    from desktop.core.audit import anchors
    from desktop.core.audit.anchors import parse_head

    db, admin = live
    with db.session() as session:
        head = session.get(Setting, "audit.head").value  # type: ignore[union-attr]
    result = create_backup(db, paths, usb, PASSPHRASE, actor=admin)
    assert result.manifest.audit_key == db.key.hex()  # type: ignore[union-attr]
    assert result.manifest.audit_head == head
    entry_id, mac = parse_head(head)
    remembered = anchors.recorded(paths.db_file)
    assert remembered[entry_id].mac == mac
    assert result.path.name in remembered[entry_id].where
    snapshot = backup.take_local_snapshot(paths, db, "daily")
    assert key_path(snapshot).read_bytes() == db.key
    assert len(anchors.recorded(paths.db_file)) >= 1
