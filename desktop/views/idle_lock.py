"""Locking the screen after an idle time without losing what was being typed.

Every open window is covered (its widgets stay as they were underneath) and an
application-modal dialog asks the signed-in staff member for the password.
"""

from __future__ import annotations

import contextlib

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QPainter, QPaintEvent
from PySide6.QtWidgets import QApplication, QLabel, QVBoxLayout, QWidget

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


#: The cover's fill: opaque, so nothing of the window shows through it.
COVER_COLOUR = "#e8edf1"


class Cover(QWidget):
    """An opaque sheet over one window, hiding the child's record behind it.

    The window's widgets stay as they were underneath (nothing typed is lost);
    the cover paints its own opaque fill (a style sheet on a plain ``QWidget``
    subclass paints nothing), stays on top of children added while locked, and
    replaces the window's title, which can carry a child's name, until it goes.
    """

    def __init__(self, window: QWidget) -> None:
        super().__init__(window)
        self.covered = window
        self.setObjectName("lockCover")
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)
        self.label = QLabel(_("Locked"), self)
        self.label.setProperty("role", "pageTitle")
        layout = QVBoxLayout(self)
        layout.addStretch(1)
        layout.addWidget(self.label, 0, Qt.AlignmentFlag.AlignCenter)
        layout.addStretch(1)
        self.window_title = window.windowTitle()
        self._setting_title = False
        self._set_locked_title(window)
        window.installEventFilter(self)
        self.setGeometry(window.rect())
        self.show()
        self.raise_()

    def _set_locked_title(self, window: QWidget) -> None:
        self._setting_title = True
        try:
            window.setWindowTitle(_("Locked — Homeward"))
        finally:
            self._setting_title = False

    def paintEvent(self, event: QPaintEvent) -> None:
        QPainter(self).fillRect(self.rect(), QColor(COVER_COLOUR))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.covered:
            kind = event.type()
            if kind == QEvent.Type.Resize:
                self.setGeometry(self.covered.rect())
            elif kind == QEvent.Type.ChildAdded:
                QTimer.singleShot(0, self, self.raise_)  # a widget shown later stays under
            elif kind == QEvent.Type.WindowTitleChange and not self._setting_title:
                self.window_title = self.covered.windowTitle()
                QTimer.singleShot(0, self, lambda: self._set_locked_title(self.covered))
        return False

    def remove(self) -> None:
        """Take the cover away and give the window its title back."""
        window = self.covered
        window.removeEventFilter(self)
        self.hide()
        window.setWindowTitle(self.window_title)
        self.deleteLater()


class Covers(QObject):
    """The covers of one lock: over every window open now, and every one shown until ``remove``.

    ``except_for`` (the lock's own dialog) and the windows it opens stay uncovered.
    Open pop-ups (menus, completer lists) are closed: they are windows of their own.
    """

    def __init__(self, except_for: QWidget | None = None) -> None:
        super().__init__()
        self.except_for = except_for
        self.items: list[Cover] = []
        while (popup := QApplication.activePopupWidget()) is not None:
            popup.close()
        for window in QApplication.topLevelWidgets():
            if window.isVisible() and self._wanted(window):
                self.items.append(Cover(window))
        app = QApplication.instance()
        assert app is not None
        app.installEventFilter(self)

    def _wanted(self, window: QWidget) -> bool:
        if isinstance(window, Cover) or window.windowType() in _NOT_COVERED:
            return False
        if window.findChild(Cover, "lockCover", Qt.FindChildOption.FindDirectChildrenOnly):
            return False
        ancestor: QWidget | None = window
        while ancestor is not None:
            if ancestor is self.except_for:
                return False
            ancestor = ancestor.parentWidget()
        return True

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            event.type() == QEvent.Type.Show
            and isinstance(watched, QWidget)
            and watched.isWindow()
            and self._wanted(watched)
        ):
            self.items.append(Cover(watched))  # a window opened while locked
        return False

    def remove(self) -> None:
        """Take the covers away again."""
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self)
        for cover in self.items:
            with contextlib.suppress(RuntimeError):  # its window was closed and deleted
                cover.remove()
        self.items.clear()


def cover_windows(except_for: QWidget | None = None) -> Covers:
    """Cover every window but ``except_for`` (and its own windows), now and until removed."""
    return Covers(except_for)


#: Window types that carry no record and close by themselves.
_NOT_COVERED = {Qt.WindowType.ToolTip, Qt.WindowType.Popup, Qt.WindowType.SplashScreen}


def uncover(covers: Covers | None) -> None:
    """Take the covers of a lock away again (``None``: nothing is covered)."""
    if covers is not None:
        covers.remove()
