"""The intake dialog at a real desk: warnings beside their fields, one ID one child."""

from __future__ import annotations

import datetime as dt

from PySide6.QtWidgets import QDialog

from desktop.core.children import intake
from desktop.views.intake_dialog import CandidatesDialog
from tests.leaving import leave
from tests.ui.test_intake import _choose, _dialog, _fill_known_child, make_id


def test_a_sex_that_disagrees_with_the_id_is_marked_and_unmarked_when_corrected(
    qtbot, context
) -> None:  # type: ignore[no-untyped-def]
    dialog = _dialog(qtbot, context)
    number = make_id(dt.date(2014, 5, 3))  # a boy's number
    _fill_known_child(qtbot, dialog, number)
    _choose(dialog.sex, "female")
    dialog.save()
    assert dialog.result() != QDialog.DialogCode.Accepted
    assert dialog.sexError.isVisible() and "ID number" in dialog.sexError.text()
    assert dialog.sex.property("invalid") is True
    assert dialog.id_number.property("invalid") is True
    assert dialog.warnings.text()
    _choose(dialog.sex, "male")  # corrected: the marks go at once, before any save
    assert not dialog.sexError.isVisible()
    assert dialog.sex.property("invalid") is False
    assert dialog.id_number.property("invalid") is False
    assert dialog.warnings.text() == ""
    assert dialog.buttons.button(dialog.buttons.StandardButton.Save).text() == "&Save"


def test_a_birth_date_that_disagrees_stays_marked_until_it_agrees(qtbot, context) -> None:  # type: ignore[no-untyped-def]
    dialog = _dialog(qtbot, context)
    _fill_known_child(qtbot, dialog, make_id(dt.date(2014, 5, 3)))
    dialog.birth_date.setText("2014-05-04")
    dialog.save()
    assert dialog.birth_dateError.isVisible()
    dialog.birth_date.setText("2014-05-0")  # half typed: no verdict yet
    assert dialog.birth_dateError.isVisible()
    dialog.birth_date.setText("2014-06-03")  # still wrong
    assert dialog.birth_dateError.isVisible() and "2014-06-03" in dialog.birth_dateError.text()
    dialog.birth_date.setText("2014-05-03")
    assert not dialog.birth_dateError.isVisible()
    assert dialog.birth_date.property("invalid") is False


def test_agreeing_values_give_no_warning(qtbot, context) -> None:  # type: ignore[no-untyped-def]
    dialog = _dialog(qtbot, context)
    _fill_known_child(qtbot, dialog, make_id(dt.date(2014, 5, 3)))
    _choose(dialog.sex, "male")
    with qtbot.waitSignal(dialog.saved):
        dialog.save()
    assert not dialog.sexError.isVisible() and dialog.warnings.text() == ""


def _register(context, number: str) -> int:  # type: ignore[no-untyped-def]
    child = intake.register_child(
        context.ops.db, context.user,
        intake.ChildInput(name="张小明", sex="male", id_number=number, category="lost"),
        intake.AdmissionInput(arrival_mode="self", arrived_at=dt.datetime.now(dt.UTC),
                              receiving_staff_id=context.user.id),
    )  # fmt: skip
    record = intake.get_child(context.ops.db, context.user, child.id)
    leave(context.ops.db, context.user, record.open_admission.id,
                     dt.datetime.now(dt.UTC), "collected")  # fmt: skip
    return child.id


def test_an_identical_id_offers_only_a_new_admission_and_says_why(qtbot, context) -> None:  # type: ignore[no-untyped-def]
    number = make_id(dt.date(2013, 2, 1))
    _register(context, number)
    _register(context, "")  # same name, no ID: alike by name only
    probe = intake.ChildInput(name="张小明", sex="male", id_number=number)
    candidates = intake.find_candidates(context.ops.db, context.user, probe, dt.date.today())
    assert [c.same_id for c in candidates].count(True) == 1
    dialog = CandidatesDialog(candidates)
    qtbot.addWidget(dialog)
    dialog.show()
    assert not dialog.newChildButton.isVisible()
    assert dialog.sameChildButton.isVisible()
    assert "ID number" in dialog.intro.text()
    shown = [dialog.candidates.item(i).text() for i in range(dialog.candidates.count())]
    assert len(shown) == 1 and "Same ID number" in shown[0]


def test_no_identical_id_still_offers_a_new_child(qtbot, context) -> None:  # type: ignore[no-untyped-def]
    _register(context, make_id(dt.date(2013, 2, 1)))
    probe = intake.ChildInput(name="张小明", sex="male", birth_date=dt.date(2013, 2, 1))
    candidates = intake.find_candidates(context.ops.db, context.user, probe, dt.date.today())
    assert candidates and not any(c.same_id for c in candidates)
    dialog = CandidatesDialog(candidates)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.newChildButton.isVisible()


def test_reasons_are_joined_with_a_chinese_separator_in_chinese(
    qtbot, context, translators
) -> None:  # type: ignore[no-untyped-def]
    number = make_id(dt.date(2013, 2, 1))
    _register(context, number)
    translators.install("zh_CN")
    probe = intake.ChildInput(name="张小明", sex="male", id_number=number,
                              birth_date=dt.date(2013, 2, 1))  # fmt: skip
    candidates = intake.find_candidates(context.ops.db, context.user, probe, dt.date.today())
    assert len(candidates[0].reasons) >= 2
    dialog = CandidatesDialog(candidates)
    qtbot.addWidget(dialog)
    line = dialog.candidates.item(0).text()
    assert "；" in line and "; " not in line
