"""What the program imports before its first window: nothing heavy (DESIGN.md pitfalls)."""

from __future__ import annotations

import subprocess
import sys

HEAVY = ("sqlalchemy", "alembic", "reportlab", "pypinyin", "age_rt", "PIL")


def test_the_command_line_and_the_sign_in_window_load_no_heavy_library() -> None:
    code = (
        "import sys, desktop.cli, desktop.views.app, desktop.views.sign_in\n"
        f"print(sorted(m for m in {HEAVY!r} if m in sys.modules))"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            check=True)  # fmt: skip
    assert result.stdout.strip() == "[]"
