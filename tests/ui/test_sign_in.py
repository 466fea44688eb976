"""The sign-in dialog, driven by keyboard and mouse."""

from __future__ import annotations

from PySide6.QtCore import Qt

from desktop.core.staff.accounts import LOCK_AFTER_FAILURES
from desktop.views.sign_in import SignInDialog
from tests.conftest import PASSWORD


def _dialog(qtbot, db) -> SignInDialog:  # type: ignore[no-untyped-def]
    dialog = SignInDialog()
    qtbot.addWidget(dialog)
    dialog.set_database(db, "城南中心")
    dialog.show()
    return dialog


def test_waits_for_the_database_before_signing_in(qtbot, app) -> None:  # type: ignore[no-untyped-def]
    dialog = SignInDialog()
    qtbot.addWidget(dialog)
    assert not dialog.signInButton.isEnabled()
    assert "Opening" in dialog.subtitle.text()


def test_right_password_signs_in(qtbot, db_and_admin) -> None:  # type: ignore[no-untyped-def]
    db, admin = db_and_admin
    dialog = _dialog(qtbot, db)
    assert dialog.centerName.text() == "城南中心"
    qtbot.keyClicks(dialog.username, "admin")
    qtbot.keyClicks(dialog.password, PASSWORD)
    with qtbot.waitSignal(dialog.accepted):
        qtbot.keyClick(dialog.password, Qt.Key.Key_Return)
    assert dialog.staff is not None and dialog.staff.id == admin.id
    assert dialog.password.text() == ""


def test_wrong_password_says_so_and_names_the_lockout(qtbot, db_and_admin) -> None:  # type: ignore[no-untyped-def]
    db, _admin = db_and_admin
    dialog = _dialog(qtbot, db)
    qtbot.keyClicks(dialog.username, "admin")
    qtbot.keyClicks(dialog.password, "not-the-password")
    qtbot.mouseClick(dialog.signInButton, Qt.MouseButton.LeftButton)
    assert dialog.result() == 0 and dialog.staff is None
    assert f"After {LOCK_AFTER_FAILURES} wrong passwords" in dialog.error.text()
    assert "password is wrong" in dialog.error.text()
    said = dialog.error.text()
    dialog.username.setText("nobody")  # an unknown name: word for word the same
    dialog.password.setText("not-the-password")
    dialog.signInButton.click()
    assert dialog.error.text() == said and "nobody" not in said
    assert dialog.password.text() == ""


def test_locked_account_is_refused_even_with_the_right_password(qtbot, db_and_admin) -> None:  # type: ignore[no-untyped-def]
    db, _admin = db_and_admin
    dialog = _dialog(qtbot, db)
    dialog.username.setText("admin")
    for _ in range(LOCK_AFTER_FAILURES):
        dialog.password.setText("wrong-password")
        dialog.signInButton.click()
    assert "locked" in dialog.error.text()
    dialog.password.setText(PASSWORD)
    dialog.signInButton.click()
    assert dialog.staff is None
    assert "locked" in dialog.error.text()


def test_unknown_user_and_empty_fields(qtbot, db_and_admin) -> None:  # type: ignore[no-untyped-def]
    db, _admin = db_and_admin
    dialog = _dialog(qtbot, db)
    dialog.signInButton.click()
    assert "Enter your user name" in dialog.error.text()
    dialog.username.setText("nobody")
    dialog.password.setText("whatever-1")
    dialog.signInButton.click()
    assert "password is wrong" in dialog.error.text()  # never "no such user"
    assert "nobody" not in dialog.error.text()


def test_language_choice_is_offered(qtbot, db_and_admin) -> None:  # type: ignore[no-untyped-def]
    db, _admin = db_and_admin
    dialog = _dialog(qtbot, db)
    index = dialog.language.findData("zh_CN")
    assert index >= 0
    with qtbot.waitSignal(dialog.language_chosen) as chosen:
        dialog.language.activated.emit(index)
    assert chosen.args == ["zh_CN"]
