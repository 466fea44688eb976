"""Residence: rooms, their beds, and where a child stays during an admission.

A placement is either an in-house bed or a place outside the center (foster
family, welfare institution, specialised school, kinship care, hospital,
other). Nothing is deleted: a bed is taken out of use, a placement ends (or,
when it was a mistake, is voided with a reason).
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Boolean, ForeignKey, Index, Integer, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column

from desktop.core.store.models.base import Base, UTCDateTime, utcnow
from desktop.core.store.models.children import Voidable

#: A placement that is still going on and not voided (partial unique indexes).
_CURRENT = "ended_at IS NULL AND voided_at IS NULL"


class Room(Base):
    """A room of the center: its name, floor and who may sleep there."""

    __tablename__ = "room"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(50), unique=True)
    floor: Mapped[str] = mapped_column(String(20), default="")
    sex_rule: Mapped[str] = mapped_column(String(10), default="mixed")
    note: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)


class Bed(Base):
    """A bed in a room; one that is out of use takes no child."""

    __tablename__ = "bed"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    room_id: Mapped[int] = mapped_column(ForeignKey("room.id"), index=True)
    label: Mapped[str] = mapped_column(String(20))
    position: Mapped[int] = mapped_column(Integer, default=0)
    in_use: Mapped[bool] = mapped_column(Boolean, default=True)


class Placement(Voidable, Base):
    """Where a child stays from ``started_at`` to ``ended_at`` (open while current)."""

    __tablename__ = "placement"
    __table_args__ = (
        # One current placement per child, one current child per bed.
        Index(
            "ix_placement_current_child",
            "child_id",
            unique=True,
            sqlite_where=text(_CURRENT),
            postgresql_where=text(_CURRENT),
        ),
        Index(
            "ix_placement_current_bed",
            "bed_id",
            unique=True,
            sqlite_where=text(_CURRENT + " AND bed_id IS NOT NULL"),
            postgresql_where=text(_CURRENT + " AND bed_id IS NOT NULL"),
        ),
        Index("ix_placement_admission_started", "admission_id", "started_at"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    child_id: Mapped[int] = mapped_column(ForeignKey("child.id"), index=True)
    admission_id: Mapped[int] = mapped_column(ForeignKey("admission.id"))
    kind: Mapped[str] = mapped_column(String(20), default="bed")
    bed_id: Mapped[int | None] = mapped_column(ForeignKey("bed.id"), nullable=True)
    place: Mapped[str] = mapped_column(String(200), default="")
    address: Mapped[str] = mapped_column(String(300), default="")
    contact_person: Mapped[str] = mapped_column(String(50), default="")
    phone: Mapped[str] = mapped_column(String(30), default="")
    started_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    ended_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime, nullable=True)
    notes: Mapped[str] = mapped_column(Text, default="")
    sex_override_reason: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
