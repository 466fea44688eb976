"""How long the GUI thread is blocked while a user action is saved, on a big database.

    .venv/bin/python tests/bench/write_block.py --db PATH/homeward.sqlite [--rounds 5]

A 2 ms timer on the GUI's event loop records the longest gap between its ticks
while each action runs. Each action is run two ways in the same process:
through the runner (``Operations.write``: the work on a worker thread, the
screens redrawing after it), and as a plain call on the GUI thread (the
baseline: how long the thread would be blocked without the runner). The
children list and the dashboard are open, so their redrawing after each change
counts too. Target: the longest gap through the runner at most 100 ms.

Build a database with ``homeward --home DIR demo --children 100000``.
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import os
import statistics
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QCoreApplication, QSettings, QTimer
from PySide6.QtWidgets import QApplication, QWidget

from desktop.config import resolve_paths
from desktop.core.children import intake
from desktop.core.store.db import Database
from desktop.core.store.models import Staff
from desktop.views.children_page import ChildrenPage
from desktop.views.context import SessionContext
from desktop.views.dashboard_page import DashboardPage

TARGET_MS = 100.0


class GapMeter:
    """The longest time between two ticks of a fast timer on the GUI thread."""

    def __init__(self) -> None:
        self.timer = QTimer()
        self.timer.setInterval(2)
        self.timer.timeout.connect(self._tick)
        self.last = 0.0
        self.longest = 0.0

    def _tick(self) -> None:
        now = time.perf_counter()
        self.longest = max(self.longest, now - self.last)
        self.last = now

    def measure(self, action: Callable[[], Any]) -> float:
        """Run ``action`` from the event loop; return the longest gap in ms."""
        self.longest = 0.0
        self.last = time.perf_counter()
        self.timer.start()

        def run() -> None:  # a slot that returns a value upsets PySide's reference counts
            action()

        QTimer.singleShot(0, run)
        settle = time.perf_counter() + 0.3
        while time.perf_counter() < settle:  # the action, then the redraws it causes
            QCoreApplication.processEvents()
        self.timer.stop()
        return self.longest * 1000


def actions(db: Database, admin: Staff, round_no: int) -> dict[str, Callable[..., Any]]:
    """Each kind of user action, as a function of how it is run."""
    arrived = dt.datetime.now(dt.UTC) - dt.timedelta(hours=1)
    child = intake.ChildInput(alias=f"测{round_no}", sex="male", category="street",
                              estimated_age=9, appearance="左臂胎记")  # fmt: skip
    stay = intake.AdmissionInput(arrived_at=arrived, arrival_mode="police")
    note = intake.NoteInput(text="夜间情绪稳定")

    def newest() -> int:
        with db.session() as session:
            from sqlalchemy import func, select

            from desktop.core.store.models import Child

            return int(session.scalar(select(func.max(Child.id))) or 0)

    return {
        "register a child": lambda run: run(intake.register_child, child, stay),
        "add a note": lambda run: run(intake.add_note, newest(), note),
        "edit the profile": lambda run: run(
            intake.update_child, newest(), dataclasses.replace(child, dialect=f"方言{round_no}")
        ),
    }


def main() -> None:
    """Print, per action, the longest GUI gap through the runner and as a plain call."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", required=True, type=Path)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    app = QApplication([])
    db = Database.open(args.db)
    with db.session() as session:
        admin = session.query(Staff).filter_by(username="admin").one()
    state = QSettings(str(args.db.parent / "bench-ui.ini"), QSettings.Format.IniFormat)
    context = SessionContext.open(resolve_paths(args.db.parent), db, admin, state)
    screens = [ChildrenPage(context), DashboardPage(context)]
    for screen in screens:
        screen.resize(1000, 600)
        screen.show()
    context.ops.warm_up()  # as the program does once someone has signed in
    settle = time.perf_counter() + 2
    while time.perf_counter() < settle:
        QCoreApplication.processEvents()
    parent = QWidget()
    meter = GapMeter()
    results: dict[str, tuple[list[float], list[float]]] = {}

    def through_runner(service: Callable[..., Any], *a: Any) -> Any:
        return context.ops.write(parent, service, *a)

    def plain(service: Callable[..., Any], *a: Any) -> Any:
        return service(db, admin, *a)

    for round_no in range(args.rounds):
        for name, act in actions(db, admin, round_no).items():
            runner_ms = meter.measure(lambda act=act: act(through_runner))
            plain_ms = meter.measure(lambda act=act: act(plain))
            entry = results.setdefault(name, ([], []))
            entry[0].append(runner_ms)
            entry[1].append(plain_ms)
    for name, (runner, _baseline) in results.items():
        print(f"{name:<18} runner, each round: " + " ".join(f"{ms:.0f}" for ms in runner))
    print(f"{'action':<18} {'runner max':>11} {'plain median':>13} {'ratio':>6}   target")
    worst = 0.0
    for name, (runner, baseline) in results.items():
        worst = max(worst, max(runner))
        base = statistics.median(baseline)
        print(f"{name:<18} {max(runner):>9.1f}ms {base:>11.1f}ms {max(runner) / base:>6.2f}"
              f"   <= {TARGET_MS:.0f} ms")  # fmt: skip
    print(f"longest GUI gap through the runner: {worst:.1f} ms "
          f"({'met' if worst <= TARGET_MS else 'NOT met'})")  # fmt: skip
    db.close()
    app.quit()


if __name__ == "__main__":
    main()
