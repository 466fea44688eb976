"""After the handover, on real SQLite files: the months of the follow-up visits come from
Settings at the moment of the handover (checked: 1 to 36, ascending, none twice, at
least one; a refusal names the setting and saves nothing), and a visit that found the
child at risk may lead to a referral, on the trail and in the plan."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import test_returns
from dbtools import audit_rows, dump
from intaketools import known_child
from test_returns import _approved, _child, _escort, _handover, _refused

from desktop.core import center
from desktop.core.audit.check import check_database
from desktop.core.children import intake
from desktop.core.errors import NotFound, PermissionDenied, ValidationError
from desktop.core.returns import handover, plans, queries
from desktop.core.store.db import Database
from desktop.core.store.models import FollowUpVisit, Referral, Setting, Staff

Env = tuple[Database, dict[str, Staff], Path]
template, env = test_returns.template, test_returns.env  # the same fixtures


def _handed_over(db: Database, people: dict[str, Staff], name: str) -> int:
    plan_id = _approved(db, people, _child(db, people["admin"], known_child(name=name)))
    plans.start_escort(db, people["caseworker"], plan_id, _escort())
    handover.hand_over(db, people["caseworker"], plan_id, _handover())  # 2025-06-21
    return plan_id


def _visits(db: Database, people: dict[str, Staff], plan_id: int) -> list[tuple[int, dt.date]]:
    child_id = next(
        line.child_id for line in queries.open_plans(db, people["admin"]) if line.plan_id == plan_id
    )
    detail = queries.plans_of(db, people["admin"], child_id)[0]
    return [(visit.months, visit.due_on) for visit in detail.visits]


# ------------------------------------------------------------------ the months in Settings


@pytest.mark.parametrize(
    ("months", "wanted"),
    [
        ((1,), (1,)),
        ((36,), (36,)),
        ((1, 36), (1, 36)),
        (tuple(range(1, 37)), tuple(range(1, 37))),
        ((2, 12, 24), (2, 12, 24)),
    ],
)
def test_follow_up_months_accepted_at_the_bounds(
    months: tuple[int, ...], wanted: tuple[int, ...]
) -> None:
    assert center.check_months(months) == wanted


@pytest.mark.parametrize(
    ("months", "words"),
    [
        ((), "at least one month"),
        ((0,), "0 is not a month from 1 to 36"),
        ((37,), "37 is not a month from 1 to 36"),
        ((1, 37), "37 is not a month from 1 to 36"),
        ((-1, 3), "-1 is not a month"),
        ((3, 3), "3 is given twice"),
        ((1, 6, 3), "ascending order"),
    ],
)
def test_follow_up_months_refused_name_the_setting(months: tuple[int, ...], words: str) -> None:
    with pytest.raises(ValidationError) as caught:
        center.check_months(months)
    assert caught.value.field == center.FOLLOW_UP_MONTHS
    assert caught.value.message.startswith("Follow-up months: ")
    assert words in caught.value.message


def test_follow_up_months_typed_as_text() -> None:
    assert center.months_from_text("1, 3, 6") == (1, 3, 6)
    assert center.months_from_text(" 2，12、24 ") == (2, 12, 24)
    assert center.months_from_text("36") == (36,)
    assert center.months_text((1, 3, 6)) == "1, 3, 6"
    for text, words in (
        ("", "at least one month"),
        (" , ", "at least one month"),
        ("1, three", "“three” is not a number of months"),
        ("1.5", "“1.5” is not a number of months"),
        ("１", "“１” is not a number of months"),  # a full-width digit: said, not guessed
        ("3, 1", "ascending order"),
    ):
        with pytest.raises(ValidationError) as caught:
            center.months_from_text(text)
        assert caught.value.field == center.FOLLOW_UP_MONTHS and words in caught.value.message


def test_a_refused_month_saves_no_setting_of_the_same_save(env: Env) -> None:
    db, people, path = env
    admin = people["admin"]
    for months in ((), (0,), (37,), (3, 3), (6, 1)):
        _refused(
            path,
            lambda m=months: center.set_settings(db, admin, {center.IDLE_LOCK_MINUTES: 30}, m),
            center.FOLLOW_UP_MONTHS,
        )
    assert center.get_setting(db, center.IDLE_LOCK_MINUTES) == 10
    assert center.get_follow_up_months(db) == (1, 3, 6)  # the default, never stored
    with db.session() as session:
        assert session.get(Setting, center.FOLLOW_UP_MONTHS) is None
    _refused(
        path,
        lambda: center.set_settings(db, people["caseworker"], {}, (2, 4)),
        None,
        PermissionDenied,
    )


def test_the_months_stored_are_on_the_trail(env: Env) -> None:
    db, people, path = env
    center.set_settings(db, people["admin"], {center.IDLE_LOCK_MINUTES: 30}, (2, 12))
    assert center.get_follow_up_months(db) == (2, 12)
    assert center.get_setting(db, center.IDLE_LOCK_MINUTES) == 30
    with db.session() as session:
        row = session.get(Setting, center.FOLLOW_UP_MONTHS)
        assert row is not None and row.value == "2,12"
    assert ("update", "setting") in [(row[2], row[3]) for row in audit_rows(path)]
    center.set_settings(db, people["admin"], {})  # without months: the months stay
    assert center.get_follow_up_months(db) == (2, 12)
    assert check_database(path) == []


def test_a_damaged_stored_value_falls_back_to_the_default(env: Env) -> None:
    db, _people, _path = env
    with db.session() as session:
        session.add(Setting(key=center.FOLLOW_UP_MONTHS, value="6,1"))
    assert center.get_follow_up_months(db) == (1, 3, 6)


def test_the_handover_makes_the_visits_set_at_its_moment(env: Env) -> None:
    db, people, path = env
    earlier = _handed_over(db, people, "张小明")
    first = [(1, dt.date(2025, 7, 21)), (3, dt.date(2025, 9, 21)), (6, dt.date(2025, 12, 21))]
    assert _visits(db, people, earlier) == first
    center.set_settings(db, people["admin"], {}, (2, 12, 36))
    later = _handed_over(db, people, "李小红")
    assert _visits(db, people, later) == [
        (2, dt.date(2025, 8, 21)),
        (12, dt.date(2026, 6, 21)),
        (36, dt.date(2028, 6, 21)),
    ]
    assert _visits(db, people, earlier) == first  # the visits made earlier are untouched
    center.set_settings(db, people["admin"], {}, (1,))
    single = _handed_over(db, people, "王小兰")
    assert _visits(db, people, single) == [(1, dt.date(2025, 7, 21))]
    before = dump(path)
    assert _visits(db, people, later)[0][0] == 2 and dump(path) == before
    assert check_database(path) == []


# ------------------------------------------------------------------ referrals after a visit


def _recorded(db: Database, people: dict[str, Staff], risk: bool, name: str = "张小明") -> int:
    """A plan handed over with its first visit recorded (``risk`` as given); the visit's id."""
    plan_id = _handed_over(db, people, name)
    first = _visit_ids(db, people, plan_id)[0]
    handover.record_visit(
        db, people["caseworker"], first,
        handover.VisitInput(dt.date(2025, 7, 21), "home_visit", "辍学在家", "无人照看", risk=risk),
    )  # fmt: skip
    return first


