"""Line breaking by the Chinese rules (禁则), for the forms' paragraphs.

ReportLab's own CJK wrapping breaks after any character and lets one closing
mark hang past the right edge (over a table's border); it does not know ，；：？！
》 ” as closing marks, and it ignores opening marks entirely. ``FormParagraph``
breaks lines itself:

- no line starts with a closing mark (，。、；：？！）》」』 …) and none ends with an
  opening one (（《「『 …); the break moves back a character or two instead, and
  nothing hangs past the edge;
- a run of Latin letters and digits (a phone number, "142cm") stays whole when
  it can;
- with ``keep_words`` (a list of choices, "☐男  ☐女") a line breaks only at a
  space, so one option never splits.

When no break allowed by these rules fits on a line, the line breaks where the
text runs out of room, as it must.
"""

from __future__ import annotations

from typing import Any

from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase.pdfmetrics import getAscentDescent
from reportlab.platypus.paragraph import (
    FragLine,
    Paragraph,
    ParaLines,
    cjkU,
    makeCJKParaLine,
)
from reportlab.rl_config import _FUZZ

#: Characters a line never starts with (closing marks, pauses, hanging symbols).
CANNOT_START = frozenset(
    "，。、；：？！）》」』】〕〉］｝〗〙〛”’…—～·％‰℃°"
    ",.;:?!)]}%"
    "ぁぃぅぇぉっゃゅょゎァィゥェォッャュョヮヵヶー々"
)
#: Characters a line never ends with (opening marks, prefixes).
CANNOT_END = frozenset("（《「『【〔〈［｛〖〘〚“‘([{￥$＃#")


def _word_char(char: str) -> bool:
    return char.isascii() and (char.isalnum() or char in "-_./@+")


def allowed(before: str, after: str, *, keep_words: bool = False) -> bool:
    """Whether a line may break between the characters ``before`` and ``after``."""
    if after in CANNOT_START or before in CANNOT_END:
        return False
    if keep_words:
        return before.isspace() or after.isspace()
    return not (_word_char(before) and _word_char(after))


def _break_at(units: list[Any], start: int, end: int, keep_words: bool) -> int:
    """Return where the line from ``start`` breaks when ``units[end]`` overflows it.

    The break comes before the returned index: the nearest allowed one at or before
    ``end``, or ``end`` when the line has none (a word wider than the line).
    """
    for index in range(end, start, -1):
        if allowed(units[index - 1], units[index], keep_words=keep_words):
            return index
    if keep_words:  # one option wider than the line: break it by the rules, as plain text
        return _break_at(units, start, end, False)
    return max(end, start + 1)


def units_of(frags: list[Any]) -> list[Any]:
    """A paragraph's characters, each with its fragment (font, size) and width."""
    units: list[Any] = []
    for frag in frags:
        text = frag.text
        if isinstance(text, bytes):
            text = text.decode("utf8")
        if text:
            units.extend(cjkU(char, frag, "utf8") for char in text)
        else:
            units.append(cjkU(text, frag, "utf8"))
    return units


def _line(units: list[Any], width: float, used: float, forced: bool, calc_bounds: bool) -> Any:
    """One laid-out line: ReportLab's ``makeCJKParaLine``, without its per-character
    comparisons (characters of one fragment share its font, so one word each)."""
    if calc_bounds:
        return makeCJKParaLine(units, width, used, width - used, forced, calc_bounds)
    words: list[Any] = []
    size = ascent = descent = 0.0
    current: Any = None
    chars: list[str] = []
    for unit in units:
        frag = unit.frag
        if frag is not current:
            if chars:
                word = current.clone()
                word.text = "".join(chars)
                words.append(word)
            current, chars = frag, []
            high, low = getAscentDescent(frag.fontName, frag.fontSize)
            size, ascent, descent = max(size, frag.fontSize), max(ascent, high), min(descent, low)
        chars.append(unit)
    if current is not None:
        word = current.clone()
        word.text = "".join(chars)
        words.append(word)
    return FragLine(
        kind=1,
        extraSpace=width - used,
        wordCount=1,
        words=words,
        fontSize=size,
        ascent=ascent,
        descent=descent,
        maxWidth=width,
        currentWidth=used,
        lineBreak=forced,
    )


