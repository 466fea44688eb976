"""The Inno Setup script, read as text (it cannot be compiled here): the promises it keeps."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
ISS = ROOT / "installers" / "homeward.iss"
SPEC = ROOT / "installers" / "homeward.spec"


def _text() -> str:
    raw = ISS.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf"), "UTF-8 with a BOM, or Inno misreads the Chinese"
    return raw.decode("utf-8-sig")


def _section(text: str, name: str) -> str:
    match = re.search(rf"^\[{re.escape(name)}\]\n(.*?)(?=^\[|\Z)", text, re.S | re.M)
    assert match is not None, name
    return match.group(1)


def test_the_app_id_never_changes_so_upgrades_replace_in_place() -> None:
    text = _text()
    assert "AppId={{218057CB-47B4-4E91-9075-1AD99B97AE80}\n" in text
    assert "UsePreviousAppDir=yes" in text
    assert 'Type: filesandordirs; Name: "{app}\\_internal"' in _section(text, "InstallDelete")


def test_shortcuts_start_the_windowed_executable_the_spec_builds() -> None:
    text = _text()
    exe = re.search(r'#define AppExeName "([^"]+)"', text)
    assert exe is not None and exe.group(1) == "homeward-gui.exe"
    spec = SPEC.read_text()
    assert 'name="homeward-gui",' in spec and "console=False" in spec
    icons = _section(text, "Icons")
    assert '"{group}\\{cm:ShortcutName}"; Filename: "{app}\\{#AppExeName}"' in icons
    assert '"{autodesktop}\\{cm:ShortcutName}"; Filename: "{app}\\{#AppExeName}"' in icons
    desktop_task = _section(text, "Tasks")
    assert 'Name: "desktopicon"' in desktop_task and "unchecked" not in desktop_task


def test_the_uninstaller_keeps_the_data_unless_asked_twice() -> None:
    text = _text()
    assert "[UninstallDelete]" not in [line.strip() for line in text.splitlines()]
    code = _section(text, "Code")
    assert code.count("DelTree(") == 1
    assert "(not UninstallSilent())" in code
    assert code.count("MB_YESNO or MB_DEFBUTTON2") == 2  # "No" is the default, twice
    before_delete = code[: code.index("DelTree(")]
    assert before_delete.count("= IDYES then") == 2
    for language in ("chinesesimplified", "english"):
        assert f"{language}.DeleteDataQuestion=" in text
        assert f"{language}.DeleteDataReally=" in text
