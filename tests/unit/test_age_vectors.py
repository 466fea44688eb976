"""The official age test vectors (C2SP CCTV, tests/data/age-testkit) against the backup reader.

Every vector of a feature Homeward reads (the header's grammar, the scrypt
stanza, the payload's STREAM) must give its expected result: success with the
payload's SHA-256, or the expected kind of failure, with the plaintext released
before a payload failure matching the vector's hash. Vectors whose recipient is
an X25519 or hybrid key still test the header and the payload: the vector's
file key stands in for the key Homeward has no identity to unwrap. Vectors for
features Homeward does not use (ASCII armor, X25519 and hybrid stanzas'
own rules) are skipped with the reason.
"""

from __future__ import annotations

import hashlib
import io
import zlib
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from desktop.core.backup import agefile, archive
from desktop.core.backup.errors import (
    BackupDamaged,
    BackupError,
    BackupTruncated,
    NotABackup,
    WrongPassphrase,
)

TESTKIT = Path(__file__).resolve().parents[1] / "data" / "age-testkit"

SKIPPED = {
    "armor": "ASCII armor: Homeward reads and writes binary age files only",
    "x25519": "X25519 recipient stanza rules: Homeward encrypts to a passphrase only",
    "hybrid": "hybrid (post-quantum) recipient stanza rules: Homeward uses a passphrase only",
}


@dataclass
class Vector:
    """One test vector: its expectations and the age file."""

    name: str
    expect: str
    file_key: bytes
    payload: str | None
    passphrases: list[str] = field(default_factory=list)
    body: bytes = b""


def load(path: Path) -> Vector:
    head, _, body = path.read_bytes().partition(b"\n\n")
    meta: dict[str, str] = {}
    passphrases: list[str] = []
    for line in head.decode("utf-8").splitlines():
        key, _, value = line.partition(": ")
        if key == "passphrase":
            passphrases.append(value)
        meta[key] = value
    if meta.get("compressed") == "zlib":
        body = zlib.decompress(body)
    elif "compressed" in meta:
        raise AssertionError(f"{path.name}: unknown compression {meta['compressed']}")
    return Vector(
        path.name,
        meta["expect"],
        bytes.fromhex(meta["file key"]),
        meta.get("payload"),
        passphrases,
        body,
    )


VECTORS = sorted(path for path in TESTKIT.iterdir() if path.name != "README.md")


def test_the_testkit_is_all_there() -> None:
    assert len(VECTORS) == 143
    assert "0BSD" in (TESTKIT / "README.md").read_text(encoding="utf-8")
    kinds = {load(path).expect for path in VECTORS}
    assert kinds == {
        "success",
        "no match",
        "HMAC failure",
        "header failure",
        "payload failure",
        "armor failure",
    }


def _skip_reason(name: str) -> str | None:
    for prefix, reason in SKIPPED.items():
        if name.startswith(prefix):
            return reason
    return None


def run(vector: Vector) -> tuple[str, str]:
    """Read the vector as the backup reader does; return (the kind of result, payload hash).

    The passphrase (when the vector has one) must open the key, which must be
    the vector's; otherwise the vector's file key checks the MAC and opens the payload.
    """
    handle = io.BytesIO(vector.body)
    released = hashlib.sha256()
    try:
        header = agefile.read_header(handle)
        if vector.passphrases:
            key = agefile.file_key(header, vector.passphrases[0])
            assert key == vector.file_key, "the passphrase opened another key"
        else:
            with pytest.raises(agefile.NoPassphraseStanza):
                agefile.scrypt_stanza(header)
            agefile.check_mac(header, vector.file_key)
            key = vector.file_key
        for chunk in agefile.payload_chunks(handle, key):
            released.update(chunk)
    except (agefile.NotAgeV1, agefile.HeaderMalformed, agefile.NonceMissing):
        return "header failure", released.hexdigest()
    except (agefile.NoMatch, agefile.NoPassphraseStanza):
        return "no match", released.hexdigest()
    except agefile.HeaderMacMismatch:
        return "HMAC failure", released.hexdigest()
    except (agefile.PayloadDamaged, agefile.PayloadTruncated):
        return "payload failure", released.hexdigest()
    return "success", released.hexdigest()


@pytest.mark.parametrize("path", VECTORS, ids=[path.name for path in VECTORS])
def test_vector(path: Path) -> None:
    reason = _skip_reason(path.name)
    if reason is not None:
        pytest.skip(f"{path.name}: {reason}")
    vector = load(path)
    kind, digest = run(vector)
    assert kind == vector.expect
    if kind in ("success", "payload failure"):
        assert digest == vector.payload


#: What the backup reader tells a user, for each kind of result of a passphrase file.
SHOWN: dict[str, tuple[type[BackupError], ...]] = {
    "header failure": (BackupDamaged, NotABackup),
    "no match": (WrongPassphrase, NotABackup),
    "HMAC failure": (BackupDamaged,),
    "payload failure": (BackupDamaged,),
}


PASSPHRASE_VECTORS = [
    path for path in VECTORS if load(path).passphrases and _skip_reason(path.name) is None
]


@pytest.mark.parametrize("path", PASSPHRASE_VECTORS, ids=[p.name for p in PASSPHRASE_VECTORS])
def test_passphrase_vector_through_the_backup_reader(path: Path) -> None:
    """The reader Homeward uses gives each passphrase vector's result as a typed error."""
    vector = load(path)
    chunks = archive._decrypted_chunks(
        io.BytesIO(vector.body), vector.passphrases[0], path.name, lambda _done: None
    )
    if vector.expect == "success":
        plain = b"".join(chunks)
        assert hashlib.sha256(plain).hexdigest() == vector.payload
        return
    with pytest.raises(SHOWN[vector.expect]) as caught:
        b"".join(chunks)
    assert path.name in caught.value.message
    assert not isinstance(caught.value, BackupTruncated) or vector.expect == "payload failure"


def test_the_scrypt_vectors_cover_every_rule_of_the_stanza() -> None:
    names = {path.name for path in PASSPHRASE_VECTORS}
    assert len(names) == 25
    assert {"scrypt", "scrypt_work_factor_23", "scrypt_not_canonical_salt"} <= names
