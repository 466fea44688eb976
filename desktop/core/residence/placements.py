"""Placements: where a child in the center stays — a bed in the house, or outside
(foster family, welfare institution, specialised school, kinship care, hospital,
other) with the place, address, contact person and phone.

Rules kept by every service here: a child has at most one current placement and
its placements never overlap; a bed holds one child at a time and takes none
while out of use; a placement lies inside the child's open stay (not before the
arrival, not in the future, not ending before it starts); a room for boys or for
girls warns, and takes a child of the other sex only with a reason. Moving a
child ends one placement and starts the next in one transaction.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.core import fields
from desktop.core.audit import trail as audit
from desktop.core.children.validation import check_choice, check_moment, check_phone
from desktop.core.cleaning import clean_text, field_label
from desktop.core.clock import format_time
from desktop.core.errors import ValidationError
from desktop.core.i18n import N_, _
from desktop.core.residence.common import (
    current_placement,
    get_row,
    not_before,
    open_admission,
    overlapping,
    span_text,
    write,
)
from desktop.core.residence.rooms import NO_BED
from desktop.core.staff.access import require
from desktop.core.staff.permissions import Permission
from desktop.core.store.db import Database
from desktop.core.store.models import Admission, Bed, Child, Placement, Room, Staff, utcnow

NO_CHILD = N_("There is no child with this number.")
NO_PLACEMENT = N_("There is no placement with this number.")
#: The texts of a placement outside the center.
OUTSIDE_TEXTS = ("place", "address", "contact_person", "notes")


class RoomRuleWarning(ValidationError):
    """The room is for the other sex: the placement needs a reason to go ahead."""


@dataclass(frozen=True)
class PlacementInput:
    """Where the child goes from ``started_at`` (fields.PLACEMENT)."""

    kind: str
    started_at: dt.datetime | None
    bed_id: int | None = None
    place: str = ""
    address: str = ""
    contact_person: str = ""
    phone: str = ""
    notes: str = ""
    sex_override_reason: str = ""


def permission_for(kind: str) -> Permission:
    """A bed in the house is intake's work; a placement outside is a caseworker's."""
    return Permission.BEDS if kind == "bed" else Permission.PLACEMENTS


def _check_input(data: PlacementInput, now: dt.datetime) -> PlacementInput:
    table = fields.PLACEMENT
    kind = check_choice(data.kind, table["kind"], required=True)
    started = check_moment(data.started_at, table["started_at"], now)
    texts = {name: clean_text(getattr(data, name), table[name]) for name in OUTSIDE_TEXTS}
    reason = clean_text(data.sex_override_reason, table["sex_override_reason"])
    phone = check_phone(data.phone, table["phone"])
    if kind == "bed":
        if data.bed_id is None:
            raise ValidationError(_("Choose the bed."), field="bed_id")
        for name in ("place", "address", "contact_person"):
            if texts[name]:
                raise ValidationError(
                    _("{label}: only for a placement outside the center.").format(
                        label=field_label(table[name])
                    ),
                    field=name,
                )
        return PlacementInput(kind, started, data.bed_id, phone=phone, notes=texts["notes"],
                              sex_override_reason=reason)  # fmt: skip
    if data.bed_id is not None:
        raise ValidationError(_("A placement outside the center has no bed."), field="bed_id")
    if not texts["place"]:
        raise ValidationError(
            _("{label}: say where the child goes.").format(label=field_label(table["place"])),
            field="place",
        )
    return PlacementInput(kind, started, None, phone=phone, **texts)


def _check_bed(session: Session, child: Child, data: PlacementInput, start: dt.datetime) -> str:
    """Refuse a bed that is missing, out of use or taken; return the room-rule reason kept."""
    bed: Bed = get_row(session, Bed, data.bed_id, _(NO_BED), "bed_id")
    room = session.get(Room, bed.room_id)
    assert room is not None
    if not bed.in_use:
        raise ValidationError(
            _("Bed {bed} in room {room} is out of use.").format(bed=bed.label, room=room.name),
            field="bed_id",
        )
    other = overlapping(session, start, bed_id=bed.id)
    if other is not None and other.child_id != child.id:
        taker = session.get(Child, other.child_id)
        raise ValidationError(
            _("Bed {bed} in room {room} is taken by case {case} ({span}).").format(
                bed=bed.label, room=room.name, case=taker.case_no if taker else "?",
                span=span_text(other),
            ),
            field="bed_id",
        )  # fmt: skip
    wrong = (room.sex_rule == "boys" and child.sex == "female") or (
        room.sex_rule == "girls" and child.sex == "male"
    )
    if not wrong:
        return ""
    if not data.sex_override_reason:
        rule = fields.ROOM["sex_rule"].choice_label(room.sex_rule)
        raise RoomRuleWarning(
            _("Room {room} is for {rule}: give the reason to place this child there.").format(
                room=room.name, rule=rule.lower()
            ),
            field="sex_override_reason",
        )
    return data.sex_override_reason


def _stay(session: Session, child_id: int) -> tuple[Child, Admission]:
    child: Child = get_row(session, Child, child_id, _(NO_CHILD))
    if child.voided_at is not None or child.merged_into_id is not None:
        raise ValidationError(
            _("Case {case} was voided or merged and cannot be placed.").format(case=child.case_no)
        )
    stay = open_admission(session, child.id)
    if stay is None:
        raise ValidationError(
            _("Case {case} is not in the center: admit the child first.").format(
                case=child.case_no
            ),
            field="child_id",
        )
    return child, stay


def _start(
    session: Session, current: Staff, child: Child, stay: Admission, data: PlacementInput,
    moving: Placement | None,
) -> Placement:  # fmt: skip
    start = data.started_at
    assert start is not None
    not_before(start, stay.arrived_at, "started_at",
               _("A placement cannot begin before the arrival ({time})."))  # fmt: skip
    if moving is not None:
        if start <= moving.started_at:
            raise ValidationError(
                _("The move must be after the current placement began ({time}).").format(
                    time=format_time(moving.started_at)
                ),
                field="started_at",
            )
        if moving.bed_id is not None and moving.bed_id == data.bed_id:
            raise ValidationError(_("The child already sleeps in this bed."), field="bed_id")
    other = overlapping(session, start, child_id=child.id, skip=moving.id if moving else None)
    if other is not None:
        raise ValidationError(
            _("The child has a placement at that time ({span}).").format(span=span_text(other)),
            field="started_at",
        )
    reason = _check_bed(session, child, data, start) if data.kind == "bed" else ""
    if moving is not None:
        before = audit.snapshot(moving)
        moving.ended_at = start
        write(session, current, "move", "placement", moving, before)
    values = dataclasses.asdict(data)
    values["sex_override_reason"] = reason
    row = Placement(child_id=child.id, admission_id=stay.id, created_at=utcnow(), **values)
    session.add(row)
    write(session, current, "place", "placement", row)
    return row


def place(db: Database, actor: Staff, child_id: int, data: PlacementInput) -> Placement:
    """Give a child in the center a bed, or place the child outside; the child must have
    no current placement (``move`` changes one)."""
    with db.session() as session:
        current = require(session, actor, permission_for(data.kind))
        cleaned = _check_input(data, utcnow())
        child, stay = _stay(session, child_id)
        now_at = current_placement(session, child.id)
        if now_at is not None:
            raise ValidationError(
                _("The child already has a placement ({span}): move the child instead.").format(
                    span=span_text(now_at)
                ),
                field="kind",
            )
        return _start(session, current, child, stay, cleaned, None)


def move(db: Database, actor: Staff, child_id: int, data: PlacementInput) -> Placement:
    """End the child's current placement at ``data.started_at`` and start the next one."""
    with db.session() as session:
        current = require(session, actor, permission_for(data.kind))
        cleaned = _check_input(data, utcnow())
        child, stay = _stay(session, child_id)
        now_at = current_placement(session, child.id)
        if now_at is None:
            raise ValidationError(
                _("The child has no current placement: place the child instead."), field="kind"
            )
        return _start(session, current, child, stay, cleaned, now_at)


