"""Writing a table to .xlsx or .csv, the same way for every list and report.

A ``Sheet`` is a title, its columns and rows of plain values. The .xlsx has the
headers in the user's language, widths that fit the headers and the values, a
frozen header row and real dates (Excel sorts and filters them as dates); the
.csv is UTF-8 with a byte-order mark, which Excel needs to read Chinese right.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from desktop.core.errors import ValidationError
from desktop.core.i18n import _

#: The file kinds a table can be written as, by suffix.
FORMATS = ("xlsx", "csv")
#: How wide a column may grow (characters), whatever its longest value.
MAX_WIDTH = 60
#: Rows between two progress reports.
PROGRESS_EVERY = 2_000

Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class Column:
    """A column: its header (already translated), kind and a width in characters.

    ``kind`` is text, int, date, datetime or number; dates and datetimes are
    naive local values.
    """

    header: str
    kind: str = "text"
    width: int = 0


@dataclass
class Sheet:
    """A named table."""

    title: str
    columns: Sequence[Column]
    rows: Sequence[Sequence[Any]] = field(default_factory=list)


def file_format(path: Path) -> str:
    """Return ``xlsx`` or ``csv`` from the file's suffix; refuse any other."""
    kind = path.suffix.lower().lstrip(".")
    if kind not in FORMATS:
        raise ValidationError(
            _("Give a file name ending in .xlsx or .csv (not {name}).").format(name=path.name),
            field="path",
        )
    return kind


def _text_width(value: Any) -> int:
    """Roughly how many character cells ``value`` takes (a Chinese character takes two)."""
    text = value if isinstance(value, str) else str(value)
    return sum(2 if ord(char) > 0x2E80 else 1 for char in text)


def _widths(sheet: Sheet, sample: int = 500) -> list[int]:
    """Column widths that fit the header and the first ``sample`` rows."""
    widths = [max(column.width, _text_width(column.header) + 2) for column in sheet.columns]
    for row in sheet.rows[:sample]:
        for position, value in enumerate(row):
            if value is None or isinstance(value, dt.date):
                continue
            widths[position] = max(widths[position], _text_width(value) + 2)
    return [min(width, MAX_WIDTH) for width in widths]


_NUMBER_FORMATS = {"date": "yyyy-mm-dd", "datetime": "yyyy-mm-dd hh:mm"}


def xlsx_bytes(sheets: Sequence[Sheet], progress: Progress | None = None) -> bytes:
    """Return a workbook with one worksheet per sheet (write-only: fast for 100,000 rows)."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    book = Workbook(write_only=True)
    total = sum(len(sheet.rows) for sheet in sheets)
    done = 0
    for sheet in sheets:
        page = book.create_sheet(_sheet_title(sheet.title))
        for position, width in enumerate(_widths(sheet), start=1):
            page.column_dimensions[get_column_letter(position)].width = width
        page.freeze_panes = "A2"
        bold = Font(bold=True)
        header = []
        for column in sheet.columns:
            cell = WriteOnlyCell(page, value=column.header)
            cell.font = bold
            cell.alignment = Alignment(vertical="center")
            header.append(cell)
        page.append(header)
        dated = [
            (position, _NUMBER_FORMATS[column.kind])
            for position, column in enumerate(sheet.columns)
            if column.kind in _NUMBER_FORMATS
        ]
        texts = [position for position, column in enumerate(sheet.columns)
                 if column.kind == "text"]  # fmt: skip
        for row in sheet.rows:
            values: list[Any] = list(row)
            for position, number_format in dated:
                if values[position] is not None:
                    cell = WriteOnlyCell(page, value=values[position])
                    cell.number_format = number_format
                    values[position] = cell
            for position in texts:
                value = values[position]
                if isinstance(value, str) and value.startswith("="):
                    cell = WriteOnlyCell(page, value=value)
                    cell.data_type = "s"  # a name typed as =… stays text, never a formula
                    values[position] = cell
            page.append(values)
            done += 1
            if progress is not None and done % PROGRESS_EVERY == 0:
                progress(done, total)
    if not sheets:
        book.create_sheet("-")
    out = io.BytesIO()
    book.save(out)
    if progress is not None:
        progress(total, total)
    return out.getvalue()


def _sheet_title(title: str) -> str:
    """A worksheet name Excel accepts: at most 31 characters, none of []:*?/\\."""
    cleaned = "".join("_" if char in "[]:*?/\\" else char for char in title).strip()
    return (cleaned or "Sheet")[:31]


#: What makes a spreadsheet read a CSV cell as a formula (CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _csv_value(value: Any, kind: str) -> Any:
    if value is None:
        return ""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value  # shown as typed; a spreadsheet never runs it
    if kind == "datetime" and isinstance(value, dt.datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    if kind == "date" and isinstance(value, dt.date):
        return value.isoformat()
    return value


def csv_bytes(sheets: Sequence[Sheet], progress: Progress | None = None) -> bytes:
    """Return the sheets as CSV in UTF-8 with a BOM; several sheets follow each other,
    each under its title, with a blank line between."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    total = sum(len(sheet.rows) for sheet in sheets)
    done = 0
    for number, sheet in enumerate(sheets):
        if len(sheets) > 1:
            if number:
                writer.writerow([])
            writer.writerow([sheet.title])
        kinds = [column.kind for column in sheet.columns]
        writer.writerow([column.header for column in sheet.columns])
        for row in sheet.rows:
            writer.writerow([_csv_value(v, k) for v, k in zip(row, kinds, strict=True)])
            done += 1
            if progress is not None and done % PROGRESS_EVERY == 0:
                progress(done, total)
    if progress is not None:
        progress(total, total)
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def table_bytes(kind: str, sheets: Sequence[Sheet], progress: Progress | None = None) -> bytes:
    """Return the sheets written as ``kind`` (xlsx or csv)."""
    if kind == "xlsx":
        return xlsx_bytes(sheets, progress)
    return csv_bytes(sheets, progress)


def check_target(path: Path) -> Path:
    """Return ``path`` made absolute; refuse a folder or a missing folder with a clear message."""
    target = path.expanduser()
    if target.is_dir():
        raise ValidationError(
            _("{path} is a folder; give the file's name.").format(path=target), field="path"
        )
    if not target.parent.is_dir():
        raise ValidationError(
            _("The folder {path} does not exist.").format(path=target.parent), field="path"
        )
    return target


def write_file(path: Path, data: bytes) -> None:
    """Write ``data`` owner-only through a temporary file; a failure is a clear message."""
    from desktop.core.private_files import write_private_bytes

    try:
        write_private_bytes(path, data)
    except OSError as error:
        raise ValidationError(
            _("{path} cannot be written: {reason}").format(
                path=path, reason=error.strerror or error
            ),
            field="path",
        ) from error
