"""Loading Qt Designer files from ui/ and icons from resources/icons."""

from __future__ import annotations

import re
from functools import cache

from PySide6.QtCore import QCoreApplication, QFile, QIODevice, QObject
from PySide6.QtGui import QAction, QIcon
from PySide6.QtUiTools import QUiLoader
from PySide6.QtWidgets import QDialog, QMainWindow, QWidget

from desktop.core.resources import resources_dir, ui_dir
from desktop.views.kit.screen_fit import fit_on_first_show
from desktop.views.qt_i18n import register_form_context

#: The form's class, the context QUiLoader translates its strings in.
_FORM_CLASS = re.compile(rb"<class>(\w+)</class>")


class _IntoLoader(QUiLoader):
    """A loader that builds the top-level widget of a form into an existing instance."""

    def __init__(self) -> None:
        super().__init__()
        self.base: QWidget | None = None
        self._target: QWidget | None = None
        self.setLanguageChangeEnabled(True)

    def createWidget(
        self, class_name: str, parent: QWidget | None = None, name: str = ""
    ) -> QWidget:
        if parent is None and self.base is not None:
            base, self.base = self.base, None
            return base
        widget = super().createWidget(class_name, parent, name)
        setattr(self._target, name, widget)
        return widget

    def createAction(self, parent: QObject | None = None, name: str = "") -> QAction:
        action = super().createAction(parent, name)
        setattr(self._target, name, action)
        return action

    def load_into(self, file: QFile, base: QWidget) -> QWidget | None:
        """Build the form in ``file`` into ``base``; its children become attributes of it."""
        self.base = self._target = base
        return self.load(file, None)


@cache
def _loader() -> _IntoLoader:
    """One loader for the program's life, made without Designer's plugin folders.

    QUiLoader would otherwise load every Designer plugin it finds (PySide's own,
    Qt Quick's, WebEngine's) on construction; the forms use standard widgets only.
    """
    paths = QCoreApplication.libraryPaths()
    QCoreApplication.setLibraryPaths([])
    try:
        return _IntoLoader()
    finally:
        QCoreApplication.setLibraryPaths(paths)


def load_ui(form: str, base: QWidget) -> QWidget:
    """Build ``ui/<form>.ui`` into ``base``: its children become attributes of ``base``."""
    path = ui_dir() / f"{form}.ui"
    file = QFile(str(path))
    if not file.open(QIODevice.OpenModeFlag.ReadOnly):
        raise FileNotFoundError(path)
    found = _FORM_CLASS.search(bytes(file.peek(4096).data()))
    if found:  # the form's translation context: the program's catalog answers it
        register_form_context(found.group(1).decode())
    loader = _loader()
    try:
        widget = loader.load_into(file, base)
    finally:
        file.close()
    if widget is None:
        raise RuntimeError(f"cannot load {path}: {loader.errorString()}")
    if isinstance(base, QDialog | QMainWindow):
        fit_on_first_show(base)
    return widget


@cache
def icon(name: str) -> QIcon:
    """Return the icon ``resources/icons/<name>.svg`` (an empty icon if it is missing)."""
    path = resources_dir() / "icons" / f"{name}.svg"
    return QIcon(str(path)) if path.exists() else QIcon()


@cache
def app_icon() -> QIcon:
    """Return the program's icon as a bitmap (cheap at start-up: no SVG plugin needed)."""
    return QIcon(str(resources_dir() / "icons" / "homeward.png"))
