"""Render the main screens to PNG for the README: ``python tests/screenshots.py OUT_DIR``.

``python tests/screenshots.py OUT_DIR described`` makes only the children list
searched for a mark (胎记), found in the appearance and highlighted; the README's
copy is made on a real X11 window (``QT_QPA_PLATFORM=xcb`` under Xvfb) into
docs/screenshots/desk.

Runs the real windows on a throw-away data folder (offscreen unless a display is
set), in both languages, and saves each with ``QWidget.grab()``.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication, QWidget

from desktop.config import resolve_paths
from desktop.core.center import CenterProfile
from desktop.core.setup import initialise
from desktop.core.staff import accounts
from desktop.views.app import make_application
from desktop.views.context import SessionContext
from desktop.views.main_window import MainWindow
from desktop.views.qt_i18n import Translators
from desktop.views.setup_wizard import SetupWizard
from desktop.views.sign_in import SignInDialog

PASSWORD = "screen-shot-1"


def save(widget: QWidget, path: Path) -> None:
    """Show, lay out and grab ``widget`` into ``path``."""
    widget.show()
    for _ in range(5):
        QApplication.processEvents()
    widget.grab().save(str(path))
    print(path)


def main(out: Path) -> None:
    """Make every screenshot into ``out``."""
    out.mkdir(parents=True, exist_ok=True)
    make_application()
    translators = Translators()
    home = Path(tempfile.mkdtemp()) / "home"
    paths = resolve_paths(home)
    db, admin = initialise(
        paths,
        CenterProfile(
            name="城南区未成年人救助保护中心", address="城南区和平路 18 号", phone="010-8888 1234"
        ),
        "wangli",
        "王丽",
        PASSWORD,
    )
    for username, name, role in (
        ("zhangwei", "张伟", "intake"),
        ("liuyang", "刘洋", "caseworker"),
        ("chenjing", "陈静", "viewer"),
    ):
        accounts.create_staff(
            db, admin, username, name, role, PASSWORD, accounts.PreEmploymentCheck(None, "", "")
        )
    admin = accounts.authenticate(db, "wangli", PASSWORD)
    state = QSettings(str(paths.ui_state_file), QSettings.Format.IniFormat)
    for language in ("zh_CN", "en"):
        translators.install(language)
        suffix = "zh" if language == "zh_CN" else "en"
        wizard = SetupWizard(resolve_paths(Path(tempfile.mkdtemp())))
        save(wizard, out / f"wizard-{suffix}.png")
        wizard.center_page.form.name.setText("城南区未成年人救助保护中心")
        wizard.next()
        save(wizard, out / f"wizard-admin-{suffix}.png")
        wizard.close()
        dialog = SignInDialog()
        dialog.set_database(db, "城南区未成年人救助保护中心")
        dialog.username.setText("wangli")
        save(dialog, out / f"sign-in-{suffix}.png")
        dialog.close()
        window = MainWindow(SessionContext.open(paths, db, admin, state))
        window.resize(1180, 720)
        save(window, out / f"main-{suffix}.png")
        window.show_area(5)
        assert window.settings.staff_tab is not None
        window.settings.setCurrentWidget(window.settings.staff_tab)
        save(window, out / f"staff-{suffix}.png")
        assert window.settings.audit_tab is not None
        window.settings.setCurrentWidget(window.settings.audit_tab)
        window.settings.audit_tab.auditTable.selectRow(0)
        save(window, out / f"audit-{suffix}.png")
        window.close_for_sign_out()
    db.close()
    intake_screens(out, translators)


def intake_screens(out: Path, translators: Translators) -> None:
    """The children list, the intake dialog and a child's record, on made-up records."""
    from desktop.core import tasks
    from desktop.core.children import intake, search
    from desktop.core.demo.generate import create_demo
    from desktop.core.store.db import Database
    from desktop.views.child_record import ChildRecord
    from desktop.views.intake_dialog import IntakeDialog

    paths = resolve_paths(Path(tempfile.mkdtemp()) / "demo")
    create_demo(paths, PASSWORD, 400, seed=7)
    db = Database.open(paths.db_file)
    admin = accounts.authenticate(db, "admin", PASSWORD)
    state = QSettings(str(paths.ui_state_file), QSettings.Format.IniFormat)
    context = SessionContext.open(paths, db, admin, state)
    in_center = search.search_children(db, admin, search.SearchFilter(in_center=True), limit=5)
    all_tasks = tasks.list_tasks(db, admin, open_only=False)
    for language in ("zh_CN", "en"):
        translators.install(language)
        suffix = "zh" if language == "zh_CN" else "en"
        window = MainWindow(context)
        window.resize(1180, 720)
        save(window, out / f"dashboard-{suffix}.png")
        window.show_area(1)
        save(window, out / f"children-{suffix}.png")
        window.children_page.search.setText("zh")
        window.children_page.refresh()
        save(window, out / f"children-search-{suffix}.png")
        window.close_for_sign_out()
        dialog = IntakeDialog(context)
        dialog.resize(1160, 780)
        dialog.name.setText("李小红")
        dialog.id_number.setText("11010520140503123")
        dialog.id_number.editingFinished.emit()
        save(dialog, out / f"intake-{suffix}.png")
        dialog.close()
        record = ChildRecord(context, in_center[0].id)
        record.resize(1000, 680)
        save(record, out / f"record-{suffix}.png")
        record.tabs.setCurrentIndex(1)
        record.admissionsTable.selectRow(0)
        save(record, out / f"record-admissions-{suffix}.png")
        record.tabs.setCurrentWidget(record.notesTab)
        save(record, out / f"record-services-{suffix}.png")
        record.tabs.setCurrentWidget(record.historyTab)
        record.historyTable.selectRow(0)
        save(record, out / f"record-history-{suffix}.png")
        record.close()
        # the tasks of a child who has some, one of them done with its receipt number
        done = [task for task in all_tasks if task.done_at is not None] or all_tasks
        record = ChildRecord(context, done[0].child_id)
        record.resize(1000, 680)
        record.tabs.setCurrentWidget(record.tasksTab)
        save(record, out / f"record-tasks-{suffix}.png")
        record.close()
        rooms_screens(out, context, suffix)
        backup_screens(out, context, suffix)
        report_screens(out, context, suffix)
    del intake
    db.close()


