"""A real FAT32 file system (an image made by mkfs.vfat, mounted with fusefat): write,
verify and restore a backup there, with full-strength scrypt, as on a USB stick.

Needs Debian's ``dosfstools`` and ``fusefat`` and /dev/fuse; skipped otherwise.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from test_backup_support import CHILD_NAME, PASSPHRASE, add_children, make_paths

from desktop.core.backup import create_backup, list_backups, restore_backup, verify_backup
from desktop.core.store.db import Database, integrity_problems
from tests.fat32 import Fat32Unavailable, mounted_fat32


@pytest.fixture
def fat32(tmp_path: Path) -> Iterator[Path]:
    """A 64 MB FAT32 image mounted read-write on a temporary folder."""
    try:
        with mounted_fat32(tmp_path, 64 * 1024 * 1024) as mount:
            yield mount
    except Fat32Unavailable as reason:
        pytest.skip(str(reason))


def test_write_verify_and_restore_on_fat32(fat32, db_and_admin, paths, tmp_path) -> None:
    db, admin = db_and_admin
    add_children(db, [CHILD_NAME])
    first = create_backup(db, paths, fat32, PASSPHRASE, actor=admin, usb=True)
    second = create_backup(db, paths, fat32, PASSPHRASE, actor=admin, usb=True, keep=1)
    assert sorted(p.name for p in fat32.glob("*.hwbackup")) == [second.path.name]
    assert not list(fat32.glob(".homeward-backup-*"))
    assert first.path not in list_backups(fat32, "chengnanweichengnianrenjiuzhubaohuzhongxin")
    assert verify_backup(second.path, PASSPHRASE).db_sha256 == second.manifest.db_sha256
    fresh = make_paths(tmp_path / "new-computer")
    restore_backup(fresh, second.path, PASSPHRASE, None)
    assert integrity_problems(fresh.db_file) == []
    restored = Database.open(fresh.db_file)
    try:
        from desktop.core.store.models import Child

        with restored.session() as session:
            assert [child.name for child in session.query(Child)] == [CHILD_NAME]
    finally:
        restored.close()
