"""A real print queue: a form printed through the preview's print path to a CUPS-PDF queue.

Needs Debian's cups and printer-driver-cups-pdf, a running cupsd and a queue made with
``lpadmin -p PDF -v cups-pdf:/ -E -m lsb/usr/cups-pdf/CUPS-PDF_opt.ppd`` (.ci/run
does this). Skipped, with the reason, where the machine has none of that.
"""

from __future__ import annotations

import io
import os
import shutil
import time
import uuid
from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtPrintSupport import QPrinter, QPrinterInfo

from desktop.core.forms import intake_form
from desktop.core.forms.samples import sample_case
from desktop.views.print_preview import PrintPreviewDialog

QUEUE = os.environ.get("HOMEWARD_TEST_PRINTER", "PDF")


def _out_dir() -> Path:
    """Where cups-pdf writes: ``Out`` of /etc/cups/cups-pdf.conf, ${HOME} of this user."""
    folder = "${HOME}/PDF"
    conf = Path("/etc/cups/cups-pdf.conf")
    if conf.exists():
        for line in conf.read_text(errors="replace").splitlines():
            if line.startswith("Out "):
                folder = line.split(None, 1)[1].strip()
    import getpass

    return Path(folder.replace("${HOME}", str(Path.home())).replace("${USER}", getpass.getuser()))


def _queue(app: object) -> QPrinterInfo:
    if shutil.which("lpstat") is None:
        pytest.skip("CUPS is not installed (apt: cups printer-driver-cups-pdf)")
    info = QPrinterInfo.printerInfo(QUEUE)
    if info.isNull():
        names = [p.printerName() for p in QPrinterInfo.availablePrinters()]
        pytest.skip(f"no CUPS queue {QUEUE!r} (cupsd running? lpadmin done?); queues: {names}")
    return info


def test_a_form_printed_to_the_cups_pdf_queue_lands_as_a_pdf(app, qtbot) -> None:  # type: ignore[no-untyped-def]
    info = _queue(app)
    pdf = intake_form.build(sample_case())
    dialog = PrintPreviewDialog(pdf, "intake")
    qtbot.addWidget(dialog)
    job = f"homeward-test-{uuid.uuid4().hex[:8]}"
    printer = QPrinter(info, QPrinter.PrinterMode.HighResolution)
    printer.setDocName(job)
    assert printer.outputFormat() == QPrinter.OutputFormat.NativeFormat
    assert dialog.print_to(printer)

    folder = _out_dir()
    deadline = time.monotonic() + 60
    landed: list[Path] = []
    while time.monotonic() < deadline and not landed:
        landed = [p for p in folder.glob("*.pdf") if job in p.name] if folder.is_dir() else []
        time.sleep(0.5)
    if not landed:
        pytest.fail(f"nothing from job {job} in {folder} within 60 s (see /var/log/cups)")
    time.sleep(1)  # cups-pdf may still be closing the file
    printed = PdfReader(io.BytesIO(landed[0].read_bytes()))
    assert len(printed.pages) == dialog.page_count == 2
    box = printed.pages[0].mediabox
    assert abs(float(box.width) - 595) < 6 and abs(float(box.height) - 842) < 6  # A4
    for path in folder.glob(f"*{job}*"):
        path.unlink()
