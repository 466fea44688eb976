"""Importing an existing ledger: the messy sample imports after its dry run; every kind
of bad row is named with its row number; bad files are refused clearly; nothing is
written unless every row is good or skipped on purpose; the trail says imported."""

from __future__ import annotations

import datetime as dt
import json
import zipfile
from pathlib import Path

import pytest
from dbtools import dump
from ledgertools import bad_rows, ledger_rows, messy_ledger, plain_ledger
from openpyxl import Workbook
from sqlalchemy import select

from desktop.core.audit.check import check_database
from desktop.core.children import intake, search
from desktop.core.errors import PermissionDenied, ValidationError
from desktop.core.reports import ledger
from desktop.core.reports.ledger_file import LedgerUnreadable
from desktop.core.staff import accounts
from desktop.core.staff.access import COMMAND_LINE
from desktop.core.store.models import Admission, AuditEntry, CaseCounter, Child
from tests.conftest import PASSWORD


def _children(db) -> list[Child]:  # type: ignore[no-untyped-def]
    with db.session() as session:
        return list(session.scalars(select(Child).order_by(Child.id)))


def test_the_messy_sample_passes_its_dry_run(db_and_admin, tmp_path: Path) -> None:
    db, admin = db_and_admin
    path = messy_ledger(tmp_path / "台账.xlsx")
    before = dump(db.path)
    checked = ledger.dry_run(db, admin, path)
    assert dump(db.path) == before  # a dry run writes nothing
    assert checked.sheet == "受助儿童台账"  # the notes sheet in front is passed over
    assert checked.problems == [] and checked.rows == 4
    assert [row.row for row in checked.good] == [3, 4, 5, 7]  # blank rows left out


def test_the_messy_sample_imports_as_it_should(db_and_admin, tmp_path: Path) -> None:
    db, admin = db_and_admin
    path = messy_ledger(tmp_path / "台账.xlsx")
    done = ledger.import_ledger(db, admin, path)
    assert done.children == 4 and done.skipped == []
    kids = {child.name: child for child in _children(db)}
    ming, hong, qiang, nameless = kids["张小明"], kids["李小红"], kids["王强"], kids[""]
    assert ming.sex == "male" and ming.birth_date == dt.date(2012, 5, 6)
    assert ming.category == "lost" and ming.ethnicity == "01"
    assert hong.id_number == "110105201408090227"  # full-width digits made ASCII
    assert hong.birth_date == dt.date(2014, 8, 9) and hong.sex == "female"
    assert qiang.category == "street"  # from the merged cell
    assert qiang.sex == "male"  # from the ID number
    assert qiang.birth_date == dt.date(2010, 1, 2) and qiang.ethnicity == "03"
    assert nameless.category == "unattended" and nameless.id_number is None
    # case numbers by the year of arrival, in order of arrival
    assert (ming.case_no, hong.case_no) == ("2024-0001", "2024-0002")
    assert (qiang.case_no, nameless.case_no) == ("2025-0001", "2025-0002")
    with db.session() as session:
        stays = {s.child_id: s for s in session.scalars(select(Admission))}
        counters = {c.year: c.last for c in session.scalars(select(CaseCounter))}
    assert counters[2024] == 2 and counters[2025] == 2
    first = stays[ming.id]
    assert first.arrival_mode == "police" and first.discharge_mode == "collected"
    assert first.arrived_at.astimezone().replace(tzinfo=None) == dt.datetime(2024, 3, 1, 9, 30)
    assert first.discharge_destination == "北京市朝阳区"
    assert stays[hong.id].discharged_at is None  # still in the center
    assert stays[hong.id].arrived_at.astimezone().date() == dt.date(2024, 7, 27)  # serial 45500
    # searchable like any child, and the whole file sound
    found = search.search_children(db, admin, search.SearchFilter(text="lxh"))
    assert [row.name for row in found] == ["李小红"]
    assert check_database(db.path) == []
    # a child registered at the desk afterwards takes the next number
    kid = intake.register_child(
        db, admin, intake.ChildInput(sex="male"),
        intake.AdmissionInput(arrived_at=dt.datetime(2025, 7, 1, tzinfo=dt.UTC)),
    )  # fmt: skip
    assert kid.case_no == "2025-0003"


