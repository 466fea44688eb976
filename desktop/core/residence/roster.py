"""Who is where: the occupancy board (now) and the daily roster (在站人员名册) of any
date, each one query. ``roster_rows`` runs inside a caller's transaction, so the
printed roster and the statistics read the same rows the screen shows.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy import and_, func, or_, select, union_all
from sqlalchemy.orm import Session, aliased

from desktop.core import fields
from desktop.core.children.validation import age_on
from desktop.core.clock import local_day, local_midnight_utc
from desktop.core.i18n import _
from desktop.core.residence.rooms import RoomView, room_views
from desktop.core.staff.access import require
from desktop.core.staff.permissions import Permission
from desktop.core.store.db import Database
from desktop.core.store.models import Admission, Bed, Child, Placement, Room, Staff


@dataclass(frozen=True)
class Resident:
    """One child on the roster of a day, or on the board now."""

    child_id: int
    admission_id: int
    case_no: str
    name: str
    alias: str
    sex: str
    birth_date: dt.date | None
    category: str
    arrived_at: dt.datetime
    discharged_at: dt.datetime | None
    placement_id: int | None
    kind: str  # '' without a placement
    room: str
    bed: str
    bed_id: int | None
    place: str
    day: dt.date

    @property
    def shown_name(self) -> str:
        """The name as screens show it."""
        return fields.shown_name(self.name, self.alias)

    @property
    def age(self) -> int | None:
        """Age in whole years on the day (None when the birth date is unknown)."""
        return age_on(self.birth_date, self.day) if self.birth_date else None

    @property
    def days(self) -> int:
        """Days in residence on the day, the day of arrival counting as the first."""
        return (self.day - local_day(self.arrived_at)).days + 1

    @property
    def where(self) -> str:
        """ "Room 101 bed 2", the place outside, or ''."""
        if self.kind == "bed":
            return f"{self.room} · {self.bed}"
        if self.kind:
            kind = fields.PLACEMENT["kind"].choice_label(self.kind)
            return (
                _("{label}: {value}").format(label=kind, value=self.place) if self.place else kind
            )
        return ""


def _stays(start: dt.datetime, end: dt.datetime, now: bool) -> Any:
    """The ids of the stays open now, or overlapping [start, end): the open ones (a small
    partial index) and the discharged ones (an index on discharge then arrival) apart,
    which is much quicker than one condition with an OR over a hundred thousand stays."""
    live = Admission.voided_at.is_(None)
    still_open = select(Admission.id).where(live, Admission.discharged_at.is_(None))
    if now:
        return still_open
    # coalesce() keeps the planner on the index of discharge then arrival (it would take
    # the arrival index, and read every stay that began before the day): the range is the
    # stays discharged since the day began, their arrival checked in the index itself
    arrived = func.coalesce(Admission.arrived_at, Admission.arrived_at)
    ended = select(Admission.id).where(live, Admission.discharged_at >= start, arrived < end)
    return union_all(still_open.where(Admission.arrived_at < end), ended)


def roster_rows(session: Session, day: dt.date, *, now: bool = False) -> list[Resident]:
    """Every child in the center at some time on the local ``day`` (``now``: at this
    moment, open stays only), with the placement current at the end of that time.

    One SQL statement: the stays overlapping the day, their child, and the stay's
    latest placement begun before the day's end and not ended before its start.
    """
    start, end = local_midnight_utc(day), local_midnight_utc(day + dt.timedelta(days=1))
    latest = aliased(Placement)
    chosen = (
        select(latest.id)
        .where(
            latest.admission_id == Admission.id,
            latest.voided_at.is_(None),
            latest.started_at < end,
            or_(latest.ended_at.is_(None), latest.ended_at > start),
        )
        .order_by(latest.started_at.desc(), latest.id.desc())
        .limit(1)
        .correlate(Admission)
        .scalar_subquery()
    )
    # now: the one current placement (a unique index keeps it one), joined plainly
    joined = (
        and_(
            Placement.admission_id == Admission.id,
            Placement.ended_at.is_(None),
            Placement.voided_at.is_(None),
        )
        if now
        else Placement.id == chosen
    )
    query = (
        select(
            Child.id,
            Admission.id,
            Child.case_no,
            Child.name,
            Child.alias,
            Child.sex,
            Child.birth_date,
            Child.category,
            Admission.arrived_at,
            Admission.discharged_at,
            Placement.id,
            Placement.kind,
            Room.name,
            Bed.label,
            Bed.id,
            Placement.place,
        )
        .join(Child, Child.id == Admission.child_id)
        .outerjoin(Placement, joined)
        .outerjoin(Bed, Bed.id == Placement.bed_id)
        .outerjoin(Room, Room.id == Bed.room_id)
        .where(Admission.voided_at.is_(None), Child.voided_at.is_(None))
    )
    query = query.where(Admission.id.in_(_stays(start, end, now)))
    # rooms and beds first, then the children outside or without a placement
    query = query.order_by(
        Room.id.is_(None), Room.name, Bed.position, Admission.arrived_at, Admission.id
    )
    residents = []
    for row in session.execute(query):
        child_id, admission_id, case_no, name, alias, sex, born, category = row[:8]
        arrived, left, placement_id, kind, room, bed, bed_id, place = row[8:]
        residents.append(
            Resident(
                child_id,
                admission_id,
                case_no,
                name,
                alias,
                sex,
                born,
                category,
                arrived,
                left,
                placement_id,
                kind or "",
                room or "",
                bed or "",
                bed_id,
                place or "",
                day,
            )
        )
    return residents


def roster(db: Database, actor: Staff, day: dt.date) -> list[Resident]:
    """The daily roster (在站人员名册) of the local ``day``."""
    with db.session() as session:
        require(session, actor, Permission.READ)
        return roster_rows(session, day)


@dataclass(frozen=True)
class Board:
    """The occupancy board: rooms with their beds, and every child now in the center."""

    rooms: list[RoomView]
    residents: list[Resident]

    def in_bed(self) -> dict[int, Resident]:
        """The child in each taken bed, by bed id."""
        return {r.bed_id: r for r in self.residents if r.kind == "bed" and r.bed_id is not None}

    def outside(self) -> list[Resident]:
        """Children placed outside the center."""
        return [r for r in self.residents if r.kind and r.kind != "bed"]

    def unplaced(self) -> list[Resident]:
        """Children in the center without a placement."""
        return [r for r in self.residents if not r.kind]


def board(db: Database, actor: Staff, today: dt.date | None = None) -> Board:
    """Rooms, beds and every child now in the center with the current placement."""
    with db.session() as session:
        require(session, actor, Permission.READ)
        day = today or dt.date.today()
        return Board(room_views(session), roster_rows(session, day, now=True))


__all__ = ["Board", "Resident", "board", "roster", "roster_rows"]
