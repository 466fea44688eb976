"""The Qt binding and the Python it runs on keep objects alive through long use.

PySide6 6.12.0 drops a reference to ``True`` on every Python ``Signal.emit`` and to
``None`` on every ``processEvents`` or ``QEventLoop.exec``. On Python 3.11 those
objects are counted, so after some thousands of signals the program aborts
("deallocating True or False"); from Python 3.12 they are immortal and nothing
happens. This runs a long session's worth of both in a child process.
"""

from __future__ import annotations

import os
import subprocess
import sys

LONG_SESSION = r"""
import os
os.environ["QT_QPA_PLATFORM"] = "offscreen"
from PySide6.QtCore import QCoreApplication, QObject, Signal
app = QCoreApplication([])

class Source(QObject):
    changed = Signal(object)

source = Source()
source.changed.connect(lambda value: None)
for number in range(20_000):
    source.changed.emit(number)
    QCoreApplication.processEvents()
print("survived")
"""


def test_twenty_thousand_signals_and_event_loops_do_not_abort_the_program() -> None:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    done = subprocess.run(
        [sys.executable, "-c", LONG_SESSION], env=env, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr[-500:]
    assert done.stdout.strip() == "survived"
