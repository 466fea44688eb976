"""``homeward --self-test``: the whole program's path, end to end, in a temporary data folder.

Made to check an installed bundle without a person: the files it carries (migrations,
fonts, translations, .ui files, Qt's modules) and the libraries it needs (SQLite,
ReportLab, Pillow, the backup's encryption and compression). In a new temporary
folder, never the user's data folder, it

1. finds the program's files and imports the Qt modules the screens use,
2. creates a database at the first schema and migrates it to the newest,
3. creates a center with its administrator (on Windows, its audit key protected
   by DPAPI) and registers a child with a photo,
4. prints every form, filled in and blank,
5. shows one in Qt's PDF renderer, as the print preview does (offscreen),
6. writes an encrypted backup and verifies it,
7. restores it over a database changed since, and checks the result.

Each step is named as it runs; the first failure raises ``SelfTestFailed``
naming the step, and the folder is removed either way.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import secrets
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from desktop.config import Paths, resolve_paths
from desktop.core.i18n import N_, _

if TYPE_CHECKING:
    from desktop.core.store.db import Database
    from desktop.core.store.models import Staff

Report = Callable[[str], None]

#: Qt modules the screens import (a bundle that left one out fails here, not at a desk).
QT_MODULES = ("QtCore", "QtGui", "QtWidgets", "QtSvg", "QtPdf", "QtPdfWidgets", "QtPrintSupport")


class SelfTestFailed(Exception):
    """A step of the self-test went wrong: ``step`` (translated) and what happened."""

    def __init__(self, step: str, reason: str) -> None:
        super().__init__(f"{step}: {reason}")
        self.step = step
        self.reason = reason


@dataclass
class _Run:
    """What the steps share: the data folder, its administrator's secrets, the results."""

    paths: Paths
    password: str = field(default_factory=lambda: secrets.token_urlsafe(18))
    passphrase: str = field(default_factory=lambda: secrets.token_urlsafe(24))
    case_no: str = ""
    pdf: bytes = b""
    backup: Path | None = None


def _check(condition: bool, reason: str) -> None:
    if not condition:
        raise AssertionError(reason)


def _files_and_qt(run: _Run) -> None:
    import gettext
    import importlib

    from desktop.core.forms import fonts
    from desktop.core.i18n import DOMAIN, locale_dir
    from desktop.core.resources import resources_dir, ui_dir

    _check(any(ui_dir().glob("*.ui")), f"no .ui files in {ui_dir()}")
    _check((resources_dir() / "icons").is_dir(), f"no icons in {resources_dir()}")
    catalog = gettext.translation(DOMAIN, localedir=locale_dir(), languages=["zh_CN"])
    _check(catalog.gettext("Self-test passed.") != "Self-test passed.", "no Chinese catalog")
    fonts.register()
    for name in QT_MODULES:
        importlib.import_module(f"PySide6.{name}")


def _migrate(run: _Run) -> None:
    from desktop.core.store.db import Database, read_revision
    from desktop.core.store.migrations import HEAD, REVISIONS

    path = run.paths.home / "migrated.sqlite"
    Database.create(path, revision=REVISIONS[0]).close()
    Database.open(path).close()
    revision = read_revision(path)
    _check(revision == HEAD, f"migrated to {revision}, not {HEAD}")


def _register(run: _Run) -> None:
    from PIL import Image

    from desktop.core.center import CenterProfile
    from desktop.core.children.intake import add_photo, register_child
    from desktop.core.children.validation import AdmissionInput, BelongingInput, ChildInput
    from desktop.core.setup import initialise

    profile = CenterProfile(name="自检中心", address="测试路1号", phone="010-12345678")
    db, admin = initialise(run.paths, profile, "selftest", "自检", run.password)
    _key_kept_as_the_system_can(run.paths.db_file)
    try:
        child = register_child(
            db,
            admin,
            ChildInput(name="张小明", sex="male", birth_date=dt.date(2015, 3, 4), category="lost"),
            AdmissionInput(
                arrived_at=dt.datetime.now(dt.UTC) - dt.timedelta(hours=1),
                arrival_mode="police",
                found_place="火车站",
            ),
            [BelongingInput(item="书包", description="蓝色")],
        )
        picture = io.BytesIO()
        Image.new("RGB", (120, 160), (200, 180, 160)).save(picture, "JPEG")
        add_photo(db, admin, child.id, picture.getvalue())
        run.case_no = child.case_no
    finally:
        db.close()


