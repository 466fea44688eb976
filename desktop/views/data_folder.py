"""Before anything opens: the data folder is there, or the user agrees to create it.

A folder given with ``--home`` (or HOMEWARD_HOME) that does not exist may be a
typo or a new center: the program asks, rather than stopping with a bare error
or silently creating a folder nobody meant.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QMessageBox

from desktop.config import Paths, check_data_folder
from desktop.core.errors import DataFolderError
from desktop.core.i18n import _


def offer_to_create(folder: Path) -> bool:
    """Ask whether to create the missing data folder ``folder``; True for yes."""
    box = QMessageBox(
        QMessageBox.Icon.Question,
        _("Homeward"),
        _("The data folder {path} does not exist.").format(path=folder),
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
    )
    box.setInformativeText(
        _(
            "Create it and set up a new center there? If the path is mistyped, choose No "
            "and start Homeward again with the right one."
        )
    )
    box.setDefaultButton(QMessageBox.StandardButton.No)
    return box.exec() == QMessageBox.StandardButton.Yes


def prepare_data_folder(paths: Paths) -> bool:
    """Return True when the data folder can be used (created if the user agreed)."""
    create = not paths.explicit
    if paths.explicit and not paths.home.exists() and not paths.home.is_symlink():
        if not offer_to_create(paths.home):
            return False
        create = True
    try:
        check_data_folder(paths, create=create)
    except DataFolderError as error:
        QMessageBox.critical(None, _("Homeward"), error.message)
        return False
    return True
