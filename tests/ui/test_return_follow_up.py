"""After the handover, driven through the widgets: the follow-up months typed in Settings
(a bad list is named under its field and nothing is saved), the handover dialog's choice
for each belonging, and what a visit that found the child at risk offers."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QCheckBox, QLabel, QTableWidget

from desktop.core import center
from desktop.core.children import intake
from desktop.core.returns import plans, queries
from desktop.core.returns.plans import EscortInput
from desktop.views.context import SessionContext
from desktop.views.intake_dialog import ADMIT, IntakeDialog
from desktop.views.return_dialogs import RiskOffer, StepDialog
from desktop.views.settings_page import PreferencesTab
from tests.ui import test_return_plan_tab
from tests.ui.conftest import make_staff
from tests.ui.test_return_home_page import HANDED, NOW, RECEIVER, _plans
from tests.ui.test_return_plan_tab import Answers, _record

answers = test_return_plan_tab.answers  # the same fixture


def _preferences(qtbot, context) -> PreferencesTab:  # type: ignore[no-untyped-def]
    tab = PreferencesTab(context)
    qtbot.addWidget(tab)
    tab.resize(900, 600)
    tab.show()
    return tab


def _type(qtbot, tab: PreferencesTab, text: str) -> None:  # type: ignore[no-untyped-def]
    tab.followUpMonths.clear()
    if text.isascii():
        qtbot.keyClicks(tab.followUpMonths, text)
    else:  # as an input method would (key clicks are ASCII only)
        tab.followUpMonths.insert(text)
    qtbot.mouseClick(tab.savePreferences, Qt.MouseButton.LeftButton)


def test_follow_up_months_are_a_preference(qtbot, context) -> None:  # type: ignore[no-untyped-def]
    tab = _preferences(qtbot, context)
    assert tab.followUpMonths.text() == "1, 3, 6"
    assert not tab.followUpMonthsError.isVisible()
    _type(qtbot, tab, "2，12、36")
    assert center.get_follow_up_months(context.ops.db) == (2, 12, 36)
    assert tab.followUpMonths.text() == "2, 12, 36"  # shown as stored
    assert not tab.followUpMonthsError.isVisible()
    again = _preferences(qtbot, context)
    assert again.followUpMonths.text() == "2, 12, 36"
    viewer = PreferencesTab(make_staff(context, "looker", "viewer"))
    qtbot.addWidget(viewer)
    assert viewer.followUpMonths.isReadOnly() and not viewer.savePreferences.isVisibleTo(viewer)


def test_a_bad_list_is_named_under_its_field_and_nothing_is_saved(qtbot, context) -> None:  # type: ignore[no-untyped-def]
    tab = _preferences(qtbot, context)
    tab.idleMinutes.setValue(45)
    for text, words in (
        ("", "give at least one month"),
        ("0, 3", "0 is not a month from 1 to 36"),
        ("1, 37", "37 is not a month from 1 to 36"),
        ("3, 3", "3 is given twice"),
        ("6, 1", "ascending order"),
        ("1, x", "“x” is not a number of months"),
    ):
        _type(qtbot, tab, text)
        assert tab.followUpMonthsError.isVisible(), text
        assert tab.followUpMonthsError.text().startswith("Follow-up months: ")
        assert words in tab.followUpMonthsError.text()
        assert center.get_follow_up_months(context.ops.db) == (1, 3, 6)
        assert center.get_setting(context.ops.db, center.IDLE_LOCK_MINUTES) == 10
    _type(qtbot, tab, "1, 36")
    assert not tab.followUpMonthsError.isVisible()
    assert center.get_follow_up_months(context.ops.db) == (1, 36)
    assert center.get_setting(context.ops.db, center.IDLE_LOCK_MINUTES) == 45


# ------------------------------------------------------------------ a visit at risk


def _handed_over(context: SessionContext) -> int:
    """A child taken home 40 days ago, the visits waiting (and another tracing); its id."""
    return _plans(context)["home"]


class Offers(list[RiskOffer]):
    """The risk offers shown; each answers with the button named in ``answer``."""

    answer: str


@pytest.fixture
def offers(monkeypatch: pytest.MonkeyPatch) -> Offers:
    shown = Offers()
    shown.answer = "later"

    def run(offer: RiskOffer) -> int:
        shown.append(offer)
        getattr(offer, f"{shown.answer}_button").click()
        return 0

    monkeypatch.setattr(RiskOffer, "exec", run)
    return shown


def _visit(answers: Answers, risk: bool) -> None:
    answers.append({"visited_on": dt.date.today(), "method": "home_visit",
                    "findings": "辍学在家", "situation": "无人照看", "risk": risk})  # fmt: skip


def test_a_visit_without_risk_offers_nothing(qtbot, context, answers, offers) -> None:  # type: ignore[no-untyped-def]
    record = _record(qtbot, context, _handed_over(context))
    _visit(answers, risk=False)
    record.return_tab.recordVisit.click()
    assert answers.shown == [1] and offers == []
    assert record.return_tab.visits.rows[0].findings == "辍学在家"


def test_a_visit_at_risk_offers_a_referral(qtbot, context, answers, offers) -> None:  # type: ignore[no-untyped-def]
    worker = make_staff(context, "helper", "caseworker")
    child_id = _handed_over(context)
    record = _record(qtbot, worker, child_id)
    tab = record.return_tab
    _visit(answers, risk=True)
    offers.answer = "referral"
    answers.append({"referred_to": "police", "note": " "})  # refused: the note is needed
    tab.recordVisit.click()
    assert len(offers) == 1 and answers.shown == [1, 0]
    assert not offers[0].intake_button.isEnabled()  # a caseworker registers no child
    assert tab.visits.cell(tab.visits.rows[0], 6) == ""
    first = tab.visits.rows[0]
    answers.append({"referred_to": "police", "note": "再次外出，报告派出所"})
    tab.visitsTable.activated.emit(tab.visits.index(0, 0))  # opened again: offered again
    assert len(offers) == 2 and answers.shown == [1, 0, 1]
    assert tab.visits.cell(tab.visits.rows[0], 6) == "Police: 再次外出，报告派出所"
    assert tab.visits.headerData(6, Qt.Orientation.Horizontal) == "Referral"
    detail = queries.plans_of(context.ops.db, context.user, child_id)[0]
    assert [(r.visit_id, r.referred_to) for r in detail.referrals] == [(first.id, "police")]
    offers.answer = "later"
    tab.visitsTable.activated.emit(tab.visits.index(1, 0))  # a visit not made: no offer
    assert len(offers) == 2


def test_a_visit_at_risk_offers_a_new_intake(qtbot, context, answers, offers, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    opened: list[IntakeDialog] = []
    monkeypatch.setattr(IntakeDialog, "exec", lambda dialog: opened.append(dialog) or 0)
    record = _record(qtbot, context, _handed_over(context))
    _visit(answers, risk=True)
    offers.answer = "intake"
    record.return_tab.recordVisit.click()
    assert offers[0].intake_button.isEnabled()
    assert len(opened) == 1
    dialog = opened[0]
    assert dialog.mode == ADMIT and dialog.windowTitle() == "New admission"
    assert dialog.name.text() == "李小强"
    offers.answer = "later"
    record.return_tab.visitsTable.activated.emit(record.return_tab.visits.index(0, 0))
    assert len(opened) == 1  # later: nothing opens


# ------------------------------------------------------------------ belongings at the handover


def _under_escort(context: SessionContext) -> int:
    """A child with a schoolbag and a phone deposited, the plan under escort; its id."""
    db, admin = context.ops.db, context.user
    child_id = intake.register_child(
        db, admin, intake.ChildInput(name="王小兰", sex="female", birth_date=dt.date(2012, 1, 1)),
        intake.AdmissionInput(arrival_mode="self", arrived_at=NOW - dt.timedelta(days=60)),
        [intake.BelongingInput(item="书包"), intake.BelongingInput(item="手机")],
    ).id  # fmt: skip
    plan = plans.start_plan(db, admin, child_id)
    plans.verify_receiver(db, admin, plan.id, RECEIVER)
    plans.assess_home(db, admin, plan.id, "suitable", "良好")
    plans.approve(db, make_staff(context, "boss", "admin").user, plan.id)
    plans.start_escort(db, admin, plan.id, EscortInput(
        "collected", HANDED, HANDED, "某村3号", "family", "张家", "张大山"))  # fmt: skip
    return child_id


def _held(context: SessionContext, child_id: int) -> dict[str, tuple[str, str, bool]]:
    record = intake.get_child(context.ops.db, context.user, child_id)
    return {
        b.item: (b.returned_to, b.not_returned_reason, b.returned_at is not None)
        for items in record.belongings.values()
        for b in items
    }


def test_the_handover_asks_what_becomes_of_each_belonging(qtbot, context, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    child_id = _under_escort(context)
    record = _record(qtbot, context, child_id)
    shown: list[tuple[list[str], int]] = []
    rows: list[list[tuple[str, str]]] = [
        [("", ""), ("张大山", "")],  # the schoolbag neither given back nor explained: refused
        [("张大山", ""), ("", "孩子自称已丢失")],
    ]

    def run(dialog: StepDialog) -> int:
        ends = dialog.ends
        assert ends is not None and dialog.findChild(QTableWidget, "belongings") is ends.table
        shown.append(([ends.table.item(r, 1).text() for r in range(2)], ends.table.rowCount()))
        dialog.set_value("handed_over_at", HANDED + dt.timedelta(hours=1))
        dialog.set_value("receipt_signed", True)
        for row, (given, reason) in enumerate(rows.pop(0)):
            ends.set_end(row, given, reason)
        dialog.accept()
        said.append(dialog.findChild(QLabel, "belongingsError").text())
        return dialog.result()

    monkeypatch.setattr(StepDialog, "exec", run)
    said: list[str] = []  # the error under the belongings after each save
    tab = record.return_tab
    tab.handOver.click()
    assert shown == [(["张大山", "张大山"], 2)]  # given back to the receiver unless changed
    assert tab.plan is not None and tab.plan.status == "escort"
    assert _held(context, child_id) == {"书包": ("", "", False), "手机": ("", "", False)}
    assert len(said) == 1 and "书包" in said[0]  # beside the table, the item named
    tab.handOver.click()
    assert tab.plan is not None and tab.plan.status == "handed_over" and said[1] == ""
    assert _held(context, child_id) == {
        "书包": ("张大山", "", True),
        "手机": ("", "孩子自称已丢失", False),
    }


def test_nothing_held_shows_no_belongings_table(qtbot, context, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    record = _record(qtbot, context, _under_escort(context))
    stay = intake.get_child(context.ops.db, context.user, record.child_id).belongings
    for items in stay.values():
        for item in items:
            intake.return_belonging(context.ops.db, context.user, item.id, NOW, "张大山")
    record.reload()
    seen: list[object] = []
    monkeypatch.setattr(StepDialog, "exec", lambda dialog: seen.append(dialog.ends) or 0)
    record.return_tab.handOver.click()
    assert seen == [None]


def test_a_refused_step_says_why_beside_its_field(qtbot, context, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    child_id = intake.register_child(
        context.ops.db, context.user, intake.ChildInput(name="赵小红", sex="female"),
        intake.AdmissionInput(arrival_mode="self", arrived_at=NOW - dt.timedelta(days=3)),
    ).id  # fmt: skip
    plans.start_plan(context.ops.db, context.user, child_id)
    record = _record(qtbot, context, child_id)
    seen: list[tuple[bool, str, bool]] = []

    def run(dialog: StepDialog) -> int:
        assert dialog.windowTitle() == "Receiver" and "ID card" in dialog.intro.text()
        for name, value in (("receiver_name", "张大山"), ("receiver_relationship", "父亲"),
                            ("verified_by", "王主任"), ("verified_how", "身份证原件"),
                            ("receiver_address", "某村3号"),
                            ("receiver_id_number", "110105194912310021")):  # fmt: skip
            dialog.set_value(name, value)  # the ID number's check digit is wrong
        dialog.accept()
        error = dialog.findChild(QLabel, "receiver_id_numberError")
        seen.append((error.isVisibleTo(dialog), error.text(), dialog.isVisible()))
        return dialog.result()

    monkeypatch.setattr(StepDialog, "exec", run)
    record.return_tab.verifyReceiver.click()
    assert len(seen) == 1
    visible, text, _open = seen[0]
    assert visible and "check digit" in text, seen
    assert record.return_tab.plan is not None and record.return_tab.plan.status == "tracing"


def test_the_handover_asks_whether_the_child_goes_to_another_province(
    qtbot, context, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    """The box is offered unticked; ticked, the stay's discharge says across provinces."""
    child_id = _under_escort(context)
    record = _record(qtbot, context, child_id)
    offered: list[bool] = []

    def run(dialog: StepDialog) -> int:
        box = dialog.findChild(QCheckBox, "cross_province")
        offered.append(box.isChecked())
        dialog.set_value("handed_over_at", HANDED + dt.timedelta(hours=1))
        dialog.set_value("receipt_signed", True)
        if dialog.ends is not None:
            for row in range(dialog.ends.table.rowCount()):
                dialog.ends.set_end(row, "张大山", "")
        box.click()
        dialog.accept()
        return dialog.result()

    monkeypatch.setattr(StepDialog, "exec", run)
    record.return_tab.handOver.click()
    assert offered == [False]
    stay = intake.get_child(context.ops.db, context.user, child_id).admissions[0]
    assert stay.discharge_mode is not None and stay.cross_province is True
