"""One Homeward per data folder: the OS file lock, and what happens when its holder dies."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from desktop.core.errors import AlreadyRunning
from desktop.core.instance import InstanceLock

ROOT = Path(__file__).resolve().parents[2]


def test_second_lock_refused(tmp_path: Path) -> None:
    """While one lock is held, another on the same file raises AlreadyRunning naming the folder."""
    first = InstanceLock(tmp_path / "homeward.lock")
    second = InstanceLock(tmp_path / "homeward.lock")
    first.acquire()
    try:
        assert first.held
        with pytest.raises(AlreadyRunning) as caught:
            second.acquire()
        assert str(tmp_path) in str(caught.value)
        assert not second.held
    finally:
        first.release()
    assert not first.held


def test_released_lock_can_be_taken_again(tmp_path: Path) -> None:
    """After release (or leaving the with block), the lock can be taken again."""
    path = tmp_path / "homeward.lock"
    with InstanceLock(path) as lock:
        assert lock.held
    assert not lock.held
    other = InstanceLock(path)
    other.acquire()
    assert other.held
    other.release()
    with InstanceLock(path) as again:
        assert again.held


def test_different_folders_do_not_conflict(tmp_path: Path) -> None:
    """Two data folders each have their own lock."""
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    with (
        InstanceLock(tmp_path / "a" / "homeward.lock"),
        InstanceLock(tmp_path / "b" / "homeward.lock") as second,
    ):
        assert second.held


@pytest.mark.skipif(os.name != "posix", reason="SIGKILL is POSIX")
def test_lock_of_killed_process_is_freed(tmp_path: Path) -> None:
    """A lock held by a process that is SIGKILLed is free afterwards (the OS drops it)."""
    path = tmp_path / "homeward.lock"
    script = tmp_path / "holder.py"
    script.write_text(
        textwrap.dedent(f"""
        import sys, time
        from pathlib import Path
        from desktop.core.instance import InstanceLock
        lock = InstanceLock(Path({str(path)!r}))
        lock.acquire()
        print("locked", flush=True)
        time.sleep(120)
    """),
        encoding="utf-8",
    )
    child = subprocess.Popen(
        [sys.executable, str(script)], cwd=ROOT, stdout=subprocess.PIPE, text=True
    )
    try:
        assert child.stdout is not None
        assert child.stdout.readline().strip() == "locked"
        with pytest.raises(AlreadyRunning):
            InstanceLock(path).acquire()
    finally:
        child.send_signal(signal.SIGKILL)
        child.wait(timeout=30)
        if child.stdout:
            child.stdout.close()
    assert child.returncode == -signal.SIGKILL
    lock = InstanceLock(path)
    lock.acquire()
    assert lock.held
    lock.release()
