"""No widget in a .ui file is named like a method of the Qt class the file is loaded into.

``load_ui`` makes every named widget an attribute of the view. A label named
``done`` on a QDialog hid ``QDialog.done``; Qt calls that virtual when the dialog
closes, found a QLabel instead, and the program crashed (shiboken cannot even
print the error). The same trap waits behind ``accept``, ``show``, ``layout``...
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from PySide6 import QtWidgets

from desktop.core.resources import ui_dir

NAMED = ("widget", "layout", "action", "spacer")


def _clashes(path: Path) -> list[str]:
    top = ET.parse(path).getroot().find("widget")
    assert top is not None
    base = getattr(QtWidgets, top.get("class", ""))
    names = [node.get("name", "") for node in top.iter() if node is not top and node.tag in NAMED]
    return [name for name in names if name and hasattr(base, name)]


@pytest.mark.parametrize("path", sorted(ui_dir().glob("*.ui")), ids=lambda path: path.stem)
def test_no_widget_hides_a_qt_method(path: Path) -> None:
    assert _clashes(path) == []


def test_the_check_finds_a_clash(tmp_path: Path) -> None:
    clashing = tmp_path / "bad.ui"
    clashing.write_text(
        '<ui version="4.0"><widget class="QDialog" name="Bad"><layout class="QVBoxLayout" '
        'name="mainLayout"><item><widget class="QLabel" name="done"/></item></layout>'
        "</widget></ui>"
    )
    assert _clashes(clashing) == ["done"]
