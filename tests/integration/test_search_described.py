"""Finding a child by words of its appearance or clothing (issue 13, item 18)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from childtools import add_child, change_child

from desktop.core.children import search
from desktop.core.children.search import SearchFilter
from desktop.core.store.db import Database
from desktop.core.store.models import Staff


@dataclass
class Desk:
    db: Database
    admin: Staff
    ids: dict[str, int]


@pytest.fixture
def desk(db_and_admin: tuple[Database, Staff]) -> Iterator[Desk]:
    db, admin = db_and_admin
    ids = {
        "mark": add_child(db, admin, sex="female"),
        "coat": add_child(db, admin),
        "scar": add_child(db, admin, name="张小明"),
        "wild": add_child(db, admin),
        "plain": add_child(db, admin, name="李胎"),
    }
    change_child(db, admin, ids["mark"], "update", appearance="圆脸，左脸颊有一块胎记")
    change_child(db, admin, ids["coat"], "update", clothing="红色羽绒服\n灰色毛裤")
    change_child(db, admin, ids["scar"], "update", appearance="Scar on the CHIN, about 2 cm")
    change_child(db, admin, ids["wild"], "update", appearance="100%纯棉 a_b 标签", clothing="胎记")
    yield Desk(db, admin, ids)


def found(desk: Desk, text: str, **filters: object) -> dict[str, tuple[str, str]]:
    """Return the children found, by short name, with where a description matched."""
    wanted = SearchFilter(text=text, **filters)  # type: ignore[arg-type]
    rows = search.search_children(desk.db, desk.admin, wanted, limit=1000)
    assert search.count_children(desk.db, desk.admin, wanted) == len(rows)
    names = {value: key for key, value in desk.ids.items()}
    return {names[row.id]: (row.found_in, row.found_text) for row in rows}


def test_a_mark_finds_the_child_and_says_where(desk: Desk) -> None:
    assert found(desk, "胎记") == {
        "mark": ("appearance", "圆脸，左脸颊有一块胎记"),
        "wild": ("clothing", "胎记"),  # the first field that holds it is reported
    }
    assert found(desk, "羽绒服") == {"coat": ("clothing", "红色羽绒服\n灰色毛裤")}
    assert found(desk, "灰色毛裤 红色") == {"coat": ("clothing", "红色羽绒服\n灰色毛裤")}


def test_words_that_are_not_there_find_nothing(desk: Desk) -> None:
    assert found(desk, "胎痣") == {}
    assert found(desk, "胎记 羽绒服") == {}  # every word must match
    assert found(desk, "蓝色") == {}


def test_case_and_full_width_letters_do_not_matter(desk: Desk) -> None:
    assert set(found(desk, "chin")) == {"scar"}
    assert set(found(desk, "ＳＣＡＲ")) == {"scar"}


def test_wildcards_are_literal(desk: Desk) -> None:
    assert set(found(desk, "%纯棉")) == {"wild"}
    assert found(desk, "%纯棉x") == {}
    assert found(desk, "100%纯") == {}  # a digit: not a description word
    assert found(desk, "圆%胎记") == {}  # % does not stand for 脸，左脸颊有一块
    assert found(desk, "左脸_有") == {}  # _ does not stand for 颊
    assert set(found(desk, "a_b")) == {"wild"}
    assert found(desk, "a_c") == {}
    assert found(desk, "axb") == {}


def test_short_words_and_numbers_are_not_looked_for_in_descriptions(desk: Desk) -> None:
    assert found(desk, "记") == {}  # one Chinese character: names only
    assert found(desk, "cm") == {}  # two letters: names only
    assert found(desk, "on") == {}
    assert found(desk, "2 cm") == {}
    assert not search.describes("1厘米")
    assert not search.describes("ab")
    assert not search.describes("——")
    assert search.describes("abc")
    assert search.describes("胎记")


def test_a_word_a_name_starts_is_looked_for_in_names_only(desk: Desk) -> None:
    """李胎 starts with 李胎: that word finds names and its rows say nothing of descriptions."""
    assert found(desk, "李胎") == {"plain": ("", "")}
    # 胎 alone is one character: a name part (李胎 has the token 胎), not a description word
    assert found(desk, "胎") == {"plain": ("", "")}


def test_a_name_word_and_a_description_word_together(desk: Desk) -> None:
    assert found(desk, "张 chin") == {"scar": ("appearance", "Scar on the CHIN, about 2 cm")}
    assert found(desk, "xiaoming scar") == {"scar": ("appearance", "Scar on the CHIN, about 2 cm")}
    assert found(desk, "李 scar") == {}


def test_filters_still_apply(desk: Desk) -> None:
    assert set(found(desk, "胎记", sex="female")) == {"mark"}
    assert found(desk, "胎记", category="lost") == {}


def test_voided_children_are_left_out(desk: Desk) -> None:
    change_child(
        desk.db,
        desk.admin,
        desk.ids["wild"],
        "void",
        voided_at=search.dt.datetime.now(search.dt.UTC),
        void_reason="typo",
    )
    assert set(found(desk, "胎记")) == {"mark"}
    assert set(found(desk, "胎记", include_voided=True)) == {"mark", "wild"}


def test_lone_surrogates_do_not_crash(desk: Desk) -> None:
    assert set(found(desk, "胎\ud800记")) == {"mark", "wild"}
    assert found(desk, "\udc00胎记\udfff")["mark"][0] == "appearance"


@pytest.mark.parametrize("text", ["胎记", "scar", "chin 张", "胎记 左脸"])
def test_walked_and_gathered_agree(desk: Desk, monkeypatch: pytest.MonkeyPatch, text: str) -> None:
    """Description words may be walked through the newest cases: the answer is the same."""
    wanted = SearchFilter(text=text)

    def answer() -> list[tuple[int, str]]:
        rows = search.search_children(desk.db, desk.admin, wanted, limit=1)
        rest = search.search_children(desk.db, desk.admin, wanted, offset=1)
        return [(row.id, row.found_in) for row in rows + rest]

    walked = answer()
    assert walked
    monkeypatch.setattr(search, "WALK_WINDOW", 1)
    assert answer() == walked
    monkeypatch.setattr(search, "WALK_ROWS", 0)
    assert answer() == walked


@pytest.mark.parametrize("order_by", ["case_no", "name", "last_arrived_at"])
@pytest.mark.parametrize("text", ["胎记", "scar", "chin 张", "胎痣", "张", "", "李胎"])
def test_the_first_page_is_the_count_and_the_search_in_one(
    desk: Desk, monkeypatch: pytest.MonkeyPatch, text: str, order_by: str
) -> None:
    wanted = SearchFilter(text=text)

    def apart() -> tuple[int, list[search.ChildRow]]:
        total = search.count_children(desk.db, desk.admin, wanted)
        return total, search.search_children(desk.db, desk.admin, wanted, order_by, limit=1)

    def together() -> tuple[int, list[search.ChildRow]]:
        return search.first_page(desk.db, desk.admin, wanted, order_by, limit=1)

    expected = apart()
    assert together() == expected
    monkeypatch.setattr(search, "WALK_WINDOW", 1)  # not found among the newest: listed
    assert together() == expected
    monkeypatch.setattr(search, "WALK_ROWS", 0)
    assert together() == expected
    if text == "胎记":
        assert expected[0] == 2 and expected[1][0].found_in


def test_postgresql_gets_ilike_with_the_wildcards_escaped() -> None:
    from sqlalchemy.dialects import postgresql, sqlite

    term = search._described("a%b_c/d", like_ignores_case=False)
    sql = str(term.compile(dialect=postgresql.dialect(), compile_kwargs={"literal_binds": True}))
    assert "child.appearance ILIKE '%%a/%%b/_c//d%%' ESCAPE '/'" in sql
    assert "child.clothing ILIKE" in sql and "lower(" not in sql
    term = search._described("胎记", like_ignores_case=True)
    sql = str(term.compile(dialect=sqlite.dialect(), compile_kwargs={"literal_binds": True}))
    assert "child.appearance LIKE '%胎记%' ESCAPE '/'" in sql and "lower(" not in sql
