"""Every string a user sees ships in Simplified Chinese, and the compiled catalog is current."""

from __future__ import annotations

import io
import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po

from desktop.core import i18n
from desktop.core.resources import resources_dir

ROOT = Path(__file__).resolve().parents[2]
PO = resources_dir() / "locale" / "zh_CN" / "LC_MESSAGES" / "homeward.po"
MO = PO.with_suffix(".mo")


@pytest.fixture(scope="module")
def extracted(tmp_path_factory: pytest.TempPathFactory) -> set[str]:
    """The message ids Babel extracts from the code and the .ui files now."""
    pot = tmp_path_factory.mktemp("pot") / "homeward.pot"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "babel.messages.frontend",
            "extract",
            "-F",
            "babel.cfg",
            "-k",
            "_",
            "-k",
            "N_",
            "--no-location",
            "-o",
            str(pot),
            ".",
        ],
        cwd=ROOT,
        check=True,
        capture_output=True,
    )
    with pot.open("rb") as handle:
        return {message.id for message in read_po(handle) if message.id}


def test_every_extracted_string_has_a_chinese_translation(extracted: set[str]) -> None:
    with PO.open("rb") as handle:
        catalog = read_po(handle)
    translated = {m.id for m in catalog if m.id and m.string and not m.fuzzy}
    missing = sorted(extracted - translated)
    assert missing == [], f"untranslated: {missing[:30]}"


def test_compiled_catalog_matches_the_po_file() -> None:
    with PO.open("rb") as handle:
        po = {_key(m.id): _key(m.string) for m in read_po(handle) if m.id and not m.fuzzy}
    with MO.open("rb") as handle:
        mo = {_key(m.id): _key(m.string) for m in read_mo(handle) if m.id}
    assert mo == po, "run: pybabel compile -d resources/locale -D homeward"


def _key(value: str | tuple[str, ...] | list[str]) -> str | tuple[str, ...]:
    """A message id or translation; plural ones (ngettext) are tuples of their forms."""
    return value if isinstance(value, str) else tuple(value)


def test_placeholders_survive_translation() -> None:
    import re

    with PO.open("rb") as handle:
        for message in read_po(handle):
            if not message.id:
                continue
            ids = [message.id] if isinstance(message.id, str) else list(message.id)
            forms = [message.string] if isinstance(message.string, str) else list(message.string)
            wanted = sorted(re.findall(r"\{\w+\}", ids[-1]))  # the plural names them all
            for form in forms:
                assert sorted(re.findall(r"\{\w+\}", form)) == wanted, message.id


def test_switching_language_translates_core_messages() -> None:
    i18n.set_language("zh_CN")
    assert i18n._("The two passwords differ.") == "两次输入的密码不一致。"
    i18n.set_language("en")
    assert i18n._("The two passwords differ.") == "The two passwords differ."


def test_ui_extractor_skips_untranslatable_strings() -> None:
    from desktop.i18n_extract import extract_ui

    ui = (
        b'<ui><widget><property name="text"><string>Save &amp; close</string></property>'
        b'<property name="shortcut"><string notr="true">Ctrl+S</string></property></widget></ui>'
    )
    found = [message for _line, _func, message, _c in extract_ui(io.BytesIO(ui), None, None, None)]
    assert found == ["Save & close"]
