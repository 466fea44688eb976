"""Finding a child fast: the search index and the children list's queries.

``index_child`` keeps ``Child.name_pinyin``, ``Child.name_initials`` and the
child's ``search_token`` rows up to date. A token is a lowercase key that a
search word must be a *prefix* of, so every lookup is a range scan on the token
index (``token >= word AND token < word + U+10FFFF``) that works the same on
SQLite and PostgreSQL, instead of a ``LIKE '%word%'`` scan of every child.

The tokens of one child are:

- each suffix of the name and of the alias that starts at a letter, so that
  ``小明`` finds 张小明;
- the pinyin of each of those suffixes (``zhangxiaoming``, ``xiaoming``, ``ming``),
  with the surname's usual reading and, for polyphonic surnames, pypinyin's too
  (曾: ``zeng`` and ``ceng``);
- the pinyin initials of each suffix (``zxm``, ``xm``, ``m``);
- the resident ID number and each of its suffixes of four or more characters;
- the case number and its sequence part (``2026-0013``, ``0013``).

A search text of several words finds the children that match every word.

A word that starts no token at all, and that looks like part of a description
(``describes``: two or more Chinese characters, or three or more letters, and
no digit), is looked for in the child's appearance and clothing instead: for an
unnamed child that is often all staff have (``胎记`` finds 左脸颊有一块胎记).
These columns are free text of any length, so they are not cut into tokens -
one per character would multiply the token table - but scanned with a portable
``LIKE '%word%'`` (``%`` and ``_`` in the word are escaped). Because only a
word no name, ID or case number starts is looked for there, name searches keep
the token index's speed, and a result never mixes name matches with
description matches of one word: every child a description word found is one
whose list row says where (``ChildRow.found_in``). The place a child was found
is not searched: it lives in the stays, and scanning them too doubled the time.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import (
    ColumnElement,
    case,
    delete,
    exists,
    false,
    func,
    insert,
    not_,
    or_,
    select,
    tuple_,
)
from sqlalchemy.orm import Session

from desktop.core import fields
from desktop.core.children import marks
from desktop.core.children.readings import char_readings, normalise
from desktop.core.clock import FIRST_DAY, LAST_DAY, local_midnight_utc
from desktop.core.staff.access import require
from desktop.core.staff.permissions import Permission
from desktop.core.store.db import Database
from desktop.core.store.models import Admission, Child, SearchToken, Staff

#: Longest token stored (the column's length); longer keys and search words are cut.
TOKEN_MAX = 60
#: Shortest suffix of an ID number that is indexed ("ID part").
ID_PART_MIN = 4
#: Above every character: ``word <= token < word + TOP`` means "token starts with word".
TOP = "\U0010ffff"

#: A search word that starts this many tokens is "broad" (see ``_text_terms``).
BROAD_TOKENS = 2_000
#: The first pages of a broad search (up to this many rows) are looked for among
#: the newest ``WALK_WINDOW`` cases before every match is gathered and sorted.
WALK_ROWS = 1_000
WALK_WINDOW = 5_000

#: The child's descriptions a search word may be looked for in, in the order a
#: match is reported.
DESCRIBED = ("appearance", "clothing")
#: The shortest word looked for in descriptions: in Chinese (any non-Latin) characters, in letters.
DESCRIBED_MIN_CJK = 2
DESCRIBED_MIN_LATIN = 3

#: How the children list may be sorted (``search_children(order_by=...)``).
ORDER_KEYS = (
    "case_no",
    "name",
    "sex",
    "birth_date",
    "category",
    "last_arrived_at",
    "in_center",
)


@dataclass(frozen=True)
class SearchFilter:
    """What the children list asks for; ``None`` means any."""

    text: str = ""
    in_center: bool | None = None
    category: str | None = None
    arrived_from: dt.date | None = None
    arrived_to: dt.date | None = None
    sex: str | None = None
    include_voided: bool = False


@dataclass(frozen=True)
class ChildRow:
    """One line of the children list."""

    id: int
    case_no: str
    name: str
    alias: str
    sex: str
    birth_date: dt.date | None
    birth_date_estimated: bool
    age_years: int | None
    category: str
    in_center: bool
    last_arrived_at: dt.datetime | None
    id_number: str | None
    #: When a word of the search was found in a description: the first field of
    #: ``DESCRIBED`` that holds such a word, and its text; empty otherwise.
    found_in: str = ""
    found_text: str = ""

    @property
    def display_name(self) -> str:
        """The name, else the alias in quotes, else the translated unknown-child placeholder."""
        return fields.shown_name(self.name, self.alias)


@dataclass(frozen=True)
class IndexEntry:
    """What ``index_child`` stores for a child: its pinyin, initials and tokens."""

    name_pinyin: str
    name_initials: str
    tokens: frozenset[str]


# ---------------------------------------------------------------------------- tokens


def _spellings(readings: Sequence[tuple[str, ...]]) -> set[tuple[str, str]]:
    """Return every (pinyin, initials) a run of characters can be read as."""
    choices = [options for options in readings if options]
    if not choices:
        return set()
    return {
        ("".join(combo), "".join(syllable[0] for syllable in combo))
        for combo in itertools.product(*choices)
    }


def _name_tokens(text: str) -> set[str]:
    """Return the tokens of a name or alias: suffixes, their pinyin and initials."""
    tokens: set[str] = set()
    if not text:
        return tokens
    readings = char_readings(text)
    for start, character in enumerate(text):
        if not character.isalnum():
            continue
        tokens.add(text[start:])
        for pinyin, initials in _spellings(readings[start:]):
            tokens.add(pinyin)
            tokens.add(initials)
    return tokens


def _number_tokens(id_number: str, case_no: str) -> set[str]:
    """Return the tokens of the ID number (its suffixes) and of the case number."""
    tokens = {id_number[start:] for start in range(len(id_number) - ID_PART_MIN + 1)}
    if case_no:
        tokens.add(case_no)
        tokens.add(case_no.rpartition("-")[2])
    return tokens


def _main_spelling(text: str) -> tuple[str, str]:
    """Return the main pinyin and initials of ``text`` (each syllable's first reading)."""
    readings = [options[:1] for options in char_readings(text)]
    spellings = _spellings(readings)
    return next(iter(spellings)) if spellings else ("", "")


def index_entry(name: str, alias: str, id_number: str | None, case_no: str) -> IndexEntry:
    """Return the pinyin, initials and search tokens of a child with these values.

    ``name_pinyin`` and ``name_initials`` spell the name the list shows (the
    name, else the alias); the tokens cover both.
    """
    clean_name = normalise(name.strip())
    clean_alias = normalise(alias.strip())
    tokens = _name_tokens(clean_name) | _name_tokens(clean_alias)
    tokens |= _number_tokens(normalise(id_number or "").strip(), normalise(case_no).strip())
    pinyin, initials = _main_spelling(clean_name or clean_alias)
    return IndexEntry(
        name_pinyin=pinyin[:300],
        name_initials=initials[:60],
        tokens=frozenset(token[:TOKEN_MAX] for token in tokens if token.strip()),
    )


def index_child(session: Session, child: Child) -> None:
    """Refresh the pinyin columns and search tokens of ``child`` in the caller's transaction.

    Call it after the child's name, alias, ID number or case number changed and
    *before* taking the audit snapshot of the child: it sets ``name_pinyin`` and
    ``name_initials``, which the snapshot includes.
    """
    entry = index_entry(child.name or "", child.alias or "", child.id_number, child.case_no or "")
    child.name_pinyin = entry.name_pinyin
    child.name_initials = entry.name_initials
    if child.id is None:
        session.flush()
    session.execute(delete(SearchToken).where(SearchToken.child_id == child.id))
    if entry.tokens:
        session.execute(
            insert(SearchToken),
            [{"child_id": child.id, "token": token} for token in sorted(entry.tokens)],
        )


# ---------------------------------------------------------------------------- queries


def search_words(text: str) -> list[str]:
    """Return the distinct words of a search text, normalised like the tokens."""
    words: list[str] = []
    for word in normalise(text).split():
        cut = word[:TOKEN_MAX]
        if cut not in words:
            words.append(cut)
    return words


def _token_range(word: str) -> list[ColumnElement[bool]]:
    """The tokens that start with ``word``: a range on the token index."""
    return [SearchToken.token >= word, SearchToken.token < word + TOP]


def _tokens_started(session: Session, word: str) -> int:
    """How many tokens ``word`` starts, counted up to ``BROAD_TOKENS`` (cheap)."""
    sample = select(SearchToken.id).where(*_token_range(word)).limit(BROAD_TOKENS).subquery()
    return int(session.scalar(select(func.count()).select_from(sample)) or 0)


@dataclass(frozen=True)
class Words:
    """The words of a search text, sorted by how each is looked for."""

    all: list[str]
    #: Words that start at least ``BROAD_TOKENS`` tokens.
    broad: set[str]
    #: Words that start no token and are looked for in descriptions instead.
    described: set[str]
    #: True on SQLite, whose LIKE ignores the case of ASCII letters (all that its
    #: ``lower()`` would fold); elsewhere (PostgreSQL) ILIKE is used.
    like_ignores_case: bool = False

    def term(self, word: str, probe: bool) -> ColumnElement[bool]:
        """True for a child that ``word`` finds, in its descriptions or its tokens."""
        if word in self.described:
            return _described(word, self.like_ignores_case)
        return _word_term(word, probe)


def _sort_words(session: Session, text: str) -> Words:
    """Return the words of ``text``, each counted against the token index once."""
    words = search_words(text)
    started = {word: _tokens_started(session, word) for word in words}
    return Words(
        all=words,
        broad={word for word in words if started[word] >= BROAD_TOKENS},
        described={word for word in words if started[word] == 0 and describes(word)},
        like_ignores_case=session.get_bind().dialect.name == "sqlite",
    )


def describes(word: str) -> bool:
    """True when a (normalised) search word may be part of a description: at
    least two non-Latin characters or three letters, and no digit (numbers are
    ID parts, case numbers or years, which the tokens find)."""
    if any(character.isdigit() for character in word):
        return False
    if not any(character.isalpha() for character in word):
        return False
    shortest = DESCRIBED_MIN_LATIN if word.isascii() else DESCRIBED_MIN_CJK
    return len(word) >= shortest


def _described(word: str, like_ignores_case: bool) -> ColumnElement[bool]:
    """True for a child whose appearance or clothing holds ``word``, case aside
    (``%`` and ``_`` in the word are meant literally).

    SQLite's LIKE already ignores the case of ASCII letters, and wrapping each
    column in ``lower()`` would double the time of the scan; PostgreSQL's
    ILIKE ignores case the same way without it.
    """
    pattern = "%" + word.replace("/", "//").replace("%", "/%").replace("_", "/_") + "%"
    columns = [getattr(Child, field) for field in DESCRIBED]
    if like_ignores_case:
        return or_(*[column.like(pattern, escape="/") for column in columns])
    return or_(*[column.ilike(pattern, escape="/") for column in columns])


def _word_term(word: str, probe: bool) -> ColumnElement[bool]:
    """True for a child with a token that starts with ``word``.

    ``probe`` asks each candidate child about its own tokens; otherwise the
    matching children are gathered from the token index first.
    """
    if probe:
        return exists().where(SearchToken.child_id == Child.id, *_token_range(word))
    return Child.id.in_(select(SearchToken.child_id).where(*_token_range(word)))


def _text_terms(words: Words) -> list[ColumnElement[bool]]:
    """Return one term per search word, each written the way that is fast for it.

    A narrow word's few children are gathered from the token index. A broad
    word (``zh``, ``明``) matches thousands: when a narrow word is there too,
    the broad word only probes the narrow word's candidates, one by one. A
    description word is looked for in the descriptions of each candidate the
    other words leave (of every child, if it is alone).
    """
    narrow = set(words.all) - words.broad - words.described
    probed = words.broad if narrow else set()
    return [words.term(word, probe=word in probed) for word in words.all]


def _open_admission() -> ColumnElement[bool]:
    """True for a child with an admission that is neither discharged nor voided."""
    return exists().where(
        Admission.child_id == Child.id,
        Admission.discharged_at.is_(None),
        Admission.voided_at.is_(None),
    )


def _last_arrival() -> Any:
    """The arrival time of the child's latest admission that was not voided."""
    return (
        select(func.max(Admission.arrived_at))
        .where(Admission.child_id == Child.id, Admission.voided_at.is_(None))
        .scalar_subquery()
    )


def _arrived_between(start: dt.date | None, end: dt.date | None) -> ColumnElement[bool]:
    """True for a child with an admission that arrived on the local days given."""
    if (start is not None and start > LAST_DAY) or (end is not None and end < FIRST_DAY):
        return false()
    query = select(Admission.child_id).where(Admission.voided_at.is_(None))
    if start is not None and start > FIRST_DAY:
        query = query.where(Admission.arrived_at >= local_midnight_utc(start))
    if end is not None and end < LAST_DAY:
        query = query.where(Admission.arrived_at < local_midnight_utc(end + dt.timedelta(days=1)))
    return Child.id.in_(query)


def _conditions(
    session: Session, wanted: SearchFilter, text: bool = True
) -> list[ColumnElement[bool]]:
    """Return the WHERE terms the filter asks for (the search words' too, if ``text``)."""
    terms: list[ColumnElement[bool]] = []
    if not wanted.include_voided:
        terms += [Child.voided_at.is_(None), Child.merged_into_id.is_(None)]
    if text:
        terms += _text_terms(_sort_words(session, wanted.text))
    if wanted.category:
        terms.append(Child.category == wanted.category)
    if wanted.sex:
        terms.append(Child.sex == wanted.sex)
    if wanted.in_center is not None:
        terms.append(_open_admission() if wanted.in_center else not_(_open_admission()))
    if wanted.arrived_from is not None or wanted.arrived_to is not None:
        terms.append(_arrived_between(wanted.arrived_from, wanted.arrived_to))
    return terms


def filter_terms(session: Session, wanted: SearchFilter) -> list[ColumnElement[bool]]:
    """The WHERE terms of the children a list's filter shows (for an export of that list)."""
    return _conditions(session, wanted)


def _rank(column: Any, choices: Iterable[fields.Choice]) -> Any:
    """Sort a choice column in the order its field lists the choices."""
    ranks = {choice.value: position for position, choice in enumerate(choices)}
    return case(ranks, value=column, else_=len(ranks))


def _order(order_by: str, descending: bool, in_center: Any, last_arrival: Any) -> list[Any]:
    """Return the ORDER BY terms: the key asked for, then the id (stable pages)."""
    keys: dict[str, list[Any]] = {
        "case_no": [Child.case_year, Child.case_seq],
        "name": [Child.name_pinyin, Child.name],
        "sex": [_rank(Child.sex, fields.SEX)],
        "birth_date": [Child.birth_date],
        "category": [_rank(Child.category, fields.CATEGORY)],
        "last_arrived_at": [last_arrival],
        "in_center": [in_center],
    }
    if order_by not in keys:
        raise ValueError(f"cannot sort children by {order_by!r}")
    terms = [*keys[order_by], Child.id]
    if order_by in ("birth_date", "last_arrived_at"):
        # Unknown dates last either way, the same on every database.
        ordered = [t.desc().nulls_last() if descending else t.asc().nulls_last() for t in terms]
        return ordered
    return [term.desc() if descending else term.asc() for term in terms]


def age_years(birth_date: dt.date | None, today: dt.date) -> int | None:
    """Return the completed years of age on ``today`` (``None`` without a birth date)."""
    if birth_date is None:
        return None
    years = (
        today.year
        - birth_date.year
        - ((today.month, today.day) < (birth_date.month, birth_date.day))
    )
    return max(years, 0)


def count_children(db: Database, actor: Staff, wanted: SearchFilter) -> int:
    """Return how many children the filter matches (any staff member may read)."""
    with db.session() as session:
        require(session, actor, Permission.READ)
        return _count(session, wanted)


def _count(session: Session, wanted: SearchFilter) -> int:
    query = select(func.count()).select_from(Child).where(*_conditions(session, wanted))
    return int(session.scalar(query) or 0)


def search_children(
    db: Database,
    actor: Staff,
    wanted: SearchFilter,
    order_by: str = "case_no",
    descending: bool = True,
    offset: int = 0,
    limit: int = 200,
) -> list[ChildRow]:
    """Return one page of the children the filter matches, sorted by ``order_by``.

    ``order_by`` is one of ``ORDER_KEYS``; ties are broken by the child's id, so
    pages follow each other without gaps or repeats.
    """
    offset, limit = max(offset, 0), max(limit, 0)
    with db.session() as session:
        require(session, actor, Permission.READ)
        ids = _walked(session, wanted, order_by, descending, offset, limit)
        if ids is None:
            query = _ordered_ids(session, wanted, order_by, descending)
            ids = list(session.scalars(query.offset(offset).limit(limit)))
        return _rows(session, ids, wanted)


def first_page(
    db: Database,
    actor: Staff,
    wanted: SearchFilter,
    order_by: str = "case_no",
    descending: bool = True,
    limit: int = 200,
) -> tuple[int, list[ChildRow]]:
    """Return how many children the filter matches and the first ``limit`` of
    them: ``count_children`` and ``search_children`` in one.

    A search with a description word scans every child; here it does so once,
    not twice: unless its first page is found among the newest cases, every
    match is listed in order in one go, and counted from that list.
    """
    limit = max(limit, 0)
    with db.session() as session:
        require(session, actor, Permission.READ)
        ids = _walked(session, wanted, order_by, descending, 0, limit)
        if ids is None and _sort_words(session, wanted.text).described:
            every = list(session.scalars(_ordered_ids(session, wanted, order_by, descending)))
            total, ids = len(every), every[:limit]
        else:
            if ids is None:
                query = _ordered_ids(session, wanted, order_by, descending)
                ids = list(session.scalars(query.limit(limit)))
            total = _count(session, wanted)
        return total, _rows(session, ids, wanted)


def _walked(
    session: Session, wanted: SearchFilter, order_by: str, descending: bool, offset: int, limit: int
) -> list[int] | None:
    """Return the page's ids if the newest cases can be walked for it (see ``_walk``)."""
    if not _may_walk(wanted, order_by, offset + limit):
        return None
    return _walk(session, wanted, descending, offset, limit)


def _ordered_ids(session: Session, wanted: SearchFilter, order_by: str, descending: bool) -> Any:
    """The query of every matching child's id, in the order asked for."""
    in_center = _open_admission().label("in_center")
    last_arrival = _last_arrival().label("last_arrived_at")
    return (
        select(Child.id)
        .where(*_conditions(session, wanted))
        .order_by(*_order(order_by, descending, in_center, last_arrival))
    )


def _rows(session: Session, ids: list[int], wanted: SearchFilter) -> list[ChildRow]:
    """Return the list lines of the children ``ids``, in that order."""
    if not ids:
        return []
    in_center = _open_admission().label("in_center")
    last_arrival = _last_arrival().label("last_arrived_at")
    rows = _details(session, ids, in_center, last_arrival)
    found = _found_in(session, ids, _sort_words(session, wanted.text))
    today = dt.date.today()
    return [_child_row(rows[child_id], today, found.get(child_id)) for child_id in ids]


def _found_in(session: Session, ids: list[int], words: Words) -> dict[int, tuple[str, str]]:
    """Return, for each of the children ``ids`` with a description that holds a
    description word of the search, the first such field and its text."""
    if not words.described:
        return {}
    described = sorted(words.described)
    found: dict[int, tuple[str, str]] = {}
    query = select(Child.id, *[getattr(Child, field) for field in DESCRIBED])
    for child_id, *texts in session.execute(query.where(Child.id.in_(ids))):
        for field, text in zip(DESCRIBED, texts, strict=True):
            if text and marks.spans(text, described):
                found[child_id] = (field, text)
                break
    return found


def _walk(
    session: Session, wanted: SearchFilter, descending: bool, offset: int, limit: int
) -> list[int] | None:
    """Return a page of a search whose every word is broad (or a description
    word), in case order; ``None``
    when this way does not apply or cannot tell.

    Gathering and sorting the thousands of children a broad word matches would
    take long. Instead the children are walked in case order, each probed for
    the words, until the page is full - but no further than the newest
    ``WALK_WINDOW`` cases. A full page found there is the page; otherwise the
    caller gathers and sorts after all.
    """
    words = _sort_words(session, wanted.text)
    if not words.all or not all(w in words.broad or w in words.described for w in words.all):
        return None
    keys = (Child.case_year, Child.case_seq)
    order = [key.desc() if descending else key.asc() for key in keys]
    bound = session.execute(select(*keys).order_by(*order).offset(WALK_WINDOW).limit(1)).first()
    terms = _conditions(session, wanted, text=False)
    terms += [words.term(word, probe=True) for word in words.all]
    if bound is not None:
        key = tuple_(*keys)
        terms.append(key > tuple_(*bound) if descending else key < tuple_(*bound))
    query = (
        select(Child.id)
        .where(*terms)
        .order_by(*order, Child.id.desc() if descending else Child.id.asc())
        .offset(offset)
        .limit(limit)
    )
    ids = list(session.scalars(query))
    return ids if len(ids) == limit or bound is None else None


def _may_walk(wanted: SearchFilter, order_by: str, rows: int) -> bool:
    """True when ``_walk`` may answer: the list is in case order, only its first
    rows are asked for, and no other filter thins the children out so much that
    the window would rarely hold a page."""
    return (
        order_by == "case_no"
        and rows <= WALK_ROWS
        and wanted.in_center is None
        and wanted.category is None
        and wanted.arrived_from is None
        and wanted.arrived_to is None
    )


def _details(session: Session, ids: list[int], in_center: Any, last_arrival: Any) -> dict[int, Any]:
    """Return the list columns of the children ``ids``, by id.

    The page's ids are found first and their columns read after: the sort then
    carries one key per child instead of whole rows with their subqueries.
    """
    query = select(
        Child.id,
        Child.case_no,
        Child.name,
        Child.alias,
        Child.sex,
        Child.birth_date,
        Child.birth_date_estimated,
        Child.category,
        Child.id_number,
        in_center,
        last_arrival,
    ).where(Child.id.in_(ids))
    return {row.id: row for row in session.execute(query)}


def _child_row(row: Any, today: dt.date, found: tuple[str, str] | None = None) -> ChildRow:
    """Return a list line from one result row (and where a description matched)."""
    return ChildRow(
        id=row.id,
        case_no=row.case_no,
        name=row.name,
        alias=row.alias,
        sex=row.sex,
        birth_date=row.birth_date,
        birth_date_estimated=bool(row.birth_date_estimated),
        age_years=age_years(row.birth_date, today),
        category=row.category,
        in_center=bool(row.in_center),
        last_arrived_at=row.last_arrived_at,
        id_number=row.id_number,
        found_in=found[0] if found else "",
        found_text=found[1] if found else "",
    )
