"""The return-home forms printed from a real database: the plan and the visit chosen, the
handover's staff member from the trail, the command line's --months, refusals."""

from __future__ import annotations

import argparse
import datetime as dt
import io
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from intaketools import ARRIVED, arrival, known_child, open_copy, staffed_template
from pypdf import PdfReader

from desktop.cli_print import add_commands, cmd_print
from desktop.config import resolve_paths
from desktop.core.children import intake
from desktop.core.children.intake import BelongingInput
from desktop.core.errors import NotFound, ValidationError
from desktop.core.forms.data import PlanChoice
from desktop.core.forms.service import load_case, render, render_blank, render_plan_form
from desktop.core.residence.discharge import BelongingEnd
from desktop.core.returns import handover, plans, queries
from desktop.core.returns.handover import HandoverInput, VisitInput
from desktop.core.returns.plans import EscortInput, ReceiverInput
from desktop.core.store.db import Database
from desktop.core.store.models import Staff
from tests.leaving import ADULT_ID

HOUR = dt.timedelta(hours=1)
SET_OFF = ARRIVED + dt.timedelta(days=20)
RECEIVER = ReceiverInput(
    "张大山", ADULT_ID, "父亲", "13800138000", "北京市朝阳区某村3号", "赵核实", "身份证原件核对"
)


def text_of(pdf: bytes) -> str:
    return "".join(
        re.sub(r"\s+", "", page.extract_text()) for page in PdfReader(io.BytesIO(pdf)).pages
    )


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return staffed_template(tmp_path_factory)


@pytest.fixture
def env(template: Path, tmp_path: Path) -> Iterator[tuple[Database, dict[str, Staff]]]:
    with open_copy(template, tmp_path) as opened:
        yield opened


def _handed_over(db: Database, people: dict[str, Staff], mode: str = "escorted_home") -> int:
    """A child with a backpack taken home by ``mode``; the first visit recorded. The plan's id."""
    admin, worker = people["admin"], people["caseworker"]
    child = intake.register_child(db, admin, known_child(), arrival(), [BelongingInput("书包")])
    plan = plans.start_plan(db, worker, child.id)
    plans.verify_receiver(db, worker, plan.id, RECEIVER)
    plans.assess_home(db, worker, plan.id, "suitable", "父母在家")
    plans.approve(db, admin, plan.id)
    escorts = ("刘社工", "陈社工", "火车 G123") if mode == "escorted_home" else ("", "", "")
    unit = ("civil_affairs", "朝阳区民政局", "李科长 010-12345678")
    escort = EscortInput(mode, SET_OFF, SET_OFF + 8 * HOUR, "北京市朝阳区某村3号", *unit, *escorts)
    plans.start_escort(db, worker, plan.id, escort)
    stay = intake.get_child(db, admin, child.id).admissions[0]
    item = intake.get_child(db, admin, child.id).belongings[stay.id][0].id
    ends = (BelongingEnd(item, returned_to="张大山"),)
    data = HandoverInput(SET_OFF + 9 * HOUR, "朝阳区民政局", "张大山", True, ends)
    handover.hand_over(db, admin, plan.id, data)  # 王主任
    first = queries.plans_of(db, admin, child.id)[0].visits[0]
    found = VisitInput(dt.date(2025, 7, 21), "home_visit", "上学正常", "与父母同住", risk=True)
    handover.record_visit(db, worker, first.id, found)
    return plan.id


def test_the_escort_form_prints_the_plan_and_who_handed_the_child_over(env) -> None:  # type: ignore[no-untyped-def]
    db, people = env
    plan_id = _handed_over(db, people)
    text = text_of(render_plan_form(db, people["viewer"], "escort", plan_id))
    wanted_all = ("护送返乡交接单", "张小明", "刘社工、陈社工", "火车G123", "朝阳区民政局",
                  "李科长010-12345678", "☑当地民政部门", "张大山", ADULT_ID, "书包",
                  "已归还")  # fmt: skip
    for wanted in wanted_all:
        assert wanted in text, wanted
    assert "None" not in text


