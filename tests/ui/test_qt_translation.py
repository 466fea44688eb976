"""Qt's own buttons follow the language too (qtbase_zh_CN.qm), and .ui texts switch live."""

from __future__ import annotations

from PySide6.QtWidgets import QDialogButtonBox, QWidget

from desktop.views.kit.uiloader import load_ui


def test_qt_standard_buttons_are_translated(qtbot, translators) -> None:  # type: ignore[no-untyped-def]
    translators.install("zh_CN")
    box = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
    qtbot.addWidget(box)
    assert box.button(QDialogButtonBox.StandardButton.Cancel).text() == "取消"


def test_loaded_forms_retranslate_on_language_change(qtbot, translators) -> None:  # type: ignore[no-untyped-def]
    form = QWidget()
    qtbot.addWidget(form)
    load_ui("admin_form", form)
    assert form.passwordLabel.text() == "Password *"
    translators.install("zh_CN")
    qtbot.waitUntil(lambda: form.passwordLabel.text() == "密码 *")
    translators.install("en")
    qtbot.waitUntil(lambda: form.passwordLabel.text() == "Password *")
