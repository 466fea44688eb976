"""A tamper campaign: every changed copy of a backup is refused, and the live database stays.

Each bit of every header byte flipped, every byte of the nonce, sampled bytes
of the body (the first, the last and the tag of every chunk, and evenly
spread ones), every cut-off length up to the first chunk and sampled ones
after it, bytes appended, and characters inserted into each header line.
Every copy is verified (all must be refused: none called sound), and a sample
of them restored (each refused, the live database and the data folder as they
were). The original is checked to verify after the campaign, so a reader that
refuses everything cannot pass.
"""

from __future__ import annotations

import base64
from collections import Counter
from collections.abc import Iterator

import pytest
from sqlalchemy import text
from test_backup_support import (
    PASSPHRASE,
    add_children,
    add_filler,
    database_state,
    leftovers,
)

from desktop.core.backup import (
    BackupDamaged,
    BackupError,
    BackupTruncated,
    NotABackup,
    WrongPassphrase,
    agefile,
    create_backup,
    restore_backup,
    verify_backup,
)

pytestmark = pytest.mark.usefixtures("fast_kdf")

REFUSALS = (BackupDamaged, BackupTruncated, NotABackup, WrongPassphrase)
CHUNK_ON_DISK = agefile.CHUNK + agefile.TAG


@pytest.fixture
def any_factor_fast(monkeypatch: pytest.MonkeyPatch) -> None:
    """A tampered work factor (18 -> 19, 10) costs 2^10 too: the campaign is about parsing."""
    fast = agefile.wrap_key

    def wrap_key(passphrase: str, salt: bytes, work_factor: int) -> bytes:
        return fast(passphrase, salt, agefile.WORK_FACTOR)

    monkeypatch.setattr(agefile, "wrap_key", wrap_key)


@pytest.fixture
def live(db_and_admin, paths):
    db, admin = db_and_admin
    add_children(db, ["张小明", "李四"])
    add_filler(paths.db_file, 192)  # incompressible: the payload spans several chunks
    return db, admin


@pytest.fixture
def original(live, paths, tmp_path) -> bytes:
    db, admin = live
    usb = tmp_path / "usb"
    usb.mkdir()
    data = create_backup(db, paths, usb, PASSPHRASE, actor=admin).path.read_bytes()
    assert len(data) > header_length(data) + agefile.NONCE_SIZE + 3 * CHUNK_ON_DISK
    return data


def header_length(data: bytes) -> int:
    mac_line = data.index(b"\n--- ") + 1
    return data.index(b"\n", mac_line) + 1


def flipped(data: bytes, position: int, bit: int) -> bytes:
    changed = bytearray(data)
    changed[position] ^= 1 << bit
    return bytes(changed)


def header_flips(data: bytes) -> Iterator[tuple[str, bytes]]:
    for position in range(header_length(data)):
        for bit in range(8):
            yield f"header byte {position} bit {bit}", flipped(data, position, bit)