def end_placement(
    db: Database, actor: Staff, placement_id: int, ended_at: dt.datetime | None, notes: str = ""
) -> Placement:
    """End a current placement (the child stays in the center, without a placement)."""
    with db.session() as session:
        require(session, actor, Permission.READ)
        row: Placement = get_row(session, Placement, placement_id, _(NO_PLACEMENT))
        current = require(session, actor, permission_for(row.kind))
        if row.voided_at is not None or row.ended_at is not None:
            raise ValidationError(
                _("This placement already ended ({span}).").format(span=span_text(row)),
                field="ended_at",
            )
        moment = check_moment(ended_at, fields.PLACEMENT["ended_at"], utcnow())
        not_before(moment, row.started_at, "ended_at",
                   _("A placement cannot end before it began ({time})."))  # fmt: skip
        before = audit.snapshot(row)
        row.ended_at = moment
        extra = clean_text(notes, fields.PLACEMENT["notes"])
        if extra:
            row.notes = f"{row.notes}\n{extra}".strip()
            if len(row.notes) > (fields.PLACEMENT["notes"].max_length or 0):
                raise ValidationError(_("The notes are too long."), field="notes")
        write(session, current, "end", "placement", row, before)
        return row


def end_for_discharge(
    session: Session, current: Staff, stay: Admission, moment: dt.datetime
) -> None:
    """End the stay's current placement at the discharge (inside the discharge's
    transaction); refuse a discharge before a placement of the stay began or ended."""
    rows = session.scalars(
        select(Placement).where(Placement.admission_id == stay.id, Placement.voided_at.is_(None))
    )
    latest = max((row.ended_at or row.started_at for row in rows), default=None)
    if latest is not None:
        message = _("The discharge cannot be before the child's last placement ({time}).")
        not_before(moment, latest, "discharged_at", message)
    row = current_placement(session, stay.child_id)
    if row is not None and row.admission_id == stay.id:
        before = audit.snapshot(row)
        row.ended_at = moment
        write(session, current, "end", "placement", row, before)


