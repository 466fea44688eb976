"""What the paper forms of a return home asked for and were not stored, on real SQLite
files: a follow-up visit's next step (回访记录表, 下一步措施) and whether a copy of the
receiver's identity document was kept (接领交接单, 身份证件复印件). Each is stored, on the
trail and printed; bad input names its field and saves nothing; the visit form's 风险情况及
处理 is filled from the referrals and a new admission that followed the visit."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from pathlib import Path

import test_returns
from dbtools import audit_rows, raw
from intaketools import arrival, known_child
from test_return_follow_up import _detail, _handed_over
from test_return_forms_print import text_of
from test_returns import RECEIVER, _child, _refused

from desktop.core.audit.check import check_database
from desktop.core.children import intake
from desktop.core.forms.service import render_plan_form
from desktop.core.returns import handover, plans
from desktop.core.store.db import Database
from desktop.core.store.models import Staff

Env = tuple[Database, dict[str, Staff], Path]
template, env = test_returns.template, test_returns.env  # the same fixtures
FIRST_VISIT = dt.date(2025, 7, 21)


def _changes(path: Path, action: str, entity: str) -> list[dict[str, list[object]]]:
    return [json.loads(row[5] or "{}") for row in audit_rows(path)
            if (row[2], row[3]) == (action, entity)]  # fmt: skip


def _visit(day: dt.date = FIRST_VISIT, **values: object) -> handover.VisitInput:
    base: dict[str, object] = {"visited_on": day, "method": "home_visit",
                               "findings": "上学正常", "situation": "与父母同住"}  # fmt: skip
    base.update(values)
    return handover.VisitInput(**base)  # type: ignore[arg-type]


def _column(path: Path, sql: str) -> list[object]:
    with raw(path) as connection:
        return [row[0] for row in connection.execute(sql)]


# ------------------------------------------------------------------ the visit's next step


def test_a_visit_stores_its_next_step_cleaned_on_the_trail_and_on_its_form(env: Env) -> None:
    db, people, path = env
    plan_id = _handed_over(db, people, "张小明")
    first, second = (visit.id for visit in _detail(db, people, plan_id).visits[:2])
    typed = "  两周后再次入户走访\u200b，\n联系学校安排复学  "
    stored = handover.record_visit(db, people["caseworker"], first, _visit(next_step=typed))
    assert stored.next_step == "两周后再次入户走访，\n联系学校安排复学"
    handover.record_visit(db, people["caseworker"], second, _visit(dt.date(2025, 7, 22)))
    assert _column(path, "SELECT next_step FROM follow_up_visit ORDER BY due_on") == [
        "两周后再次入户走访，\n联系学校安排复学", "", "",
    ]  # fmt: skip
    entries = _changes(path, "visit", "follow_up_visit")
    assert entries[0]["next_step"] == ["", "两周后再次入户走访，\n联系学校安排复学"]
    assert "next_step" not in entries[1]  # none given: nothing changed
    text = text_of(render_plan_form(db, people["viewer"], "visit", plan_id, first))
    assert "下一步措施两周后再次入户走访，联系学校安排复学" in text
    assert "风险情况及处理无" in text  # made, and no risk
    assert "下一步措施" in text_of(render_plan_form(db, people["viewer"], "visit", plan_id, second))
    assert check_database(path) == []


def test_a_next_step_at_its_limit_is_kept_and_one_over_is_refused_naming_it(env: Env) -> None:
    db, people, path = env
    plan_id = _handed_over(db, people, "张小明")
    first, second = (visit.id for visit in _detail(db, people, plan_id).visits[:2])
    worker = people["caseworker"]
    message = _refused(
        path, lambda: handover.record_visit(db, worker, first, _visit(next_step="长" * 2001)),
        "next_step",
    )  # fmt: skip
    assert message.startswith("Next step: at most 2000 characters")
    assert _column(path, "SELECT count(*) FROM follow_up_visit WHERE visited_on IS NOT NULL") == [0]
    kept = handover.record_visit(db, worker, first, _visit(next_step="长" * 2000))
    assert len(kept.next_step) == 2000
    blank = handover.record_visit(db, worker, second, _visit(next_step=" \u200b\n "))
    assert blank.next_step == ""
    assert check_database(path) == []


# ------------------------------------------------------------------ risk and what followed


def test_the_risk_handled_is_printed_from_the_referrals_and_a_new_admission(env: Env) -> None:
    """At risk on the 21st (a referral) and on the 23rd (a referral); the child admitted
    again on the 25th: the admission followed the second visit, not the first."""
    db, people, path = env
    worker, admin = people["caseworker"], people["admin"]
    plan_id = _handed_over(db, people, "张小明")
    visits = _detail(db, people, plan_id).visits
    first, second, third = (visit.id for visit in visits)
    handover.record_visit(db, worker, first, _visit(risk=True, next_step="报告派出所"))
    handover.refer(db, worker, first, handover.ReferralInput("police", "再次离家，已报警"))
    to_come = text_of(render_plan_form(db, admin, "visit", plan_id, second))
    assert "风险情况及处理下一步措施" in to_come  # lines to write on, nothing printed
    handover.record_visit(db, worker, second, _visit(dt.date(2025, 7, 23), risk=True))
    handover.refer(db, worker, second, handover.ReferralInput("school", "请学校关注出勤"))
    handover.refer(db, worker, second, handover.ReferralInput("civil_affairs", "督促落实监护"))
    child_id = _detail(db, people, plan_id).plan.child_id
    back = dt.datetime(2025, 7, 25, 4, 0, tzinfo=dt.UTC)
    intake.admit_again(db, admin, child_id, arrival(arrived_at=back))
    one = text_of(render_plan_form(db, admin, "visit", plan_id, first))
    assert "风险情况及处理转介公安机关：再次离家，已报警下一步措施报告派出所" in one
    two = text_of(render_plan_form(db, admin, "visit", plan_id, second))
    assert ("风险情况及处理转介学校：请学校关注出勤转介民政部门：督促落实监护"
            "2025年7月25日重新接收救助（再次入站）下一步措施") in two  # fmt: skip
    assert "再次入站" not in text_of(render_plan_form(db, admin, "visit", plan_id, third))
    assert check_database(path) == []


def test_an_admission_before_a_visit_is_not_what_followed_it(env: Env) -> None:
    """At risk on the 21st; admitted again on the 25th (or a voided stay); at risk again on
    the 28th: the admission followed the first visit only, and a voided one none."""
    db, people, path = env
    worker, admin = people["caseworker"], people["admin"]
    plan_id = _handed_over(db, people, "张小明")
    first, second, _third = (visit.id for visit in _detail(db, people, plan_id).visits)
    handover.record_visit(db, worker, first, _visit(risk=True))
    child_id = _detail(db, people, plan_id).plan.child_id
    stay = intake.admit_again(
        db, admin, child_id, arrival(arrived_at=dt.datetime(2025, 7, 25, 4, 0, tzinfo=dt.UTC))
    )
    handover.record_visit(db, worker, second, _visit(dt.date(2025, 7, 28), risk=True))
    one = text_of(render_plan_form(db, admin, "visit", plan_id, first))
    assert "风险情况及处理2025年7月25日重新接收救助（再次入站）下一步措施" in one
    two = text_of(render_plan_form(db, admin, "visit", plan_id, second))
    assert "再次入站" not in two and "风险情况及处理下一步措施" in two
    intake.void(db, admin, "admission", stay.id, "登记错误")
    assert "再次入站" not in text_of(render_plan_form(db, admin, "visit", plan_id, first))
    assert check_database(path) == []


def test_a_visit_at_risk_with_nothing_recorded_keeps_its_lines(env: Env) -> None:
    db, people, _path = env
    plan_id = _handed_over(db, people, "张小明")
    first = _detail(db, people, plan_id).visits[0].id
    handover.record_visit(db, people["caseworker"], first, _visit(risk=True))
    text = text_of(render_plan_form(db, people["admin"], "visit", plan_id, first))
    assert "☑是☐否" in text and "风险情况及处理下一步措施" in text and "无" not in text


# ------------------------------------------------------------------ the copy of the ID kept


def test_the_copy_of_the_id_kept_is_stored_on_the_trail_and_ticked_on_the_form(env: Env) -> None:
    db, people, path = env
    worker = people["caseworker"]
    kept_plan = plans.start_plan(db, worker, _child(db, people["admin"])).id
    kept = dataclasses.replace(RECEIVER, id_copy_kept=True)
    assert plans.verify_receiver(db, worker, kept_plan, kept).receiver_id_copy_kept is True
    other = _child(db, people["admin"], known_child(name="李小红"))
    plain_plan = plans.start_plan(db, worker, other).id
    assert plans.verify_receiver(db, worker, plain_plan, RECEIVER).receiver_id_copy_kept is False
    assert _column(path, "SELECT receiver_id_copy_kept FROM return_plan ORDER BY id") == [1, 0]
    entries = _changes(path, "advance", "return_plan")
    assert entries[0]["receiver_id_copy_kept"] == [False, True]
    assert "receiver_id_copy_kept" not in entries[1]  # not kept: as it was
    for plan_id, box in ((kept_plan, "☑已留存（附后）"), (plain_plan, "☐已留存（附后）")):
        text = text_of(render_plan_form(db, people["viewer"], "collection", plan_id))
        assert f"身份证件复印件{box}" in text
    assert check_database(path) == []


def test_a_copy_answer_that_is_not_yes_or_no_is_refused_naming_it(env: Env) -> None:
    db, people, path = env
    worker = people["caseworker"]
    plan_id = plans.start_plan(db, worker, _child(db, people["admin"])).id
    for answer in ("yes", 1, None):
        bad = dataclasses.replace(RECEIVER, id_copy_kept=answer)  # type: ignore[arg-type]
        message = _refused(path, lambda b=bad: plans.verify_receiver(db, worker, plan_id, b),
                           "receiver_id_copy_kept")  # fmt: skip
        assert message == "Copy of the receiver's identity document kept: answer yes or no."
    assert _column(path, "SELECT status FROM return_plan") == ["tracing"]
