"""``homeward export``, ``import`` and ``stats`` on a real data folder."""

from __future__ import annotations

from pathlib import Path

import pytest
from childtools import add_child
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
