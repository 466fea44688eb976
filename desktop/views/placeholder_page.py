"""An area of the program that a later version fills."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from desktop.core.i18n import _


class PlaceholderPage(QWidget):
    """Says plainly what the area will hold, in the current language."""

    def __init__(self, title: str, text: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._title, self._text = title, text
        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 20, 20, 20)
        self.heading = QLabel()
        self.heading.setProperty("role", "pageTitle")
        self.body = QLabel()
        self.body.setWordWrap(True)
        self.body.setProperty("role", "hint")
        self.body.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.heading)
        layout.addWidget(self.body)
        layout.addStretch(1)
        self.retranslate()

    def retranslate(self) -> None:
        """Set the texts in the current language."""
        self.heading.setText(_(self._title))
        self.body.setText(_(self._text))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
