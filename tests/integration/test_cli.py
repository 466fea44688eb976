"""The command line: exit codes 0/1/2, one-line messages, init and check on real files."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from dbtools import ADMIN_PASSWORD, raw, sha256

from desktop import __version__
from desktop.cli import main
from desktop.core.audit.kinds import ENTITY_LABELS
from desktop.core.store.db import Database

ROOT = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.usefixtures("lang_en")


def run(
    *args: str, env: dict[str, str] | None = None, stdin: int | None = subprocess.DEVNULL
) -> subprocess.CompletedProcess[str]:
    """Run ``python -m desktop`` in a child process with an English, password-free env."""
    base = {
        k: v
        for k, v in os.environ.items()
        if k not in ("HOMEWARD_PASSWORD", "HOMEWARD_HOME", "LANGUAGE", "LC_ALL")
    }
    base["LANG"] = "en_US.UTF-8"
    base.update(env or {})
    return subprocess.run(
        [sys.executable, "-m", "desktop", *args],
        cwd=ROOT,
        env=base,
        stdin=stdin,
        capture_output=True,
        text=True,
        timeout=60,
    )


def one_line(text: str) -> str:
    """Assert ``text`` is exactly one line starting with 'homeward: '; return it."""
    lines = text.splitlines()
    assert len(lines) == 1, text
    assert lines[0].startswith("homeward: ")
    return lines[0]


def init_args(home: Path, *extra: str) -> list[str]:
    return ["--home", str(home), "init", "--center", "城南中心", "--admin", "admin", *extra]


@pytest.fixture
def initialised(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> Path:
    """A data folder set up by ``homeward init``; returns the folder."""
    home = tmp_path / "home"
    monkeypatch.setenv("HOMEWARD_PASSWORD", ADMIN_PASSWORD)
    assert main(init_args(home)) == 0
    capsys.readouterr()
    monkeypatch.delenv("HOMEWARD_PASSWORD")
    return home


def test_version_in_process(capsys: pytest.CaptureFixture[str]) -> None:
    """--version prints the version and exits 0."""
    with pytest.raises(SystemExit) as caught:
        main(["--version"])
    assert caught.value.code == 0
    assert capsys.readouterr().out.strip() == f"homeward {__version__}"


def test_version_subprocess() -> None:
    """python -m desktop --version works the same from the outside."""
    result = run("--version")
    assert result.returncode == 0
    assert result.stdout.strip() == f"homeward {__version__}"
    assert result.stderr == ""


def test_init_then_check(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """init with HOMEWARD_PASSWORD makes a usable database; check then says it is sound."""
    home = tmp_path / "home"
    monkeypatch.setenv("HOMEWARD_PASSWORD", ADMIN_PASSWORD)
    assert main(init_args(home, "--full-name", "王主任", "--phone", "010-1")) == 0
    out = capsys.readouterr()
    assert "admin" in out.out and out.err == ""
    db_file = home / "homeward.sqlite"
    with raw(db_file) as connection:
        assert connection.execute("SELECT username, full_name, role FROM staff").fetchall() == [
            ("admin", "王主任", "admin")
        ]
        assert connection.execute("SELECT name, phone FROM center").fetchall() == [
            ("城南中心", "010-1")
        ]

    assert main(["--home", str(home), "check"]) == 0
    out = capsys.readouterr()
    assert "sound" in out.out and out.err == ""


def test_init_uses_homeward_home(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Without --home the HOMEWARD_HOME folder is used."""
    monkeypatch.setenv("HOMEWARD_PASSWORD", ADMIN_PASSWORD)
    monkeypatch.setenv("HOMEWARD_HOME", str(tmp_path / "env-home"))
    assert main(["init", "--center", "C", "--admin", "boss"]) == 0
    assert (tmp_path / "env-home" / "homeward.sqlite").exists()
    assert main(["check"]) == 0