def nonce_and_body_flips(data: bytes) -> Iterator[tuple[str, bytes]]:
    start = header_length(data)
    positions = set(range(start, start + agefile.NONCE_SIZE))
    payload = start + agefile.NONCE_SIZE
    for chunk_start in range(payload, len(data), CHUNK_ON_DISK):
        chunk_end = min(chunk_start + CHUNK_ON_DISK, len(data))
        positions |= {chunk_start, chunk_start + 1, chunk_end - agefile.TAG - 1, chunk_end - 1}
        positions |= set(range(chunk_end - agefile.TAG, chunk_end, 5))  # the tag
    positions |= set(range(payload, len(data), max(1, (len(data) - payload) // 97)))
    for position in sorted(positions):
        yield f"body byte {position}", flipped(data, position, position % 8)


def truncations(data: bytes) -> Iterator[tuple[str, bytes]]:
    payload = header_length(data) + agefile.NONCE_SIZE
    lengths = set(range(payload + 1))
    for boundary in range(payload, len(data), CHUNK_ON_DISK):
        lengths |= {boundary - 1, boundary, boundary + 1, boundary + agefile.TAG}
    lengths |= {len(data) - 1, len(data) - agefile.TAG, len(data) - agefile.TAG - 1}
    for length in sorted(length for length in lengths if length < len(data)):
        yield f"cut to {length} bytes", data[:length]


def appended(data: bytes) -> Iterator[tuple[str, bytes]]:
    payload = header_length(data) + agefile.NONCE_SIZE
    yield "one zero byte appended", data + b"\0"
    yield "a newline appended", data + b"\n"
    yield "a tag's worth appended", data + bytes(agefile.TAG)
    yield "an empty chunk's worth appended", data + data[-agefile.TAG :]
    yield "the first chunk appended again", data + data[payload : payload + CHUNK_ON_DISK]
    yield "a whole chunk of zeros appended", data + bytes(CHUNK_ON_DISK)


INSERTED = (b" ", b"=", b".", b"A", b"\r", b"\n", b"\t", b"\0", b"-")


def insertions(data: bytes) -> Iterator[tuple[str, bytes]]:
    """Characters inserted into each header line: at its start, after each space, at its end."""
    end = header_length(data)
    line_start = 0
    while line_start < end:
        line_end = data.index(b"\n", line_start)
        places = {line_start, line_start + 1, (line_start + line_end) // 2, line_end - 1, line_end}
        places |= {i + 1 for i in range(line_start, line_end) if data[i : i + 1] == b" "}
        for place in sorted(places):
            for char in INSERTED:
                yield f"{char!r} inserted at {place}", data[:place] + char + data[place:]
        line_start = line_end + 1


def campaign(data: bytes) -> Iterator[tuple[str, bytes]]:
    yield from header_flips(data)
    yield from nonce_and_body_flips(data)
    yield from truncations(data)
    yield from appended(data)
    yield from insertions(data)


@pytest.mark.usefixtures("any_factor_fast")
def test_every_tampered_copy_is_refused(original, tmp_path) -> None:
    target = tmp_path / "tampered.hwbackup"
    kinds: Counter[str] = Counter()
    called_sound: list[str] = []
    seen = 0
    for label, data in campaign(original):
        if data == original:  # a flip that changes nothing cannot happen; guard the campaign
            raise AssertionError(f"{label} left the file as it was")
        target.write_bytes(data)
        seen += 1
        try:
            verify_backup(target, PASSPHRASE)
        except REFUSALS as error:
            assert target.name in error.message
            kinds[type(error).__name__] += 1
        else:
            called_sound.append(label)
    print(f"{seen} tampered copies refused by kind: {dict(kinds)}")
    assert called_sound == []
    assert seen > 1500
    assert set(kinds) == {"BackupDamaged", "BackupTruncated", "NotABackup", "WrongPassphrase"}
    target.write_bytes(original)
    assert verify_backup(target, PASSPHRASE).counts["child"] == 2


def sample(data: bytes) -> Iterator[tuple[str, bytes]]:
    """One copy in 20 of the campaign, and every kind of change at least once."""
    for number, (label, changed) in enumerate(campaign(data)):
        if number % 20 == 0:
            yield label, changed
    yield next(truncations(data))
    yield next(appended(data))
    yield next(insertions(data))


@pytest.mark.usefixtures("any_factor_fast")
def test_a_refused_restore_changes_nothing(original, live, paths, tmp_path) -> None:
    db, admin = live
    source = tmp_path / "tampered.hwbackup"
    before = database_state(paths.db_file)
    files = leftovers(paths.home)
    restored = 0
    for label, data in sample(original):
        source.write_bytes(data)
        with pytest.raises(REFUSALS):
            restore_backup(paths, source, PASSPHRASE, admin, db=db)
        assert database_state(paths.db_file) == before, label
        assert leftovers(paths.home) == files, label
        restored += 1
    assert restored > 80
    with db.session() as session:  # the database is still open and usable
        assert session.execute(text("SELECT count(*) FROM child")).scalar() == 2


ALPHABET = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"


@pytest.mark.parametrize("where", ["mac", "salt", "wrapped key"])
def test_only_the_written_last_character_of_a_base64_field_is_accepted(
    original, tmp_path, where
) -> None:
    """The reported hole: the unused low bits of a last base64 character, '=' and '.'."""
    end_of = {
        "mac": header_length(original) - 1,
        "salt": original.index(b" ", original.index(b"-> scrypt ") + 10),
        "wrapped key": original.index(b"\n", original.index(b"-> scrypt ")) + 1 + 43,
    }[where]
    last = end_of - 1
    written = original[last : last + 1]
    target = tmp_path / "edited.hwbackup"
    accepted = []
    for char in [bytes([c]) for c in ALPHABET] + [b"=", b".", b"-", b"_"]:
        target.write_bytes(original[:last] + char + original[end_of:])
        try:
            verify_backup(target, PASSPHRASE)
        except BackupError:
            continue
        accepted.append(char)
    assert accepted == [written]
    # the written text is canonical: the bits a character does not carry are zero
    field = original[original.rindex(b" ", 0, end_of) + 1 : end_of]
    if where == "wrapped key":
        field = original[end_of - 43 : end_of]
    assert base64.b64encode(base64.b64decode(field + b"=" * (-len(field) % 4))).rstrip(b"=") == (
        field
    )
