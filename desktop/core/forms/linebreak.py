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
from reportlab.platypus.paragraph import Paragraph, ParaLines, cjkU, makeCJKParaLine
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


def split_lines(
    frags: list[Any], max_widths: list[float], calc_bounds: bool, keep_words: bool
) -> ParaLines:
    """Break ``frags`` (a paragraph's text fragments) into lines by the rules above."""
    units: list[Any] = []
    for frag in frags:
        text = frag.text
        if isinstance(text, bytes):
            text = text.decode("utf8")
        if text:
            units.extend(cjkU(char, frag, "utf8") for char in text)
        else:
            units.append(cjkU(text, frag, "utf8"))
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
        lines.append(makeCJKParaLine(line, limit, used, limit - used, forced, calc_bounds))
        start = index
        while start < count and units[start].isspace() and not forced:
            start += 1  # a space that ends a line does not start the next one
    return ParaLines(kind=1, lines=lines)


class FormParagraph(Paragraph):  # type: ignore[misc]  # ReportLab ships no types
    """A paragraph that breaks its lines by the Chinese rules (see the module)."""

    def __init__(
        self, text: str, style: ParagraphStyle, *, keep_words: bool = False, **kwargs: Any
    ) -> None:
        self.keep_words = keep_words
        super().__init__(text, style, **kwargs)

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
        auto = getattr(self, "autoLeading", getattr(style, "autoLeading", ""))
        return split_lines(self.frags, widths, auto not in ("", "off"), self.keep_words)

    def split(self, availWidth: float, availHeight: float) -> list[Any]:
        parts: list[Any] = super().split(availWidth, availHeight)
        for part in parts:
            if isinstance(part, Paragraph) and not isinstance(part, FormParagraph):
                part.__class__ = FormParagraph
                part.keep_words = self.keep_words
        return parts
