"""A small hand-made center for the dashboard's and the statistics' residence and
return-home figures: rooms and beds, placements, plans at several steps, visits."""

from __future__ import annotations

import datetime as dt
from typing import Any

from intaketools import ARRIVED, arrival, known_child

from desktop.core.children import intake
from desktop.core.returns import handover, plans
from desktop.core.returns.handover import HandoverInput, VisitInput
from desktop.core.returns.plans import EscortInput, ReceiverInput
from desktop.core.store.db import Database
from desktop.core.store.models import Staff
from tests.leaving import ADULT_ID

DAY = dt.timedelta(days=1)
HOUR = dt.timedelta(hours=1)
RECEIVER = ReceiverInput(
    name="张大山", id_number=ADULT_ID, relationship="父亲", phone="13800138000",
    address="北京市朝阳区某村3号", verified_by="王主任", verified_how="身份证与户口簿一致",
)  # fmt: skip


def child(db: Database, admin: Staff, name: str, **values: Any) -> int:
    """Register a child (arrived at ``ARRIVED`` unless ``arrived_at`` is given)."""
    came = {"arrived_at": values.pop("arrived_at")} if "arrived_at" in values else {}
    return intake.register_child(db, admin, known_child(name=name, **values), arrival(**came)).id


def plan_to(db: Database, people: dict[str, Staff], child_id: int, step: str) -> int:
    """A plan of ``child_id`` carried to ``step`` (tracing … approved, escort)."""
    worker = people["caseworker"]
    plan = plans.start_plan(db, worker, child_id).id
    if step == "tracing":
        return plan
    plans.verify_receiver(db, worker, plan, RECEIVER)
    if step == "receiver_verified":
        return plan
    plans.assess_home(db, worker, plan, "suitable", "家中有父母照料")
    if step == "assessed":
        return plan
    plans.approve(db, people["admin"], plan)
    if step == "approved":
        return plan
    plans.start_escort(db, worker, plan, escort())
    return plan


def escort(mode: str = "escorted_home", leaving: dt.datetime = ARRIVED + 20 * DAY) -> EscortInput:
    """An escort plan leaving at ``leaving``."""
    return EscortInput(
        return_mode=mode, departure_at=leaving, arrival_at=leaving + 8 * HOUR,
        destination="北京市朝阳区某村3号", receiving_unit_kind="civil_affairs",
        receiving_unit="朝阳区民政局", receiving_contact="李科长 010-12345678",
        escort_first="刘社工", escort_second="陈社工", transport="火车 G123",
    )  # fmt: skip


def handed_over(db: Database, people: dict[str, Staff], child_id: int,
                at: dt.datetime = ARRIVED + 20 * DAY + 9 * HOUR,
                mode: str = "escorted_home") -> int:  # fmt: skip
    """A plan of ``child_id`` carried to the handover at ``at`` (visits due 1, 3, 6 months on)."""
    worker = people["caseworker"]
    plan = plan_to(db, people, child_id, "approved")
    plans.start_escort(db, worker, plan, escort(mode, at - 9 * HOUR))
    receipt = HandoverInput(
        handed_over_at=at, place="朝阳区民政局", received_by="张大山", receipt_signed=True
    )
    handover.hand_over(db, worker, plan, receipt)
    return plan


def visit(db: Database, worker: Staff, visit_id: int, on: dt.date, risk: bool = False,
          method: str = "phone") -> None:  # fmt: skip
    """Record a follow-up visit."""
    found = VisitInput(
        visited_on=on, method=method, findings="孩子在家上学", situation="", risk=risk
    )
    handover.record_visit(db, worker, visit_id, found)
