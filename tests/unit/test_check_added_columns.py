"""``homeward check`` on a database upgraded by a migration that added columns: a row's
state digest leaves empty columns out, so a new column still holding NULL or empty text
changes nothing; a value in it is a change made outside the program."""

from __future__ import annotations

from desktop.core.audit.entries import row_state

BEFORE = row_state(["id", "item"], [1, "书包"])


def test_a_column_added_later_with_its_empty_default_is_no_change() -> None:
    assert row_state(["id", "item", "not_returned_reason"], [1, "书包", ""]) == BEFORE
    assert row_state(["id", "item", "disposed_at"], [1, "书包", None]) == BEFORE


def test_a_value_in_a_column_added_later_is_a_change() -> None:
    assert row_state(["id", "item", "not_returned_reason"], [1, "书包", "丢了"]) != BEFORE
    assert row_state(["id", "item", "statement_signed"], [1, "书包", 1]) != BEFORE
    assert row_state(["id", "item", "statement_signed"], [1, "书包", 0]) != BEFORE


def test_a_changed_or_missing_column_is_a_change() -> None:
    assert row_state(["id", "item"], [1, "雨伞"]) != BEFORE
    assert row_state(["id"], [1]) != BEFORE
    assert row_state(["item", "id"], ["书包", 1]) == BEFORE  # the order of columns does not count
