"""Typed declarations of the widgets each Designer file gives its screen.

``load_ui`` makes every named widget and action of ``ui/<form>.ui`` an attribute
of the screen at run time; a type checker cannot see that. This writes
``ui_types.py``: one class per form, annotations only (``name: QLineEdit``), which
the screen inherits, so mypy checks every use of a widget. A test keeps the file
equal to what this makes; after changing a .ui file run

    python -m desktop.views.kit.ui_typegen
"""

from __future__ import annotations

import sys
import xml.etree.ElementTree as ElementTree
from pathlib import Path

from desktop.core.resources import ui_dir

OUTPUT = Path(__file__).with_name("ui_types.py")
HEADER = '''"""Widgets of each Designer file, for mypy (made by ui_typegen; do not edit)."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from PySide6.QtGui import QAction
    from PySide6.QtWidgets import (
{widgets}
    )
'''


def class_name(form: str) -> str:
    """``intake_dialog`` -> ``IntakeDialogWidgets``."""
    return "".join(part.capitalize() for part in form.split("_")) + "Widgets"


def named_widgets(path: Path) -> list[tuple[str, str]]:
    """The ``(name, Qt class)`` of every widget, layout and action of a .ui file but its top."""
    root = ElementTree.parse(path).getroot()
    top = root.find("widget")
    assert top is not None, path
    found = [
        (node.get("name", ""), node.get("class", ""))
        for node in top.iter("widget")
        if node is not top
    ]
    found += [(node.get("name", ""), node.get("class", "")) for node in top.iter("layout")]
    found += [(node.get("name", ""), "QAction") for node in top.iter("action")]
    return sorted({(name, kind) for name, kind in found if name})


def generate(folder: Path) -> str:
    """The text of ``ui_types.py`` for the .ui files in ``folder``."""
    forms = {path.stem: named_widgets(path) for path in sorted(folder.glob("*.ui"))}
    kinds = {kind for widgets in forms.values() for _n, kind in widgets} - {"QAction"}
    imports = "\n".join(f"        {kind}," for kind in sorted(kinds, key=str.lower))
    parts = [HEADER.format(widgets=imports)]
    for form, widgets in forms.items():
        lines = [f"\n\nclass {class_name(form)}:", f'    """The widgets of ui/{form}.ui."""', ""]
        lines += ["    if TYPE_CHECKING:  # nothing to build when the program runs"]
        lines += [f"        {name}: {kind}" for name, kind in widgets]
        parts.append("\n".join(lines) + "\n")
    return "".join(parts)


def main() -> int:
    """Write ``ui_types.py`` from the ui/ folder."""
    OUTPUT.write_text(generate(ui_dir()), encoding="utf-8")
    print(f"wrote {OUTPUT}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