def test_each_imported_child_is_on_the_trail_with_file_and_row(db_and_admin, tmp_path) -> None:
    db, admin = db_and_admin
    ledger.import_ledger(db, COMMAND_LINE, messy_ledger(tmp_path / "old.xlsx"))
    with db.session() as session:
        entries = list(session.scalars(select(AuditEntry).where(AuditEntry.action == "import")))
    origins = [
        {k: p[1] for k, p in json.loads(e.changes).items()} for e in entries if e.entity == "child"
    ]
    assert sorted((o["file"], o["row"], o["ledger_no"]) for o in origins) == [
        ("old.xlsx", 3, "1"), ("old.xlsx", 4, "2"), ("old.xlsx", 5, "3"), ("old.xlsx", 7, "4")
    ]  # fmt: skip
    summary = [
        {k: p[1] for k, p in json.loads(e.changes).items()} for e in entries if e.entity == "ledger"
    ]
    assert summary == [{"what": "ledger", "file": "old.xlsx", "sheet": "受助儿童台账",
                        "rows": 4, "skipped_rows": []}]  # fmt: skip
    assert all(e.actor == "command line" for e in entries)
    child = _children(db)[0]
    history = intake.history(db, admin, child.id)
    assert [e.action for e in history][-2:] == ["create", "import"]


def test_every_bad_row_is_named_and_nothing_is_written(db_and_admin, tmp_path: Path) -> None:
    db, admin = db_and_admin
    intake.register_child(
        db, admin, intake.ChildInput(name="周大", sex="male", birth_date=dt.date(2011, 1, 1)),
        intake.AdmissionInput(arrived_at=dt.datetime(2025, 1, 1, tzinfo=dt.UTC)),
    )  # fmt: skip
    again = ["10", "周大", "男", "2011-01-01", None, None, "走失", "2025-03-01"]
    path = messy_ledger(tmp_path / "bad.xlsx", [*bad_rows(), again])
    checked = ledger.dry_run(db, admin, path)
    lines = checked.problem_lines()
    assert checked.bad_rows == [9, 10, 11, 12, 13, 14]
    assert "Row 9: The ID number's check digit is wrong" in lines[0]
    assert lines[1] == "Row 10: Category: 外星人 is not one of the choices."
    assert lines[2] == "Row 11: Date of birth: 2013-02-30 is not a possible date."
    assert lines[3] == "Row 12: The same ID number as row 3."
    assert lines[4] == "Row 13: Arrived at: 下周 is not a date Homeward can read."
    assert lines[5].startswith("Row 14: Already registered: case 2025-0001")
    before = dump(db.path)
    with pytest.raises(ValidationError, match="6 rows have problems; nothing was imported"):
        ledger.import_ledger(db, admin, path)
    assert dump(db.path) == before


def test_rows_skipped_on_purpose(db_and_admin, tmp_path: Path) -> None:
    db, admin = db_and_admin
    path = messy_ledger(tmp_path / "bad.xlsx", bad_rows())
    done = ledger.import_ledger(db, admin, path, skip_bad=True)
    assert done.children == 4 and done.skipped == [9, 10, 11, 12, 13]
    assert len(_children(db)) == 4


def test_an_already_registered_id_number(db_and_admin, tmp_path: Path) -> None:
    db, admin = db_and_admin
    path = messy_ledger(tmp_path / "a.xlsx")
    ledger.import_ledger(db, admin, path)
    again = ledger.dry_run(db, admin, path)
    assert [p.row for p in again.problems] == [3, 4, 5]  # the nameless child cannot be told
    assert "Already registered: case 2024-0001 has this ID number." in again.problem_lines()[0]


def test_a_mapping_chosen_by_hand(db_and_admin, tmp_path: Path) -> None:
    db, admin = db_and_admin
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["甲", "乙", "丙"])
    sheet.append(["刘一", "2025-01-02", "男"])
    book.save(tmp_path / "odd.xlsx")
    with pytest.raises(LedgerUnreadable, match="header row Homeward knows"):
        ledger.dry_run(db, admin, tmp_path / "odd.xlsx")
    sheet["D1"] = "姓名"  # two known headers make it a ledger
    sheet["E1"] = "入站日期"
    book.save(tmp_path / "odd.xlsx")
    with pytest.raises(ValidationError, match="arrival date"):
        ledger.dry_run(db, admin, tmp_path / "odd.xlsx", {"name": 0})
    done = ledger.import_ledger(
        db, admin, tmp_path / "odd.xlsx", {"name": 0, "arrived_at": 1, "sex": 2}
    )
    assert done.children == 1
    assert _children(db)[0].name == "刘一"


