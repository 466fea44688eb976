"""Staff administration screens: adding, editing, resetting, deactivating."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate
from PySide6.QtWidgets import QMessageBox

from desktop.core.staff import accounts
from desktop.views.staff_page import ResetPasswordDialog, StaffEditDialog, StaffPage
from tests.conftest import PASSWORD


def _page(qtbot, context) -> StaffPage:  # type: ignore[no-untyped-def]
    page = StaffPage(context)
    qtbot.addWidget(page)
    page.show()
    return page


def _shown(page: StaffPage) -> dict[str, list[str]]:
    model = page.staffTable.model()
    return {
        model.index(row, 0).data(): [model.index(row, col).data() for col in range(6)]
        for row in range(model.rowCount())
    }


def test_adding_a_staff_member_with_the_pre_employment_check(qtbot, context) -> None:  # type: ignore[no-untyped-def]
    page = _page(qtbot, context)
    dialog = StaffEditDialog(context, parent=page)
    qtbot.addWidget(dialog)
    qtbot.keyClicks(dialog.username, "zhangwei")
    dialog.fullName.setText("张伟")
    dialog.role.setCurrentIndex(dialog.role.findData("intake"))
    qtbot.keyClicks(dialog.password, PASSWORD)
    qtbot.keyClicks(dialog.repeat, PASSWORD)
    dialog.checkGroup.setChecked(True)
    dialog.checkDate.setDate(QDate(2026, 11, 2))
    dialog.checkResult.setText("无违法犯罪记录")
    dialog.checkReference.setText("公查 2026-118")
    dialog.save()
    assert dialog.result() == dialog.DialogCode.Accepted
    page.refresh()
    row = _shown(page)["zhangwei"]
    assert row[1:4] == ["张伟", "Intake staff", "Active, must change password"]
    assert row[4] == "2026-11-02 无违法犯罪记录"
    stored = next(
        s for s in accounts.list_staff(context.ops.db, context.user) if s.username == "zhangwei"
    )
    assert stored.check_date == dt.date(2026, 11, 2)
    assert stored.check_reference == "公查 2026-118"


def test_duplicate_user_name_is_shown_next_to_the_field(qtbot, context) -> None:  # type: ignore[no-untyped-def]
    dialog = StaffEditDialog(context)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.username.setText("ADMIN")
    dialog.fullName.setText("Someone")
    dialog.role.setCurrentIndex(dialog.role.findData("intake"))
    dialog.password.setText(PASSWORD)
    dialog.repeat.setText(PASSWORD)
    dialog.save()
    assert dialog.usernameError.isVisible()
    assert "taken" in dialog.usernameError.text()
    assert dialog.username.property("invalid") is True
    assert len(accounts.list_staff(context.ops.db, context.user)) == 1


def test_future_check_date_is_refused(qtbot, context) -> None:  # type: ignore[no-untyped-def]
    dialog = StaffEditDialog(context)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.checkDate.setMaximumDate(QDate(2100, 1, 1))
    dialog.username.setText("liuyang")
    dialog.fullName.setText("刘洋")
    dialog.role.setCurrentIndex(dialog.role.findData("intake"))
    dialog.password.setText(PASSWORD)
    dialog.repeat.setText(PASSWORD)
    dialog.checkGroup.setChecked(True)
    dialog.checkDate.setDate(QDate.currentDate().addDays(3))
    dialog.save()
    assert dialog.checkDateError.isVisible()
    assert len(accounts.list_staff(context.ops.db, context.user)) == 1


def test_deactivating_asks_once_and_then_shows_it(qtbot, context, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    accounts.create_staff(context.ops.db, context.user, "chenjing", "陈静", "viewer", PASSWORD)
    page = _page(qtbot, context)
    asked: list[str] = []

    def answer(*args: object, **kwargs: object) -> QMessageBox.StandardButton:
        asked.append(str(args[2]))
        return QMessageBox.StandardButton.Yes

    monkeypatch.setattr(QMessageBox, "question", answer)
    page._select(next(s.id for s in page.model.rows if s.username == "chenjing"))
    assert page.toggleActive.text() == "&Deactivate"
    page.toggleActive.click()
    assert len(asked) == 1 and "陈静" in asked[0]
    assert _shown(page)["chenjing"][3] == "Deactivated"
    assert page.toggleActive.text() == "Re&activate"


def test_own_account_cannot_be_deactivated(qtbot, context, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    page = _page(qtbot, context)
    warnings: list[str] = []
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    monkeypatch.setattr(QMessageBox, "warning", lambda *a, **k: warnings.append(str(a[2])))
    page._select(context.user.id)
    page.toggleActive.click()
    assert warnings and "own account" in warnings[0]
    assert _shown(page)["admin"][3] == "Active"


def test_the_last_admin_keeps_the_admin_role(qtbot, context) -> None:  # type: ignore[no-untyped-def]
    dialog = StaffEditDialog(context, context.user)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.username.isReadOnly() and dialog.password.isHidden()
    dialog.role.setCurrentIndex(dialog.role.findData("viewer"))
    dialog.save()
    assert dialog.roleError.isVisible()
    assert "last active administrator" in dialog.roleError.text()
    assert accounts.list_staff(context.ops.db, context.user)[0].role == "admin"


def test_reset_password_unlocks_and_requires_a_change(qtbot, context) -> None:  # type: ignore[no-untyped-def]
    staff = accounts.create_staff(
        context.ops.db, context.user, "zhaolei", "赵磊", "caseworker", PASSWORD
    )
    dialog = ResetPasswordDialog(context, staff)
    qtbot.addWidget(dialog)
    dialog.show()
    assert "赵磊" in dialog.intro.text()
    dialog.newPassword.setText("zhaolei")
    dialog.repeat.setText("zhaolei")
    dialog.save()
    assert dialog.newPasswordError.isVisible()
    dialog.newPassword.setText("another-pass-7")
    dialog.repeat.setText("another-pass-7")
    dialog.save()
    assert dialog.result() == dialog.DialogCode.Accepted
    signed_in = accounts.authenticate(context.ops.db, "zhaolei", "another-pass-7")
    assert signed_in.must_change_password


def test_a_new_account_has_no_role_until_one_is_chosen(qtbot, context) -> None:  # type: ignore[no-untyped-def]
    dialog = StaffEditDialog(context)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.role.currentData() is None  # not administrator by default
    assert dialog.role.currentText() == "Choose…"
    dialog.username.setText("wangfang")
    dialog.fullName.setText("王芳")
    dialog.password.setText(PASSWORD)
    dialog.repeat.setText(PASSWORD)
    dialog.save()
    assert dialog.roleError.isVisible() and "role" in dialog.roleError.text()
    assert len(accounts.list_staff(context.ops.db, context.user)) == 1
    dialog.role.setCurrentIndex(dialog.role.findData("viewer"))
    dialog.save()
    assert dialog.result() == dialog.DialogCode.Accepted
    added = [
        s for s in accounts.list_staff(context.ops.db, context.user) if s.username == "wangfang"
    ]
    assert [s.role for s in added] == ["viewer"]


def test_editing_shows_the_role_held_and_offers_no_blank(qtbot, context) -> None:  # type: ignore[no-untyped-def]
    staff = accounts.create_staff(
        context.ops.db, context.user, "sunli", "孙丽", "caseworker", PASSWORD
    )
    dialog = StaffEditDialog(context, staff)
    qtbot.addWidget(dialog)
    assert dialog.role.currentData() == "caseworker"
    assert all(dialog.role.itemData(i) for i in range(dialog.role.count()))
