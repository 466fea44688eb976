"""Bringing the running Homeward to the front when it is started a second time."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject
from PySide6.QtNetwork import QLocalServer, QLocalSocket

_RAISE = b"raise\n"


def server_name(home: Path) -> str:
    """Return the local socket name of the Homeward that has ``home`` open."""
    digest = hashlib.sha256(str(home.resolve()).encode("utf-8")).hexdigest()[:16]
    return f"homeward-{digest}"


def ask_running_to_raise(home: Path, timeout_ms: int = 1000) -> bool:
    """Ask the Homeward holding ``home`` to show its window; True if it answered."""
    socket = QLocalSocket()
    socket.connectToServer(server_name(home))
    if not socket.waitForConnected(timeout_ms):
        return False
    socket.write(_RAISE)
    socket.waitForBytesWritten(timeout_ms)
    socket.disconnectFromServer()
    return True


class RaiseServer(QObject):
    """Listens for a second start and calls ``on_raise``."""

    def __init__(
        self, home: Path, on_raise: Callable[[], None], parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self.on_raise = on_raise
        self.server = QLocalServer(self)
        name = server_name(home)
        QLocalServer.removeServer(name)  # a stale socket left by a crash
        self.server.listen(name)
        self.server.newConnection.connect(self._accept)

    def _accept(self) -> None:
        socket = self.server.nextPendingConnection()
        if socket is None:
            return

        def read() -> None:
            if bytes(socket.readAll().data()).startswith(_RAISE.strip()):
                self.on_raise()
            socket.deleteLater()

        socket.readyRead.connect(read)
