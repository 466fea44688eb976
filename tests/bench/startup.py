"""Start-up benchmark: Homeward's first painted window against a bare PySide6 window.

    .venv/bin/python tests/bench/startup.py [--runs N]

Both are started as fresh processes, offscreen, alternately, in the same run; each
prints a line when its window's first paint event arrives. The medians of the
wall time from process start to that line, and their ratio, are printed.
Target: Homeward at most 1.5x the bare window.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BARE = """
import sys
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QMainWindow

class FirstPaint(QObject):
    def eventFilter(self, watched, event):
        if event.type() == QEvent.Type.Paint:
            watched.removeEventFilter(self)
            print("painted", flush=True)
            QTimer.singleShot(0, app.quit)
        return False

app = QApplication(sys.argv)
window = QMainWindow()
window.resize(440, 330)
watcher = FirstPaint()
window.installEventFilter(watcher)
window.show()
app.exec()
"""


def timed(command: list[str], env: dict[str, str]) -> float:
    """Start ``command``; return the seconds until it reports its first paint."""
    started = time.perf_counter()
    process = subprocess.Popen(
        command, env=env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True
    )
    assert process.stdout is not None
    for line in process.stdout:
        if line.strip() == "painted":
            break
    else:
        raise RuntimeError(f"{command} ended without painting")
    elapsed = time.perf_counter() - started
    process.stdout.read()
    if process.wait() != 0:
        raise RuntimeError(f"{command} failed")
    return elapsed


def main() -> None:
    """Measure both, alternately, and print medians and the ratio."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=9)
    runs = parser.parse_args().runs
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", HOMEWARD_EXIT_AFTER_PAINT="1")
    # An installed program starts from compiled bytecode (pip and the installer write it);
    # a machine that forbids writing it would make every start compile the sources again.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    package = Path(__file__).resolve().parents[2] / "desktop"
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(package)], env=env, check=True)
    home = Path(tempfile.mkdtemp()) / "home"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "desktop",
            "--home",
            str(home),
            "init",
            "--center",
            "Bench",
            "--admin",
            "bench",
        ],
        env=dict(env, HOMEWARD_PASSWORD="bench-pass-1"),
        check=True,
        stdout=subprocess.DEVNULL,
    )
    bare_cmd = [sys.executable, "-c", BARE]
    ours_cmd = [sys.executable, "-m", "desktop", "--home", str(home)]
    timed(bare_cmd, env)  # warm the file cache for both
    timed(ours_cmd, env)
    bare, ours = [], []
    for _ in range(runs):
        bare.append(timed(bare_cmd, env))
        ours.append(timed(ours_cmd, env))
    bare_median, ours_median = statistics.median(bare), statistics.median(ours)
    print(f"bare PySide6 window : median {bare_median * 1000:7.1f} ms over {runs} runs")
    print(f"Homeward sign-in    : median {ours_median * 1000:7.1f} ms over {runs} runs")
    print(f"ratio               : {ours_median / bare_median:.2f}x (target <= 1.5x)")


if __name__ == "__main__":
    main()
