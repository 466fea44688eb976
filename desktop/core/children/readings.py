"""How names read: each character's pinyin readings, and text normalised for comparing.

Shared by the search index (``search``) and the marks that show where a search
word was found (``marks``).
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache
from typing import Any, cast

#: Surnames read differently from the character's everyday reading (and compound
#: surnames), as a surname is read. pypinyin's reading is kept as a variant.
SURNAME_READINGS: dict[str, tuple[str, ...]] = {
    "曾": ("zeng",),
    "单": ("shan",),
    "解": ("xie",),
    "仇": ("qiu",),
    "区": ("ou",),
    "朴": ("piao",),
    "查": ("zha",),
    "盖": ("ge",),
    "缪": ("miao",),
    "乐": ("yue",),
    "覃": ("qin",),
    "翟": ("zhai",),
    "种": ("chong",),
    "秘": ("bi",),
    "召": ("shao",),
    "员": ("yun",),
    "繁": ("po",),
    "黑": ("he",),
    "宿": ("su",),
    "牟": ("mu",),
    "句": ("gou",),
    "都": ("du",),
    "柏": ("bai",),
    "薄": ("bo",),
    "能": ("nai",),
    "隗": ("wei",),
    "冼": ("xian",),
    "洗": ("xian",),
    "尉": ("wei",),
    "蕃": ("pi",),
    "祭": ("zhai",),
    "重": ("chong",),
    "折": ("she",),
    "厍": ("she",),
    "尉迟": ("yu", "chi"),
    "万俟": ("mo", "qi"),
    "长孙": ("zhang", "sun"),
    "单于": ("chan", "yu"),
    "澹台": ("tan", "tai"),
    "鲜于": ("xian", "yu"),
}

#: Rare characters (生僻字) pypinyin does not know, with their reading.
RARE_READINGS: dict[str, str] = {
    "𠮷": "ji",
}


def normalise(text: str) -> str:
    """Return ``text`` as tokens and search words are compared: NFKC (full-width
    letters and digits become ASCII), lowercase, without lone surrogates (half a
    character, which no database can store or compare)."""
    whole = "".join(char for char in text if not "\ud800" <= char <= "\udfff")
    return unicodedata.normalize("NFKC", whole).lower()


def _run_readings(run: str) -> list[str]:
    """pypinyin's ``errors`` callback: keep characters it cannot read one by one."""
    return list(run)


@lru_cache(maxsize=200_000)
def char_readings(text: str) -> tuple[tuple[str, ...], ...]:
    """Return, per character of ``text``, its readings (first the main one).

    Letters and digits read as themselves; characters without a reading
    (punctuation such as the ``·`` in transliterated names) have none.
    """
    from pypinyin import lazy_pinyin

    syllables = lazy_pinyin(text, errors=cast(Any, _run_readings))
    if len(syllables) != len(text):  # pragma: no cover - pypinyin keeps one item per character
        syllables = [lazy_pinyin(ch, errors=cast(Any, _run_readings))[0] for ch in text]
    result = [
        _character_readings(ch, syllable) for ch, syllable in zip(text, syllables, strict=True)
    ]
    _apply_surname(text, result)
    return tuple(result)


def _character_readings(character: str, syllable: str) -> tuple[str, ...]:
    """Return the readings of one character given pypinyin's syllable for it."""
    if character in RARE_READINGS:
        return (RARE_READINGS[character],)
    if syllable != character:
        return (syllable.lower(),)
    if character.isascii() and character.isalnum():
        return (character.lower(),)
    return ()


def _apply_surname(text: str, readings: list[tuple[str, ...]]) -> None:
    """Put the surname reading first for the name's first one or two characters."""
    for length in (2, 1):
        surname = SURNAME_READINGS.get(text[:length])
        if surname is None or len(text) < length:
            continue
        for position, reading in enumerate(surname):
            others = tuple(r for r in readings[position] if r != reading)
            readings[position] = (reading, *others)
        return
