"""`homeward check` benchmark: its time against a baseline, its peak memory, the database's size.

    .venv/bin/python tests/bench/check.py DATABASE [--rounds 3]

DATABASE is a Homeward database at the current schema with its key beside it
(make one with ``homeward --home DIR demo --children 100000``).

In the same run, alternating, medians of ``--rounds``, wall-clock and CPU seconds
(this process, its threads and the second process ``check`` starts):

- baseline: ``PRAGMA integrity_check`` plus one SHA-256 pass over every audit
  row's bytes (reading them in order);
- ``check_database`` as the command line runs it.

Target: check within 1.5x of the baseline. Peak memory: ``check`` in a fresh
process, ``ru_maxrss`` printed; target at most 200 MB. Also prints the file's
size and the audit trail's share of it (``dbstat``).
"""

from __future__ import annotations

import argparse
import hashlib
import resource
import sqlite3
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))


def cpu_seconds() -> float:
    """CPU time used so far by this process, its threads and its finished children."""
    own, children = (
        resource.getrusage(resource.RUSAGE_SELF),
        resource.getrusage(resource.RUSAGE_CHILDREN),
    )
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def timed(run: Callable[[Path], None], path: Path) -> tuple[float, float]:
    """``run(path)``'s wall-clock and CPU seconds."""
    cpu, started = cpu_seconds(), time.perf_counter()
    run(path)
    return time.perf_counter() - started, cpu_seconds() - cpu


def baseline(path: Path) -> None:
    """integrity_check plus a sha256 pass over the trail."""
    connection = sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True)
    assert connection.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    digest = hashlib.sha256()
    for row in connection.execute("SELECT * FROM audit_entry ORDER BY id"):
        digest.update(repr(row).encode())
    connection.close()


def check(path: Path) -> None:
    """The whole of ``homeward check``."""
    from desktop.core.audit.check import check_database

    problems = check_database(path)
    assert problems == [], problems[:3]


def peak_memory(path: Path) -> float:
    """``check`` in a fresh process: its peak resident size in MB."""
    code = (
        "import resource, sys; from pathlib import Path; "
        "from desktop.core.audit.check import check_database; "
        f"check_database(Path({str(path)!r})); "
        "print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
    )
    return int(out.stdout.strip().splitlines()[-1]) / 1024


def sizes(path: Path) -> tuple[float, float]:
    """The file's size and the audit trail's (table and indexes), in MB."""
    connection = sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True)
    try:
        trail = connection.execute(
            "SELECT sum(pgsize) FROM dbstat WHERE name = 'audit_entry' OR name LIKE 'ix_audit%'"
        ).fetchone()[0]
    except sqlite3.OperationalError:
        trail = 0
    connection.close()
    return path.stat().st_size / 1e6, (trail or 0) / 1e6


def main() -> None:
    """Run the benchmark and print the figures."""
    parser = argparse.ArgumentParser()
    parser.add_argument("database", type=Path)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    path = args.database.resolve()
    total, trail = sizes(path)
    print(f"database: {total:8.1f} MB, of which the audit trail {trail:.1f} MB")
    bases, checks = [], []
    for _round in range(args.rounds):
        bases.append(timed(baseline, path))
        checks.append(timed(check, path))
    base, mine = (statistics.median(t[0] for t in runs) for runs in (bases, checks))
    base_cpu, mine_cpu = (statistics.median(t[1] for t in runs) for runs in (bases, checks))
    print(f"integrity_check + sha256 of the trail: {base:6.2f} s  ({base_cpu:6.2f} s of CPU)")
    print(f"homeward check:                        {mine:6.2f} s  ({mine_cpu:6.2f} s of CPU)")
    print(f"ratio: {mine / base:.2f}  (target <= 1.5)")
    print(f"CPU ratio: {mine_cpu / base_cpu:.2f}  (check uses two cores; on a busy machine the")
    print("wall-clock ratio tends to this one)")
    print(f"peak memory of check: {peak_memory(path):.0f} MB (target <= 200)")
    print(f"this process: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")


if __name__ == "__main__":
    main()
