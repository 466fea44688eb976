"""The Return home tab of a child's record: the newest plan's status and what each step
recorded, its tracing log and its follow-up visits, and a button for each step — only
the next step of the plan is offered."""

from __future__ import annotations

from typing import Any, TypeVar

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import QWidget

from desktop.core import fields
from desktop.core.children import intake
from desktop.core.clock import format_date, format_time
from desktop.core.i18n import N_, _
from desktop.core.residence import discharge as leaving
from desktop.core.returns import handover, plans, queries
from desktop.core.returns.common import status_label
from desktop.core.staff.permissions import Permission
from desktop.core.store.models import FollowUpVisit, Referral, ReturnPlan, TracingEntry
from desktop.views.context import SessionContext
from desktop.views.intake_dialog import ADMIT, IntakeDialog
from desktop.views.kit.tables import CellsModel
from desktop.views.kit.ui_types import ReturnPlanTabWidgets
from desktop.views.kit.uiloader import load_ui
from desktop.views.operations import Refused
from desktop.views.return_dialogs import (
    AssessmentDialog,
    CancelPlanDialog,
    EscortDialog,
    HandoverDialog,
    ReceiverDialog,
    ReferralDialog,
    RiskOffer,
    StepDialog,
    TracingDialog,
    VisitDialog,
)

PLAN = fields.RETURN_PLAN
D = TypeVar("D", bound=StepDialog)
#: The widest a column of the tables fits its texts to (the rest shows under the pointer),
#: so that every column of the visits, the next step last, is in sight.
WIDEST_COLUMN = 240
#: Kinds of record whose change redraws the tab.
SHOWN_KINDS = ("return_plan", "tracing_entry", "follow_up_visit", "referral")
RECEIVER_FIELDS = ("receiver_name", "receiver_id_number", "receiver_relationship",
                   "receiver_phone", "receiver_address", "verified_by", "verified_how",
                   "receiver_id_copy_kept")  # fmt: skip
ESCORT_FIELDS = ("return_mode", "escort_first", "escort_second", "transport", "departure_at",
                 "arrival_at", "destination", "receiving_unit_kind", "receiving_unit",
                 "receiving_contact")  # fmt: skip
HANDOVER_FIELDS = ("handed_over_at", "handover_place", "received_by", "receipt_signed")
#: What the summary shows, in the order of the steps.
SUMMARY_FIELDS = (*RECEIVER_FIELDS, "assessment", "findings", *ESCORT_FIELDS,
                  *HANDOVER_FIELDS, "cancel_reason")  # fmt: skip
#: The button of each step and the status it needs.
STEP_BUTTONS = {
    "verifyReceiver": ("tracing",),
    "assessHome": ("receiver_verified", "assessed"),
    "approvePlan": ("assessed",),
    "startEscort": ("approved",),
    "handOver": ("escort",),
    "closePlan": ("handed_over",),
    "logTracing": plans.TRACING_OPEN,
    "cancelPlan": ("tracing", "receiver_verified", "assessed", "approved", "escort"),
    "recordVisit": ("handed_over",),
}


def shown(field: fields.Field, value: Any) -> str:
    """A stored value as the summary shows it."""
    if field.kind == "choice":
        return field.choice_label(value)
    if field.kind == "bool":
        return _("yes") if value else _("no")
    if field.kind == "datetime":
        return format_time(value)
    return str(value or "")


#: Steps at which the handover form is printed: to take along, then signed and kept.
HANDOVER_PRINTED = ("escort", "handed_over", "closed")


def handover_form(plan: ReturnPlan | None) -> str | None:
    """The handover form of ``plan``'s way home (``None`` before the escort step)."""
    if plan is None or plan.status not in HANDOVER_PRINTED:
        return None
    return "collection" if plan.return_mode == "collected" else "escort"


def _tracing_cells(entry: TracingEntry) -> tuple[Any, ...]:
    method = fields.TRACING_ENTRY["method"].choice_label(entry.method)
    return (format_date(entry.traced_on), method, entry.contact, entry.result, entry.next_step)


def referral_text(referral: Referral) -> str:
    """One referral as the visits table shows it: to whom, and the note."""
    to = fields.REFERRAL["referred_to"].choice_label(referral.referred_to)
    return _("{label}: {value}").format(label=to, value=referral.note)


def _visit_cells(visit: FollowUpVisit, referrals: list[Referral]) -> tuple[Any, ...]:
    method = fields.FOLLOW_UP_VISIT["method"].choice_label(visit.method)
    risk = _("yes") if visit.risk else ""
    referred = _("; ").join(referral_text(referral) for referral in referrals)
    return (format_date(visit.due_on), format_date(visit.visited_on), method, visit.findings,
            visit.situation, risk, referred, visit.next_step)  # fmt: skip


