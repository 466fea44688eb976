"""A --home folder that does not exist: the program asks to create it (default No)."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest
from PySide6.QtWidgets import QMessageBox

from desktop.config import resolve_paths
from desktop.views import data_folder


class Asked(list[QMessageBox]):
    """The question boxes shown; each is answered from ``answers`` (first in, first out)."""

    def __init__(self) -> None:
        super().__init__()
        self.answers: list[QMessageBox.StandardButton] = []


@pytest.fixture
def asked(monkeypatch: pytest.MonkeyPatch) -> Asked:
    shown = Asked()

    def exec_(box: QMessageBox) -> int:
        shown.append(box)
        assert box.defaultButton() is box.button(QMessageBox.StandardButton.No)
        return int(shown.answers.pop(0).value)

    monkeypatch.setattr(QMessageBox, "exec", exec_)
    return shown


def test_yes_creates_the_folder_owner_only(app, tmp_path: Path, asked) -> None:  # type: ignore[no-untyped-def]
    home = tmp_path / "new center"
    asked.answers.append(QMessageBox.StandardButton.Yes)
    assert data_folder.prepare_data_folder(resolve_paths(home))
    assert home.is_dir() and stat.S_IMODE(home.stat().st_mode) == 0o700
    assert len(asked) == 1 and str(home) in asked[0].text()
    assert "mistyped" in asked[0].informativeText()
    assert data_folder.prepare_data_folder(resolve_paths(home))  # there now: no question
    assert len(asked) == 1


def test_no_creates_nothing(app, tmp_path: Path, asked) -> None:  # type: ignore[no-untyped-def]
    home = tmp_path / "typo"
    asked.answers.append(QMessageBox.StandardButton.No)
    assert not data_folder.prepare_data_folder(resolve_paths(home))
    assert not home.exists()


def test_a_file_in_the_way_is_said_plainly(app, tmp_path: Path, asked, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    home = tmp_path / "a file"
    home.write_text("")
    said: list[str] = []
    monkeypatch.setattr(QMessageBox, "critical", lambda _p, _t, text: said.append(text))
    assert not data_folder.prepare_data_folder(resolve_paths(home))
    assert not asked and said and "is a file" in said[0]
