"""House rule 1: ``desktop/core`` imports no PySide6, at any depth, ever."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CORE = ROOT / "desktop" / "core"
CORE_FILES = sorted(CORE.rglob("*.py"))


def qt_imports(source: str, filename: str = "<test>") -> list[tuple[int, str]]:
    """Return (line, module) for every import of PySide6 anywhere in ``source``."""
    found: list[tuple[int, str]] = []
    for node in ast.walk(ast.parse(source, filename=filename)):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            names = [node.module or ""] if node.level == 0 else []
        else:
            continue
        for name in names:
            if name == "PySide6" or name.startswith("PySide6."):
                found.append((node.lineno, name))
    return found


def test_core_has_python_files() -> None:
    """The walk finds the core modules (a wrong path would make the rule vacuous)."""
    names = {path.name for path in CORE_FILES}
    assert {"db.py", "accounts.py", "trail.py", "children.py", "intake.py"} <= names


@pytest.mark.parametrize(
    "source",
    [
        "import PySide6\n",
        "import os, PySide6.QtCore as qc\n",
        "from PySide6 import QtWidgets\n",
        "from PySide6.QtCore import QObject\n",
        "def later():\n    if True:\n        from PySide6.QtGui import QIcon\n",
        "class A:\n    def m(self):\n        import PySide6.QtWidgets\n",
    ],
)
def test_detector_finds_qt_imports(source: str) -> None:
    """The checker itself sees top-level, aliased and nested imports."""
    assert qt_imports(source)


@pytest.mark.parametrize(
    "source",
    [
        "import os\n",
        "from sqlalchemy import select\n",
        "import PySide6_helper\n",
        "x = 'import PySide6'\n",
        "from . import PySide6\n",
    ],
)
def test_detector_ignores_other_imports(source: str) -> None:
    """Other modules, strings and relative imports are not mistaken for Qt."""
    assert qt_imports(source) == []


@pytest.mark.parametrize("path", CORE_FILES, ids=lambda p: str(p.relative_to(CORE)))
def test_core_module_imports_no_qt(path: Path) -> None:
    """No module under desktop/core imports PySide6, not even inside a function."""
    assert qt_imports(path.read_text(encoding="utf-8"), str(path)) == []


def test_importing_core_and_cli_loads_no_qt() -> None:
    """Importing the core services and the CLI leaves PySide6 out of sys.modules."""
    code = (
        "import sys\n"
        "import desktop.core.staff.accounts, desktop.core.audit.check\n"
        "import desktop.core.setup, desktop.cli\n"
        "import desktop.core.center, desktop.core.instance, desktop.config\n"
        "loaded = sorted(m for m in sys.modules if m == 'PySide6' or m.startswith('PySide6.'))\n"
        "print(','.join(loaded))\n"
        "assert 'desktop.core.staff.accounts' in sys.modules\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == ""
