"""Locking the screen after an idle time without losing what was being typed.

Every open window is covered (its widgets stay as they were underneath) and an
application-modal dialog asks the signed-in staff member for the password.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import QApplication, QDialog, QLabel, QMainWindow, QVBoxLayout, QWidget

from desktop.core.i18n import _

_ACTIVITY = {
    QEvent.Type.KeyPress,
    QEvent.Type.MouseButtonPress,
    QEvent.Type.MouseMove,
    QEvent.Type.Wheel,
    QEvent.Type.TouchBegin,
    QEvent.Type.InputMethod,
}


class IdleWatcher(QObject):
    """Emits ``idle`` when no key, mouse or touch input came for the set time."""

    idle = Signal()

    def __init__(self, minutes: float, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.timeout.connect(self.idle)
        self.set_minutes(minutes)

    def set_minutes(self, minutes: float) -> None:
        """Change the idle time (it starts counting again)."""
        self.timer.setInterval(max(1, int(minutes * 60_000)))
        if self.timer.isActive():
            self.timer.start()

    def start(self) -> None:
        """Watch the whole application's input."""
        app = QApplication.instance()
        assert app is not None
        app.installEventFilter(self)
        self.timer.start()

    def stop(self) -> None:
        """Stop watching (while locked, and after signing out)."""
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self)
        self.timer.stop()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in _ACTIVITY and self.timer.isActive():
            self.timer.start()
        return False


class Cover(QWidget):
    """An opaque sheet over one window, hiding the child's record behind it."""

    def __init__(self, window: QWidget) -> None:
        super().__init__(window)
        self.setObjectName("lockCover")
        self.setAutoFillBackground(True)
        label = QLabel(_("Locked"), self)
        label.setProperty("role", "pageTitle")
        layout = QVBoxLayout(self)
        layout.addStretch(1)
        layout.addWidget(label, 0, Qt.AlignmentFlag.AlignCenter)
        layout.addStretch(1)
        window.installEventFilter(self)
        self.setGeometry(window.rect())
        self.show()
        self.raise_()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.parent() and event.type() == QEvent.Type.Resize:
            self.setGeometry(self.parentWidget().rect())
        return False


def cover_windows(except_for: QWidget | None = None) -> list[Cover]:
    """Cover every visible top-level window but ``except_for``; return the covers."""
    covers = []
    for window in QApplication.topLevelWidgets():
        if (
            window.isVisible()
            and window is not except_for
            and isinstance(window, QMainWindow | QDialog)
        ):
            covers.append(Cover(window))
    return covers


def uncover(covers: list[Cover]) -> None:
    """Take the covers away again."""
    for cover in covers:
        cover.hide()
        cover.deleteLater()
    covers.clear()
