"""Printing from a real database: permissions, case lookup, the admission chosen, the CLI."""

from __future__ import annotations

import argparse
import datetime as dt
import io
import re
import subprocess
import sys
from pathlib import Path

import pytest
from dbtools import ADMIN_PASSWORD
from pypdf import PdfReader
from sqlalchemy import select

from desktop.cli_print import add_commands, cmd_print
from desktop.core.errors import NotFound, PermissionDenied, ValidationError
from desktop.core.forms.notice import ReasonNeeded
from desktop.core.forms.samples import sample_admission, sample_child, sample_photo
from desktop.core.forms.service import FORMS, render, render_blank
from desktop.core.staff import accounts
from desktop.core.store.db import Database
from desktop.core.store.models import (
    Admission,
    AuditEntry,
    Belonging,
    Child,
    Contact,
    Photo,
    Staff,
    Task,
    utcnow,
)

ROOT = Path(__file__).resolve().parents[2]
CASE = "2026-0013"
#: The sample child has a name and a father on record: a notice needs a reason.
REASON = "父亲电话已停机，经公安机关同意发布寻亲公告"


def text_of(pdf: bytes) -> str:
    return "".join(
        re.sub(r"\s+", "", page.extract_text()) for page in PdfReader(io.BytesIO(pdf)).pages
    )


def add_case(db: Database, staff: Staff, *, photo: bool = True) -> int:
    """Insert the sample child with two stays (the latest open), belongings, contact, photo."""
    values = {k: v for k, v in sample_child().items() if k != "case_no"}
    with db.session() as session:
        child = Child(case_no=CASE, case_year=2026, case_seq=13, **values)
        session.add(child)
        session.flush()
        earlier = Admission(
            child_id=child.id,
            arrived_at=dt.datetime(2025, 3, 1, 8, tzinfo=dt.UTC),
            discharged_at=dt.datetime(2025, 3, 5, 8, tzinfo=dt.UTC),
            referring_unit="旧的护送单位",
            receiving_staff_id=staff.id,
        )
        latest = Admission(child_id=child.id, receiving_staff_id=staff.id, **sample_admission())
        session.add_all([earlier, latest])
        session.flush()
        session.add_all(
            [
                Belonging(admission_id=earlier.id, item="旧雨伞", quantity=1),
                Belonging(admission_id=latest.id, item="书包", quantity=1, description="红色"),
                Belonging(admission_id=latest.id, item="现金", quantity=1, cash_fen=5650),
                Belonging(
                    admission_id=latest.id,
                    item="作废的物品",
                    quantity=1,
                    voided_at=utcnow(),
                    void_reason="登记错误",
                ),
                Contact(child_id=child.id, name="张大山", relationship="父亲", phone="13800000000"),
            ]
        )
        if photo:
            session.add(
                Photo(
                    child_id=child.id,
                    taken_at=utcnow(),
                    image=sample_photo(),
                    width=300,
                    height=400,
                    staff_id=staff.id,
                )
            )
        return earlier.id


@pytest.fixture
def case_db(db_and_admin):  # type: ignore[no-untyped-def]
    db, admin = db_and_admin
    earlier = add_case(db, admin)
    return db, admin, earlier


@pytest.mark.parametrize("form", list(FORMS))
def test_each_form_renders_from_the_database(case_db, form: str) -> None:  # type: ignore[no-untyped-def]
    db, admin, _earlier = case_db
    pdf = render(db, admin, form, CASE, reason=REASON)
    text = text_of(pdf)
    assert "张𠮷祥" in text
    assert "城南未成年人救助保护中心" in text
    assert FORMS[form].title in text


def test_the_latest_stay_unless_another_is_asked_for(case_db) -> None:  # type: ignore[no-untyped-def]
    db, admin, earlier = case_db
    latest = text_of(render(db, admin, "belongings", CASE))
    assert "书包" in latest and "56.50" in latest
    assert "旧雨伞" not in latest and "作废的物品" not in latest
    older = text_of(render(db, admin, "belongings", CASE, admission_id=earlier))
    assert "旧雨伞" in older and "书包" not in older
    intake = text_of(render(db, admin, "intake", CASE))
    assert "城南公安分局火车站派出所" in intake and "王主任" in intake and "张大山" in intake
    with pytest.raises(NotFound):
        render(db, admin, "intake", CASE, admission_id=9999)


def test_an_unknown_case_or_form_gets_a_clear_message(case_db) -> None:  # type: ignore[no-untyped-def]
    db, admin, _earlier = case_db
    with pytest.raises(NotFound, match="2099-0001"):
        render(db, admin, "intake", "2099-0001")
    with pytest.raises(ValidationError, match="intake, belongings, notice"):
        render(db, admin, "passport", CASE)


