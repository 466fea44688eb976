"""Where a search's words appear in a name or a description (the list's highlights)."""

from __future__ import annotations

from desktop.core.children.marks import merge, name_spans, snippet, spans


def marked(text: str, found: list[tuple[int, int]]) -> list[str]:
    return [text[start:end] for start, end in found]


def test_a_word_written_out() -> None:
    text = "圆脸，左脸颊有一块胎记"
    assert marked(text, spans(text, ["胎记"])) == ["胎记"]
    assert spans(text, ["胎痣"]) == []
    assert spans("", ["胎记"]) == []
    assert spans(text, [""]) == []


def test_every_place_and_every_word() -> None:
    text = "胎记，右手也有胎记"
    assert marked(text, spans(text, ["胎记", "右手"])) == ["胎记", "右手", "胎记"]


def test_case_and_full_width_are_ignored_positions_stay_in_the_text() -> None:
    text = "Scar on the CHIN"
    assert marked(text, spans(text, ["chin", "scar"])) == ["Scar", "CHIN"]
    wide = "左ＳＣＡＲ右"
    assert marked(wide, spans(wide, ["scar"])) == ["ＳＣＡＲ"]


def test_overlapping_marks_are_joined() -> None:
    assert merge([(3, 5), (0, 2), (1, 3), (7, 8)]) == [(0, 5), (7, 8)]
    assert spans("aaaa", ["aa"]) == [(0, 4)]


def test_wildcard_characters_are_plain_characters() -> None:
    assert marked("100% cotton", spans("100% cotton", ["0% c"])) == ["0% c"]
    assert spans("a_b", ["a%b"]) == []


def test_name_pinyin_and_initials_mark_the_characters() -> None:
    name = "张小明"
    assert marked(name, name_spans(name, ["xiaom"])) == ["小明"]
    assert marked(name, name_spans(name, ["xiaoming"])) == ["小明"]
    assert marked(name, name_spans(name, ["xi"])) == ["小"]
    assert marked(name, name_spans(name, ["zxm"])) == ["张小明"]
    assert marked(name, name_spans(name, ["xm"])) == ["小明"]
    assert marked(name, name_spans(name, ["小明"])) == ["小明"]
    assert name_spans(name, ["wang"]) == []
    assert name_spans(name, ["xiaomu"]) == []


def test_surname_readings_mark_like_the_search_finds() -> None:
    assert marked("曾小明", name_spans("曾小明", ["zeng"])) == ["曾"]
    assert marked("曾小明", name_spans("曾小明", ["ceng"])) == ["曾"]


def test_characters_without_a_reading_are_stepped_over() -> None:
    name = "阿依·木"
    assert marked(name, name_spans(name, ["yimu"])) == ["依·木"]


def test_snippet_keeps_the_mark_in_sight() -> None:
    text = "一" * 50 + "胎记" + "二" * 50
    shown, moved = snippet(text, spans(text, ["胎记"]), width=20)
    assert shown == "…" + "一" * 8 + "胎记" + "二" * 10 + "…"
    assert marked(shown, moved) == ["胎记"]


def test_snippet_of_a_short_text_is_the_text_on_one_line() -> None:
    shown, moved = snippet("红色\n羽绒服", [(3, 6)])
    assert shown == "红色 羽绒服"
    assert marked(shown, moved) == ["羽绒服"]
    assert snippet("胎记在末尾", [(0, 2)], width=3) == ("胎记在…", [(0, 2)])
    end = "一二三四五六七八九十胎记"
    shown, moved = snippet(end, spans(end, ["胎记"]), width=5)
    assert shown == "…八九十胎记"
    assert marked(shown, moved) == ["胎记"]
