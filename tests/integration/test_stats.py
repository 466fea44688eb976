"""The statistics of a period on a small hand-made database: every table's numbers,
the boundaries of the period and of the age groups, what is left out (voided
records, daily notes, other periods), and the export to .xlsx, .csv and .pdf."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from dbtools import dump
from intaketools import make_id
from openpyxl import load_workbook
from sqlalchemy import select

from desktop.core import i18n
from desktop.core.children import intake
from desktop.core.errors import PermissionDenied, ValidationError
from desktop.core.reports import stats
from desktop.core.reports.stats import Period
from desktop.core.staff import accounts
from desktop.core.store.models import AuditEntry
from tests.conftest import PASSWORD
from tests.leaving import leave

UTC = dt.UTC
MARCH = Period.of(2026, 3)


def _local(year: int, month: int, day: int, hour: int = 12) -> dt.datetime:
    """A local time (the period's days are local), stored as UTC."""
    return dt.datetime(year, month, day, hour).astimezone().astimezone(UTC)


def _child(db, admin, profile: dict, arrived: dt.datetime, mode: str = "police",  # type: ignore[no-untyped-def]
           left: dt.datetime | None = None, how: str = "collected") -> int:  # fmt: skip
    child = intake.register_child(
        db, admin, intake.ChildInput(**profile),
        intake.AdmissionInput(arrived_at=arrived, arrival_mode=mode),
    )  # fmt: skip
    if left is not None:
        stay = intake.get_child(db, admin, child.id).open_admission
        assert stay is not None
        leave(db, admin, stay.id, left, how)
    return int(child.id)


@pytest.fixture
def center(db_and_admin):  # type: ignore[no-untyped-def]
    """Five children; three count in March 2026."""
    db, admin = db_and_admin
    a = _child(db, admin, {"name": "张一", "sex": "male", "birth_date": dt.date(2015, 3, 10),
               "id_number": make_id(dt.date(2015, 3, 10)), "category": "lost"},
               _local(2026, 3, 5), "police", _local(2026, 3, 15), "collected")  # fmt: skip
    b = _child(db, admin, {"name": "李二", "sex": "female", "birth_date": dt.date(2010, 3, 20),
               "household_registration": "河南省周口市", "category": "street"},
               _local(2026, 3, 20, 9), "self")  # fmt: skip  # 16 on the day she came
    _child(db, admin, {"sex": "unknown", "category": "unattended"},
           _local(2026, 2, 28, 23), "other", _local(2026, 3, 2), "placed")  # fmt: skip
    gone = _child(db, admin, {"name": "错录", "sex": "male", "category": "harmed"},
                  _local(2026, 3, 6), "police", _local(2026, 3, 7), "escorted_home")  # fmt: skip
    intake.void(db, admin, "child", gone, "重复登记")
    _child(db, admin, {"name": "四月", "sex": "male", "category": "orphan"},
           _local(2026, 4, 1, 0), "police")  # fmt: skip
    for child, kind, day in ((a, "counselling", 6), (a, "counselling", 8), (b, "medical", 21),
                             (a, "daily", 9), (b, "counselling", 31)):  # fmt: skip
        intake.add_note(db, admin, child, intake.NoteInput(kind, _local(2026, 3, day), "记录"))
    dropped = intake.add_note(
        db, admin, b, intake.NoteInput("legal_aid", _local(2026, 3, 22), "写错")
    )
    intake.void(db, admin, "note", dropped.id, "写错了")
    return db, admin


def _rows(figures: stats.Statistics, key: str) -> dict[str, list]:  # type: ignore[type-arg]
    return {row[0]: row[1:] for row in figures.table(key).rows}


def test_admissions_of_march(center) -> None:  # type: ignore[no-untyped-def]
    db, admin = center
    figures = stats.statistics(db, admin, MARCH)
    assert figures.admissions == 2 and figures.discharges == 2
    category = _rows(figures, "category")
    assert category["Lost"] == [1] and category["Living or begging on the street"] == [1]
    assert category["Victim of harm or abuse"] == [0] and category["Orphan"] == [0]  # voided; April
    assert list(category)[:2] == ["Living or begging on the street", "Lost"]  # fields order
    referral = _rows(figures, "referral")
    assert referral["Brought by the police"] == [1] and referral["Asked for help in person"] == [1]
    assert _rows(figures, "sex") == {"Male": [1], "Female": [1], "Unknown": [0]}
    ages = _rows(figures, "age")
    assert ages["6 to 11"] == [1] and ages["16 to 17"] == [1] and ages["14 to 15"] == [0]
    assert _rows(figures, "province") == {"Beijing": [1], "Henan": [1]}


def test_discharges_and_stays_of_march(center) -> None:  # type: ignore[no-untyped-def]
    db, admin = center
    figures = stats.statistics(db, admin, MARCH)
    ways = _rows(figures, "discharge")
    assert ways["Collected by family"] == [1] and ways[
        "Placed elsewhere (institution, foster family, kin)"
    ] == [1]
    assert ways["Escorted home"] == [0]  # the voided child's
    stays = _rows(figures, "stays")
    assert stays["Stays that ended"] == [2, ""]
    assert stays["Average stay"] == [round((10 + 1 + 13 / 24) / 2, 1), ""]
    longest = stays["Longest stay"]
    assert longest[0] == 10.0 and longest[1].endswith("-0001")


def test_services_and_children_ever_received(center) -> None:  # type: ignore[no-untyped-def]
    db, admin = center
    figures = stats.statistics(db, admin, MARCH)
    services = _rows(figures, "services")
    assert services["Counselling"] == [3, 2]  # three sessions, two children
    assert services["Medical care"] == [1, 1]
    assert services["Legal aid"] == [0, 0]  # voided
    assert "Daily note" not in services
    ever = _rows(figures, "ever")
    assert ever["Lost"] == [1] and ever["De facto without care"] == [1]
    assert ever["Orphan"] == [0]  # came in April
    year = stats.statistics(db, admin, Period.of(2026))
    assert _rows(year, "ever")["Orphan"] == [1] and year.admissions == 4


def test_the_periods() -> None:
    assert (MARCH.first_day, MARCH.end_day) == (dt.date(2026, 3, 1), dt.date(2026, 4, 1))
    december = Period.of(2025, 12)
    assert december.end_day == dt.date(2026, 1, 1)
    fourth = Period.of(2026, quarter=4)
    assert (fourth.first_day, fourth.end_day) == (dt.date(2026, 10, 1), dt.date(2027, 1, 1))
    year = Period.of(2026)
    assert (year.first_day, year.end_day) == (dt.date(2026, 1, 1), dt.date(2027, 1, 1))
    assert [p.slug() for p in (MARCH, fourth, year)] == ["2026-03", "2026-Q4", "2026"]
    for bad in ({"month": 13}, {"month": 0}, {"quarter": 5}, {"month": 1, "quarter": 1}):
        with pytest.raises(ValidationError):
            Period.of(2026, **bad)
    with pytest.raises(ValidationError):
        Period.of(1899)


def test_age_groups_at_their_edges() -> None:
    born = dt.date(2010, 3, 20)
    assert stats.age_group(born, dt.date(2016, 3, 19)) == "Under 6"
    assert stats.age_group(born, dt.date(2016, 3, 20)) == "6 to 11"
    assert stats.age_group(born, dt.date(2028, 3, 19)) == "16 to 17"
    assert stats.age_group(born, dt.date(2028, 3, 20)) == "18 or older"
    assert stats.age_group(None, dt.date(2028, 3, 20)) == "Age unknown"
    assert stats.province("440305201001010011", "") == "Guangdong"
    assert stats.province(None, "内蒙古自治区呼和浩特市") == "Inner Mongolia"
    assert stats.province("990305201001010011", "火星") == "Province unknown"


def test_export_to_xlsx_csv_and_pdf(center, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    db, admin = center
    i18n.set_language("zh_CN")
    book = stats.export_statistics(db, admin, MARCH, tmp_path / "march.xlsx")
    sheets = load_workbook(book)
    assert sheets.sheetnames[0] == "概况"
    summary = list(sheets.worksheets[0].iter_rows(values_only=True))
    assert summary[1:] == [("统计期间", "2026年3月"), ("入站人次", 2), ("离站人次", 2)]
    category = list(sheets["入站儿童（按类别）"].iter_rows(values_only=True))
    assert category[0] == ("类别", "入站人次") and ("走失", 1) in category
    text = stats.export_statistics(db, admin, MARCH, tmp_path / "march.csv").read_bytes()
    assert text.startswith(b"\xef\xbb\xbf") and "走失,1" in text.decode("utf-8-sig")
    pdf = stats.export_statistics(db, admin, MARCH, tmp_path / "march.pdf").read_bytes()
    assert pdf.startswith(b"%PDF")
    with db.session() as session:
        entries = list(session.scalars(select(AuditEntry).where(AuditEntry.action == "export")))
    assert [json.loads(e.changes)["file"][1] for e in entries] == ["march.xlsx", "march.csv",
                                                              "march.pdf"]  # fmt: skip
    assert json.loads(entries[0].changes)["period"][1] == "2026-03"


def test_export_needs_its_permission_and_a_known_kind(center, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    db, admin = center
    accounts.create_staff(db, admin, "looker", "A Viewer", "viewer", PASSWORD)
    viewer = accounts.authenticate(db, "looker", PASSWORD)
    assert stats.statistics(db, viewer, MARCH).admissions == 2  # reading is for everyone
    before = dump(db.path)
    out = tmp_path / "out"
    out.mkdir()
    with pytest.raises(PermissionDenied):
        stats.export_statistics(db, viewer, MARCH, out / "x.xlsx")
    with pytest.raises(ValidationError, match=r"\.xlsx, \.csv or \.pdf"):
        stats.export_statistics(db, admin, MARCH, out / "x.docx")
    assert dump(db.path) == before
    assert list(out.iterdir()) == []
