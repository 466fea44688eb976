"""``homeward --self-test``: passes on a sound installation, names the step that fails."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest

import desktop.core.backup
import desktop.core.forms.service
import desktop.core.resources
from desktop.cli import main
from desktop.selftest import STEPS
from tests.protectors import FakeProtector, RefusingProtector, protecting_with

pytestmark = pytest.mark.usefixtures("lang_en")


@pytest.fixture
def temp_root(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Where the self-test's temporary folders go, and a data folder it must not touch."""
    root = tmp_path / "tmp"
    root.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(root))
    monkeypatch.setenv("HOMEWARD_HOME", str(tmp_path / "data"))
    return root


def test_passes_every_step_and_leaves_nothing_behind(
    temp_root: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["--self-test"]) == 0
    out, err = capsys.readouterr()
    lines = out.splitlines()
    assert lines[: len(STEPS)] == [
        f"{n}/{len(STEPS)} {name}" for n, (name, _step) in enumerate(STEPS, 1)
    ]
    assert lines[-1] == "Self-test passed."
    assert err == ""
    assert list(temp_root.iterdir()) == []  # its folder is gone
    assert not (tmp_path / "data").exists()  # the data folder was never touched


def test_a_missing_ui_folder_fails_the_first_step(
    temp_root: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setattr(desktop.core.resources, "ui_dir", lambda: tmp_path / "nowhere")
    assert main(["--self-test"]) == 1
    out, err = capsys.readouterr()
    assert err.startswith("homeward: self-test failed at program files and Qt modules: no .ui")
    assert "2/" not in out and "passed" not in out
    assert list(temp_root.iterdir()) == []


def test_a_form_that_is_no_pdf_fails_the_forms_step(
    temp_root: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(desktop.core.forms.service, "render_blank", lambda *args: b"%PDF-")
    assert main(["--self-test"]) == 1
    out, err = capsys.readouterr()
    assert err.startswith("homeward: self-test failed at print every form: form intake is no PDF")
    assert "4/7 print every form" in out and "5/" not in out
    assert list(temp_root.iterdir()) == []


def _blank_pdf() -> bytes:
    """A one-page PDF with nothing visible on the page (padded past the size check)."""
    import io

    from reportlab.pdfgen import canvas

    out = io.BytesIO()
    page = canvas.Canvas(out, pageCompression=0)
    page.setTitle("blank " * 200)
    page.setFillColorRGB(1, 1, 1)
    page.rect(0, 0, 595, 842, stroke=0, fill=1)
    page.showPage()
    page.save()
    return out.getvalue()


def test_a_page_qt_draws_blank_fails_the_preview_step(
    temp_root: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    blank = _blank_pdf()
    assert len(blank) > 1000
    monkeypatch.setattr(desktop.core.forms.service, "render", lambda *args, **kwargs: blank)
    assert main(["--self-test"]) == 1
    out, err = capsys.readouterr()
    assert err.startswith(
        "homeward: self-test failed at show a form in the print preview: "
        "the page Qt drew is blank (0 dark points)"
    )
    assert "6/" not in out
    assert list(temp_root.iterdir()) == []


def test_a_restore_that_changes_nothing_fails_the_restore_step(
    temp_root: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def no_restore(paths, source, passphrase, actor, *, db=None, **kwargs):  # type: ignore[no-untyped-def]
        db.close()

    monkeypatch.setattr(desktop.core.backup, "restore_backup", no_restore)
    assert main(["--self-test"]) == 1
    out, err = capsys.readouterr()
    assert "homeward: self-test failed at restore the backup: restored children:" in err
    assert "李小红" in err
    assert "passed" not in out


def test_an_error_outside_the_steps_is_one_line_and_exit_1(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path / "missing"))
    assert main(["--self-test"]) == 1
    out, err = capsys.readouterr()
    assert err.startswith("homeward: self-test failed: ")
    assert len(err.strip().splitlines()) == 1
    assert out == ""


def test_the_audit_key_is_protected_where_the_system_can(
    temp_root: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """With a protected store (Windows), set-up and restore leave the key protected."""
    with protecting_with(FakeProtector()):
        assert main(["--self-test"]) == 0
    assert capsys.readouterr().out.splitlines()[-1] == "Self-test passed."


def test_a_key_left_plain_by_a_failing_protection_fails_the_self_test(
    temp_root: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with protecting_with(RefusingProtector()):
        assert main(["--self-test"]) == 1
    err = capsys.readouterr().err
    assert err.startswith("homeward: self-test failed at register a child: the audit key is not")
    assert list(temp_root.iterdir()) == []
