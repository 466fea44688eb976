"""The shell: areas, shortcuts, status bar, roles, language switch, remembered geometry."""

from __future__ import annotations

from PySide6.QtCore import QSettings
from PySide6.QtTest import QTest

from desktop.views.main_window import MainWindow
from tests.ui.conftest import make_staff


def _window(qtbot, context) -> MainWindow:  # type: ignore[no-untyped-def]
    window = MainWindow(context)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    window.windowHandle().requestActivate()
    qtbot.waitUntil(window.isActiveWindow)
    return window


def test_areas_and_their_shortcuts(qtbot, context) -> None:  # type: ignore[no-untyped-def]
    window = _window(qtbot, context)
    names = [window.navigation.item(row).text() for row in range(window.navigation.count())]
    assert names == ["Dashboard", "Children", "Rooms", "Return home", "Reports", "Settings"]
    assert window.pages.currentWidget() is window.dashboard
    QTest.keySequence(window, "Ctrl+6")
    assert window.pages.currentWidget() is window.settings
    window.navigation.setCurrentRow(2)
    assert window.pages.currentWidget() is window.rooms_page
    window.navigation.setCurrentRow(3)
    assert window.pages.currentWidget() is window.return_home


def test_status_bar_says_who_where_and_the_backup_age(qtbot, context) -> None:  # type: ignore[no-untyped-def]
    window = _window(qtbot, context)
    assert "王主任" in window.user_label.text() and "Administrator" in window.user_label.text()
    assert window.center_label.text() == "城南未成年人救助保护中心"
    assert window.backup_label.text() == "Last USB backup: never"
    assert window.backup_label.property("role") == "warning"
    assert window.dashboard.greeting.text() == "Welcome, 王主任"


def test_admin_sees_staff_and_audit_tabs(qtbot, context) -> None:  # type: ignore[no-untyped-def]
    window = _window(qtbot, context)
    tabs = [window.settings.tabText(i) for i in range(window.settings.count())]
    assert tabs == ["Center", "Preferences", "Task rules", "Staff", "Audit trail"]
    assert not window.settings.center_tab.save_button.isHidden()


def test_viewer_sees_neither_staff_nor_audit_and_cannot_edit(qtbot, context) -> None:  # type: ignore[no-untyped-def]
    viewer = make_staff(context, "viewer1", "viewer")
    window = _window(qtbot, viewer)
    tabs = [window.settings.tabText(i) for i in range(window.settings.count())]
    assert tabs == ["Center", "Preferences", "Task rules"]
    center_tab = window.settings.center_tab
    assert center_tab.form.name.isReadOnly()
    assert center_tab.save_button.isHidden()
    assert not window.settings.preferences_tab.idleMinutes.isEnabled()


def test_language_switch_keeps_the_window_and_what_was_typed(qtbot, context, translators) -> None:  # type: ignore[no-untyped-def]
    window = _window(qtbot, context)
    window.show_area(5)
    window.settings.center_tab.form.address.setText("unsaved address")
    window.language_requested.connect(translators.install)
    chinese = next(a for a in window.menuLanguage.actions() if a.text() == "简体中文")
    chinese.trigger()
    qtbot.waitUntil(lambda: window.menuFile.title() == "文件(&F)")
    assert window.navigation.item(0).text() == "工作台"
    assert window.settings.tabText(0) == "中心"
    qtbot.waitUntil(lambda: "当前用户" in window.user_label.text())
    assert window.settings.center_tab.form.address.text() == "unsaved address"
    assert window.isVisible()


def test_window_geometry_is_remembered(qtbot, context) -> None:  # type: ignore[no-untyped-def]
    window = _window(qtbot, context)
    window.resize(790, 590)
    window.close_for_sign_out()
    state = QSettings(str(context.paths.ui_state_file), QSettings.Format.IniFormat)
    assert state.value("main/geometry") is not None
    again = _window(qtbot, context)
    assert (again.width(), again.height()) == (790, 590)


def test_change_password_dialog_checks_the_old_one(qtbot, context) -> None:  # type: ignore[no-untyped-def]
    from desktop.views.change_password import ChangePasswordDialog

    dialog = ChangePasswordDialog(context)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.keyClicks(dialog.oldPassword, "wrong-one-1")
    qtbot.keyClicks(dialog.newPassword, "brand-new-pass-2")
    qtbot.keyClicks(dialog.repeat, "brand-new-pass-2")
    dialog.save()
    assert dialog.oldPasswordError.isVisible()
    assert dialog.result() == 0


def test_task_rules_are_changed_in_settings(qtbot, context) -> None:  # type: ignore[no-untyped-def]
    from desktop.core import tasks

    window = _window(qtbot, context)
    rules_tab = window.settings.rules_tab
    row = rules_tab.kinds.index("dna_request")
    assert rules_tab.rulesTable.item(row, 0).text() == "Ask the police for a DNA sample"
    rules_tab.rulesTable.cellWidget(row, 1).setValue(5)
    rules_tab.saveRules.click()
    stored = {rule.kind: rule for rule in tasks.get_rules(context.ops.db, context.user)}
    assert stored["dna_request"].delay == 5 and stored["dna_request"].unit == "working_days"


def test_a_viewer_sees_the_task_rules_but_cannot_change_them(qtbot, context) -> None:  # type: ignore[no-untyped-def]
    viewer = make_staff(context, "viewer2", "viewer")
    window = _window(qtbot, viewer)
    rules_tab = window.settings.rules_tab
    assert rules_tab.saveRules.isHidden()
    assert not rules_tab.rulesTable.cellWidget(0, 1).isEnabled()


def test_file_menu_prints_any_form_blank(qtbot, context, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from desktop.core.forms.registry import FORMS
    from desktop.views import print_preview
    from desktop.views.main_window import MainWindow

    asked: list[tuple[str, str]] = []
    monkeypatch.setattr(
        print_preview,
        "print_form",
        lambda ctx, form, case_no, parent: asked.append((form, case_no)),
    )
    window = MainWindow(context)
    qtbot.addWidget(window)
    titles = [action.text() for action in window.blank_forms.actions()]
    assert titles == [spec.title for spec in FORMS.values()]
    assert window.blank_forms.menuAction() in window.menuFile.actions()
    assert window.blank_forms.title() == "Blank form, to fill in by hand"
    window.blank_forms.actions()[0].trigger()
    assert asked == [(next(iter(FORMS)), "")]  # no case number: the form empty
