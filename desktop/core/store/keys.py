"""The center's audit key: the secret that makes the trail impossible to forge.

The key never lives in the database. It is a file beside it
(``homeward.sqlite.key``), made with the database, copied with each local
snapshot, and carried inside every encrypted USB backup so that a restore keeps
it. Someone who copies the database file alone cannot recompute an entry's MAC;
someone who holds both the file and the key can (README, "What the audit trail
protects against").

What the file holds depends on the operating system's protected store:

- On Windows, the key is protected by Windows (DPAPI, the current user's
  scope): the file is ``PROTECTED`` followed by the blob ``CryptProtectData``
  made, which only the same Windows account on the same computer can
  unprotect. The file stays where it was, so a restore (which moves the key
  file with the database) and a snapshot (which writes one beside its copy)
  carry it unchanged.
- On Linux the file is the 32 raw bytes, owner-only (0600). The protected
  store there, the Secret Service keyring, is locked without a desktop
  session: a scheduled ``homeward backup`` or a ``homeward check`` over a
  terminal could not read the key, so the owner-only file stays.

A plain 32-byte file is always read, so a Windows key written before the
protection came is still good; the program protects it the next time it opens
the database for work (``protect_plain_key``). Should Windows refuse to
protect a key, it is written plain rather than lost, the log says why, and
``homeward --self-test`` fails. The protection is a small seam,
a ``Protector`` chosen by ``sys.platform``, which tests replace (``use_protector``).
"""

from __future__ import annotations

import logging
import os
import secrets
import sys
from pathlib import Path
from typing import Protocol

from desktop.core.errors import DatabaseProblem
from desktop.core.i18n import _
from desktop.core.private_files import open_private, write_private_bytes

log = logging.getLogger(__name__)

KEY_SIZE = 32
#: What a key file protected by the operating system starts with; the protector's blob follows.
PROTECTED = b"HWKEY-DPAPI1\n"


class AuditKeyMissing(DatabaseProblem):
    """The database has an authenticated trail but its key file is gone."""


class AuditKeyDamaged(DatabaseProblem):
    """The key file is there but is not a key."""


class AuditKeyForeign(AuditKeyDamaged):
    """The key file was protected for another Windows account or another computer."""


class ProtectionFailed(Exception):
    """The operating system could not protect or unprotect a key."""


class Protector(Protocol):
    """The operating system's protected store for the key file's content."""

    def protect(self, key: bytes) -> bytes:
        """Return ``key`` protected; raise ``ProtectionFailed`` when it cannot."""
        ...

    def unprotect(self, blob: bytes) -> bytes:
        """Return what ``protect`` made ``blob`` from; raise ``ProtectionFailed`` when it cannot."""
        ...


def default_protector() -> Protector | None:
    """Return the operating system's protector: DPAPI on Windows, none elsewhere (plain file)."""
    if sys.platform == "win32":
        return DpapiProtector()
    return None


_protector: Protector | None = default_protector()


def use_protector(protector: Protector | None) -> Protector | None:
    """Protect key files written from now on with ``protector`` (None: plain).

    Return the one before. For tests, which drive the Windows path on any
    system with a stand-in.
    """
    global _protector
    before, _protector = _protector, protector
    return before


def key_path(database: Path) -> Path:
    """Return where the key of the database at ``database`` is kept."""
    return database.with_name(database.name + ".key")


def read_key(database: Path) -> bytes | None:
    """Return the key of ``database``, or None when it has none."""
    path = key_path(database)
    try:
        stored = path.read_bytes()
    except FileNotFoundError:
        return None
    key = _unprotected(stored, path) if _is_blob(stored) else stored
    if len(key) != KEY_SIZE:
        raise AuditKeyDamaged(
            _("The audit key {path} is damaged; restore it from a backup.").format(path=path)
        )
    return key


def _is_blob(stored: bytes) -> bool:
    """Whether a key file's content is a protected blob (always longer than a plain key)."""
    return len(stored) != KEY_SIZE and stored.startswith(PROTECTED)


