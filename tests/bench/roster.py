"""The daily roster and the occupancy board on a big database, against raw sqlite3.

    .venv/bin/python tests/bench/roster.py --db PATH/homeward.sqlite [--days 20]

For a spread of days over the demo's five years (and today) it times the core's
roster query (``residence.roster.roster``: permission check, one SQL statement,
the rows as objects) and the board (rooms, beds and everyone in the center now),
and the same question put to the file with the standard library's sqlite3 (the
stays overlapping the day joined to their child, fetched as tuples), in this run.
Prints the medians, the worst, and the ratio to sqlite3 (target: 100 ms in core).
Build the database with ``homeward --home DIR demo --children 100000``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sqlite3
import statistics
import time
from pathlib import Path

from desktop.core.clock import local_midnight_utc
from desktop.core.residence import roster
from desktop.core.store.db import Database
from desktop.core.store.models import Staff

RAW = (
    "SELECT c.id, a.id, c.case_no, c.name, c.sex, c.birth_date, c.category, a.arrived_at, "
    "a.discharged_at FROM admission a JOIN child c ON c.id = a.child_id "
    "WHERE a.voided_at IS NULL AND c.voided_at IS NULL AND a.arrived_at < ? "
    "AND (a.discharged_at IS NULL OR a.discharged_at >= ?)"
)


RAW_BOARD = (
    "SELECT c.id, a.id, c.case_no, c.name, c.alias, c.sex, c.birth_date, c.category, "
    "a.arrived_at, a.discharged_at, p.id, p.kind, r.name, b.label, b.id, p.place "
    "FROM admission a JOIN child c ON c.id = a.child_id "
    "LEFT JOIN placement p ON p.admission_id = a.id AND p.ended_at IS NULL "
    "AND p.voided_at IS NULL LEFT JOIN bed b ON b.id = p.bed_id "
    "LEFT JOIN room r ON r.id = b.room_id "
    "WHERE a.discharged_at IS NULL AND a.voided_at IS NULL AND c.voided_at IS NULL"
)


def _timed(call: object) -> tuple[float, int]:
    started = time.perf_counter()
    rows = call()  # type: ignore[operator]
    return (time.perf_counter() - started) * 1000, len(rows)


def main() -> None:
    """Time the roster of ``--days`` days, the board, and the raw query."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", required=True)
    parser.add_argument("--days", type=int, default=20)
    args = parser.parse_args()
    path = Path(args.db)
    db = Database.open(path)
    with db.session() as session:
        admin = session.query(Staff).filter_by(username="admin").one()
    today = dt.date.today()
    days = [today - dt.timedelta(days=round(i * 5 * 365 / args.days)) for i in range(args.days)]
    raw = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    core_ms, raw_ms, sizes = [], [], []
    roster.roster(db, admin, today)  # warm the connection and the statement cache
    for day in days:
        start, end = local_midnight_utc(day), local_midnight_utc(day + dt.timedelta(days=1))
        bounds = (end.strftime("%Y-%m-%d %H:%M:%S"), start.strftime("%Y-%m-%d %H:%M:%S"))
        elapsed, size = _timed(lambda d=day: roster.roster(db, admin, d))
        core_ms.append(elapsed)
        sizes.append(size)
        elapsed, raw_size = _timed(lambda b=bounds: raw.execute(RAW, b).fetchall())
        raw_ms.append(elapsed)
        assert raw_size == size, (day, raw_size, size)
    board_ms, raw_board_ms = [], []
    for _ in range(5):
        elapsed, _size = _timed(lambda: roster.board(db, admin).residents)
        board_ms.append(elapsed)
        elapsed, _size = _timed(lambda: raw.execute(RAW_BOARD).fetchall())
        raw_board_ms.append(elapsed)
    core, base = statistics.median(core_ms), statistics.median(raw_ms)
    print(
        f"roster of {len(days)} days ({min(sizes)}-{max(sizes)} children): core median "
        f"{core:.1f} ms, worst {max(core_ms):.1f} ms; raw sqlite3 median {base:.1f} ms; "
        f"ratio {core / base:.1f}x (target 100 ms)"
    )
    board, raw_board = statistics.median(board_ms), statistics.median(raw_board_ms)
    print(
        f"board now ({len(roster.board(db, admin).residents)} children): median "
        f"{board:.1f} ms, worst {max(board_ms):.1f} ms; raw sqlite3 median {raw_board:.1f} ms; "
        f"ratio {board / raw_board:.1f}x (target 100 ms)"
    )
    _print_roster(db, admin, days[0])
    db.close()


def _plain_table(rows: list[list[str]]) -> bytes:
    """The baseline: the same cells as a bare ReportLab table of strings, no fonts of ours."""
    import io

    from reportlab.lib.pagesizes import A4
    from reportlab.platypus import SimpleDocTemplate, Table

    buffer = io.BytesIO()
    SimpleDocTemplate(buffer, pagesize=A4).build([Table(rows, repeatRows=1)])
    return buffer.getvalue()


def _print_roster(db: Database, admin: Staff, day: dt.date) -> None:
    """Time the printed roster of 1,000 children against a bare ReportLab table."""
    from desktop.core.forms.data import CenterInfo
    from desktop.core.forms.roster_form import build_roster

    with db.session() as session:
        residents = roster.roster_rows(session, day)[:1000]
    center = CenterInfo("示例市未成年人救助保护中心")
    build_roster(center, day, residents[:10])  # fonts registered, modules loaded
    started = time.perf_counter()
    pdf = build_roster(center, day, residents)
    ours = time.perf_counter() - started
    cells = [[str(n), r.case_no, r.name, r.sex, str(r.age), r.category, str(r.arrived_at),
              str(r.days), r.where] for n, r in enumerate(residents, start=1)]  # fmt: skip
    started = time.perf_counter()
    _plain_table([["#"] * 9, *cells])
    bare = time.perf_counter() - started
    print(
        f"printed roster of {len(residents)} children: {ours:.2f} s, {len(pdf) // 1024} KB; "
        f"bare ReportLab table {bare:.2f} s; ratio {ours / bare:.1f}x (target 2 s)"
    )


if __name__ == "__main__":
    main()
