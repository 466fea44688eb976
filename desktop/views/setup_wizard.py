"""First start on an empty data folder: the center's profile and the first administrator."""

from __future__ import annotations

import logging

from PySide6.QtCore import QEvent, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
    QWizard,
    QWizardPage,
)

from desktop.config import Paths
from desktop.core import i18n
from desktop.core.center import clean_profile
from desktop.core.errors import HomewardError, ValidationError
from desktop.core.i18n import _
from desktop.core.setup import initialise
from desktop.core.staff.accounts import clean_full_name, normalise_username
from desktop.core.staff.passwords import check_password_rules, password_hint
from desktop.core.store.db import Database
from desktop.core.store.models import Staff
from desktop.views.center_form import CenterForm
from desktop.views.kit.inline_errors import InlineErrors
from desktop.views.kit.screen_fit import fit_on_first_show
from desktop.views.kit.ui_types import AdminFormWidgets
from desktop.views.kit.uiloader import load_ui

log = logging.getLogger(__name__)


class CenterPage(QWizardPage):
    """Page 1: the center's profile, or instead everything from a backup."""

    def __init__(self) -> None:
        super().__init__()
        self.form = CenterForm(self)
        self.restoreHint = QLabel(self)
        self.restoreHint.setWordWrap(True)
        self.restoreHint.setProperty("role", "hint")
        self.restoreButton = QPushButton(self)
        restore_row = QHBoxLayout()
        restore_row.addWidget(self.restoreHint, 1)
        restore_row.addWidget(self.restoreButton)
        layout = QVBoxLayout(self)
        layout.addWidget(self.form)
        layout.addStretch(1)
        layout.addLayout(restore_row)
        self.retranslate()

    def retranslate(self) -> None:
        """Set the page's own texts in the current language."""
        self.setTitle(_("Your center"))
        self.setSubTitle(
            _("This is printed at the head of every form. You can change it later in Settings.")
        )
        self.restoreHint.setText(
            _("A new computer for a center that already uses Homeward? Restore its backup.")
        )
        self.restoreButton.setText(_("Restore from a backup…"))

    def validatePage(self) -> bool:
        self.form.errors.clear()
        try:
            clean_profile(self.form.profile())
        except ValidationError as error:
            self.form.errors.show_error(error)
            return False
        return True


class AdminForm(QWidget, AdminFormWidgets):
    """User name, full name and password of the first administrator."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        load_ui("admin_form", self)


class AdminPage(QWizardPage):
    """Page 2: the first administrator; finishing creates the database."""

    def __init__(self, wizard: SetupWizard) -> None:
        super().__init__()
        self.wizard_ = wizard
        self.form = AdminForm(self)
        self.errors = InlineErrors(
            self.form,
            {
                "username": "username",
                "full_name": "fullName",
                "password": "password",
                "repeat": "repeat",
            },
        )
        layout = QVBoxLayout(self)
        layout.addWidget(self.form)
        self.retranslate()

    def retranslate(self) -> None:
        """Set the page's own texts in the current language."""
        self.setTitle(_("The first administrator"))
        self.setSubTitle(_("The administrator manages staff accounts and settings."))
        self.form.password.setPlaceholderText(password_hint())

    def validatePage(self) -> bool:
        form = self.form
        self.errors.clear()
        try:
            username = normalise_username(form.username.text())
            clean_full_name(form.fullName.text())
            check_password_rules(form.password.text(), username)
            if form.repeat.text() != form.password.text():
                raise ValidationError(_("The two passwords differ."), field="repeat")
        except ValidationError as error:
            self.errors.show_error(error)
            return False
        return self.wizard_.create_database()


class SetupWizard(QWizard):
    """Creates the database; ``db`` and ``admin`` are set once it has been accepted.

    Or restores a backup instead: ``restored`` is emitted once the data folder holds
    the backup's database, and the wizard has nothing more to do.
    """

    language_chosen = Signal(str)
    restored = Signal()

    def __init__(self, paths: Paths, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.paths = paths
        self.db: Database | None = None
        self.admin: Staff | None = None
        self.setWizardStyle(QWizard.WizardStyle.ModernStyle)
        fit_on_first_show(self)
        self.setOption(QWizard.WizardOption.NoBackButtonOnStartPage, True)
        self.center_page = CenterPage()
        self.admin_page = AdminPage(self)
        self.addPage(self.center_page)
        self.addPage(self.admin_page)
        self.setOption(QWizard.WizardOption.HaveCustomButton1, True)
        self.customButtonClicked.connect(self._other_language)
        self.restore_dialog: QDialog | None = None
        self.center_page.restoreButton.clicked.connect(self.restore_from_backup)
        self.resize(680, 540)
        self.retranslate()

    def _other_language(self, _which: int) -> None:
        self.language_chosen.emit(self._other())

    @staticmethod
    def _other() -> str:
        return next(code for code in i18n.LANGUAGES if code != i18n.current_language())

    def retranslate(self) -> None:
        """Set the wizard's texts in the current language."""
        self.setWindowTitle(_("Set up Homeward"))
        # The button offers the other language, named in that language.
        self.setButtonText(QWizard.WizardButton.CustomButton1, i18n.LANGUAGES[self._other()])
        self.center_page.retranslate()
        self.admin_page.retranslate()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def restore_from_backup(self) -> None:
        """Open the restore dialog for this empty data folder (window-modal, not blocking)."""
        from desktop.views.backup_dialog import FreshInstallation, RestoreDialog

        self.restore_dialog = RestoreDialog(
            FreshInstallation(self.paths), self, lambda: QTimer.singleShot(0, self.restored.emit)
        )
        self.restore_dialog.open()

    def create_database(self) -> bool:
        """Create the database from both pages; show a problem where it belongs."""
        form = self.admin_page.form
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            self.db, self.admin = initialise(
                self.paths,
                self.center_page.form.profile(),
                form.username.text(),
                form.fullName.text(),
                form.password.text(),
            )
        except ValidationError as error:
            if not self.admin_page.errors.show_error(error):
                self.back()
                self.center_page.form.errors.show_error(error)
            return False
        except HomewardError as error:
            QMessageBox.warning(self, _("Set up Homeward"), error.message)
            return False
        finally:
            QApplication.restoreOverrideCursor()
        log.info("database created in the data folder")
        return True
