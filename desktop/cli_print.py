"""``homeward print FORM [CASE_NO] -o OUT.pdf``: a printed form from the command line.

Without a case number the form prints blank, for handwriting.

The command line has no signed-in user: it acts as itself (``COMMAND_LINE``),
which may print and issue a notice, and the audit trail names it so (whoever
can run the command can read the data folder anyway). The PDF is written
through a temporary file, so a failed run never leaves half a PDF behind.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path
from typing import Any

from desktop.config import Paths
from desktop.core.errors import ValidationError
from desktop.core.forms.data import PlanChoice
from desktop.core.forms.registry import FORMS
from desktop.core.i18n import _

EXIT_OK = 0
#: The roster is of a day, not of a case.
ROSTER = "roster"
#: The form of one follow-up visit (``--months``).
VISIT = "visit"


def add_commands(commands: Any) -> None:
    """Add ``print`` to the CLI's sub-command parsers (``parser.add_subparsers()``)."""
    listing = "\n".join(
        [
            f"  {key:<11} "
            + _("{label}: {value}").format(label=spec.title, value=_(spec.description))
            for key, spec in FORMS.items()
        ]
        + [
            f"  {ROSTER:<11} "
            + _("{label}: {value}").format(
                label="在站人员名册", value=_("Who was in the center on a day (--date)")
            )
        ]
    )
    command = commands.add_parser(
        "print",
        help=_("write a printed form of a case as PDF"),
        description=_(
            "Write a printed form of a case as PDF. The audit trail records what the "
            "command line does as done by the command line."
        ),
        epilog=_("Forms:")
        + "\n"
        + listing
        + "\n\n"
        + _("{forms}: of the child's newest return home plan (of --admission when given).").format(
            forms=", ".join(key for key, spec in FORMS.items() if spec.plan)
        )
        + "\n"
        + _(
            "{visit}: of the visit --months M after the handover (default: the next not made)."
        ).format(visit=VISIT),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    command.add_argument(
        "form",
        metavar="FORM",
        choices=[*FORMS, ROSTER],
        help=_("the form: {forms}").format(forms=", ".join([*FORMS, ROSTER])),
    )
    command.add_argument(
        "case_no",
        metavar="CASE_NO",
        nargs="?",
        help=_("the case number, e.g. 2026-0013 (none: the form printed blank, to fill by hand)"),
    )
    command.add_argument(
        "-o", "--output", required=True, metavar="OUT.pdf", help=_("where to write the PDF")
    )
    command.add_argument(
        "--admission",
        type=int,
        metavar="ID",
        help=_("the admission to print (default: the latest)"),
    )
    command.add_argument(
        "--reason",
        default="",
        metavar="TEXT",
        help=_(
            "notice only: why a family-search notice is published for a child whose family "
            "is known or who was harmed (recorded with the notice)"
        ),
    )
    command.add_argument(
        "--months",
        type=int,
        metavar="M",
        help=_(
            "visit only: the follow-up visit due M months after the handover (default: the "
            "next visit not yet made, else the last one made)"
        ),
    )
    command.add_argument(
        "--date",
        metavar="YYYY-MM-DD",
        help=_("roster only: the day (default: today)"),
    )
    command.set_defaults(handler=cmd_print)


def _open_database(paths: Paths, *, writes: bool = False) -> Any:
    """Open the database: read-only when its schema is current and nothing is written
    (issuing a notice records its date), else for writing, upgraded first."""
    from desktop.core.store.db import Database, OpenMode, read_revision
    from desktop.core.store.migrations import HEAD

    if not writes and read_revision(paths.db_file) == HEAD:
        return Database.open(paths.db_file, OpenMode.READ)
    return Database.open(paths.db_file, snapshots=paths.snapshots_dir)


def _write(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path``, owner-only, through a temporary file in the same folder."""
    from desktop.core.private_files import write_private_bytes

    write_private_bytes(path, data)


def _roster_day(args: argparse.Namespace) -> dt.date | None:
    """The roster's day (today unless --date); None for the other forms."""
    if args.form != ROSTER:
        if args.date is not None:
            raise ValidationError(_("--date is for the roster only."), field="date")
        return None
    if args.case_no is not None:
        raise ValidationError(_("The roster is of a day, not of a case: use --date."), field="date")
    if args.date is None:
        return dt.date.today()
    try:
        return dt.date.fromisoformat(args.date)
    except ValueError:
        raise ValidationError(
            _("--date: give the day as YYYY-MM-DD, e.g. 2026-11-29."), field="date"
        ) from None


def _plan_choice(args: argparse.Namespace) -> PlanChoice | None:
    """Which visit the 回访记录表 is of (``--months``); None for the other forms."""
    months = getattr(args, "months", None)
    if months is None:
        return None
    if args.form != VISIT:
        raise ValidationError(_("--months is for the visit form only."), field="months")
    if args.case_no is None:
        raise ValidationError(_("--months needs a case number."), field="months")
    return PlanChoice(months=months)


def cmd_print(args: argparse.Namespace, paths: Paths) -> int:
    """Render FORM for CASE_NO as the command line; write it to -o.

    A form about a return home (接领交接单, 护送返乡交接单, 回访记录表) is of the child's
    newest plan (of ``--admission`` when given); the 回访记录表 of the visit ``--months``
    after the handover, by default the next one not yet made.
    """
    from desktop.core.forms.service import NOTICE, form_warnings, render, render_blank
    from desktop.core.staff.access import COMMAND_LINE

    if args.case_no is None and args.admission is not None:
        raise ValidationError(_("--admission needs a case number."), field="admission")
    plan = _plan_choice(args)
    output = Path(args.output).expanduser()
    if output.is_dir():
        raise ValidationError(
            _("{path} is a folder; give the PDF's file name.").format(path=output)
        )
    if not output.parent.is_dir():
        raise ValidationError(_("The folder {path} does not exist.").format(path=output.parent))
    day = _roster_day(args)
    issuing = args.form == NOTICE and args.case_no is not None
    db = _open_database(paths, writes=issuing)
    try:
        actor = COMMAND_LINE  # named as such in the trail, never as a staff member
        if day is not None:
            from desktop.core.forms.service import print_roster

            pdf = print_roster(db, actor, day)
        elif args.case_no is None:
            pdf = render_blank(db, actor, args.form)
        else:
            pdf = render(db, actor, args.form, args.case_no, admission_id=args.admission,
                         reason=args.reason, plan=plan)  # fmt: skip
            for warning in form_warnings(db, actor, args.form, args.case_no, args.admission, plan):
                print(_("Warning: {warning}").format(warning=warning), file=sys.stderr)
    finally:
        db.close()
    try:
        _write(output, pdf)
    except OSError as error:
        raise ValidationError(
            _("{path} cannot be written: {reason}").format(path=output, reason=error.strerror)
        ) from error
    print(_("Wrote {path}.").format(path=output), file=sys.stdout)
    return EXIT_OK