def rooms_screens(out: Path, context: SessionContext, suffix: str) -> None:
    """The occupancy board (the Rooms area) and the discharge dialog."""
    from desktop.core.children import search
    from desktop.views.record_dialogs import DischargeDialog

    window = MainWindow(context)
    window.resize(1180, 720)
    window.show_area(2)
    save(window, out / f"rooms-{suffix}.png")
    window.close_for_sign_out()
    child = search.search_children(
        context.ops.db, context.user, search.SearchFilter(in_center=True), limit=1
    )[0]
    stay = context.ops.read(intake_record, child.id)
    dialog = DischargeDialog(context, stay)
    dialog.discharge_mode.setCurrentIndex(dialog.discharge_mode.findData("collected"))
    save(dialog, out / f"discharge-{suffix}.png")
    dialog.close()


def intake_record(db: object, user: object, child_id: int) -> int:
    """The id of the child's open stay."""
    from desktop.core.children import intake

    record = intake.get_child(db, user, child_id)  # type: ignore[arg-type]
    assert record.open_admission is not None
    return record.open_admission.id


def backup_screens(out: Path, context: SessionContext, suffix: str) -> None:
    """The backup dialog once a backup is written to a (made-up) USB stick; the restore
    dialog showing what that backup holds."""
    from desktop.core import drives
    from desktop.views.backup_dialog import BackupDialog, RestoreDialog

    stick = Path(tempfile.mkdtemp()) / "KINGSTON"
    stick.mkdir()
    drives.removable_drives = lambda: [drives.Drive(stick, "KINGSTON", 15_500_000_000)]
    dialog = BackupDialog(context)
    dialog.resize(640, 520)
    dialog.passphrase.setText("river stone 1987")
    dialog.repeat.setText("river stone 1987")
    dialog.start()
    _wait_for(lambda: dialog.outcome is not None)
    save(dialog, out / f"backup-{suffix}.png")
    dialog.close()
    assert dialog.outcome is not None
    restore = RestoreDialog(context, None, lambda: None)
    restore.resize(640, 560)
    restore.set_file(dialog.outcome.path)
    restore.passphrase.setText("river stone 1987")
    restore.verify()
    _wait_for(lambda: restore.manifest is not None)
    save(restore, out / f"restore-{suffix}.png")
    restore.close()


