"""Thousands of generated inputs: only typed domain errors come out, and a refused
registration leaves the database as it was."""

from __future__ import annotations

import datetime as dt
import unicodedata
from collections.abc import Iterator
from typing import Any

import pytest
from dbtools import count
from hypothesis import event, given, settings
from hypothesis import strategies as st
from intaketools import make_id, open_copy, staffed_template, tolerate_unfinished

from desktop.core import fields
from desktop.core.children import intake
from desktop.core.children.intake import (
    AdmissionInput,
    BelongingInput,
    ChildInput,
    ContactInput,
    NoteInput,
    check_child,
)
from desktop.core.errors import HomewardError
from desktop.core.store.db import Database
from desktop.core.store.models import Staff
from tests.leaving import leave

SPECIAL = [
    "",
    " ",
    "\u3000\t ",
    "𠮷",
    "😀👨‍👩‍👧🇨🇳",
    "\x00\x07\x1b\x7f",
    "\u202e\u200b",
    "张小明",
    "x" * 10_000,
    "𠮷" * 10_000,
    "13800138000",
    "+86 (010) 6512-3456",
    "line\r\nbreak",
]
TEXT = st.one_of(
    st.sampled_from(SPECIAL),
    st.text(max_size=80),
    st.text(alphabet=st.characters(codec="utf-8"), max_size=300),
    st.text(alphabet=st.characters(categories=["Cs", "Cc", "Cf", "Zs"]), max_size=20),
)
ID_NUMBER = st.one_of(
    TEXT,
    st.builds(
        make_id,
        st.dates(dt.date(1990, 1, 1), dt.date(2025, 1, 1)),
        st.booleans(),
        st.just("110105"),
    ),
)
NUMBER = st.one_of(st.none(), st.integers(-5, 300), st.integers())
ZONES = st.sampled_from(
    [dt.UTC, dt.timezone(dt.timedelta(hours=8)), dt.timezone(dt.timedelta(hours=-12, minutes=-30))]
)


def mostly(common: st.SearchStrategy[Any], rare: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    """Draw from ``common`` four times in five, else from ``rare``."""
    return st.integers(0, 4).flatmap(lambda n: rare if n == 0 else common)


#: Mostly possible times (so that many examples get past the arrival), some naive or far off.
MOMENT = mostly(
    st.datetimes(dt.datetime(2000, 1, 1), dt.datetime(2026, 1, 1), timezones=ZONES),
    st.one_of(st.datetimes(timezones=ZONES), st.datetimes()),
)


def choice(field: fields.Field) -> st.SearchStrategy[str]:
    """Mostly a stored value of ``field``, sometimes something that is not one."""
    return mostly(st.sampled_from(field.values()), st.one_of(st.sampled_from(["", "bogus"]), TEXT))


def phone() -> st.SearchStrategy[str]:
    """Mostly a phone number or nothing, sometimes any text."""
    return mostly(st.sampled_from(["", "13800138000", "(010) 6512-3456"]), TEXT)


def child_inputs() -> st.SearchStrategy[ChildInput]:
    """Children with random text, dates, numbers and choices."""
    table = fields.CHILD
    texts = {
        name: TEXT
        for name in (
            "name",
            "alias",
            "birth_place",
            "household_registration",
            "address",
            "school",
            "dialect",
            "appearance",
            "clothing",
            "health",
            "mental_state",
            "disability",
        )
    }
    return st.builds(
        ChildInput,
        **texts,
        sex=choice(table["sex"]),
        ethnicity=choice(table["ethnicity"]),
        education=choice(table["education"]),
        build=choice(table["build"]),
        category=choice(table["category"]),
        birth_date=st.one_of(st.none(), st.dates()),
        birth_date_estimated=st.booleans(),
        estimated_age=NUMBER,
        height_cm=NUMBER,
        id_number=ID_NUMBER,
    )


def admission_inputs() -> st.SearchStrategy[AdmissionInput]:
    """Arrivals at random times (naive, aware, far away) with random details."""
    table = fields.ADMISSION
    texts = {
        name: TEXT
        for name in (
            "referring_unit",
            "referrer_name",
            "police_case_no",
            "reason",
            "circumstances",
            "intake_check",
        )
    }
    return st.builds(
        AdmissionInput,
        arrived_at=MOMENT,
        arrival_mode=choice(table["arrival_mode"]),
        welfare_status=choice(table["welfare_status"]),
        harm_found=st.booleans(),
        referrer_phone=phone(),
        receiving_staff_id=st.one_of(st.none(), st.none(), st.integers()),
        **texts,
    )


BELONGINGS = st.lists(
    st.builds(BelongingInput, item=TEXT, quantity=NUMBER, description=TEXT, cash_fen=NUMBER),
    max_size=3,
)


@pytest.fixture(scope="module")
def env(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Database, dict[str, Staff]]]:
    """One database for all examples of this module."""
    patch = pytest.MonkeyPatch()
    tolerate_unfinished(patch)
    folder = tmp_path_factory.mktemp("intake-properties")
    with open_copy(staffed_template(tmp_path_factory), folder) as opened:
        yield opened
    patch.undo()


def _printable(text: str) -> bool:
    return all(unicodedata.category(c) not in ("Cc", "Cs") or c in "\n\t" for c in text)


