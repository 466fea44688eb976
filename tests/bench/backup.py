"""Backup benchmark: throughput against a plain file copy, and peak memory against size.

    .venv/bin/python tests/bench/backup.py [--children 100000] [--small 10000]
                                           [--rounds 3] [--work DIR]

Builds two demo databases (``desktop.core.demo.generate`` when it is there, else a fresh
database with synthetic rows of the same size), cached in ``--work``.

Throughput, on the large database, in the same run, alternating, medians of
``--rounds``, every step starting with no dirty pages left (``os.sync``):
``create_backup`` (snapshot, compress, encrypt, write, fsync, read back and
verify it whole: the "backup + verify" a user waits for) against
``shutil.copyfile`` of the database file to the same place, with and without an
fsync of the copy. Targets: on the local disk, at least a third of the plain
copy's throughput; on the stick, backup + verify at least twice as fast as the
plain copy (a ratio of 2.0 or more).

Measured twice: to a folder on the local disk (where the copy stays in the page
cache: the hardest baseline), and to a FAT32 USB-stick image mounted with
fusefat, as staff back up (skipped, with the reason, where fusefat is missing;
``--no-stick`` skips it too).

Peak memory: each size backed up in a fresh process; ``ru_maxrss`` printed with the
process's resident size just before the backup. Target: independent of size.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

PASSWORD = "correct-horse-9"
PASSPHRASE = "bench passphrase 2026"
LOCAL_TARGET = 0.33  # a third of a plain copy's throughput, where the copy stays in the page cache
STICK_TARGET = 2.0  # twice as fast as copying the raw database to the stick (issue 11)


def build(home: Path, children: int) -> Path:
    """Return the data folder of a demo database with ``children`` children (cached)."""
    from desktop.config import resolve_paths

    paths = resolve_paths(home)
    if paths.db_file.exists():
        return home
    try:
        from desktop.core.demo.generate import create_demo
    except ImportError:
        _synthetic(paths, children)
    else:
        print(f"building a demo database of {children} children in {home} ...", flush=True)
        create_demo(paths, PASSWORD, children)
    return home


def _synthetic(paths, children: int) -> None:  # type: ignore[no-untyped-def]
    """A fresh database plus a scratch table of text rows, about 11 KB per child."""
    import sqlite3

    from desktop.core.center import CenterProfile
    from desktop.core.setup import initialise

    db, _admin = initialise(paths, CenterProfile(name="Bench Center"), "admin", "Admin", PASSWORD)
    db.close()
    connection = sqlite3.connect(paths.db_file)
    with connection:
        connection.execute("CREATE TABLE bench_rows (id INTEGER PRIMARY KEY, body TEXT)")
        row = "张小明 男 2014-03-02 城南区 公安护送 在站 寻亲公告 " * 120
        connection.executemany(
            "INSERT INTO bench_rows (body) VALUES (?)",
            ((f"{n} {row}",) for n in range(children * 3)),
        )
    connection.close()


def _settle() -> None:
    """Write out dirty pages left by the step before, so no step pays for another's."""
    if hasattr(os, "sync"):
        os.sync()


def _copy(source: Path, target: Path, sync: bool) -> float:
    _settle()
    started = time.perf_counter()
    shutil.copyfile(source, target)
    if sync:
        descriptor = os.open(target, os.O_RDONLY)
        os.fsync(descriptor)
        os.close(descriptor)
    elapsed = time.perf_counter() - started
    target.unlink()
    return elapsed


def _backup(home: Path, target: Path) -> float:
    from desktop.config import resolve_paths
    from desktop.core.backup import create_backup
    from desktop.core.store.db import Database

    paths = resolve_paths(home)
    db = Database.open(paths.db_file)
    _settle()
    try:
        started = time.perf_counter()
        result = create_backup(db, paths, target, PASSPHRASE)
        elapsed = time.perf_counter() - started
    finally:
        db.close()
    result.path.unlink()
    return elapsed


