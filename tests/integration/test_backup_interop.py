"""Interoperability with ``age`` itself (Go, Debian's ``age`` package).

Every backup Homeward calls sound decrypts with ``age -d``; files made by
``age -p`` (work factor 18) and standard files with work factor 20 restore.
All with full-strength scrypt.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import sqlite3
import tarfile
from pathlib import Path

import pytest
from agetools import AgeFailed, age_decrypt, age_encrypt, encrypt_with_work_factor
from test_backup_support import (
    CHILD_NAME,
    PASSPHRASE,
    add_children,
    add_filler,
    make_paths,
    use_real_kdf,
)

from desktop.core.backup import (
    BackupDamaged,
    WrongPassphrase,
    agefile,
    archive,
    create_backup,
    restore_backup,
    verify_backup,
)


@pytest.fixture
def real_kdf(monkeypatch: pytest.MonkeyPatch) -> None:
    use_real_kdf(monkeypatch)


def plaintext_of(path: Path) -> bytes:
    """Homeward's own reading of the age layer of ``path`` (the zstd tar inside)."""
    with path.open("rb") as handle:
        _header, key = agefile.open_passphrase_file(handle, PASSPHRASE)
        return b"".join(agefile.payload_chunks(handle, key))


def unpack(plain: bytes) -> dict[str, bytes]:
    with tarfile.open(fileobj=io.BytesIO(archive.zstd.decompress(plain))) as tar:
        return {
            member.name: tar.extractfile(member).read()  # type: ignore[union-attr]
            for member in tar.getmembers()
        }


@pytest.mark.usefixtures("real_kdf")
@pytest.mark.parametrize("filler", [0, 256])
def test_every_sound_backup_decrypts_with_age(db_and_admin, paths, tmp_path, filler) -> None:
    db, admin = db_and_admin
    add_children(db, [CHILD_NAME])
    if filler:
        add_filler(paths.db_file, filler)  # several chunks of incompressible data
    usb = tmp_path / "usb"
    usb.mkdir()
    made = create_backup(db, paths, usb, PASSPHRASE, actor=admin)
    assert verify_backup(made.path, PASSPHRASE).db_sha256 == made.manifest.db_sha256
    header = made.path.read_bytes().split(b"\n", 2)[1]
    assert header.startswith(b"-> scrypt ") and header.endswith(b" 18")
    plain = age_decrypt(made.path, tmp_path / "out.tar.zst", PASSPHRASE)
    assert plain == plaintext_of(made.path)
    members = unpack(plain)
    assert list(members) == ["manifest.json", "homeward.sqlite", "SHA256SUMS"]
    digest = hashlib.sha256(members["homeward.sqlite"]).hexdigest()
    assert members["SHA256SUMS"] == f"{digest}  homeward.sqlite\n".encode()
    assert digest == made.manifest.db_sha256


@pytest.fixture
def plaintext(db_and_admin, paths, tmp_path, fast_kdf) -> bytes:
    """The inside (zstd tar) of a Homeward backup with one child, as age would encrypt it."""
    db, admin = db_and_admin
    add_children(db, [CHILD_NAME])
    usb = tmp_path / "usb"
    usb.mkdir()
    return plaintext_of(create_backup(db, paths, usb, PASSPHRASE, actor=admin).path)


def children_in(path: Path) -> list[str]:
    with contextlib.closing(sqlite3.connect(path)) as connection:
        return [row[0] for row in connection.execute("SELECT name FROM child ORDER BY name")]


def restore_and_check(source: Path, tmp_path: Path) -> None:
    verify_backup(source, PASSPHRASE)
    with pytest.raises(WrongPassphrase):
        verify_backup(source, PASSPHRASE + "x")
    fresh = make_paths(tmp_path / "fresh")
    restore_backup(fresh, source, PASSPHRASE, None)
    assert children_in(fresh.db_file) == [CHILD_NAME]


def test_a_file_made_by_age_p_restores(plaintext, tmp_path, monkeypatch) -> None:
    inner = tmp_path / "inner.tar.zst"
    inner.write_bytes(plaintext)
    made = tmp_path / "by-age.hwbackup"
    age_encrypt(inner, made, PASSPHRASE)
    assert b" 18\n" in made.read_bytes()[:100]
    use_real_kdf(monkeypatch)
    restore_and_check(made, tmp_path)


def test_a_file_with_work_factor_20_restores(plaintext, tmp_path, monkeypatch) -> None:
    made = tmp_path / "factor-20.hwbackup"
    made.write_bytes(encrypt_with_work_factor(plaintext, PASSPHRASE, 20))
    assert made.read_bytes().split(b"\n")[1].endswith(b" 20")
    assert age_decrypt(made, tmp_path / "check", PASSPHRASE) == plaintext  # a standard file
    use_real_kdf(monkeypatch)
    restore_and_check(made, tmp_path)


def lenient_twins(mac_text: bytes) -> list[bytes]:
    """Other last characters that a lenient decoder reads as the same MAC (the reported hole)."""
    import base64

    alphabet = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
    same = base64.b64decode(mac_text + b"=")
    return [
        mac_text[:-1] + bytes([char])
        for char in alphabet
        if char != mac_text[-1] and base64.b64decode(mac_text[:-1] + bytes([char]) + b"=") == same
    ]


@pytest.mark.usefixtures("real_kdf")
def test_homeward_and_age_agree_on_a_changed_last_mac_character(
    db_and_admin, paths, tmp_path
) -> None:
    """The issue's case: a MAC whose last character differs only in unused bits. age refuses it."""
    db, admin = db_and_admin
    usb = tmp_path / "usb"
    usb.mkdir()
    made = create_backup(db, paths, usb, PASSPHRASE, actor=admin).path
    data = made.read_bytes()
    start = data.index(b"\n--- ") + 5
    end = data.index(b"\n", start)
    twins = lenient_twins(data[start:end])
    assert twins, "43 characters for 32 bytes: the last one has 2 unused bits, so 3 twins"
    for twin in twins:
        changed = tmp_path / "twin.hwbackup"
        changed.write_bytes(data[:start] + twin + data[end:])
        with pytest.raises(AgeFailed):
            age_decrypt(changed, tmp_path / "out", PASSPHRASE)
        with pytest.raises(BackupDamaged, match="its header"):
            verify_backup(changed, PASSPHRASE)
