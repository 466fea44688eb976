"""The strict age reader's rules one by one, on headers built here (the vectors cover the rest)."""

from __future__ import annotations

import base64
import io
import os
from pathlib import Path

import pytest

from desktop.core.backup import agefile

TESTKIT = Path(__file__).resolve().parents[1] / "data" / "age-testkit"
SALT = base64.b64encode(bytes(range(16))).rstrip(b"=")
BODY = base64.b64encode(bytes(32)).rstrip(b"=")
MAC = base64.b64encode(bytes(32)).rstrip(b"=")


def header(*lines: bytes, mac: bytes = b"--- " + MAC) -> bytes:
    return b"age-encryption.org/v1\n" + b"".join(line + b"\n" for line in lines) + mac + b"\n"


def scrypt(factor: bytes = b"18", body: bytes = BODY) -> tuple[bytes, bytes]:
    return b"-> scrypt " + SALT + b" " + factor, body


def parse(data: bytes) -> agefile.Header:
    handle = io.BytesIO(data + b"rest")
    parsed = agefile.read_header(handle)
    assert handle.read() == b"rest"  # the header ends exactly at its MAC line
    return parsed


def test_a_well_formed_passphrase_header() -> None:
    data = header(*scrypt())
    parsed = parse(data)
    assert parsed.raw == data
    assert parsed.mac_input == data[: data.index(b"--- ") + 3]
    stanza = agefile.scrypt_stanza(parsed)
    assert (stanza.salt, stanza.work_factor, stanza.wrapped_key) == (
        bytes(range(16)),
        18,
        bytes(32),
    )


@pytest.mark.parametrize(("factor", "accepted"), [(b"1", True), (b"22", True), (b"23", False)])
def test_the_work_factors_age_accepts(factor: bytes, accepted: bool) -> None:
    parsed = parse(header(*scrypt(factor)))
    if accepted:
        assert agefile.scrypt_stanza(parsed).work_factor == int(factor)
    else:
        with pytest.raises(agefile.WorkFactorTooHigh) as caught:
            agefile.scrypt_stanza(parsed)
        assert caught.value.work_factor == 23


def test_a_huge_work_factor_is_too_high_not_a_crash() -> None:
    with pytest.raises(agefile.WorkFactorTooHigh):
        agefile.scrypt_stanza(parse(header(*scrypt(b"9" * 40))))


@pytest.mark.parametrize(
    "data",
    [b"", b"hello", b"age-encryption.org/v2\n", b"age-encryption.org/v1 \n", b"\x00" * 100],
    ids=["empty", "text", "v2", "space", "zeros"],
)
def test_not_an_age_v1_file(data: bytes) -> None:
    with pytest.raises(agefile.NotAgeV1):
        agefile.read_header(io.BytesIO(data))


@pytest.mark.parametrize("length", [1, 10, 21, 22, 40, 80, 120])
def test_a_header_cut_off_anywhere_is_cut_off(length: int) -> None:
    data = header(*scrypt())
    assert length < len(data)
    with pytest.raises(agefile.HeaderCutOff):
        agefile.read_header(io.BytesIO(data[:length]))


@pytest.mark.parametrize(
    "lines",
    [
        (),  # no stanza at all
        (b"-> scrypt\x7f " + SALT + b" 18", BODY),  # DEL in an argument
        (b"-> scr\xc3\xa9pt " + SALT + b" 18", BODY),  # a non-ASCII argument
        (b"-> scrypt " + SALT + b" 18", BODY + b" "),  # a space after the body
        (b"-> scrypt " + SALT + b" 18", b" " + BODY),  # a space before it
        (b"-> scrypt " + SALT + b" 18 ", BODY),  # a trailing space: an empty argument
        (b"->  scrypt " + SALT + b" 18", BODY),  # two spaces: an empty argument
        (b"-> scrypt " + SALT + b" 18", b"A" * 64),  # a full line must be followed by another
        (b"-> scrypt " + SALT + b" 18", b"A" * 65),  # a line longer than 64 columns
        (b"--> scrypt " + SALT + b" 18", BODY),
    ],
    ids=[
        "no-stanza",
        "del",
        "non-ascii",
        "body-space-after",
        "body-space-before",
        "trailing-space",
        "double-space",
        "full-line-last",
        "long-line",
        "bad-arrow",
    ],
)
def test_malformed_headers(lines: tuple[bytes, ...]) -> None:
    with pytest.raises(agefile.HeaderMalformed):
        agefile.read_header(io.BytesIO(header(*lines)))


@pytest.mark.parametrize(
    "mac",
    [b"--- " + MAC + b"=", b"---  " + MAC, b"--- " + MAC + b" ", b"---" + MAC, b"--- " + MAC[:-1]],
    ids=["padded", "two-spaces", "trailing-space", "no-space", "short"],
)
def test_malformed_mac_lines(mac: bytes) -> None:
    with pytest.raises(agefile.HeaderMalformed):
        agefile.read_header(io.BytesIO(header(*scrypt(), mac=mac)))


