"""The printed roster (在站人员名册): the rows of the day's roster, many pages each with the
header and the column headings, the totals; from the program's service and from
``homeward print roster --date D``."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterator
from pathlib import Path

import pytest
from dbtools import dump
from intaketools import (
    ARRIVED,
    arrival,
    known_child,
    make_id,
    open_copy,
    staffed_template,
    tolerate_unfinished,
)
from pypdf import PdfReader

from desktop.cli import main
from desktop.config import resolve_paths
from desktop.core.children import intake
from desktop.core.errors import PermissionDenied
from desktop.core.forms.data import CenterInfo
from desktop.core.forms.roster_form import build_roster
from desktop.core.forms.service import print_roster
from desktop.core.residence import placements, rooms
from desktop.core.residence.placements import PlacementInput
from desktop.core.residence.roster import Resident
from desktop.core.staff.access import COMMAND_LINE, SystemActor
from desktop.core.store.db import Database
from desktop.core.store.models import Staff
from tests.leaving import leave

DAY = dt.date(2026, 11, 29)
Env = tuple[Database, dict[str, Staff]]


def _pages(pdf: bytes) -> list[str]:
    return [page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages]


def _resident(number: int) -> Resident:
    return Resident(
        number, number, f"2026-{number:04d}", f"儿童{number:04d}", "", "male" if number % 2
        else "female", dt.date(2012, 5, 1), "street", dt.datetime(2026, 11, 1, 3, tzinfo=dt.UTC),
        None, number, "bed" if number % 3 else "hospital", "101", str(number % 6 + 1), number,
        "" if number % 3 else "市儿童医院", DAY,
    )  # fmt: skip


def test_a_long_roster_runs_over_pages_with_the_header_on_each() -> None:
    residents = [_resident(n) for n in range(1, 121)]
    pages = _pages(build_roster(CenterInfo("城南中心"), DAY, residents, printed_on=DAY))
    assert len(pages) >= 3
    for page in pages:
        assert "城南中心" in page and "在站人员名册" in page and "名册日期：2026年11月29日" in page
        assert "案卷号" in page and "床位/安置" in page  # the headings repeated
    text = "".join(pages)
    for number in (1, 60, 120):
        assert f"儿童{number:04d}" in text
    assert "医院：市儿童医院" in text and "101 室" in text
    assert "共 120 人：男 60 人，女 60 人" in pages[-1]
    assert "本站床位 80 人，站外安置 40 人，未安置 0 人" in pages[-1]
    assert "制表人签名" in pages[-1]


def test_an_empty_day_prints_one_page_saying_so() -> None:
    (page,) = _pages(build_roster(CenterInfo("城南中心"), DAY, []))
    assert "当日无在站人员" in page and "共 0 人" in page


@pytest.fixture
def env(tmp_path: Path, tmp_path_factory: pytest.TempPathFactory,
        monkeypatch: pytest.MonkeyPatch) -> Iterator[Env]:  # fmt: skip
    tolerate_unfinished(monkeypatch)
    with open_copy(staffed_template(tmp_path_factory), tmp_path) as opened:
        yield opened


def test_the_printed_roster_is_the_days_roster(env: Env) -> None:
    db, people = env
    admin = people["admin"]
    rooms.save_room(db, admin, rooms.RoomInput("101", "1", "mixed", 2))
    bed = rooms.list_rooms(db, admin)[0].beds[0].id
    child = intake.register_child(db, admin, known_child(), arrival())
    other = intake.register_child(
        db, admin, known_child(name="王小红", sex="female", id_number=make_id(
            dt.date(2013, 3, 3), male=False)), arrival(),
    )  # fmt: skip
    placements.place(db, admin, child.id, PlacementInput("bed", ARRIVED, bed_id=bed))
    gone = intake.get_child(db, admin, other.id).open_admission
    assert gone is not None
    leave(db, admin, gone.id, ARRIVED + dt.timedelta(days=1))
    before = dump(db.path)
    day = (ARRIVED + dt.timedelta(days=3)).date()
    pages = _pages(print_roster(db, people["viewer"], day))
    assert dump(db.path) == before  # reading only
    text = "".join(pages)
    assert "张小明" in text and "101 室 1 床" in text and "王小红" not in text
    assert "共 1 人" in text
    assert "王小红" in "".join(_pages(print_roster(db, admin, ARRIVED.date())))
    with pytest.raises(PermissionDenied):
        print_roster(db, SystemActor("nobody", frozenset()), day)
    assert print_roster(db, COMMAND_LINE, day)[:5] == b"%PDF-"


def test_homeward_print_roster(tmp_path: Path, lang_en: None,
                               capsys: pytest.CaptureFixture[str]) -> None:  # fmt: skip
    from desktop.core.center import CenterProfile
    from desktop.core.setup import initialise

    paths = resolve_paths(tmp_path / "home")
    db, _admin = initialise(paths, CenterProfile(name="城南中心"), "admin", "王主任", "pw-long-9x")
    db.close()
    out = tmp_path / "roster.pdf"
    home = str(paths.home)
    assert main(["--home", home, "print", "roster", "--date", "2026-11-29", "-o", str(out)]) == 0
    assert "在站人员名册" in _pages(out.read_bytes())[0]
    assert main(["--home", home, "print", "roster", "--date", "29/11", "-o", str(out)]) == 2
    assert "YYYY-MM-DD" in capsys.readouterr().err
    assert main(["--home", home, "print", "roster", "2026-0001", "-o", str(out)]) == 2
    assert main(["--home", home, "print", "intake", "--date", "2026-11-29", "-o", str(out)]) == 2


def test_the_statement_of_leaving_alone_warns_for_a_child_under_16(env: Env) -> None:
    from desktop.core.forms.service import form_warnings, render

    db, people = env
    admin = people["admin"]
    young = intake.register_child(db, admin, known_child(), arrival())  # born 2015
    old = intake.register_child(
        db, admin, known_child(name="李强", birth_date=dt.date(2005, 1, 1)), arrival()
    )
    text = "".join(_pages(render(db, admin, "statement", old.case_no)))
    assert "自行离站声明书" in text and "李强" in text and "已年满十六周岁" in text
    assert form_warnings(db, admin, "statement", old.case_no) == []
    (warning,) = form_warnings(db, admin, "statement", young.case_no)
    assert "under 16" in warning


def test_the_stay_and_discharge_record(env: Env) -> None:
    from desktop.core.children.intake import BelongingInput, NoteInput
    from desktop.core.forms.service import render

    db, people = env
    admin = people["admin"]
    rooms.save_room(db, admin, rooms.RoomInput("101", "1", "mixed", 2))
    bed = rooms.list_rooms(db, admin)[0].beds[1].id
    child = intake.register_child(db, admin, known_child(), arrival(), [BelongingInput("书包")])
    placements.place(db, admin, child.id, PlacementInput("bed", ARRIVED, bed_id=bed))
    placements.move(db, admin, child.id, PlacementInput(
        "hospital", ARRIVED + dt.timedelta(days=1), place="市儿童医院"))  # fmt: skip
    intake.add_note(db, admin, child.id, NoteInput("counselling", ARRIVED, "谈心，情绪稳定"))
    stay = intake.get_child(db, admin, child.id).open_admission
    assert stay is not None
    blank = "".join(_pages(render(db, admin, "stay", child.case_no)))
    assert "在站服务及离站登记表" in blank and "101 室 2 床" in blank and "市儿童医院" in blank
    assert "谈心，情绪稳定" in blank and "王主任" in blank and "至今" in blank
    leave(db, admin, stay.id, ARRIVED + dt.timedelta(days=2))
    text = "".join(_pages(render(db, admin, "stay", child.case_no)))
    assert "接领返乡" in text and "张大山" in text and "父亲" in text
