"""Finding a child: every kind of search word, filters, ordering, paging, permissions."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from childtools import add_child, change_child
from dbtools import ADMIN_PASSWORD, raw

from desktop.core import fields
from desktop.core.audit.check import check_database
from desktop.core.children import search
from desktop.core.children.search import SearchFilter
from desktop.core.errors import PermissionDenied
from desktop.core.staff.accounts import create_staff, set_active
from desktop.core.store.db import Database
from desktop.core.store.models import Staff

UTC = dt.UTC
ZHANG_ID = "110105201503120033"
OU_ID = "440106201211300086"
X_ID = "51010420160601029X"


@dataclass
class World:
    """A database with a few children, by a short name for each."""

    db: Database
    admin: Staff
    ids: dict[str, int]


def at(year: int, month: int, day: int, hour: int = 10) -> dt.datetime:
    return dt.datetime(year, month, day, hour, tzinfo=UTC)


@pytest.fixture
def world(db_and_admin: tuple[Database, Staff]) -> Iterator[World]:
    db, admin = db_and_admin
    ids = {
        "zhang": add_child(
            db,
            admin,
            name="张小明",
            id_number=ZHANG_ID,
            birth_date=dt.date(2015, 3, 12),
            category="lost",
            stays=((at(2024, 5, 1), at(2024, 5, 9)), (at(2026, 3, 1), None)),
        ),
        "zeng": add_child(
            db,
            admin,
            name="曾小明",
            birth_date=dt.date(2011, 1, 5),
            category="street",
            stays=((at(2025, 7, 1), at(2025, 7, 20)),),
        ),
        "ouyang": add_child(
            db,
            admin,
            name="欧阳娜娜",
            sex="female",
            id_number=OU_ID,
            birth_date=dt.date(2012, 11, 30),
            category="harmed",
            stays=((at(2026, 2, 1), None),),
        ),
        "unknown": add_child(
            db,
            admin,
            alias="小军",
            birth_date=dt.date(2018, 7, 1),
            estimated=True,
            category="lost",
            stays=((at(2026, 3, 3), None),),
        ),
        "nameless": add_child(db, admin, sex="female", stays=((at(2023, 1, 10), at(2023, 2, 1)),)),
        "ji": add_child(
            db,
            admin,
            name="𠮷祥",
            sex="female",
            id_number=X_ID,
            birth_date=dt.date(2016, 6, 1),
            stays=((at(2022, 8, 8), at(2022, 8, 30)),),
        ),
        "wang": add_child(db, admin, name="王明", birth_date=dt.date(2010, 2, 2)),
        "li": add_child(db, admin, name="李明", birth_date=dt.date(2010, 2, 2)),
    }
    change_child(db, admin, ids["wang"], "void", voided_at=at(2026, 3, 4), void_reason="typo")
    change_child(db, admin, ids["li"], "merge", merged_into_id=ids["zhang"])
    yield World(db, admin, ids)


def found(world: World, text: str = "", **filters: object) -> set[str]:
    """Return the short names of the children a search finds (and check the count agrees)."""
    wanted = SearchFilter(text=text, **filters)  # type: ignore[arg-type]
    rows = search.search_children(world.db, world.admin, wanted, limit=1000)
    assert search.count_children(world.db, world.admin, wanted) == len(rows)
    names = {value: key for key, value in world.ids.items()}
    return {names[row.id] for row in rows}


# ---------------------------------------------------------------------------- index


def test_tokens_of_a_name() -> None:
    """Suffixes, their pinyin and initials, ID parts and the case number are all keys."""
    entry = search.index_entry("张小明", "", ZHANG_ID, "2026-0013")
    assert (entry.name_pinyin, entry.name_initials) == ("zhangxiaoming", "zxm")
    for token in ("张小明", "小明", "明", "zhangxiaoming", "xiaoming", "ming", "zxm", "xm", "m"):
        assert token in entry.tokens
    assert {ZHANG_ID, ZHANG_ID[-4:], ZHANG_ID[6:], "2026-0013", "0013"} <= entry.tokens
    assert ZHANG_ID[-3:] not in entry.tokens
    assert all(token == token.lower() for token in entry.tokens)


def test_polyphonic_and_compound_surnames() -> None:
    """曾 reads zeng as a surname, ceng is kept too; 欧阳 and 尉迟 read as surnames."""
    zeng = search.index_entry("曾小明", "", None, "")
    assert zeng.name_pinyin == "zengxiaoming"
    assert {"zengxiaoming", "cengxiaoming", "zxm", "cxm"} <= zeng.tokens
    assert search.index_entry("欧阳娜娜", "", None, "").name_initials == "oynn"
    assert search.index_entry("尉迟恭", "", None, "").name_pinyin == "yuchigong"


def test_rare_characters_and_punctuation() -> None:
    """𠮷 has a reading; the middle dot of a transliterated name is no key of its own."""
    ji = search.index_entry("𠮷祥", "", None, "")
    assert ji.name_pinyin == "jixiang"
    assert "𠮷祥" in ji.tokens
    uyghur = search.index_entry("阿卜杜拉·买买提", "", None, "")
    assert "买买提" in uyghur.tokens and "maimaiti" in uyghur.tokens
    assert not any(token.startswith("·") for token in uyghur.tokens)


def test_no_name_means_no_pinyin() -> None:
    entry = search.index_entry("", "", None, "2026-0001")
    assert (entry.name_pinyin, entry.name_initials) == ("", "")
    assert entry.tokens == {"2026-0001", "0001"}


def test_long_names_are_cut_to_the_token_column() -> None:
    entry = search.index_entry("张" * 50, "", None, "")
    assert max(len(token) for token in entry.tokens) <= search.TOKEN_MAX


def test_search_words() -> None:
    assert search.search_words("  ＺＸＭ  2026-0013 zxm ") == ["zxm", "2026-0013"]
    assert search.search_words("") == []


# ---------------------------------------------------------------------------- each kind


def test_name_part(world: World) -> None:
    assert found(world, "小明") == {"zhang", "zeng"}
    assert found(world, "张小明") == {"zhang"}
    assert found(world, "娜娜") == {"ouyang"}
    assert found(world, "明") == {"zhang", "zeng"}


def test_pinyin(world: World) -> None:
    assert found(world, "zhangxiaoming") == {"zhang"}
    assert found(world, "xiaoming") == {"zhang", "zeng"}
    assert found(world, "ZhangXiao") == {"zhang"}
    assert found(world, "ouyangnana") == {"ouyang"}
    assert found(world, "cengxiaoming") == {"zeng"}


def test_initials(world: World) -> None:
    assert found(world, "zxm") == {"zhang", "zeng"}
    assert found(world, "cxm") == {"zeng"}
    assert found(world, "oynn") == {"ouyang"}
    assert found(world, "ＺＸＭ") == {"zhang", "zeng"}


def test_id_part(world: World) -> None:
    assert found(world, ZHANG_ID) == {"zhang"}
    assert found(world, ZHANG_ID[-6:]) == {"zhang"}
    assert found(world, "20150312") == {"zhang"}
    assert found(world, "110105") == {"zhang"}
    assert found(world, "029x") == {"ji"}
    assert found(world, "029X") == {"ji"}


def test_case_number(world: World) -> None:
    with raw(world.db.path) as connection:
        rows = dict(connection.execute("SELECT id, case_no FROM child").fetchall())
    case_no = rows[world.ids["ouyang"]]
    assert found(world, case_no) == {"ouyang"}
    sequence = case_no.split("-")[1]
    assert "ouyang" in found(world, sequence)
    assert found(world, "2022-") == {"ji"}


def test_alias_and_rare_characters(world: World) -> None:
    assert found(world, "小军") == {"unknown"}
    assert found(world, "xiaojun") == {"unknown"}
    assert found(world, "𠮷") == {"ji"}
    assert found(world, "jixiang") == {"ji"}


def test_all_words_must_match(world: World) -> None:
    assert found(world, "xiaoming 2015") == {"zhang"}
    assert found(world, "zxm zeng") == {"zeng"}
    assert found(world, "小明 娜娜") == set()


def test_nothing_found(world: World) -> None:
    assert found(world, "qqq") == set()
    assert found(world, "%") == set()
    assert found(world, "_") == set()


# ---------------------------------------------------------------------------- filters


def test_voided_and_merged_are_left_out(world: World) -> None:
    assert found(world, "明") == {"zhang", "zeng"}
    assert found(world, "明", include_voided=True) == {"zhang", "zeng", "wang", "li"}
    assert "wang" not in found(world)


def test_reindex_after_a_rename(world: World) -> None:
    change_child(world.db, world.admin, world.ids["zeng"], "update", name="曾大海")
    assert found(world, "小明") == {"zhang"}
    assert found(world, "dahai") == {"zeng"}


def test_filters(world: World) -> None:
    assert found(world, in_center=True) == {"zhang", "ouyang", "unknown"}
    assert found(world, in_center=False) == {"zeng", "nameless", "ji"}
    assert found(world, category="lost") == {"zhang", "unknown"}
    assert found(world, sex="female") == {"ouyang", "nameless", "ji"}
    assert found(world, "xiaoming", in_center=True) == {"zhang"}


def test_arrival_dates(world: World) -> None:
    may_2024 = {"arrived_from": dt.date(2024, 5, 1), "arrived_to": dt.date(2024, 5, 1)}
    assert found(world, **may_2024) == {"zhang"}
    assert found(world, arrived_from=dt.date(2026, 2, 1)) == {"zhang", "ouyang", "unknown"}
    assert found(world, arrived_to=dt.date(2022, 12, 31)) == {"ji"}
    assert found(world, arrived_from=dt.date(2027, 1, 1)) == set()


def test_row_contents(world: World) -> None:
    rows = search.search_children(world.db, world.admin, SearchFilter(text="zhangxiaoming"))
    (row,) = rows
    assert (row.name, row.id_number, row.category) == ("张小明", ZHANG_ID, "lost")
    assert row.in_center is True
    assert row.last_arrived_at == at(2026, 3, 1)
    assert row.age_years == search.age_years(dt.date(2015, 3, 12), dt.date.today())
    (unknown,) = search.search_children(world.db, world.admin, SearchFilter(text="小军"))
    assert unknown.birth_date_estimated and unknown.display_name == "“小军”"
    nameless = next(
        row
        for row in search.search_children(world.db, world.admin, SearchFilter(sex="female"))
        if row.id == world.ids["nameless"]
    )
    assert nameless.display_name == "Unknown child" and nameless.age_years is None


def test_age_years() -> None:
    assert search.age_years(dt.date(2015, 3, 12), dt.date(2026, 3, 11)) == 10
    assert search.age_years(dt.date(2015, 3, 12), dt.date(2026, 3, 12)) == 11
    assert search.age_years(None, dt.date(2026, 3, 12)) is None


# ---------------------------------------------------------------------------- order and pages


def _sort_key(row: search.ChildRow, key: str) -> object:
    return {
        "case_no": tuple(int(part) for part in row.case_no.split("-")),
        "sex": ("male", "female", "unknown").index(row.sex),
        "category": [c.value for c in fields.CATEGORY].index(row.category),
        "in_center": row.in_center,
    }.get(key)


@pytest.mark.parametrize("key", search.ORDER_KEYS)
@pytest.mark.parametrize("descending", [False, True])
def test_ordering(world: World, key: str, descending: bool) -> None:
    """Every column sorts both ways; unknown dates come last either way."""
    rows = search.search_children(world.db, world.admin, SearchFilter(), key, descending)
    assert len(rows) == 6
    if key in ("birth_date", "last_arrived_at"):
        values = [getattr(row, key) for row in rows]
        known = [value for value in values if value is not None]
        assert values[: len(known)] == known
        assert known == sorted(known, reverse=descending)
    elif key == "name":
        spelled = [search.index_entry(r.name, r.alias, None, "").name_pinyin for r in rows]
        assert spelled == sorted(spelled, reverse=descending)
    else:
        keys = [_sort_key(row, key) for row in rows]
        assert keys == sorted(keys, reverse=descending)  # type: ignore[type-var]


def test_default_order_is_newest_case_first(world: World) -> None:
    rows = search.search_children(world.db, world.admin, SearchFilter())
    numbers = [tuple(int(part) for part in row.case_no.split("-")) for row in rows]
    assert numbers == sorted(numbers, reverse=True) and len(set(numbers)) == len(rows)
    assert rows[-1].id == world.ids["ji"]  # arrived in 2022, the oldest case


def test_ties_are_broken_by_id_and_pages_follow_each_other(world: World) -> None:
    wanted = SearchFilter(include_voided=True)
    everything = search.search_children(world.db, world.admin, wanted, "sex", limit=100)
    pages = [
        search.search_children(world.db, world.admin, wanted, "sex", offset=start, limit=3)
        for start in range(0, 9, 3)
    ]
    assert [row.id for page in pages for row in page] == [row.id for row in everything]
    males = [row.id for row in everything if row.sex == "male"]
    assert males == sorted(males, reverse=True)


def test_unknown_order_key(world: World) -> None:
    with pytest.raises(ValueError):
        search.search_children(world.db, world.admin, SearchFilter(), order_by="id_number; --")


# ---------------------------------------------------------------------------- permissions


def test_a_viewer_may_search_a_deactivated_user_may_not(world: World) -> None:
    viewer = create_staff(world.db, world.admin, "viewer1", "赵看", "viewer", ADMIN_PASSWORD)
    assert found(World(world.db, viewer, world.ids), "zxm") == {"zhang", "zeng"}
    set_active(world.db, world.admin, viewer.id, False)
    with pytest.raises(PermissionDenied):
        search.search_children(world.db, viewer, SearchFilter(text="zxm"))
    with pytest.raises(PermissionDenied):
        search.count_children(world.db, viewer, SearchFilter())


def test_the_test_children_pass_the_check(world: World) -> None:
    """The helper writes children as intake does: the trail covers every row."""
    assert check_database(world.db.path) == []


# ---------------------------------------------------------------------------- broad words


@pytest.mark.parametrize(
    ("text", "filters"),
    [
        ("明", {}),
        ("zxm", {}),
        ("xiaoming 2015", {}),
        ("小明 zhang", {}),
        ("明", {"include_voided": True}),
        ("明", {"in_center": True}),
        ("x", {"sex": "male"}),
        ("2026", {"category": "lost"}),
    ],
)
@pytest.mark.parametrize("order_by", ["case_no", "name"])
def test_broad_words_find_the_same(
    world: World,
    monkeypatch: pytest.MonkeyPatch,
    text: str,
    filters: dict[str, object],
    order_by: str,
) -> None:
    """Words that match thousands are probed or walked instead: the answer is the same."""
    wanted = SearchFilter(text=text, **filters)  # type: ignore[arg-type]

    def answer() -> tuple[int, list[int]]:
        rows = search.search_children(world.db, world.admin, wanted, order_by, limit=4)
        rest = search.search_children(world.db, world.admin, wanted, order_by, offset=4)
        total = search.count_children(world.db, world.admin, wanted)
        return total, [row.id for row in rows + rest]

    narrow = answer()
    monkeypatch.setattr(search, "BROAD_TOKENS", 1)
    assert answer() == narrow  # broad: walked through the newest cases
    monkeypatch.setattr(search, "WALK_WINDOW", 2)
    assert answer() == narrow  # too few cases walked: gathered and sorted after all
    monkeypatch.setattr(search, "WALK_ROWS", 0)
    assert answer() == narrow  # not walked at all
