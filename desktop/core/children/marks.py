"""Where the words of a search appear in what the children list shows.

The list marks the part of a name or description a search word matched:
``spans`` finds a word written out (``胎记`` in 左脸颊有胎记, ``Scar`` in "scar on
the chin", full-width and case differences ignored the way the search ignores
them); ``name_spans`` also finds the characters a pinyin or initials word
stands for (``xiaom`` and ``xm`` mark 小明 in 张小明). ``snippet`` cuts a long
description down to the part around its first mark.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from desktop.core.children.readings import char_readings, normalise

#: A marked part of a text: ``text[start:end]``.
Span = tuple[int, int]

#: What ``snippet`` keeps before the first mark, and in all.
BEFORE = 8
WIDTH = 40
ELLIPSIS = "…"


def _folded(text: str) -> tuple[str, list[int]]:
    """Return ``text`` normalised character by character, and for each character
    of the result the position in ``text`` it came from."""
    folded: list[str] = []
    origin: list[int] = []
    for position, character in enumerate(text):
        for piece in normalise(character):
            folded.append(piece)
            origin.append(position)
    return "".join(folded), origin


def merge(spans: Iterable[Span]) -> list[Span]:
    """Return ``spans`` sorted, with overlapping or touching ones joined."""
    merged: list[Span] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def spans(text: str, words: Sequence[str]) -> list[Span]:
    """Return where the (normalised) ``words`` are written in ``text``."""
    folded, origin = _folded(text)
    found: list[Span] = []
    for word in words:
        if not word:
            continue
        start = folded.find(word)
        while start >= 0:
            end = start + len(word)
            found.append((origin[start], origin[end - 1] + 1))
            start = folded.find(word, start + 1)
    return merge(found)


def _spelled(word: str, readings: Sequence[tuple[str, ...]], initials: bool) -> int:
    """Return how many of the characters whose ``readings`` are given the pinyin
    (or, with ``initials``, the initials) ``word`` starts to spell; 0 if none."""

    def covered(at: int, index: int) -> int:
        if at >= len(word):
            return index
        while index < len(readings) and not readings[index]:
            index += 1  # a character without a reading is skipped, as in the tokens
        if index >= len(readings):
            return 0
        rest = word[at:]
        for reading in readings[index]:
            syllable = reading[:1] if initials else reading
            if rest.startswith(syllable):
                found = covered(at + len(syllable), index + 1)
                if found:
                    return found
            elif syllable.startswith(rest):
                return index + 1
        return 0

    return covered(0, 0)


def name_spans(name: str, words: Sequence[str]) -> list[Span]:
    """Return the parts of ``name`` the ``words`` match: written out, or as the
    pinyin or initials of the characters from any letter on."""
    found = spans(name, words)
    folded, origin = _folded(name)
    if not folded:
        return found
    readings = char_readings(folded)
    for word in words:
        if not word or not word.isascii() or not word.isalpha():
            continue
        for start, character in enumerate(folded):
            if not character.isalnum():
                continue
            for initials in (False, True):
                count = _spelled(word, readings[start:], initials)
                if count:
                    found.append((origin[start], origin[start + count - 1] + 1))
                    break
    return merge(found)


def snippet(text: str, marks: Sequence[Span], width: int = WIDTH) -> tuple[str, list[Span]]:
    """Return one line of ``text`` around its first mark, at most about ``width``
    characters (``…`` where it was cut; line breaks shown as spaces), and the
    marks moved to match."""
    text = "".join(" " if character.isspace() else character for character in text)
    start = 0
    if marks:
        first, last = marks[0]
        start = max(0, first - min(BEFORE, max(0, width - (last - first))))
    end = min(len(text), start + width)
    start = max(0, min(start, end - width))
    shown = text[start:end]
    lead = ELLIPSIS if start > 0 else ""
    tail = ELLIPSIS if end < len(text) else ""
    moved = [
        (max(s, start) - start + len(lead), min(e, end) - start + len(lead))
        for s, e in marks
        if e > start and s < end
    ]
    return lead + shown + tail, moved
