"""The audit key's file: plain 32 bytes on Linux, protected by the operating system on Windows.

The Windows path runs here with a stand-in protector (``tests.protectors``):
DPAPI itself only runs on Windows.
"""

from __future__ import annotations

import ctypes
import logging
import os
import stat
import sys
from collections.abc import Iterator
from pathlib import Path
from types import SimpleNamespace

import pytest

from desktop.core.errors import DatabaseProblem
from desktop.core.i18n import set_language
from desktop.core.store import keys
from desktop.core.store.keys import (
    PROTECTED,
    AuditKeyDamaged,
    AuditKeyForeign,
    DpapiProtector,
    ProtectionFailed,
    install_key,
    key_or_new,
    key_path,
    place_key,
    protect_plain_key,
    read_key,
)
from tests.protectors import FakeProtector, RefusingProtector, protecting_with

KEY = bytes(range(32))
FOREIGN = "another Windows account or another computer"


@pytest.fixture
def database(tmp_path: Path) -> Path:
    return tmp_path / "homeward.sqlite"


@pytest.fixture
def fake() -> Iterator[FakeProtector]:
    protector = FakeProtector()
    with protecting_with(protector):
        yield protector


def test_windows_protects_with_dpapi_and_linux_keeps_the_plain_file(monkeypatch) -> None:
    assert keys._protector is None  # these tests run on Linux
    monkeypatch.setattr(sys, "platform", "win32")
    assert isinstance(keys.default_protector(), DpapiProtector)
    monkeypatch.setattr(sys, "platform", "linux")
    assert keys.default_protector() is None
    monkeypatch.setattr(sys, "platform", "darwin")
    assert keys.default_protector() is None


def test_dpapi_refuses_off_windows_instead_of_crashing() -> None:
    if sys.platform == "win32":  # pragma: no cover
        pytest.skip("DPAPI runs for real on Windows")
    with pytest.raises(ProtectionFailed):
        keys._dpapi(KEY, protect=True)


def test_linux_writes_the_raw_32_bytes_owner_only(database: Path) -> None:
    """Pinned: without a protected store the key file is exactly the key, as before."""
    install_key(database, KEY)
    assert key_path(database).read_bytes() == KEY
    assert stat.S_IMODE(key_path(database).stat().st_mode) == 0o600
    other = database.with_name("restored.sqlite")
    place_key(other, KEY)
    assert key_path(other).read_bytes() == KEY
    made = database.with_name("new.sqlite")
    key = key_or_new(made)
    assert len(key) == 32 and key != KEY
    assert key_path(made).read_bytes() == key
    assert read_key(made) == key


@pytest.mark.parametrize("write", [install_key, place_key])
def test_a_protected_key_reads_back_and_is_not_in_the_file(database, fake, write) -> None:
    write(database, KEY)
    stored = key_path(database).read_bytes()
    assert stored.startswith(PROTECTED + fake.prefix)
    assert KEY not in stored
    assert read_key(database) == KEY
    assert stat.S_IMODE(key_path(database).stat().st_mode) == 0o600


def test_a_new_key_is_protected_and_kept(database, fake) -> None:
    key = key_or_new(database)
    stored = key_path(database).read_bytes()
    assert stored.startswith(PROTECTED) and key not in stored
    assert key_or_new(database) == key
    assert key_path(database).read_bytes() == stored  # read, not made again


def test_another_account_gets_a_clear_message(database) -> None:
    with protecting_with(FakeProtector("desk")):
        install_key(database, KEY)
    with protecting_with(FakeProtector("someone-else")), pytest.raises(AuditKeyForeign) as caught:
        read_key(database)
    assert FOREIGN in str(caught.value)
    assert str(key_path(database)) in str(caught.value)
    assert "restore the database from a backup" in str(caught.value)
    assert isinstance(caught.value, AuditKeyDamaged | DatabaseProblem)


def test_a_protected_file_on_a_system_without_the_store_is_foreign(database) -> None:
    """A Windows data folder copied to Linux: the blob cannot be opened there."""
    with protecting_with(FakeProtector()):
        install_key(database, KEY)
    with pytest.raises(AuditKeyForeign, match=FOREIGN):
        read_key(database)


def test_the_message_is_translated(database) -> None:
    with protecting_with(FakeProtector("desk")):
        install_key(database, KEY)
    set_language("zh_CN")
    with protecting_with(FakeProtector("other")), pytest.raises(AuditKeyForeign) as caught:
        read_key(database)
    assert "另一个 Windows 账户" in str(caught.value)


