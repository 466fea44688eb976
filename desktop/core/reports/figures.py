"""What a period's statistics are made of: the period, each table, and all of them.

Apart from ``stats`` (which counts them) so that the printed report (``stats_pdf``)
reads them without importing the counting.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from desktop.core.clock import local_midnight_utc
from desktop.core.errors import ValidationError
from desktop.core.i18n import _


@dataclass(frozen=True)
class Period:
    """A month (``number`` 1-12), a quarter (1-4) or a year (``number`` 0)."""

    kind: str
    year: int
    number: int = 0

    @classmethod
    def of(cls, year: int, month: int | None = None, quarter: int | None = None) -> Period:
        """The period a year with an optional month or quarter names; refuse an impossible one."""
        if not 1900 <= year <= 9998:
            raise ValidationError(_("Choose a year from 1900 to 9998."), field="year")
        if month is not None and quarter is not None:
            raise ValidationError(_("Choose a month or a quarter, not both."), field="month")
        if month is not None:
            if not 1 <= month <= 12:
                raise ValidationError(_("Choose a month from 1 to 12."), field="month")
            return cls("month", year, month)
        if quarter is not None:
            if not 1 <= quarter <= 4:
                raise ValidationError(_("Choose a quarter from 1 to 4."), field="quarter")
            return cls("quarter", year, quarter)
        return cls("year", year)

    @property
    def first_day(self) -> dt.date:
        """The period's first local day."""
        if self.kind == "month":
            return dt.date(self.year, self.number, 1)
        if self.kind == "quarter":
            return dt.date(self.year, 3 * self.number - 2, 1)
        return dt.date(self.year, 1, 1)

    @property
    def end_day(self) -> dt.date:
        """The day after the period's last day."""
        months = {"month": 1, "quarter": 3, "year": 12}[self.kind]
        month = self.first_day.month - 1 + months
        return dt.date(self.year + month // 12, month % 12 + 1, 1)

    def bounds(self) -> tuple[dt.datetime, dt.datetime]:
        """The UTC moments the period starts and ends at (local midnights)."""
        return local_midnight_utc(self.first_day), local_midnight_utc(self.end_day)

    def label(self) -> str:
        """The period in words: 2026年3月, 2026年第1季度, 2026年 (or English)."""
        if self.kind == "month":
            return _("{month}/{year}").format(year=self.year, month=self.number)
        if self.kind == "quarter":
            return _("{year}, quarter {quarter}").format(year=self.year, quarter=self.number)
        return _("Year {year}").format(year=self.year)

    def slug(self) -> str:
        """A file-name part: 2026-03, 2026-Q1, 2026."""
        if self.kind == "month":
            return f"{self.year}-{self.number:02d}"
        if self.kind == "quarter":
            return f"{self.year}-Q{self.number}"
        return str(self.year)


@dataclass
class Table:
    """One figure: a title, headers, rows (a line name, then numbers); the title, the
    headers and the line names are English source strings until ``translated``."""

    key: str
    title: str
    headers: list[str]
    rows: list[list[Any]] = field(default_factory=list)
    #: Whether a chart shows this table (a summary of a few values does not).
    chart: bool = True

    def translated(self, translate: Callable[[str], str]) -> Table:
        """The table with its title, headers and line names translated by ``translate``."""
        return Table(
            self.key,
            translate(self.title),
            [translate(header) for header in self.headers],
            [[translate(row[0]), *row[1:]] for row in self.rows],
            self.chart,
        )

    @property
    def total(self) -> int:
        """The sum of the first number column."""
        return sum(int(row[1]) for row in self.rows if isinstance(row[1], int))


@dataclass
class Statistics:
    """Every figure of a period."""

    period: Period
    admissions: int
    discharges: int
    tables: list[Table]

    def table(self, key: str) -> Table:
        """The table named ``key``."""
        return next(table for table in self.tables if table.key == key)
