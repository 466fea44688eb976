"""The command line: ``homeward [--home DIR] [COMMAND ...]``; no command starts the program.

Exit codes: 0 done, 1 the thing checked is bad, 2 usage or input error, each
failure with a one-line message on stderr.
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
from collections.abc import Callable, Sequence
from typing import NoReturn

from desktop import __version__
from desktop.cli_backup import add_commands as add_backup_commands
from desktop.cli_print import add_commands as add_print_commands
from desktop.cli_reports import add_commands as add_report_commands
from desktop.config import Paths, Settings, check_data_folder, resolve_paths
from desktop.core import i18n
from desktop.core.errors import DatabaseProblem, HomewardError, ValidationError
from desktop.core.i18n import _, ngettext

log = logging.getLogger(__name__)

EXIT_OK, EXIT_BAD, EXIT_USAGE = 0, 1, 2
PASSWORD_ENV = "HOMEWARD_PASSWORD"


class _Parser(argparse.ArgumentParser):
    """An argument parser whose usage errors are one line on stderr, exit code 2."""

    def error(self, message: str) -> NoReturn:
        hint = _("see homeward --help")
        said = _("{text} ({detail})").format(text=message, detail=hint)
        self.exit(EXIT_USAGE, f"homeward: {said}\n")


def _fail(message: str) -> None:
    print(f"homeward: {message}", file=sys.stderr)


def build_parser() -> argparse.ArgumentParser:
    """Return the parser for every command, its help in the current language."""
    parser = _Parser(
        prog="homeward",
        description=_(
            "Homeward, the intake desk of a minors' rescue and protection center. "
            "Without a command it starts the program."
        ),
    )
    parser.add_argument("--version", action="version", version=f"homeward {__version__}")
    parser.add_argument(
        "--home", metavar="DIR", help=_("use this data folder (also HOMEWARD_HOME)")
    )
    parser.add_argument(
        "--self-test",
        action="store_true",
        help=_(
            "check the installation: a database, a child, every form, a backup and its "
            "restore, in a temporary folder (the data folder is not touched); exit 1 on failure"
        ),
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    init = commands.add_parser("init", help=_("create the database of a new center"))
    init.add_argument("--center", required=True, metavar="NAME", help=_("the center's name"))
    init.add_argument(
        "--admin", required=True, metavar="USER", help=_("user name of the first administrator")
    )
    init.add_argument(
        "--full-name",
        metavar="NAME",
        help=_("the administrator's full name (default: the user name)"),
    )
    init.add_argument("--address", default="", help=_("the center's address"))
    init.add_argument("--phone", default="", help=_("the center's phone number"))
    init.set_defaults(handler=cmd_init)

    demo = commands.add_parser(
        "demo", help=_("create a new database of made-up children, for trying the program")
    )
    demo.add_argument(
        "--children", required=True, type=int, metavar="N", help=_("how many children to make up")
    )
    demo.add_argument(
        "--seed",
        type=int,
        default=1,
        metavar="S",
        help=_("random seed: the same seed gives the same records (default 1)"),
    )
    demo.set_defaults(handler=cmd_demo)

    check = commands.add_parser(
        "check", help=_("check the database and its audit trail; exit 1 when bad")
    )
    check.set_defaults(handler=cmd_check)
    add_print_commands(commands)
    add_backup_commands(commands)
    add_report_commands(commands)
    return parser


def _read_new_password() -> str:
    """Return the password from HOMEWARD_PASSWORD, or ask for it twice at the terminal."""
    from_env = os.environ.get(PASSWORD_ENV)
    if from_env is not None:
        return from_env
    import getpass

    if not sys.stdin or not sys.stdin.isatty():
        raise ValidationError(
            _("No password: set HOMEWARD_PASSWORD or run the command in a terminal.")
        )
    first = getpass.getpass(_("Password for the administrator: "))
    if getpass.getpass(_("The same password again: ")) != first:
        raise ValidationError(_("The two passwords differ."))
    return first


def cmd_init(args: argparse.Namespace, paths: Paths) -> int:
    """Create a new database with the center and its first administrator."""
    from desktop.core.center import CenterProfile
    from desktop.core.setup import initialise

    if paths.db_file.exists():
        _fail(_("{path} already holds a database; nothing was changed.").format(path=paths.db_file))
        return EXIT_USAGE
    password = _read_new_password()
    profile = CenterProfile(name=args.center, address=args.address, phone=args.phone)
    db, admin = initialise(paths, profile, args.admin, args.full_name or args.admin, password)
    db.close()
    print(
        _("Created {path} with administrator {user}.").format(
            path=paths.db_file, user=admin.username
        )
    )
    return EXIT_OK


def cmd_demo(args: argparse.Namespace, paths: Paths) -> int:
    """Create a new database filled with made-up children; progress goes to stderr."""
    from desktop.core.demo.generate import create_demo

    if paths.db_file.exists():
        _fail(_("{path} already holds a database; nothing was changed.").format(path=paths.db_file))
        return EXIT_USAGE
    password = _read_new_password()

    def report(done: int, total: int) -> None:
        print(
            ngettext(
                "{done} of {total} child written", "{done} of {total} children written", total
            ).format(done=done, total=total),
            file=sys.stderr,
        )

    counts = create_demo(paths, password, args.children, seed=args.seed, progress=report)
    print(
        ngettext(
            "Created {path} with {n} made-up child and administrator {user}.",
            "Created {path} with {n} made-up children and administrator {user}.",
            counts.children,
        ).format(path=paths.db_file, n=counts.children, user="admin")
    )
    return EXIT_OK


def cmd_check(args: argparse.Namespace, paths: Paths) -> int:
    """Check integrity, schema and audit trail; print the first problem and exit 1 if any."""
    from desktop.core.audit.check import check_database

    try:
        problems = check_database(paths.db_file, _check_progress if sys.stderr.isatty() else None)
    except DatabaseProblem as error:
        _fail(str(error))
        return EXIT_BAD
    if problems:
        _fail(_("{path} is bad: {problem}").format(path=paths.db_file, problem=problems[0]))
        for extra in problems[1:]:
            print(extra, file=sys.stderr)
        return EXIT_BAD
    print(_("{path} is sound.").format(path=paths.db_file))
    return EXIT_OK


def _check_progress(done: int, total: int) -> None:
    """Show on a terminal how far ``check`` has come through the trail."""
    print(
        "\r"
        + _("Checking the audit trail: {done:,} of {total:,} entries").format(
            done=done, total=total
        ),
        end="\n" if done >= total else "",
        file=sys.stderr,
        flush=True,
    )


def cmd_self_test() -> int:
    """Run ``desktop.selftest`` in a temporary folder: exit 0 when every step passed, else 1."""
    from desktop.selftest import SelfTestFailed, run_self_test

    try:
        run_self_test(lambda line: print(line, flush=True))
    except SelfTestFailed as error:
        _fail(
            _("self-test failed at {step}: {reason}").format(step=error.step, reason=error.reason)
        )
        return EXIT_BAD
    except Exception as error:  # no temporary folder, for one: still one clear line
        _fail(_("self-test failed: {reason}").format(reason=error))
        return EXIT_BAD
    print(_("Self-test passed."))
    return EXIT_OK


def _early_home(argv: Sequence[str]) -> str | None:
    """Find --home before the full parse, so messages can be in the chosen language."""
    early = _Parser(prog="homeward", add_help=False)
    early.add_argument("--home")
    known, _rest = early.parse_known_args(argv)
    return known.home  # type: ignore[no-any-return]


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit code."""
    arguments = list(sys.argv[1:] if argv is None else argv)
    paths = resolve_paths(_early_home(arguments))
    i18n.set_language(Settings(paths.settings_file).get("language"))
    args = build_parser().parse_args(arguments)
    handler: Callable[[argparse.Namespace, Paths], int] | None = getattr(args, "handler", None)
    if args.self_test:
        return cmd_self_test()
    if handler is None:
        from desktop.views.app import run_gui

        return run_gui(paths)
    try:
        if args.command not in ("init", "demo", "verify", "restore"):
            check_data_folder(paths, create=False)
        return handler(args, paths)
    except HomewardError as error:
        _fail(str(error))
        return EXIT_USAGE
    except KeyboardInterrupt:
        _fail(_("Interrupted."))
        return EXIT_USAGE
    except Exception:
        log_file = _start_logging(paths)
        log.exception("command %s failed", args.command)
        _fail(_("Unexpected error; the details are in {log}.").format(log=log_file))
        return EXIT_BAD


def _start_logging(paths: Paths) -> str:
    """Start the log file where possible; return where the details went."""
    from desktop.applog import setup_logging

    try:
        return str(setup_logging(paths.log_dir))
    except OSError:
        logging.basicConfig()
        return "stderr"
