"""Reading an existing ledger (台账) file: .xlsx or .csv into headers and rows.

What people keep in Excel is messy: a title row merged across the top, merged
cells, blank rows, several sheets (a notes sheet first), CSV saved by Chinese
Excel in GBK. This module finds the sheet and the header row that Homeward
knows best, fills merged cells with their value, and says clearly why a file
cannot be read (empty, password-protected, damaged, too big). It knows nothing
of children: ``ledger`` maps and checks the rows.
"""

from __future__ import annotations

import csv
import io
import unicodedata
import zipfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from desktop.core.errors import ValidationError
from desktop.core.i18n import _, pgettext

#: The most data rows a ledger may have (a center's lifetime fits many times over).
MAX_ROWS = 200_000
#: How many rows from the top may hold the header row (title rows above it).
HEADER_SEARCH = 15
#: An OLE compound file: an encrypted (password-protected) workbook, or an old .xls.
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


class LedgerUnreadable(ValidationError):
    """The file cannot be read as a ledger; the message says why and what to do."""


@dataclass(frozen=True)
class RawTable:
    """A ledger as read: the chosen sheet's header row and its rows (with their numbers
    in the file, as the spreadsheet shows them)."""

    file_name: str
    sheet: str
    header_row: int
    headers: list[str]
    rows: list[tuple[int, list[Any]]]
    sheets: tuple[str, ...] = ()


def header_key(text: Any) -> str:
    """A header as compared: NFKC, lowercase, without spaces, line breaks, ``*`` or colons."""
    plain = unicodedata.normalize("NFKC", str(text or "")).lower()
    return "".join(ch for ch in plain if not ch.isspace() and ch not in "*:：()（）")


def _fail(message: str) -> LedgerUnreadable:
    return LedgerUnreadable(message, field="path")


def _is_blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _grid_rows(path: Path) -> list[tuple[str, list[list[Any]]]]:
    """Every sheet of a workbook as rows of values, merged cells filled in."""
    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        book = load_workbook(path, data_only=True)
    except (zipfile.BadZipFile, InvalidFileException, KeyError, OSError, ValueError) as error:
        raise _fail(
            _("{name} cannot be read: it is damaged or not an Excel workbook (.xlsx).").format(
                name=path.name
            )
        ) from error
    sheets = []
    for sheet in book.worksheets:
        merged = list(sheet.merged_cells.ranges)
        for area in merged:
            value = sheet.cell(area.min_row, area.min_col).value
            sheet.unmerge_cells(str(area))
            for row in range(area.min_row, area.max_row + 1):
                for column in range(area.min_col, area.max_col + 1):
                    sheet.cell(row, column).value = value
        rows = [list(values) for values in sheet.iter_rows(values_only=True)]
        sheets.append((sheet.title, rows))
    return sheets


def _csv_rows(path: Path, data: bytes) -> list[tuple[str, list[list[Any]]]]:
    """A CSV file's rows: UTF-8 (with or without BOM), else GB18030 (Chinese Excel)."""
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:  # pragma: no cover - gb18030 decodes any byte string
        raise _fail(_("{name} is not text in a known encoding.").format(name=path.name))
    if "\x00" in text:
        raise _fail(_("{name} is not a CSV text file.").format(name=path.name))
    sample = text[:20_000]
    try:
        dialect: Any = csv.Sniffer().sniff(sample, delimiters=",\t;")
    except csv.Error:
        dialect = csv.excel
    rows: list[list[Any]] = [list(row) for row in csv.reader(io.StringIO(text), dialect)]
    return [(path.stem, rows)]


def read_grid(path: Path) -> list[tuple[str, list[list[Any]]]]:
    """Every sheet of the file as rows of cell values; refuse what cannot be read."""
    try:
        data = path.read_bytes()
    except FileNotFoundError as error:
        raise _fail(_("{path} does not exist.").format(path=path)) from error
    except OSError as error:
        raise _fail(
            _("{path} cannot be read: {reason}").format(path=path, reason=error.strerror)
        ) from error
    if not data.strip():
        raise _fail(_("{name} is empty.").format(name=path.name))
    kind = path.suffix.lower()
    if data.startswith(OLE_MAGIC):
        raise _fail(
            _(
                "{name} is password-protected or an old Excel 97-2003 file: open it in Excel, "
                "save it without a password as .xlsx, then try again."
            ).format(name=path.name)
        )
    if kind == ".xlsx" or data.startswith(b"PK"):
        return _grid_rows(path)
    if kind in (".csv", ".txt"):
        return _csv_rows(path, data)
    raise _fail(_("Choose a ledger saved as .xlsx or .csv (not {name}).").format(name=path.name))


def _trimmed(row: Sequence[Any]) -> list[Any]:
    values = list(row)
    while values and _is_blank(values[-1]):
        values.pop()
    return values


def find_table(path: Path, score: Callable[[list[str]], int], minimum: int = 2) -> RawTable:
    """Read ``path`` and pick the sheet and header row whose headers ``score`` best.

    A sheet whose best row scores below ``minimum`` is not a ledger (a notes sheet,
    a chart); when no sheet qualifies, the message names the sheets looked at.
    """
    sheets = read_grid(path)
    best: tuple[int, str, int, list[list[Any]]] | None = None
    for title, rows in sheets:
        for position, row in enumerate(rows[:HEADER_SEARCH]):
            headers = [header_key(value) for value in row]
            points = score(headers)
            if points >= minimum and (best is None or points > best[0]):
                best = (points, title, position, rows)
    names = tuple(title for title, _rows in sheets)
    if best is None:
        raise _fail(
            _(
                "No sheet of {name} has a header row Homeward knows (looked at: {sheets}). "
                "The ledger needs columns such as 姓名, 性别, 身份证号 and 入站日期."
            ).format(name=path.name, sheets=pgettext("list separator", ", ").join(names))
        )
    _points, title, position, rows = best
    headers = [str(value).strip() if value is not None else "" for value in rows[position]]
    data: list[tuple[int, list[Any]]] = []
    for number, row in enumerate(rows[position + 1 :], start=position + 2):
        values = _trimmed(row)
        if any(not _is_blank(value) for value in values):
            data.append((number, values))
    if len(data) > MAX_ROWS:
        raise _fail(
            _("{name} has {n} rows; a ledger of at most {most} rows can be imported at once.")
            .format(name=path.name, n=len(data), most=MAX_ROWS)
        )  # fmt: skip
    if not data:
        message = _("Sheet {sheet} of {name} has headers but no rows.")
        raise _fail(message.format(sheet=title, name=path.name))
    return RawTable(path.name, title, position + 1, headers, data, names)
