"""A real FAT32 file system for tests and benchmarks: an image made by mkfs.vfat,
mounted read-write with fusefat (no kernel vfat needed), as a USB stick is.

Needs Debian's ``dosfstools`` and ``fusefat`` and /dev/fuse.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path


class Fat32Unavailable(RuntimeError):
    """This machine cannot make or mount a FAT32 image."""


def fat32_missing() -> str | None:
    """Say why no FAT32 image can be mounted here, or None when one can."""
    for tool in ("mkfs.vfat", "fusefat", "fusermount"):
        if shutil.which(tool) is None:
            return f"{tool} is not installed (apt packages dosfstools, fusefat)"
    if not os.path.exists("/dev/fuse"):
        return "/dev/fuse is not available"
    return None


@contextlib.contextmanager
def mounted_fat32(folder: Path, size: int) -> Iterator[Path]:
    """Make a FAT32 image of ``size`` bytes in ``folder``, mount it, yield the mount point.

    Raises ``Fat32Unavailable`` when the tools are missing or the mount fails.
    The image is unmounted (not deleted) afterwards.
    """
    reason = fat32_missing()
    if reason:
        raise Fat32Unavailable(reason)
    image = folder / "stick.img"
    with image.open("wb") as handle:
        handle.truncate(size)
    subprocess.run(["mkfs.vfat", "-F", "32", "-n", "HOMEWARD", str(image)], check=True,
                   capture_output=True)  # fmt: skip
    mount = folder / "mnt"
    mount.mkdir(exist_ok=True)
    started = subprocess.run(["fusefat", "-o", "rw+", str(image), str(mount)],
                             capture_output=True)  # fmt: skip
    if started.returncode != 0:
        raise Fat32Unavailable(
            f"fusefat cannot mount here: {started.stderr.decode(errors='replace')}"
        )
    for _ in range(50):
        if os.path.ismount(mount):
            break
        time.sleep(0.1)
    try:
        yield mount
    finally:
        subprocess.run(["fusermount", "-u", str(mount)], capture_output=True)
