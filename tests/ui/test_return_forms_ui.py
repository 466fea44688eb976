"""Printing a return home from the child's record: the handover form of the plan's way home
once the escort step is reached, the visit form of the visit row chosen."""

from __future__ import annotations

import datetime as dt
import io
import re

from pypdf import PdfReader
from PySide6.QtWidgets import QApplication

from desktop.core.children import intake
from desktop.core.residence.discharge import BelongingEnd
from desktop.core.returns import handover, plans, queries
from desktop.core.returns.handover import HandoverInput, VisitInput
from desktop.core.returns.plans import EscortInput, ReceiverInput
from desktop.views import print_preview
from desktop.views.child_record import ChildRecord
from desktop.views.context import SessionContext
from desktop.views.print_preview import PrintPreviewDialog
from tests.leaving import ADULT_ID
from tests.ui.conftest import make_staff

NOW = dt.datetime.now(dt.UTC)
SET_OFF = NOW - dt.timedelta(days=2)


def _plan(context: SessionContext, mode: str, *, until: str = "handed_over") -> tuple[int, int]:
    """A child's plan carried to ``until`` (approved, escort or handed_over), the first visit
    recorded when handed over; the child's and the plan's ids."""
    db, admin = context.ops.db, context.user
    child = intake.register_child(
        db, admin, intake.ChildInput(name="张小明", sex="male", birth_date=dt.date(2012, 1, 1)),
        intake.AdmissionInput(arrival_mode="self", arrived_at=NOW - dt.timedelta(days=9)),
        [intake.BelongingInput(item="书包")],
    )  # fmt: skip
    worker = make_staff(context, f"w{child.id}", "caseworker").user
    plan = plans.start_plan(db, worker, child.id)
    receiver = ReceiverInput("张大山", ADULT_ID, "父亲", "13800138000", "某村3号", "王主任", "原件")
    plans.verify_receiver(db, worker, plan.id, receiver)
    plans.assess_home(db, worker, plan.id, "suitable", "父母照料")
    plans.approve(db, admin, plan.id)
    if until == "approved":
        return child.id, plan.id
    escorts = ("刘社工", "陈社工", "火车") if mode == "escorted_home" else ("", "", "")
    escort = EscortInput(mode, SET_OFF, SET_OFF + dt.timedelta(hours=5), "某村3号",
                         "village", "某村村委会", "王书记", *escorts)  # fmt: skip
    plans.start_escort(db, worker, plan.id, escort)
    if until == "escort":
        return child.id, plan.id
    item = intake.get_child(db, admin, child.id).belongings[plan.admission_id][0].id
    ends = (BelongingEnd(item, returned_to="张大山"),)
    handed = HandoverInput(SET_OFF + dt.timedelta(hours=6), "村委会", "张大山", True, ends)
    handover.hand_over(db, worker, plan.id, handed)
    first = queries.plans_of(db, admin, child.id)[0].visits[0]
    found = VisitInput(dt.date.today(), "phone", "上学正常", "与父母同住")
    handover.record_visit(db, worker, first.id, found)
    return child.id, plan.id


def _tab(qtbot, context: SessionContext, child_id: int):  # type: ignore[no-untyped-def]
    record = ChildRecord(context, child_id)
    qtbot.addWidget(record)
    record.show()
    record.tabs.setCurrentWidget(record.return_tab)
    return record.return_tab


def _previewed(qtbot) -> tuple[str, str]:  # type: ignore[no-untyped-def]
    """Wait for the preview; return its title and text, and close it."""

    def shown() -> list[PrintPreviewDialog]:
        return [
            w for w in QApplication.topLevelWidgets()
            if isinstance(w, PrintPreviewDialog) and w.isVisible()
        ]  # fmt: skip

    qtbot.waitUntil(lambda: bool(shown()), timeout=10000)
    dialog = shown()[-1]
    text = "".join(
        re.sub(r"\s+", "", page.extract_text()) for page in PdfReader(io.BytesIO(dialog.pdf)).pages
    )
    title = dialog.windowTitle()
    dialog.close()
    qtbot.waitUntil(lambda: not print_preview._open_previews, timeout=5000)
    return title, text


def test_the_escorted_handover_form_and_each_visit_print_from_the_plan(qtbot, context) -> None:  # type: ignore[no-untyped-def]
    child_id, _plan_id = _plan(context, "escorted_home")
    tab = _tab(qtbot, context, child_id)
    assert tab.printHandover.isVisible() and tab.printHandover.isEnabled()
    assert tab.printHandover.toolTip() == "护送返乡交接单"
    tab.printHandover.click()
    title, text = _previewed(qtbot)
    case_no = intake.get_child(context.ops.db, context.user, child_id).child.case_no
    assert title == f"Print preview: 护送返乡交接单 {case_no}"  # named as the record's forms
    assert "刘社工、陈社工" in text and "某村村委会" in text and "书包" in text
    assert tab.printVisit.isEnabled()
    tab.visitsTable.selectRow(0)  # the visit made: filled
    tab.printVisit.click()
    title, text = _previewed(qtbot)
    assert "回访记录表" in title and "上学正常" in text and "☑满1个月" in text
    tab.visitsTable.selectRow(2)  # the six-month visit, to come: room to write
    tab.printVisit.click()
    _title, text = _previewed(qtbot)
    assert "☑满6个月" in text and "上学正常" not in text and "☐是☐否" in text


def test_a_collected_child_prints_the_collection_form(qtbot, context) -> None:  # type: ignore[no-untyped-def]
    child_id, _plan_id = _plan(context, "collected", until="escort")
    tab = _tab(qtbot, context, child_id)
    assert tab.printHandover.isEnabled() and not tab.printVisit.isEnabled()  # no visits yet
    tab.printHandover.click()
    title, text = _previewed(qtbot)
    assert "接领交接单" in title and "张大山" in text and ADULT_ID in text
    assert "☐已留存" in text


def test_nothing_to_print_before_the_way_home_is_set_and_a_viewer_may_print(qtbot, context) -> None:  # type: ignore[no-untyped-def]
    child_id, _plan_id = _plan(context, "escorted_home", until="approved")
    tab = _tab(qtbot, context, child_id)
    assert tab.printHandover.isVisible() and not tab.printHandover.isEnabled()
    assert not tab.printVisit.isEnabled()
    other, _ = _plan(context, "escorted_home")
    viewer = make_staff(context, "looker", "viewer")
    seen = _tab(qtbot, viewer, other)
    assert seen.printHandover.isEnabled() and seen.printVisit.isEnabled()
    assert not seen.recordVisit.isVisible()
    seen.printVisit.click()  # no row chosen: the next visit not yet made
    _title, text = _previewed(qtbot)
    assert "☑满3个月" in text
