"""Finding a returning child: registered children who may be the one arriving.

Narrowed in SQL first (same sex, a birth-date window, a height window), then
compared in Python: the same ID number; the same name and birth date; a similar
name in pinyin; a similar physical description.
"""

from __future__ import annotations

import datetime as dt
import difflib
import functools
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from desktop.core.children.validation import (
    AGE_RANGE,
    EARLIEST,
    HEIGHT_RANGE,
    ChildInput,
    IdFacts,
    id_number_facts,
    normalise_id_number,
    years_before,
)
from desktop.core.cleaning import printable
from desktop.core.errors import ValidationError
from desktop.core.i18n import N_, _
from desktop.core.staff.access import require
from desktop.core.staff.permissions import Permission
from desktop.core.store.db import Database
from desktop.core.store.models import Child, Staff

PINYIN_RATIO = 0.8
DESCRIPTION_RATIO = 0.6
DESCRIPTION_CHARS = 400
HEIGHT_SLACK = 10
AGE_SLACK_YEARS = 2
MAX_CANDIDATES = 20
HEIGHT_BOUNDS = (HEIGHT_RANGE[0], HEIGHT_RANGE[1] + 1)


@dataclass(frozen=True)
class Candidate:
    """A registered child who may be the one arriving, and why (translated reasons).

    ``same_id`` says the child has the very ID number typed: then it is this child,
    never a new one (an ID number belongs to one child).
    """

    child: Child
    reasons: list[str]
    same_id: bool = False


@dataclass(frozen=True)
class _Probe:
    """What is known of the arriving child, read leniently (typing may be under way)."""

    name: str
    sex: str
    birth: dt.date | None
    id_number: str
    height: int | None
    description: str


def _probe(data: ChildInput, arrived_on: dt.date) -> _Probe:
    id_number = normalise_id_number(data.id_number)
    facts: IdFacts | None
    try:
        facts = id_number_facts(id_number, arrived_on) if id_number else None
    except ValidationError:
        facts = None
    birth = data.birth_date if isinstance(data.birth_date, dt.date) else None
    if birth is not None and not EARLIEST <= birth <= arrived_on:
        birth = None
    if birth is None and facts is not None:
        birth = facts.birth_date
    age = data.estimated_age
    if birth is None and isinstance(age, int) and AGE_RANGE[0] <= age <= AGE_RANGE[1]:
        birth = years_before(arrived_on, age)
    if birth is not None and birth < EARLIEST:
        birth = None
    sex = data.sex if data.sex in ("male", "female") else (facts.sex if facts else "unknown")
    height = data.height_cm if data.height_cm in range(*HEIGHT_BOUNDS) else None
    return _Probe(
        name=printable(data.name),
        sex=sex,
        birth=birth,
        id_number=id_number,
        height=height,
        description=_description(data.appearance, data.clothing),
    )


def _description(appearance: str | None, clothing: str | None) -> str:
    parts = (printable(text)[:DESCRIPTION_CHARS] for text in (appearance, clothing))
    return "\n".join(parts).strip()


def _live_children() -> Any:
    return Child.voided_at.is_(None)


def _same_id(session: Session, probe: _Probe) -> Iterator[int]:
    if probe.id_number:
        query = select(Child.id).where(Child.id_number == probe.id_number, _live_children())
        yield from session.scalars(query)


def _same_name_and_birth(session: Session, probe: _Probe) -> Iterator[int]:
    if probe.name and probe.birth is not None:
        query = select(Child.id).where(
            Child.name == probe.name, Child.birth_date == probe.birth, _live_children()
        )
        yield from session.scalars(query)


@functools.lru_cache(maxsize=20_000)
def _char_pinyin(char: str) -> str:
    from pypinyin import lazy_pinyin

    spelled = "".join(lazy_pinyin(char)).lower()
    return "".join(c for c in spelled if c.isascii() and c.isalnum())


