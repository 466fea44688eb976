"""Complete rows for bulk inserts: every column of a model, its defaults filled in.

The demo and the ledger import write many rows with SQLAlchemy Core inserts;
each row's audit entry must hold exactly what ``audit.snapshot`` reads back, so
a row names every column, and a forgotten or misspelt one is an error here.
"""

from __future__ import annotations

from functools import cache
from typing import Any, cast

from sqlalchemy import Table

from desktop.core.store.models import Base


def _defaults(model: type[Base]) -> dict[str, Any]:
    """Return the value each column of ``model`` gets when a row does not say."""
    values: dict[str, Any] = {}
    for column in model.__table__.columns:
        default = column.default
        if default is not None and getattr(default, "is_scalar", False):
            values[column.key] = getattr(default, "arg", None)
        elif column.nullable:
            values[column.key] = None
    return values


def table(model: type[Base]) -> Table:
    """Return the table behind ``model`` (for Core inserts)."""
    return cast(Table, model.__table__)


@cache
def _columns(model: type[Base]) -> frozenset[str]:
    return frozenset(column.key for column in model.__table__.columns)


@cache
def _model_defaults(model: type[Base]) -> dict[str, Any]:
    return _defaults(model)


def full_row(model: type[Base], **values: Any) -> dict[str, Any]:
    """Return a complete row of ``model``: every column, defaults filled in."""
    row = {**_model_defaults(model), **values}
    if row.keys() != _columns(model):
        missing = sorted(_columns(model) - row.keys())
        extra = sorted(row.keys() - _columns(model))
        raise ValueError(f"{model.__name__} row: missing {missing}, unknown {extra}")
    return row
