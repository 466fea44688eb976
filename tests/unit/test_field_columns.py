"""One definition per field: each stored column holds exactly what its field allows."""

from __future__ import annotations

import pytest
from sqlalchemy import String, Text

from desktop.core import fields
from desktop.core.store.models import Base

#: The field definitions of each table.
TABLES = fields.BY_KIND


def _pairs() -> list[tuple[str, str]]:
    return [
        (table, column.name)
        for table, defined in TABLES.items()
        for column in Base.metadata.tables[table].columns
        if column.name in defined
    ]


@pytest.mark.parametrize(("table", "name"), _pairs())
def test_a_column_holds_what_its_field_allows(table: str, name: str) -> None:
    column = Base.metadata.tables[table].columns[name]
    field = TABLES[table][name]
    if field.kind == "choice":
        assert isinstance(column.type, String)
        longest = max(len(value) for value in field.values())
        assert column.type.length is not None and longest <= column.type.length
    elif field.kind in ("text", "multiline", "phone", "id_number"):
        assert field.max_length is not None, f"{table}.{name} has no limit"
        if isinstance(column.type, Text) or column.type.length is None:
            return  # an unbounded column: the field's limit is the only one
        assert column.type.length == field.max_length, f"{table}.{name}"


def test_every_table_with_fields_is_checked() -> None:
    assert {table for table, _name in _pairs()} == set(TABLES)
    assert len(_pairs()) > 60


def test_a_changed_limit_is_caught() -> None:
    """The check above can fail: a field one longer than its column is seen."""
    column = Base.metadata.tables["child"].columns["name"]
    assert fields.CHILD["name"].max_length == column.type.length == 50