def _spellings(name: str) -> tuple[str, str]:
    """Return the pinyin and the pinyin initials of a name, lower case, letters only.

    Each character is spelled on its own (and remembered), which is fast enough
    to compare thousands of names while the intake dialog waits.
    """
    syllables = [_char_pinyin(char) for char in name if not char.isspace()]
    return "".join(syllables), "".join(s[0] for s in syllables if s)


def _similar_names(session: Session, probe: _Probe) -> Iterator[int]:
    """Children of the same sex, born within two years, whose pinyin is alike."""
    if not probe.name or probe.birth is None:
        return
    pinyin, initials = _spellings(probe.name)
    if not pinyin:
        return
    query = select(Child.id, Child.name).where(
        Child.sex == probe.sex,
        Child.birth_date.between(
            years_before(probe.birth, AGE_SLACK_YEARS), years_before(probe.birth, -AGE_SLACK_YEARS)
        ),
        Child.name != "",
        _live_children(),
    )
    matcher = difflib.SequenceMatcher(None, b=pinyin, autojunk=False)
    for child_id, name in session.execute(query):
        other, other_initials = _spellings(name)
        if other_initials == initials or _alike(matcher, other, PINYIN_RATIO):
            yield child_id


def _alike(matcher: difflib.SequenceMatcher[str], text: str, ratio: float) -> bool:
    matcher.set_seq1(text)
    return (
        matcher.real_quick_ratio() >= ratio
        and matcher.quick_ratio() >= ratio
        and matcher.ratio() >= ratio
    )


def _similar_descriptions(session: Session, probe: _Probe) -> Iterator[int]:
    """Children of the same sex, within 10 cm of height, described alike."""
    if probe.height is None or not probe.description:
        return
    query = select(Child.id, Child.appearance, Child.clothing).where(
        Child.sex == probe.sex,
        Child.height_cm.between(probe.height - HEIGHT_SLACK, probe.height + HEIGHT_SLACK),
        or_(Child.appearance != "", Child.clothing != ""),
        _live_children(),
    )
    matcher = difflib.SequenceMatcher(None, b=probe.description, autojunk=False)
    for child_id, appearance, clothing in session.execute(query):
        if _alike(matcher, _description(appearance, clothing), DESCRIPTION_RATIO):
            yield child_id


REASONS: tuple[tuple[str, Any], ...] = (
    (N_("Same ID number"), _same_id),
    (N_("Same name and date of birth"), _same_name_and_birth),
    (N_("Similar name in pinyin, same sex, age within two years"), _similar_names),
    (N_("Similar description, same sex, height within 10 cm"), _similar_descriptions),
)


def find_candidates(
    db: Database, actor: Staff, data: ChildInput, arrived_on: dt.date
) -> list[Candidate]:
    """Return registered children who may be the one arriving, most likely first.

    A child is a candidate for the same ID number; the same name and birth date;
    a similar pinyin name (ratio 0.8, or equal initials) with the same sex and an
    age within two years; or a similar description (same sex, height within
    10 cm, text ratio 0.6). Voided and merged records are left out.
    """
    with db.session() as session:
        require(session, actor, Permission.READ)
        probe = _probe(data, arrived_on)
        found: dict[int, list[str]] = {}
        strongest: dict[int, int] = {}
        same_id: set[int] = set()
        for rank, (reason, finder) in enumerate(REASONS):
            for child_id in finder(session, probe):
                found.setdefault(child_id, []).append(_(reason))
                strongest.setdefault(child_id, rank)
                if finder is _same_id:
                    same_id.add(child_id)
        ranked = sorted(found, key=lambda key: (-len(found[key]), strongest[key], -key))
        best = ranked[:MAX_CANDIDATES]
        children = {c.id: c for c in session.scalars(select(Child).where(Child.id.in_(best)))}
        return [
            Candidate(children[child_id], found[child_id], child_id in same_id) for child_id in best
        ]
