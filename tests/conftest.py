"""Shared fixtures: a private data folder per test, offscreen Qt, English messages."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from desktop.config import Paths, resolve_paths
from desktop.core import i18n

PASSWORD = "correct-horse-9"


@pytest.fixture(autouse=True)
def _english(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Run every test in English unless it switches language itself."""
    monkeypatch.delenv("HOMEWARD_HOME", raising=False)
    i18n.set_language(i18n.ENGLISH)
    yield
    i18n.set_language(i18n.ENGLISH)


@pytest.fixture
def paths(tmp_path: Path) -> Paths:
    """Paths of a fresh, not yet initialised data folder."""
    return resolve_paths(tmp_path / "home")


@pytest.fixture
def db_and_admin(paths: Paths):  # type: ignore[no-untyped-def]
    """A new database on a real SQLite file, with its center and first administrator."""
    from desktop.core.center import CenterProfile
    from desktop.core.setup import initialise

    db, admin = initialise(
        paths, CenterProfile(name="城南未成年人救助保护中心"), "admin", "王主任", PASSWORD
    )
    yield db, admin
    db.close()


@pytest.fixture
def fast_kdf(monkeypatch: pytest.MonkeyPatch) -> None:
    """Tests only: scrypt at work factor 2^10 instead of 2^18, for writing and reading alike.

    The file format is unchanged (the header still says 18, which this test build
    ignores; headers with other work factors are read at full strength);
    real-strength scrypt is exercised by the tests that open files with rage and
    age, the CLI and FAT32 tests, and the restore-killing test.
    """
    import age_rt  # type: ignore[import-untyped]
    from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

    def derive(passphrase: str, salt: bytes, context: bytes) -> bytes:
        kdf = Scrypt(salt=context + salt, length=32, n=2**10, r=8, p=1)
        return kdf.derive(passphrase.encode("utf-8"))

    monkeypatch.setattr(age_rt, "_derive_file_key_from_passphrase", derive)

    from desktop.core.backup import agefile

    real_wrap_key = agefile.wrap_key

    def wrap_key(passphrase: str, salt: bytes, work_factor: int) -> bytes:
        if work_factor != agefile.WORK_FACTOR:  # other files (age -p, vectors): as they are
            return real_wrap_key(passphrase, salt, work_factor)
        return derive(passphrase, salt, b"age-encryption.org/v1/scrypt")

    monkeypatch.setattr(agefile, "wrap_key", wrap_key)


@pytest.fixture
def china_time(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """The computer's clock in China time (UTC+8) for the test."""
    import time

    monkeypatch.setenv("TZ", "Asia/Shanghai")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()
