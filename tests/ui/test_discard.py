"""Esc, Cancel or the close button on a dialog with typed data asks once; untouched, not."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox, QPushButton

from desktop.core import tasks
from desktop.core.children import intake
from desktop.core.store.models import Staff
from desktop.views.change_password import ChangePasswordDialog
from desktop.views.intake_dialog import IntakeDialog
from desktop.views.kit import discard
from desktop.views.record_dialogs import (
    CompleteTaskDialog,
    ContactDialog,
    DischargeDialog,
    ReturnDialog,
)
from desktop.views.staff_page import ResetPasswordDialog, StaffEditDialog

REAL_QUESTION = discard.ask_to_discard  # the test fixtures answer it otherwise


def _child(context) -> intake.ChildRecord:  # type: ignore[no-untyped-def]
    child = intake.register_child(
        context.ops.db, context.user,
        intake.ChildInput(alias="小红", sex="female", estimated_age=9, category="street"),
        intake.AdmissionInput(arrival_mode="self", arrived_at=dt.datetime.now(dt.UTC),
                              receiving_staff_id=context.user.id),
        [intake.BelongingInput(item="书包")],
    )  # fmt: skip
    return intake.get_child(context.ops.db, context.user, child.id)


def _staff(context) -> Staff:  # type: ignore[no-untyped-def]
    from desktop.core.staff import accounts

    return accounts.list_staff(context.ops.db, context.user)[0]


#: Each dialog with typed data, and a way to type into it.
DIALOGS: dict[str, tuple[Callable[..., QDialog], Callable[[QDialog], None]]] = {
    "intake": (lambda c: IntakeDialog(c), lambda d: d.name.setText("张")),
    "intake-table": (lambda c: IntakeDialog(c), lambda d: d.add_belonging_row()),
    "contact": (
        lambda c: ContactDialog(c, _child(c).child.id),
        lambda d: d.note.setPlainText("母亲"),
    ),
    "discharge": (
        lambda c: DischargeDialog(c, _child(c).open_admission.id),
        lambda d: d.cross_province.setChecked(True),
    ),
    "return": (
        lambda c: ReturnDialog(c, next(iter(_child(c).belongings.values()))[0].id, "书包"),
        lambda d: d.returned_to.setText("本人"),
    ),
    "complete-task": (
        lambda c: CompleteTaskDialog(
            c, tasks.list_tasks(c.ops.db, c.user, child_id=_child(c).child.id)[0]
        ),
        lambda d: d.reference.setText("回执 118"),
    ),
    "staff-new": (lambda c: StaffEditDialog(c), lambda d: d.role.setCurrentIndex(2)),
    "staff-edit": (
        lambda c: StaffEditDialog(c, _staff(c)),
        lambda d: d.checkGroup.setChecked(True),
    ),
    "reset-password": (
        lambda c: ResetPasswordDialog(c, _staff(c)),
        lambda d: d.newPassword.setText("x"),
    ),
    "change-password": (
        lambda c: ChangePasswordDialog(c),
        lambda d: d.oldPassword.setText("x"),
    ),
}


@pytest.fixture
def asked(monkeypatch) -> list[bool]:  # type: ignore[no-untyped-def]
    """Record each question; the answer is the list's last item (True: discard)."""
    answers = [False]

    def ask(_parent: object) -> bool:
        answers.insert(0, answers[-1])
        return answers[-1]

    monkeypatch.setattr(discard, "ask_to_discard", ask)
    return answers


def _open(qtbot, context, name: str) -> QDialog:  # type: ignore[no-untyped-def]
    make, _type = DIALOGS[name]
    dialog = make(context)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def _asked(answers: list[bool]) -> int:
    return len(answers) - 1


@pytest.mark.parametrize("name", DIALOGS)
def test_esc_with_nothing_typed_closes_without_asking(qtbot, context, asked, name) -> None:  # type: ignore[no-untyped-def]
    dialog = _open(qtbot, context, name)
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert not dialog.isVisible()
    assert _asked(asked) == 0


@pytest.mark.parametrize("name", DIALOGS)
def test_esc_after_typing_asks_once_and_keeps_the_form(qtbot, context, asked, name) -> None:  # type: ignore[no-untyped-def]
    dialog = _open(qtbot, context, name)
    DIALOGS[name][1](dialog)
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert _asked(asked) == 1
    assert dialog.isVisible()  # "keep editing"
    dialog.close()  # the window's close button
    assert _asked(asked) == 2 and dialog.isVisible()
    asked[-1] = True  # now "discard"
    dialog.reject()  # Cancel
    assert _asked(asked) == 3
    assert not dialog.isVisible() and dialog.result() == QDialog.DialogCode.Rejected


def test_cancel_button_asks_and_discard_closes(qtbot, context, asked) -> None:  # type: ignore[no-untyped-def]
    dialog = _open(qtbot, context, "intake")
    qtbot.keyClicks(dialog.name, "Wang")
    cancel = dialog.buttons.button(dialog.buttons.StandardButton.Cancel)
    qtbot.mouseClick(cancel, Qt.MouseButton.LeftButton)
    assert _asked(asked) == 1 and dialog.isVisible()
    dialog.name.clear()  # typed back to what it was: nothing to lose
    qtbot.mouseClick(cancel, Qt.MouseButton.LeftButton)
    assert _asked(asked) == 1 and not dialog.isVisible()


def test_the_real_question_keeps_editing_by_default(qtbot, context, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(discard, "ask_to_discard", REAL_QUESTION)
    dialog = _open(qtbot, context, "intake")
    dialog.name.setText("张")
    seen: list[str] = []

    def answer(button_text: str) -> None:
        box = QApplication.activeModalWidget()
        assert isinstance(box, QMessageBox)
        seen.append(box.text())
        chosen = [b for b in box.findChildren(QPushButton) if b.text() == button_text]
        chosen[0].click()

    QTimer.singleShot(0, lambda: answer("Keep editing"))
    dialog.reject()
    assert seen == ["Discard what you typed?"] and dialog.isVisible()
    QTimer.singleShot(0, lambda: answer("Discard"))
    dialog.reject()
    assert len(seen) == 2 and not dialog.isVisible()


def test_signing_out_closes_without_asking(qtbot, context, asked) -> None:  # type: ignore[no-untyped-def]
    dialog = _open(qtbot, context, "intake")
    dialog.name.setText("张")
    with discard.discarding_all():
        dialog.close()
    assert not dialog.isVisible() and _asked(asked) == 0


def test_a_note_being_typed_in_a_record_is_not_lost_by_esc(qtbot, context, asked) -> None:  # type: ignore[no-untyped-def]
    from desktop.views.child_record import ChildRecord

    record = ChildRecord(context, _child(context).child.id)
    qtbot.addWidget(record)
    record.show()
    qtbot.waitExposed(record)
    record.noteText.setPlainText("晚饭后情绪平稳")
    qtbot.keyClick(record, Qt.Key.Key_Escape)
    assert _asked(asked) == 1 and record.isVisible()
    record.noteText.clear()
    qtbot.keyClick(record, Qt.Key.Key_Escape)
    assert _asked(asked) == 1 and not record.isVisible()