@settings(max_examples=300, deadline=None)
@given(data=child_inputs(), arrived_on=st.one_of(st.none(), st.dates()))
def test_check_child_raises_only_domain_errors(
    data: ChildInput, arrived_on: dt.date | None
) -> None:
    """check_child returns clean values or raises a HomewardError, never anything else."""
    today = dt.date(2026, 11, 28)
    try:
        cleaned, warnings = check_child(data, today, arrived_on)
    except HomewardError as error:
        assert error.message
        return
    assert all(isinstance(w, str) and w for w in warnings)
    for name, field in fields.CHILD.items():
        value = getattr(cleaned, name, None)
        if isinstance(value, str):
            assert value == value.strip()
            assert _printable(value)
            assert field.max_length is None or len(value) <= field.max_length
    assert cleaned.birth_date is None or cleaned.birth_date <= today
    assert cleaned.height_cm is None or 30 <= cleaned.height_cm <= 230


@settings(max_examples=300, deadline=None)
@given(data=child_inputs(), stay=admission_inputs(), items=BELONGINGS)
def test_register_child_raises_only_domain_errors(
    env: tuple[Database, dict[str, Staff]],
    data: ChildInput,
    stay: AdmissionInput,
    items: list[BelongingInput],
) -> None:
    """A registration either succeeds completely or changes nothing."""
    db, people = env
    children, entries = count(db.path, "child"), count(db.path, "audit_entry")
    try:
        child = intake.register_child(db, people["intake"], data, stay, items)
    except HomewardError as error:
        event(f"refused: {error.field}")
        assert error.message
        assert (count(db.path, "child"), count(db.path, "audit_entry")) == (children, entries)
        return
    event("registered")
    assert count(db.path, "child") == children + 1
    stored = intake.get_child(db, people["viewer"], child.id)
    cleaned, _ = check_child(data, dt.date.today(), stored.admissions[0].arrived_at.date())
    assert (stored.child.name, stored.child.appearance) == (cleaned.name, cleaned.appearance)
    assert len(stored.belongings[stored.admissions[0].id]) == len(items)


SHORT_TEXT = st.one_of(
    st.text(alphabet=st.characters(codec="utf-8"), max_size=50),
    st.sampled_from(["𠮷", "😀👨‍👩‍👧", "\x00张\x1b小明\u202e", " \u3000 ", "𪚥𠮷😀" * 16]),
)
TEXT_COLUMNS = ("name", "alias", "dialect", "appearance", "clothing", "health", "disability")


@settings(max_examples=300, deadline=None)
@given(
    texts=st.fixed_dictionaries({name: SHORT_TEXT for name in TEXT_COLUMNS}),
    sex=st.sampled_from(fields.SEX),
    age=st.one_of(st.none(), st.integers(0, 18)),
    arrived_at=st.datetimes(dt.datetime(2000, 1, 1), dt.datetime(2026, 1, 1), timezones=ZONES),
)
def test_any_printable_text_reads_back_exactly(
    env: tuple[Database, dict[str, Staff]],
    texts: dict[str, str],
    sex: fields.Choice,
    age: int | None,
    arrived_at: dt.datetime,
) -> None:
    """Text within the limits is always accepted and stored exactly as check_child cleans it."""
    db, people = env
    data = ChildInput(sex=sex.value, estimated_age=age, **texts)
    child = intake.register_child(db, people["intake"], data, AdmissionInput(arrived_at))
    stored = intake.get_child(db, people["viewer"], child.id).child
    cleaned, _ = check_child(data, dt.date.today(), arrived_at.astimezone().date())
    assert {name: getattr(stored, name) for name in TEXT_COLUMNS} == {
        name: getattr(cleaned, name) for name in TEXT_COLUMNS
    }
    assert (stored.birth_date, stored.birth_date_estimated) == (
        cleaned.birth_date,
        cleaned.birth_date_estimated,
    )


@settings(max_examples=300, deadline=None)
@given(data=child_inputs(), arrived_on=st.dates())
def test_find_candidates_never_fails(
    env: tuple[Database, dict[str, Staff]], data: ChildInput, arrived_on: dt.date
) -> None:
    """Whatever is typed so far, looking for candidates answers with a list."""
    db, people = env
    result = intake.find_candidates(db, people["viewer"], data, arrived_on)
    assert isinstance(result, list)


@settings(max_examples=300, deadline=None)
@given(
    contact=st.builds(ContactInput, name=TEXT, phone=phone(), id_number=ID_NUMBER, note=TEXT),
    note=st.builds(
        NoteInput, kind=choice(fields.NOTE["kind"]), at=st.one_of(st.none(), MOMENT), text=TEXT
    ),
    when=MOMENT,
    mode=choice(fields.ADMISSION["discharge_mode"]),
)
def test_other_services_raise_only_domain_errors(
    env: tuple[Database, dict[str, Staff]],
    contact: ContactInput,
    note: NoteInput,
    when: dt.datetime,
    mode: str,
) -> None:
    """Contacts, notes and discharges with random input: done, or a domain error and no row."""
    db, people = env
    admin = people["admin"]
    child = intake.register_child(
        db, admin, ChildInput(), AdmissionInput(dt.datetime(2020, 1, 1, tzinfo=dt.UTC))
    )
    stay = intake.get_child(db, admin, child.id).open_admission
    assert stay is not None
    calls: list[tuple[str, Any]] = [
        ("contact", lambda: intake.add_contact(db, admin, child.id, contact)),
        ("note", lambda: intake.add_note(db, admin, child.id, note)),
        ("admission", lambda: leave(db, admin, stay.id, when, mode, note=contact.note)),
    ]
    for table, call in calls:
        rows = count(db.path, "audit_entry")
        try:
            call()
        except HomewardError as error:
            assert error.message
            assert count(db.path, "audit_entry") == rows, table
