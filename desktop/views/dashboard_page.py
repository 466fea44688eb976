"""The dashboard: what needs attention now. Later areas add their own cards."""

from __future__ import annotations

from PySide6.QtCore import QEvent
from PySide6.QtWidgets import QWidget

from desktop.core import center
from desktop.core.clock import age_in_words, format_time
from desktop.core.i18n import _
from desktop.core.staff.permissions import ROLE_LABELS, Role
from desktop.core.store.models import utcnow
from desktop.views.context import SessionContext
from desktop.views.kit.style import restyle
from desktop.views.kit.ui_types import DashboardPageWidgets
from desktop.views.kit.uiloader import load_ui

#: Kinds of record the dashboard's cards show something of.
SHOWN_KINDS = ("center", "setting", "database", "staff", "child", "admission", "task")


class DashboardPage(QWidget, DashboardPageWidgets):
    """Greeting, the state of the USB backup, the signed-in account, the audit trail."""

    def __init__(self, context: SessionContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        load_ui("dashboard_page", self)
        self.context = context
        self.refresh()
        context.ops.follow(self, lambda changes: changes.touches(*SHOWN_KINDS), self.refresh)

    def refresh(self) -> None:
        """Read the figures again and show them."""
        user = self.context.user
        ops = self.context.ops
        profile = ops.query(center.get_center)
        self.greeting.setText(_("Welcome, {name}").format(name=user.full_name))
        self.centerLine.setText(
            _("{center} · signed in as {role}").format(
                center=profile.name if profile else "", role=_(ROLE_LABELS[Role(user.role)])
            )
        )
        last = ops.query(center.last_usb_backup)
        reminder = ops.query(center.get_setting, center.BACKUP_REMINDER_DAYS)
        overdue = center.backup_overdue(last, reminder, utcnow())
        self.backupCardValue.setText(age_in_words(last))
        self.backupCardDetail.setText(
            _("Overdue: back up to a USB stick before the end of this shift.")
            if overdue
            else _("Backed up on {time}.").format(time=format_time(last))
        )
        self.backupCardDetail.setProperty("role", "warning" if overdue else "hint")
        restyle(self.backupCardDetail)
        self.accountCardValue.setText(f"{user.full_name} ({user.username})")
        self.accountCardDetail.setText(
            _("Please change your password now (File → Change password).")
            if user.must_change_password
            else _("Last signed in: {time}").format(time=format_time(user.last_sign_in_at))
        )
        self._show_tasks()
        self.trailCardValue.setText(_("Every change is recorded"))
        self.trailCardDetail.setText(
            _(
                "Who changed what and when is kept in a chained trail "
                "that shows any edit made outside Homeward."
            )
        )

    def _show_tasks(self) -> None:
        """Open tasks, the overdue ones first and named."""
        from desktop.core import tasks

        open_tasks = self.context.ops.read(tasks.list_tasks, open_only=True)
        overdue = [task for task in open_tasks if task.overdue]
        self.tasksCardValue.setText(
            _("{n} open, {m} overdue").format(n=len(open_tasks), m=len(overdue))
        )
        lines = [
            f"{task.case_no} {task.child_name}: {task.kind_label} ({format_time(task.due_at)})"
            for task in (overdue or open_tasks)[:5]
        ]
        self.tasksCardDetail.setText("\n".join(lines) or _("Nothing is waiting."))
        self.tasksCardDetail.setProperty("role", "warning" if overdue else "hint")
        restyle(self.tasksCardDetail)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.refresh()
        super().changeEvent(event)
