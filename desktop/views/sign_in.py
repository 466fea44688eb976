"""The sign-in dialog, also used to unlock the screen after an idle time.

It is the first window most starts paint, so it imports neither the ORM nor the
``Qt`` namespace at module level (``from PySide6.QtCore import Qt`` builds a
hundred enums, about 13 ms); ``QtCore.Qt`` is reached only where needed.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from PySide6 import QtCore
from PySide6.QtCore import QEvent, Signal
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import QDialog, QWidget

from desktop.core import i18n
from desktop.core.errors import AuthenticationError
from desktop.core.i18n import _
from desktop.views.kit.ui_types import SignInWidgets
from desktop.views.kit.uiloader import app_icon, load_ui

if TYPE_CHECKING:  # the ORM is imported after the first window is painted
    from desktop.core.store.db import Database
    from desktop.core.store.models import Staff

log = logging.getLogger(__name__)


class SignInDialog(QDialog, SignInWidgets):
    """Asks for user name and password; ``staff`` holds who signed in once accepted.

    With ``locked_user`` set it unlocks the screen for that staff member only,
    and its second button signs them out instead of quitting; ``locked_when_idle``
    says the lock came after the idle time rather than on request.
    """

    language_chosen = Signal(str)
    sign_out_requested = Signal()

    def __init__(
        self,
        parent: QWidget | None = None,
        locked_user: Staff | None = None,
        locked_when_idle: bool = False,
    ) -> None:
        super().__init__(parent)
        self.locked_when_idle = locked_when_idle
        load_ui("sign_in", self)
        self.db: Database | None = None
        self.staff: Staff | None = None
        self.locked_user = locked_user
        self.logo.setPixmap(app_icon().pixmap(48, 48))
        for code, name in i18n.LANGUAGES.items():
            self.language.addItem(name, code)
        self.language.setCurrentIndex(self.language.findData(i18n.current_language()))
        self.language.activated.connect(self._language_activated)
        self.signInButton.clicked.connect(self._sign_in)
        self.quitButton.clicked.connect(self._second_button)
        self.error.setProperty("role", "error")
        if locked_user is not None:
            self.username.setText(locked_user.username)
            self.username.setReadOnly(True)
            self.language.hide()
            self.setWindowModality(QtCore.Qt.WindowModality.ApplicationModal)
            self.password.setFocus()
        self._set_ready(False)
        self._retranslate()

    def set_database(self, db: Database, center_name: str, logo: bytes | None = None) -> None:
        """Allow signing in now that the database is open."""
        self.db = db
        self.centerName.setText(center_name)
        if logo:
            pixmap = QPixmap()
            if pixmap.loadFromData(logo):
                self.logo.setPixmap(
                    pixmap.scaled(
                        48,
                        48,
                        QtCore.Qt.AspectRatioMode.KeepAspectRatio,
                        QtCore.Qt.TransformationMode.SmoothTransformation,
                    )
                )
        self._set_ready(True)

    def set_waiting(self) -> None:
        """Refuse signing in until ``set_database`` is called again (database reopening)."""
        self.db = None
        self._set_ready(False)

    def _set_ready(self, ready: bool) -> None:
        self.signInButton.setEnabled(ready)
        self._ready = ready
        self._retranslate()
        if ready:
            (self.password if self.locked_user else self.username).setFocus()

    def _retranslate(self) -> None:
        if self.locked_user is not None:
            self.setWindowTitle(_("Screen locked — Homeward"))
            if self.locked_when_idle:
                text = _(
                    "The screen locked itself. {name}, enter your password "
                    "to go on where you left off."
                )
            else:
                text = _(
                    "The screen is locked. {name}, enter your password to go on where you left off."
                )
            self.subtitle.setText(text.format(name=self.locked_user.full_name))
            self.quitButton.setText(_("Sign &out"))
        elif not self._ready:
            self.subtitle.setText(_("Opening the database…"))
        else:
            self.subtitle.setText(_("Sign in to continue"))
        if not self.centerName.text():
            self.centerName.setText(_("Homeward"))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self._retranslate()
            self.error.clear()
        super().changeEvent(event)

    def _language_activated(self, index: int) -> None:
        self.language_chosen.emit(self.language.itemData(index))

    def show_error(self, message: str) -> None:
        """Show ``message`` under the fields."""
        self.error.setText(message)

    def _sign_in(self) -> None:
        if self.db is None:
            return
        from desktop.core.staff.accounts import authenticate

        try:
            self.staff = authenticate(self.db, self.username.text(), self.password.text())
        except AuthenticationError as error:
            self.show_error(error.message)
            self.password.clear()
            self.password.setFocus()
            return
        log.info("staff %s signed in", self.staff.id)
        self.password.clear()
        self.error.clear()
        self.accept()

    def _second_button(self) -> None:
        if self.locked_user is not None:
            self.sign_out_requested.emit()
        else:
            self.reject()

    def reject(self) -> None:
        """Escape does not dismiss the lock; elsewhere it closes the dialog."""
        if self.locked_user is None:
            super().reject()
