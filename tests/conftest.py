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
