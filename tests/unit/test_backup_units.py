"""Backup building blocks without a database: names, passphrases, manifests, the age
stream at chunk boundaries, and finding removable drives in a made-up /sys and /proc."""

from __future__ import annotations

import base64
import datetime as dt
import functools
import io
import os
import string
from pathlib import Path

import age_rt  # type: ignore[import-untyped]
import pytest
from hypothesis import given
from hypothesis import strategies as st

from desktop.core import drives
from desktop.core.backup import (
    CHUNK,
    BackupTooNew,
    Manifest,
    NotABackup,
    agefile,
    archive,
    backup_name,
    center_slug,
    check_compatible,
    check_passphrase,
    files,
    list_backups,
)
from desktop.core.errors import ValidationError
from desktop.core.store.migrations import HEAD

MOMENT = dt.datetime(2026, 3, 4, 5, 6, 7, tzinfo=dt.UTC)


def manifest(**changes: object) -> Manifest:
    values: dict[str, object] = {
        "program_version": "0.1.0",
        "schema_revision": HEAD,
        "created_at": MOMENT,
        "center": "城南未成年人救助保护中心",
        "counts": {"child": 3, "staff": 1},
        "db_size": 4096,
    }
    values.update(changes)
    return Manifest(**values)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("name", "slug"),
    [
        ("城南未成年人救助保护中心", "cnwcnrjzbhzx"),
        ("Sunrise Children's Centre", "sunrise-children"),
        ("Zürich: Kinder/Haus", "zurich-kinder"),
        ("Zürich Haus", "zurich-haus"),
        ("★★★", "center"),
    ],
)
def test_the_center_slug_is_plain_ascii(name: str, slug: str) -> None:
    assert center_slug(name) == slug


def test_file_names_are_valid_on_fat32() -> None:
    name = backup_name("abc", MOMENT)
    assert name.startswith("homeward-abc-2026030") and name.endswith(".hwbackup")
    assert not set(name) & set(':*?"<>|\\/')
    assert backup_name("abc", MOMENT, 3).endswith("-3.hwbackup")


def test_backups_are_listed_newest_first_same_second_counted(tmp_path: Path) -> None:
    names = [
        "homeward-abc-20260101-000000.hwbackup",
        "homeward-abc-20260101-000000-2.hwbackup",
        "homeward-abc-20260101-000000-10.hwbackup",
        "homeward-abc-20251231-235959.hwbackup",
        "homeward-abc-def-20270101-000000.hwbackup",
    ]
    for name in names:
        (tmp_path / name).touch()
    assert [p.name for p in list_backups(tmp_path, "abc")] == [names[2], names[1], names[0],
                                                                names[3]]  # fmt: skip


@pytest.mark.parametrize("text", ["abc", "", " " * 12])
def test_short_passphrases_are_refused(text: str) -> None:
    with pytest.raises(ValidationError) as caught:
        check_passphrase(text)
    assert caught.value.field == "passphrase"


def test_passphrases_are_normalised() -> None:
    assert check_passphrase("cafe\u0301 au lait") == "caf\u00e9 au lait"
    assert check_passphrase("长城长城长城长城长城") == "长城长城长城长城长城"


def test_the_manifest_round_trips_and_names_the_tables() -> None:
    made = manifest()
    assert Manifest.from_json(made.to_json(), "x") == made
    assert made.count_lines() == [("Children", 3), ("Staff accounts", 1)]
    assert b"sha" not in made.to_json()


@pytest.mark.parametrize("raw", [b"{}", b"not json", b'{"format": "other"}', b"\xff\xfe"])
def test_a_foreign_manifest_is_not_a_backup(raw: bytes) -> None:
    with pytest.raises(NotABackup):
        Manifest.from_json(raw, "x.hwbackup")


@pytest.mark.parametrize(
    "changes",
    [{"schema_revision": "0999"}, {"program_version": "3.0.0"}, {"format_version": 2}],
)
def test_newer_backups_are_refused(changes: dict[str, object]) -> None:
    check_compatible(manifest())
    with pytest.raises(BackupTooNew):
        check_compatible(manifest(**changes))


def test_the_encrypted_stream_goes_to_the_drive_in_large_writes(fast_kdf: None) -> None:
    """Small writes are slow on USB sticks and FUSE drives: 1 MiB at least, but the last."""
    written: list[bytes] = []
    with archive._InOrder(written.append, "test-write") as writer:
        sink = archive._AgeSink(age_rt.AgeEncoder.from_passphrase("passphrase!"), writer)
        for _ in range(5 * 1024):
            sink.write(os.urandom(1000))
        sink.finish()
    sizes = [len(block) for block in written]
    assert len(sizes) >= 4
    assert all(size >= archive.IO_BLOCK for size in sizes[:-1])
    handle = io.BytesIO(b"".join(written))
    _header, key = agefile.open_passphrase_file(handle, "passphrase!")
    assert len(b"".join(agefile.payload_chunks(handle, key))) == 5 * 1024 * 1000


def test_a_failed_write_on_the_helper_reaches_the_caller() -> None:
    def broken(_block: bytes) -> None:
        raise OSError(28, "No space left on device")

    with pytest.raises(OSError, match="No space"), archive._InOrder(broken, "test") as helper:
        helper.submit(b"x")
        helper.wait()