@pytest.mark.parametrize(
    "content",
    [
        PROTECTED,
        PROTECTED + b"\x00" * 40,
        PROTECTED + b"FAKE[desk]",  # cut short inside the account's tag
        PROTECTED[:-1] + b"\r\n" + KEY,  # the magic mangled by a text-mode copy
    ],
)
def test_a_damaged_blob_is_named_never_a_crash(database, fake, content) -> None:
    key_path(database).write_bytes(content)
    with pytest.raises(AuditKeyDamaged, match=r"audit key .*(damaged|another Windows account)"):
        read_key(database)


def test_a_blob_that_unprotects_to_the_wrong_size_is_damaged(database, fake) -> None:
    key_path(database).write_bytes(PROTECTED + fake.protect(KEY[:31]))
    with pytest.raises(AuditKeyDamaged, match="damaged") as caught:
        read_key(database)
    assert not isinstance(caught.value, AuditKeyForeign)


def test_a_protector_failing_with_an_os_error_is_foreign(database) -> None:
    class Broken(FakeProtector):
        def unprotect(self, blob: bytes) -> bytes:
            raise OSError("crypt32.dll is missing")

    with protecting_with(FakeProtector()):
        install_key(database, KEY)
    with protecting_with(Broken()), pytest.raises(AuditKeyForeign):
        read_key(database)


@pytest.mark.parametrize("size", [0, 31, 33, len(PROTECTED)])
def test_a_plain_file_of_another_size_is_damaged(database, fake, size) -> None:
    key_path(database).write_bytes(b"\x01" * size)
    with pytest.raises(AuditKeyDamaged, match="damaged; restore it from a backup"):
        read_key(database)


def test_a_plain_key_that_happens_to_start_like_a_blob_is_a_plain_key(database, fake) -> None:
    key = PROTECTED + KEY[len(PROTECTED) :]
    key_path(database).write_bytes(key)
    assert read_key(database) == key
    assert not keys.is_protected(database)


def test_a_plain_key_from_before_still_reads_and_reading_leaves_it(database, fake) -> None:
    key_path(database).write_bytes(KEY)
    assert read_key(database) == KEY
    assert key_path(database).read_bytes() == KEY
    assert fake.protected == 0


def test_a_plain_key_is_protected_once(database, fake) -> None:
    key_path(database).write_bytes(KEY)
    assert keys.protected_store() and not keys.is_protected(database)
    assert protect_plain_key(database) is True
    assert keys.is_protected(database)
    stored = key_path(database).read_bytes()
    assert stored.startswith(PROTECTED) and KEY not in stored
    assert read_key(database) == KEY
    assert protect_plain_key(database) is False
    assert key_path(database).read_bytes() == stored
    assert stat.S_IMODE(key_path(database).stat().st_mode) == 0o600


def test_protecting_leaves_linux_missing_and_damaged_files_alone(database) -> None:
    key_path(database).write_bytes(KEY)
    assert not keys.protected_store()
    assert protect_plain_key(database) is False  # no protected store
    assert key_path(database).read_bytes() == KEY
    with protecting_with(FakeProtector()):
        key_path(database).write_bytes(KEY[:31])
        assert protect_plain_key(database) is False
        assert key_path(database).read_bytes() == KEY[:31]
        key_path(database).unlink()
        assert protect_plain_key(database) is False
        assert not key_path(database).exists()


class Forgetful(FakeProtector):
    """Protects, but what it gives back is not the key."""

    def unprotect(self, blob: bytes) -> bytes:
        return b"\x00" * 32


@pytest.mark.parametrize("protector", [Forgetful(), RefusingProtector()])
def test_a_failing_protection_keeps_the_key_plain_rather_than_lost(
    database, protector, caplog
) -> None:
    with protecting_with(protector), caplog.at_level(logging.WARNING):
        install_key(database, KEY)
        assert key_path(database).read_bytes() == KEY
        assert read_key(database) == KEY
        assert protect_plain_key(database) is False
    assert "could not be protected" in caplog.text