def test_csv_in_utf8_bom_and_in_gbk(db_and_admin, tmp_path: Path) -> None:
    db, admin = db_and_admin
    text = "姓名,性别,出生日期,入站日期,类别\r\n陈一,男,2012/3/4,2025年1月5日,走失\r\n"
    (tmp_path / "u.csv").write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))
    (tmp_path / "g.csv").write_bytes(text.replace("陈一", "陈二").encode("gbk"))
    assert ledger.import_ledger(db, admin, tmp_path / "u.csv").children == 1
    assert ledger.import_ledger(db, admin, tmp_path / "g.csv").children == 1
    assert sorted(c.name for c in _children(db)) == ["陈一", "陈二"]


def test_our_own_export_imports_back(db_and_admin, tmp_path: Path) -> None:
    from desktop.core.reports.export import export_children

    db, admin = db_and_admin
    ledger.import_ledger(db, admin, messy_ledger(tmp_path / "a.xlsx"))
    export_children(db, admin, tmp_path / "out.xlsx")
    _raw, mapping = ledger.read_ledger(tmp_path / "out.xlsx")
    assert {"name", "sex", "birth_date", "id_number", "category", "arrived_at",
            "discharged_at", "discharge_mode", "ledger_no"} <= mapping.keys()  # fmt: skip
    again = ledger.dry_run(db, admin, tmp_path / "out.xlsx")
    assert {p.row for p in again.problems} == {2, 3, 4}  # all registered (the nameless can't tell)


def _protected(path: Path) -> Path:
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600)
    return path


def _corrupt(path: Path) -> Path:
    messy_ledger(path)
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    return path


def _not_a_workbook(path: Path) -> Path:
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("hello.txt", "hi")
    return path


def _wrong_sheet(path: Path) -> Path:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "工资表"
    sheet.append(["工号", "部门", "工资"])
    sheet.append(["001", "办公室", 3000])
    book.save(path)
    return path


def _headers_only(path: Path) -> Path:
    return plain_ledger(path, [])


@pytest.mark.parametrize(
    ("make", "name", "words"),
    [
        (lambda p: p.write_bytes(b"") and p, "empty.xlsx", "is empty"),
        (lambda p: p.write_bytes(b"  \r\n") and p, "empty.csv", "is empty"),
        (_protected, "locked.xlsx", "password-protected"),
        (_corrupt, "broken.xlsx", "damaged or not an Excel workbook"),
        (_not_a_workbook, "zip.xlsx", "damaged or not an Excel workbook"),
        (_wrong_sheet, "pay.xlsx", "looked at: 工资表"),
        (_headers_only, "none.xlsx", "has headers but no rows"),
        (lambda p: p.write_text("x") and p, "notes.docx", ".xlsx or .csv"),
    ],
)
def test_bad_files_are_refused_clearly(db_and_admin, tmp_path: Path, make, name, words) -> None:  # type: ignore[no-untyped-def]
    db, admin = db_and_admin
    path = tmp_path / name
    make(path)
    before = dump(db.path)
    for attempt in (ledger.dry_run, ledger.import_ledger):
        with pytest.raises(LedgerUnreadable, match=words):
            attempt(db, admin, path)
    assert dump(db.path) == before


def test_a_missing_file(db_and_admin, tmp_path: Path) -> None:
    db, admin = db_and_admin
    with pytest.raises(LedgerUnreadable, match="does not exist"):
        ledger.dry_run(db, admin, tmp_path / "gone.xlsx")


def test_fifty_thousand_rows_with_one_bad_row_write_nothing(db_and_admin, tmp_path) -> None:
    db, admin = db_and_admin
    rows = ledger_rows(50_000)
    rows[40_000][7] = "2025-13-01"
    path = plain_ledger(tmp_path / "big.xlsx", rows)
    before = dump(db.path)
    with pytest.raises(ValidationError, match="1 row has problems") as caught:
        ledger.import_ledger(db, admin, path)
    assert "Row 40002: Arrived at: 2025-13-01 is not a possible date." in str(caught.value)
    assert dump(db.path) == before


@pytest.mark.parametrize("role", ["intake", "caseworker", "viewer"])
def test_only_who_may_import_does(db_and_admin, tmp_path: Path, role: str) -> None:
    db, admin = db_and_admin
    accounts.create_staff(db, admin, "someone", "Some One", role, PASSWORD)
    someone = accounts.authenticate(db, "someone", PASSWORD)
    path = messy_ledger(tmp_path / "a.xlsx")
    before = dump(db.path)
    for attempt in (ledger.dry_run, ledger.import_ledger):
        with pytest.raises(PermissionDenied):
            attempt(db, someone, path)
    assert dump(db.path) == before