@pytest.mark.parametrize("size", [0, 1, CHUNK - 1, CHUNK, CHUNK + 1, 3 * CHUNK, 3 * CHUNK + 7])
def test_the_age_stream_is_standard_at_every_chunk_boundary(
    fast_kdf: None, tmp_path: Path, size: int
) -> None:
    data = os.urandom(size)
    path = tmp_path / "x.age"
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT, 0o600)
    try:
        write = functools.partial(files.write_all, descriptor)
        with archive._InOrder(write, "test-write") as writer:
            sink = archive._AgeSink(age_rt.AgeEncoder.from_passphrase("passphrase!"), writer)
            for start in range(0, size, 10_000):
                sink.write(data[start : start + 10_000])
            sink.finish()
    finally:
        os.close(descriptor)
    with path.open("rb") as handle:  # the strict reader: no empty last chunk after a full one
        _header, key = agefile.open_passphrase_file(handle, "passphrase!")
        plain = b"".join(agefile.payload_chunks(handle, key))
        assert handle.read() == b""
    assert plain == data
    full_chunks = max(0, (size - 1) // CHUNK)
    written = path.read_bytes()
    header = written.index(b"\n", written.index(b"\n--- ") + 1) + 1
    assert path.stat().st_size == header + 16 + size + 16 * (full_chunks + 1)


# ---------------------------------------------------------------------------- drives


def make_sys(tmp_path: Path, disk: str, removable: str, usb: bool) -> Path:
    """A /sys/class/block with ``disk`` and its partition ``disk1``."""
    devices = tmp_path / "devices" / ("pci/usb1/1-1" if usb else "pci/ata1") / "block" / disk
    (devices / f"{disk}1").mkdir(parents=True)
    (devices / f"{disk}1" / "partition").write_text("1")
    (devices / "removable").write_text(removable)
    block = tmp_path / "class-block"
    block.mkdir(exist_ok=True)
    (block / disk).symlink_to(devices)
    (block / f"{disk}1").symlink_to(devices / f"{disk}1")
    return block


def test_linux_lists_mounted_usb_partitions_with_their_labels(tmp_path: Path) -> None:
    block = make_sys(tmp_path, "sdb", "1", usb=True)
    make_sys(tmp_path, "sda", "0", usb=False)
    labels = tmp_path / "by-label"
    labels.mkdir()
    (labels / "\\xe5\\x9f\\x8e\\x20STICK").symlink_to("/dev/sdb1")
    mount = tmp_path / "media" / "my stick"
    mount.mkdir(parents=True)
    escaped = str(mount).replace(" ", "\\040")
    mounts = (
        "/dev/sda1 / ext4 rw 0 0\n"
        f"/dev/sda1 {tmp_path} ext4 rw 0 0\n"
        f"/dev/sdb1 {escaped} vfat rw 0 0\n"
        "proc /proc proc rw 0 0\n"
    )
    found = drives._linux_drives(mounts, block, labels)
    assert [(d.path, d.label) for d in found] == [(mount, "城 STICK")]
    assert found[0].free_bytes > 0
    assert found[0].contains(mount / "backups")
    assert not found[0].contains(tmp_path)


def test_a_usb_disk_that_says_it_is_fixed_still_counts(tmp_path: Path) -> None:
    block = make_sys(tmp_path, "sdc", "0", usb=True)
    mount = tmp_path / "ssd"
    mount.mkdir()
    found = drives._linux_drives(f"/dev/sdc1 {mount} exfat rw 0 0\n", block, tmp_path / "x")
    assert [d.label for d in found] == ["ssd"]


def test_on_removable_drive(tmp_path: Path) -> None:
    stick = drives.Drive(tmp_path / "stick", "STICK", 1)
    (tmp_path / "stick").mkdir()
    assert drives.on_removable_drive(tmp_path / "stick" / "sub", [stick])
    assert not drives.on_removable_drive(tmp_path / "other", [stick])


def test_removable_drives_never_raises() -> None:
    assert isinstance(drives.removable_drives(), list)


def test_the_encryption_library_is_the_pinned_one() -> None:
    """The reader relies on age-rt's STREAM decoder: a new version is a deliberate change."""
    import re

    root = Path(__file__).resolve().parents[2]
    pinned = re.search(r'"age-rt==([0-9.]+)"', (root / "pyproject.toml").read_text())
    assert pinned is not None, "pyproject.toml pins age-rt exactly"
    assert agefile.implementation() == {"name": "age-rt", "version": pinned.group(1)}
    for lock in ("requirements.lock", "requirements-dev.lock"):
        assert f"age-rt=={pinned.group(1)}" in (root / lock).read_text().splitlines()


@given(st.binary(max_size=80))
def test_canonical_base64_round_trips_and_padding_is_refused(data: bytes) -> None:
    text = base64.b64encode(data).rstrip(b"=")
    assert agefile.b64decode(text) == data
    if len(data) % 3:  # the padded spelling is another text for the same bytes
        with pytest.raises(ValueError):
            agefile.b64decode(base64.b64encode(data))


BASE64_AND_NEIGHBOURS = string.ascii_letters + string.digits + "+/=.-_ \r\n"


@given(st.text(alphabet=BASE64_AND_NEIGHBOURS, max_size=60))
def test_base64_is_accepted_only_in_its_one_canonical_spelling(text: str) -> None:
    raw = text.encode("ascii")
    try:
        decoded = agefile.b64decode(raw)
    except ValueError:
        decoded = None
    canonical = all(c in string.ascii_letters + string.digits + "+/" for c in text) and (
        len(raw) % 4 != 1
    )
    if canonical:
        padded = raw + b"=" * (-len(raw) % 4)
        canonical = base64.b64encode(base64.b64decode(padded)).rstrip(b"=") == raw
    assert (decoded is not None) == canonical
    if decoded is not None:
        assert base64.b64encode(decoded).rstrip(b"=") == raw
