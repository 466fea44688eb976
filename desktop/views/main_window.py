"""The shell: areas on the left, menus, shortcuts and the status bar."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QKeyCombination, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QActionGroup, QCloseEvent, QKeySequence
from PySide6.QtWidgets import QLabel, QMainWindow, QMenu, QMessageBox, QWidget

from desktop import __version__
from desktop.core import center, i18n
from desktop.core.children.search import SearchFilter
from desktop.core.clock import age_in_words
from desktop.core.i18n import N_, _
from desktop.core.staff.permissions import ROLE_LABELS, Permission, Role
from desktop.core.store.models import utcnow
from desktop.views.change_password import ChangePasswordDialog
from desktop.views.child_record import ChildRecord
from desktop.views.children_page import ChildrenPage
from desktop.views.context import SessionContext
from desktop.views.dashboard_page import DashboardPage, only_usb_counts
from desktop.views.intake_dialog import IntakeDialog
from desktop.views.kit.ui_types import MainWindowWidgets
from desktop.views.kit.uiloader import icon, load_ui
from desktop.views.placeholder_page import PlaceholderPage
from desktop.views.reports_page import ReportsPage
from desktop.views.return_home_page import ReturnHomePage
from desktop.views.rooms_page import RoomsPage
from desktop.views.settings_page import SettingsPage

#: The areas, in the order of the navigation list: (icon, title, what a later version brings).
AREAS: tuple[tuple[str, str, str | None], ...] = (
    ("dashboard", N_("Dashboard"), None),
    ("children", N_("Children"), None),
    ("rooms", N_("Rooms"), None),
    ("return-home", N_("Return home"), None),
    ("reports", N_("Reports"), None),
    ("settings", N_("Settings"), None),
)

#: The row of each area in the navigation list, by its icon's name.
AREA_ROWS = {name: row for row, (name, _title, _text) in enumerate(AREAS)}

#: Kinds of record whose change the status bar shows (center name, backup age, reminder).
STATUS_KINDS = ("center", "setting", "database")


class MainWindow(QMainWindow, MainWindowWidgets):
    """The program's main window for one signed-in staff member."""

    sign_out_requested = Signal()
    restore_done = Signal()
    lock_requested = Signal()
    language_requested = Signal(str)
    quit_requested = Signal()

    def __init__(self, context: SessionContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        load_ui("main_window", self)
        self.context = context
        self._quitting = False
        self._build_pages()
        self._build_actions()
        self._build_status_bar()
        self.navigation.currentRowChanged.connect(self.pages.setCurrentIndex)
        self.navigation.setCurrentRow(0)
        self._restore_geometry()
        self.retranslate()
        self._clock = QTimer(self)
        self._clock.timeout.connect(self.refresh_status)
        self._clock.start(60_000)
        context.ops.follow(
            self, lambda changes: changes.touches(*STATUS_KINDS), self.refresh_status
        )

    # building -----------------------------------------------------------------------------

    def _build_pages(self) -> None:
        self.dashboard = DashboardPage(self.context)
        self.dashboard.open_child.connect(self.open_child)
        self.dashboard.new_intake.connect(self.new_intake)
        self.dashboard.open_list.connect(self.show_children)
        self.dashboard.open_rooms.connect(lambda: self.show_area(AREA_ROWS["rooms"]))
        self.dashboard.open_plans.connect(self.show_plans)
        self.dashboard.open_visits.connect(self.show_visits)
        self.children_page = ChildrenPage(self.context)
        self.children_page.open_child.connect(self.open_child)
        self.children_page.new_intake.connect(self.new_intake)
        self.records: dict[int, ChildRecord] = {}
        self.rooms_page = RoomsPage(self.context)
        self.rooms_page.open_child.connect(self.open_child)
        self.settings = SettingsPage(self.context)
        for row, (icon_name, title, text) in enumerate(AREAS):
            self.navigation.item(row).setIcon(icon(icon_name))
            if icon_name == "dashboard":
                page: QWidget = self.dashboard
            elif icon_name == "children":
                page = self.children_page
            elif icon_name == "rooms":
                page = self.rooms_page
            elif icon_name == "settings":
                page = self.settings
            elif icon_name == "return-home":
                page = self.return_home = ReturnHomePage(self.context)
                self.return_home.open_child.connect(self.open_return_home)
            elif icon_name == "reports":
                page = self.reports = ReportsPage(self.context)
            else:
                assert text is not None
                page = PlaceholderPage(title, text)
            self.pages.addWidget(page)

    def _build_actions(self) -> None:
        self.actionChangePassword.setIcon(icon("key"))
        self.actionLock.setIcon(icon("lock"))
        self.actionSignOut.setIcon(icon("sign-out"))
        self.actionAbout.setIcon(icon("about"))
        self.actionQuit.setShortcut(QKeySequence(QKeySequence.StandardKey.Quit))
        if self.actionQuit.shortcut().isEmpty():
            self.actionQuit.setShortcut(QKeySequence("Ctrl+Q"))
        self.actionNewIntake.setIcon(icon("new-intake"))
        self.actionFind.setIcon(icon("search"))
        self.actionNewIntake.setVisible(self.context.can(Permission.REGISTER))
        self.actionNewIntake.triggered.connect(self.new_intake)
        self.actionFind.triggered.connect(self.find_child)
        self.actionBackup.setIcon(icon("backup"))
        self.actionBackup.triggered.connect(self.back_up)
        self._build_blank_forms()
        # The desk's own keys work from a child's record window as well (Ctrl+N, Ctrl+F,
        # Ctrl+L, Ctrl+B); a modal dialog still keeps them out while it is open.
        for action in (self.actionNewIntake, self.actionFind, self.actionLock, self.actionBackup):
            action.setShortcutContext(Qt.ShortcutContext.ApplicationShortcut)
        self.actionRestore.setVisible(self.context.can(Permission.RESTORE))
        self.actionRestore.triggered.connect(self.restore)
        self.actionChangePassword.triggered.connect(self.change_password)
        self.actionLock.triggered.connect(self.lock_requested)
        self.actionSignOut.triggered.connect(self.sign_out_requested)
        self.actionQuit.triggered.connect(self.close)
        self.actionAbout.triggered.connect(self.about)
        self.go_actions: list[QAction] = []
        for row in range(self.navigation.count()):
            action = QAction(self.navigation.item(row).icon(), "", self)
            key = Qt.Key(Qt.Key.Key_1.value + row)
            action.setShortcut(
                QKeySequence(QKeyCombination(Qt.KeyboardModifier.ControlModifier, key))
            )
            action.triggered.connect(lambda _checked=False, r=row: self.show_area(r))
            self.menuGo.addAction(action)
            self.go_actions.append(action)
        self.menuLanguage.setIcon(icon("language"))
        group = QActionGroup(self)
        for code, name in i18n.LANGUAGES.items():
            action = QAction(name, self, checkable=True)
            action.setChecked(code == i18n.current_language())
            action.triggered.connect(lambda _checked=False, c=code: self.language_requested.emit(c))
            group.addAction(action)
            self.menuLanguage.addAction(action)

    def _build_blank_forms(self) -> None:
        """File → Blank form: any printed form, empty, for handwriting (no child needed)."""
        from desktop.core.forms.registry import FORMS

        self.blank_forms = QMenu(self)
        self.blank_forms.setIcon(icon("print"))
        for spec in FORMS.values():
            action = self.blank_forms.addAction(spec.title)
            action.triggered.connect(lambda _checked=False, key=spec.key: self.print_blank(key))
        self.menuFile.insertMenu(self.actionBackup, self.blank_forms)
        self.blank_forms.menuAction().setVisible(self.context.can(Permission.PRINT))

    def print_blank(self, form: str) -> None:
        """Preview ``form`` printed empty, for handwriting."""
        from desktop.views.print_preview import print_form

        print_form(self.context, form, "", self)

    def _build_status_bar(self) -> None:
        self.user_label = QLabel()
        self.center_label = QLabel()
        self.backup_label = QLabel()
        for label in (self.center_label, self.user_label, self.backup_label):
            self.statusbar.addPermanentWidget(label)
        self.refresh_status()

    # behaviour ----------------------------------------------------------------------------

    def show_area(self, row: int) -> None:
        """Switch to the area in ``row`` of the navigation list."""
        self.navigation.setCurrentRow(row)

    def refresh_status(self) -> None:
        """Show who is signed in, the center, and how old the last USB backup is."""
        user = self.context.user
        ops = self.context.ops
        profile = ops.query(center.get_center)
        self.center_label.setText(profile.name if profile else "")
        self.user_label.setText(
            _("Signed in: {name} ({role})").format(
                name=user.full_name, role=_(ROLE_LABELS[Role(user.role)])
            )
        )
        last = ops.query(center.last_usb_backup)
        days = ops.query(center.get_setting, center.BACKUP_REMINDER_DAYS)
        overdue = center.backup_overdue(last, days, utcnow())
        self.backup_label.setText(_("Last USB backup: {age}").format(age=age_in_words(last)))
        self.backup_label.setProperty("role", "warning" if overdue else "")
        self.backup_label.setToolTip(only_usb_counts())
        self.backup_label.style().unpolish(self.backup_label)
        self.backup_label.style().polish(self.backup_label)

    def retranslate(self) -> None:
        """Set the texts made in code in the current language."""
        self.blank_forms.setTitle(_("Blank form, to fill in by hand"))
        for row, action in enumerate(self.go_actions):
            action.setText(self.navigation.item(row).text())
        self._fix_navigation_width()
        self.setWindowTitle(_("Homeward — {center}").format(center=self.center_label.text()))
        self.refresh_status()

    def _fix_navigation_width(self) -> None:
        """Give the area list one width for every page (its longest name's, within bounds)."""
        widest = self.navigation.sizeHintForColumn(0) + 2 * self.navigation.frameWidth() + 24
        self.navigation.setFixedWidth(max(176, min(widest, 260)))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            # The .ui texts are retranslated by the loader; ours follow once it has run.
            QTimer.singleShot(0, self, self.retranslate)
        super().changeEvent(event)

    def new_intake(self) -> None:
        """Open the intake dialog for a child who arrives (Ctrl+N)."""
        if not self.context.can(Permission.REGISTER):
            return
        dialog = IntakeDialog(self.context, parent=self)
        if not dialog.exec() or dialog.child_id is None:
            return
        self.statusbar.showMessage(_("The child is registered."), 5000)
        self.open_child(dialog.child_id)
        record = self.records[dialog.child_id]
        if record.record is not None:
            answer = QMessageBox.question(
                record, _("Print"),
                _("{case} is registered. Print the intake registration form now, for the "
                  "signatures?").format(case=record.record.child.case_no),
            )  # fmt: skip
            if answer == QMessageBox.StandardButton.Yes:
                record.print("intake")

    def back_up(self) -> None:
        """Write an encrypted backup to a USB stick (Ctrl+B)."""
        from desktop.views.backup_dialog import BackupDialog

        BackupDialog(self.context, self).exec()

    def restore(self) -> None:
        """Replace the database with a backup's (administrators); then everyone signs in again."""
        from desktop.views.backup_dialog import RestoreDialog

        RestoreDialog(
            self.context, self, lambda: QTimer.singleShot(0, self.restore_done.emit)
        ).exec()

    def find_child(self) -> None:
        """Go to the children list with the cursor in its search box (Ctrl+F)."""
        self.show_area(1)
        self.raise_()
        self.activateWindow()
        self.children_page.focus_search()

    def show_children(self, wanted: SearchFilter) -> None:
        """Go to the children list showing ``wanted`` (a figure of the dashboard)."""
        self.show_area(1)
        self.children_page.apply_filter(wanted)

    def show_plans(self, status: str | None) -> None:
        """Go to the Return home area showing the plans at ``status`` (all under way: None)."""
        self.show_area(AREA_ROWS["return-home"])
        self.return_home.show_plans(status)

    def show_visits(self, overdue_only: bool) -> None:
        """Go to the Return home area showing the follow-up visits due from today (only the
        overdue ones when ``overdue_only``)."""
        self.show_area(AREA_ROWS["return-home"])
        self.return_home.show_visits(overdue_only)

    def open_child(self, child_id: int) -> None:
        """Show a child's record (brought to the front when already open)."""
        record = self.records.get(child_id)
        if record is None or not record.isVisible():
            record = ChildRecord(self.context, child_id, self)
            record.finished.connect(lambda _code, i=child_id: self.records.pop(i, None))
            self.records[child_id] = record
        record.show()
        record.raise_()
        record.activateWindow()

    def open_return_home(self, child_id: int) -> None:
        """Show a child's record at its Return home tab (from the Return home area)."""
        self.open_child(child_id)
        self.records[child_id].show_return_home()

    def change_password(self) -> bool:
        """Let the signed-in staff member change their password; True once changed."""
        if not ChangePasswordDialog(self.context, self).exec():
            return False
        self.statusbar.showMessage(_("Your password is changed."), 5000)
        return True

    def about(self) -> None:
        """Show the version and where the data and the log live."""
        paths = self.context.paths
        QMessageBox.about(
            self,
            _("About Homeward"),
            _(
                "<h3>Homeward {version}</h3>"
                "<p>The intake desk of a minors' rescue and protection center.</p>"
                "<p>Data folder: {home}<br>Database: {db}<br>Log folder: {logs}</p>"
                "<p>Records never leave this computer except as an encrypted backup.</p>"
            ).format(version=__version__, home=paths.home, db=paths.db_file, logs=paths.log_dir),
        )

    def _restore_geometry(self) -> None:
        saved = self.context.ui_state.value("main/geometry")
        if saved is not None:
            self.restoreGeometry(saved)
        state = self.context.ui_state.value("main/state")
        if state is not None:
            self.restoreState(state)

    def save_geometry(self) -> None:
        """Remember the window's size and place for the next start."""
        self.context.ui_state.setValue("main/geometry", self.saveGeometry())
        self.context.ui_state.setValue("main/state", self.saveState())
        self.context.ui_state.sync()

    def close_for_sign_out(self) -> None:
        """Close without asking (the controller already decided)."""
        self._quitting = True
        self.close()

    def closeEvent(self, event: QCloseEvent) -> None:
        self.save_geometry()
        self._clock.stop()
        if not self._quitting:
            self.quit_requested.emit()
        event.accept()
