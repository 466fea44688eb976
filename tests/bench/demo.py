"""Demo-data benchmark: how long ``homeward demo --children N`` takes.

    .venv/bin/python tests/bench/demo.py [--children N] [--check] [--keep]

Runs the command as a fresh process in a temporary data folder and prints the
wall time (target for 100,000 children: 2 minutes), the database's size and,
with ``--check``, how long ``homeward check`` then takes and what it says.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def homeward(home: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """Run ``python -m desktop --home HOME ARGS`` and return the finished process."""
    env = dict(os.environ, HOMEWARD_PASSWORD="bench-pass-1", LANG="en_US.UTF-8")
    env.pop("LANGUAGE", None)
    env.pop("LC_ALL", None)
    return subprocess.run(
        [sys.executable, "-m", "desktop", "--home", str(home), *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )


def main() -> None:
    """Time the demo command (and the check) once; print the figures."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--children", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--check", action="store_true", help="also time `homeward check`")
    parser.add_argument("--keep", action="store_true", help="keep the data folder")
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="homeward-demo-bench-"))
    home = folder / "home"
    print(f"load average before: {os.getloadavg()[0]:.2f}")
    started = time.perf_counter()
    made = homeward(home, "demo", "--children", str(args.children), "--seed", str(args.seed))
    elapsed = time.perf_counter() - started
    if made.returncode != 0:
        raise SystemExit(f"demo failed ({made.returncode}): {made.stderr}")
    size = (home / "homeward.sqlite").stat().st_size / 1e6
    print(made.stdout.strip())
    print(
        f"demo --children {args.children}: {elapsed:.1f} s, database {size:.0f} MB (target 120 s)"
    )
    if args.check:
        started = time.perf_counter()
        checked = homeward(home, "check")
        print(
            f"check: {time.perf_counter() - started:.1f} s, exit {checked.returncode}: "
            f"{(checked.stdout or checked.stderr).strip()}"
        )
    if args.keep:
        print(f"kept {home}")
    else:
        shutil.rmtree(folder)


if __name__ == "__main__":
    main()
