"""One rule for case numbers: the year of the first arrival's local day, then a sequence."""

from __future__ import annotations

import datetime as dt

import pytest

from desktop.core.children.intake import case_number, case_year

pytestmark = pytest.mark.usefixtures("china_time")


def test_the_number_has_the_year_and_four_digits_at_least() -> None:
    assert case_number(2026, 13) == "2026-0013"
    assert case_number(2026, 1) == "2026-0001"
    assert case_number(2026, 12345) == "2026-12345"


def test_new_year_comes_at_local_midnight() -> None:
    assert case_year(dt.datetime(2025, 12, 31, 15, 59, 59, tzinfo=dt.UTC)) == 2025
    assert case_year(dt.datetime(2025, 12, 31, 16, 0, tzinfo=dt.UTC)) == 2026
