"""Start-up of the built bundle against the program started from source.

    installers/build-linux.sh --no-deb
    .venv/bin/python tests/bench/bundle_startup.py [--bundle build/dist/homeward] [--runs N]

Both start as fresh processes, offscreen, alternately, in the same run, on the same
data folder (a database made once), and print a line at their first painted window
(``HOMEWARD_EXIT_AFTER_PAINT``): the sign-in window. The medians of the wall time from
process start to that line, and their ratio, are printed. Target: the bundle at most
2x the start from source.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from startup import timed  # the same measurement as the start-up benchmark

ROOT = Path(__file__).resolve().parents[2]


def main() -> None:
    """Measure both, alternately, and print medians and the ratio."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--bundle", type=Path, default=ROOT / "build" / "dist" / "homeward")
    parser.add_argument("--runs", type=int, default=9)
    args = parser.parse_args()
    program = args.bundle / "homeward-gui"
    if not program.exists():
        sys.exit(f"no bundle at {args.bundle}: build it with installers/build-linux.sh --no-deb")
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", HOMEWARD_EXIT_AFTER_PAINT="1")
    env.pop("PYTHONDONTWRITEBYTECODE", None)  # an installed program starts from bytecode
    subprocess.run(
        [sys.executable, "-m", "compileall", "-q", str(ROOT / "desktop")], env=env, check=True
    )
    home = Path(tempfile.mkdtemp()) / "home"
    source_cmd = [sys.executable, "-m", "desktop", "--home", str(home)]
    subprocess.run(
        [*source_cmd, "init", "--center", "Bench", "--admin", "bench"],
        env=dict(env, HOMEWARD_PASSWORD="bench-pass-1"),
        check=True,
        stdout=subprocess.DEVNULL,
    )
    bundle_cmd = [str(program), "--home", str(home)]
    timed(source_cmd, env)  # warm the file cache for both
    timed(bundle_cmd, env)
    source, bundle = [], []
    for _ in range(args.runs):
        source.append(timed(source_cmd, env))
        bundle.append(timed(bundle_cmd, env))
    source_median, bundle_median = statistics.median(source), statistics.median(bundle)
    print(f"from source (venv) : median {source_median * 1000:7.1f} ms over {args.runs} runs")
    print(f"bundle             : median {bundle_median * 1000:7.1f} ms over {args.runs} runs")
    print(f"ratio              : {bundle_median / source_median:.2f}x (target <= 2x)")


if __name__ == "__main__":
    main()
