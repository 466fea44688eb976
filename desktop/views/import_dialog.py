"""Importing the center's existing ledger: choose the file, check which column holds
what, check every row (a dry run that writes nothing), then import all at once.

The file is read once (``preview_ledger``, on a worker thread); the check and the
import run on that table with a progress dialog. Changing the mapping asks for a
new check before anything can be imported.
"""

from __future__ import annotations

import datetime as dt
import logging
from pathlib import Path
from typing import Any

from PySide6.QtWidgets import QComboBox, QDialog, QFileDialog, QTableWidgetItem, QWidget

from desktop.core.errors import HomewardError
from desktop.core.i18n import _, ngettext
from desktop.core.reports import ledger
from desktop.core.reports.ledger_file import RawTable
from desktop.views.context import SessionContext
from desktop.views.kit.inline_errors import report
from desktop.views.kit.long_work import run_with_progress
from desktop.views.kit.style import restyle, say_done
from desktop.views.kit.ui_types import ImportDialogWidgets
from desktop.views.kit.uiloader import icon, load_ui

log = logging.getLogger(__name__)
#: How many problems the dialog lists (the rest are counted).
SHOWN_PROBLEMS = 2_000


class ImportDialog(QDialog, ImportDialogWidgets):
    """The three steps of an import: mapping, check, import."""

    def __init__(self, context: SessionContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        load_ui("import_dialog", self)
        self.context = context
        self.raw: RawTable | None = None
        self.checked: ledger.DryRun | None = None
        self.imported: ledger.Imported | None = None
        self.chooseFile.setIcon(icon("import"))
        self.chooseFile.clicked.connect(self.choose)
        self.check.clicked.connect(self.run_check)
        self.importRows.clicked.connect(self.run_import)
        self.closeButton.clicked.connect(self.reject)
        self.skipBad.toggled.connect(lambda _on: self._update_buttons())
        header = self.mapping.horizontalHeader()
        header.setStretchLastSection(True)
        self.mapping.verticalHeader().hide()
        self._update_buttons()

    # step 1 -------------------------------------------------------------------------------

    def choose(self) -> None:
        """Ask for the ledger file, then read it."""
        path, _filter = QFileDialog.getOpenFileName(
            self, _("Import a ledger"), "", _("Ledgers (*.xlsx *.csv)")
        )
        if path:
            self.open_file(Path(path))

    def open_file(self, path: Path) -> None:
        """Read ``path`` on a worker thread and show its columns."""
        self.fileName.setText(str(path))
        self.sheetLine.setText(_("Reading {name}…").format(name=path.name))
        self.raw = self.checked = None
        self._update_buttons()
        self.context.ops.read_later(self.show_table, self._unreadable, ledger.preview_ledger, path)

    def _unreadable(self, error: BaseException) -> None:
        self.sheetLine.setText("")
        if isinstance(error, HomewardError):
            report(self, error)
        else:
            log.error("reading a ledger failed", exc_info=(type(error), error, error.__traceback__))
            report(
                self, HomewardError(_("The file could not be read; the details are in the log."))
            )

    def show_table(self, found: tuple[RawTable, dict[str, int]]) -> None:
        """Show the file's columns, a sample value and what each is taken to hold."""
        raw, guessed = found
        self.raw = raw
        self.sheetLine.setText(
            ngettext(
                "Sheet “{sheet}”, header in row {row}, {n} row.",
                "Sheet “{sheet}”, header in row {row}, {n} rows.",
                len(raw.rows),
            ).format(sheet=raw.sheet, row=raw.header_row, n=len(raw.rows))
        )
        held = {index: key for key, index in guessed.items()}
        self.mapping.setRowCount(len(raw.headers))
        for index, header in enumerate(raw.headers):
            shown = " ".join(header.split())  # a header typed over two lines
            self.mapping.setItem(index, 0, QTableWidgetItem(shown or _("(no header)")))
            self.mapping.setItem(index, 1, QTableWidgetItem(_sample(raw, index)))
            combo = QComboBox()
            combo.addItem(_("— not imported —"), None)
            for key in ledger.TARGETS:
                combo.addItem(ledger.target_label(key), key)
            combo.setCurrentIndex(max(combo.findData(held.get(index)), 0))
            combo.currentIndexChanged.connect(lambda _i: self._mapping_changed())
            self.mapping.setCellWidget(index, 2, combo)
        self.mapping.resizeColumnsToContents()
        self._mapping_changed()

    def chosen_mapping(self) -> dict[str, int]:
        """What the combo boxes say: ``{key: column index}`` (the first column wins)."""
        chosen: dict[str, int] = {}
        for index in range(self.mapping.rowCount()):
            combo = self.mapping.cellWidget(index, 2)
            key: Any = combo.currentData() if isinstance(combo, QComboBox) else None
            if isinstance(key, str) and key not in chosen:
                chosen[key] = index
        return chosen

    def _mapping_changed(self) -> None:
        self.checked = None
        self.summary.setText(_("Check every row before importing."))
        self.problems.clear()
        self._update_buttons()

    # step 2 -------------------------------------------------------------------------------

    def run_check(self) -> None:
        """Check every row (writes nothing) with a progress dialog."""
        if self.raw is None:
            return
        run_with_progress(
            self, self.context, _("Checking every row…"), self.show_check,
            ledger.dry_run, self.raw, self.chosen_mapping(),
            on_cancelled=lambda _message: self._stopped(_("The check was stopped.")),
        )  # fmt: skip

    def show_check(self, checked: ledger.DryRun) -> None:
        """Show the outcome of the check: the rows that can come in, each problem."""
        self.checked = checked
        bad = len(checked.bad_rows)
        good = len(checked.good)
        self.summary.setText(
            ngettext("{n} row can be imported", "{n} rows can be imported", good).format(n=good)
            + _("; ")
            + ngettext("{n} row has problems.", "{n} rows have problems.", bad).format(n=bad)
        )
        self.summary.setProperty("role", "warning" if bad else "")
        restyle(self.summary)
        lines = checked.problem_lines()
        shown = lines[:SHOWN_PROBLEMS]
        if len(lines) > SHOWN_PROBLEMS:
            shown.append(_("… and {n} more.").format(n=len(lines) - SHOWN_PROBLEMS))
        self.problems.setPlainText("\n".join(shown))
        self._update_buttons()

    # step 3 -------------------------------------------------------------------------------

    def run_import(self) -> None:
        """Import the checked rows, all at once."""
        if self.raw is None or self.checked is None:
            return
        run_with_progress(
            self, self.context, _("Importing…"), self.show_imported,
            ledger.import_ledger, self.raw, self.chosen_mapping(), self.skipBad.isChecked(),
            on_cancelled=lambda _message: self._stopped(_("Stopped. Nothing was imported.")),
        )  # fmt: skip

    def _stopped(self, message: str) -> None:
        """The check or the import was cancelled: nothing was written; say so here."""
        self.summary.setText(message)
        self.summary.setProperty("role", "warning")
        restyle(self.summary)

    def show_imported(self, done: ledger.Imported) -> None:
        """Say what came in and close."""
        self.imported = done
        message = ngettext(
            "Imported {n} child (cases {first} to {last}).",
            "Imported {n} children (cases {first} to {last}).",
            done.children,
        ).format(n=done.children, first=done.first_case, last=done.last_case)
        say_done(self.parentWidget() or self, message)
        self.summary.setText(message)
        self.checked = None
        self._update_buttons()
        self.accept()

    def _update_buttons(self) -> None:
        checked = self.checked
        self.check.setEnabled(self.raw is not None)
        has_bad = bool(checked and checked.problems)
        self.skipBad.setEnabled(has_bad)
        self.importRows.setEnabled(
            checked is not None and bool(checked.good) and (not has_bad or self.skipBad.isChecked())
        )


def _sample(raw: RawTable, index: int) -> str:
    """The first value of column ``index`` that is not empty."""
    for _number, values in raw.rows:
        if index < len(values) and values[index] not in (None, ""):
            value = values[index]
            if isinstance(value, dt.datetime) and value.time() == dt.time():
                return value.date().isoformat()
            return str(value)
    return ""
