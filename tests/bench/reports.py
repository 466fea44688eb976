"""The director's view on a big database: a year's statistics, the export of every
child, the import of a 10,000-row ledger, each with a baseline measured in the same run.

    .venv/bin/python tests/bench/reports.py --db PATH/homeward.sqlite [--year 2025]

Build the database with ``HOMEWARD_PASSWORD=... homeward --home DIR demo --children 100000``.
Targets: statistics of a year at most 1 s; export to .xlsx under 60 s; import of
10,000 rows under 30 s. Baselines: one raw sqlite3 GROUP BY over the year's
admissions; the children table dumped to CSV by raw sqlite3; openpyxl reading the
ledger it imports. The export and the import work on copies; the database given
is only read.
"""

from __future__ import annotations

import argparse
import csv
import sqlite3
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "integration"))

from dbtools import copy_database
from ledgertools import ledger_rows, plain_ledger

from desktop.config import resolve_paths
from desktop.core.center import CenterProfile
from desktop.core.reports import export, ledger, stats
from desktop.core.setup import initialise
from desktop.core.staff.access import COMMAND_LINE
from desktop.core.store.db import Database, OpenMode


def _best(work, runs: int = 3) -> float:  # type: ignore[no-untyped-def]
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        work()
        times.append(time.perf_counter() - started)
    return min(times)


def bench_statistics(path: Path, year: int) -> None:
    db = Database.open(path, OpenMode.READ)
    period = stats.Period.of(year)
    start, end = period.bounds()
    ours = _best(lambda: stats.statistics(db, COMMAND_LINE, period))
    tables = len(stats.statistics(db, COMMAND_LINE, period).tables)
    db.close()
    raw = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    query = (
        "SELECT c.category, count(*) FROM admission a JOIN child c ON c.id = a.child_id "
        "WHERE a.arrived_at >= ? AND a.arrived_at < ? AND a.voided_at IS NULL "
        "GROUP BY c.category"
    )
    bounds = (start.strftime("%Y-%m-%d %H:%M:%S"), end.strftime("%Y-%m-%d %H:%M:%S"))
    baseline = _best(lambda: raw.execute(query, bounds).fetchall())
    raw.close()
    print(f"statistics of {year} ({tables} tables): {ours * 1000:.0f} ms (target <= 1000 ms); "
          f"one raw GROUP BY: {baseline * 1000:.0f} ms; ratio {ours / baseline:.1f}x")  # fmt: skip


def bench_export(path: Path, folder: Path) -> None:
    db = Database.open(path, OpenMode.READ)
    copy = folder / "copy.sqlite"
    db.close()
    copy_database(path, copy)  # with its audit key: the export adds an entry
    db = Database.open(copy)
    started, cpu = time.perf_counter(), time.process_time()
    done = export.export_children(db, COMMAND_LINE, folder / "all.xlsx")
    ours, ours_cpu = time.perf_counter() - started, time.process_time() - cpu
    db.close()
    raw = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    started = time.perf_counter()
    with (folder / "raw.csv").open("w", newline="", encoding="utf-8") as handle:
        csv.writer(handle).writerows(raw.execute("SELECT * FROM child"))
    baseline = time.perf_counter() - started
    raw.close()
    print(f"export of {done.rows} children to .xlsx: {ours:.1f} s, CPU {ours_cpu:.1f} s "
          f"(target < 60 s); "
          f"raw sqlite3 dump of the child table to CSV: {baseline:.1f} s; "
          f"ratio {ours / baseline:.1f}x")  # fmt: skip


def bench_import(folder: Path, rows: int = 10_000) -> None:
    book = plain_ledger(folder / "ledger.xlsx", ledger_rows(rows))
    db, _admin = initialise(resolve_paths(folder / "fresh"), CenterProfile(name="基准测试中心"),
                            "admin", "Admin", "correct-horse-9")  # fmt: skip
    started = time.perf_counter()
    done = ledger.import_ledger(db, COMMAND_LINE, book)
    ours = time.perf_counter() - started
    db.close()
    from openpyxl import load_workbook

    baseline = _best(lambda: load_workbook(book, data_only=True), runs=1)
    print(f"import of {done.children} rows: {ours:.1f} s (target < 30 s); openpyxl "
          f"reading the same file: {baseline:.1f} s; ratio {ours / baseline:.1f}x")  # fmt: skip


def main() -> None:
    """Run the three benchmarks."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", required=True, type=Path)
    parser.add_argument("--year", type=int, default=2025)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        bench_statistics(args.db, args.year)
        bench_export(args.db, Path(folder))
        bench_import(Path(folder))


if __name__ == "__main__":
    main()
