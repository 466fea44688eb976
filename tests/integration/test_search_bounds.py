"""Search and the audit filter take any text and any date a date edit can hold: lone
surrogates, 0001-01-01 and 9999-12-31 give answers, not UnicodeEncodeError,
ValueError or OverflowError — in time zones on both sides of UTC."""

from __future__ import annotations

import datetime as dt
import time

import pytest
from childtools import add_child

from desktop.core.audit import trail as audit
from desktop.core.children import readings, search
from desktop.core.children.search import SearchFilter
from desktop.core.store.db import Database
from desktop.core.store.models import Staff

UTC = dt.UTC
FIRST, LAST = dt.date.min, dt.date.max


@pytest.fixture(params=["UTC", "Asia/Shanghai", "America/New_York", "Pacific/Kiritimati"])
def zone(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.setenv("TZ", request.param)
    time.tzset()
    yield request.param
    monkeypatch.undo()
    time.tzset()


@pytest.fixture
def two(db_and_admin: tuple[Database, Staff]) -> tuple[Database, Staff, int, int]:
    db, admin = db_and_admin
    first = add_child(
        db, admin, name="张小明", stays=((dt.datetime(2025, 3, 2, 8, tzinfo=UTC), None),)
    )
    second = add_child(
        db, admin, name="李小红", stays=((dt.datetime(2026, 3, 2, 8, tzinfo=UTC), None),)
    )
    return db, admin, first, second


def _found(db: Database, admin: Staff, **wanted: object) -> set[int]:
    rows = search.search_children(db, admin, SearchFilter(**wanted))  # type: ignore[arg-type]
    count = search.count_children(db, admin, SearchFilter(**wanted))  # type: ignore[arg-type]
    assert count == len(rows)
    return {row.id for row in rows}


def test_lone_surrogates_are_ignored(two) -> None:  # type: ignore[no-untyped-def]
    db, admin, first, second = two
    assert _found(db, admin, text="\ud800") == {first, second}  # nothing left to search for
    assert _found(db, admin, text="张\udc00小明") == {first}
    assert _found(db, admin, text="\udbff\udfff") == {first, second}
    assert readings.normalise("a\ud83d") == "a"
    assert readings.normalise("😀") == "😀"  # a whole character outside the BMP stays


def test_the_calendar_ends_are_bounds_like_any_other(zone, two) -> None:  # type: ignore[no-untyped-def]
    db, admin, first, second = two
    both = {first, second}
    assert _found(db, admin, arrived_from=FIRST) == both
    assert _found(db, admin, arrived_to=LAST) == both
    assert _found(db, admin, arrived_from=FIRST, arrived_to=LAST) == both
    assert _found(db, admin, arrived_to=FIRST) == set()
    assert _found(db, admin, arrived_from=LAST) == set()
    assert _found(
        db, admin, arrived_from=FIRST + dt.timedelta(days=1), arrived_to=dt.date(2025, 12, 31)
    ) == {first}
    assert _found(
        db, admin, arrived_from=dt.date(2026, 1, 1), arrived_to=LAST - dt.timedelta(days=1)
    ) == {second}
    assert _found(db, admin, arrived_from=dt.date(2025, 3, 2), arrived_to=dt.date(2025, 3, 2)) == {
        first
    }


def test_the_audit_filter_takes_the_calendar_ends(zone, two) -> None:  # type: ignore[no-untyped-def]
    db, admin, _first, _second = two
    every = audit.count_entries(db, admin, audit.AuditFilter())
    assert every > 0
    assert audit.count_entries(db, admin, audit.AuditFilter(date_from=FIRST, date_to=LAST)) == every
    assert audit.count_entries(db, admin, audit.AuditFilter(date_to=FIRST)) == 0
    assert audit.count_entries(db, admin, audit.AuditFilter(date_from=LAST)) == 0
    assert len(audit.list_entries(db, admin, audit.AuditFilter(date_from=FIRST))) == every
