"""The dashboard: what needs attention now. Later areas add their own cards."""

from __future__ import annotations

import datetime as dt
import html
import logging
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtWidgets import QListWidgetItem, QWidget
from shiboken6 import isValid

from desktop.core import center, tasks
from desktop.core.audit import trail
from desktop.core.children.search import SearchFilter
from desktop.core.clock import age_in_words, format_time
from desktop.core.i18n import _, ngettext
from desktop.core.reports import today as figures_now
from desktop.core.staff import accounts
from desktop.core.staff.permissions import ROLE_LABELS, Permission, Role
from desktop.core.store.db import Database
from desktop.core.store.models import Staff, utcnow
from desktop.views.context import SessionContext
from desktop.views.kit.style import restyle
from desktop.views.kit.ui_types import DashboardPageWidgets
from desktop.views.kit.uiloader import icon, load_ui

log = logging.getLogger(__name__)

#: Kinds of record the dashboard's cards show something of.
SHOWN_KINDS = (
    "center", "setting", "database", "staff", "child", "admission", "task",
    "room", "bed", "placement", "return_plan", "follow_up_visit",
)  # fmt: skip


@dataclass(frozen=True)
class Facts:
    """What the cards show, read in one go (on any thread)."""

    center_name: str
    last_backup: dt.datetime | None
    reminder_days: int
    open_tasks: list[tasks.TaskView]
    previous_sign_in: dt.datetime | None
    trail_today: trail.TrailToday
    now: figures_now.Now
    beds: figures_now.Beds
    returns: figures_now.ReturnsNow


def only_usb_counts() -> str:
    """Why a backup to a folder does not end the reminder."""
    return _("Only a backup to a removable drive counts: a copy on this computer is lost with it.")


def read_facts(db: Database, user: Staff) -> Facts:
    """Read what the dashboard shows."""
    profile = center.get_center(db)
    return Facts(
        center_name=profile.name if profile else "",
        last_backup=center.last_usb_backup(db),
        reminder_days=center.get_setting(db, center.BACKUP_REMINDER_DAYS),
        open_tasks=tasks.list_tasks(db, user, open_only=True),
        previous_sign_in=accounts.previous_sign_in(db, user),
        trail_today=trail.today(db, user),
        now=figures_now.center_now(db, user),
        beds=figures_now.beds_now(db, user),
        returns=figures_now.returns_now(db, user),
    )


