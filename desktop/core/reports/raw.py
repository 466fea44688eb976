"""Reading many stored times fast: the column as the database returns it, converted here.

The ORM's conversion of each UTC time costs more than counting or writing a row,
on a year of stays or 100,000 children. The SQL is the same on every database:
SQLite returns text, others a datetime; both are handled.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import String, type_coerce


def raw(column: Any) -> Any:
    """``column`` without the ORM's type conversion (see ``moment``, ``day``)."""
    return type_coerce(column, String)


def moment(value: Any) -> dt.datetime:
    """A stored UTC moment read raw: SQLite's text, or another database's datetime."""
    if isinstance(value, str):
        return dt.datetime.fromisoformat(value).replace(tzinfo=dt.UTC)
    found: dt.datetime = value
    return found if found.tzinfo is not None else found.replace(tzinfo=dt.UTC)


def day(value: Any) -> dt.date:
    """A stored date read raw."""
    if isinstance(value, str):
        return dt.date.fromisoformat(value[:10])
    found: dt.date = value
    return found
