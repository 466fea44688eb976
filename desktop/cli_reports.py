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
from desktop.core.i18n import _, ngettext

EXIT_OK, EXIT_BAD = 0, 1


def add_commands(commands: Any) -> None:
    """Add ``export`` to the CLI's sub-command parsers."""
    export = commands.add_parser(
        "export", help=_("write every child to a ledger file (.xlsx or .csv by its name)")
    )
    export.add_argument("file", metavar="FILE", type=Path, help=_("the .xlsx or .csv to write"))
    export.set_defaults(handler=cmd_export)


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
