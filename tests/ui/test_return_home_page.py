"""The Return home area driven through its widgets: the plans under way by status, the
visits due by a chosen day (overdue marked), a line opening the child's record."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate

from desktop.core.children import intake
from desktop.core.returns import handover, plans
from desktop.core.returns.handover import HandoverInput
from desktop.core.returns.plans import EscortInput, ReceiverInput
from desktop.views.context import SessionContext
from desktop.views.return_home_page import ReturnHomePage
from tests.leaving import ADULT_ID
from tests.ui.conftest import make_staff

NOW = dt.datetime.now(dt.UTC)
HANDED = NOW - dt.timedelta(days=40)
RECEIVER = ReceiverInput("张大山", ADULT_ID, "父亲", "", "某村3号", "王主任", "身份证核对")


def _child(context: SessionContext, name: str) -> int:
    return intake.register_child(
        context.ops.db, context.user,
        intake.ChildInput(name=name, sex="male", birth_date=dt.date(2012, 1, 1)),
        intake.AdmissionInput(arrival_mode="self", arrived_at=NOW - dt.timedelta(days=60)),
    ).id  # fmt: skip


def _plans(context: SessionContext) -> dict[str, int]:
    """One child tracing, one handed over 40 days ago (its first visit overdue)."""
    db, admin = context.ops.db, context.user
    worker = make_staff(context, "worker", "caseworker").user
    tracing = _child(context, "张小明")
    plans.start_plan(db, worker, tracing)
    home = _child(context, "李小强")
    plan = plans.start_plan(db, worker, home)
    plans.verify_receiver(db, worker, plan.id, RECEIVER)
    plans.assess_home(db, worker, plan.id, "suitable", "良好")
    plans.approve(db, admin, plan.id)
    plans.start_escort(db, worker, plan.id, EscortInput(
        "collected", HANDED, HANDED, "某村3号", "family", "张家", "张大山"))  # fmt: skip
    handover.hand_over(db, worker, plan.id, HandoverInput(HANDED, "中心", "张大山", True))
    return {"tracing": tracing, "home": home}


def _page(qtbot, context: SessionContext) -> ReturnHomePage:  # type: ignore[no-untyped-def]
    page = ReturnHomePage(context)
    qtbot.addWidget(page)
    page.resize(1000, 700)
    page.show()
    return page


def _column(model, column: int) -> list[str]:  # type: ignore[no-untyped-def]
    return [str(model.cell(row, column)) for row in model.rows]


def test_plans_by_status_and_visits_due(qtbot, context) -> None:  # type: ignore[no-untyped-def]
    ids = _plans(context)
    page = _page(qtbot, context)
    assert _column(page.plans, 1) == ["张小明", "李小强"]
    assert _column(page.plans, 2) == ["Tracing the family", "Handed over"]
    page.status.setCurrentIndex(page.status.findData("handed_over"))
    assert _column(page.plans, 1) == ["李小强"]
    page.status.setCurrentIndex(page.status.findData("approved"))
    assert page.plans.rows == []
    page.status.setCurrentIndex(0)
    assert len(page.plans.rows) == 2
    # today: the one-month visit (10 days ago) is overdue; the three-month one is not listed
    visits = page.visits.rows
    assert [(v.months, v.overdue) for v in visits] == [(1, True)]
    assert "(overdue)" in _column(page.visits, 3)[0]
    # on the day the three-month visit falls due it is listed too, and not overdue
    later = visits[0].due_on + dt.timedelta(days=50)
    page.on.setDate(QDate(later.year, later.month, later.day))
    assert [(v.months, v.overdue) for v in page.visits.rows] == [(1, True), (3, False)]
    earlier = visits[0].due_on - dt.timedelta(days=15)
    page.on.setDate(QDate(earlier.year, earlier.month, earlier.day))
    assert page.visits.rows == []
    with qtbot.waitSignal(page.open_child) as opened:
        page.plansTable.activated.emit(page.plans.index(0, 0))
    assert opened.args == [ids["tracing"]]


def test_the_area_follows_a_plan_started_elsewhere(qtbot, context) -> None:  # type: ignore[no-untyped-def]
    page = _page(qtbot, context)
    assert page.plans.rows == []
    child = _child(context, "王小红")
    context.ops.write(page, plans.start_plan, child)
    qtbot.waitUntil(lambda: len(page.plans.rows) == 1)
    assert _column(page.plans, 2) == ["Tracing the family"]


def test_the_age_for_two_escorts_is_a_preference(qtbot, context) -> None:  # type: ignore[no-untyped-def]
    from desktop.core import center
    from desktop.views.settings_page import PreferencesTab

    tab = PreferencesTab(context)
    qtbot.addWidget(tab)
    assert tab.twoEscortsAge.value() == 14
    tab.twoEscortsAge.setValue(12)
    tab.savePreferences.click()
    assert center.get_setting(context.ops.db, center.TWO_ESCORTS_UNDER_AGE) == 12
    viewer = PreferencesTab(make_staff(context, "looker", "viewer"))
    qtbot.addWidget(viewer)
    assert viewer.twoEscortsAge.value() == 12 and not viewer.twoEscortsAge.isEnabled()


def test_a_plan_opens_the_childs_record_at_its_return_home_tab(qtbot, context) -> None:  # type: ignore[no-untyped-def]
    """From the Return home area the record opens where the plan is, not at the profile."""
    from desktop.views.main_window import MainWindow

    ids = _plans(context)
    window = MainWindow(context)
    qtbot.addWidget(window)
    window.show()
    window.navigation.setCurrentRow(3)
    page = window.return_home
    page.plansTable.activated.emit(page.plans.index(0, 0))
    record = window.records[ids["tracing"]]
    assert record.isVisible() and record.tabs.currentWidget() is record.return_tab
    record.tabs.setCurrentIndex(0)
    window.open_child(ids["tracing"])  # from anywhere else: the tab the user left it at
    assert record.tabs.currentIndex() == 0
