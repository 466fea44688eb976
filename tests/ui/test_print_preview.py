"""The print preview: QtPdf shows the form, Print paints it on a printer, Save writes it."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QApplication, QFileDialog, QInputDialog, QMessageBox

from desktop.core.forms import notice_form
from desktop.core.forms.samples import sample_case
from desktop.views import print_preview
from desktop.views.print_preview import PrintPreviewDialog, print_form


@pytest.fixture(scope="module")
def notice_pdf() -> bytes:
    return notice_form.build(sample_case())


def test_the_preview_shows_every_page(app, qtbot, notice_pdf: bytes) -> None:  # type: ignore[no-untyped-def]
    dialog = PrintPreviewDialog(notice_pdf, "寻亲公告 2026-0013")
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.page_count == 1
    assert "寻亲公告" in dialog.windowTitle()
    assert dialog.pages.text() == "1 page"


def test_save_as_pdf_writes_the_bytes(app, qtbot, notice_pdf, tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    dialog = PrintPreviewDialog(notice_pdf, "notice")
    qtbot.addWidget(dialog)
    target = tmp_path / "saved"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    assert "Saved" not in dialog.pages.text()
    dialog.saveButton.click()
    assert Path(f"{target}.pdf").read_bytes() == notice_pdf
    assert dialog.pages.text() == f"1 page\nSaved as {target}.pdf."


def test_a_pdf_that_cannot_be_written_is_not_said_saved(
    app, qtbot, notice_pdf, tmp_path, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QMessageBox

    dialog = PrintPreviewDialog(notice_pdf, "notice")
    qtbot.addWidget(dialog)
    target = tmp_path / "no-such-folder" / "saved.pdf"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    warned: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, _t, text, *a: warned.append(text))
    dialog.saveButton.click()
    assert warned and "cannot be written" in warned[0]
    assert dialog.pages.text() == "1 page"


def test_printing_paints_each_page_on_the_printer(app, qtbot, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from desktop.core.forms import belongings_form
    from desktop.core.forms.data import Belonging

    case = sample_case()
    items = tuple(Belonging({"item": f"物品{n}", "quantity": 1}) for n in range(60))
    pdf = belongings_form.build(case.__class__(**{**case.__dict__, "belongings": items}))
    dialog = PrintPreviewDialog(pdf, "belongings")
    qtbot.addWidget(dialog)
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    out = tmp_path / "printed.pdf"
    printer.setOutputFileName(str(out))
    assert dialog.print_to(printer)
    printed = PdfReader(io.BytesIO(out.read_bytes()))
    assert len(printed.pages) == dialog.page_count >= 2
    assert printed.pages[0].images  # each page painted as the rendered image


def _add_child(context) -> None:  # type: ignore[no-untyped-def]
    """A minimal case 2026-0001 with one stay, straight into the database."""
    import datetime as dt

    from desktop.core.store.models import Admission, Child

    with context.ops.db.session() as session:
        child = Child(case_no="2026-0001", case_year=2026, case_seq=1, name="李小花", sex="female")
        session.add(child)
        session.flush()
        session.add(Admission(child_id=child.id, arrived_at=dt.datetime.now(dt.UTC)))


def _preview() -> PrintPreviewDialog | None:
    found = [w for w in QApplication.topLevelWidgets() if isinstance(w, PrintPreviewDialog)]
    visible = [w for w in found if w.isVisible()]
    return visible[-1] if visible else None


def test_print_form_builds_in_a_worker_and_opens_the_preview(context, qtbot, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    _add_child(context)
    asked: list[str] = []

    def answer(_parent: object, _title: str, text: str) -> tuple[str, bool]:
        asked.append(text)
        return "家属电话停机，经公安同意发布", True

    monkeypatch.setattr(QInputDialog, "getMultiLineText", answer)
    print_form(context, "notice", "2026-0001")  # a named child: the reason is asked for
    qtbot.waitUntil(lambda: _preview() is not None, timeout=10000)
    assert len(asked) == 1 and ("family is unknown" in asked[0] or "家人不明" in asked[0])
    dialog = _preview()
    assert dialog is not None and dialog.page_count == 1
    text = re.sub(r"\s+", "", PdfReader(io.BytesIO(dialog.pdf)).pages[0].extract_text())
    assert "李小花" in text and "暂无照片" in text
    dialog.close()
    qtbot.waitUntil(lambda: not print_preview._open_previews, timeout=5000)


def test_a_notice_whose_reason_is_not_given_is_not_printed(context, qtbot, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from desktop.core.store.models import Admission

    _add_child(context)
    asked: list[str] = []

    def cancel(_parent: object, _title: str, text: str) -> tuple[str, bool]:
        asked.append(text)
        return "", False

    monkeypatch.setattr(QInputDialog, "getMultiLineText", cancel)
    print_form(context, "notice", "2026-0001")
    qtbot.waitUntil(lambda: bool(asked), timeout=10000)
    qtbot.wait(200)
    assert _preview() is None
    with context.ops.db.session() as session:
        stay = session.query(Admission).one()
        assert stay.notice_issued_on is None and stay.notice_reason == ""


def test_a_blank_form_opens_in_the_preview(context, qtbot) -> None:  # type: ignore[no-untyped-def]
    print_form(context, "intake", "")
    qtbot.waitUntil(lambda: _preview() is not None, timeout=10000)
    dialog = _preview()
    assert dialog is not None
    text = re.sub(r"\s+", "", PdfReader(io.BytesIO(dialog.pdf)).pages[0].extract_text())
    assert "入站登记表" in text and "☐男☐女☐不详" in text
    dialog.close()
    qtbot.waitUntil(lambda: not print_preview._open_previews, timeout=5000)


def test_print_form_shows_a_clear_message_for_an_unknown_case(context, qtbot, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, _t, text: shown.append(text))
    print_form(context, "intake", "2099-0099")
    qtbot.waitUntil(lambda: bool(shown), timeout=10000)
    assert "2099-0099" in shown[0]


def test_the_preview_says_which_characters_could_not_be_printed(context, qtbot) -> None:  # type: ignore[no-untyped-def]
    from desktop.core.store.models import Child

    _add_child(context)
    with context.ops.db.session() as session:
        session.query(Child).one().name = "李𪚥"
    print_form(context, "intake", "2026-0001")
    qtbot.waitUntil(lambda: _preview() is not None, timeout=10000)
    dialog = _preview()
    assert dialog is not None
    assert any("U+2A6A5" in warning for warning in dialog.warnings)
    assert "U+2A6A5" in dialog.pages.text()
    dialog.close()
    qtbot.waitUntil(lambda: not print_preview._open_previews, timeout=5000)
