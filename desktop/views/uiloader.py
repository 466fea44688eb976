"""Loading Qt Designer files from ui/ and icons from resources/icons."""

from __future__ import annotations

from functools import cache

from PySide6.QtCore import QFile, QIODevice
from PySide6.QtGui import QAction, QIcon
from PySide6.QtUiTools import QUiLoader
from PySide6.QtWidgets import QWidget

from desktop.config import resources_dir, ui_dir


class _IntoLoader(QUiLoader):
    """A loader that builds the top-level widget of a form into an existing instance."""

    def __init__(self, base: QWidget) -> None:
        super().__init__(base)
        self._base = base
        self.setLanguageChangeEnabled(True)

    def createWidget(
        self, class_name: str, parent: QWidget | None = None, name: str = ""
    ) -> QWidget:
        if parent is None:
            return self._base
        widget = super().createWidget(class_name, parent, name)
        setattr(self._base, name, widget)
        return widget

    def createAction(self, parent: QWidget | None = None, name: str = "") -> QAction:
        action = super().createAction(parent, name)
        setattr(self._base, name, action)
        return action


def load_ui(form: str, base: QWidget) -> QWidget:
    """Build ``ui/<form>.ui`` into ``base``: its children become attributes of ``base``."""
    path = ui_dir() / f"{form}.ui"
    file = QFile(str(path))
    if not file.open(QIODevice.OpenModeFlag.ReadOnly):
        raise FileNotFoundError(path)
    try:
        loader = _IntoLoader(base)
        widget = loader.load(file, None)
    finally:
        file.close()
    if widget is None:
        raise RuntimeError(f"cannot load {path}: {loader.errorString()}")
    return widget


@cache
def icon(name: str) -> QIcon:
    """Return the icon ``resources/icons/<name>.svg`` (an empty icon if it is missing)."""
    path = resources_dir() / "icons" / f"{name}.svg"
    return QIcon(str(path)) if path.exists() else QIcon()
