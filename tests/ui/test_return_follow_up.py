"""After the handover, driven through the widgets: the follow-up months typed in Settings
(a bad list is named under its field and nothing is saved), the handover dialog's choice
for each belonging, and what a visit that found the child at risk offers."""

from __future__ import annotations

from PySide6.QtCore import Qt

from desktop.core import center
from desktop.views.settings_page import PreferencesTab
from tests.ui.conftest import make_staff


def _preferences(qtbot, context) -> PreferencesTab:  # type: ignore[no-untyped-def]
    tab = PreferencesTab(context)
    qtbot.addWidget(tab)
    tab.resize(900, 600)
    tab.show()
    return tab


def _type(qtbot, tab: PreferencesTab, text: str) -> None:  # type: ignore[no-untyped-def]
    tab.followUpMonths.clear()
    if text.isascii():
        qtbot.keyClicks(tab.followUpMonths, text)
    else:  # as an input method would (key clicks are ASCII only)
        tab.followUpMonths.insert(text)
    qtbot.mouseClick(tab.savePreferences, Qt.MouseButton.LeftButton)


def test_follow_up_months_are_a_preference(qtbot, context) -> None:  # type: ignore[no-untyped-def]
    tab = _preferences(qtbot, context)
    assert tab.followUpMonths.text() == "1, 3, 6"
    assert not tab.followUpMonthsError.isVisible()
    _type(qtbot, tab, "2，12、36")
    assert center.get_follow_up_months(context.ops.db) == (2, 12, 36)
    assert tab.followUpMonths.text() == "2, 12, 36"  # shown as stored
    assert not tab.followUpMonthsError.isVisible()
    again = _preferences(qtbot, context)
    assert again.followUpMonths.text() == "2, 12, 36"
    viewer = PreferencesTab(make_staff(context, "looker", "viewer"))
    qtbot.addWidget(viewer)
    assert viewer.followUpMonths.isReadOnly() and not viewer.savePreferences.isVisibleTo(viewer)


def test_a_bad_list_is_named_under_its_field_and_nothing_is_saved(qtbot, context) -> None:  # type: ignore[no-untyped-def]
    tab = _preferences(qtbot, context)
    tab.idleMinutes.setValue(45)
    for text, words in (
        ("", "give at least one month"),
        ("0, 3", "0 is not a month from 1 to 36"),
        ("1, 37", "37 is not a month from 1 to 36"),
        ("3, 3", "3 is given twice"),
        ("6, 1", "ascending order"),
        ("1, x", "“x” is not a number of months"),
    ):
        _type(qtbot, tab, text)
        assert tab.followUpMonthsError.isVisible(), text
        assert tab.followUpMonthsError.text().startswith("Follow-up visits: ")
        assert words in tab.followUpMonthsError.text()
        assert center.get_follow_up_months(context.ops.db) == (1, 3, 6)
        assert center.get_setting(context.ops.db, center.IDLE_LOCK_MINUTES) == 10
    _type(qtbot, tab, "1, 36")
    assert not tab.followUpMonthsError.isVisible()
    assert center.get_follow_up_months(context.ops.db) == (1, 36)
    assert center.get_setting(context.ops.db, center.IDLE_LOCK_MINUTES) == 45
