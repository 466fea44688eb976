"""Where files live (explicit folder, HOMEWARD_HOME, appdirs) and the data-folder checks."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import appdirs
import pytest

from desktop import config
from desktop.config import Paths, Settings, check_data_folder, resolve_paths
from desktop.core.errors import DataFolderError


def test_explicit_home(tmp_path: Path) -> None:
    """--home puts data, logs and settings in that one folder."""
    paths = resolve_paths(tmp_path / "desk")
    home = tmp_path / "desk"
    assert paths.explicit
    assert paths.home == home
    assert paths.db_file == home / "homeward.sqlite"
    assert paths.log_dir == home / "logs"
    assert paths.settings_file == home / "settings.ini"
    assert paths.lock_file == home / "homeward.lock"
    assert paths.snapshots_dir == home / "snapshots"


def test_relative_and_tilde_home_become_absolute(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A relative --home is taken from the current folder, ~ from the user's home."""
    monkeypatch.chdir(tmp_path)
    assert resolve_paths("rel").home == tmp_path / "rel"
    monkeypatch.setenv("HOME", str(tmp_path / "user"))
    assert resolve_paths("~/hw").home == tmp_path / "user" / "hw"


def test_env_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """HOMEWARD_HOME is used when no --home is given."""
    monkeypatch.setenv("HOMEWARD_HOME", str(tmp_path / "from-env"))
    paths = resolve_paths()
    assert paths.explicit
    assert paths.home == tmp_path / "from-env"
    assert paths.config_dir == tmp_path / "from-env"


def test_explicit_home_beats_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """--home wins over HOMEWARD_HOME."""
    monkeypatch.setenv("HOMEWARD_HOME", str(tmp_path / "from-env"))
    assert resolve_paths(tmp_path / "from-flag").home == tmp_path / "from-flag"


@pytest.mark.parametrize("env", [None, ""])
def test_default_uses_appdirs(monkeypatch: pytest.MonkeyPatch, env: str | None) -> None:
    """Without --home or a (non-empty) HOMEWARD_HOME the per-user folders are used."""
    if env is None:
        monkeypatch.delenv("HOMEWARD_HOME", raising=False)
    else:
        monkeypatch.setenv("HOMEWARD_HOME", env)
    paths = resolve_paths()
    assert not paths.explicit
    assert paths.home == Path(appdirs.user_data_dir("Homeward", "Homeward"))
    assert paths.log_dir == Path(appdirs.user_log_dir("Homeward", "Homeward"))
    assert paths.config_dir == Path(appdirs.user_config_dir("Homeward", "Homeward"))
    assert paths.settings_file == paths.config_dir / "settings.ini"


def test_missing_folder_without_create(tmp_path: Path) -> None:
    """A missing --home folder (a typo) is an error and nothing is created."""
    paths = resolve_paths(tmp_path / "typo" / "desk")
    with pytest.raises(DataFolderError) as caught:
        check_data_folder(paths, create=False)
    assert "does not exist" in str(caught.value)
    assert str(paths.home) in str(caught.value)
    assert not (tmp_path / "typo").exists()
    assert list(tmp_path.iterdir()) == []


@pytest.mark.skipif(os.name != "posix", reason="POSIX permissions")
def test_create_makes_private_folder(tmp_path: Path) -> None:
    """create=True makes the folder (and parents), readable by its owner only."""
    paths = resolve_paths(tmp_path / "a" / "desk")
    check_data_folder(paths, create=True)
    assert paths.home.is_dir()
    assert stat.S_IMODE(paths.home.stat().st_mode) == 0o700


def test_existing_folder_passes(paths: Paths) -> None:
    """An existing, usable folder passes with and without create."""
    paths.home.mkdir()
    check_data_folder(paths, create=False)
    check_data_folder(paths, create=True)


@pytest.mark.parametrize("create", [False, True])
def test_home_is_a_file(tmp_path: Path, create: bool) -> None:
    """A file where the folder should be is refused and left alone."""
    target = tmp_path / "desk"
    target.write_bytes(b"not a folder")
    with pytest.raises(DataFolderError) as caught:
        check_data_folder(resolve_paths(target), create=create)
    assert "is a file" in str(caught.value)
    assert target.read_bytes() == b"not a folder"


def test_unusable_folder(paths: Paths, monkeypatch: pytest.MonkeyPatch) -> None:
    """A folder this user cannot read or write is refused with a clear message."""
    paths.home.mkdir()
    asked: list[str] = []

    def no_access(path: object, mode: int) -> bool:
        asked.append(str(path))
        return False

    monkeypatch.setattr(os, "access", no_access)
    with pytest.raises(DataFolderError) as caught:
        check_data_folder(paths, create=False)
    assert "cannot be read or written" in str(caught.value)
    assert str(paths.home) in asked


def test_folder_that_cannot_be_created(tmp_path: Path) -> None:
    """A folder under a file cannot be created: DataFolderError, not OSError."""
    (tmp_path / "blocker").write_text("x")
    paths = resolve_paths(tmp_path / "blocker" / "desk")
    with pytest.raises(DataFolderError) as caught:
        check_data_folder(paths, create=True)
    assert "cannot be created" in str(caught.value)


def test_settings_roundtrip(paths: Paths) -> None:
    """A saved setting is there for the next Settings object; the folder is made."""
    settings = Settings(paths.settings_file)
    assert settings.get("language") is None
    assert settings.get("language", "en") == "en"
    settings.set("language", "zh_CN")
    settings.set("note", "城南 100%")
    assert paths.settings_file.exists()
    again = Settings(paths.settings_file)
    assert again.get("language") == "zh_CN"
    assert again.get("note") == "城南 100%"
    assert not paths.settings_file.with_suffix(".tmp").exists()


@pytest.mark.parametrize(
    "content",
    [
        b"this is not an ini file\n[[[\n",
        b"\xff\xfe\x00garbage\x80\x81",
        b"[homeward\nlanguage = zh_CN\n",
        b"[homeward]\nlanguage = zh_CN\nlanguage = en\n",
        b"",
    ],
)
def test_corrupt_settings_tolerated(paths: Paths, content: bytes) -> None:
    """A damaged settings file gives defaults, and saving replaces it with a good one."""
    paths.home.mkdir()
    paths.settings_file.write_bytes(content)
    settings = Settings(paths.settings_file)
    assert settings.get("missing", "default") == "default"
    settings.set("language", "en")
    assert Settings(paths.settings_file).get("language") == "en"


def test_settings_other_section_kept(paths: Paths) -> None:
    """A file with only other sections still works; our section is added."""
    paths.home.mkdir()
    paths.settings_file.write_text("[other]\nkey = value\n", encoding="utf-8")
    settings = Settings(paths.settings_file)
    assert settings.get("key") is None
    settings.set("language", "zh_CN")
    text = paths.settings_file.read_text(encoding="utf-8")
    assert "[other]" in text and "[homeward]" in text


def test_resource_folders_point_into_the_tree() -> None:
    """Outside a bundle, resources and .ui files come from the source tree."""
    from desktop.core import resources

    root = Path(config.__file__).resolve().parent.parent
    assert resources.resources_dir() == root / "resources"
    assert resources.ui_dir() == root / "ui"
    assert (resources.resources_dir() / "icons" / "app.svg").exists()
    assert (resources.ui_dir() / "intake_dialog.ui").exists()