class DashboardPage(QWidget, DashboardPageWidgets):
    """Greeting, the state of the USB backup, the signed-in account, the audit trail."""

    #: A task line was opened (double-click or Enter): the child's id.
    open_child = Signal(int)
    #: The New intake button was pressed.
    new_intake = Signal()
    #: A figure was clicked: the children list behind it (a ``SearchFilter``).
    open_list = Signal(object)
    #: The beds figure was clicked: the Rooms area.
    open_rooms = Signal()
    #: A plans figure was clicked: the Return home area at that status (``None``: all).
    open_plans = Signal(object)
    #: A visits figure was clicked: the Return home area's visits, overdue ones only or all due.
    open_visits = Signal(bool)

    def __init__(self, context: SessionContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        load_ui("dashboard_page", self)
        self.context = context
        self.newIntake.setIcon(icon("new-intake"))
        self.newIntake.setVisible(context.can(Permission.REGISTER))
        self.newIntake.clicked.connect(self.new_intake)
        self.taskList.itemActivated.connect(self._open_task)
        self.lists: dict[str, SearchFilter] = {}
        self.areas: dict[str, Callable[[], None]] = {}
        for label in (self.nowCardValue, self.nowCardDetail, self.arrivalsCardValue,
                      self.arrivalsCardDetail, self.bedsCardValue, self.bedsCardDetail,
                      self.returnsCardValue, self.returnsCardDetail, self.visitsLine):  # fmt: skip
            label.setOpenExternalLinks(False)
            label.linkActivated.connect(self._open_list)
        self.refresh()
        context.ops.follow(
            self, lambda changes: changes.touches(*SHOWN_KINDS), self.refresh_in_background
        )

    def refresh(self) -> None:
        """Read the figures again and show them."""
        self.show_facts(self.context.ops.read(read_facts))

    def refresh_in_background(self) -> None:
        """Read the figures on a worker thread after a change, then show them."""
        self.context.ops.read_later(self._show_if_alive, _log_failure, read_facts)

    def _show_if_alive(self, facts: Facts) -> None:
        """Show what a background read found, unless the page was closed meanwhile."""
        if isValid(self):
            self.show_facts(facts)

    def show_facts(self, facts: Facts) -> None:
        """Fill every card."""
        user = self.context.user
        self.greeting.setText(_("Welcome, {name}").format(name=user.full_name))
        self.centerLine.setText(
            _("{center} · signed in as {role}").format(
                center=facts.center_name, role=_(ROLE_LABELS[Role(user.role)])
            )
        )
        last = facts.last_backup
        overdue = center.backup_overdue(last, facts.reminder_days, utcnow())
        self.backupCardValue.setText(age_in_words(last))
        self.backupCardDetail.setText(
            _("{sentence} {then}").format(
                sentence=_("Overdue: back up to a USB stick before the end of this shift."),
                then=only_usb_counts(),
            )
            if overdue
            else _("Backed up on {time}.").format(time=format_time(last))
        )
        self.backupCardDetail.setProperty("role", "warning" if overdue else "hint")
        restyle(self.backupCardDetail)
        self.accountCardValue.setText(
            _("{text} ({detail})").format(text=user.full_name, detail=user.username)
        )
        self.accountCardDetail.setText(
            _("Please change your password now (File → Change password).")
            if user.must_change_password
            else _("Previous sign-in: {time}").format(time=format_time(facts.previous_sign_in))
            if facts.previous_sign_in is not None
            else _("This is your first sign-in.")
        )
        self._show_tasks(facts.open_tasks)
        self._show_now(facts.now)
        self._show_beds(facts.beds)
        self._show_returns(facts.returns)
        today = facts.trail_today
        self.trailCardValue.setText(
            ngettext("{n} change today", "{n} changes today", today.entries_today).format(
                n=today.entries_today
            )
        )
        self.trailCardDetail.setText(
            _("Latest entry: {time}. Each entry is chained to the one before it.").format(
                time=format_time(today.last_at)
            )
            if today.last_at is not None
            else _("Nothing recorded yet.")
        )

    def _show_tasks(self, open_tasks: list[tasks.TaskView]) -> None:
        """Open tasks, the overdue ones first and named."""
        overdue = [task for task in open_tasks if task.overdue]
        self.tasksCardValue.setText(
            _("{n} open, {m} overdue").format(n=len(open_tasks), m=len(overdue))
        )
        shown = (overdue or open_tasks)[:5]
        self.taskList.clear()
        for task in shown:
            due = format_time(task.due_at)
            item = QListWidgetItem(
                _("{case} {name}: {task} ({due})").format(
                    case=task.case_no, name=task.child_name, task=task.kind_label, due=due
                ),
                self.taskList,
            )
            item.setData(Qt.ItemDataRole.UserRole, task.child_id)
        self.taskList.setVisible(bool(shown))
        self.tasksCardDetail.setText(
            _("Double-click a task to open the child's record.") if shown
            else _("Nothing is waiting.")
        )  # fmt: skip
        self.tasksCardDetail.setProperty("role", "warning" if overdue else "hint")
        restyle(self.tasksCardDetail)

    def _link(self, key: str, text: str, wanted: SearchFilter) -> str:
        """A link in a card that opens the children list ``wanted``."""
        self.lists[key] = wanted
        return f'<a href="{html.escape(key)}">{html.escape(text)}</a>'

    def _show_now(self, now: figures_now.Now) -> None:
        """The children in the center by sex, age group and category; today's and this
        week's arrivals. Each figure opens the list behind it."""
        self.lists = {}
        here = SearchFilter(in_center=True)
        self.nowCardValue.setText(
            self._link("here", ngettext("{n} child", "{n} children", now.in_center)
                       .format(n=now.in_center), here)
        )  # fmt: skip
        parts = []
        for heading, lines, field in (
            (_("Sex"), now.by_sex, "sex"),
            (_("Age"), now.by_age, None),
            (_("Category"), now.by_category, "category"),
        ):
            links = []
            for line in lines:
                wanted = SearchFilter(
                    in_center=True,
                    sex=line.key if field == "sex" else None,
                    category=line.key if field == "category" else None,
                )
                text = f"{_(line.label)} {line.count}"
                links.append(self._link(f"{field or 'age'}:{line.key}", text, wanted))
            if links:
                parts.append(
                    _("{label}: {values}").format(
                        label=html.escape(heading), values=" · ".join(links)
                    )
                )
        self.nowCardDetail.setText("<br>".join(parts) or html.escape(_("Nobody is in the center.")))
        today = SearchFilter(arrived_from=now.today, arrived_to=now.today)
        week = SearchFilter(arrived_from=now.week_start, arrived_to=now.today)
        self.arrivalsCardValue.setText(
            self._link("today", _("Today: {n}").format(n=now.arrived_today), today)
        )
        self.arrivalsCardDetail.setText(
            self._link("week", _("This week (since {day}): {n}").format(
                day=now.week_start.isoformat(), n=now.arrived_this_week), week)
        )  # fmt: skip

    def _area_link(self, key: str, text: str, opening: Callable[[], None]) -> str:
        """A link in a card that opens another area (``opening`` emits the signal)."""
        self.areas[key] = opening
        return f'<a href="{html.escape(key)}">{html.escape(text)}</a>'

    def _show_beds(self, beds: figures_now.Beds) -> None:
        """Free beds, and taken of all in use; each opens the Rooms area."""
        self.areas = {}
        rooms = self.open_rooms.emit
        self.bedsCardValue.setText(
            self._area_link("beds:free", ngettext("{n} free bed", "{n} free beds", beds.free)
                            .format(n=beds.free), rooms)
        )  # fmt: skip
        self.bedsCardDetail.setText(
            self._area_link("beds:taken", _("{taken} taken of {total} beds in use").format(
                taken=beds.occupied, total=beds.total), rooms)
            if beds.total
            else html.escape(_("No bed is set up yet (Rooms area)."))
        )  # fmt: skip

    def _show_returns(self, returns: figures_now.ReturnsNow) -> None:
        """Plans under way by status, and the follow-up visits overdue or due (in the tasks
        card); each opens the Return home area filtered to what it counts."""
        self.returnsCardValue.setText(
            self._area_link("plans", ngettext("{n} plan under way", "{n} plans under way",
                            returns.plans_open).format(n=returns.plans_open),
                            lambda: self.open_plans.emit(None))
        )  # fmt: skip
        links = [
            self._area_link(f"plans:{line.key}", _("{label} {n}").format(label=_(line.label),
                            n=line.count), partial(self.open_plans.emit, line.key))
            for line in returns.plans_by_status if line.count
        ]  # fmt: skip
        self.returnsCardDetail.setText(
            " · ".join(links) or html.escape(_("No return home is under way."))
        )
        overdue = self._area_link(
            "visits:overdue",
            ngettext("{n} overdue", "{n} overdue", returns.visits_overdue).format(
                n=returns.visits_overdue
            ),
            lambda: self.open_visits.emit(True),
        )
        due = self._area_link(
            "visits:due",
            ngettext("{n} due by {day}", "{n} due by {day}", returns.visits_due).format(
                n=returns.visits_due, day=returns.due_until.isoformat()
            ),
            lambda: self.open_visits.emit(False),
        )
        self.visitsLine.setText(
            _("Follow-up visits: {overdue} · {due}").format(overdue=overdue, due=due)
        )
        self.visitsLine.setProperty("role", "warning" if returns.visits_overdue else "")
        restyle(self.visitsLine)

    def _open_list(self, key: str) -> None:
        wanted = self.lists.get(key)
        if wanted is not None:
            self.open_list.emit(wanted)
            return
        opening = self.areas.get(key)
        if opening is not None:
            opening()

    def _open_task(self, item: QListWidgetItem) -> None:
        child_id = item.data(Qt.ItemDataRole.UserRole)
        if isinstance(child_id, int):
            self.open_child.emit(child_id)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.refresh()
        super().changeEvent(event)


def _log_failure(error: BaseException) -> None:
    log.warning("reading the dashboard failed", exc_info=(type(error), error, error.__traceback__))
