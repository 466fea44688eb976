"""Changing one's own password (asked for at first sign-in after an admin set it).

When it is asked for, the dialog says why; it always says what a password needs.
"""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from desktop.core.errors import ValidationError
from desktop.core.i18n import _
from desktop.core.staff.accounts import change_own_password
from desktop.core.staff.passwords import password_hint
from desktop.views.context import SessionContext
from desktop.views.kit.discard import AsksBeforeDiscard
from desktop.views.kit.inline_errors import InlineErrors
from desktop.views.kit.ui_types import ChangePasswordWidgets
from desktop.views.kit.uiloader import load_ui
from desktop.views.operations import Refused


class ChangePasswordDialog(AsksBeforeDiscard, ChangePasswordWidgets):
    """Current password, new password twice; saved through the accounts service."""

    def __init__(self, context: SessionContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        load_ui("change_password", self)
        self.context = context
        self.errors = InlineErrors(
            self, {"old_password": "oldPassword", "new_password": "newPassword", "repeat": "repeat"}
        )
        self.reason = QLabel(self)
        self.reason.setWordWrap(True)
        self.reason.setProperty("role", "hint")
        layout = self.layout()
        assert isinstance(layout, QVBoxLayout)
        layout.insertWidget(0, self.reason)
        self.reason.setVisible(bool(context.user.must_change_password))
        self.reason.setText(
            _(
                "An administrator set your password, so it is not yet yours alone. "
                "Choose your own password before you go on."
            )
        )
        self.newPassword.setPlaceholderText(password_hint())
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)

    def save(self) -> None:
        """Check and store the new password; show any problem next to its field."""
        self.errors.clear()
        try:
            if self.repeat.text() != self.newPassword.text():
                raise ValidationError(_("The two passwords differ."), field="repeat")
            ops = self.context.ops
            old, new = self.oldPassword.text(), self.newPassword.text()
            ops.user = ops.attempt(self, self.errors, change_own_password, old, new)
        except ValidationError as error:
            self.errors.show_error(error)
            return
        except Refused:
            return
        self.accept()
