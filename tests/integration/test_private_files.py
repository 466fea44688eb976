"""Every file Homeward writes is owner-only, also under the usual umask 022: the log (and
its rotations), the settings, a printed PDF, the database, its snapshots, backups."""

from __future__ import annotations

import logging
import os
import stat
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from desktop.applog import LOG_FILENAME, setup_logging
from desktop.cli import main
from desktop.config import Settings, resolve_paths
from desktop.core.private_files import touch_private, write_private_bytes

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="POSIX file modes")


@pytest.fixture(autouse=True)
def umask_022() -> Iterator[None]:
    old = os.umask(0o022)
    yield
    os.umask(old)


@pytest.fixture
def logging_restored() -> Iterator[None]:
    root = logging.getLogger()
    level, handlers = root.level, list(root.handlers)
    yield
    for handler in list(root.handlers):
        if handler not in handlers:
            root.removeHandler(handler)
            handler.close()
    root.setLevel(level)


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_the_check_can_fail() -> None:
    """Under umask 022 a file written the ordinary way is readable by everyone."""
    probe = Path(os.environ.get("TMPDIR", "/tmp")) / f"homeward-umask-{os.getpid()}"
    probe.write_bytes(b"x")
    try:
        assert mode(probe) == 0o644
    finally:
        probe.unlink()


def test_the_log_and_its_rotations_are_owner_only(tmp_path: Path, logging_restored) -> None:  # type: ignore[no-untyped-def]
    folder = tmp_path / "logs"
    folder.mkdir()
    older = folder / f"{LOG_FILENAME}.3"  # left by an older version, readable by all
    older.write_text("old\n")
    current = folder / LOG_FILENAME
    current.write_text("old\n")
    assert mode(current) == 0o644
    path = setup_logging(folder)
    logging.getLogger("test").warning("hello")
    assert path == current and mode(current) == 0o600 and mode(older) == 0o600
    handler = next(h for h in logging.getLogger().handlers if getattr(h, "homeward", False))
    assert isinstance(handler, logging.handlers.RotatingFileHandler)
    handler.doRollover()
    logging.getLogger("test").warning("after the rollover")
    names = sorted(p.name for p in folder.iterdir())
    assert f"{LOG_FILENAME}.1" in names
    assert {p.name: mode(p) for p in folder.iterdir()} == {name: 0o600 for name in names}


def test_settings_and_saved_files_are_owner_only(tmp_path: Path) -> None:
    settings = Settings(tmp_path / "config" / "settings.ini")
    settings.set("language", "zh_CN")
    assert mode(settings.path) == 0o600
    assert Settings(settings.path).get("language") == "zh_CN"
    pdf = tmp_path / "张小明.pdf"
    pdf.write_bytes(b"an older copy")  # replaced whole, and owner-only
    write_private_bytes(pdf, b"%PDF-1.4")
    assert pdf.read_bytes() == b"%PDF-1.4" and mode(pdf) == 0o600
    assert sorted(p.name for p in tmp_path.iterdir()) == ["config", "张小明.pdf"]
    state = touch_private(tmp_path / "new" / "ui-state.ini")
    assert mode(state) == 0o600 and stat.S_IMODE(state.parent.stat().st_mode) == 0o700


def test_a_failed_write_leaves_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def full(*_args: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", full)
    with pytest.raises(OSError):
        write_private_bytes(tmp_path / "x.pdf", b"data")
    assert list(tmp_path.iterdir()) == []


def test_everything_the_command_line_writes_is_owner_only(  # type: ignore[no-untyped-def]
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, logging_restored
) -> None:
    home = tmp_path / "home"
    stick = tmp_path / "stick"
    stick.mkdir()
    monkeypatch.setenv("HOMEWARD_PASSWORD", "correct-horse-9")
    monkeypatch.setenv("HOMEWARD_BACKUP_PASSPHRASE", "a long and private passphrase")
    monkeypatch.delenv("HOMEWARD_HOME", raising=False)
    assert main(["--home", str(home), "demo", "--children", "3"]) == 0
    paths = resolve_paths(home)
    from desktop.core.store.db import Database, OpenMode

    db = Database.open(paths.db_file, OpenMode.READ)
    try:
        with db.session() as session:
            from desktop.core.store.models import Child

            case = session.query(Child.case_no).order_by(Child.id).first()[0]
    finally:
        db.close()
    out = tmp_path / "printed"
    out.mkdir()
    assert main(["--home", str(home), "print", "intake", case, "-o", str(out / "x.pdf")]) == 0
    printed = list(out.iterdir())
    assert [p.name for p in printed] == ["x.pdf"]
    assert main(["--home", str(home), "backup", "--to", str(stick)]) == 0
    setup_logging(paths.log_dir)
    logging.getLogger("test").warning("written")
    Settings(paths.settings_file).set("language", "en")
    files = [p for folder in (home, stick) for p in folder.rglob("*") if p.is_file()]
    assert paths.db_file in files and any(p.parent == stick for p in files)
    assert any(p.name == LOG_FILENAME for p in files)
    loose = {str(p): oct(mode(p)) for p in [*files, *printed] if mode(p) & 0o077}
    assert loose == {}
