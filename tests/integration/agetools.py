"""The ``age`` command line (Go, Debian's ``age`` package) driven from tests, and an age writer.

``age`` reads a passphrase from the terminal only, so ``run_age`` gives it a
pseudo-terminal of its own and types the passphrase at each prompt. The tests
skip when ``age`` is not installed, except in CI (``CI`` set), where .ci/run
installs it and a missing ``age`` is a failure.

``encrypt_with_work_factor`` writes a standard age file with any scrypt work
factor (``age -p`` always uses 18): test code, composed from the
``cryptography`` primitives exactly as the age specification says, and
checked against ``age -d`` by the tests that use it.
"""

from __future__ import annotations

import fcntl
import hashlib
import hmac
import os
import select
import shutil
import subprocess
import termios
import time
from pathlib import Path

import pytest
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import ChaCha20Poly1305
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

from desktop.core.backup import agefile


def age_binary() -> str:
    """Return the path of ``age``; skip the test without it (fail in CI)."""
    found = shutil.which("age")
    if found is None:
        if os.environ.get("CI"):
            pytest.fail("the age command is missing (.ci/run installs Debian's age package)")
        pytest.skip("the age command is not installed (apt-get install age)")
    return found


class AgeFailed(Exception):
    """``age`` exited with an error; the message is what it printed."""


def run_age(args: list[str], passphrase: str, timeout: float = 120.0) -> None:
    """Run ``age ARGS`` with a terminal of its own, typing ``passphrase`` at every prompt."""
    master, slave = os.openpty()

    def take_terminal() -> None:
        os.setsid()
        fcntl.ioctl(slave, termios.TIOCSCTTY, 0)

    process = subprocess.Popen(
        [age_binary(), *args],
        stdin=slave,
        stdout=subprocess.DEVNULL,
        stderr=slave,
        preexec_fn=take_terminal,  # a controlling terminal: age reads /dev/tty
        close_fds=True,
    )
    os.close(slave)
    shown = b""
    prompts = 0
    deadline = time.monotonic() + timeout
    try:
        while True:
            ready, _, _ = select.select([master], [], [], 0.2)
            if ready:
                try:
                    data = os.read(master, 4096)
                except OSError:  # the terminal closed: age has exited
                    data = b""
                if not data and process.poll() is not None:
                    break
                shown += data
                if shown.count(b":") > prompts and b"passphrase" in shown.lower():
                    prompts = shown.count(b":")
                    os.write(master, passphrase.encode("utf-8") + b"\r")
            elif process.poll() is not None:
                break
            if time.monotonic() > deadline:
                process.kill()
                raise AgeFailed(f"age did not finish: {shown!r}")
        if process.wait() != 0:
            raise AgeFailed(shown.decode("utf-8", "replace"))
    finally:
        os.close(master)
        if process.poll() is None:
            process.kill()


def age_decrypt(source: Path, target: Path, passphrase: str) -> bytes:
    """``age -d -o TARGET SOURCE``; return the plaintext."""
    run_age(["-d", "-o", str(target), str(source)], passphrase)
    return target.read_bytes()


def age_encrypt(source: Path, target: Path, passphrase: str) -> None:
    """``age -p -o TARGET SOURCE`` (work factor 18, age's own)."""
    run_age(["-p", "-o", str(target), str(source)], passphrase)


def _b64(data: bytes) -> bytes:
    import base64

    return base64.b64encode(data).rstrip(b"=")


def encrypt_with_work_factor(plaintext: bytes, passphrase: str, work_factor: int) -> bytes:
    """Return a standard age v1 file of ``plaintext`` under ``passphrase``, scrypt 2^work_factor."""
    file_key = os.urandom(16)
    salt = os.urandom(16)
    kdf = Scrypt(
        salt=b"age-encryption.org/v1/scrypt" + salt, length=32, n=1 << work_factor, r=8, p=1
    )
    wrapped = ChaCha20Poly1305(kdf.derive(passphrase.encode("utf-8"))).encrypt(
        bytes(12), file_key, None
    )
    header = (
        b"age-encryption.org/v1\n-> scrypt "
        + _b64(salt)
        + b" %d\n" % work_factor
        + _b64(wrapped)
        + b"\n---"
    )
    mac_key = HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=b"header").derive(file_key)
    mac = hmac.new(mac_key, header, hashlib.sha256).digest()
    nonce = os.urandom(16)
    payload_key = HKDF(algorithm=hashes.SHA256(), length=32, salt=nonce, info=b"payload").derive(
        file_key
    )
    aead = ChaCha20Poly1305(payload_key)
    chunks = [plaintext[i : i + agefile.CHUNK] for i in range(0, len(plaintext), agefile.CHUNK)]
    chunks = chunks or [b""]
    out = [header, b" ", _b64(mac), b"\n", nonce]
    for index, chunk in enumerate(chunks):
        last = index == len(chunks) - 1
        out.append(aead.encrypt(index.to_bytes(11, "big") + bytes([last]), chunk, None))
    return b"".join(out)
