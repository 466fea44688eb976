"""Where the program's own files are: icons, fonts, translations and the .ui files.

In the source tree they sit beside the ``desktop`` package; in a PyInstaller
bundle, in the bundle's folder.
"""

from __future__ import annotations

import sys
from pathlib import Path


def _installed() -> Path:
    bundle = getattr(sys, "_MEIPASS", None)
    if bundle:  # pragma: no cover - PyInstaller bundle
        return Path(bundle)
    return Path(__file__).resolve().parents[2]


def resources_dir() -> Path:
    """Return the folder with icons, fonts and translations (source tree or bundle)."""
    return _installed() / "resources"


def ui_dir() -> Path:
    """Return the folder with the Qt Designer ``.ui`` files."""
    return _installed() / "ui"
