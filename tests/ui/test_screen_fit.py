"""Every window fits a 1280×720 logical screen and opens centred on its owner (issue 13)."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import QPoint, QRect, QSize
from PySide6.QtWidgets import QWidget

from desktop.views.backup_dialog import BackupDialog, RestoreDialog
from desktop.views.child_record import ChildRecord
from desktop.views.import_dialog import ImportDialog
from desktop.views.intake_dialog import IntakeDialog
from desktop.views.kit.screen_fit import FRAME, SMALLEST_SCREEN, clamp_rect, room_on
from desktop.views.main_window import MainWindow
from tests.ui.test_intake import _fill_known_child, make_id

SCREEN = QRect(QPoint(0, 0), SMALLEST_SCREEN)


def test_a_big_window_is_shrunk_into_the_screen_with_its_frame() -> None:
    rect = clamp_rect(QRect(0, 0, 1180, 760), SCREEN)
    room = room_on(SCREEN)
    assert room.contains(rect)
    assert rect.height() == 720 - FRAME.top() - FRAME.bottom()
    assert rect.width() == 1180  # only what does not fit shrinks


def test_a_window_remembered_on_a_screen_that_is_gone_comes_back() -> None:
    rect = clamp_rect(QRect(2500, -40, 600, 400), SCREEN)
    assert room_on(SCREEN).contains(rect)
    assert rect.size() == QSize(600, 400)
    assert rect.right() == room_on(SCREEN).right() and rect.top() == FRAME.top()


def test_a_window_that_fits_keeps_its_place_and_size() -> None:
    assert clamp_rect(QRect(100, 80, 600, 400), SCREEN) == QRect(100, 80, 600, 400)


def _registered(qtbot, context) -> int:  # type: ignore[no-untyped-def]
    dialog = IntakeDialog(context)
    qtbot.addWidget(dialog)
    dialog.show()
    _fill_known_child(qtbot, dialog, make_id(dt.date(2012, 8, 8)))
    dialog.save()
    assert dialog.child_id is not None
    return dialog.child_id


@pytest.mark.parametrize("language", ["en", "zh_CN"])
def test_every_window_can_shrink_to_a_1280_by_720_screen(  # type: ignore[no-untyped-def]
    qtbot, context, translators, language
) -> None:
    translators.install(language)
    child_id = _registered(qtbot, context)
    windows: list[QWidget] = [
        MainWindow(context),
        IntakeDialog(context),
        ChildRecord(context, child_id),
        BackupDialog(context),
        RestoreDialog(context, None, lambda: None),
        ImportDialog(context),
    ]
    room = room_on(SCREEN).size()
    for window in windows:
        qtbot.addWidget(window)
        hint = window.minimumSizeHint()
        assert hint.width() <= room.width(), (type(window).__name__, hint)
        assert hint.height() <= room.height(), (type(window).__name__, hint)


def test_the_intake_dialog_opens_within_the_screen_centred_on_its_owner(  # type: ignore[no-untyped-def]
    qtbot, context
) -> None:
    main = MainWindow(context)
    qtbot.addWidget(main)
    main.resize(500, 400)
    main.move(40, 60)
    main.show()
    qtbot.waitExposed(main)
    dialog = IntakeDialog(context, parent=main)
    dialog.show()
    qtbot.waitExposed(dialog)
    available = dialog.screen().availableGeometry()
    assert room_on(available).contains(dialog.geometry())
    # Save and Cancel are inside the window, the form scrolls above them.
    buttons = dialog.buttons.geometry()
    assert buttons.bottom() < dialog.height()
    assert dialog.scrollArea.verticalScrollBar().maximum() > 0
    small = IntakeDialog(context, parent=main)
    small.resize(300, 200)
    small.show()
    qtbot.waitExposed(small)
    owner = main.frameGeometry().center()
    assert abs(small.geometry().center().x() - owner.x()) <= 1
    assert abs(small.geometry().center().y() - owner.y()) <= 1
    small.reject()
    dialog.reject()


def test_a_remembered_main_window_bigger_than_the_screen_is_clamped(qtbot, context) -> None:  # type: ignore[no-untyped-def]
    first = MainWindow(context)
    qtbot.addWidget(first)
    first.setGeometry(QRect(-300, 900, 3000, 2000))
    first.close_for_sign_out()
    again = MainWindow(context)
    qtbot.addWidget(again)
    again.show()
    qtbot.waitExposed(again)
    assert room_on(again.screen().availableGeometry()).contains(again.geometry())


def test_the_area_list_keeps_its_width_on_every_page(qtbot, context) -> None:  # type: ignore[no-untyped-def]
    window = MainWindow(context)
    qtbot.addWidget(window)
    window.resize(900, 600)
    window.show()
    qtbot.waitExposed(window)
    widths = set()
    for row in range(window.navigation.count()):
        window.show_area(row)
        qtbot.wait(10)
        widths.add(window.navigation.width())
    assert len(widths) == 1, widths