def test_a_voided_case_is_not_printed(case_db) -> None:  # type: ignore[no-untyped-def]
    db, admin, _earlier = case_db
    with db.session() as session:
        child = session.query(Child).filter_by(case_no=CASE).one()
        child.voided_at = utcnow()
    with pytest.raises(NotFound, match="voided"):
        render(db, admin, "notice", CASE)


def test_a_notice_without_a_photo_prints_the_empty_box(db_and_admin) -> None:  # type: ignore[no-untyped-def]
    db, admin = db_and_admin
    add_case(db, admin, photo=False)
    assert "暂无照片" in text_of(render(db, admin, "notice", CASE, reason=REASON))


def test_viewers_may_print_and_deactivated_staff_may_not(case_db) -> None:  # type: ignore[no-untyped-def]
    db, admin, _earlier = case_db
    viewer = accounts.create_staff(db, admin, "viewer1", "只读员", "viewer", ADMIN_PASSWORD)
    with pytest.raises(PermissionDenied):  # a viewer may not issue a notice ...
        render(db, viewer, "notice", CASE, reason=REASON)
    assert latest_admission(db).notice_issued_on is None
    render(db, admin, "notice", CASE, reason=REASON)
    assert text_of(render(db, viewer, "notice", CASE))  # ... but may print it again
    with pytest.raises(PermissionDenied):  # and may not change its reason
        render(db, viewer, "notice", CASE, reason="另一个理由")
    caseworker = accounts.create_staff(db, admin, "worker1", "社工", "caseworker", ADMIN_PASSWORD)
    assert text_of(render(db, caseworker, "notice", CASE, reason="另一个理由"))
    with db.session() as session:
        session.get(Staff, viewer.id).active = False  # type: ignore[union-attr]
    with pytest.raises(PermissionDenied):
        render(db, viewer, "notice", CASE, reason=REASON)


# the command line ----------------------------------------------------------------------------


def parser() -> argparse.ArgumentParser:
    main = argparse.ArgumentParser(prog="homeward")
    add_commands(main.add_subparsers(dest="command"))
    return main