@dataclass(frozen=True)
class PlacementView:
    """A placement as a child's record lists it."""

    id: int
    admission_id: int
    kind: str
    where: str
    started_at: dt.datetime
    ended_at: dt.datetime | None
    contact: str
    notes: str
    sex_override_reason: str

    @property
    def current(self) -> bool:
        """Whether it is still going on."""
        return self.ended_at is None


def placements_of(db: Database, actor: Staff, child_id: int) -> list[PlacementView]:
    """Every live placement of the child, newest first, with the room and bed named."""
    with db.session() as session:
        require(session, actor, Permission.READ)
        get_row(session, Child, child_id, _(NO_CHILD))
        query = (
            select(Placement, Bed.label, Room.name)
            .outerjoin(Bed, Bed.id == Placement.bed_id)
            .outerjoin(Room, Room.id == Bed.room_id)
            .where(Placement.child_id == child_id, Placement.voided_at.is_(None))
            .order_by(Placement.started_at.desc(), Placement.id.desc())
        )
        views = []
        for row, bed, room in session.execute(query):
            if row.kind == "bed":
                where = _("Room {room} · bed {bed}").format(room=room, bed=bed)
            else:
                where = row.place
            contact = " ".join(part for part in (row.contact_person, row.phone) if part)
            views.append(
                PlacementView(
                    row.id,
                    row.admission_id,
                    row.kind,
                    where,
                    row.started_at,
                    row.ended_at,
                    contact,
                    row.notes,
                    row.sex_override_reason,
                )
            )
        return views
