"""``homeward export``, ``import`` and ``stats`` on a real data folder."""

from __future__ import annotations

from pathlib import Path

import pytest
from childtools import add_child
from dbtools import count
from ledgertools import bad_rows, messy_ledger
from openpyxl import load_workbook

from desktop.cli import main
from desktop.config import Paths


def test_export_writes_every_child(
    db_and_admin, paths: Paths, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db, admin = db_and_admin
    add_child(db, admin, name="张三", category="lost")
    add_child(db, admin, name="李四", category="street")
    db.close()
    out = tmp_path / "all.xlsx"
    assert main(["--home", str(paths.home), "export", str(out)]) == 0
    assert "2 children written" in capsys.readouterr().out
    names = [row[1] for row in load_workbook(out).worksheets[0].iter_rows(values_only=True)]
    assert names == ["Name", "张三", "李四"]
    assert main(["--home", str(paths.home), "check"]) == 0  # the export's entry chains


def test_export_refuses_an_unknown_kind(
    db_and_admin, paths: Paths, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db_and_admin[0].close()
    assert main(["--home", str(paths.home), "export", str(tmp_path / "x.ods")]) == 2
    assert ".xlsx or .csv" in capsys.readouterr().err
    assert not (tmp_path / "x.ods").exists()


def test_import_dry_run_lists_each_problem_and_exits_1(
    db_and_admin, paths: Paths, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db_and_admin[0].close()
    path = messy_ledger(tmp_path / "bad.xlsx", bad_rows())
    home = ["--home", str(paths.home)]
    assert main([*home, "import", str(path), "--dry-run"]) == 1
    out = capsys.readouterr().out.splitlines()
    assert out[0].startswith("Row 9: The ID number's check digit is wrong")
    assert out[1] == "Row 10: Category: 外星人 is not one of the choices."
    assert out[-1] == "5 of 9 rows have problems; nothing was imported."
    assert main([*home, "import", str(path)]) == 1  # without --dry-run: still nothing
    assert count(paths.db_file, "child") == 0
    assert main([*home, "import", str(path), "--skip-bad"]) == 0
    out = capsys.readouterr().out
    assert "Imported 4 children (cases 2024-0001 to 2025-0002)." in out
    assert "Left out on purpose: rows 9, 10, 11, 12, 13." in out
    assert count(paths.db_file, "child") == 4
    assert main([*home, "check"]) == 0


def test_import_of_a_good_ledger(
    db_and_admin, paths: Paths, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db_and_admin[0].close()
    path = messy_ledger(tmp_path / "good.xlsx")
    home = ["--home", str(paths.home)]
    assert main([*home, "import", str(path), "--dry-run"]) == 0
    assert capsys.readouterr().out.strip() == "4 rows can be imported."
    assert count(paths.db_file, "child") == 0
    assert main([*home, "import", str(path)]) == 0
    assert count(paths.db_file, "child") == 4


def test_import_of_an_unreadable_file_is_an_input_error(
    db_and_admin, paths: Paths, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db_and_admin[0].close()
    (tmp_path / "empty.csv").write_bytes(b"")
    assert main(["--home", str(paths.home), "import", str(tmp_path / "empty.csv")]) == 2
    assert capsys.readouterr().err.strip() == "homeward: empty.csv is empty."


def test_stats_to_the_screen_and_to_files(
    db_and_admin, paths: Paths, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db, admin = db_and_admin
    add_child(db, admin, name="张三", category="lost")  # arrived 2026-03-02, police
    db.close()
    home = ["--home", str(paths.home)]
    assert main([*home, "stats", "--year", "2026", "--month", "3"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("3/2026\n") and "  Lost\t1\n" in out
    for title in (
        "Placements elsewhere begun, by kind",
        "Return homes completed (handed over)",
        "Return-home plans under way at the end of the period",
        "Follow-up visits made",
    ):
        assert f"{title}\n" in out  # the residence and return-home tables too
    assert "  Escorted home\t0\n" in out and "  Home visit\t0\t0\n" in out
    for name in ("s.xlsx", "s.csv", "s.pdf"):
        assert main([*home, "stats", "--year", "2026", "-o", str(tmp_path / name)]) == 0
        assert (tmp_path / name).stat().st_size > 0
    assert main([*home, "stats", "--year", "2026", "--month", "13"]) == 2
    assert "from 1 to 12" in capsys.readouterr().err
    assert main([*home, "stats", "--year", "2026", "-o", str(tmp_path / "s.txt")]) == 2
    assert main([*home, "check"]) == 0
