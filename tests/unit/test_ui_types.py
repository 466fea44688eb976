"""The typed widget declarations match the Designer files, and the screens use them."""

from __future__ import annotations

import re
from pathlib import Path

from desktop.core.resources import ui_dir
from desktop.views.kit import ui_typegen


def test_ui_types_is_made_from_the_current_ui_files() -> None:
    made = ui_typegen.generate(ui_dir())
    assert ui_typegen.OUTPUT.read_text(encoding="utf-8") == made, (
        "run: python -m desktop.views.kit.ui_typegen"
    )


def test_every_widget_of_a_form_is_declared_with_its_class() -> None:
    made = ui_typegen.generate(ui_dir())
    assert "class IntakeDialogWidgets:" in made
    body = made.split("class IntakeDialogWidgets:")[1].split("\nclass ")[0]
    assert "        id_number: QLineEdit\n" in body
    assert "        belongings: QTableWidget\n" in body
    assert "IntakeDialog:" not in body  # the top-level widget is the screen itself


def test_each_screen_that_loads_a_form_inherits_its_widgets() -> None:
    views = Path(ui_typegen.__file__).parents[1]
    for path in views.glob("*.py"):
        text = path.read_text(encoding="utf-8")
        for match in re.finditer(r"^class (\w+)\(([^)]*)\):\n((?:    .*\n|\n)*)", text, re.M):
            form = re.search(r'load_ui\("(\w+)", self\)', match.group(3))
            if form:
                wanted = ui_typegen.class_name(form.group(1))
                assert wanted in match.group(2), f"{path.name}: {match.group(1)} lacks {wanted}"