def _forms(run: _Run) -> None:
    from desktop.core.forms.service import FORMS, render, render_blank

    with _signed_in(run) as (db, admin):
        for form in FORMS:
            filled = render(db, admin, form, run.case_no, reason="自检：家人已知时的公告")
            for pdf in (filled, render_blank(db, admin, form)):
                _check(pdf.startswith(b"%PDF-") and len(pdf) > 1000, f"form {form} is no PDF")
            run.pdf = run.pdf or filled


def _preview(run: _Run) -> None:
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QSize
    from PySide6.QtPdf import QPdfDocument
    from PySide6.QtWidgets import QApplication

    # The program's own application when there is one (tests); otherwise one that
    # needs no screen, so the self-test runs on a server or in CI too.
    app = QApplication.instance() or QApplication(["homeward", "-platform", "offscreen"])
    data = QByteArray(run.pdf)
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.ReadOnly)
    document = QPdfDocument()
    document.load(buffer)
    _check(document.pageCount() >= 1, f"Qt read no page ({document.error()})")
    image = document.render(0, QSize(210, 297))
    _check(not image.isNull(), "Qt drew no page")
    dark = sum(
        1
        for y in range(0, image.height(), 3)
        for x in range(0, image.width(), 3)
        if image.pixelColor(x, y).lightness() < 128
    )
    _check(dark > 50, f"the page Qt drew is blank ({dark} dark points)")
    del document, buffer, app


def _backup(run: _Run) -> None:
    from desktop.core.backup import create_backup, verify_backup

    target = run.paths.home.parent / "usb"
    target.mkdir()
    with _signed_in(run) as (db, admin):
        result = create_backup(db, run.paths, target, run.passphrase, actor=admin)
    manifest = verify_backup(result.path, run.passphrase)
    _check(manifest.counts.get("child") == 1, f"the backup holds {manifest.counts}")
    run.backup = result.path


def _restore(run: _Run) -> None:
    from desktop.core.audit.check import check_database
    from desktop.core.backup import restore_backup
    from desktop.core.children.intake import register_child
    from desktop.core.children.validation import AdmissionInput, ChildInput
    from desktop.core.instance import InstanceLock
    from desktop.core.store.db import Database
    from desktop.core.store.models import Child

    assert run.backup is not None
    with InstanceLock(run.paths.lock_file):
        with _signed_in(run) as (db, admin):  # the restore closes it first
            register_child(
                db,
                admin,
                ChildInput(name="李小红", sex="female", estimated_age=9),
                AdmissionInput(arrived_at=dt.datetime.now(dt.UTC) - dt.timedelta(minutes=5)),
            )
            restore_backup(run.paths, run.backup, run.passphrase, admin, db=db)
        db = Database.open(run.paths.db_file)
        try:
            with db.session() as session:
                names = [child.name for child in session.query(Child)]
        finally:
            db.close()
    _check(names == ["张小明"], f"restored children: {names}")
    problems = check_database(run.paths.db_file)
    _check(not problems, "; ".join(problems))
    _key_kept_as_the_system_can(run.paths.db_file)


def _key_kept_as_the_system_can(path: Path) -> None:
    """On Windows the audit key must be protected by DPAPI (a failure leaves it plain)."""
    from desktop.core.store import keys

    _check(
        keys.is_protected(path) == keys.protected_store(),
        "the audit key is not protected by the operating system (the log says why)",
    )


@contextlib.contextmanager
def _signed_in(run: _Run) -> Iterator[tuple[Database, Staff]]:
    """Open the run's database with its administrator signed in; close it after."""
    from desktop.core.staff.accounts import authenticate
    from desktop.core.store.db import Database

    db = Database.open(run.paths.db_file)
    try:
        yield db, authenticate(db, "selftest", run.password)
    finally:
        db.close()


STEPS: tuple[tuple[str, Callable[[_Run], None]], ...] = (
    (N_("program files and Qt modules"), _files_and_qt),
    (N_("create and migrate a database"), _migrate),
    (N_("register a child"), _register),
    (N_("print every form"), _forms),
    (N_("show a form in the print preview"), _preview),
    (N_("make and verify a backup"), _backup),
    (N_("restore the backup"), _restore),
)


def run_self_test(report: Report = print) -> None:
    """Run every step in a new temporary folder; raise ``SelfTestFailed`` at the first failure."""
    with tempfile.TemporaryDirectory(prefix="homeward-selftest-", ignore_cleanup_errors=True) as t:
        run = _Run(resolve_paths(Path(t) / "home"))
        run.paths.home.mkdir(mode=0o700)
        for number, (name, step) in enumerate(STEPS, 1):
            report(_("{n}/{total} {step}").format(n=number, total=len(STEPS), step=_(name)))
            try:
                step(run)
            except Exception as error:  # the step's name and the cause, whatever it was
                reason = str(error) or type(error).__name__
                raise SelfTestFailed(_(name), reason) from error
