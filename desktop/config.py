"""Where every file lives: data, logs and settings, from appdirs or an explicit folder.

``--home DIR`` or ``HOMEWARD_HOME`` put everything (data, logs, settings) in one
folder, for portable use and for tests. Imports no Qt and nothing heavy.
"""

from __future__ import annotations

import configparser
import os
from dataclasses import dataclass
from pathlib import Path

from desktop.core.errors import DataFolderError
from desktop.core.i18n import _
from desktop.core.private_files import make_private_dir

APP_NAME = "Homeward"
APP_AUTHOR = "Homeward"
HOME_ENV = "HOMEWARD_HOME"
DB_FILENAME = "homeward.sqlite"


@dataclass(frozen=True)
class Paths:
    """The folders one Homeward uses. ``explicit`` when chosen by --home or the env."""

    home: Path
    log_dir: Path
    config_dir: Path
    explicit: bool = False

    @property
    def db_file(self) -> Path:
        """The SQLite database."""
        return self.home / DB_FILENAME

    @property
    def lock_file(self) -> Path:
        """The lock that keeps a second Homeward off this data folder."""
        return self.home / "homeward.lock"

    @property
    def snapshots_dir(self) -> Path:
        """Local safety copies (before migrations, daily, on exit)."""
        return self.home / "snapshots"

    @property
    def settings_file(self) -> Path:
        """This workstation's preferences (language and the like)."""
        return self.config_dir / "settings.ini"

    @property
    def ui_state_file(self) -> Path:
        """Window geometry and column widths, kept by Qt."""
        return self.config_dir / "ui-state.ini"


def resolve_paths(home: str | os.PathLike[str] | None = None) -> Paths:
    """Return the paths for ``home``, ``$HOMEWARD_HOME``, or the per-user defaults."""
    chosen = home if home is not None else os.environ.get(HOME_ENV) or None
    if chosen is not None:
        root = Path(chosen).expanduser().absolute()
        return Paths(home=root, log_dir=root / "logs", config_dir=root, explicit=True)
    import appdirs

    return Paths(
        home=Path(appdirs.user_data_dir(APP_NAME, APP_AUTHOR)),
        log_dir=Path(appdirs.user_log_dir(APP_NAME, APP_AUTHOR)),
        config_dir=Path(appdirs.user_config_dir(APP_NAME, APP_AUTHOR)),
    )


def check_data_folder(paths: Paths, *, create: bool) -> None:
    """Raise ``DataFolderError`` unless the data folder can be used.

    A missing default folder is created when ``create``; a missing explicit
    folder (a typo in --home) is only created by ``init`` (``create`` as well).
    """
    home = paths.home
    if home.exists() and not home.is_dir():
        message = _("The data folder {path} is a file, not a folder.")
        raise DataFolderError(message.format(path=home))
    if not home.exists():
        if not create:
            raise DataFolderError(
                _(
                    "The data folder {path} does not exist. Check the path given with --home, "
                    "or create a new database there with: homeward --home {path} init"
                ).format(path=home)
            )
        try:
            make_private_dir(home)
        except OSError as error:
            raise DataFolderError(
                _("The data folder {path} cannot be created: {reason}").format(
                    path=home, reason=error.strerror
                )
            ) from error
    if not os.access(home, os.R_OK | os.W_OK | os.X_OK):
        raise DataFolderError(
            _("The data folder {path} cannot be read or written by this user.").format(path=home)
        )


class Settings:
    """This workstation's preferences, an INI file written whole on every save."""

    SECTION = "homeward"

    def __init__(self, path: Path) -> None:
        self.path = path
        self._parser = configparser.ConfigParser(interpolation=None)
        try:
            self._parser.read(path, encoding="utf-8")
        except (configparser.Error, UnicodeDecodeError):
            self._parser = configparser.ConfigParser(interpolation=None)
        if not self._parser.has_section(self.SECTION):
            self._parser.add_section(self.SECTION)

    def get(self, key: str, default: str | None = None) -> str | None:
        """Return the stored value of ``key``, or ``default``."""
        return self._parser.get(self.SECTION, key, fallback=default)

    def set(self, key: str, value: str) -> None:
        """Store ``value`` under ``key`` and save the file."""
        self._parser.set(self.SECTION, key, value)
        self.save()

    def save(self) -> None:
        """Write the file, owner-only, through a temporary name, so a crash never leaves half."""
        import io

        from desktop.core.private_files import write_private_bytes

        make_private_dir(self.path.parent)
        text = io.StringIO()
        self._parser.write(text)
        write_private_bytes(self.path, text.getvalue().encode("utf-8"))
