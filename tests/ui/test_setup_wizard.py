"""First start: the set-up wizard creates the database, or nothing at all."""

from __future__ import annotations

from desktop.core.center import get_center
from desktop.core.staff.accounts import authenticate
from desktop.views.setup_wizard import SetupWizard
from tests.conftest import PASSWORD


def _wizard(qtbot, paths) -> SetupWizard:  # type: ignore[no-untyped-def]
    wizard = SetupWizard(paths)
    qtbot.addWidget(wizard)
    wizard.show()
    return wizard


def test_center_name_is_required(qtbot, paths, app) -> None:  # type: ignore[no-untyped-def]
    wizard = _wizard(qtbot, paths)
    form = wizard.center_page.form
    wizard.next()
    assert wizard.currentPage() is wizard.center_page
    assert form.nameError.isVisible()
    assert "center's name" in form.nameError.text()
    form.name.setText("   ")
    wizard.next()
    assert wizard.currentPage() is wizard.center_page


def test_bad_admin_input_is_shown_inline_and_saves_nothing(qtbot, paths, app) -> None:  # type: ignore[no-untyped-def]
    wizard = _wizard(qtbot, paths)
    wizard.center_page.form.name.setText("城南区未成年人救助保护中心")
    wizard.next()
    form = wizard.admin_page.form
    qtbot.keyClicks(form.username, "wangli")
    form.fullName.setText("王丽")
    qtbot.keyClicks(form.password, "short")
    qtbot.keyClicks(form.repeat, "short")
    wizard.button(wizard.WizardButton.FinishButton).click()
    assert form.passwordError.isVisible()
    assert "at least 8" in form.passwordError.text()
    form.password.setText(PASSWORD)
    form.repeat.setText(PASSWORD + "x")
    wizard.button(wizard.WizardButton.FinishButton).click()
    assert form.repeatError.isVisible() and not form.passwordError.isVisible()
    assert not paths.db_file.exists()
    assert wizard.db is None


def test_finishing_creates_the_database_and_the_admin(qtbot, paths, app) -> None:  # type: ignore[no-untyped-def]
    wizard = _wizard(qtbot, paths)
    center_form = wizard.center_page.form
    center_form.name.setText("城南区未成年人救助保护中心")
    center_form.phone.setText("010-88881234")
    wizard.next()
    form = wizard.admin_page.form
    qtbot.keyClicks(form.username, "WangLi")
    form.fullName.setText("王丽")
    form.password.setText(PASSWORD)
    form.repeat.setText(PASSWORD)
    with qtbot.waitSignal(wizard.accepted):
        wizard.button(wizard.WizardButton.FinishButton).click()
    assert wizard.db is not None and wizard.admin is not None
    assert wizard.admin.username == "wangli" and wizard.admin.role == "admin"
    center = get_center(wizard.db)
    assert center is not None and center.phone == "010-88881234"
    assert authenticate(wizard.db, "wangli", PASSWORD).full_name == "王丽"
    wizard.db.close()


def test_language_button_offers_the_other_language(qtbot, paths, translators) -> None:  # type: ignore[no-untyped-def]
    wizard = _wizard(qtbot, paths)
    wizard.language_chosen.connect(translators.install)
    assert wizard.buttonText(wizard.WizardButton.CustomButton1) == "简体中文"
    wizard.button(wizard.WizardButton.CustomButton1).click()
    qtbot.waitUntil(lambda: wizard.windowTitle() == "Homeward 初始设置")
    assert wizard.center_page.form.nameLabel.text() == "中心名称 *"
    assert wizard.buttonText(wizard.WizardButton.CustomButton1) == "English"
