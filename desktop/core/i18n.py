"""One translation system for core and views: gettext catalogs under resources/locale.

Source strings are English. ``_`` translates now; ``N_`` only marks a string for
extraction, to be translated when shown (field labels defined at import time).

An English word that means two things on screen ("Education": the level a child
reached, or a kind of service) carries a context: ``pgettext(context, message)``
translates now, ``NC_(context, message)`` marks it for later. ``NC_`` returns the
message with its context in front, joined by ``CONTEXT_SEPARATOR`` (the way a
compiled catalog stores it); ``_`` and ``lookup`` read that form, ``source`` gives
back the English.
"""

from __future__ import annotations

import functools
import gettext
import locale
import os
import sys
from pathlib import Path

DOMAIN = "homeward"
ENGLISH = "en"
CHINESE = "zh_CN"
#: Languages the program ships, in the order the language menu lists them.
LANGUAGES: dict[str, str] = {CHINESE: "简体中文", ENGLISH: "English"}

_translations: gettext.NullTranslations = gettext.NullTranslations()
_language = ENGLISH


def locale_dir() -> Path:
    """Return the folder that holds the compiled catalogs (``<lang>/LC_MESSAGES``)."""
    from desktop.core.resources import resources_dir

    return resources_dir() / "locale"


def system_language() -> str:
    """Return ``zh_CN`` when the system's locale is Chinese, otherwise ``en``."""
    for name in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(name, "")
        if value and value.split(".")[0] not in ("C", "POSIX"):
            return CHINESE if value.lower().startswith("zh") else ENGLISH
    if sys.platform == "win32":  # pragma: no cover - Windows only
        import ctypes

        lang_id = ctypes.windll.kernel32.GetUserDefaultUILanguage()
        return CHINESE if lang_id & 0x3FF == 0x04 else ENGLISH
    code = locale.getlocale()[0] or ""
    return CHINESE if code.lower().startswith("zh") else ENGLISH


def set_language(language: str | None) -> str:
    """Switch every later ``_`` call to ``language`` (``None``: the system's); return it."""
    global _translations, _language
    chosen = language if language in LANGUAGES else system_language()
    _translations = gettext.translation(
        DOMAIN, localedir=locale_dir(), languages=[chosen], fallback=True
    )
    _language = chosen
    return chosen


def current_language() -> str:
    """Return the code of the language in use."""
    return _language


#: Between a context and its message in a marked string and in a compiled catalog.
CONTEXT_SEPARATOR = "\x04"


def lookup(translations: gettext.NullTranslations, message: str) -> str:
    """Translate ``message`` (plain, or marked with a context by ``NC_``) with ``translations``."""
    context, separator, text = message.partition(CONTEXT_SEPARATOR)
    if separator:
        return translations.pgettext(context, text)
    return translations.gettext(message)


def _(message: str) -> str:
    """Translate ``message`` (plain, or marked by ``NC_``) into the current language."""
    return lookup(_translations, message)


def pgettext(context: str, message: str) -> str:
    """Translate ``message`` as it is meant in ``context`` (an English word with two meanings)."""
    return _translations.pgettext(context, message)


def NC_(context: str, message: str) -> str:
    """Mark ``message`` in ``context`` for extraction; ``_`` translates the result later."""
    return f"{context}{CONTEXT_SEPARATOR}{message}"


def source(message: str) -> str:
    """The English of a message, without the context ``NC_`` put in front of it."""
    return message.rpartition(CONTEXT_SEPARATOR)[2]


def ngettext(singular: str, plural: str, n: int) -> str:
    """Translate a message that depends on a count."""
    return _translations.ngettext(singular, plural, n)


def N_(message: str) -> str:
    """Mark ``message`` for extraction without translating it yet."""
    return message


def translated_in(message: str, language: str) -> str:
    """``message`` in ``language`` whatever the current one (the import knows a column
    by its Chinese and its English header)."""
    return _catalog(language).gettext(message)


@functools.cache
def _catalog(language: str) -> gettext.NullTranslations:
    return gettext.translation(DOMAIN, localedir=locale_dir(), languages=[language], fallback=True)
