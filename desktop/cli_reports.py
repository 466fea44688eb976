"""``homeward export``, ``import`` and ``stats``: the ledger and the figures from the command line.

The command line acts as itself (``COMMAND_LINE``), which may export and import;
the audit trail names it so. Files are written whole or not at all, owner-only.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from desktop.config import Paths
from desktop.core.i18n import _, ngettext, pgettext

EXIT_OK, EXIT_BAD = 0, 1


def add_commands(commands: Any) -> None:
    """Add ``export``, ``import`` and ``stats`` to the CLI's sub-command parsers."""
    export = commands.add_parser(
        "export", help=_("write every child to a ledger file (.xlsx or .csv by its name)")
    )
    export.add_argument("file", metavar="FILE", type=Path, help=_("the .xlsx or .csv to write"))
    export.set_defaults(handler=cmd_export)
    ledger = commands.add_parser(
        "import",
        help=_("import children from the center's existing ledger (.xlsx or .csv); all or nothing"),
    )
    ledger.add_argument("file", metavar="FILE", type=Path, help=_("the ledger file"))
    ledger.add_argument(
        "--dry-run",
        action="store_true",
        help=_("only check every row and list the problems; write nothing"),
    )
    ledger.add_argument(
        "--skip-bad",
        action="store_true",
        help=_("import the good rows and leave out the rows with problems"),
    )
    ledger.set_defaults(handler=cmd_import)
    figures = commands.add_parser(
        "stats", help=_("the statistics of a month, quarter or year (to the screen or a file)")
    )
    figures.add_argument("--year", required=True, type=int, metavar="Y", help=_("the year"))
    which = figures.add_mutually_exclusive_group()
    which.add_argument("--month", type=int, metavar="M", help=_("a month of the year (1-12)"))
    which.add_argument("--quarter", type=int, metavar="Q", help=_("a quarter (1-4)"))
    figures.add_argument(
        "-o",
        "--output",
        type=Path,
        metavar="OUT",
        help=_("write them to OUT.xlsx, OUT.csv or OUT.pdf (the printed report)"),
    )
    figures.set_defaults(handler=cmd_stats)


def _open_for_writing(paths: Paths) -> Any:
    from desktop.core.store.db import Database

    return Database.open(paths.db_file, snapshots=paths.snapshots_dir)


def _progress(label: str) -> Any:
    def report(done: int, total: int) -> None:
        if sys.stderr.isatty():
            print(f"\r{label} {done * 100 // max(total, 1)}%", end="", file=sys.stderr)

    return report


def cmd_export(args: argparse.Namespace, paths: Paths) -> int:
    """Write all children to FILE."""
    from desktop.core.reports.export import export_children
    from desktop.core.reports.sheets import check_target, file_format
    from desktop.core.staff.access import COMMAND_LINE

    file_format(args.file)
    check_target(args.file)
    db = _open_for_writing(paths)
    try:
        done = export_children(db, COMMAND_LINE, args.file, progress=_progress(_("Exporting")))
    finally:
        db.close()
    if sys.stderr.isatty():
        print(file=sys.stderr)
    print(
        ngettext(
            "{n} child written to {path}.", "{n} children written to {path}.", done.rows
        ).format(n=done.rows, path=done.path)
    )
    return EXIT_OK


def cmd_import(args: argparse.Namespace, paths: Paths) -> int:
    """Check the ledger FILE row by row; import it unless ``--dry-run``.

    Each problem is printed on its own line (``Row 12: ...``); rows with problems
    give exit code 1 and write nothing, unless ``--skip-bad`` leaves them out.
    """
    from desktop.core.reports import ledger
    from desktop.core.staff.access import COMMAND_LINE

    db = _open_for_writing(paths)
    try:
        checked = ledger.dry_run(db, COMMAND_LINE, args.file, progress=_progress(_("Checking")))
        if sys.stderr.isatty():
            print(file=sys.stderr)
        for line in checked.problem_lines():
            print(line)
        bad = len(checked.bad_rows)
        if bad and (args.dry_run or not args.skip_bad):
            print(
                ngettext(
                    "{n} of {total} rows has problems; nothing was imported.",
                    "{n} of {total} rows have problems; nothing was imported.",
                    bad,
                ).format(n=bad, total=checked.rows)
            )
            return EXIT_BAD
        if args.dry_run:
            print(
                ngettext(
                    "{n} row can be imported.", "{n} rows can be imported.", len(checked.good)
                ).format(n=len(checked.good))
            )
            return EXIT_OK
        done = ledger.import_ledger(
            db, COMMAND_LINE, args.file, skip_bad=args.skip_bad, progress=_progress(_("Importing"))
        )
    finally:
        db.close()
    if sys.stderr.isatty():
        print(file=sys.stderr)
    print(
        ngettext(
            "Imported {n} child (cases {first} to {last}).",
            "Imported {n} children (cases {first} to {last}).",
            done.children,
        ).format(n=done.children, first=done.first_case, last=done.last_case)
    )
    if done.skipped:
        print(
            _("Left out on purpose: rows {rows}.").format(
                rows=pgettext("list separator", ", ").join(str(row) for row in done.skipped)
            )
        )
    return EXIT_OK


def cmd_stats(args: argparse.Namespace, paths: Paths) -> int:
    """Print the statistics of the period, or write them to ``-o``."""
    from desktop.core.reports import stats
    from desktop.core.staff.access import COMMAND_LINE

    period = stats.Period.of(args.year, args.month, args.quarter)
    db = _open_for_writing(paths)
    try:
        if args.output is not None:
            target = stats.export_statistics(db, COMMAND_LINE, period, args.output)
            print(_("Wrote {path}.").format(path=target))
            return EXIT_OK
        figures = stats.statistics(db, COMMAND_LINE, period)
    finally:
        db.close()
    print(period.label())
    for table in figures.tables:
        shown = table.translated(_)
        print()
        print(shown.title)
        for row in shown.rows:
            print("  " + "\t".join(str(value) for value in row))
    return EXIT_OK
