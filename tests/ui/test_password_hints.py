"""The forced password change says why it appears; every password field says what it needs."""

from __future__ import annotations

from desktop.core.staff.passwords import MIN_LENGTH
from desktop.views.change_password import ChangePasswordDialog
from tests.ui.conftest import make_staff


def test_the_forced_change_says_why_and_the_minimum(qtbot, context) -> None:  # type: ignore[no-untyped-def]
    clerk = make_staff(context, "clerk", "intake")
    assert clerk.user.must_change_password
    dialog = ChangePasswordDialog(clerk)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.reason.isVisible()
    assert "administrator set your password" in dialog.reason.text()
    assert f"At least {MIN_LENGTH} characters" in dialog.newPassword.placeholderText()


def test_a_change_asked_for_by_oneself_gives_no_reason(qtbot, context) -> None:  # type: ignore[no-untyped-def]
    assert not context.user.must_change_password
    dialog = ChangePasswordDialog(context)
    qtbot.addWidget(dialog)
    dialog.show()
    assert not dialog.reason.isVisible()
    assert str(MIN_LENGTH) in dialog.newPassword.placeholderText()


def test_the_hint_in_chinese(qtbot, context, translators) -> None:  # type: ignore[no-untyped-def]
    translators.install("zh_CN")
    clerk = make_staff(context, "clerk", "intake")
    dialog = ChangePasswordDialog(clerk)
    qtbot.addWidget(dialog)
    assert dialog.newPassword.placeholderText() == f"至少 {MIN_LENGTH} 个字符，不能与用户名相同。"
    assert "管理员" in dialog.reason.text()


def test_staff_dialogs_and_the_wizard_give_the_length(qtbot, context, paths) -> None:  # type: ignore[no-untyped-def]
    from desktop.views.setup_wizard import SetupWizard
    from desktop.views.staff_page import ResetPasswordDialog, StaffEditDialog

    add = StaffEditDialog(context)
    reset = ResetPasswordDialog(context, context.user)
    wizard = SetupWizard(paths)
    for widget in (add, reset, wizard):
        qtbot.addWidget(widget)
    pages = [wizard.page(number) for number in wizard.pageIds()]
    forms = [page.form for page in pages if hasattr(page, "form")]
    fields = [add.password, reset.newPassword]
    fields += [form.password for form in forms if hasattr(form, "password")]
    assert len(fields) == 3
    for field in fields:
        assert f"At least {MIN_LENGTH} characters" in field.placeholderText()