def test_the_visit_form_is_of_the_next_visit_unless_one_is_named(env) -> None:  # type: ignore[no-untyped-def]
    db, people = env
    admin = people["admin"]
    plan_id = _handed_over(db, people)
    next_one = text_of(render_plan_form(db, admin, "visit", plan_id))
    assert "☐满1个月☑满3个月" in next_one and "☐满6个月" in next_one
    assert "上学正常" not in next_one and "☐是☐否" in next_one  # to fill in by hand
    visits = queries.plans_of(db, admin, _child_of(db, admin, plan_id))[0].visits
    done = text_of(render_plan_form(db, admin, "visit", plan_id, visits[0].id))
    assert "☑满1个月" in done and "2025年7月21日" in done
    assert "上学正常" in done and "与父母同住" in done and "☑是☐否" in done
    assert "（Thecaseworker）" in done  # who recorded the visit, under the signature
    with pytest.raises(NotFound):
        render_plan_form(db, admin, "visit", plan_id, 99_999)
    with pytest.raises(NotFound):
        render_plan_form(db, admin, "visit", 99_999)


def _child_of(db: Database, admin: Staff, plan_id: int) -> int:
    with db.session() as session:
        from desktop.core.store.models import ReturnPlan

        plan = session.get(ReturnPlan, plan_id)
        assert plan is not None
        return plan.child_id


def test_the_collection_form_of_a_collected_child(env) -> None:  # type: ignore[no-untyped-def]
    db, people = env
    plan_id = _handed_over(db, people, mode="collected")
    text = text_of(render_plan_form(db, people["admin"], "collection", plan_id))
    wanted_all = ("接领交接单", "张大山", "父亲", ADULT_ID, "13800138000", "北京市朝阳区某村3号",
                  "赵核实", "身份证原件核对", "中心经办人王主任", "☐已留存", "朝阳区民政局",
                  "书包", "接领人签名")  # fmt: skip
    for wanted in wanted_all:
        assert wanted in text, wanted


def test_a_child_without_a_plan_prints_the_forms_with_room_to_write(env) -> None:  # type: ignore[no-untyped-def]
    db, people = env
    admin = people["admin"]
    child = intake.register_child(db, admin, known_child(name="李四"), arrival())
    for form in ("collection", "escort", "visit"):
        text = text_of(render(db, admin, form, child.case_no))
        assert "李四" in text and "None" not in text
        assert "第＿＿次回访" in text or form != "visit"
    blank = text_of(render_blank(db, admin, "escort"))
    assert "☐当地民政部门" in blank and "案卷号：＿" in blank


def test_a_plan_of_another_child_or_admission_is_refused(env) -> None:  # type: ignore[no-untyped-def]
    db, people = env
    admin = people["admin"]
    plan_id = _handed_over(db, people)
    other = intake.register_child(db, admin, known_child(name="李四"), arrival())
    with pytest.raises(NotFound):
        render(db, admin, "escort", other.case_no, plan=PlanChoice(plan_id))
    assert load_case(db, admin, other.case_no).plan == {}  # a form without a plan
    with pytest.raises(ValidationError) as caught:
        render(db, admin, "visit", _case_of(db, admin, plan_id), plan=PlanChoice(months=2))
    assert caught.value.field == "months"


def _case_of(db: Database, admin: Staff, plan_id: int) -> str:
    return intake.get_child(db, admin, _child_of(db, admin, plan_id)).child.case_no


def _cli(tmp_path: Path, *argv: str) -> argparse.Namespace:
    parser = argparse.ArgumentParser()
    add_commands(parser.add_subparsers())
    return parser.parse_args(["print", *argv])


def test_the_command_line_prints_a_visit_by_its_months(env, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    db, people = env
    plan_id = _handed_over(db, people)
    case_no = _case_of(db, people["admin"], plan_id)
    db.close()
    paths = resolve_paths(tmp_path)
    out = tmp_path / "visit.pdf"
    assert cmd_print(_cli(tmp_path, "visit", case_no, "--months", "1", "-o", str(out)), paths) == 0
    text = text_of(out.read_bytes())
    assert "☑满1个月" in text and "上学正常" in text
    for argv, field in (
        (("escort", case_no, "--months", "1"), "months"),
        (("visit", "--months", "1"), "months"),
        (("visit", case_no, "--months", "2"), "months"),
    ):
        with pytest.raises(ValidationError) as caught:
            cmd_print(_cli(tmp_path, *argv, "-o", str(tmp_path / "x.pdf")), paths)
        assert caught.value.field == field
    assert not (tmp_path / "x.pdf").exists()
