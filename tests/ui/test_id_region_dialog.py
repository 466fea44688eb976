"""The intake dialog registers a child whose ID card has an unknown region code, once the
clerk says why; going back from the question saves nothing."""

from __future__ import annotations

import datetime as dt

from PySide6.QtWidgets import QDialog, QInputDialog

from desktop.core.children import intake, search
from tests.ui.test_intake import _dialog, _fill_known_child, make_id

GONE = make_id(dt.date(2014, 5, 3), area="110110")  # 燕山区: a region code until 1986
NEWER = make_id(dt.date(2012, 5, 3), area="130284")  # 滦州市: a region code from 2018


def test_a_region_code_newer_than_the_birth_is_taken_with_its_place(qtbot, context) -> None:  # type: ignore[no-untyped-def]
    dialog = _dialog(qtbot, context)
    _fill_known_child(qtbot, dialog, NEWER)
    assert not dialog.id_numberError.isVisible()
    assert dialog.birth_place.text() == "河北省 唐山市 滦州市"
    dialog.save()
    assert dialog.result() == QDialog.DialogCode.Accepted


def test_an_unknown_region_code_is_saved_with_the_reason_asked_for(  # type: ignore[no-untyped-def]
    qtbot, context, monkeypatch
) -> None:
    answers = [("", False), ("身份证原件与户口簿一致", True)]
    asked: list[str] = []

    def answer(parent, title, label, *args, **kwargs):  # type: ignore[no-untyped-def]
        asked.append(label)
        return answers.pop(0)

    monkeypatch.setattr(QInputDialog, "getMultiLineText", answer)
    dialog = _dialog(qtbot, context)
    _fill_known_child(qtbot, dialog, GONE)
    assert not dialog.id_numberError.isVisible()  # the card is not refused
    assert dialog.birth_date.text() == "2014-05-03"
    dialog.save()  # first: the warning
    assert "110110" in dialog.id_numberError.text()  # beside the field it concerns
    assert dialog.id_number.property("invalid") is True and dialog.warnings.text()
    assert not asked
    dialog.save()  # second: the reason is asked for; going back saves nothing
    assert len(asked) == 1 and "110110" in asked[0]
    assert dialog.result() != QDialog.DialogCode.Accepted
    assert dialog.id_numberError.isVisible()
    assert search.count_children(context.ops.db, context.user, search.SearchFilter()) == 0
    dialog.save()
    assert dialog.result() == QDialog.DialogCode.Accepted
    record = intake.get_child(context.ops.db, context.user, dialog.child_id)
    assert record.child.id_number == GONE
    assert any("身份证原件与户口簿一致" in note.text for note in record.notes)
