"""The children's tables: child, admission (a stay), belongings, contacts, notes,
photos, tasks with deadlines, case numbering and the search index.

Nothing here is deleted: a mistake is voided (``voided_at``, ``void_reason``,
``voided_by_id``) by a permitted user, and the row stays for the history.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import (
    Boolean,
    Date,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column

from desktop.core.store.models.base import Base, UTCDateTime, utcnow


class Voidable:
    """Columns of a record that can be voided instead of deleted."""

    voided_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime, nullable=True)
    void_reason: Mapped[str] = mapped_column(Text, default="")
    voided_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"), nullable=True)


class CaseCounter(Base):
    """The last case number given out in a year; numbers are never reused."""

    __tablename__ = "case_counter"

    year: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    last: Mapped[int] = mapped_column(Integer, default=0)


class Child(Voidable, Base):
    """A child, with or without a known identity."""

    __tablename__ = "child"
    __table_args__ = (UniqueConstraint("case_year", "case_seq"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    case_no: Mapped[str] = mapped_column(String(12), unique=True)
    case_year: Mapped[int] = mapped_column(Integer)
    case_seq: Mapped[int] = mapped_column(Integer)
    name: Mapped[str] = mapped_column(String(50), default="", index=True)
    alias: Mapped[str] = mapped_column(String(50), default="")
    name_pinyin: Mapped[str] = mapped_column(String(300), default="")
    name_initials: Mapped[str] = mapped_column(String(60), default="")
    sex: Mapped[str] = mapped_column(String(10), default="unknown")
    birth_date: Mapped[dt.date | None] = mapped_column(Date, nullable=True)
    birth_date_estimated: Mapped[bool] = mapped_column(Boolean, default=False)
    id_number: Mapped[str | None] = mapped_column(String(18), nullable=True, unique=True)
    birth_place: Mapped[str] = mapped_column(String(100), default="")
    ethnicity: Mapped[str] = mapped_column(String(2), default="")
    household_registration: Mapped[str] = mapped_column(String(200), default="")
    address: Mapped[str] = mapped_column(String(300), default="")
    school: Mapped[str] = mapped_column(String(200), default="")
    education: Mapped[str] = mapped_column(String(20), default="")
    dialect: Mapped[str] = mapped_column(String(50), default="")
    height_cm: Mapped[int | None] = mapped_column(Integer, nullable=True)
    build: Mapped[str] = mapped_column(String(20), default="")
    appearance: Mapped[str] = mapped_column(Text, default="")
    clothing: Mapped[str] = mapped_column(Text, default="")
    health: Mapped[str] = mapped_column(Text, default="")
    mental_state: Mapped[str] = mapped_column(Text, default="")
    disability: Mapped[str] = mapped_column(Text, default="")
    category: Mapped[str] = mapped_column(String(30), default="other", index=True)
    merged_into_id: Mapped[int | None] = mapped_column(
        ForeignKey("child.id"), nullable=True, index=True
    )
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)


class Admission(Voidable, Base):
    """One stay of a child at the center, from arrival to discharge."""

    __tablename__ = "admission"
    __table_args__ = (
        # At most one open (not discharged, not voided) admission per child.
        Index(
            "ix_admission_open_child",
            "child_id",
            unique=True,
            sqlite_where=text("discharged_at IS NULL AND voided_at IS NULL"),
            postgresql_where=text("discharged_at IS NULL AND voided_at IS NULL"),
        ),
        # The children list sorted or filtered by the last arrival.
        Index("ix_admission_child_voided_arrived", "child_id", "voided_at", "arrived_at"),
        # The roster of a day: the stays discharged since its start, by arrival.
        Index("ix_admission_discharged_arrived", "discharged_at", "arrived_at"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    child_id: Mapped[int] = mapped_column(ForeignKey("child.id"), index=True)
    arrived_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, index=True)
    arrival_mode: Mapped[str] = mapped_column(String(20), default="other")
    referring_unit: Mapped[str] = mapped_column(String(200), default="")
    referrer_name: Mapped[str] = mapped_column(String(50), default="")
    referrer_phone: Mapped[str] = mapped_column(String(30), default="")
    police_case_no: Mapped[str] = mapped_column(String(50), default="")
    police_handover_ref: Mapped[str] = mapped_column(String(100), default="")
    reason: Mapped[str] = mapped_column(Text, default="")
    circumstances: Mapped[str] = mapped_column(Text, default="")
    street_since: Mapped[str] = mapped_column(String(100), default="")
    welfare_status: Mapped[str] = mapped_column(String(20), default="none")
    intake_check: Mapped[str] = mapped_column(Text, default="")
    harm_found: Mapped[bool] = mapped_column(Boolean, default=False)
    security_check: Mapped[str] = mapped_column(Text, default="")
    photo_taken: Mapped[bool] = mapped_column(Boolean, default=False)
    fingerprints_taken: Mapped[bool] = mapped_column(Boolean, default=False)
    fingerprint_ref: Mapped[str] = mapped_column(String(100), default="")
    consent: Mapped[bool] = mapped_column(Boolean, default=False)
    consent_note: Mapped[str] = mapped_column(Text, default="")
    receiving_staff_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"), nullable=True)
    discharged_at: Mapped[dt.datetime | None] = mapped_column(
        UTCDateTime, nullable=True, index=True
    )
    discharge_mode: Mapped[str] = mapped_column(String(30), default="")
    discharge_destination: Mapped[str] = mapped_column(String(200), default="")
    cross_province: Mapped[bool] = mapped_column(Boolean, default=False)
    discharge_note: Mapped[str] = mapped_column(Text, default="")
    found_place: Mapped[str] = mapped_column(String(200), default="", server_default=text("''"))
    notice_issued_on: Mapped[dt.date | None] = mapped_column(Date, nullable=True)
    notice_reason: Mapped[str] = mapped_column(Text, default="", server_default=text("''"))
    # the discharge in full (migration 0007): the adult who collected the child, checked
    collector_name: Mapped[str] = mapped_column(String(50), default="", server_default=text("''"))
    collector_id_number: Mapped[str] = mapped_column(
        String(18), default="", server_default=text("''")
    )
    collector_relationship: Mapped[str] = mapped_column(
        String(30), default="", server_default=text("''")
    )
    collector_phone: Mapped[str] = mapped_column(String(30), default="", server_default=text("''"))
    collector_checked_by: Mapped[str] = mapped_column(
        String(50), default="", server_default=text("''")
    )
    # 自行离站声明书 signed (16 and over, leaving alone); 擅自离站: the police report
    statement_signed: Mapped[bool] = mapped_column(Boolean, default=False, server_default=text("0"))
    police_report: Mapped[str] = mapped_column(Text, default="", server_default=text("''"))
    reopen_reason: Mapped[str] = mapped_column(Text, default="", server_default=text("''"))
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)


class Belonging(Voidable, Base):
    """An item deposited at admission, and its return."""

    __tablename__ = "belonging"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    admission_id: Mapped[int] = mapped_column(ForeignKey("admission.id"), index=True)
    item: Mapped[str] = mapped_column(String(100))
    quantity: Mapped[int] = mapped_column(Integer, default=1)
    description: Mapped[str] = mapped_column(Text, default="")
    cash_fen: Mapped[int] = mapped_column(Integer, default=0)
    valuable: Mapped[bool] = mapped_column(Boolean, default=False)
    returned_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime, nullable=True)
    returned_to: Mapped[str] = mapped_column(String(100), default="")
    returned_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"), nullable=True)
    disposition: Mapped[str] = mapped_column(String(20), default="held", server_default="held")
    # handed to the police or destroyed (migration 0006); a return uses returned_* above
    disposed_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime, nullable=True)
    disposed_to: Mapped[str] = mapped_column(String(100), default="", server_default=text("''"))
    disposal_ref: Mapped[str] = mapped_column(String(100), default="", server_default=text("''"))
    disposal_reason: Mapped[str] = mapped_column(Text, default="", server_default=text("''"))
    disposal_witness: Mapped[str] = mapped_column(
        String(100), default="", server_default=text("''")
    )
    # why an item still held was not given back at the discharge (migration 0007)
    not_returned_reason: Mapped[str] = mapped_column(Text, default="", server_default=text("''"))


class Contact(Voidable, Base):
    """A relative, guardian or other contact of a child."""

    __tablename__ = "contact"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    child_id: Mapped[int] = mapped_column(ForeignKey("child.id"), index=True)
    name: Mapped[str] = mapped_column(String(50))
    relationship: Mapped[str] = mapped_column(String(30), default="")
    phone: Mapped[str] = mapped_column(String(30), default="")
    address: Mapped[str] = mapped_column(String(300), default="")
    id_number: Mapped[str] = mapped_column(String(18), default="")
    legal_guardian: Mapped[bool] = mapped_column(Boolean, default=False)
    situation: Mapped[str] = mapped_column(String(20), default="unknown")
    note: Mapped[str] = mapped_column(Text, default="")


class Note(Voidable, Base):
    """A service given or a daily note, dated and signed by a staff member."""

    __tablename__ = "note"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    child_id: Mapped[int] = mapped_column(ForeignKey("child.id"), index=True)
    admission_id: Mapped[int | None] = mapped_column(ForeignKey("admission.id"), nullable=True)
    kind: Mapped[str] = mapped_column(String(20), default="daily")
    at: Mapped[dt.datetime] = mapped_column(UTCDateTime, index=True)
    text: Mapped[str] = mapped_column(Text)
    staff_id: Mapped[int] = mapped_column(ForeignKey("staff.id"))


class Photo(Voidable, Base):
    """A photo of a child, downscaled to JPEG before it is stored."""

    __tablename__ = "photo"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    child_id: Mapped[int] = mapped_column(ForeignKey("child.id"), index=True)
    taken_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    image: Mapped[bytes] = mapped_column(LargeBinary)
    width: Mapped[int] = mapped_column(Integer)
    height: Mapped[int] = mapped_column(Integer)
    caption: Mapped[str] = mapped_column(String(200), default="")
    staff_id: Mapped[int] = mapped_column(ForeignKey("staff.id"))


class Task(Base):
    """Something that must be done for a child by a deadline."""

    __tablename__ = "task"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    child_id: Mapped[int] = mapped_column(ForeignKey("child.id"), index=True)
    admission_id: Mapped[int | None] = mapped_column(ForeignKey("admission.id"), nullable=True)
    kind: Mapped[str] = mapped_column(String(30))
    due_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, index=True)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    done_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime, nullable=True)
    done_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"), nullable=True)
    reference: Mapped[str] = mapped_column(String(200), default="")
    note: Mapped[str] = mapped_column(Text, default="")
    cancelled: Mapped[bool] = mapped_column(Boolean, default=False)


class TaskRule(Base):
    """When a kind of task is due: ``delay`` hours, days or working days after its start."""

    __tablename__ = "task_rule"

    kind: Mapped[str] = mapped_column(String(30), primary_key=True)
    enabled: Mapped[bool] = mapped_column(Boolean, default=True)
    delay: Mapped[int] = mapped_column(Integer)
    unit: Mapped[str] = mapped_column(String(20))


class SearchToken(Base):
    """One searchable key of a child (name parts, pinyin, initials, ID, case number)."""

    __tablename__ = "search_token"
    __table_args__ = (
        # Both cover the lookups: a prefix range on token, and one child's tokens.
        Index("ix_search_token_token_child", "token", "child_id"),
        Index("ix_search_token_child_token", "child_id", "token"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    child_id: Mapped[int] = mapped_column(ForeignKey("child.id"))
    token: Mapped[str] = mapped_column(String(60))
