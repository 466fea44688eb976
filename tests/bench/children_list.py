"""The children list opening on a big database, in a fresh process each time.

    .venv/bin/python tests/bench/children_list.py --db PATH/homeward.sqlite [--runs 5]

Prints the median time from creating the page to its first shown rows, and the
process's peak RSS, against the targets (300 ms, 250 MB). Build a database with
``homeward --home DIR demo --children 100000`` (or reuse tests/bench/search.py's).
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys

CHILD = r"""
import os, resource, sys, time
os.environ["QT_QPA_PLATFORM"] = "offscreen"
from pathlib import Path
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication
app = QApplication([])
from desktop.config import resolve_paths
from desktop.core.store.db import Database
from desktop.core.store.models import Staff
from desktop.views.context import SessionContext
from desktop.views.children_page import ChildrenPage
path = Path(sys.argv[1])
db = Database.open(path)
with db.session() as session:
    admin = session.query(Staff).filter_by(username="admin").one()
state = QSettings(str(path.parent / "bench-ui.ini"), QSettings.Format.IniFormat)
context = SessionContext.open(resolve_paths(path.parent), db, admin, state)
started = time.perf_counter()
page = ChildrenPage(context)
page.resize(1100, 700)
page.show()
app.processEvents()
elapsed = time.perf_counter() - started
rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(f"{elapsed * 1000:.1f} {rss:.0f} {page.model.total}")
"""


def main() -> None:
    """Open the list ``--runs`` times and print the median and the peak memory."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", required=True)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    times, peaks, total = [], [], 0
    for _ in range(args.runs):
        out = subprocess.run([sys.executable, "-c", CHILD, args.db], capture_output=True,
                             text=True, check=True).stdout.split()  # fmt: skip
        times.append(float(out[0]))
        peaks.append(float(out[1]))
        total = int(out[2])
    print(
        f"children list on {total} children: median {statistics.median(times):.0f} ms, "
        f"peak RSS {max(peaks):.0f} MB over {args.runs} runs (targets 300 ms, 250 MB)"
    )


if __name__ == "__main__":
    main()
