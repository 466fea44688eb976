"""The children's ledger out: .xlsx (real dates, Chinese headers, frozen header row,
widths) and .csv (UTF-8 with BOM); its own permission; one audit entry per export;
a LibreOffice round trip when LibreOffice is installed."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import shutil
import subprocess
from pathlib import Path

import pytest
from childtools import add_child
from dbtools import audit_rows, dump
from openpyxl import load_workbook

from desktop.core import i18n
from desktop.core.children.search import SearchFilter
from desktop.core.errors import PermissionDenied, ValidationError
from desktop.core.reports.export import export_children
from desktop.core.staff import accounts
from desktop.core.staff.access import COMMAND_LINE
from tests.conftest import PASSWORD

UTC = dt.UTC
ID = "110105201503040113"


def _at(month: int, day: int, hour: int = 8, minute: int = 0, year: int = 2026) -> dt.datetime:
    return dt.datetime(year, month, day, hour, minute, tzinfo=UTC)


def _ledger(db, admin) -> tuple[int, int]:  # type: ignore[no-untyped-def]
    here = add_child(
        db, admin, name="张小明", sex="male", birth_date=dt.date(2015, 3, 4),
        id_number=ID, category="lost",
        stays=[(_at(1, 5, 2, year=2025), _at(1, 9, 2, year=2025)), (_at(3, 2, 8, 30), None)],
    )  # fmt: skip
    gone = add_child(
        db, admin, alias="小红", sex="female", category="street", stays=[(_at(2, 1), _at(2, 3))]
    )
    return here, gone


def _local(moment: dt.datetime) -> dt.datetime:
    return moment.astimezone().replace(tzinfo=None)


def test_xlsx_has_dates_headers_frozen_row_and_widths(db_and_admin, tmp_path: Path) -> None:
    db, admin = db_and_admin
    _ledger(db, admin)
    i18n.set_language("zh_CN")
    out = tmp_path / "台账.xlsx"
    done = export_children(db, admin, out)
    assert done.rows == 2 and done.path == out
    sheet = load_workbook(out).worksheets[0]
    assert sheet.freeze_panes == "A2"
    headers = [cell.value for cell in sheet[1]]
    assert headers[:5] == ["案卷号", "姓名", "别名/自述姓名", "性别", "出生日期"]
    first = {h: c.value for h, c in zip(headers, sheet[2], strict=True)}
    second = {h: c.value for h, c in zip(headers, sheet[3], strict=True)}
    assert first["姓名"] == "张小明" and first["性别"] == "男"
    assert first["出生日期"] == dt.datetime(2015, 3, 4)  # a real date, not text
    assert sheet.cell(2, headers.index("出生日期") + 1).number_format == "yyyy-mm-dd"
    assert first["居民身份证号码"] == ID
    assert first["在站"] == "是" and second["在站"] in (None, "")
    assert first["入站次数"] == 2
    assert first["入站时间"] == _local(dt.datetime(2026, 3, 2, 8, 30, tzinfo=UTC))
    assert second["离站时间"] == _local(dt.datetime(2026, 2, 3, 8, 0, tzinfo=UTC))
    assert second["离站方式"] == "接领返乡"
    assert second["姓名"] in (None, "") and second["别名/自述姓名"] == "小红"
    id_column = sheet.column_dimensions["G"].width
    assert id_column is not None and id_column >= 20
    assert (out.stat().st_mode & 0o077) == 0  # owner-only


def test_csv_is_utf8_with_bom_and_follows_the_filter(db_and_admin, tmp_path: Path) -> None:
    db, admin = db_and_admin
    _ledger(db, admin)
    out = tmp_path / "in.csv"
    done = export_children(db, admin, out, SearchFilter(in_center=True))
    data = out.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert done.rows == 1 and len(rows) == 2
    header = rows[0]
    line = dict(zip(header, rows[1], strict=True))
    assert line["Name"] == "张小明" and line["Date of birth"] == "2015-03-04"
    assert line["Category"] == "Lost"
    everyone = export_children(db, admin, tmp_path / "all.csv")
    assert everyone.rows == 2


def test_each_export_is_on_the_trail(db_and_admin, tmp_path: Path) -> None:
    db, admin = db_and_admin
    _ledger(db, admin)
    export_children(db, admin, tmp_path / "a.xlsx", SearchFilter(category="lost"))
    export_children(db, COMMAND_LINE, tmp_path / "b.csv")
    entries = [row for row in audit_rows(db.path) if row[2] == "export"]
    assert len(entries) == 2
    with db.session() as session:
        from sqlalchemy import select

        from desktop.core.store.models import AuditEntry

        found = list(session.scalars(select(AuditEntry).where(AuditEntry.action == "export")))
    first, second = (
        {key: pair[1] for key, pair in json.loads(entry.changes).items()} for entry in found
    )
    assert first == {"what": "children", "rows": 1, "file": "a.xlsx", "category": "lost"}
    assert found[0].actor == "admin" and found[1].actor == "command line"
    assert second["rows"] == 2 and second["file"] == "b.csv"


@pytest.mark.parametrize("role", ["intake", "caseworker", "viewer"])
def test_only_who_may_export_does(db_and_admin, tmp_path: Path, role: str) -> None:
    db, admin = db_and_admin
    _ledger(db, admin)
    accounts.create_staff(db, admin, "someone", "Some One", role, PASSWORD)
    someone = accounts.authenticate(db, "someone", PASSWORD)
    before = dump(db.path)
    with pytest.raises(PermissionDenied):
        export_children(db, someone, tmp_path / "x.xlsx")
    assert dump(db.path) == before
    assert not (tmp_path / "x.xlsx").exists()


def test_bad_targets_are_refused_and_leave_no_entry(db_and_admin, tmp_path: Path) -> None:
    db, admin = db_and_admin
    before = dump(db.path)
    for target, words in (
        (tmp_path / "x.pdf", ".xlsx or .csv"),
        (tmp_path / "missing" / "x.xlsx", "does not exist"),
    ):
        with pytest.raises(ValidationError, match=words):
            export_children(db, admin, target)
    (tmp_path / "dir.xlsx").mkdir()
    with pytest.raises(ValidationError, match="folder"):
        export_children(db, admin, tmp_path / "dir.xlsx")
    assert dump(db.path) == before


def test_libreoffice_reads_the_xlsx(db_and_admin, tmp_path: Path) -> None:
    """The exported workbook opens in LibreOffice (headless convert to CSV) with the values."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        pytest.skip("LibreOffice is not installed (.ci/run installs libreoffice-calc-nogui)")
    db, admin = db_and_admin
    _ledger(db, admin)
    i18n.set_language("zh_CN")
    out = tmp_path / "ledger.xlsx"
    export_children(db, admin, out)
    profile = tmp_path / "lo-profile"
    subprocess.run(
        [soffice, f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to",
         "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false",
         "--outdir", str(tmp_path / "lo"), str(out)],
        check=True, capture_output=True, timeout=180,
    )  # fmt: skip
    text = (tmp_path / "lo" / "ledger.csv").read_text("utf-8")
    rows = list(csv.reader(io.StringIO(text)))
    header = rows[0]
    line = dict(zip(header, rows[1], strict=True))
    assert line["姓名"] == "张小明" and line["居民身份证号码"] == ID
    assert line["出生日期"] == "2015-03-04"  # a date cell, shown with its format
    assert line["类别"] == "走失"
    assert len(rows) == 3


