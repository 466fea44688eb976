"""The print preview: a form's PDF on screen (QtPdf), printed through the system dialog or saved.

Printing renders each page with QtPdf at the printer's resolution and paints it
on the printer, so what comes out is the PDF the core built, on any printer Qt
knows (a real one, or a CUPS-PDF queue).
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Sequence

from PySide6.QtCore import QBuffer, QByteArray, QDate, QIODevice, QRect, QSize
from PySide6.QtGui import QPainter
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import QDialog, QFileDialog, QInputDialog, QMessageBox, QWidget

from desktop.core.errors import HomewardError
from desktop.core.i18n import _, ngettext
from desktop.core.private_files import write_private_bytes
from desktop.core.store.db import Database
from desktop.core.store.models import Staff
from desktop.views.context import SessionContext
from desktop.views.kit.ui_types import PrintPreviewWidgets, RosterDayDialogWidgets
from desktop.views.kit.uiloader import load_ui

log = logging.getLogger(__name__)


class PrintPreviewDialog(QDialog, PrintPreviewWidgets):
    """Shows ``pdf`` page after page, with Print… and Save as PDF… buttons."""

    def __init__(
        self,
        pdf: bytes,
        title: str,
        parent: QWidget | None = None,
        warnings: Sequence[str] = (),
    ) -> None:
        super().__init__(parent)
        load_ui("print_preview", self)
        self.pdf = pdf
        self.retitle(title)
        self._bytes = QByteArray(pdf)
        self._buffer = QBuffer(self._bytes, self)
        self._buffer.open(QIODevice.OpenModeFlag.ReadOnly)
        self.document = QPdfDocument(self)
        self.document.load(self._buffer)
        self.view = QPdfView(self.viewHolder)
        self.view.setPageMode(QPdfView.PageMode.MultiPage)
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        self.view.setDocument(self.document)
        self.viewLayout.addWidget(self.view)
        count = self.document.pageCount()
        self.warnings = tuple(warnings)
        shown = ngettext("{count} page", "{count} pages", count).format(count=count)
        if self.warnings:  # characters no font has, a notice that says nothing
            shown = "\n".join([shown, *self.warnings])
            self.pages.setWordWrap(True)
        self.pages.setText(shown)
        self._shown = shown
        self.printButton.clicked.connect(self.print_dialog)
        self.saveButton.clicked.connect(self.save_dialog)
        self.closeButton.clicked.connect(self.reject)

    def retitle(self, title: str) -> None:
        """Call the form ``title`` (the window, the print job, the file name offered)."""
        self.title = title
        self.setWindowTitle(_("Print preview: {title}").format(title=title))

    @property
    def page_count(self) -> int:
        """How many pages the PDF has (0 when QtPdf could not read it)."""
        return int(self.document.pageCount())

    def print_dialog(self) -> None:
        """Ask for a printer with the system dialog, then print every page."""
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setDocName(self.title)
        dialog = QPrintDialog(printer, self)
        dialog.setWindowTitle(_("Print {title}").format(title=self.title))
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        if not self.print_to(printer):
            QMessageBox.warning(self, _("Homeward"), _("The printer could not be started."))

    def print_to(self, printer: QPrinter) -> bool:
        """Print every page on ``printer`` at its resolution; False when it cannot start."""
        painter = QPainter()
        if not painter.begin(printer):
            return False
        try:
            for page in range(self.page_count):
                if page:
                    printer.newPage()
                self._paint_page(painter, printer, page)
        finally:
            painter.end()
        return True

    def _paint_page(self, painter: QPainter, printer: QPrinter, page: int) -> None:
        """Render ``page`` at the printer's resolution, fitted to the printable area."""
        area = printer.pageLayout().paintRectPixels(printer.resolution())
        points = self.document.pagePointSize(page)
        scale = min(area.width() / points.width(), area.height() / points.height())
        size = QSize(round(points.width() * scale), round(points.height() * scale))
        image = self.document.render(page, size)
        painter.drawImage(QRect(0, 0, size.width(), size.height()), image)

    def save_dialog(self) -> None:
        """Ask where to save the PDF, then write it."""
        path, _filter = QFileDialog.getSaveFileName(
            self, _("Save as PDF"), f"{self.title}.pdf", _("PDF files (*.pdf)")
        )
        if not path:
            return
        if not path.lower().endswith(".pdf"):
            path += ".pdf"
        try:
            write_private_bytes(path, self.pdf)  # a child's record: owner-only
        except OSError as error:
            QMessageBox.warning(
                self,
                _("Homeward"),
                _("{path} cannot be written: {reason}").format(path=path, reason=error.strerror),
            )
            return
        self.pages.setWordWrap(True)
        self.pages.setText("\n".join([self._shown, _("Saved as {path}.").format(path=path)]))