def test_init_again_refused(
    initialised: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """A second init exits 2 with one line and leaves the database byte-identical."""
    db_file = initialised / "homeward.sqlite"
    before = sha256(db_file)
    monkeypatch.setenv("HOMEWARD_PASSWORD", "other-pass-77")
    assert main(init_args(initialised)) == 2
    out = capsys.readouterr()
    assert "already holds a database" in one_line(out.err)
    assert out.out == ""
    assert sha256(db_file) == before


@pytest.mark.parametrize("password", ["short", "", "admin", "aaaaaaaaaa"])
def test_init_weak_password(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    password: str,
) -> None:
    """A password that breaks the rules exits 2 and creates no database (nor folder)."""
    home = tmp_path / "home"
    monkeypatch.setenv("HOMEWARD_PASSWORD", password)
    assert main(init_args(home)) == 2
    one_line(capsys.readouterr().err)
    assert not (home / "homeward.sqlite").exists()
    assert not home.exists()


@pytest.mark.parametrize(
    ("extra", "message"),
    [(["--center", "   "], "center"), (["--admin", "has space"], "user name")],
)
def test_init_bad_input(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    extra: list[str],
    message: str,
) -> None:
    """A blank center name or an invalid user name exits 2 with nothing created."""
    home = tmp_path / "home"
    monkeypatch.setenv("HOMEWARD_PASSWORD", ADMIN_PASSWORD)
    args = init_args(home)
    flag = args.index(extra[0])
    args[flag + 1] = extra[1]
    assert main(args) == 2
    assert message in one_line(capsys.readouterr().err)
    assert not home.exists()


def test_init_without_password_and_tty(tmp_path: Path) -> None:
    """No HOMEWARD_PASSWORD and no terminal: exit 2 with one line, nothing created."""
    home = tmp_path / "home"
    result = run(*init_args(home), stdin=subprocess.DEVNULL)
    assert result.returncode == 2
    assert "HOMEWARD_PASSWORD" in one_line(result.stderr)
    assert not home.exists()


def test_init_subprocess_then_check(tmp_path: Path) -> None:
    """The real entry point creates a database that the real check accepts."""
    home = tmp_path / "home"
    result = run(*init_args(home), env={"HOMEWARD_PASSWORD": ADMIN_PASSWORD})
    assert result.returncode == 0, result.stderr
    result = run("--home", str(home), "check")
    assert result.returncode == 0, result.stderr
    assert "sound" in result.stdout


def test_check_missing_folder(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """check on a folder that does not exist exits 2 and creates nothing."""
    home = tmp_path / "nowhere"
    assert main(["--home", str(home), "check"]) == 2
    line = one_line(capsys.readouterr().err)
    assert "does not exist" in line and f"homeward --home {home} init" in line
    assert not home.exists()


def test_check_folder_without_database(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """check on an empty folder exits 2 (nothing to check), with one line."""
    home = tmp_path / "home"
    home.mkdir()
    assert main(["--home", str(home), "check"]) == 2
    assert "no Homeward database" in one_line(capsys.readouterr().err)
    assert list(home.iterdir()) == []


def _page_size(data: bytes) -> int:
    size = int.from_bytes(data[16:18], "big")
    return 65536 if size == 1 else size


def test_check_flipped_page_types(initialised: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Damaged b-tree page headers on every b-tree page after the first: exit 1, one line."""
    db_file = initialised / "homeward.sqlite"
    data = bytearray(db_file.read_bytes())
    size = _page_size(data)
    pages = len(data) // size
    free = int.from_bytes(data[36:40], "big")  # free-list pages hold no b-tree header
    assert pages > 2
    flipped = 0
    for page in range(1, pages):
        if data[page * size] in (2, 5, 10, 13):
            data[page * size] = 0x42
            flipped += 1
    assert flipped == pages - 1 - free
    db_file.write_bytes(bytes(data))
    assert main(["--home", str(initialised), "check"]) == 1
    out = capsys.readouterr()
    assert "damaged" in one_line(out.err) or "malformed" in one_line(out.err)
    assert out.out == ""


def test_check_flipped_last_page(initialised: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """One damaged index page (the schema still readable) is found by the integrity check."""
    db_file = initialised / "homeward.sqlite"
    data = bytearray(db_file.read_bytes())
    size = _page_size(data)
    data[(len(data) // size - 1) * size] = 0x42
    db_file.write_bytes(bytes(data))
    assert main(["--home", str(initialised), "check"]) == 1
    err = capsys.readouterr().err
    first = err.splitlines()[0]
    # which page is last depends on the schema: an index page (integrity check: "bad")
    # or a page SQLite needs to open the file ("damaged")
    assert err.startswith("homeward: ") and ("bad" in first or "damaged" in first)


def test_check_overwritten_header(initialised: Path) -> None:
    """The first 16 bytes (the SQLite magic) overwritten: exit 1, one line (subprocess)."""
    db_file = initialised / "homeward.sqlite"
    data = bytearray(db_file.read_bytes())
    data[:16] = b"\x00" * 16
    db_file.write_bytes(bytes(data))
    result = run("--home", str(initialised), "check")
    assert result.returncode == 1
    assert "not a database" in one_line(result.stderr)
    assert result.stdout == ""


def test_check_tampered_trail(initialised: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A staff row edited outside the program makes check exit 1 naming the problem."""
    db_file = initialised / "homeward.sqlite"
    with raw(db_file) as connection:
        connection.execute("UPDATE staff SET role = 'viewer'")
    assert main(["--home", str(initialised), "check"]) == 1
    first = capsys.readouterr().err.splitlines()[0]
    assert first.startswith("homeward: ")
    assert f"{ENTITY_LABELS['staff']} 1 differs" in first


def test_check_refuses_other_file(initialised: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Another program's SQLite file in place of the database: exit 1, one line, untouched."""
    db_file = initialised / "homeward.sqlite"
    db_file.unlink()
    with raw(db_file) as connection:
        connection.execute("CREATE TABLE t (x)")
    before = sha256(db_file)
    assert main(["--home", str(initialised), "check"]) == 1
    assert "not a Homeward database" in one_line(capsys.readouterr().err)
    assert sha256(db_file) == before


def test_check_does_not_change_file(initialised: Path) -> None:
    """check reads only: the file is byte-identical afterwards."""
    db_file = initialised / "homeward.sqlite"
    before = sha256(db_file)
    assert main(["--home", str(initialised), "check"]) == 0
    assert sha256(db_file) == before
    Database.open(db_file).close()


@pytest.mark.parametrize(
    "args",
    [
        ["--bogus"],
        ["check", "--bogus"],
        ["frobnicate"],
        ["init", "--admin", "x"],
        ["check", "extra"],
        ["--home", "x", "init", "--center"],
    ],
)
def test_usage_errors(
    args: list[str],
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Unknown options, commands and missing arguments: exit 2, one line on stderr."""
    monkeypatch.chdir(tmp_path)
    with pytest.raises(SystemExit) as caught:
        main(args)
    assert caught.value.code == 2
    out = capsys.readouterr()
    assert "see homeward --help" in one_line(out.err)
    assert out.out == ""
    assert list(tmp_path.iterdir()) == []


def test_unknown_option_subprocess(tmp_path: Path) -> None:
    """From the outside, too: exit 2 and a single line on stderr."""
    result = run("--home", str(tmp_path), "--no-such-option")
    assert result.returncode == 2
    assert "--no-such-option" in one_line(result.stderr)
    assert result.stdout == ""


@pytest.mark.parametrize("args", [["--home"], ["check", "--home"]])
def test_home_without_value_is_one_line(args: list[str]) -> None:
    """``homeward --home`` with the folder missing is a usage error on one line."""
    result = run(*args)
    assert result.returncode == 2
    one_line(result.stderr)


@pytest.mark.parametrize("journal", ["wal", "delete"])
def test_check_changes_not_a_byte_in_either_journal_mode(initialised: Path, journal: str) -> None:
    """A restored database is in rollback-journal mode: check leaves it so, byte for byte,
    and leaves no -wal, -shm or -journal file behind; the same for a database in WAL mode
    whose log still holds pages."""
    db_file = initialised / "homeward.sqlite"
    connection = sqlite3.connect(db_file)
    connection.execute(f"PRAGMA journal_mode = {journal}")
    if journal == "wal":
        connection.execute("PRAGMA wal_autocheckpoint = 0")
        connection.execute("UPDATE setting SET value = value WHERE key = 'audit.head'")
        connection.commit()
    files = {p.name: sha256(p) for p in initialised.iterdir() if p.is_file()}
    assert main(["--home", str(initialised), "check"]) == 0
    after = {p.name: sha256(p) for p in initialised.iterdir() if p.is_file()}
    assert after == files
    connection.close()
    header = db_file.read_bytes()[18:20]
    assert header == (b"\x02\x02" if journal == "wal" else b"\x01\x01")
