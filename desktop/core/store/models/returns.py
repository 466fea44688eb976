"""Return home (返乡安置): the plan of one admission, its tracing log and the follow-up
visits after the handover. Nothing is deleted: a plan that will not go ahead is
cancelled with its reason."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Boolean, Date, ForeignKey, Integer, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column

from desktop.core.store.models.base import Base, UTCDateTime, utcnow


class ReturnPlan(Base):
    """Getting one child home: receiver, home assessment, approval, escort, handover."""

    __tablename__ = "return_plan"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    child_id: Mapped[int] = mapped_column(ForeignKey("child.id"), index=True)
    admission_id: Mapped[int] = mapped_column(ForeignKey("admission.id"), index=True)
    status: Mapped[str] = mapped_column(String(20), default="tracing")
    planned_by_id: Mapped[int] = mapped_column(ForeignKey("staff.id"))
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    # the last move of the status: when and by whom
    status_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    status_by_id: Mapped[int] = mapped_column(ForeignKey("staff.id"))
    # the receiver, verified
    receiver_name: Mapped[str] = mapped_column(String(50), default="")
    receiver_id_number: Mapped[str] = mapped_column(String(18), default="")
    receiver_relationship: Mapped[str] = mapped_column(String(30), default="")
    receiver_phone: Mapped[str] = mapped_column(String(30), default="")
    receiver_address: Mapped[str] = mapped_column(String(300), default="")
    verified_by: Mapped[str] = mapped_column(String(50), default="")
    verified_how: Mapped[str] = mapped_column(Text, default="")
    #: Whether a copy of the receiver's identity document was kept (the collection form's
    #: 身份证件复印件 box). NULL on plans verified before it was asked (migration 0012).
    receiver_id_copy_kept: Mapped[bool | None] = mapped_column(
        Boolean, nullable=True, default=False
    )
    # the home assessment
    assessment: Mapped[str] = mapped_column(String(20), default="")
    findings: Mapped[str] = mapped_column(Text, default="")
    # the approval
    approved_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"), nullable=True)
    approved_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime, nullable=True)
    # the escort plan
    return_mode: Mapped[str] = mapped_column(String(30), default="")
    escort_first: Mapped[str] = mapped_column(String(50), default="")
    escort_second: Mapped[str] = mapped_column(String(50), default="")
    transport: Mapped[str] = mapped_column(String(100), default="")
    departure_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime, nullable=True)
    arrival_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime, nullable=True)
    destination: Mapped[str] = mapped_column(String(300), default="")
    receiving_unit_kind: Mapped[str] = mapped_column(String(20), default="")
    receiving_unit: Mapped[str] = mapped_column(String(200), default="")
    receiving_contact: Mapped[str] = mapped_column(String(100), default="")
    # the handover
    handed_over_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime, nullable=True)
    handover_place: Mapped[str] = mapped_column(String(200), default="")
    received_by: Mapped[str] = mapped_column(String(50), default="")
    receipt_signed: Mapped[bool] = mapped_column(Boolean, default=False)
    cancel_reason: Mapped[str] = mapped_column(Text, default="")


class TracingEntry(Base):
    """One step of tracing the family: when, how, whom, what came of it, what next."""

    __tablename__ = "tracing_entry"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("return_plan.id"), index=True)
    traced_on: Mapped[dt.date] = mapped_column(Date)
    method: Mapped[str] = mapped_column(String(20))
    contact: Mapped[str] = mapped_column(String(200), default="")
    result: Mapped[str] = mapped_column(Text, default="")
    next_step: Mapped[str] = mapped_column(Text, default="")
    recorded_by_id: Mapped[int] = mapped_column(ForeignKey("staff.id"))
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)


class FollowUpVisit(Base):
    """A visit due some months after the handover, and what it found once made."""

    __tablename__ = "follow_up_visit"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("return_plan.id"), index=True)
    months: Mapped[int] = mapped_column(Integer)
    due_on: Mapped[dt.date] = mapped_column(Date, index=True)
    visited_on: Mapped[dt.date | None] = mapped_column(Date, nullable=True)
    method: Mapped[str] = mapped_column(String(20), default="")
    findings: Mapped[str] = mapped_column(Text, default="")
    situation: Mapped[str] = mapped_column(Text, default="")
    risk: Mapped[bool] = mapped_column(Boolean, default=False)
    #: What is done next (the visit form's 下一步措施).
    next_step: Mapped[str] = mapped_column(Text, default="", server_default=text("''"))
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"), nullable=True)


class Referral(Base):
    """A child found at risk at a follow-up visit, referred on: to whom, and why."""

    __tablename__ = "referral"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("return_plan.id"), index=True)
    visit_id: Mapped[int] = mapped_column(ForeignKey("follow_up_visit.id"), index=True)
    referred_to: Mapped[str] = mapped_column(String(20))
    note: Mapped[str] = mapped_column(Text, default="")
    recorded_by_id: Mapped[int] = mapped_column(ForeignKey("staff.id"))
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
