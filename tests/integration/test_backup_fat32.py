"""A real FAT32 file system (an image made by mkfs.vfat, mounted with fusefat): write,
verify and restore a backup there, with full-strength scrypt, as on a USB stick.

Needs Debian's ``dosfstools`` and ``fusefat`` and /dev/fuse; skipped otherwise.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from test_backup_support import CHILD_NAME, PASSPHRASE, add_children, make_paths

from desktop.core.backup import create_backup, list_backups, restore_backup, verify_backup
from desktop.core.db import Database, integrity_problems


def _missing() -> str | None:
    for tool in ("mkfs.vfat", "fusefat", "fusermount"):
        if shutil.which(tool) is None:
            return f"{tool} is not installed (apt packages dosfstools, fusefat)"
    if not os.path.exists("/dev/fuse"):
        return "/dev/fuse is not available"
    return None


@pytest.fixture
def fat32(tmp_path: Path) -> Iterator[Path]:
    """A 64 MB FAT32 image mounted read-write on a temporary folder."""
    reason = _missing()
    if reason:
        pytest.skip(reason)
    image = tmp_path / "stick.img"
    with image.open("wb") as handle:
        handle.truncate(64 * 1024 * 1024)
    subprocess.run(["mkfs.vfat", "-F", "32", "-n", "HOMEWARD", str(image)], check=True,
                   capture_output=True)  # fmt: skip
    mount = tmp_path / "mnt"
    mount.mkdir()
    started = subprocess.run(["fusefat", "-o", "rw+", str(image), str(mount)],
                             capture_output=True)  # fmt: skip
    if started.returncode != 0:
        pytest.skip(f"fusefat cannot mount here: {started.stderr.decode(errors='replace')}")
    for _ in range(50):
        if os.path.ismount(mount):
            break
        time.sleep(0.1)
    try:
        yield mount
    finally:
        subprocess.run(["fusermount", "-u", str(mount)], capture_output=True)


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
        from desktop.core.models import Child

        with restored.session() as session:
            assert [child.name for child in session.query(Child)] == [CHILD_NAME]
    finally:
        restored.close()