def split_lines(
    frags: list[Any],
    max_widths: list[float],
    calc_bounds: bool,
    keep_words: bool,
    units: list[Any] | None = None,
) -> ParaLines:
    """Break ``frags`` (a paragraph's text fragments) into lines by the rules above."""
    if units is None:
        units = units_of(frags)
    lines: list[Any] = []
    start = 0
    count = len(units)

    def width_of(line: int) -> float:
        return float(max_widths[min(line, len(max_widths) - 1)])

    while start < count:
        limit = width_of(len(lines))
        used = 0.0
        index = start
        forced = False
        while index < count:
            unit = units[index]
            if hasattr(unit.frag, "lineBreak"):
                index += 1
                forced = True
                used += unit.width
                break
            if used + unit.width > limit + _FUZZ and index > start:
                break
            used += unit.width
            index += 1
        if not forced and index < count:
            cut = _break_at(units, start, index, keep_words)
            used -= sum(unit.width for unit in units[cut:index])
            index = cut
        line = units[start:index]
        while not forced and len(line) > 1 and line[-1].isspace():  # no trailing blank
            used -= line[-1].width
            line = line[:-1]
        lines.append(_line(line, limit, used, forced, calc_bounds))
        start = index
        while start < count and units[start].isspace() and not forced:
            start += 1  # a space that ends a line does not start the next one
    return ParaLines(kind=1, lines=lines)


#: Parsed fragments by text and style (see ``FormParagraph``), at most this many.
PARSED_LIMIT = 4000
_PARSED: dict[tuple[Any, ...], list[Any]] = {}


class FormParagraph(Paragraph):  # type: ignore[misc]  # ReportLab ships no types
    """A paragraph that breaks its lines by the Chinese rules (see the module)."""

    def __init__(
        self, text: str | None, style: ParagraphStyle, *, keep_words: bool = False, **kwargs: Any
    ) -> None:
        self.keep_words = keep_words
        if text is None or kwargs:  # a part of a split paragraph, or anything unusual
            super().__init__(text, style, **kwargs)
            return
        # the same label or value in the same style parses to the same fragments: parse
        # once per process (parsing is a third of the time a form takes)
        key = (text, style.fontName, style.fontSize, style.leading, style.textColor)
        parsed = _PARSED.get(key)
        if parsed is None:
            super().__init__(text, style)
            if len(_PARSED) < PARSED_LIMIT:
                _PARSED[key] = [frag.clone() for frag in self.frags]
            return
        super().__init__(text, style, frags=[frag.clone() for frag in parsed])

    def breakLinesCJK(self, maxWidths: Any) -> Any:
        widths = list(maxWidths) if isinstance(maxWidths, (list, tuple)) else [maxWidths]
        self.height = 0
        if hasattr(self, "blPara") and getattr(self, "_splitpara", False):
            return self.blPara
        style = self.style
        if not self.frags:
            return ParaLines(
                kind=0,
                fontSize=style.fontSize,
                fontName=style.fontName,
                textColor=style.textColor,
                lines=[],
                ascent=style.fontSize,
                descent=-0.2 * style.fontSize,
            )
        # a table lays a cell out several times at one width: break its lines once
        key = tuple(widths)
        cache: dict[tuple[float, ...], Any] = self.__dict__.setdefault("_form_lines", {})
        if key not in cache:
            if "_form_units" not in self.__dict__:
                self._form_units = units_of(self.frags)
            auto = getattr(self, "autoLeading", getattr(style, "autoLeading", ""))
            cache[key] = split_lines(
                self.frags, widths, auto not in ("", "off"), self.keep_words, self._form_units
            )
        return cache[key]

    def split(self, availWidth: float, availHeight: float) -> list[Any]:
        parts: list[Any] = super().split(availWidth, availHeight)
        for part in parts:
            if isinstance(part, Paragraph) and not isinstance(part, FormParagraph):
                part.__class__ = FormParagraph
                part.keep_words = self.keep_words
        return parts
