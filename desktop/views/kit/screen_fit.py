"""Windows that fit the screen they open on: sized within it, centred on their owner.

Office screens are small (1366×768 laptops; 1920×1080 at 150 % leaves 1280×720
logical pixels). Every window is clamped to the available geometry of its screen
when it is first shown, and a window that was not placed by a remembered
geometry opens centred on the window that opened it (or on the screen).
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QMargins, QObject, QPoint, QRect, QSize, Qt
from PySide6.QtGui import QGuiApplication, QScreen
from PySide6.QtWidgets import QWidget

#: Room kept for the window manager's frame before a window has one to measure:
#: a title bar above, a thin border elsewhere.
FRAME = QMargins(4, 32, 4, 6)

#: The smallest screen every window must fit, in logical pixels.
SMALLEST_SCREEN = QSize(1280, 720)


def room_on(available: QRect, frame: QMargins = FRAME) -> QRect:
    """Return where a window's client area may lie on a screen's ``available`` geometry."""
    return available.marginsRemoved(frame)


def clamp_rect(rect: QRect, available: QRect, frame: QMargins = FRAME) -> QRect:
    """Return ``rect`` (a window's client geometry) shrunk and moved to lie inside ``available``.

    A window framed by ``frame`` then keeps its title bar and its bottom edge on
    the screen.
    """
    room = room_on(available, frame)
    width = max(1, min(rect.width(), room.width()))
    height = max(1, min(rect.height(), room.height()))
    x = min(max(rect.x(), room.left()), room.left() + room.width() - width)
    y = min(max(rect.y(), room.top()), room.top() + room.height() - height)
    return QRect(x, y, width, height)


def centred(size: QSize, over: QRect) -> QRect:
    """Return a rectangle of ``size`` centred on ``over``."""
    rect = QRect(QPoint(0, 0), size)
    rect.moveCenter(over.center())
    return rect


def _screen_for(window: QWidget, owner: QWidget | None) -> QScreen | None:
    if owner is not None and owner.isVisible():
        return owner.screen()
    found = QGuiApplication.screenAt(window.geometry().center())
    return found or window.screen() or QGuiApplication.primaryScreen()


def place_window(window: QWidget) -> None:
    """Size ``window`` within its screen and, unless it was placed already, centre it.

    A window placed by ``restoreGeometry`` (or moved by hand) keeps its place as far
    as the screen allows; any other opens centred on its owner's window, or on the
    screen when it has none.
    """
    parent = window.parentWidget()
    owner = parent.window() if parent is not None else None
    screen = _screen_for(window, owner)
    if screen is None:
        return
    available = screen.availableGeometry()
    rect = window.geometry()
    if not window.testAttribute(Qt.WidgetAttribute.WA_Moved):
        anchor = owner.frameGeometry() if owner is not None and owner.isVisible() else available
        rect = centred(rect.size(), anchor)
    window.setGeometry(clamp_rect(rect, available))


class _FitOnFirstShow(QObject):
    """Places its window once, just before it first appears."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Show and isinstance(watched, QWidget):
            watched.removeEventFilter(self)
            place_window(watched)
            self.deleteLater()
        return False


def fit_on_first_show(window: QWidget) -> None:
    """Make ``window`` fit its screen (and open centred) when it is first shown.

    A Designer form's ``geometry`` property marks the window as placed at (0, 0);
    that mark is cleared so the window is centred instead of opening at the
    screen's top-left corner.
    """
    window.setAttribute(Qt.WidgetAttribute.WA_Moved, False)
    window.installEventFilter(_FitOnFirstShow(window))
