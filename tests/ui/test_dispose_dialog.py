"""Handing a belonging to the police or destroying it, through the child's record window
and the real dialog: only the chosen kind's details, errors beside their field, the table
showing what became of each item, and the buttons offered for items still held only."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from PySide6.QtWidgets import QDialog

from desktop.core.children import intake
from desktop.core.children.intake import AdmissionInput, BelongingInput, ChildInput
from desktop.views import record_dialogs
from desktop.views.child_record import ChildRecord
from desktop.views.record_dialogs import DisposeDialog

#: The table's column that says what became of an item.
DISPOSITION_COLUMN = 5


def _child_with_items(context: Any) -> int:
    """A child who arrived yesterday with a knife and a loaf of bread."""
    child = intake.register_child(
        context.ops.db,
        context.user,
        ChildInput(name="张小明", sex="male", category="lost"),
        AdmissionInput(
            arrived_at=dt.datetime.now(dt.UTC) - dt.timedelta(days=1), arrival_mode="police"
        ),
        [BelongingInput(item="折叠刀"), BelongingInput(item="面包")],
    )
    return child.id


def _record(qtbot: Any, context: Any, child_id: int) -> ChildRecord:
    view = ChildRecord(context, child_id)
    qtbot.addWidget(view)
    view.show()
    return view


def _select(view: ChildRecord, item: str) -> Any:
    """Make the row of ``item`` current and return its belonging."""
    row = next(n for n, b in enumerate(view.belongings.rows) if b.item == item)
    view.belongingsTable.setCurrentIndex(view.belongings.index(row, 0))
    return view.belongings.rows[row]


def _choose(combo: Any, value: str) -> None:
    index = combo.findData(value)
    assert index >= 0, value
    combo.setCurrentIndex(index)


def _shown(view: ChildRecord, item: str) -> str:
    row = next(n for n, b in enumerate(view.belongings.rows) if b.item == item)
    return str(view.belongings.index(row, DISPOSITION_COLUMN).data())


def _stored(context: Any, child_id: int) -> dict[str, Any]:
    record = intake.get_child(context.ops.db, context.user, child_id)
    return {b.item: b for items in record.belongings.values() for b in items}


def test_handing_a_knife_to_the_police(
    qtbot: Any, context: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    child_id = _child_with_items(context)
    view = _record(qtbot, context, child_id)
    assert not view.disposeBelonging.isEnabled()  # nothing chosen yet
    _select(view, "折叠刀")
    assert view.disposeBelonging.isEnabled() and view.returnBelonging.isEnabled()
    seen: dict[str, Any] = {}

    def drive(dialog: DisposeDialog) -> int:
        dialog.show()
        seen["before choosing"] = [
            dialog.disposed_to.isVisible(),
            dialog.disposal_ref.isVisible(),
            dialog.disposal_witness.isVisible(),
        ]
        dialog.save()  # no kind chosen: refused beside the choice
        seen["no kind"] = (dialog.dispositionError.isVisible(), dialog.result())
        _choose(dialog.disposition, "police")
        seen["police rows"] = [
            dialog.disposed_to.isVisible(),
            dialog.disposed_toLabel.isVisible(),
            dialog.disposal_ref.isVisible(),
            dialog.disposal_witness.isVisible(),
            dialog.disposal_witnessLabel.isVisible(),
        ]
        dialog.save()  # the receiving officer is missing
        seen["no officer"] = (
            dialog.disposed_toError.isVisible(),
            dialog.disposed_toError.text(),
            dialog.result(),
            _stored(context, child_id)["折叠刀"].disposition,
        )
        dialog.disposed_to.setText("城关派出所 李警官")
        qtbot.keyClicks(dialog.disposal_ref, "GA-2025-118")
        dialog.disposal_reason.setPlainText("管制刀具")
        dialog.save()
        return int(dialog.result())

    monkeypatch.setattr(DisposeDialog, "exec", drive)
    view.disposeBelonging.click()
    assert seen["before choosing"] == [False, False, False]
    assert seen["no kind"] == (True, QDialog.DialogCode.Rejected)
    assert seen["police rows"] == [True, True, True, False, False]
    visible, message, result, disposition = seen["no officer"]
    assert visible and "required" in message
    assert (result, disposition) == (QDialog.DialogCode.Rejected, "held")
    knife = _stored(context, child_id)["折叠刀"]
    assert (knife.disposition, knife.disposed_to, knife.disposal_ref) == (
        "police",
        "城关派出所 李警官",
        "GA-2025-118",
    )
    assert knife.disposal_reason == "管制刀具" and knife.disposal_witness == ""
    # the record redrew on the app-wide signal: the table says what became of the knife
    assert _shown(view, "折叠刀").startswith("Handed to the police")
    assert "城关派出所 李警官 (GA-2025-118)" in _shown(view, "折叠刀")
    assert _shown(view, "面包") == "Held by the center"
    _select(view, "折叠刀")
    assert not view.disposeBelonging.isEnabled() and not view.returnBelonging.isEnabled()
    _select(view, "面包")
    assert view.disposeBelonging.isEnabled()


def test_destroying_bread_sends_only_what_destruction_asks(
    qtbot: Any, context: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    child_id = _child_with_items(context)
    view = _record(qtbot, context, child_id)
    _select(view, "面包")

    def drive(dialog: DisposeDialog) -> int:
        dialog.show()
        _choose(dialog.disposition, "police")
        dialog.disposed_to.setText("typed, then the kind changed")  # hidden: not sent
        _choose(dialog.disposition, "destroyed")
        assert not dialog.disposed_to.isVisible() and dialog.disposal_witness.isVisible()
        dialog.save()  # neither why nor who
        assert dialog.result() == QDialog.DialogCode.Rejected
        assert dialog.disposal_witnessError.isVisible()  # the first missing, in the form's order
        dialog.disposal_reason.setPlainText("已发霉变质")
        dialog.disposal_witness.setText("王芳销毁，赵强见证")
        dialog.save()
        return int(dialog.result())

    monkeypatch.setattr(DisposeDialog, "exec", drive)
    view.disposeBelonging.click()
    bread = _stored(context, child_id)["面包"]
    assert (bread.disposition, bread.disposed_to, bread.disposal_ref) == ("destroyed", "", "")
    assert (bread.disposal_reason, bread.disposal_witness) == ("已发霉变质", "王芳销毁，赵强见证")
    assert _shown(view, "面包").startswith("Destroyed") and "赵强见证" in _shown(view, "面包")
    assert _stored(context, child_id)["折叠刀"].disposition == "held"


def test_the_dialog_offers_only_the_two_ends_and_a_viewer_no_button(
    qtbot: Any, context: Any
) -> None:
    from tests.ui.conftest import make_staff

    child_id = _child_with_items(context)
    knife = _stored(context, child_id)["折叠刀"]
    dialog = record_dialogs.DisposeDialog(context, knife.id, knife.item)
    qtbot.addWidget(dialog)
    offered = [dialog.disposition.itemData(n) for n in range(dialog.disposition.count())]
    assert offered == [None, "police", "destroyed"]
    assert "折叠刀" in dialog.intro.text()
    viewer = make_staff(context, "viewer1", "viewer")
    view = _record(qtbot, viewer, child_id)
    assert view.disposeBelonging.isHidden() and view.returnBelonging.isHidden()
    clerk = make_staff(context, "clerk1", "intake")
    view = _record(qtbot, clerk, child_id)
    assert not view.disposeBelonging.isHidden()
