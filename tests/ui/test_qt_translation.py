"""Qt's own buttons follow the language too (qtbase_zh_CN.qm), and .ui texts switch live."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, Qt, QTranslator
from PySide6.QtWidgets import QDialogButtonBox, QFileSystemModel, QWidget

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


def _chinese_desktop(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    for name in ("LANGUAGE", "LC_ALL", "LC_MESSAGES"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("LANG", "zh_CN.UTF-8")


def test_qt_buttons_follow_a_chinese_desktop_with_no_saved_language(  # type: ignore[no-untyped-def]
    qtbot, translators, monkeypatch
) -> None:
    _chinese_desktop(monkeypatch)
    translators.install("")  # no language saved yet: the system's
    box = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
    qtbot.addWidget(box)
    assert box.button(QDialogButtonBox.StandardButton.Cancel).text() == "取消"
    assert QLocale().name() == "zh_CN"


def test_qt_buttons_stay_english_on_an_english_desktop(qtbot, translators, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("LANG", "en_US.UTF-8")
    for name in ("LANGUAGE", "LC_ALL", "LC_MESSAGES"):
        monkeypatch.delenv(name, raising=False)
    translators.install("")
    box = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
    qtbot.addWidget(box)
    assert box.button(QDialogButtonBox.StandardButton.Cancel).text() == "Cancel"


def test_the_program_catalog_does_not_answer_qt_strings(qtbot, translators) -> None:  # type: ignore[no-untyped-def]
    """A file dialog's "Name" column is Qt's 名称, not the child's 姓名 from homeward.po."""
    from desktop.core import i18n

    translators.install("zh_CN")
    assert i18n._("Name") == "姓名"  # the program's own word, which must stay its own
    qt_own = QTranslator()
    assert qt_own.load("qtbase_zh_CN", QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath))
    expected = qt_own.translate("QFileSystemModel", "Name")
    assert expected and expected != "姓名"
    model = QFileSystemModel()
    assert model.headerData(0, Qt.Orientation.Horizontal) == expected
    assert QCoreApplication.translate("QFileDialog", "Name") != "姓名"
    form = QWidget()  # while the program's forms are still translated
    qtbot.addWidget(form)
    load_ui("admin_form", form)
    assert form.passwordLabel.text() == "密码 *"


def test_a_ui_strings_comment_is_its_context(qtbot, translators) -> None:  # type: ignore[no-untyped-def]
    """One English word, two forms, two meanings: the .ui comment picks the translation."""
    staff = QWidget()
    task = QWidget()
    record = QWidget()
    for form, name in (
        (staff, "staff_edit"),
        (task, "complete_task_dialog"),
        (record, "child_record"),
    ):
        qtbot.addWidget(form)
        load_ui(name, form)
    translators.install("zh_CN")
    qtbot.waitUntil(lambda: staff.checkReferenceLabel.text() == "查询编号")
    assert task.noteLabel.text() == "备注"
    assert record.noteKindLabel.text() == "服务类型(&K)"
    translators.install("en")
    qtbot.waitUntil(lambda: staff.checkReferenceLabel.text() == "Reference")
