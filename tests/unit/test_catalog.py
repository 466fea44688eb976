"""Every string a user sees ships in Simplified Chinese, and the compiled catalog is current."""

from __future__ import annotations

import io
import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog, Message
from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po

from desktop.core import i18n
from desktop.core.resources import resources_dir

ROOT = Path(__file__).resolve().parents[2]
PO = resources_dir() / "locale" / "zh_CN" / "LC_MESSAGES" / "homeward.po"
MO = PO.with_suffix(".mo")


#: A message as gettext finds it: its context (None for most) and its id, a tuple of
#: the singular and the plural for an ngettext message.
Key = tuple[str | None, str | tuple[str, ...]]


def message_key(message: Message) -> Key:
    """The (context, id) a message is looked up by."""
    return message.context, _key(message.id)


def extract(root: Path, target: Path, *paths: str) -> Catalog:
    """Run Babel's extraction with the project's babel.cfg over ``paths`` under ``root``."""
    subprocess.run(
        [
            sys.executable,
            "-m",
            "babel.messages.frontend",
            "extract",
            "-F",
            str(ROOT / "babel.cfg"),
            "-k",
            "_",
            "-k",
            "N_",
            "-o",
            str(target),
            *paths,
        ],
        cwd=root,
        check=True,
        capture_output=True,
    )
    with target.open("rb") as handle:
        return read_po(handle)


@pytest.fixture(scope="module")
def extracted(tmp_path_factory: pytest.TempPathFactory) -> Catalog:
    """The messages Babel extracts from the code and the .ui files now."""
    return extract(ROOT, tmp_path_factory.mktemp("pot") / "homeward.pot", ".")


def po_catalog() -> Catalog:
    with PO.open("rb") as handle:
        return read_po(handle)


def test_every_extracted_string_has_a_chinese_translation(extracted: Catalog) -> None:
    translated = {
        message_key(m) for m in po_catalog() if m.id and not m.fuzzy and all(_forms(m.string))
    }
    missing = sorted(
        str(key) for key in map(message_key, extracted) if key[1] and key not in translated
    )
    assert missing == [], f"untranslated: {missing[:10]}"


def test_plural_messages_have_one_chinese_form_each(extracted: Catalog) -> None:
    """ngettext messages come out as plural entries, and zh_CN has exactly one form."""
    catalog = po_catalog()
    assert catalog.num_plurals == 1
    plurals = [m for m in extracted if m.id and m.pluralizable]
    assert len(plurals) >= 6, "the count strings go through ngettext"
    for message in plurals:
        translated = catalog.get(message.id[0], context=message.context)
        assert translated is not None and translated.pluralizable, message.id
        assert len(_forms(translated.string)) == 1 and translated.string[0], message.id


def test_extraction_reads_contexts_and_plurals(tmp_path: Path) -> None:
    """The extractor sees pgettext, NC_, ngettext and a .ui string's comment as context."""
    (tmp_path / "desktop").mkdir()
    (tmp_path / "ui").mkdir()
    (tmp_path / "desktop" / "a.py").write_text(
        'pgettext("place", "Word")\nNC_("thing", "Word")\n_("Word")\n'
        'ngettext("{n} item", "{n} items", n)\n',
        encoding="utf-8",
    )
    (tmp_path / "ui" / "a.ui").write_text(
        '<ui><widget><property name="text"><string comment="form">Word</string></property>'
        "</widget></ui>",
        encoding="utf-8",
    )
    found = {message_key(m) for m in extract(tmp_path, tmp_path / "a.pot", ".") if m.id}
    assert found == {
        ("place", "Word"),
        ("thing", "Word"),
        ("form", "Word"),
        (None, "Word"),
        (None, ("{n} item", "{n} items")),
    }


def test_compiled_catalog_matches_the_po_file() -> None:
    with PO.open("rb") as handle:
        po = {message_key(m): _key(m.string) for m in read_po(handle) if m.id and not m.fuzzy}
    with MO.open("rb") as handle:
        mo = {message_key(m): _key(m.string) for m in read_mo(handle) if m.id}
    assert mo == po, "run: pybabel compile -d resources/locale -D homeward"


def _key(value: str | tuple[str, ...] | list[str]) -> str | tuple[str, ...]:
    """A message id or translation; plural ones (ngettext) are tuples of their forms."""
    return value if isinstance(value, str) else tuple(value)


def _forms(value: str | tuple[str, ...] | list[str]) -> tuple[str, ...]:
    """Every form of a translation: one for most, one per plural form for ngettext."""
    return (value,) if isinstance(value, str) else tuple(value)


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


def test_a_context_picks_the_meaning_and_english_never_shows_it() -> None:
    level = i18n.NC_("education level", "Education")
    service = i18n.NC_("kind of service", "Education")
    try:
        i18n.set_language("zh_CN")
        assert (i18n._(level), i18n._(service)) == ("受教育程度", "教育帮扶")
        assert i18n.pgettext("task receipt", "Reference") == "凭证编号"
        assert i18n.pgettext("pre-employment check", "Reference") == "查询编号"
        assert i18n.ngettext("{n} child", "{n} children", 1) == "共 {n} 名儿童"
        i18n.set_language("en")
        assert (i18n._(level), i18n._(service)) == ("Education", "Education")
        assert i18n.source(service) == "Education" and i18n.source("Plain") == "Plain"
        assert i18n.ngettext("{n} child", "{n} children", 1) == "{n} child"
        assert i18n.ngettext("{n} child", "{n} children", 2) == "{n} children"
    finally:
        i18n.set_language("en")


def test_printed_forms_read_contexts_too() -> None:
    from desktop.core import fields
    from desktop.core.forms import values

    note_kind = fields.NOTE["kind"]
    assert values.label(note_kind) == "服务类型"
    assert values.choice(note_kind, "education") == "教育帮扶"
    assert values.label(fields.CHILD["education"]) == "受教育程度"


def test_ui_extractor_skips_untranslatable_strings() -> None:
    from desktop.i18n_extract import extract_ui

    ui = (
        b'<ui><widget><property name="text"><string>Save &amp; close</string></property>'
        b'<property name="shortcut"><string notr="true">Ctrl+S</string></property></widget></ui>'
    )
    found = [message for _line, _func, message, _c in extract_ui(io.BytesIO(ui), None, None, None)]
    assert found == ["Save & close"]


def test_ui_extractor_gives_a_comment_as_context() -> None:
    from desktop.i18n_extract import extract_ui

    ui = (
        b'<ui><widget><property name="text"><string comment="remark">Note</string></property>'
        b'</widget><widget><property name="text"><string>Note</string></property></widget></ui>'
    )
    found = [
        (func, message) for _l, func, message, _c in extract_ui(io.BytesIO(ui), None, None, None)
    ]
    assert found == [("pgettext", ("remark", "Note")), (None, "Note")]
