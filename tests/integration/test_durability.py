"""Crash safety: a writer SIGKILLed at random moments never loses a commit it reported."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
from dbtools import raw

from desktop.core.store.db import Database, integrity_problems

ROOT = Path(__file__).resolve().parents[2]
ROUNDS = 15

WRITER = textwrap.dedent("""
    import sys
    from pathlib import Path

    from sqlalchemy import select

    from desktop.core.store.db import Database
    from desktop.core.store.models import Setting

    db = Database.open(Path(sys.argv[1]))
    with db.session() as session:
        keys = session.scalars(select(Setting.key).where(Setting.key.like("k%"))).all()
    i = max((int(key[1:]) for key in keys), default=-1) + 1
    print("ready", flush=True)
    while True:
        with db.session() as session:
            session.add(Setting(key=f"k{i}", value="v"))
        print(i, flush=True)
        i += 1
""")


def _wait_ready(output: Path, child: subprocess.Popen[bytes], timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if output.exists() and output.read_text().startswith("ready"):
            return
        assert child.poll() is None, "writer exited before it was ready"
        time.sleep(0.01)
    raise AssertionError("writer never became ready")


@pytest.mark.slow
@pytest.mark.skipif(os.name != "posix" or sys.platform == "win32", reason="SIGKILL is POSIX")
def test_commits_survive_sigkill(tmp_path: Path) -> None:
    """Every key a killed writer printed as committed is in the file, and the file is sound."""
    path = tmp_path / "homeward.sqlite"
    Database.create(path).close()
    script = tmp_path / "writer.py"
    script.write_text(WRITER, encoding="utf-8")
    rng = random.Random(20260301)
    promised: set[int] = set()
    counts: list[int] = []
    for round_ in range(ROUNDS):
        output = tmp_path / f"out-{round_}.txt"
        with output.open("wb") as sink:
            child = subprocess.Popen(
                [sys.executable, str(script), str(path)],
                cwd=ROOT,
                stdout=sink,
                stderr=subprocess.PIPE,
            )
            try:
                _wait_ready(output, child)
                time.sleep(rng.uniform(0.3, 1.2))
                assert child.poll() is None, child.stderr.read() if child.stderr else ""
            finally:
                child.send_signal(signal.SIGKILL)
                child.wait(timeout=30)
                if child.stderr:
                    child.stderr.close()
        assert child.returncode == -signal.SIGKILL
        lines = output.read_text().split("\n")
        assert lines[0] == "ready"
        # Only lines ended by a newline are promises (the text after the last one is not).
        numbers = [int(line) for line in lines[1:-1]]
        counts.append(len(numbers))
        assert numbers, "writer committed nothing in its round"
        assert not promised & set(numbers), "a key was numbered twice"
        promised |= set(numbers)

    assert integrity_problems(path) == []
    with raw(path) as connection:
        stored = {
            row[0] for row in connection.execute("SELECT key FROM setting WHERE key LIKE 'k%'")
        }
    assert {f"k{i}" for i in promised} <= stored
    # Each writer goes on from the highest stored key, so nothing in between is missing.
    assert stored == {f"k{i}" for i in range(len(stored))}
    assert len(promised) > ROUNDS, counts
    Database.open(path).close()
