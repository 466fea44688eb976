"""Fixtures for the integration tests (helpers live in dbtools.py)."""

from __future__ import annotations

import pytest


@pytest.fixture
def lang_en(monkeypatch: pytest.MonkeyPatch) -> None:
    """An English environment, for code that picks the system's language itself."""
    for name in ("LANGUAGE", "LC_ALL", "LC_MESSAGES"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("LANG", "en_US.UTF-8")
