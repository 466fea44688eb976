"""Choosing the language: from the environment, from a setting, and falling back."""

from __future__ import annotations

import pytest

from desktop.core import i18n

LOCALE_VARS = ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG")


@pytest.fixture
def clean_env(monkeypatch: pytest.MonkeyPatch) -> pytest.MonkeyPatch:
    """No locale variables set, and a non-Chinese system locale behind them."""
    for name in LOCALE_VARS:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setattr(i18n.locale, "getlocale", lambda *args: ("en_US", "UTF-8"))
    return monkeypatch


@pytest.mark.parametrize(
    ("name", "value", "expected"),
    [
        ("LANG", "zh_CN.UTF-8", "zh_CN"),
        ("LANG", "zh_CN", "zh_CN"),
        ("LANG", "zh_TW.UTF-8", "zh_CN"),
        ("LANG", "en_US", "en"),
        ("LANG", "en_US.UTF-8", "en"),
        ("LANG", "de_DE.UTF-8", "en"),
        ("LC_ALL", "zh_CN.UTF-8", "zh_CN"),
        ("LC_ALL", "en_GB.UTF-8", "en"),
        ("LC_MESSAGES", "zh_CN.GB18030", "zh_CN"),
        ("LANGUAGE", "zh_CN:en", "zh_CN"),
        ("LANGUAGE", "en_US:zh_CN", "en"),
    ],
)
def test_system_language_from_env(
    clean_env: pytest.MonkeyPatch, name: str, value: str, expected: str
) -> None:
    """One locale variable decides: Chinese ones give zh_CN, everything else en."""
    clean_env.setenv(name, value)
    assert i18n.system_language() == expected


def test_precedence_language_over_lc_all_over_lang(clean_env: pytest.MonkeyPatch) -> None:
    """LANGUAGE beats LC_ALL, which beats LANG."""
    clean_env.setenv("LANG", "en_US.UTF-8")
    clean_env.setenv("LC_ALL", "zh_CN.UTF-8")
    assert i18n.system_language() == "zh_CN"
    clean_env.setenv("LANGUAGE", "en_US")
    assert i18n.system_language() == "en"


@pytest.mark.parametrize("neutral", ["C", "POSIX", "C.UTF-8"])
def test_neutral_locale_is_skipped(clean_env: pytest.MonkeyPatch, neutral: str) -> None:
    """C/POSIX in a stronger variable do not hide a Chinese LANG."""
    clean_env.setenv("LC_ALL", neutral)
    clean_env.setenv("LANG", "zh_CN.UTF-8")
    assert i18n.system_language() == "zh_CN"


def test_no_env_uses_system_locale(clean_env: pytest.MonkeyPatch) -> None:
    """Without variables the C library's locale decides."""
    assert i18n.system_language() == "en"
    clean_env.setattr(i18n.locale, "getlocale", lambda *args: ("zh_CN", "UTF-8"))
    assert i18n.system_language() == "zh_CN"
    clean_env.setattr(i18n.locale, "getlocale", lambda *args: (None, None))
    assert i18n.system_language() == "en"


def test_set_language_none_follows_env(clean_env: pytest.MonkeyPatch) -> None:
    """set_language(None) picks the system's language and makes it current."""
    clean_env.setenv("LANG", "zh_CN.UTF-8")
    assert i18n.set_language(None) == "zh_CN"
    assert i18n.current_language() == "zh_CN"
    clean_env.setenv("LANG", "en_US.UTF-8")
    assert i18n.set_language(None) == "en"
    assert i18n.current_language() == "en"


@pytest.mark.parametrize("code", ["fr", "zh", "", "EN", "zh-CN", "xx_YY"])
def test_unknown_code_falls_back_to_system(clean_env: pytest.MonkeyPatch, code: str) -> None:
    """A language the program does not ship means the system's language."""
    clean_env.setenv("LANG", "zh_CN.UTF-8")
    assert i18n.set_language(code) == "zh_CN"
    clean_env.setenv("LANG", "en_US.UTF-8")
    assert i18n.set_language(code) == "en"


@pytest.mark.parametrize("code", ["en", "zh_CN"])
def test_known_code_wins_over_env(clean_env: pytest.MonkeyPatch, code: str) -> None:
    """An explicit, shipped language is used whatever the environment says."""
    clean_env.setenv("LANG", "zh_CN.UTF-8" if code == "en" else "en_US.UTF-8")
    assert i18n.set_language(code) == code
    assert i18n.current_language() == code


def test_english_is_identity() -> None:
    """In English the source strings come back unchanged."""
    i18n.set_language(i18n.ENGLISH)
    assert i18n._("Enter a password.") == "Enter a password."
    assert i18n.N_("Viewer") == "Viewer"


@pytest.mark.parametrize("neutral", ["C.utf8", "C.UTF8"])
def test_other_spellings_of_neutral_locale(clean_env: pytest.MonkeyPatch, neutral: str) -> None:
    """Every spelling of the C locale is neutral, like C.UTF-8."""
    clean_env.setenv("LC_ALL", neutral)
    clean_env.setenv("LANG", "zh_CN.UTF-8")
    assert i18n.system_language() == "zh_CN"
