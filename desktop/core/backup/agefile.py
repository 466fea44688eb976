"""Reading an age v1 file exactly as the specification says, and no more leniently than ``age``.

This module is the *parsing* half of reading a backup: the header's grammar
(https://age-encryption.org/v1, C2SP), canonical unpadded base64 everywhere,
the rules of the scrypt stanza, the chunk rules of the payload. Every rule is
one ``age`` (Go) and ``rage`` (Rust) enforce too, and each is exercised by the
official test vectors (``tests/data/age-testkit``) and by a tamper campaign.

The cryptography is not ours. The payload's STREAM (HKDF-SHA-256 payload key,
ChaCha20-Poly1305 chunks, counter and last-chunk flag) is ``age-rt``'s
decoder, given the file key. Opening the scrypt stanza is the specification's
composition of the ``cryptography`` package's (OpenSSL's) primitives, written
out in ``_unwrap`` because ``age-rt`` fixes scrypt's work factor at 2^18,
while files made by ``age -p`` elsewhere may use any factor ``age`` accepts
(up to 2^22): scrypt(passphrase, "age-encryption.org/v1/scrypt" || salt,
N=2^w, r=8, p=1) opens the wrapped file key with ChaCha20-Poly1305 under a
zero nonce, and HMAC-SHA-256 under HKDF-SHA-256(file key, "header") checks the
header. Nothing here invents or alters a construction.

Errors name the part that is wrong, as precisely as the format allows: the
header's text (``HeaderMalformed``), the header's MAC (``HeaderMacMismatch``,
only ever seen with the right passphrase), the passphrase *or* the stanza
holding the key (``NoMatch``: the format cannot tell the two apart), and the
payload (``PayloadDamaged``, ``PayloadTruncated``).
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import BinaryIO

import age_rt  # type: ignore[import-untyped]
from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import ChaCha20Poly1305
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

VERSION_LINE = b"age-encryption.org/v1\n"


#: The highest scrypt work factor (log2 N) read, as ``age`` itself (``ScryptIdentity``).
MAX_WORK_FACTOR = 22


#: The work factor Homeward writes (``age -p``'s own).
WORK_FACTOR = 18


NONCE_SIZE = 16


CHUNK = 64 * 1024


TAG = 16


FILE_KEY_SIZE = 16


MAC_SIZE = 32


SALT_SIZE = 16


#: A header longer than this is no file Homeward or ``age -p`` writes (theirs: about 150 bytes).
MAX_HEADER = 64 * 1024


_COLUMNS = 64


_SCRYPT_LABEL = b"age-encryption.org/v1/scrypt"


_WORK_FACTOR = re.compile(rb"[1-9][0-9]*")


class AgeError(Exception):
    """The file is not a sound age v1 file; the subclass says which part is wrong."""


class NotAgeV1(AgeError):
    """The first line is not ``age-encryption.org/v1``: not an age v1 file at all."""


class HeaderMalformed(AgeError):
    """The header breaks the format's grammar (damaged, or written by a faulty program)."""


class HeaderCutOff(HeaderMalformed):
    """The file ends inside the header (an interrupted copy, most likely)."""


class WorkFactorTooHigh(HeaderMalformed):
    """The scrypt work factor is above what ``age`` accepts (``MAX_WORK_FACTOR``)."""

    def __init__(self, work_factor: int) -> None:
        super().__init__(f"scrypt work factor {work_factor} > {MAX_WORK_FACTOR}")
        self.work_factor = work_factor


class NoPassphraseStanza(AgeError):
    """A well-formed header, but encrypted to keys, not to a passphrase."""


class NoMatch(AgeError):
    """The passphrase does not open the key stanza: a wrong passphrase, or a damaged stanza."""


class HeaderMacMismatch(AgeError):
    """The key opened, but the header's MAC does not match: the header was changed."""


class PayloadTruncated(AgeError):
    """The file ends too early (the payload's nonce, or its last chunk, is missing)."""


class NonceMissing(PayloadTruncated):
    """The file ends right after the header, before the payload's 16-byte nonce is whole."""


class PayloadDamaged(AgeError):
    """A chunk of the payload fails its check, or something follows the last one."""


@dataclass(frozen=True)
class Stanza:
    """One recipient stanza: its arguments (the first is its type) and its decoded body."""

    args: tuple[str, ...]
    body: bytes


@dataclass(frozen=True)
class Header:
    """A parsed header: its stanzas, the bytes its MAC covers, the MAC, and its full text."""

    stanzas: tuple[Stanza, ...]
    mac_input: bytes
    mac: bytes
    raw: bytes