class TextsModel(CellsModel):
    """Cells of free text: a cell cut short by its column shows in full under the pointer."""

    def data(self, index: QModelIndex | QPersistentModelIndex,
             role: int = Qt.ItemDataRole.DisplayRole) -> Any:  # fmt: skip
        if role == Qt.ItemDataRole.ToolTipRole:
            return super().data(index, Qt.ItemDataRole.DisplayRole) or None
        return super().data(index, role)


class ReturnPlanTab(QWidget, ReturnPlanTabWidgets):
    """The child's return home, carried on step by step."""

    def __init__(self, context: SessionContext, child_id: int,
                 parent: QWidget | None = None) -> None:  # fmt: skip
        super().__init__(parent)
        load_ui("return_plan_tab", self)
        self.context = context
        self.child_id = child_id
        self.detail: queries.PlanDetail | None = None
        self.in_center = False
        self.tracing = TextsModel(
            (N_("Date"), N_("Method"), N_("Contact"), N_("Result"), N_("Next step")),
            _tracing_cells, self,
        )  # fmt: skip
        self.visits = TextsModel(
            (N_("Due on"), N_("Visited on"), N_("Method"), N_("Findings"),
             N_("The child's situation"), N_("At risk"), N_("Referral"), N_("Next step")),
            lambda visit: _visit_cells(visit, self._referrals(visit.id)), self,
        )  # fmt: skip
        for view, model in ((self.tracingTable, self.tracing), (self.visitsTable, self.visits)):
            view.setModel(model)
            view.verticalHeader().hide()
            view.horizontalHeader().setStretchLastSection(True)
        self.startPlan.clicked.connect(self.start)
        self.logTracing.clicked.connect(self.log_tracing)
        self.verifyReceiver.clicked.connect(self.verify_receiver)
        self.assessHome.clicked.connect(self.assess)
        self.approvePlan.clicked.connect(self.approve)
        self.startEscort.clicked.connect(self.escort)
        self.handOver.clicked.connect(self.hand_over)
        self.recordVisit.clicked.connect(self.record_visit)
        self.closePlan.clicked.connect(self.close_plan)
        self.cancelPlan.clicked.connect(self.cancel)
        self.printHandover.clicked.connect(self.print_handover)
        self.printVisit.clicked.connect(self.print_visit)
        self._open: StepDialog | None = None  # the step's dialog while it is shown
        self.visitsTable.activated.connect(self._visit_activated)

    @property
    def plan(self) -> ReturnPlan | None:
        """The plan shown (the child's newest)."""
        return self.detail.plan if self.detail is not None else None

    def _referrals(self, visit_id: int) -> list[Referral]:
        return self.detail.referrals_of(visit_id) if self.detail is not None else []

    def show_plans(self, details: list[queries.PlanDetail], in_center: bool) -> None:
        """Show the newest plan and offer its next steps."""
        self.detail = details[0] if details else None
        self.in_center = in_center
        plan = self.plan
        self.tracing.set_rows(self.detail.tracing if self.detail else [])
        self.visits.set_rows(self.detail.visits if self.detail else [])
        for view in (self.tracingTable, self.visitsTable):
            view.resizeColumnsToContents()
            header = view.horizontalHeader()
            for column in range(header.count() - 1):  # the last one stretches
                header.resizeSection(column, min(header.sectionSize(column), WIDEST_COLUMN))
        self.summary.setPlainText(self._summary(plan) if plan else _("No return home plan yet."))
        self._offer_steps()

    def _summary(self, plan: ReturnPlan) -> str:
        lines = [
            _("{label}: {value}").format(label=_("Status"), value=status_label(plan.status)),
            _("{label}: {value}").format(label=_("Since"), value=format_time(plan.status_at)),
        ]
        for name in SUMMARY_FIELDS:
            value = shown(PLAN[name], getattr(plan, name))
            if value and not self._unsaid(plan, name):
                lines.append(_("{label}: {value}").format(label=_(PLAN[name].label), value=value))
        return "\n".join(lines)

    @staticmethod
    def _unsaid(plan: ReturnPlan, name: str) -> bool:
        """A yes/no the summary leaves out: the receipt until signed; the copy of the ID
        until the receiver is verified, and on a plan verified before it was asked."""
        if name == "receipt_signed":
            return not plan.receipt_signed
        if name == "receiver_id_copy_kept":
            return plan.receiver_id_copy_kept is None or not plan.receiver_id_number
        return False

    def _offer_steps(self) -> None:
        can = self.context.can
        plan = self.plan
        status = plan.status if plan is not None else ""
        may_plan = can(Permission.RETURN_HOME)
        live = plan is not None and status not in ("cancelled", "closed")
        self.startPlan.setVisible(may_plan)
        self.startPlan.setEnabled(self.in_center and not live)
        for name, statuses in STEP_BUTTONS.items():
            button = getattr(self, name)
            allowed = can(Permission.FOLLOW_UP) if name == "recordVisit" else may_plan
            button.setVisible(allowed)
            button.setEnabled(plan is not None and status in statuses)
        waiting = [visit for visit in self.visits.rows if visit.visited_on is None]
        self.closePlan.setEnabled(self.closePlan.isEnabled() and not waiting)
        self.recordVisit.setEnabled(self.recordVisit.isEnabled() and bool(waiting))
        self._offer_printing(plan)

    def _offer_printing(self, plan: ReturnPlan | None) -> None:
        """The handover form once the way home is set (to take along, then signed), and
        the visit form once there are visits."""
        may_print = self.context.can(Permission.PRINT)
        for button in (self.printHandover, self.printVisit):
            button.setVisible(may_print)
        form = handover_form(plan)
        self.printHandover.setEnabled(form is not None)
        if form is not None:
            from desktop.core.forms.registry import FORMS

            self.printHandover.setToolTip(FORMS[form].title)
        self.printVisit.setEnabled(bool(self.visits.rows))

    # acting -------------------------------------------------------------------------------

    def _write(self, service: Any, *args: Any) -> object:
        """One step through the runner; a problem goes beside its field in the step's
        dialog when one is open, else in a message."""
        dialog = self._open
        errors = dialog.errors if dialog is not None else None
        return self.context.ops.attempt(dialog or self, errors, service, *args)

    def _plan_id(self) -> int:
        assert self.plan is not None
        return self.plan.id

    def start(self) -> None:
        """Start a plan for the child in the center."""
        try:
            self._write(plans.start_plan, self.child_id)
        except Refused:
            return

    def _dialog(self, kind: type[D], intro: str, save: Any,
                values: dict[str, Any] | None = None) -> D:  # fmt: skip
        return kind(intro, save, values, self)

    def _run(self, dialog: StepDialog) -> bool:
        """Show a step's dialog; True when the step was taken."""
        self._open = dialog
        try:
            return bool(dialog.exec())
        finally:
            self._open = None

    def log_tracing(self) -> None:
        """Add a step to the tracing log."""
        plan_id = self._plan_id()
        self._run(self._dialog(
            TracingDialog, _("A DNA comparison logged here completes the DNA-request task."),
            lambda v: self._write(plans.log_tracing, plan_id, plans.TracingInput(**v)),
        ))  # fmt: skip

    def verify_receiver(self) -> None:
        """Record the verified receiver."""
        plan_id = self._plan_id()

        def save(v: dict[str, Any]) -> object:
            data = plans.ReceiverInput(
                v["receiver_name"], v["receiver_id_number"], v["receiver_relationship"],
                v["receiver_phone"], v["receiver_address"], v["verified_by"], v["verified_how"],
                v["receiver_id_copy_kept"],
            )  # fmt: skip
            return self._write(plans.verify_receiver, plan_id, data)

        intro = _("Check the receiver's resident ID card in person before saving.")
        self._run(self._dialog(ReceiverDialog, intro, save))

    def assess(self) -> None:
        """Record the home assessment."""
        plan_id = self._plan_id()
        plan = self.plan
        values = {"assessment": plan.assessment, "findings": plan.findings} if plan else None
        self._run(self._dialog(
            AssessmentDialog, _("An unsuitable home blocks the approval."),
            lambda v: self._write(plans.assess_home, plan_id, v["assessment"], v["findings"]),
            values,
        ))  # fmt: skip

    def approve(self) -> None:
        """Approve the plan (a caseworker or administrator other than the planner)."""
        try:
            self._write(plans.approve, self._plan_id())
        except Refused:
            return

    def escort(self) -> None:
        """Record the escort plan and set off."""
        plan_id = self._plan_id()
        plan = self.plan
        defaults = {"destination": plan.receiver_address} if plan else None
        self._run(self._dialog(
            EscortDialog, _("A child under the age set in Settings travels with two escorts."),
            lambda v: self._write(plans.start_escort, plan_id, plans.EscortInput(**v)),
            defaults,
        ))  # fmt: skip

    def hand_over(self) -> None:
        """Record the handover; the stay is discharged with it."""
        plan = self.plan
        assert plan is not None
        held = self.context.ops.read(leaving.held_belongings, plan.admission_id)

        def save(v: dict[str, Any]) -> object:
            ends = dialog.ends.ends() if dialog.ends else ()
            data = handover.HandoverInput(v["handed_over_at"], v["handover_place"],
                                          v["received_by"], v["receipt_signed"], ends,
                                          v["cross_province"])  # fmt: skip
            return self._write(handover.hand_over, plan.id, data)

        intro = _(
            "The handover discharges the stay. Each belonging still held is given back — to "
            "the receiver unless changed — or kept with the reason why."
        )
        values = {"received_by": plan.receiver_name, "handover_place": plan.destination}
        dialog = self._dialog(HandoverDialog, intro, save, values)
        if held:
            dialog.add_belongings(held, plan.receiver_name)
        self._run(dialog)

    def record_visit(self) -> None:
        """Record the selected follow-up visit (or the first not yet made)."""
        row = self.visitsTable.currentIndex().row()
        waiting = [v for v in self.visits.rows if v.visited_on is None]
        selected = self.visits.rows[row] if row >= 0 else None
        chosen = selected if selected in waiting else (waiting[0] if waiting else None)
        if chosen is None:
            return
        dialog = self._dialog(
            VisitDialog, _("A child at risk may need a new intake or a referral."),
            lambda v: self._write(handover.record_visit, chosen.id, handover.VisitInput(**v)),
        )  # fmt: skip
        if self._run(dialog) and dialog.values()["risk"]:
            self.follow_up_risk(chosen.id)

    def _visit_activated(self, index: QModelIndex) -> None:
        """A recorded visit at risk, opened again, offers its follow-up again."""
        visit = self.visits.rows[index.row()]
        if visit.risk and visit.visited_on is not None and self.context.can(Permission.FOLLOW_UP):
            self.follow_up_risk(visit.id)

    def follow_up_risk(self, visit_id: int) -> None:
        """Offer what follows a visit that found the child at risk: a new intake of the
        child, or a referral."""
        may_admit = self.context.can(Permission.REGISTER) and not self.in_center
        offer = RiskOffer(may_admit, self)
        offer.exec()
        choice = offer.choice()
        if choice == "intake":
            self.admit_again()
        elif choice == "referral":
            self.refer(visit_id)

    def admit_again(self) -> None:
        """A new admission of the child, through the intake dialog filled from the record."""
        record = self.context.ops.read(intake.get_child, self.child_id)
        IntakeDialog(self.context, record.child, ADMIT, self).exec()

    def refer(self, visit_id: int) -> None:
        """Record a referral after the visit: to whom, and a note."""
        self._run(self._dialog(
            ReferralDialog, _("The referral goes on the record and in the visits table."),
            lambda v: self._write(handover.refer, visit_id, handover.ReferralInput(**v)),
        ))  # fmt: skip

    def chosen_visit(self) -> FollowUpVisit | None:
        """The visit row selected, else the first visit not yet made, else the last one."""
        rows: list[FollowUpVisit] = list(self.visits.rows)
        row = self.visitsTable.currentIndex().row()
        if 0 <= row < len(rows):
            return rows[row]
        waiting = [visit for visit in rows if visit.visited_on is None]
        return waiting[0] if waiting else (rows[-1] if rows else None)

    def print_handover(self) -> None:
        """Preview the handover form of the plan's way home (接领 or 护送返乡交接单)."""
        from desktop.views.print_preview import print_plan_form

        form = handover_form(self.plan)
        if form is not None:
            print_plan_form(self.context, form, self._plan_id(), self)

    def print_visit(self) -> None:
        """Preview the 回访记录表 of the chosen visit: filled once made, else to fill in."""
        from desktop.views.print_preview import print_plan_form

        visit = self.chosen_visit()
        if visit is not None:
            print_plan_form(self.context, "visit", self._plan_id(), self, visit_id=visit.id)

    def close_plan(self) -> None:
        """Close the plan once every visit is recorded."""
        try:
            self._write(handover.close_plan, self._plan_id())
        except Refused:
            return

    def cancel(self) -> None:
        """Cancel the plan, with the reason."""
        plan_id = self._plan_id()
        self._run(self._dialog(
            CancelPlanDialog, "",
            lambda v: self._write(plans.cancel_plan, plan_id, v["cancel_reason"]),
        ))  # fmt: skip
