"""Fixtures for driving real widgets headless (pytest-qt, offscreen)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication

from desktop.core.staff import accounts
from desktop.views.app import make_application
from desktop.views.context import SessionContext
from desktop.views.qt_i18n import Translators
from tests.conftest import PASSWORD


@pytest.fixture
def app(qapp: QApplication) -> Iterator[QApplication]:
    """The application with the program's style, in English."""
    make_application()
    yield qapp


@pytest.fixture(autouse=True)
def discard_without_asking(monkeypatch: pytest.MonkeyPatch) -> None:
    """A dialog left with typed data is closed at the end of a test without a modal question
    (which would wait for a click forever); tests of the question install their own."""
    from desktop.views.kit import discard

    monkeypatch.setattr(discard, "ask_to_discard", lambda _parent: True)


@pytest.fixture
def translators(app: QApplication) -> Iterator[Translators]:
    """Installed translators; English again after the test."""
    installed = Translators()
    installed.install("en")
    yield installed
    installed.install("en")


@pytest.fixture
def context(db_and_admin, paths, app) -> SessionContext:  # type: ignore[no-untyped-def]
    """A signed-in administrator's session on a fresh database."""
    db, admin = db_and_admin
    admin = accounts.authenticate(db, admin.username, PASSWORD)
    state = QSettings(str(paths.ui_state_file), QSettings.Format.IniFormat)
    return SessionContext.open(paths, db, admin, state)


def make_staff(context: SessionContext, username: str, role: str) -> SessionContext:
    """Add a staff member with ``role`` and return a session signed in as them."""
    accounts.create_staff(
        context.ops.db, context.user, username, f"Staff {username}", role, PASSWORD
    )
    user = accounts.authenticate(context.ops.db, username, PASSWORD)
    return SessionContext.open(context.paths, context.ops.db, user, context.ui_state)
