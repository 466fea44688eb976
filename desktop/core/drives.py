"""Which removable drives (USB sticks, memory cards) are mounted, on Linux, Windows and macOS.

Qt has no "removable" flag, so this is one function, ``removable_drives``, that
the backup dialog calls and tests replace. It never raises: a drive it cannot
inspect is left out.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import sys
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

SYS_BLOCK = Path("/sys/class/block")
PROC_MOUNTS = Path("/proc/self/mounts")
BY_LABEL = Path("/dev/disk/by-label")
#: Linux file systems a USB stick or card is formatted with.
STICK_FILESYSTEMS = frozenset(
    {"vfat", "msdos", "exfat", "ntfs", "ntfs3", "fuseblk", "ext2", "ext3", "ext4",
     "btrfs", "xfs", "f2fs", "hfsplus", "udf", "iso9660"}
)  # fmt: skip


@dataclass(frozen=True)
class Drive:
    """A mounted removable drive: where it is, its name, and its free space."""

    path: Path
    label: str
    free_bytes: int

    def contains(self, folder: Path) -> bool:
        """True when ``folder`` is on this drive."""
        try:
            return Path(folder).resolve().is_relative_to(self.path.resolve())
        except OSError:
            return False


def removable_drives() -> list[Drive]:
    """Return the removable drives mounted now, sorted by path."""
    if sys.platform == "win32":  # pragma: no cover - Windows only
        found = _windows_drives()
    elif sys.platform == "darwin":  # pragma: no cover - macOS only
        found = _mac_drives(Path("/Volumes"))
    else:
        found = _linux_drives(_read_text(PROC_MOUNTS))
    return sorted(found, key=lambda drive: str(drive.path))


def on_removable_drive(folder: Path, drives: Iterable[Drive] | None = None) -> bool:
    """True when ``folder`` lies on one of ``drives`` (by default, those mounted now)."""
    return any(
        drive.contains(folder) for drive in (removable_drives() if drives is None else drives)
    )


def _free(path: Path) -> int | None:
    try:
        return shutil.disk_usage(path).free
    except OSError:
        return None


def _read_text(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return ""


# ----------------------------------------------------------------------------- Linux


def _unescape_mount(field: str) -> str:
    r"""Undo /proc/mounts' octal escapes (``\040`` is a space)."""
    out, index = [], 0
    while index < len(field):
        if field[index] == "\\" and field[index + 1 : index + 4].isdigit():
            out.append(chr(int(field[index + 1 : index + 4], 8)))
            index += 4
        else:
            out.append(field[index])
            index += 1
    return "".join(out)


def _parse_mounts(text: str) -> list[tuple[str, Path, str]]:
    """Return (device, mount point, file system) of each line of /proc/mounts."""
    mounts = []
    for line in text.splitlines():
        parts = line.split()
        if len(parts) >= 3 and parts[0].startswith("/dev/"):
            mounts.append((parts[0], Path(_unescape_mount(parts[1])), parts[2]))
    return mounts


def _is_removable_device(device: str, sys_block: Path = SYS_BLOCK) -> bool:
    """True when the block device (or the disk of the partition) is removable or on USB."""
    name = Path(os.path.realpath(device)).name
    node = sys_block / name
    try:
        real = node.resolve(strict=True)
    except OSError:
        return False
    disk = real.parent if (real / "partition").exists() else real
    if _read_text(disk / "removable").strip() == "1":
        return True
    return "/usb" in str(real)


def _labels(by_label: Path = BY_LABEL) -> dict[str, str]:
    """Return device path → volume label, from /dev/disk/by-label."""
    labels: dict[str, str] = {}
    with contextlib.suppress(OSError):
        for link in by_label.iterdir():
            labels[os.path.realpath(link)] = _unescape_udev(link.name)
    return labels


def _unescape_udev(name: str) -> str:
    r"""Undo udev's ``\xHH`` escapes in a link name (labels may be UTF-8, e.g. Chinese)."""
    raw = bytearray()
    index = 0
    while index < len(name):
        if name.startswith("\\x", index) and len(name) >= index + 4:
            with contextlib.suppress(ValueError):
                raw.append(int(name[index + 2 : index + 4], 16))
                index += 4
                continue
        raw.extend(name[index].encode("utf-8"))
        index += 1
    return raw.decode("utf-8", errors="replace")


def _linux_drives(
    mounts_text: str, sys_block: Path = SYS_BLOCK, by_label: Path = BY_LABEL
) -> list[Drive]:
    labels = _labels(by_label)
    drives = []
    for device, mount_point, filesystem in _parse_mounts(mounts_text):
        if filesystem not in STICK_FILESYSTEMS or mount_point == Path("/"):
            continue
        if not _is_removable_device(device, sys_block):
            continue
        free = _free(mount_point)
        if free is None:
            continue
        label = labels.get(os.path.realpath(device)) or mount_point.name or device
        drives.append(Drive(mount_point, label, free))
    return drives


# ---------------------------------------------------------------------------- macOS


def _mac_drives(volumes: Path) -> list[Drive]:
    """Return the volumes under /Volumes other than the start-up disk."""
    drives = []
    try:
        root_device = os.stat("/").st_dev
        entries = list(volumes.iterdir())
    except OSError:
        return []
    for entry in entries:
        try:
            if not entry.is_dir() or os.stat(entry).st_dev == root_device:
                continue
        except OSError:
            continue
        free = _free(entry)
        if free is not None:
            drives.append(Drive(entry, entry.name, free))
    return drives


# --------------------------------------------------------------------------- Windows


def _windows_drives() -> list[Drive]:  # pragma: no cover - Windows only
    """Return the drive letters whose type is DRIVE_REMOVABLE (USB sticks, cards)."""
    if sys.platform != "win32":
        return []
    import ctypes

    kernel32 = ctypes.windll.kernel32
    drive_removable = 2
    mask = kernel32.GetLogicalDrives()
    drives = []
    for index in range(26):
        if not mask & (1 << index):
            continue
        root = f"{chr(ord('A') + index)}:\\"
        if kernel32.GetDriveTypeW(ctypes.c_wchar_p(root)) != drive_removable:
            continue
        free = _free(Path(root))
        if free is None:  # no medium in the card reader
            continue
        drives.append(Drive(Path(root), _windows_label(root) or root, free))
    return drives


def _windows_label(root: str) -> str:  # pragma: no cover - Windows only
    if sys.platform != "win32":
        return ""
    import ctypes

    buffer = ctypes.create_unicode_buffer(261)
    ok = ctypes.windll.kernel32.GetVolumeInformationW(
        ctypes.c_wchar_p(root), buffer, len(buffer), None, None, None, None, 0
    )
    return buffer.value if ok else ""