def _unprotected(stored: bytes, path: Path) -> bytes:
    """The key inside a protected key file; ``AuditKeyForeign`` when this account cannot open it."""
    protector = _protector
    try:
        if protector is None:
            raise ProtectionFailed("no protected store on this system")
        return protector.unprotect(stored[len(PROTECTED) :])
    except (ProtectionFailed, OSError) as error:
        log.warning("the audit key %s cannot be unprotected: %s", path, error)
        raise AuditKeyForeign(
            _(
                "The audit key {path} was protected by Windows for another Windows "
                "account or another computer, so it cannot be read here. Sign in to "
                "Windows as the account that set up Homeward on this computer, or "
                "restore the database from a backup, which carries its key."
            ).format(path=path)
        ) from error


def require_key(database: Path) -> bytes:
    """Return the key of ``database``; raise ``AuditKeyMissing`` when it has none."""
    key = read_key(database)
    if key is None:
        raise AuditKeyMissing(
            _(
                "The audit key of {path} is missing ({key}). Without it no entry can be "
                "added to the audit trail. Restore the database from a backup, which "
                "carries its key."
            ).format(path=database, key=key_path(database))
        )
    return key


def stored_form(key: bytes) -> bytes:
    """Return what the key file holds for ``key``: protected where the system can, else the key.

    A protection that fails, or does not give the key back, leaves the key plain
    (owner-only, as on Linux) rather than writing a file nobody could read.
    """
    if len(key) != KEY_SIZE:
        raise AuditKeyDamaged(_("An audit key must be {size} bytes.").format(size=KEY_SIZE))
    protector = _protector
    if protector is None:
        return key
    try:
        blob = protector.protect(key)
        if protector.unprotect(blob) != key:
            raise ProtectionFailed("the protected key does not read back")
    except (ProtectionFailed, OSError):
        log.warning("the audit key could not be protected; it is kept owner-only", exc_info=True)
        return key
    return PROTECTED + blob


def install_key(database: Path, key: bytes) -> None:
    """Keep ``key`` as the key of ``database`` (owner-only, protected where it can be).

    The file is replaced whole or not at all.
    """
    write_private_bytes(key_path(database), stored_form(key))


def place_key(database: Path, key: bytes) -> None:
    """Write ``key`` beside a database that has none yet (a file being restored)."""
    stored = stored_form(key)
    descriptor = open_private(key_path(database), os.O_WRONLY | os.O_CREAT | os.O_EXCL)
    with os.fdopen(descriptor, "wb") as handle:
        handle.write(stored)
        handle.flush()
        os.fsync(handle.fileno())


def key_or_new(database: Path) -> bytes:
    """Return the key of ``database``, making one first if it has none."""
    key = read_key(database)
    if key is None:
        key = secrets.token_bytes(KEY_SIZE)
        install_key(database, key)
    return key


def protected_store() -> bool:
    """True where key files are protected by the operating system (Windows)."""
    return _protector is not None


def is_protected(database: Path) -> bool:
    """True when the key file of ``database`` holds a protected key (not the raw 32 bytes)."""
    return _is_blob(key_path(database).read_bytes())


def protect_plain_key(database: Path) -> bool:
    """Protect a plain key file (one written before Windows protected it); never raises.

    Return True when the file was rewritten protected. Nothing happens where
    there is no protected store (Linux), or to a file that is missing, damaged
    or already protected; a failure is logged and tried again the next time.
    """
    if _protector is None:
        return False
    path = key_path(database)
    try:
        stored = path.read_bytes()
        if len(stored) != KEY_SIZE:
            return False
        protected = stored_form(stored)
        if protected == stored:
            return False
        write_private_bytes(path, protected)
    except OSError:
        log.warning("the audit key %s could not be protected", path, exc_info=True)
        return False
    log.info("the audit key %s is now protected by the operating system", path)
    return True


# --------------------------------------------------------------------------- Windows

