"""The two answers the return-home forms print, typed and clicked in their dialogs: the
visit's next step (typed in the visit dialog, shown in the visits table; too long: named
under the field, the dialog left open, nothing saved) and whether a copy of the receiver's
ID was kept (a box in the receiver dialog, said in the plan's summary)."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox, QMessageBox

from desktop.core.returns import queries
from desktop.views import return_dialogs
from desktop.views.return_dialogs import ReceiverDialog, StepDialog, VisitDialog
from desktop.views.return_plan_tab import WIDEST_COLUMN
from tests.leaving import ADULT_ID
from tests.ui.test_return_home_page import _plans
from tests.ui.test_return_plan_tab import _record

Fill = Callable[[StepDialog], None]


class Hands(list[Fill]):
    """What a person does in each dialog opened, in turn; ``shown`` keeps each result."""

    shown: list[int]
    dialogs: list[StepDialog]


@pytest.fixture
def hands(qtbot, monkeypatch: pytest.MonkeyPatch) -> Hands:  # type: ignore[no-untyped-def]
    """Each step dialog opens shown; the next hand fills it and clicks Save."""
    queue = Hands()
    queue.shown, queue.dialogs = [], []

    def run(dialog: StepDialog) -> int:
        dialog.show()
        qtbot.waitExposed(dialog)
        queue.dialogs.append(dialog)
        queue.pop(0)(dialog)
        save = dialog.buttons.button(QDialogButtonBox.StandardButton.Save)
        qtbot.mouseClick(save, Qt.MouseButton.LeftButton)
        queue.shown.append(dialog.result())
        return dialog.result()

    monkeypatch.setattr(return_dialogs.StepDialog, "exec", run)
    monkeypatch.setattr(QMessageBox, "warning", lambda *_a: QMessageBox.StandardButton.Ok)
    monkeypatch.setattr(return_dialogs.RiskOffer, "exec", lambda _offer: 0)
    return queue


def _visit(qtbot, next_step: str, findings: str = "上学正常") -> Fill:  # type: ignore[no-untyped-def]
    def fill(dialog: StepDialog) -> None:
        assert isinstance(dialog, VisitDialog)
        dialog.method.setCurrentIndex(dialog.method.findData("phone"))
        dialog.findings.setFocus()
        dialog.findings.insertPlainText(findings)  # CJK as an input method commits it
        dialog.next_step.setPlainText("")
        if next_step.isascii():
            qtbot.keyClicks(dialog.next_step, next_step)
        else:
            dialog.next_step.insertPlainText(next_step)

    return fill


def test_the_next_step_typed_in_the_visit_dialog_is_saved_and_shown(  # type: ignore[no-untyped-def]
    qtbot, context, hands
) -> None:
    record = _record(qtbot, context, _plans(context)["home"])
    tab = record.return_tab
    assert "Next step" in [tab.visits.headerData(c, Qt.Orientation.Horizontal)
                           for c in range(tab.visits.columnCount())]  # fmt: skip
    column = [tab.visits.headerData(c, Qt.Orientation.Horizontal)
              for c in range(tab.visits.columnCount())].index("Next step")  # fmt: skip
    hands.append(_visit(qtbot, "x" * 2001))  # too long: named under the field, left open
    tab.recordVisit.click()
    dialog = hands.dialogs[0]
    assert hands.shown == [0]
    assert dialog.next_stepError.isVisible()
    assert dialog.next_stepError.text().startswith("Next step: at most 2000 characters")
    assert not dialog.findingsError.isVisible()
    assert [v.visited_on for v in tab.visits.rows] == [None, None, None]  # nothing saved
    hands.append(_visit(qtbot, "Call the school in two weeks"))
    tab.recordVisit.click()
    assert hands.shown == [0, 1]
    first = tab.visits.rows[0]
    assert first.next_step == "Call the school in two weeks" and first.visited_on is not None
    assert tab.visits.cell(first, column) == "Call the school in two weeks"
    tip = tab.visits.data(tab.visits.index(0, column), Qt.ItemDataRole.ToolTipRole)
    assert tip == "Call the school in two weeks"  # in full, when the column cuts it short
    assert tab.visits.data(tab.visits.index(1, column), Qt.ItemDataRole.ToolTipRole) is None
    assert [tab.visits.cell(v, column) for v in tab.visits.rows[1:]] == ["", ""]
    long = "请学校每周反馈出勤情况，" * 30  # wider than any column: cut short, all in sight
    hands.append(_visit(qtbot, long, findings=long))
    tab.visitsTable.setCurrentIndex(tab.visits.index(1, 0))
    tab.recordVisit.click()
    assert tab.visits.cell(tab.visits.rows[1], column) == long
    assert tab.visits.data(tab.visits.index(1, column), Qt.ItemDataRole.ToolTipRole) == long
    assert not tab.visits.rows[1].risk
    header = tab.visitsTable.horizontalHeader()
    assert column == header.count() - 1  # the next step is last and stretches
    assert all(header.sectionSize(c) <= WIDEST_COLUMN for c in range(column))
    assert header.sectionViewportPosition(column) < tab.visitsTable.viewport().width() - 40


def _receiver(qtbot, tick: bool) -> Fill:  # type: ignore[no-untyped-def]
    def fill(dialog: StepDialog) -> None:
        assert isinstance(dialog, ReceiverDialog)
        assert not dialog.receiver_id_copy_kept.isChecked()  # not ticked until said
        typed = {"receiver_name": "张大山", "receiver_relationship": "父亲",
                 "receiver_address": "某村3号", "verified_by": "王主任"}  # fmt: skip
        for name, value in typed.items():
            getattr(dialog, name).setText(value)
        qtbot.keyClicks(dialog.receiver_id_number, ADULT_ID)
        dialog.verified_how.insertPlainText("身份证原件")
        if tick:
            box = dialog.receiver_id_copy_kept
            qtbot.mouseClick(box, Qt.MouseButton.LeftButton, pos=box.rect().center())
            assert box.isChecked()

    return fill


@pytest.mark.parametrize("tick", [True, False])
def test_the_copy_of_the_id_kept_is_a_box_in_the_receiver_dialog(  # type: ignore[no-untyped-def]
    qtbot, context, hands, tick: bool
) -> None:
    child_id = _plans(context)["tracing"]
    record = _record(qtbot, context, child_id)
    tab = record.return_tab
    assert "Copy of the receiver" not in tab.summary.toPlainText()  # not asked yet
    hands.append(_receiver(qtbot, tick))
    tab.verifyReceiver.click()
    assert hands.shown == [1]
    plan = queries.plans_of(context.ops.db, context.user, child_id)[0].plan
    assert plan.status == "receiver_verified" and plan.receiver_id_copy_kept is tick
    said = "yes" if tick else "no"
    assert f"Copy of the receiver's identity document kept: {said}" in tab.summary.toPlainText()
