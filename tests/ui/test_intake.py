"""Registering children through the real intake dialog, finding them, opening the record."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog
from stdnum.cn import ric

from desktop.core.children import intake, search
from desktop.views.child_record import ChildRecord
from desktop.views.children_page import ChildrenPage
from desktop.views.intake_dialog import ADMIT, CandidatesDialog, IntakeDialog
from tests.leaving import leave


def make_id(birth: dt.date, area: str = "110105", serial: str = "123") -> str:
    """A valid resident ID number (the 17th digit odd for a boy)."""
    body = f"{area}{birth:%Y%m%d}{serial}"
    return body + ric.calc_check_digit(body + "0")


def _dialog(qtbot, context, **kwargs) -> IntakeDialog:  # type: ignore[no-untyped-def]
    dialog = IntakeDialog(context, **kwargs)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def _choose(combo, value: str) -> None:  # type: ignore[no-untyped-def]
    index = combo.findData(value)
    assert index >= 0, value
    combo.setCurrentIndex(index)


def _fill_known_child(qtbot, dialog: IntakeDialog, number: str) -> None:  # type: ignore[no-untyped-def]
    dialog.name.setText("张小明")
    qtbot.keyClicks(dialog.id_number, number)
    dialog.id_number.editingFinished.emit()
    _choose(dialog.category, "lost")
    _choose(dialog.arrival_mode, "police")
    dialog.referring_unit.setText("城南派出所")
    qtbot.keyClicks(dialog.police_case_no, "A2026-118")


def test_registering_a_known_child_fills_in_what_the_id_says(qtbot, context) -> None:  # type: ignore[no-untyped-def]
    dialog = _dialog(qtbot, context)
    number = make_id(dt.date(2014, 5, 3))
    _fill_known_child(qtbot, dialog, number)
    assert dialog.birth_date.text() == "2014-05-03"
    assert dialog.sex.currentData() == "male"
    assert "北京" in dialog.birth_place.text()
    dialog.add_belonging_row()
    dialog.belongings.item(0, 0).setText("书包")
    dialog.belongings.setItem(0, 3, type(dialog.belongings.item(0, 0))("12.50"))
    with qtbot.waitSignal(dialog.saved):
        dialog.buttons.accepted.emit()
    record = intake.get_child(context.ops.db, context.user, dialog.child_id)
    assert record.child.name == "张小明" and record.child.id_number == number
    assert record.child.case_no.startswith(f"{dt.date.today().year}-")
    assert record.open_admission is not None
    assert record.open_admission.police_case_no == "A2026-118"
    items = [b for group in record.belongings.values() for b in group]
    assert [(b.item, b.cash_fen) for b in items] == [("书包", 1250)]


def test_an_unknown_child_needs_no_name_and_no_id(qtbot, context) -> None:  # type: ignore[no-untyped-def]
    dialog = _dialog(qtbot, context)
    _choose(dialog.sex, "female")
    qtbot.keyClicks(dialog.estimated_age, "9")
    dialog.appearance.setPlainText("短发，左眉上方有小疤")
    dialog.clothing.setPlainText("红色外套，蓝色运动鞋")
    _choose(dialog.category, "street")
    _choose(dialog.arrival_mode, "other")
    dialog.save()
    assert dialog.result() == QDialog.DialogCode.Accepted
    child = intake.get_child(context.ops.db, context.user, dialog.child_id).child
    assert child.name == "" and child.id_number in (None, "")
    assert child.birth_date_estimated
    assert intake.display_name(child) == "Unknown child"


@pytest.mark.parametrize(
    "number",
    ["110105201405031230", "11010520140503123", "1101052014130312X4", "abc"],
)
def test_a_bad_id_number_is_shown_next_to_the_field_and_nothing_is_saved(
    qtbot, context, number
) -> None:  # type: ignore[no-untyped-def]
    dialog = _dialog(qtbot, context)
    _fill_known_child(qtbot, dialog, number)
    assert dialog.id_numberError.isVisible()
    _choose(dialog.sex, "male")
    dialog.save()
    assert dialog.result() != QDialog.DialogCode.Accepted
    assert dialog.id_numberError.isVisible() and dialog.id_numberError.text()
    assert search.count_children(context.ops.db, context.user, search.SearchFilter()) == 0


def test_required_choices_and_future_birth_dates_are_refused(qtbot, context) -> None:  # type: ignore[no-untyped-def]
    dialog = _dialog(qtbot, context)
    dialog.save()
    assert dialog.sexError.isVisible()
    _choose(dialog.sex, "male")
    _choose(dialog.category, "lost")
    _choose(dialog.arrival_mode, "self")
    dialog.birth_date.setText((dt.date.today() + dt.timedelta(days=3)).isoformat())
    dialog.save()
    assert dialog.birth_dateError.isVisible()
    assert search.count_children(context.ops.db, context.user, search.SearchFilter()) == 0


def test_a_returning_child_is_recognised(qtbot, context, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    first = _dialog(qtbot, context)
    _fill_known_child(qtbot, first, make_id(dt.date(2013, 2, 1)))
    first.save()
    record = intake.get_child(context.ops.db, context.user, first.child_id)
    leave(
        context.ops.db, context.user, record.open_admission.id, dt.datetime.now(dt.UTC), "collected"
    )
    offered: list[list[str]] = []

    def choose_same(self: CandidatesDialog) -> int:
        offered.append([self.candidates.item(i).text() for i in range(self.candidates.count())])
        self._same()
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(CandidatesDialog, "exec", choose_same)
    again = _dialog(qtbot, context)
    again.name.setText("张小明")
    again.birth_date.setText("2013-02-01")
    _choose(again.sex, "male")
    _choose(again.category, "lost")
    _choose(again.arrival_mode, "self")
    again.save()
    assert offered and record.child.case_no in offered[0][0]
    assert again.child_id == first.child_id
    assert len(intake.get_child(context.ops.db, context.user, first.child_id).admissions) == 2


def test_find_by_pinyin_initials_and_open_the_record(qtbot, context) -> None:  # type: ignore[no-untyped-def]
    dialog = _dialog(qtbot, context)
    _fill_known_child(qtbot, dialog, make_id(dt.date(2012, 8, 8)))
    dialog.save()
    page = ChildrenPage(context)
    qtbot.addWidget(page)
    page.show()
    qtbot.keyClicks(page.search, "zxm")
    qtbot.waitUntil(lambda: page.model.total == 1)
    assert page.model.index(0, 1).data() == "张小明"
    opened: list[int] = []
    page.open_child.connect(opened.append)
    page.childrenTable.activated.emit(page.model.index(0, 0))
    assert opened == [dialog.child_id]
    record = ChildRecord(context, dialog.child_id)
    qtbot.addWidget(record)
    record.show()
    assert "张小明" in record.title.text()
    assert record.admissions.rowCount() == 1
    assert record.discharge.isEnabled() and not record.admitAgain.isEnabled()
    record.noteText.setPlainText("晚饭后情绪平稳")
    record.addNote.click()
    assert record.notes.rowCount() == 1
    assert record.history.rowCount() >= 3


def test_enter_moves_to_the_next_field(qtbot, context) -> None:  # type: ignore[no-untyped-def]
    dialog = _dialog(qtbot, context)
    dialog.name.setFocus()
    qtbot.waitUntil(dialog.name.hasFocus)
    qtbot.keyClick(dialog.name, Qt.Key.Key_Return)
    assert dialog.alias.hasFocus()
    assert dialog.isVisible()


def test_admit_mode_records_a_new_stay(qtbot, context) -> None:  # type: ignore[no-untyped-def]
    first = _dialog(qtbot, context)
    _fill_known_child(qtbot, first, make_id(dt.date(2011, 1, 9)))
    first.save()
    record = intake.get_child(context.ops.db, context.user, first.child_id)
    leave(
        context.ops.db,
        context.user,
        record.open_admission.id,
        dt.datetime.now(dt.UTC),
        "collected",
    )
    again = _dialog(qtbot, context, child=record.child, mode=ADMIT)
    assert again.name.text() == "张小明"
    _choose(again.arrival_mode, "self")
    again.save()
    assert again.result() == QDialog.DialogCode.Accepted
    assert len(intake.get_child(context.ops.db, context.user, first.child_id).admissions) == 2


def test_an_admin_merges_two_records_of_one_child(qtbot, context, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QInputDialog

    first = _dialog(qtbot, context)
    _fill_known_child(qtbot, first, make_id(dt.date(2010, 6, 6)))
    first.save()
    record = intake.get_child(context.ops.db, context.user, first.child_id)
    leave(
        context.ops.db, context.user, record.open_admission.id, dt.datetime.now(dt.UTC), "collected"
    )
    second = _dialog(qtbot, context)
    second.alias.setText("小明")
    _choose(second.sex, "male")
    _choose(second.category, "street")
    _choose(second.arrival_mode, "self")
    monkeypatch.setattr(CandidatesDialog, "exec", lambda self: CandidatesDialog.NEW_CHILD)
    second.save()
    other = intake.get_child(context.ops.db, context.user, second.child_id).child
    answers = iter([other.case_no, "同一名儿童，别名登记"])
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: (next(answers), True))
    view = ChildRecord(context, first.child_id)
    qtbot.addWidget(view)
    view.show()
    assert view.mergeChild.isVisibleTo(view)
    view.mergeChild.click()
    assert view.admissions.rowCount() == 2
    merged = intake.get_child(context.ops.db, context.user, second.child_id, include_voided=True)
    assert merged.child.merged_into_id == first.child_id


def test_a_viewer_cannot_register_merge_or_void(qtbot, context) -> None:  # type: ignore[no-untyped-def]
    from tests.ui.conftest import make_staff

    dialog = _dialog(qtbot, context)
    _fill_known_child(qtbot, dialog, make_id(dt.date(2012, 3, 3)))
    dialog.save()
    viewer = make_staff(context, "viewer1", "viewer")
    view = ChildRecord(viewer, dialog.child_id)
    qtbot.addWidget(view)
    hidden = (
        view.editChild,
        view.admitAgain,
        view.discharge,
        view.mergeChild,
        view.voidChild,
        view.addNote,
        view.returnBelonging,
    )
    assert all(widget.isHidden() for widget in hidden)
    assert not view.printButton.isHidden()
