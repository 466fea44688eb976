"""A stand-in for Windows' DPAPI, so the protected key file is tested on any system."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from contextlib import contextmanager

from desktop.core.store import keys
from desktop.core.store.keys import ProtectionFailed, Protector


class FakeProtector:
    """Protects for one "Windows account": its tag, then the key XORed with the tag's hash.

    Like DPAPI, another account's protector cannot unprotect the blob, and a
    damaged blob fails with ``ProtectionFailed``.
    """

    def __init__(self, account: str = "desk") -> None:
        self.prefix = f"FAKE[{account}]:".encode()
        self._pad = hashlib.sha256(self.prefix).digest()
        self.protected = 0

    def _xor(self, data: bytes) -> bytes:
        return bytes(byte ^ self._pad[i % len(self._pad)] for i, byte in enumerate(data))

    def protect(self, key: bytes) -> bytes:
        self.protected += 1
        return self.prefix + self._xor(key)

    def unprotect(self, blob: bytes) -> bytes:
        if not blob.startswith(self.prefix):
            raise ProtectionFailed("the key was protected for another account")
        return self._xor(blob[len(self.prefix) :])


class RefusingProtector(FakeProtector):
    """Windows refusing to protect (say, the account's profile is not loaded)."""

    def protect(self, key: bytes) -> bytes:
        raise ProtectionFailed("DPAPI refused")


@contextmanager
def protecting_with(protector: Protector | None) -> Iterator[None]:
    """Write and read key files with ``protector`` inside the block."""
    before = keys.use_protector(protector)
    try:
        yield
    finally:
        keys.use_protector(before)
