"""The dashboard: New intake, tasks that open their child, the previous sign-in, even cards,
and an audit card that says something real (issue 13, item 14)."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt

from desktop.core.audit import trail
from desktop.core.staff import accounts
from desktop.core.store.models import utcnow
from desktop.views.context import SessionContext
from desktop.views.dashboard_page import DashboardPage
from desktop.views.intake_dialog import IntakeDialog
from desktop.views.main_window import MainWindow
from tests.conftest import PASSWORD
from tests.ui.conftest import make_staff
from tests.ui.test_intake import _fill_known_child, make_id


def _registered(qtbot, context) -> int:  # type: ignore[no-untyped-def]
    """Register a child found harmed: the task rules give it tasks."""
    dialog = IntakeDialog(context)
    qtbot.addWidget(dialog)
    dialog.show()
    _fill_known_child(qtbot, dialog, make_id(dt.date(2012, 8, 8)))
    dialog.harm_found.setChecked(True)
    dialog.save()
    assert dialog.child_id is not None
    return dialog.child_id


def _page(qtbot, context) -> DashboardPage:  # type: ignore[no-untyped-def]
    page = DashboardPage(context)
    qtbot.addWidget(page)
    page.resize(1100, 600)
    page.show()
    return page


def test_the_previous_sign_in_is_shown_not_the_current_one(qtbot, context) -> None:  # type: ignore[no-untyped-def]
    db, name = context.ops.db, context.user.username
    first = accounts.previous_sign_in(db, context.user)
    assert first is None  # the fixture's sign-in is the only one
    assert "first sign-in" in _page(qtbot, context).accountCardDetail.text()
    earlier = utcnow() - dt.timedelta(hours=3)
    accounts.authenticate(db, name, PASSWORD, now=earlier)
    user = accounts.authenticate(db, name, PASSWORD)
    previous = accounts.previous_sign_in(db, user)
    assert previous is not None
    assert abs(previous - earlier) < dt.timedelta(seconds=1)
    page = _page(qtbot, SessionContext.open(context.paths, db, user, context.ui_state))
    assert earlier.astimezone().strftime("%H:%M") in page.accountCardDetail.text()
    assert user.last_sign_in_at is not None
    now_shown = user.last_sign_in_at.astimezone().strftime("%Y-%m-%d %H:%M")
    assert now_shown not in page.accountCardDetail.text()


def test_a_task_opens_its_child_from_the_dashboard(qtbot, context) -> None:  # type: ignore[no-untyped-def]
    child_id = _registered(qtbot, context)
    window = MainWindow(context)
    qtbot.addWidget(window)
    window.show()
    page = window.dashboard
    page.refresh()
    assert page.taskList.count() >= 1
    item = page.taskList.item(0)
    assert item.data(Qt.ItemDataRole.UserRole) == child_id
    page.taskList.setCurrentRow(0)
    page.taskList.setFocus()
    qtbot.keyClick(page.taskList, Qt.Key.Key_Return)
    assert child_id in window.records
    window.records[child_id].close()


def test_no_tasks_no_list(qtbot, context) -> None:  # type: ignore[no-untyped-def]
    page = _page(qtbot, context)
    assert page.taskList.count() == 0 and not page.taskList.isVisible()
    assert page.tasksCardDetail.text() == "Nothing is waiting."


def test_new_intake_from_the_dashboard_for_those_who_register(qtbot, context) -> None:  # type: ignore[no-untyped-def]
    page = _page(qtbot, context)
    assert page.newIntake.isVisible()
    with qtbot.waitSignal(page.new_intake, timeout=1000):
        page.newIntake.click()
    viewer = _page(qtbot, make_staff(context, "viewer1", "viewer"))
    assert not viewer.newIntake.isVisible()


def test_the_cards_are_even(qtbot, context) -> None:  # type: ignore[no-untyped-def]
    _registered(qtbot, context)  # a task list makes one card taller than the others
    page = _page(qtbot, context)
    qtbot.wait(20)
    cards = (page.tasksCard, page.backupCard, page.accountCard, page.trailCard)
    assert len({card.height() for card in cards}) == 1
    assert len({card.y() for card in cards}) == 1


def test_the_audit_card_counts_today_s_changes(qtbot, context) -> None:  # type: ignore[no-untyped-def]
    today = trail.today(context.ops.db, context.user)
    page = _page(qtbot, context)
    assert page.trailCardValue.text().startswith(f"{today.entries_today} change")
    _registered(qtbot, context)
    later = trail.today(context.ops.db, context.user)
    assert later.entries_today > today.entries_today
    page.refresh()
    assert page.trailCardValue.text() == f"{later.entries_today} changes today"
    assert "Every change is recorded" not in page.trailCardValue.text()
    tomorrow = trail.today(context.ops.db, context.user, now=utcnow() + dt.timedelta(days=1))
    assert tomorrow.entries_today == 0


def test_each_figure_opens_the_list_behind_it(qtbot, context) -> None:  # type: ignore[no-untyped-def]
    from desktop.core.children import intake

    now = utcnow()
    for sex, category in (("female", "street"), ("male", "lost"), ("male", "street")):
        context.ops.write(
            None, intake.register_child, intake.ChildInput(sex=sex, category=category),
            intake.AdmissionInput(arrived_at=now - dt.timedelta(minutes=1)),
        )  # fmt: skip
    main = MainWindow(context)
    qtbot.addWidget(main)
    main.show()
    page = main.dashboard
    qtbot.waitUntil(lambda: "3 children" in page.nowCardValue.text(), timeout=20_000)
    assert "Female 1" in page.nowCardDetail.text() and "Male 2" in page.nowCardDetail.text()
    assert "Today: 3" in page.arrivalsCardValue.text()
    page.nowCardDetail.linkActivated.emit("sex:female")
    children = main.children_page
    assert main.navigation.currentRow() == 1
    assert children.inCenter.isChecked() and children.sex.currentData() == "female"
    assert children.model.total == 1
    page.nowCardDetail.linkActivated.emit("category:street")
    assert children.sex.currentData() is None and children.category.currentData() == "street"
    assert children.model.total == 2
    page.arrivalsCardValue.linkActivated.emit("today")
    assert not children.inCenter.isChecked() and children.byArrival.isChecked()
    assert children.model.total == 3