def b64decode(text: bytes) -> bytes:
    """Decode canonical, unpadded standard base64, as age writes it; else ``ValueError``.

    Refused: ``=`` padding, any character outside the alphabet, a length no
    encoding has, and unused low bits of the last character that are not zero
    (so exactly one text stands for each byte string).
    """
    try:
        data = base64.b64decode(text + b"=" * (-len(text) % 4), validate=True)
    except binascii.Error as error:
        raise ValueError("not base64") from error
    if base64.b64encode(data).rstrip(b"=") != text:  # padding, or unused bits set
        raise ValueError("not canonical base64")
    return data


def _valid_arg(arg: bytes) -> bool:
    return bool(arg) and all(0x21 <= byte <= 0x7E for byte in arg)


def _read_line(handle: BinaryIO, budget: int) -> bytes:
    """Return the next line with its LF; a line without one means the header was cut off."""
    line = handle.readline(max(budget, 0) + 1)
    if not line.endswith(b"\n"):
        if len(line) > budget:
            raise HeaderMalformed("header too long")
        raise HeaderCutOff("header ends before its MAC line")
    return line


def read_header(handle: BinaryIO) -> Header:
    """Read and check the header's grammar from ``handle``, leaving it at the payload nonce."""
    first = handle.readline(len(VERSION_LINE))
    if first != VERSION_LINE:
        if first and VERSION_LINE.startswith(first) and not first.endswith(b"\n"):
            raise HeaderCutOff("the file ends inside its first line")
        raise NotAgeV1("not age-encryption.org/v1")
    raw = bytearray(first)
    stanzas: list[Stanza] = []
    while True:
        line = _read_line(handle, MAX_HEADER - len(raw))
        if line.startswith(b"---"):
            mac = _mac_line(line)
            mac_input = bytes(raw) + b"---"
            raw += line
            if not stanzas:
                raise HeaderMalformed("no recipient stanza")
            return Header(tuple(stanzas), mac_input, mac, bytes(raw))
        raw += line
        stanza, consumed = _stanza(line, handle, MAX_HEADER - len(raw))
        raw += consumed
        stanzas.append(stanza)


def _mac_line(line: bytes) -> bytes:
    parts = line[:-1].split(b" ")
    if parts[0] != b"---" or len(parts) != 2:
        raise HeaderMalformed("bad MAC line")
    try:
        mac = b64decode(parts[1])
    except ValueError as error:
        raise HeaderMalformed("bad MAC encoding") from error
    if len(mac) != MAC_SIZE:
        raise HeaderMalformed("bad MAC length")
    return mac


def _stanza(line: bytes, handle: BinaryIO, budget: int) -> tuple[Stanza, bytes]:
    """Parse a stanza whose first line is ``line``; return it and the body lines read."""
    parts = line[:-1].split(b" ")
    if parts[0] != b"->" or len(parts) < 2 or not all(_valid_arg(arg) for arg in parts[1:]):
        raise HeaderMalformed("bad stanza line")
    consumed = bytearray()
    body = bytearray()
    while True:
        body_line = _read_line(handle, budget - len(consumed))
        consumed += body_line
        text = body_line[:-1]
        if len(text) > _COLUMNS:
            raise HeaderMalformed("stanza body line too long")
        try:
            body += b64decode(text)
        except ValueError as error:
            raise HeaderMalformed("bad stanza body encoding") from error
        if len(text) < _COLUMNS:
            break
    args = tuple(arg.decode("ascii") for arg in parts[1:])
    return Stanza(args, bytes(body)), bytes(consumed)


@dataclass(frozen=True)
class ScryptStanza:
    """The one stanza of a passphrase file: salt, work factor (log2 N), wrapped file key."""

    salt: bytes
    work_factor: int
    wrapped_key: bytes


