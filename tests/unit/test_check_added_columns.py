"""``homeward check`` on a database upgraded by a migration that added columns: a row's
last audit entry predates them, so a new column the entry does not know must still hold
its empty default; any other difference is a change made outside the program."""

from __future__ import annotations

from desktop.core.audit.check import _same


def test_a_column_added_later_with_its_default_is_no_change() -> None:
    recorded = {"id": 1, "item": "书包"}
    assert _same(recorded, {"id": 1, "item": "书包", "not_returned_reason": ""})
    assert _same(recorded, {"id": 1, "item": "书包", "disposed_at": None, "valued": False})


def test_a_value_in_a_column_added_later_is_a_change() -> None:
    recorded = {"id": 1, "item": "书包"}
    assert not _same(recorded, {"id": 1, "item": "书包", "not_returned_reason": "丢了"})
    assert not _same(recorded, {"id": 1, "item": "书包", "statement_signed": True})


def test_a_changed_or_missing_column_is_a_change() -> None:
    recorded = {"id": 1, "item": "书包", "quantity": 1}
    assert not _same(recorded, {"id": 1, "item": "雨伞", "quantity": 1})
    assert not _same(recorded, {"id": 1, "item": "书包"})
    assert _same(recorded, dict(recorded))