def test_a_failing_write_keeps_the_plain_key(database, fake, monkeypatch) -> None:
    key_path(database).write_bytes(KEY)

    def full(*_args: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(keys, "write_private_bytes", full)
    assert protect_plain_key(database) is False
    assert key_path(database).read_bytes() == KEY


@pytest.mark.parametrize("size", [31, 33])
def test_a_key_of_the_wrong_size_is_never_written(database, fake, size) -> None:
    for write in (install_key, place_key):
        with pytest.raises(AuditKeyDamaged, match="must be 32 bytes"):
            write(database, b"\x02" * size)
    assert not key_path(database).exists()
    assert not os.listdir(database.parent)


class FakeWindows:
    """crypt32.dll and kernel32.dll as ``_dpapi`` calls them, to check the glue off Windows.

    It records every call's arguments, allocates each output buffer as the system
    would, and checks that each is given back to ``LocalFree`` once.
    """

    ERROR_INVALID_DATA = 13

    def __init__(self) -> None:
        self.calls: list[tuple[str, object, bytes, object, object, int]] = []
        self.allocated: dict[int, ctypes.Array[ctypes.c_char]] = {}
        self.freed: list[int] = []
        self.functions: dict[str, _Function] = {
            "CryptProtectData": _Function(lambda *args: self._crypt("protect", *args)),
            "CryptUnprotectData": _Function(lambda *args: self._crypt("unprotect", *args)),
            "LocalFree": _Function(self._local_free),
        }

    def dll(self, name: str, use_last_error: bool = False) -> SimpleNamespace:
        assert use_last_error, "GetLastError is read through ctypes.get_last_error"
        wanted = {"crypt32": ["CryptProtectData", "CryptUnprotectData"], "kernel32": ["LocalFree"]}
        return SimpleNamespace(**{f: self.functions[f] for f in wanted[name]})

    def _crypt(self, kind, data_in, description, entropy, reserved, prompt, flags, data_out):
        blob, pad = data_in._obj, entropy._obj
        data = ctypes.string_at(blob.pbData, blob.cbData)
        self.calls.append((kind, description, ctypes.string_at(pad.pbData, pad.cbData),
                           reserved, prompt, flags))  # fmt: skip
        if kind == "protect":
            result = b"DPAPI" + data[::-1]
        elif data.startswith(b"DPAPI"):
            result = data[5:][::-1]
        else:
            return 0
        buffer = ctypes.create_string_buffer(result, len(result))
        self.allocated[ctypes.addressof(buffer)] = buffer
        out = data_out._obj
        out.cbData = len(result)
        out.pbData = ctypes.cast(buffer, ctypes.POINTER(ctypes.c_char))
        return 1

    def _local_free(self, pointer: ctypes.c_void_p) -> None:
        self.freed.append(pointer.value or 0)


class _Function:
    def __init__(self, run) -> None:
        self.run = run
        self.argtypes: list[object] | None = None
        self.restype: object = None

    def __call__(self, *args):
        return self.run(*args)


@pytest.fixture
def windows(monkeypatch) -> FakeWindows:
    fake = FakeWindows()
    monkeypatch.setattr(sys, "platform", "win32")
    monkeypatch.setattr(ctypes, "WinDLL", fake.dll, raising=False)
    monkeypatch.setattr(ctypes, "get_last_error", lambda: fake.ERROR_INVALID_DATA, raising=False)
    monkeypatch.setattr(ctypes, "FormatError", lambda code: f"error {code} ", raising=False)
    return fake


def test_the_dpapi_glue_passes_blobs_entropy_and_flags_and_frees_the_output(windows) -> None:
    protector = DpapiProtector()
    blob = protector.protect(KEY)
    assert blob == b"DPAPI" + KEY[::-1]
    assert protector.unprotect(blob) == KEY
    ui_forbidden = 0x1  # CRYPTPROTECT_UI_FORBIDDEN; no CRYPTPROTECT_LOCAL_MACHINE: user scope
    assert windows.calls == [
        ("protect", "Homeward audit key", b"Homeward audit key v1", None, None, ui_forbidden),
        ("unprotect", None, b"Homeward audit key v1", None, None, ui_forbidden),
    ]
    assert sorted(windows.freed) == sorted(windows.allocated)  # each output freed once
    key_buffer = windows.allocated[windows.freed[1]]
    assert key_buffer.raw == b"\x00" * 32  # the system's copy of the key wiped before freeing
    protect = windows.functions["CryptProtectData"]
    assert len(protect.argtypes) == 7 and protect.argtypes[1] is ctypes.c_wchar_p
    assert len(windows.functions["CryptUnprotectData"].argtypes) == 7
    assert windows.functions["LocalFree"].argtypes == [ctypes.c_void_p]


def test_the_dpapi_glue_turns_a_refusal_into_protection_failed(windows) -> None:
    with pytest.raises(ProtectionFailed) as caught:
        DpapiProtector().unprotect(b"not a blob")
    assert caught.value.args == (13, "error 13")  # GetLastError's code and its text
    assert windows.freed == [] and windows.allocated == {}
