"""Return-home plans for the demo: one at every step, through the real services.

The children in the center who arrived first get a plan each: tracing, receiver
verified, assessed, approved, escort under way, handed over with the first visit
made — it found the child at risk, a next step was set and a referral followed — and
the later ones due, and one cancelled; every other verified receiver left a copy of
the ID. Times are counted back from the demo's day, so the same seed gives the same
stays and discharges.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import func, or_, select

from desktop.core.clock import local_day
from desktop.core.demo.data import make_id_number
from desktop.core.residence.discharge import BelongingEnd
from desktop.core.returns import handover, plans
from desktop.core.returns.queries import plans_of
from desktop.core.store.db import Database
from desktop.core.store.models import (
    Admission,
    Belonging,
    Child,
    FollowUpVisit,
    Placement,
    Staff,
)

#: The steps the demo's plans stop at, one plan each (the longest stay goes home first).
STOPS = ("handed_over", "escort", "approved", "assessed", "receiver_verified", "tracing",
         "cancelled")  # fmt: skip
DAY = dt.timedelta(days=1)


def _candidates(db: Database, now: dt.datetime) -> list[tuple[int, int, dt.datetime, dt.datetime]]:
    """(child, stay, arrival, last move) of the children in the center for three days or more.

    The last move is when the newest placement of the stay began (a bed counts), which
    the handover must follow; a child moved in the last two days is left out.
    """
    moved = (
        select(func.max(Placement.started_at))
        .where(Placement.admission_id == Admission.id, Placement.voided_at.is_(None))
        .scalar_subquery()
    )
    with db.session() as session:
        rows = session.execute(
            select(Child.id, Admission.id, Admission.arrived_at, moved)
            .join(Admission, Admission.child_id == Child.id)
            .where(
                Admission.discharged_at.is_(None),
                Admission.voided_at.is_(None),
                Admission.arrived_at < now - 3 * DAY,
                or_(moved.is_(None), moved < now - 2 * DAY),
            )
            .order_by(Admission.arrived_at, Child.id)
            .limit(len(STOPS))
        ).all()
    return [(child, stay, arrived, moved or arrived) for child, stay, arrived, moved in rows]


def _held(db: Database, stay: int) -> list[int]:
    with db.session() as session:
        return list(session.scalars(select(Belonging.id).where(
            Belonging.admission_id == stay, Belonging.voided_at.is_(None),
            Belonging.disposition == "held", Belonging.returned_at.is_(None),
        )))  # fmt: skip


def add_plans(db: Database, admin: Staff, worker: Staff, now: dt.datetime) -> int:
    """Add the demo's plans (planned by ``worker``, approved by ``admin``); return how many."""
    made = 0
    for index, (child_id, stay, arrived, moved) in enumerate(_candidates(db, now)):
        stop = STOPS[index]
        plan = plans.start_plan(db, worker, child_id).id
        made += 1
        traced = local_day(arrived) + DAY
        plans.log_tracing(db, worker, plan, plans.TracingInput(
            traced, "phone", "户籍地村委会", "联系上家属", "核实接收人身份"))  # fmt: skip
        if stop == "cancelled":
            plans.cancel_plan(db, worker, plan, "家属拒绝接收，另行安置")
            continue
        if stop == "tracing":
            continue
        number = make_id_number("411602", dt.date(1980, 5, 1), True, index)
        receiver = plans.ReceiverInput(
            "张建国", number, "父亲", "13800138000", "河南省周口市某村5号",
            "王主任", "核对身份证原件及户口簿", id_copy_kept=index % 2 == 0,
        )  # fmt: skip
        plans.verify_receiver(db, worker, plan, receiver)
        if stop == "receiver_verified":
            continue
        plans.assess_home(db, worker, plan, "suitable", "父母在家，居住条件可以")
        if stop == "assessed":
            continue
        plans.approve(db, admin, plan)
        if stop == "approved":
            continue
        departure = max(arrived + DAY, moved + DAY, now - 40 * DAY)
        plans.start_escort(db, worker, plan, plans.EscortInput(
            "escorted_home", departure, departure + 8 * dt.timedelta(hours=1),
            "河南省周口市某村5号", "civil_affairs", "周口市民政局", "李科长 0394-1234567",
            "刘敏", "王强", "火车"))  # fmt: skip
        if stop == "escort":
            continue
        handed = departure + 9 * dt.timedelta(hours=1)
        ends = tuple(BelongingEnd(item, returned_to="张建国") for item in _held(db, stay))
        handover.hand_over(db, worker, plan, handover.HandoverInput(
            handed, "周口市民政局", "张建国", True, ends))  # fmt: skip
        first = min(local_day(handed) + 30 * DAY, local_day(now))
        detail = _visits(db, worker, child_id)  # by due date: the first visit first
        _at_risk(db, worker, detail[0].id, first)
    return made


def _at_risk(db: Database, worker: Staff, visit_id: int, day: dt.date) -> None:
    """A first visit that found the child at risk, its next step, and the referral after it."""
    handover.record_visit(db, worker, visit_id, handover.VisitInput(
        day, "home_visit", "孩子再次离家外出，辍学在家", "父亲外出务工，由年迈祖母照看",
        risk=True, next_step="两周后再次入户走访，督促父亲返乡照料，联系学校安排复学"))  # fmt: skip
    handover.refer(db, worker, visit_id, handover.ReferralInput(
        "civil_affairs", "已转介当地民政部门和村委会，督促落实监护责任并纳入重点关注"))  # fmt: skip


def _visits(db: Database, worker: Staff, child_id: int) -> list[FollowUpVisit]:
    return list(plans_of(db, worker, child_id)[0].visits)
