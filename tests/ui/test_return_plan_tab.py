"""The Return home tab of a child's record, driven through its buttons and step dialogs:
a caseworker takes a child from tracing to the handover and records the first visit;
only the next step is offered; a refused step keeps its dialog open."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from PySide6.QtWidgets import QMessageBox

from desktop.core.children import intake
from desktop.core.returns import queries
from desktop.views import return_dialogs
from desktop.views.child_record import ChildRecord
from desktop.views.context import SessionContext
from desktop.views.return_dialogs import StepDialog
from tests.leaving import ADULT_ID
from tests.ui.conftest import make_staff

NOW = dt.datetime.now(dt.UTC)


class Answers(list[dict[str, Any]]):
    """The values each next step dialog is filled with; ``shown`` keeps each one's result
    (1: saved and closed, 0: refused and left open)."""

    shown: list[int]


@pytest.fixture
def answers(monkeypatch: pytest.MonkeyPatch) -> Answers:
    """Each step dialog, when opened, is filled with the next answer and OK is pressed."""
    queue = Answers()
    queue.shown = []

    def run(dialog: StepDialog) -> int:
        for name, value in queue.pop(0).items():
            dialog.set_value(name, value)
        dialog.accept()
        queue.shown.append(dialog.result())
        return dialog.result()

    monkeypatch.setattr(return_dialogs.StepDialog, "exec", run)
    warned = lambda *_args: QMessageBox.StandardButton.Ok  # noqa: E731
    monkeypatch.setattr(QMessageBox, "warning", warned)
    return queue


def _record(qtbot, context: SessionContext, child_id: int) -> ChildRecord:  # type: ignore[no-untyped-def]
    record = ChildRecord(context, child_id)
    qtbot.addWidget(record)
    record.show()
    record.tabs.setCurrentWidget(record.return_tab)
    return record


def _offered(record: ChildRecord) -> set[str]:
    tab = record.return_tab
    names = ("startPlan", "logTracing", "verifyReceiver", "assessHome", "approvePlan",
             "startEscort", "handOver", "recordVisit", "closePlan", "cancelPlan")  # fmt: skip
    return {name for name in names if getattr(tab, name).isEnabled()}


def test_from_tracing_to_the_first_visit(qtbot, context, answers) -> None:  # type: ignore[no-untyped-def]
    child_id = intake.register_child(
        context.ops.db, context.user,
        intake.ChildInput(name="张小明", sex="male", birth_date=dt.date(2012, 1, 1)),
        intake.AdmissionInput(arrival_mode="self", arrived_at=NOW - dt.timedelta(days=5)),
        [intake.BelongingInput(item="书包")],
    ).id  # fmt: skip
    worker = make_staff(context, "worker", "caseworker")
    record = _record(qtbot, worker, child_id)
    tab = record.return_tab
    assert _offered(record) == {"startPlan"}
    assert record.tabs.tabText(record.tabs.indexOf(tab)) == "Return home"
    tab.startPlan.click()
    assert _offered(record) == {"logTracing", "verifyReceiver", "cancelPlan"}
    assert "Tracing the family" in tab.summary.toPlainText()
    answers.append({"method": "phone", "contact": "村委会", "result": "找到父亲"})
    tab.logTracing.click()
    assert [e.result for e in tab.tracing.rows] == ["找到父亲"]
    receiver = {"receiver_name": "张大山", "receiver_id_number": "110105194912310021",
                "receiver_relationship": "父亲", "receiver_address": "某村3号",
                "verified_by": "王主任", "verified_how": "身份证原件"}  # fmt: skip
    answers.append(receiver)  # a wrong check digit: refused, the dialog stays open
    tab.verifyReceiver.click()
    assert answers.shown == [1, 0]
    assert "Receiver verified" not in tab.summary.toPlainText()
    answers.append({**receiver, "receiver_id_number": ADULT_ID})
    tab.verifyReceiver.click()
    assert "Receiver verified" in tab.summary.toPlainText()
    answers.append({"assessment": "suitable", "findings": "父母照料"})
    tab.assessHome.click()
    assert "approvePlan" in _offered(record)
    tab.approvePlan.click()  # the planner may not approve: refused, nothing changes
    assert "approvePlan" in _offered(record)
    boss = _record(qtbot, context, child_id)
    assert boss.return_tab.approvePlan.isEnabled()
    boss.return_tab.approvePlan.click()
    assert boss.return_tab.plan is not None and boss.return_tab.plan.status == "approved"
    record.reload()  # another desk: this window reads again when asked
    assert "startEscort" in _offered(record)
    departure = NOW - dt.timedelta(days=1)
    answers.append({"return_mode": "escorted_home", "escort_first": "刘社工",
                    "escort_second": "陈社工", "transport": "火车", "departure_at": departure,
                    "arrival_at": departure + dt.timedelta(hours=5),
                    "receiving_unit_kind": "civil_affairs", "receiving_unit": "民政局",
                    "receiving_contact": "李科长"})  # fmt: skip
    tab.startEscort.click()
    assert _offered(record) == {"handOver", "cancelPlan"}
    answers.append({"handed_over_at": departure + dt.timedelta(hours=6), "receipt_signed": True})
    tab.handOver.click()
    assert _offered(record) == {"recordVisit"}
    assert record.return_tab.plan is not None and record.return_tab.plan.status == "handed_over"
    assert [v.months for v in tab.visits.rows] == [1, 3, 6]
    stay = intake.get_child(context.ops.db, context.user, child_id).admissions[0]
    assert stay.discharge_mode == "escorted_home" and stay.collector_name == "张大山"
    answers.append({"visited_on": dt.date.today(), "method": "phone", "findings": "上学正常"})
    tab.recordVisit.click()
    assert [v.findings for v in tab.visits.rows] == ["上学正常", "", ""]
    due = queries.visits_due(context.ops.db, context.user, dt.date.today() + dt.timedelta(days=200))
    assert [v.months for v in due] == [3, 6]


def test_a_viewer_sees_the_plan_but_no_step(qtbot, context) -> None:  # type: ignore[no-untyped-def]
    child_id = intake.register_child(
        context.ops.db, context.user, intake.ChildInput(sex="male"),
        intake.AdmissionInput(arrival_mode="self", arrived_at=NOW),
    ).id  # fmt: skip
    viewer = make_staff(context, "looker", "viewer")
    record = _record(qtbot, viewer, child_id)
    tab = record.return_tab
    assert not tab.startPlan.isVisible() and not tab.recordVisit.isVisible()
    assert tab.summary.toPlainText() == "No return home plan yet."