_open_previews: set[PrintPreviewDialog] = set()


def print_form(
    context: SessionContext,
    form: str,
    case_no: str,
    parent: QWidget | None = None,
    *,
    reason: str = "",
) -> None:
    """Build ``form`` for ``case_no`` (``""``: the form blank) in a worker thread, then
    open its preview.

    ``context`` is the signed-in ``SessionContext``; a domain error (no such
    case, no permission) is shown in a message box, anything else is logged. A
    family-search notice that needs a recorded reason asks for one, then tries again.
    """
    from desktop.core.forms.notice import ReasonNeeded
    from desktop.core.forms.registry import FORMS
    from desktop.core.forms.service import form_warnings, render, render_blank

    title = f"{FORMS[form].title} {case_no}".strip() if form in FORMS else case_no

    def work(db: Database, user: Staff) -> tuple[bytes, list[str]]:
        if not case_no:
            return render_blank(db, user, form), []
        pdf = render(db, user, form, case_no, reason=reason)  # a first notice records its date
        return pdf, form_warnings(db, user, form, case_no)

    def done(result: tuple[bytes, list[str]]) -> None:
        pdf, warnings = result
        show_preview(pdf, title, parent, warnings)

    def failed(error: BaseException) -> None:
        if isinstance(error, ReasonNeeded):
            given, ok = QInputDialog.getMultiLineText(
                parent, _("Reason for the notice"), error.message
            )
            if ok and given.strip():
                print_form(context, form, case_no, parent, reason=given.strip())
            return
        report_failure(parent, error, f"{form} of {case_no}")

    context.ops.start(done, failed, work)


def print_plan_form(
    context: SessionContext,
    form: str,
    plan_id: int,
    parent: QWidget | None = None,
    *,
    visit_id: int | None = None,
) -> None:
    """Build the return-home ``form`` of the plan ``plan_id`` (the 回访记录表 of its visit
    ``visit_id``) in a worker thread, then open its preview."""
    from desktop.core.forms.registry import FORMS
    from desktop.core.forms.service import render_plan_form

    def shown(pdf: bytes) -> None:
        dialog = show_preview(pdf, FORMS[form].title, parent)
        case_no = dialog.document.metaData(QPdfDocument.MetaDataField.Subject)
        if case_no:  # the form's case number, as the record's forms are titled
            dialog.retitle(f"{FORMS[form].title} {case_no}")

    def failed(error: BaseException) -> None:
        report_failure(parent, error, f"{form} of plan {plan_id}")

    context.ops.start(shown, failed, render_plan_form, form, plan_id, visit_id)


def show_preview(
    pdf: bytes, title: str, parent: QWidget | None, warnings: Sequence[str] = ()
) -> PrintPreviewDialog:
    """Open the preview of ``pdf``, kept alive until it is closed."""
    dialog = PrintPreviewDialog(pdf, title, parent, warnings)
    _open_previews.add(dialog)  # kept alive until closed, even without a parent
    dialog.finished.connect(lambda _result: _open_previews.discard(dialog))
    dialog.open()
    return dialog


def report_failure(parent: QWidget | None, error: BaseException, what: str) -> None:
    """Tell the user a form could not be made: a domain error as it is, else the log."""
    if isinstance(error, HomewardError):
        QMessageBox.warning(parent, _("Homeward"), error.message)
        return
    log.error("printing %s failed", what, exc_info=error)
    QMessageBox.warning(
        parent, _("Homeward"), _("The form could not be made; the details are in the log file.")
    )


class RosterDayDialog(QDialog, RosterDayDialogWidgets):
    """Asks for the day whose roster (在站人员名册) to print."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        load_ui("roster_day_dialog", self)
        self.day.setDate(QDate.currentDate())
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)


def print_roster(context: SessionContext, day: dt.date, parent: QWidget | None = None) -> None:
    """Build the roster of ``day`` in a worker thread, then open its preview."""
    from desktop.core.forms.service import print_roster as build

    title = f"在站人员名册 {day.isoformat()}"

    def shown(pdf: bytes) -> None:
        show_preview(pdf, title, parent)

    def failed(error: BaseException) -> None:
        report_failure(parent, error, "the roster")

    context.ops.start(shown, failed, build, day)