def scrypt_stanza(header: Header) -> ScryptStanza:
    """Return the header's scrypt stanza, checked as ``age`` checks it.

    An scrypt stanza must be the header's only one. Its salt is 16 bytes, its
    work factor a decimal from 1 to ``MAX_WORK_FACTOR`` without leading zeros,
    its body a 16-byte key and its 16-byte tag (checked before any scrypt).
    """
    found = [stanza for stanza in header.stanzas if stanza.args[0] == "scrypt"]
    if not found:
        raise NoPassphraseStanza("no scrypt stanza")
    if len(header.stanzas) != 1:
        raise HeaderMalformed("an scrypt stanza must be alone")
    args = found[0].args
    if len(args) != 3:
        raise HeaderMalformed("scrypt stanza: wrong number of arguments")
    try:
        salt = b64decode(args[1].encode("ascii"))
    except ValueError as error:
        raise HeaderMalformed("scrypt salt: bad encoding") from error
    if len(salt) != SALT_SIZE:
        raise HeaderMalformed("scrypt salt: wrong length")
    factor = args[2].encode("ascii")
    if not _WORK_FACTOR.fullmatch(factor):
        raise HeaderMalformed("scrypt work factor: bad encoding")
    work_factor = int(factor) if len(factor) <= 2 else MAX_WORK_FACTOR + 1
    if work_factor > MAX_WORK_FACTOR:
        raise WorkFactorTooHigh(work_factor)
    if len(found[0].body) != FILE_KEY_SIZE + TAG:
        raise HeaderMalformed("scrypt stanza: wrong body length")
    return ScryptStanza(salt, work_factor, found[0].body)


def wrap_key(passphrase: str, salt: bytes, work_factor: int) -> bytes:
    """Return scrypt(passphrase, label || salt, N=2^work_factor, r=8, p=1), the wrapping key.

    2^18 takes about 256 MiB and half a second; each step up doubles both.
    """
    kdf = Scrypt(salt=_SCRYPT_LABEL + salt, length=32, n=1 << work_factor, r=8, p=1)
    return kdf.derive(passphrase.encode("utf-8"))


def _unwrap(stanza: ScryptStanza, passphrase: str) -> bytes:
    """Open the wrapped file key with ``passphrase`` (see the module notes), or ``NoMatch``."""
    key = wrap_key(passphrase, stanza.salt, stanza.work_factor)
    try:
        return ChaCha20Poly1305(key).decrypt(bytes(12), stanza.wrapped_key, None)
    except InvalidTag as error:
        raise NoMatch("the passphrase does not open the scrypt stanza") from error


def check_mac(header: Header, file_key: bytes) -> None:
    """Raise ``HeaderMacMismatch`` unless the header's MAC is right for ``file_key``."""
    mac_key = HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=b"header").derive(file_key)
    expected = hmac.new(mac_key, header.mac_input, hashlib.sha256).digest()
    if not hmac.compare_digest(expected, header.mac):
        raise HeaderMacMismatch("header MAC does not match")


def file_key(header: Header, passphrase: str) -> bytes:
    """Return the file key of a passphrase file's ``header``, its MAC checked."""
    key = _unwrap(scrypt_stanza(header), passphrase)
    check_mac(header, key)
    return key


def payload_chunks(
    handle: BinaryIO, key: bytes, on_read: Callable[[int], None] | None = None
) -> Iterator[bytes]:
    """Yield the payload's plaintext chunks from ``handle`` (at the nonce), each one checked.

    Refused: a missing or short nonce, a chunk that fails its tag, a file
    ending without a last chunk, an empty last chunk after other chunks (the
    specification allows an empty last chunk only for an empty payload), and
    any byte after the last chunk. ``on_read`` gets the offset after each chunk.
    """
    nonce = handle.read(NONCE_SIZE)
    if len(nonce) != NONCE_SIZE:
        raise NonceMissing("no payload nonce")
    decoder = age_rt.AgeDecoder._make_from_file_key(key, {})
    decoder.feed(nonce)
    index = 0
    while not decoder.is_done():
        data = handle.read(CHUNK + TAG)
        if not data:
            raise PayloadTruncated("the file ends before the last chunk")
        if on_read is not None:
            on_read(handle.tell())
        try:
            plain = decoder.feed(data)
        except (age_rt.AgeRTError, ValueError) as error:
            if len(data) < CHUNK + TAG:  # a cut-off file ends in a short chunk that fails
                raise PayloadTruncated(f"chunk {index} is cut off or damaged") from error
            raise PayloadDamaged(f"chunk {index} does not check") from error
        if decoder.is_done() and not plain and index > 0:
            raise PayloadDamaged("an empty last chunk after other chunks")
        index += 1
        yield plain
    if handle.read(1):
        raise PayloadDamaged("bytes after the last chunk")


def open_passphrase_file(handle: BinaryIO, passphrase: str) -> tuple[Header, bytes]:
    """Read the header of a passphrase file from ``handle`` and open it: (header, file key)."""
    header = read_header(handle)
    return header, file_key(header, passphrase)


def implementation() -> dict[str, str]:
    """The encryption library's name and version, as each backup's manifest records them."""
    return {"name": "age-rt", "version": str(age_rt.__version__)}