def described_screens(out: Path, translators: Translators) -> None:
    """The children list searched for 胎记: unnamed children found by their appearance."""
    import datetime as dt

    from desktop.core.children import intake
    from desktop.core.demo.generate import create_demo
    from desktop.core.store.db import Database

    paths = resolve_paths(Path(tempfile.mkdtemp()) / "demo")
    create_demo(paths, PASSWORD, 60, seed=7)
    db = Database.open(paths.db_file)
    admin = accounts.authenticate(db, "admin", PASSWORD)
    arrived = dt.datetime.now(dt.UTC) - dt.timedelta(hours=3)
    for child in (
        intake.ChildInput(sex="male", appearance="圆脸，短发，左脸颊有一块约2厘米的褐色胎记"),
        intake.ChildInput(
            alias="小军", sex="male", appearance="瘦高，寸头，门牙缺一颗，右手背有胎记"
        ),
        intake.ChildInput(
            sex="female",
            appearance="长脸，扎马尾辫",
            clothing="红色羽绒服，后颈有胎记样红斑（衣领遮住）",
        ),
    ):
        stay = intake.AdmissionInput(arrived_at=arrived, arrival_mode="police")
        intake.register_child(db, admin, child, stay)
    state = QSettings(str(paths.ui_state_file), QSettings.Format.IniFormat)
    context = SessionContext.open(paths, db, admin, state)
    for language in ("zh_CN", "en"):
        translators.install(language)
        suffix = "zh" if language == "zh_CN" else "en"
        window = MainWindow(context)
        window.resize(1280, 720)
        window.show_area(1)
        window.children_page.search.setText("胎记")
        window.children_page.refresh()
        window.children_page.childrenTable.selectRow(1)
        save(window, out / f"search-marks-{suffix}.png")
        window.close_for_sign_out()
    db.close()


def report_screens(out: Path, context: SessionContext, suffix: str) -> None:
    """The Reports area on last year's figures; the import dialog after checking a messy
    ledger (the sample the tests use)."""
    import datetime as dt

    from desktop.views.import_dialog import ImportDialog
    from desktop.views.reports_page import ReportsPage

    sys.path.insert(0, str(Path(__file__).parent / "integration"))
    from ledgertools import bad_rows, messy_ledger

    window = MainWindow(context)
    window.resize(1180, 720)
    window.show_area(4)
    page: ReportsPage = window.reports
    page.periodKind.setCurrentIndex(page.periodKind.findData("year"))
    page._kind_changed()
    page.year.setValue(dt.date.today().year - 1)
    _wait_for(lambda: page.figures_shown is not None
              and page.figures_shown.period.year == dt.date.today().year - 1)  # fmt: skip
    save(window, out / f"reports-{suffix}.png")
    page.figures.setCurrentIndex(4)
    save(window, out / f"reports-province-{suffix}.png")
    window.close_for_sign_out()
    ledger = messy_ledger(Path(tempfile.mkdtemp()) / "台账.xlsx", bad_rows())
    dialog = ImportDialog(context)
    dialog.resize(900, 620)
    dialog.open_file(ledger)
    _wait_for(lambda: dialog.raw is not None)
    dialog.run_check()
    _wait_for(lambda: dialog.checked is not None)
    save(dialog, out / f"import-{suffix}.png")
    dialog.close()


def _wait_for(condition: Callable[[], bool], seconds: float = 60) -> None:
    """Let the event loop run until ``condition()`` holds (a worker thread finishing)."""
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            raise TimeoutError("the dialog did not finish")
        QApplication.processEvents()
        time.sleep(0.02)


if __name__ == "__main__":
    folder = Path(sys.argv[1] if len(sys.argv) > 1 else "docs/screenshots")
    if sys.argv[2:] == ["described"]:
        folder.mkdir(parents=True, exist_ok=True)
        make_application()
        described_screens(folder, Translators())
    else:
        main(folder)