def test_a_header_longer_than_any_passphrase_file_is_refused() -> None:
    stanza = (b"-> other", *([b"A" * 64] * (agefile.MAX_HEADER // 65)), b"")
    with pytest.raises(agefile.HeaderMalformed, match="too long"):
        agefile.read_header(io.BytesIO(header(*stanza)))
    shorter = (b"-> other", *([b"A" * 64] * (agefile.MAX_HEADER // 65 - 2)), b"")
    assert len(parse(header(*shorter)).stanzas) == 1


def test_a_body_spanning_lines_is_joined() -> None:
    body = os.urandom(100)
    text = base64.b64encode(body).rstrip(b"=")
    parsed = parse(header(b"-> other a b", text[:64], text[64:128], text[128:]))
    assert parsed.stanzas[0] == agefile.Stanza(("other", "a", "b"), body)
    whole_lines = os.urandom(96)  # exactly two full lines: an empty line ends the body
    text = base64.b64encode(whole_lines)
    assert parse(header(b"-> other", text[:64], text[64:], b"")).stanzas[0].body == whole_lines


def test_chunk_failures_are_told_apart(tmp_path) -> None:
    """A changed full chunk is damage; a file ending inside a chunk is a cut-off file."""
    import age_rt  # type: ignore[import-untyped]

    key = os.urandom(16)
    encoder = age_rt.AgeEncoder(key, b"", agefile.CHUNK)
    plain = os.urandom(3 * agefile.CHUNK + 100)
    wire = encoder.get_header() + b"".join(
        encoder.encode_chunk(plain[i : i + agefile.CHUNK], is_final=i + agefile.CHUNK >= len(plain))
        for i in range(0, len(plain), agefile.CHUNK)
    )

    def read(data: bytes) -> bytes:
        return b"".join(agefile.payload_chunks(io.BytesIO(data), key))

    assert read(wire) == plain
    changed = bytearray(wire)
    changed[16 + agefile.CHUNK + 40] ^= 1
    with pytest.raises(agefile.PayloadDamaged):
        read(bytes(changed))
    with pytest.raises(agefile.PayloadTruncated):
        read(wire[: 16 + agefile.CHUNK + 40])
    with pytest.raises(agefile.PayloadTruncated):  # 10 bytes short of a full chunk
        read(wire[: 16 + 2 * (agefile.CHUNK + agefile.TAG) - 10])
    with pytest.raises(agefile.PayloadTruncated):
        read(wire[: 16 + 2 * (agefile.CHUNK + agefile.TAG)])  # ends after a full chunk
    with pytest.raises(agefile.NonceMissing):
        read(wire[:15])
    with pytest.raises(agefile.PayloadTruncated):  # the short last chunk no longer checks
        read(wire + b"\0")
    full = wire[: 16 + 3 * (agefile.CHUNK + agefile.TAG)]
    with pytest.raises(agefile.PayloadTruncated):  # three chunks, none of them the last
        read(full)


def test_a_byte_after_a_full_last_chunk_is_damage() -> None:
    import age_rt  # type: ignore[import-untyped]

    key = os.urandom(16)
    encoder = age_rt.AgeEncoder(key, b"", agefile.CHUNK)
    plain = os.urandom(2 * agefile.CHUNK)
    wire = encoder.get_header() + b"".join(
        encoder.encode_chunk(plain[i : i + agefile.CHUNK], is_final=i > 0)
        for i in range(0, len(plain), agefile.CHUNK)
    )
    assert b"".join(agefile.payload_chunks(io.BytesIO(wire), key)) == plain
    with pytest.raises(agefile.PayloadDamaged, match="after the last chunk"):
        b"".join(agefile.payload_chunks(io.BytesIO(wire + b"\0"), key))


def test_too_little_memory_for_scrypt_is_said_so(monkeypatch: pytest.MonkeyPatch) -> None:
    """Work factor 22 needs 4 GiB: a computer without it gets a plain message, not a crash."""
    from desktop.core.backup import archive
    from desktop.core.backup.errors import BackupError

    def no_memory(passphrase: str, salt: bytes, work_factor: int) -> bytes:
        raise MemoryError

    monkeypatch.setattr(agefile, "wrap_key", no_memory)
    vector = (TESTKIT / "scrypt").read_bytes().partition(b"\n\n")[2]
    chunks = archive._decrypted_chunks(io.BytesIO(vector), "password", "x.hwbackup", print)
    with pytest.raises(BackupError, match=r"too little free memory to open x\.hwbackup"):
        b"".join(chunks)