#: Mixed into DPAPI's protection (the same on both sides): a blob of another program is refused.
DPAPI_ENTROPY = b"Homeward audit key v1"
#: The readable description DPAPI keeps inside the blob.
DPAPI_DESCRIPTION = "Homeward audit key"
#: CRYPTPROTECT_UI_FORBIDDEN (dpapi.h): fail rather than show a prompt (there may be no desktop).
CRYPTPROTECT_UI_FORBIDDEN = 0x1


class DpapiProtector:
    """Windows' Data Protection API in the current user's scope (crypt32.dll, through ctypes).

    Only the same Windows account on the same computer can unprotect what it protects.
    """

    def protect(self, key: bytes) -> bytes:  # pragma: no cover - Windows only
        """Return ``key`` protected with ``CryptProtectData``."""
        return _dpapi(key, protect=True)

    def unprotect(self, blob: bytes) -> bytes:  # pragma: no cover - Windows only
        """Return the key in ``blob`` with ``CryptUnprotectData``."""
        return _dpapi(blob, protect=False)


def _dpapi(data: bytes, *, protect: bool) -> bytes:  # pragma: no cover - Windows only
    """Return a copy of what ``CryptProtectData`` (or ``CryptUnprotectData``) makes of ``data``.

    Both take DATA_BLOBs (a DWORD length, a pointer to the bytes), the same
    optional entropy, no prompt structure, and CRYPTPROTECT_UI_FORBIDDEN; the
    output buffer is the system's and is given back with ``LocalFree`` (wiped
    first when it holds the raw key).
    """
    if sys.platform != "win32":
        raise ProtectionFailed("DPAPI is only on Windows")
    import ctypes
    from ctypes import wintypes

    class Blob(ctypes.Structure):
        _fields_ = [("cbData", wintypes.DWORD), ("pbData", ctypes.POINTER(ctypes.c_char))]

    def blob_of(buffer: ctypes.Array[ctypes.c_char]) -> Blob:
        return Blob(len(buffer), ctypes.cast(buffer, ctypes.POINTER(ctypes.c_char)))

    crypt32 = ctypes.WinDLL("crypt32", use_last_error=True)
    kernel32 = ctypes.WinDLL("kernel32", use_last_error=True)
    kernel32.LocalFree.argtypes = [wintypes.HLOCAL]
    kernel32.LocalFree.restype = wintypes.HLOCAL
    blob_p = ctypes.POINTER(Blob)
    if protect:
        call = crypt32.CryptProtectData
        # pDataIn, szDataDescr, pOptionalEntropy, pvReserved, pPromptStruct, dwFlags, pDataOut
        call.argtypes = [blob_p, wintypes.LPCWSTR, blob_p, ctypes.c_void_p, ctypes.c_void_p,
                         wintypes.DWORD, blob_p]  # fmt: skip
        description: str | None = DPAPI_DESCRIPTION
    else:
        call = crypt32.CryptUnprotectData
        # pDataIn, ppszDataDescr (NULL: not wanted), pOptionalEntropy, pvReserved,
        # pPromptStruct, dwFlags, pDataOut
        call.argtypes = [blob_p, ctypes.c_void_p, blob_p, ctypes.c_void_p, ctypes.c_void_p,
                         wintypes.DWORD, blob_p]  # fmt: skip
        description = None
    call.restype = wintypes.BOOL
    source = ctypes.create_string_buffer(data, len(data))
    entropy = ctypes.create_string_buffer(DPAPI_ENTROPY, len(DPAPI_ENTROPY))
    source_blob, entropy_blob, out = blob_of(source), blob_of(entropy), Blob()
    ok = call(
        ctypes.byref(source_blob),
        description,
        ctypes.byref(entropy_blob),
        None,
        None,
        CRYPTPROTECT_UI_FORBIDDEN,
        ctypes.byref(out),
    )
    if not ok:
        code = ctypes.get_last_error()
        raise ProtectionFailed(code, ctypes.FormatError(code).strip())
    try:
        return ctypes.string_at(out.pbData, out.cbData)
    finally:
        if not protect:  # the system's copy of the raw key
            ctypes.memset(out.pbData, 0, out.cbData)
        kernel32.LocalFree(ctypes.cast(out.pbData, ctypes.c_void_p))