def test_a_value_that_looks_like_a_formula_stays_text(db_and_admin, tmp_path: Path) -> None:
    db, admin = db_and_admin
    add_child(db, admin, name="张三", alias="=1+1", category="lost")
    export_children(db, admin, tmp_path / "f.xlsx")
    sheet = load_workbook(tmp_path / "f.xlsx").worksheets[0]
    alias = sheet.cell(2, 3)
    assert alias.value == "=1+1" and alias.data_type == "s"  # not a formula
    export_children(db, admin, tmp_path / "f.csv")
    rows = list(csv.reader(io.StringIO((tmp_path / "f.csv").read_bytes().decode("utf-8-sig"))))
    assert rows[1][2] == "'=1+1"
    assert rows[1][1] == "张三"


def test_a_long_export_keeps_no_one_waiting(db_and_admin, tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """While the rows are read, the desk writes at once; the file holds the rows as the
    export found them, and the export's entry follows."""
    from desktop.core.store import db as store

    db, admin = db_and_admin
    _ledger(db, admin)
    monkeypatch.setattr(store, "BUSY_TIMEOUT_MS", 50)
    db.close()  # new connections give up after 50 ms
    added: list[int] = []

    def progress(done: int, total: int) -> None:
        if not added:  # the first report: the rows are being read
            added.append(add_child(db, admin, name="李四", category="lost"))

    out = tmp_path / "out.csv"
    done = export_children(db, admin, out, progress=progress)
    assert added and done.rows == 2  # the child added meanwhile came after the export's view
    assert "李四" not in out.read_text(encoding="utf-8-sig")
    entries = [row for row in audit_rows(db.path) if row[2] == "export"]
    assert len(entries) == 1
