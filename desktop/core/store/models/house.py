"""The house's tables: center profile, staff accounts, audit trail, settings."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Boolean, Date, ForeignKey, Index, Integer, LargeBinary, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from desktop.core.store.models.base import Base, UTCDateTime, utcnow


class Center(Base):
    """The center's profile: one row, printed at the head of every form."""

    __tablename__ = "center"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    address: Mapped[str] = mapped_column(String(500), default="")
    phone: Mapped[str] = mapped_column(String(50), default="")
    form_header: Mapped[str] = mapped_column(String(200), default="")
    logo: Mapped[bytes | None] = mapped_column(LargeBinary, nullable=True)
    updated_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)


class Staff(Base):
    """A staff account. Never deleted: deactivated, so the trail keeps its names."""

    __tablename__ = "staff"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    username: Mapped[str] = mapped_column(String(32), unique=True)
    full_name: Mapped[str] = mapped_column(String(100))
    role: Mapped[str] = mapped_column(String(20))
    password_hash: Mapped[str] = mapped_column(String(200))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    must_change_password: Mapped[bool] = mapped_column(Boolean, default=False)
    failed_logins: Mapped[int] = mapped_column(Integer, default=0)
    locked_until: Mapped[dt.datetime | None] = mapped_column(UTCDateTime, nullable=True)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_sign_in_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime, nullable=True)
    # 入职查询: the pre-employment check the rules require before work with children.
    check_date: Mapped[dt.date | None] = mapped_column(Date, nullable=True)
    check_result: Mapped[str] = mapped_column(String(200), default="")
    check_reference: Mapped[str] = mapped_column(String(200), default="")


class AuditEntry(Base):
    """One write, numbered and chained to the entry before it by MAC (``audit.entries``)."""

    __tablename__ = "audit_entry"
    __table_args__ = (Index("ix_audit_entry_record", "entity", "record_id", "id"),)

    #: The entry's place in the chain: 1, 2, 3 ... given by the trail, never reused.
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    at: Mapped[dt.datetime] = mapped_column(UTCDateTime, index=True)
    staff_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"), nullable=True)
    actor: Mapped[str] = mapped_column(String(64))
    action: Mapped[str] = mapped_column(String(40))
    entity: Mapped[str] = mapped_column(String(40))
    record_id: Mapped[str] = mapped_column(String(40))
    #: ``{field: [before, after]}`` as JSON text, or empty.
    changes: Mapped[str] = mapped_column(Text, default="")
    #: The record's row digest after the write; None when the entry describes no row.
    state: Mapped[bytes | None] = mapped_column(LargeBinary(16), nullable=True)
    mac: Mapped[bytes] = mapped_column(LargeBinary(32))


class Setting(Base):
    """A center-wide setting (idle lock minutes, backup reminder days, ...)."""

    __tablename__ = "setting"

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str] = mapped_column(Text)
