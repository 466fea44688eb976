"""The forms' fonts: WenQuanYi Micro Hei, and a fallback for the rare characters of names.

Both are TrueType files in ``resources/fonts``, registered with ReportLab once per
process: the main font on first use (about 100 ms), the fallback the first time a
character needs it. ReportLab embeds a subset of each in every PDF that uses it.
Text is split into runs: a character the main font has no glyph for (or an empty
one: Micro Hei's ℃ and third-tone pinyin letters) is drawn from the fallback font
when that has one, so a name with 𠮷 or 䶮 prints as itself instead of an empty box,
and 38.5℃ keeps its ℃.
"""

from __future__ import annotations

import re
import threading
import unicodedata
from collections.abc import Iterator
from functools import lru_cache
from typing import Any
from xml.sax.saxutils import escape

from reportlab import rl_config
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from desktop.core.resources import resources_dir

MAIN = "HomewardSans"
FALLBACK = "HomewardHan"
MAIN_FILE = "wqy-microhei.ttc"
FALLBACK_FILE = "homeward-han-fallback.ttf"

#: A paragraph collapses blanks, but keeps no-break spaces: four of them are about as
#: wide as the ideographic space (　) that leaves room to write a date by hand.
WIDE_BLANK = "\xa0" * 4

_lock = threading.Lock()
_registered: dict[str, _Font] = {}
_BEYOND_BMP = re.compile(r"^<([0-9A-F]{2})> <([0-9A-F]{5,6})>$", re.MULTILINE)


def _utf16_hex(match: re.Match[str]) -> str:
    """Rewrite one ToUnicode entry of a code point beyond the BMP as UTF-16BE."""
    encoded = chr(int(match.group(2), 16)).encode("utf-16-be").hex().upper()
    return f"<{match.group(1)}> <{encoded}>"


class _Font(TTFont):  # type: ignore[misc]  # ReportLab ships no types
    """A TrueType font whose ToUnicode map also spells characters beyond the BMP right.

    ReportLab writes such a character as ``<20BB7>``, which no reader can decode;
    the PDF standard wants UTF-16 (``<D842DFB7>``), so text extraction and search
    find the character.
    """

    def addObjects(self, doc: Any) -> None:
        super().addObjects(doc)
        prefix = "toUnicodeCMap:"
        for name, obj in list(doc.idToObject.items()):
            if isinstance(name, str) and name.startswith(prefix) and self._owns(name):
                content = obj.content
                if isinstance(content, str):
                    obj.content = _BEYOND_BMP.sub(_utf16_hex, content)

    def _owns(self, cmap_name: str) -> bool:
        face_name = self.face.name
        text = face_name.decode("latin-1") if isinstance(face_name, bytes) else str(face_name)
        return text in cmap_name


def register() -> None:
    """Register the main font with ReportLab, once per process (thread-safe); the
    fallback is registered the first time a character needs it (``_covers``)."""
    if MAIN in _registered:
        return
    with _lock:
        if MAIN in _registered:
            return
        main = _Font(MAIN, str(resources_dir() / "fonts" / MAIN_FILE), subfontIndex=0)
        pdfmetrics.registerFont(main)
        # streams in binary, not ASCII85: smaller files, and a fifth faster to write
        rl_config.useA85 = 0
        _registered[MAIN] = main


def _register_fallback() -> None:
    if FALLBACK in _registered:
        return
    with _lock:
        if FALLBACK not in _registered:
            fallback = _Font(FALLBACK, str(resources_dir() / "fonts" / FALLBACK_FILE))
            pdfmetrics.registerFont(fallback)
            _registered[FALLBACK] = fallback


def _covers(font: str, char: str) -> bool:
    """Whether ``font`` draws ``char``: it lists it, with an outline unless it is a blank.

    Micro Hei lists a few characters it draws as nothing (℃, ǎ ...): printed
    from it, they would vanish from the page without a word."""
    if font == FALLBACK:
        _register_fallback()
    face = _registered[font].face
    glyph = face.charToGlyph.get(ord(char))
    if glyph is None:
        return False
    return invisible(char) or face.glyphPos[glyph + 1] > face.glyphPos[glyph]


def invisible(char: str) -> bool:
    """Whether ``char`` draws nothing by its nature: a blank, a control or a format
    character (zero-width space, direction marks, byte-order mark)."""
    return char.isspace() or unicodedata.category(char) in ("Cc", "Cf")


_font_of: dict[str, str] = {}


def font_for(char: str) -> str:
    """Return the font that has a glyph for ``char`` (the main font when neither has)."""
    found = _font_of.get(char)
    if found is None:
        register()
        main = char in "\n\t" or _covers(MAIN, char) or not _covers(FALLBACK, char)
        found = _font_of[char] = MAIN if main else FALLBACK
    return found


def printable(char: str) -> bool:
    """Whether one of the bundled fonts has a glyph for ``char`` (blanks always print)."""
    register()
    return char.isspace() or _covers(MAIN, char) or _covers(FALLBACK, char)


def unprintable(text: str) -> str:
    """Return the characters of ``text`` that no bundled font has, each once, in order."""
    return "".join(dict.fromkeys(char for char in text if not printable(char)))


def runs(text: str) -> Iterator[tuple[str, str]]:
    """Yield ``(font, text)`` for each stretch of ``text`` drawn from one font."""
    current, start = "", 0
    for index, char in enumerate(text):
        font = font_for(char)
        if font != current:
            if index > start:
                yield current, text[start:index]
            current, start = font, index
    if text[start:]:
        yield current or MAIN, text[start:]


def markup(text: str) -> str:
    """Return ``text`` as Paragraph markup: escaped, line breaks kept, rare characters
    wrapped in the fallback font."""
    parts = []
    for font, chunk in runs(text):
        escaped = escape(chunk).replace("\n", "<br/>").replace("\u3000", WIDE_BLANK)
        parts.append(escaped if font == MAIN else f'<font face="{FALLBACK}">{escaped}</font>')
    return "".join(parts)


@lru_cache(maxsize=4096)
def _runs_of(text: str) -> tuple[tuple[str, str], ...]:
    """``runs`` of a text drawn again and again (labels, headings), kept."""
    return tuple(runs(text))


@lru_cache(maxsize=8192)
def string_width(text: str, size: float) -> float:
    """Return the width of ``text`` in points at ``size``, each run in its own font."""
    return float(sum(pdfmetrics.stringWidth(chunk, font, size) for font, chunk in _runs_of(text)))


def draw_string(canvas: Any, x: float, y: float, text: str, size: float) -> float:
    """Draw ``text`` on a ReportLab canvas from ``(x, y)``; return the x where it ends."""
    for font, chunk in _runs_of(text):
        canvas.setFont(font, size)
        canvas.drawString(x, y, chunk)
        x += pdfmetrics.stringWidth(chunk, font, size)
    return x