def _visit_ids(db: Database, people: dict[str, Staff], plan_id: int) -> list[int]:
    return [v.id for v in _detail(db, people, plan_id).visits]


def _detail(db: Database, people: dict[str, Staff], plan_id: int) -> queries.PlanDetail:
    child_id = next(
        line.child_id for line in queries.open_plans(db, people["admin"]) if line.plan_id == plan_id
    )
    return queries.plans_of(db, people["admin"], child_id)[0]


def test_a_visit_at_risk_leads_to_a_referral_on_the_trail_and_in_the_plan(env: Env) -> None:
    db, people, path = env
    worker = people["caseworker"]
    visit_id = _recorded(db, people, risk=True)
    referral = handover.refer(
        db, worker, visit_id, handover.ReferralInput("police", "  再次外出，报告派出所  ")
    )
    assert (referral.visit_id, referral.referred_to, referral.note, referral.recorded_by_id) == (
        visit_id, "police", "再次外出，报告派出所", worker.id,
    )  # fmt: skip
    assert referral.created_at is not None
    school = handover.refer(db, worker, visit_id, handover.ReferralInput("school", "请学校跟进"))
    with db.session() as session:
        plan_id = session.get(Referral, referral.id).plan_id  # type: ignore[union-attr]
    detail = _detail(db, people, plan_id)
    assert [r.id for r in detail.referrals] == [referral.id, school.id]
    assert [r.referred_to for r in detail.referrals_of(visit_id)] == ["police", "school"]
    assert detail.referrals_of(detail.visits[1].id) == []
    assert ("refer", "referral") in [(row[2], row[3]) for row in audit_rows(path)]
    child_id = detail.plan.child_id
    history = intake.history(db, people["admin"], child_id)
    assert [e.record_id for e in history if e.entity == "referral"] == [
        str(school.id), str(referral.id),
    ]  # fmt: skip
    assert check_database(path) == []


def test_no_referral_without_a_risk_flag_and_bad_referrals_change_nothing(env: Env) -> None:
    db, people, path = env
    worker = people["caseworker"]
    quiet = _recorded(db, people, risk=False)
    good = handover.ReferralInput("hospital", "转介医院")
    _refused(path, lambda: handover.refer(db, worker, quiet, good), "visit")
    waiting = _visit_ids(db, people, _detail_plan(db, people, quiet))[1]  # not visited yet
    _refused(path, lambda: handover.refer(db, worker, waiting, good), "visit")
    risky = _recorded(db, people, risk=True, name="李小红")
    for data, field in (
        (handover.ReferralInput("", "转介"), "referred_to"),
        (handover.ReferralInput("court", "转介"), "referred_to"),
        (handover.ReferralInput("other", "   "), "note"),
        (handover.ReferralInput("other", "长" * 2001), "note"),
    ):
        _refused(path, lambda d=data: handover.refer(db, worker, risky, d), field)
    _refused(path, lambda: handover.refer(db, worker, 999, good), "visit", NotFound)
    for who in ("viewer", "intake"):
        _refused(
            path, lambda w=who: handover.refer(db, people[w], risky, good), None, PermissionDenied
        )
    assert handover.refer(db, worker, risky, handover.ReferralInput("other", "妇联")).id > 0
    assert check_database(path) == []


def _detail_plan(db: Database, people: dict[str, Staff], visit_id: int) -> int:
    with db.session() as session:
        visit = session.get(FollowUpVisit, visit_id)
        assert visit is not None
        return visit.plan_id