def test_print_help_lists_the_forms(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        parser().parse_args(["print", "--help"])
    shown = capsys.readouterr().out
    for key, spec in FORMS.items():
        assert key in shown and spec.title in shown
    assert "Family-search notice" in shown


def test_print_writes_the_pdf_as_the_command_line(case_db, paths, tmp_path) -> None:  # type: ignore[no-untyped-def]
    db, _admin, _earlier = case_db
    db.close()
    folder = tmp_path / "out"
    folder.mkdir()
    out = folder / "notice.pdf"
    args = parser().parse_args(["print", "notice", CASE, "-o", str(out), "--reason", REASON])
    assert cmd_print(args, paths) == 0
    assert "寻亲公告" in text_of(out.read_bytes())
    assert [p.name for p in folder.iterdir()] == ["notice.pdf"]  # no temporary file left
    db = Database.open(paths.db_file)
    try:
        with db.session() as session:
            issued = session.scalars(
                select(AuditEntry).where(AuditEntry.action == "issue_notice")
            ).one()
            assert (issued.actor, issued.staff_id) == ("command line", None)
    finally:
        db.close()


def test_the_command_line_may_print_but_not_change_a_record(case_db) -> None:  # type: ignore[no-untyped-def]
    from desktop.core.children import intake
    from desktop.core.errors import PermissionDenied
    from desktop.core.staff.access import COMMAND_LINE

    db, _admin, _earlier = case_db
    assert "入站登记表" in text_of(render(db, COMMAND_LINE, "intake", CASE))
    child = intake.ChildInput(name="李四", sex="male")
    stay = intake.AdmissionInput(arrived_at=utcnow(), arrival_mode="self")
    with pytest.raises(PermissionDenied):
        intake.register_child(db, COMMAND_LINE, child, stay)  # type: ignore[arg-type]


def test_print_refuses_a_missing_folder_and_an_unknown_case(case_db, paths, tmp_path) -> None:  # type: ignore[no-untyped-def]
    db, _admin, _earlier = case_db
    db.close()
    args = parser().parse_args(["print", "intake", CASE, "-o", str(tmp_path / "no" / "x.pdf")])
    with pytest.raises(ValidationError, match="does not exist"):
        cmd_print(args, paths)
    args = parser().parse_args(["print", "intake", "2099-0001", "-o", str(tmp_path / "x.pdf")])
    with pytest.raises(NotFound):
        cmd_print(args, paths)
    assert not (tmp_path / "x.pdf").exists()


def test_printing_in_a_fresh_process_imports_no_qt(case_db, paths, tmp_path) -> None:  # type: ignore[no-untyped-def]
    db, _admin, _earlier = case_db
    db.close()
    out = tmp_path / "intake.pdf"
    code = (
        "import argparse, sys\n"
        "from desktop.cli_print import add_commands, cmd_print\n"
        "from desktop.config import resolve_paths\n"
        "p = argparse.ArgumentParser(); add_commands(p.add_subparsers())\n"
        f"args = p.parse_args(['print', 'intake', {CASE!r}, '-o', {str(out)!r}])\n"
        f"assert cmd_print(args, resolve_paths({str(paths.home)!r})) == 0\n"
        "assert not [m for m in sys.modules if m.startswith('PySide6')]\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
    assert "入站登记表" in text_of(out.read_bytes())


# the family-search notice: for whom, and its first date ------------------------------------


def latest_admission(db: Database) -> Admission:
    with db.session() as session:
        return session.scalars(
            select(Admission).order_by(Admission.arrived_at.desc(), Admission.id.desc())
        ).first()


def audit_count(db: Database, action: str) -> int:
    with db.session() as session:
        return len(session.scalars(select(AuditEntry).where(AuditEntry.action == action)).all())


def test_a_notice_for_a_child_whose_family_is_known_needs_a_reason(case_db) -> None:  # type: ignore[no-untyped-def]
    db, admin, _earlier = case_db
    with pytest.raises(ReasonNeeded) as raised:
        render(db, admin, "notice", CASE)
    assert raised.value.field == "notice_reason"
    stored = latest_admission(db)
    assert stored.notice_issued_on is None and stored.notice_reason == ""  # nothing saved
    assert audit_count(db, "issue_notice") == 0
    with pytest.raises(ReasonNeeded):
        render(db, admin, "notice", CASE, reason="   ")
    render(db, admin, "notice", CASE, reason=REASON)
    stored = latest_admission(db)
    assert stored.notice_reason == REASON
    assert stored.notice_issued_on == dt.date.today()
    assert audit_count(db, "issue_notice") == 1
    render(db, admin, "notice", CASE)  # the recorded reason serves every reprint
    assert audit_count(db, "issue_notice") == 1  # nothing changed, nothing recorded


def test_a_notice_for_an_unknown_child_needs_no_reason(db_and_admin) -> None:  # type: ignore[no-untyped-def]
    db, admin = db_and_admin
    add_case(db, admin)
    with db.session() as session:
        child = session.scalars(select(Child).where(Child.case_no == CASE)).one()
        child.name = ""
        for contact in session.scalars(select(Contact)):
            contact.voided_at = utcnow()
    text = text_of(render(db, admin, "notice", CASE))
    assert "姓名不详（自称“小祥”）" in text
    with db.session() as session:
        session.scalars(select(Child)).one().category = "harmed"
    with pytest.raises(ReasonNeeded, match="harmed"):
        render(db, admin, "notice", CASE)


def test_a_reprinted_notice_keeps_its_first_date(case_db) -> None:  # type: ignore[no-untyped-def]
    db, admin, _earlier = case_db
    first = dt.date(2026, 11, 27)
    with db.session() as session:
        admission = session.get(Admission, latest_admission(db).id)
        admission.notice_issued_on = first  # type: ignore[union-attr]
    text = text_of(render(db, admin, "notice", CASE, reason=REASON))
    assert "公告期自2026年11月27日至2026年12月26日" in text
    assert latest_admission(db).notice_issued_on == first


def test_print_warns_about_a_notice_that_says_nothing(
    db_and_admin, paths, tmp_path, capsys
) -> None:  # type: ignore[no-untyped-def]
    db, admin = db_and_admin
    add_case(db, admin, photo=False)
    out = tmp_path / "notice.pdf"
    args = parser().parse_args(["print", "notice", CASE, "-o", str(out), "--reason", REASON])
    db.close()
    assert cmd_print(args, paths) == 0
    assert "Warning" not in capsys.readouterr().err
    db = Database.open(paths.db_file)
    with db.session() as session:
        child = session.scalars(select(Child)).one()
        for name in ("name", "alias", "appearance", "clothing", "dialect"):
            setattr(child, name, "")
        child.birth_date = None
        child.height_cm = None
    db.close()
    assert cmd_print(args, paths) == 0
    assert "says nothing a family could recognise" in capsys.readouterr().err


# blank forms ---------------------------------------------------------------------------------


@pytest.mark.parametrize("form", list(FORMS))
def test_print_without_a_case_writes_the_blank_form(case_db, paths, tmp_path, form: str) -> None:  # type: ignore[no-untyped-def]
    db, _admin, _earlier = case_db
    db.close()
    out = tmp_path / f"{form}.pdf"
    assert cmd_print(parser().parse_args(["print", form, "-o", str(out)]), paths) == 0
    text = text_of(out.read_bytes())
    assert FORMS[form].title in text and "城南未成年人救助保护中心" in text
    assert CASE not in text and "张𠮷祥" not in text
    assert "☐" in text


def test_a_stay_without_a_case_is_refused(case_db, paths, tmp_path) -> None:  # type: ignore[no-untyped-def]
    db, _admin, _earlier = case_db
    db.close()
    args = parser().parse_args(
        ["print", "intake", "--admission", "1", "-o", str(tmp_path / "x.pdf")]
    )
    with pytest.raises(ValidationError, match="case number"):
        cmd_print(args, paths)
    assert not (tmp_path / "x.pdf").exists()


def test_blank_forms_need_the_print_permission(case_db) -> None:  # type: ignore[no-untyped-def]
    db, admin, _earlier = case_db
    viewer = accounts.create_staff(db, admin, "viewer2", "只读员", "viewer", ADMIN_PASSWORD)
    assert "☐是☐否" in text_of(render_blank(db, viewer, "intake"))
    with db.session() as session:
        session.get(Staff, viewer.id).active = False  # type: ignore[union-attr]
    with pytest.raises(PermissionDenied):
        render_blank(db, viewer, "intake")


def test_the_intake_form_counts_the_stays_and_shows_the_tasks(case_db) -> None:  # type: ignore[no-untyped-def]
    db, admin, earlier = case_db
    latest = latest_admission(db)
    with db.session() as session:
        due = utcnow()
        session.add_all(
            [
                Task(
                    child_id=latest.child_id,
                    admission_id=latest.id,
                    kind="dna_request",
                    due_at=due,
                    done_at=due,
                    reference="DNA-7",
                ),
                Task(
                    child_id=latest.child_id,
                    admission_id=latest.id,
                    kind="mandatory_report",
                    due_at=due,
                    cancelled=True,
                ),
                Task(
                    child_id=latest.child_id,
                    admission_id=earlier,
                    kind="mandatory_report",
                    due_at=due,
                ),
            ]
        )
    text = text_of(render(db, admin, "intake", CASE))
    assert "第2次入站" in text
    assert "☑已报请公安机关采集DNA血样" in text and "DNA-7" in text
    assert "☐已向公安机关报告☐未向公安机关报告☐不适用" in text  # cancelled: nothing to show
    older = text_of(render(db, admin, "intake", CASE, admission_id=earlier))
    assert "第1次入站" in older
    assert "尚未完成" in older and "DNA-7" not in older


def test_print_names_the_characters_no_font_has(case_db, paths, tmp_path, capsys) -> None:  # type: ignore[no-untyped-def]
    db, _admin, _earlier = case_db
    with db.session() as session:
        session.scalars(select(Child)).one().name = "张𪚥"
    db.close()
    out = tmp_path / "intake.pdf"
    assert cmd_print(parser().parse_args(["print", "intake", CASE, "-o", str(out)]), paths) == 0
    said = capsys.readouterr().err
    assert "姓名" in said and "U+2A6A5" in said
    assert "姓名中的U+2A6A5无法打印" in text_of(out.read_bytes())
    assert cmd_print(parser().parse_args(["print", "belongings", CASE, "-o", str(out)]), paths) == 0
    assert "U+2A6A5" in capsys.readouterr().err


def test_the_staff_member_of_a_handover_comes_from_the_trail(case_db) -> None:  # type: ignore[no-untyped-def]
    """An item handed to the police or destroyed prints who recorded it (the trail's
    actor) as its staff member; a returned item, who handed it back; a held one, nobody."""
    from desktop.core.children import intake
    from desktop.core.forms.service import load_case
    from tests.conftest import PASSWORD

    db, admin, _earlier = case_db
    clerk = accounts.create_staff(db, admin, "clerk", "李华", "intake", PASSWORD)
    with db.session() as session:
        ids = {
            row.item: row.id
            for row in session.scalars(select(Belonging).where(Belonging.voided_at.is_(None)))
        }
    now = utcnow()
    disposal = intake.DisposalInput("police", now, disposed_to="城关派出所", disposal_ref="118号")
    intake.dispose_belonging(db, clerk, ids["书包"], disposal)
    intake.return_belonging(db, admin, ids["现金"], now, "张大山")
    staff = {b.values["item"]: b.returned_by for b in load_case(db, admin, CASE).belongings}
    assert staff == {"书包": "李华", "现金": "王主任"}
    text = text_of(render(db, admin, "belongings", CASE))
    assert "移交公安" in text and "城关派出所李华" in text
    assert "公安机关接收凭证编号：118号" in text
