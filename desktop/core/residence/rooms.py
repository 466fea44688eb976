"""Rooms and their beds, set up by an administrator.

A room has a name, a floor, who may sleep there (boys, girls, mixed) and a
number of beds. Beds are never removed: lowering the number takes free beds out
of use (the last ones first), and a room cannot be made smaller than the
children sleeping in it. A single bed can be taken out of use while it is free.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from desktop.core import fields
from desktop.core.audit import trail as audit
from desktop.core.children.validation import check_choice
from desktop.core.cleaning import clean_text, field_label
from desktop.core.errors import ValidationError
from desktop.core.i18n import N_, _, ngettext
from desktop.core.residence.common import get_row, write
from desktop.core.staff.access import require
from desktop.core.staff.permissions import Permission
from desktop.core.store.db import Database
from desktop.core.store.models import Bed, Placement, Room, Staff

NO_ROOM = N_("There is no room with this number.")
NO_BED = N_("There is no bed with this number.")


@dataclass(frozen=True)
class RoomInput:
    """A room as the administrator enters it (fields.ROOM)."""

    name: str
    floor: str = ""
    sex_rule: str = "mixed"
    beds: int = 1
    note: str = ""


@dataclass(frozen=True)
class BedView:
    """A bed of a room as lists show it."""

    id: int
    label: str
    in_use: bool
    occupied: bool


@dataclass(frozen=True)
class RoomView:
    """A room with its beds (in order)."""

    id: int
    name: str
    floor: str
    sex_rule: str
    note: str
    beds: tuple[BedView, ...]

    @property
    def beds_in_use(self) -> int:
        """How many of its beds are in use."""
        return sum(bed.in_use for bed in self.beds)


def _check_room(session: Session, data: RoomInput, room_id: int | None) -> RoomInput:
    table = fields.ROOM
    name = clean_text(data.name, table["name"], required=True)
    same = session.scalars(select(Room).where(Room.name == name)).first()
    if same is not None and same.id != room_id:
        raise ValidationError(_("There is already a room of this name."), field="name")
    beds = data.beds
    if isinstance(beds, bool) or not isinstance(beds, int) or not 0 <= beds <= fields.MAX_BEDS:
        raise ValidationError(
            _("{label}: give a whole number from {low} to {high}.").format(
                label=field_label(table["beds"]), low=0, high=fields.MAX_BEDS
            ),
            field="beds",
        )
    return RoomInput(
        name=name,
        floor=clean_text(data.floor, table["floor"]),
        sex_rule=check_choice(data.sex_rule, table["sex_rule"], required=True),
        beds=beds,
        note=clean_text(data.note, table["note"]),
    )


def _occupied_beds(session: Session, room_id: int) -> set[int]:
    query = (
        select(Placement.bed_id)
        .join(Bed, Bed.id == Placement.bed_id)
        .where(Bed.room_id == room_id, Placement.ended_at.is_(None), Placement.voided_at.is_(None))
    )
    return {bed_id for bed_id in session.scalars(query) if bed_id is not None}


def _set_bed_count(session: Session, current: Staff, room: Room, wanted: int) -> None:
    """Bring the beds in use to ``wanted``: free beds out of use last first, then new ones."""
    beds = list(session.scalars(select(Bed).where(Bed.room_id == room.id).order_by(Bed.position)))
    occupied = _occupied_beds(session, room.id)
    in_use = [bed for bed in beds if bed.in_use]
    if wanted < len(occupied):
        raise ValidationError(
            ngettext(
                "{n} child sleeps in this room: it needs at least {n} bed.",
                "{n} children sleep in this room: it needs at least {n} beds.",
                len(occupied),
            ).format(n=len(occupied)),
            field="beds",
        )
    for bed in reversed(in_use):
        if len([b for b in beds if b.in_use]) <= wanted:
            break
        if bed.id not in occupied:
            before = audit.snapshot(bed)
            bed.in_use = False
            write(session, current, "update", "bed", bed, before)
    for bed in beds:
        if len([b for b in beds if b.in_use]) >= wanted:
            break
        if not bed.in_use:
            before = audit.snapshot(bed)
            bed.in_use = True
            write(session, current, "update", "bed", bed, before)
    position = max((bed.position for bed in beds), default=0)
    while len([b for b in beds if b.in_use]) < wanted:
        position += 1
        bed = Bed(room_id=room.id, label=str(position), position=position, in_use=True)
        session.add(bed)
        beds.append(bed)
        write(session, current, "create", "bed", bed)


def save_room(db: Database, actor: Staff, data: RoomInput, room_id: int | None = None) -> Room:
    """Add a room (``room_id`` None) or change one, with its number of beds in use."""
    with db.session() as session:
        current = require(session, actor, Permission.EDIT_SETTINGS)
        room: Room | None = None
        if room_id is not None:
            room = get_row(session, Room, room_id, _(NO_ROOM))
        cleaned = _check_room(session, data, room_id)
        values = {
            "name": cleaned.name,
            "floor": cleaned.floor,
            "sex_rule": cleaned.sex_rule,
            "note": cleaned.note,
        }
        if room is None:
            room = Room(**values)
            session.add(room)
            write(session, current, "create", "room", room)
        else:
            before = audit.snapshot(room)
            for name, value in values.items():
                setattr(room, name, value)
            if audit.snapshot(room) != before:
                write(session, current, "update", "room", room, before)
        _set_bed_count(session, current, room, cleaned.beds)
        return room


def set_bed_in_use(db: Database, actor: Staff, bed_id: int, in_use: bool) -> Bed:
    """Take a free bed out of use, or bring one back into use."""
    with db.session() as session:
        current = require(session, actor, Permission.EDIT_SETTINGS)
        bed: Bed = get_row(session, Bed, bed_id, _(NO_BED))
        if not in_use and bed.id in _occupied_beds(session, bed.room_id):
            raise ValidationError(
                _("A child sleeps in this bed: move the child first."), field="in_use"
            )
        before = audit.snapshot(bed)
        bed.in_use = bool(in_use)
        write(session, current, "update", "bed", bed, before)
        return bed


def room_views(session: Session) -> list[RoomView]:
    """Every room with its beds, by floor and name (inside the caller's transaction)."""
    rooms = list(session.scalars(select(Room).order_by(Room.floor, Room.name)))
    beds = list(session.scalars(select(Bed).order_by(Bed.room_id, Bed.position)))
    taken = set(
        session.scalars(
            select(Placement.bed_id).where(
                Placement.bed_id.is_not(None),
                Placement.ended_at.is_(None),
                Placement.voided_at.is_(None),
            )
        )
    )
    by_room: dict[int, list[BedView]] = {room.id: [] for room in rooms}
    for bed in beds:
        by_room[bed.room_id].append(BedView(bed.id, bed.label, bed.in_use, bed.id in taken))
    return [
        RoomView(room.id, room.name, room.floor, room.sex_rule, room.note, tuple(by_room[room.id]))
        for room in rooms
    ]


def list_rooms(db: Database, actor: Staff) -> list[RoomView]:
    """Every room with its beds."""
    with db.session() as session:
        require(session, actor, Permission.READ)
        return room_views(session)


def bed_count(session: Session) -> int:
    """How many beds are in use in the whole center."""
    return session.scalar(select(func.count()).select_from(Bed).where(Bed.in_use)) or 0