def throughput(home: Path, rounds: int, scratch: Path, where: str, target: float) -> None:
    """Print the medians and the ratios (backup + verify against copy) for one target."""
    import pypinyin  # noqa: F401  - imported once, as the running program has it

    size = (home / "homeward.sqlite").stat().st_size
    copies, synced, backups = [], [], []
    for _round in range(rounds):
        copies.append(_copy(home / "homeward.sqlite", scratch / "copy.sqlite", sync=False))
        synced.append(_copy(home / "homeward.sqlite", scratch / "copy.sqlite", sync=True))
        backups.append(_backup(home, scratch))
    mb = size / 1e6
    copy, sync, back = (statistics.median(v) for v in (copies, synced, backups))
    print(f"\n{where}: database {mb:.0f} MB, medians of {rounds}")
    print(f"copyfile:            {copy:6.2f} s  {mb / copy:7.0f} MB/s")
    print(f"copyfile + fsync:    {sync:6.2f} s  {mb / sync:7.0f} MB/s")
    print(f"backup + verify:     {back:6.2f} s  {mb / back:7.0f} MB/s")
    print(f"ratio to copyfile:          {copy / back:.2f}  (target >= {target:.2f})")
    print(f"ratio to copyfile + fsync:  {sync / back:.2f}")


def stick_throughput(home: Path, rounds: int, work: Path) -> None:
    """Measure on a FAT32 image (fusefat) big enough for one copy of the database."""
    from tests.fat32 import Fat32Unavailable, mounted_fat32

    size = (home / "homeward.sqlite").stat().st_size
    folder = work / "stick"
    folder.mkdir(exist_ok=True)
    try:
        with mounted_fat32(folder, size * 3 // 2 + (64 << 20)) as mount:
            throughput(home, rounds, mount, "FAT32 stick image (fusefat)", STICK_TARGET)
    except Fat32Unavailable as reason:
        print(f"\nFAT32 stick image skipped: {reason}")
    finally:
        (folder / "stick.img").unlink(missing_ok=True)


CHILD = """
import resource, sys
from pathlib import Path
from desktop.config import resolve_paths
from desktop.core.backup import create_backup
from desktop.core.store.db import Database
import pypinyin

def high_water():
    # VmHWM: this process's own peak (ru_maxrss also counts the parent at fork time)
    try:
        for line in open("/proc/self/status"):
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss

paths = resolve_paths(sys.argv[1])
db = Database.open(paths.db_file)
before = high_water()
result = create_backup(db, paths, Path(sys.argv[2]), sys.argv[3])
after = high_water()
result.path.unlink()
db.close()
print(before, after, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
"""


def peak_memory(homes: list[Path], scratch: Path) -> None:
    """Back up each database in a fresh process and print its peak resident size."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    for home in homes:
        size = (home / "homeward.sqlite").stat().st_size / 1e6
        out = subprocess.run(
            [sys.executable, "-c", CHILD, str(home), str(scratch), PASSPHRASE],
            check=True,
            capture_output=True,
            text=True,
            env=env,
        ).stdout.split()
        before, after, maxrss = (int(value) / 1024 for value in out)
        print(
            f"peak RSS, {size:5.0f} MB database: {after:4.0f} MB "
            f"(before the backup {before:.0f} MB; ru_maxrss {maxrss:.0f} MB)"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--children", type=int, default=100_000)
    parser.add_argument("--small", type=int, default=10_000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--no-stick", action="store_true", help="skip the FAT32 stick image")
    parser.add_argument("--work", type=Path, default=Path(tempfile.gettempdir()) / "homeward-bench")
    args = parser.parse_args()
    args.work.mkdir(parents=True, exist_ok=True)
    small = build(args.work / f"demo-{args.small}", args.small)
    large = build(args.work / f"demo-{args.children}", args.children)
    scratch = args.work / "target"
    scratch.mkdir(exist_ok=True)
    peak_memory([small, large], scratch)  # first: a child's ru_maxrss starts at ours
    throughput(large, args.rounds, scratch, "local disk", LOCAL_TARGET)
    if not args.no_stick:
        stick_throughput(large, args.rounds, args.work)
    print(f"(this process: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB)")


if __name__ == "__main__":
    main()
