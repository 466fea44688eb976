"""Entry script for the PyInstaller bundle: both executables run ``desktop.cli.main``.

``homeward-gui`` (windowed: no console) starts the program; ``homeward`` (console) is
the same code for scripting and scheduled backups, e.g. ``homeward backup --to E:\\``.
"""

import multiprocessing
import os
import sys


def _give_streams() -> None:
    # A windowed executable on Windows starts with sys.stdout/stderr set to None;
    # anything that prints (argparse, --version, a warning) would then crash.
    for name in ("stdout", "stderr"):
        if getattr(sys, name) is None:
            setattr(sys, name, open(os.devnull, "w", encoding="utf-8"))  # noqa: SIM115


if __name__ == "__main__":
    multiprocessing.freeze_support()
    _give_streams()
    from desktop.cli import main

    sys.exit(main())
