"""Intake: registering children, their stays, belongings, contacts, notes and photos.

Every service takes the database and the acting staff member, checks the
permission against the database first, validates all input before writing, and
writes in one transaction with one audit entry per row written. Nothing is
deleted: mistakes are voided with a reason, and merged records stay, voided,
pointing at the record they were merged into.

The inputs and their rules live in ``validation`` (re-exported here), photo
processing in ``photos``. Sections below: registering, leaving, belongings and
the rest, voiding and merging, and reading; finding a returning child is in
``candidates`` (re-exported here).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Select, and_, func, or_, select
from sqlalchemy.orm import Session, defer

from desktop.core import fields
from desktop.core.audit import trail as audit
from desktop.core.children.candidates import Candidate, find_candidates
from desktop.core.children.photos import prepare_photo
from desktop.core.children.validation import (
    CAPTION,
    AdmissionInput,
    BelongingInput,
    ChildInput,
    ContactInput,
    IdFacts,
    IdWarning,
    NoteInput,
    UnknownRegionCode,
    check_admission,
    check_belonging,
    check_child,
    check_choice,
    check_contact,
    check_moment,
    check_note,
    check_reason,
    check_region_reason,
    id_number_facts,
    id_warnings,
    is_record_id,
)
from desktop.core.cleaning import clean_text
from desktop.core.clock import format_time, local_day
from desktop.core.errors import NotFound, ValidationError
from desktop.core.i18n import N_, _
from desktop.core.staff.access import require
from desktop.core.staff.permissions import Permission
from desktop.core.store.db import Database
from desktop.core.store.models import (
    Admission,
    AuditEntry,
    Belonging,
    CaseCounter,
    Child,
    Contact,
    FollowUpVisit,
    Note,
    Photo,
    Placement,
    Referral,
    ReturnPlan,
    Staff,
    Task,
    TracingEntry,
    utcnow,
)

__all__ = [
    "AdmissionInput",
    "BelongingInput",
    "Candidate",
    "ChildInput",
    "ChildRecord",
    "ContactInput",
    "DisposalInput",
    "IdFacts",
    "IdWarning",
    "NoteInput",
    "UnknownRegionCode",
    "add_belonging",
    "add_contact",
    "add_note",
    "add_photo",
    "admit_again",
    "case_number",
    "case_year",
    "check_child",
    "check_region_reason",
    "display_name",
    "dispose_belonging",
    "find_candidates",
    "get_child",
    "history",
    "id_number_facts",
    "id_warnings",
    "merge_children",
    "photo_image",
    "register_child",
    "return_belonging",
    "update_child",
    "update_contact",
    "void",
]

#: The records that can be voided, with the message when one is not there.
VOIDABLE: dict[str, tuple[type[Any], str]] = {
    "child": (Child, N_("There is no child with this number.")),
    "admission": (Admission, N_("There is no admission with this number.")),
    "belonging": (Belonging, N_("There is no belonging with this number.")),
    "contact": (Contact, N_("There is no contact with this number.")),
    "note": (Note, N_("There is no note with this number.")),
    "photo": (Photo, N_("There is no photo with this number.")),
}
#: Records of a child that follow it when two records of one child are merged.
MOVED_ON_MERGE: tuple[tuple[str, type[Any]], ...] = (
    ("admission", Admission),
    ("contact", Contact),
    ("note", Note),
    ("photo", Photo),
    ("task", Task),
    ("return_plan", ReturnPlan),
)
#: Profile columns a merge copies from the merged record when the kept one lacks them.
FILLED_ON_MERGE = (
    "name",
    "alias",
    "birth_place",
    "ethnicity",
    "household_registration",
    "address",
    "school",
    "dialect",
    "height_cm",
    "appearance",
    "clothing",
    "health",
    "mental_state",
    "disability",
)
#: ChildInput's fields that are not columns of the child.
NOT_COLUMNS = ("estimated_age", "id_region_reason")
CHILD_COLUMNS = tuple(f.name for f in dataclasses.fields(ChildInput) if f.name not in NOT_COLUMNS)


# --- small helpers --------------------------------------------------------------------


def display_name(child: Child) -> str:
    """Return the child's name, else the alias in quotes, else the unknown-child placeholder."""
    return fields.shown_name(child.name, child.alias)


def _get(session: Session, entity: str, record_id: int) -> Any:
    model, missing = VOIDABLE[entity]
    row = session.get(model, record_id) if is_record_id(record_id) else None
    if row is None:
        raise NotFound(_(missing))
    return row


def _live(session: Session, entity: str, record_id: int) -> Any:
    """Return the record, refusing one that was voided."""
    row = _get(session, entity, record_id)
    if row.voided_at is not None:
        raise ValidationError(
            _("This record was voided on {time} and cannot be changed.").format(
                time=format_time(row.voided_at)
            )
        )
    return row


def _live_child(session: Session, child_id: int) -> Child:
    """Return the child, refusing a voided or merged record with a message saying which."""
    child: Child = _get(session, "child", child_id)
    if child.merged_into_id is not None:
        kept = session.get(Child, child.merged_into_id)
        raise ValidationError(
            _("Case {case} was merged into case {kept}: work on that record.").format(
                case=child.case_no, kept=kept.case_no if kept else "?"
            )
        )
    if child.voided_at is not None:
        raise ValidationError(
            _("Case {case} was voided and cannot be changed.").format(case=child.case_no)
        )
    return child


def _write(
    session: Session,
    actor: Staff,
    action: str,
    entity: str,
    row: Any,
    before: dict[str, Any] | None = None,
) -> None:
    """Flush ``row`` and add its audit entry (state before, state now)."""
    audit.record_row(session, actor, action, entity, row, before)


def _open_admission(session: Session, child_id: int) -> Admission | None:
    query = select(Admission).where(
        Admission.child_id == child_id,
        Admission.discharged_at.is_(None),
        Admission.voided_at.is_(None),
    )
    return session.scalars(query).first()


def _index(session: Session, child: Child) -> None:
    from desktop.core.children import search

    session.flush()
    search.index_child(session, child)


def _create_tasks(session: Session, actor: Staff, child: Child, admission: Admission) -> None:
    from desktop.core import tasks

    tasks.create_for_admission(session, actor, child, admission)


# --- registering -------------------------------------------------------------------------


def case_number(year: int, seq: int) -> str:
    """The case number of the ``seq``-th child first admitted in ``year``: 2026-0013."""
    return f"{year}-{seq:04d}"


def case_year(arrived_at: dt.datetime) -> int:
    """The year a child's case number counts in: that of the local day it first arrived."""
    return local_day(arrived_at).year


def _next_case_number(session: Session, year: int) -> tuple[int, str]:
    """Return the next sequence and case number of ``year``; numbers are never reused."""
    counter = session.get(CaseCounter, year)
    if counter is None:
        counter = CaseCounter(year=year, last=0)
        session.add(counter)
    highest = session.scalar(select(func.max(Child.case_seq)).where(Child.case_year == year))
    counter.last = max(counter.last, highest or 0) + 1
    return counter.last, case_number(year, counter.last)


def _check_unique_id(session: Session, id_number: str, child_id: int | None) -> None:
    if not id_number:
        return
    query = select(Child).where(Child.id_number == id_number)
    other = session.scalars(query).first()
    if other is not None and other.id != child_id:
        raise ValidationError(
            _("Another child, case {case}, has this ID number.").format(case=other.case_no),
            field="id_number",
        )


def _note_region_reason(session: Session, current: Staff, child: Child, reason: str) -> None:
    """Keep why an ID number with an unknown region code was saved, as a note on the child."""
    if not reason:
        return
    note = Note(
        child_id=child.id,
        admission_id=None,
        kind="daily",
        at=utcnow(),
        text=_(
            "ID number {number} saved although its region code {code} was in use at no "
            "time from the birth to today. Reason: {reason}"
        ).format(number=child.id_number, code=(child.id_number or "")[:6], reason=reason),
        staff_id=current.id,
    )
    session.add(note)
    _write(session, current, "create", "note", note)


def _apply_child(child: Child, data: ChildInput) -> None:
    for name in CHILD_COLUMNS:
        setattr(child, name, getattr(data, name))
    child.id_number = data.id_number or None


def _receiving_staff(session: Session, stay: AdmissionInput, current: Staff) -> int:
    if stay.receiving_staff_id is None:
        return current.id
    if session.get(Staff, stay.receiving_staff_id) is None:
        raise ValidationError(
            _("There is no staff member with this number."), field="receiving_staff_id"
        )
    return stay.receiving_staff_id


def _check_belongings(items: Sequence[BelongingInput]) -> list[BelongingInput]:
    cleaned = []
    for number, item in enumerate(items, start=1):
        try:
            cleaned.append(check_belonging(item))
        except ValidationError as error:
            message = _("Belonging {n}: {problem}").format(n=number, problem=error.message)
            raise ValidationError(message, field=error.field) from None
    return cleaned


def _add_admission(
    session: Session,
    current: Staff,
    child: Child,
    stay: AdmissionInput,
    items: Sequence[BelongingInput],
) -> Admission:
    """Add the admission, its belongings and its tasks, each audited."""
    values = dataclasses.asdict(stay)
    values["receiving_staff_id"] = _receiving_staff(session, stay, current)
    admission = Admission(child_id=child.id, created_at=utcnow(), **values)
    session.add(admission)
    _write(session, current, "create", "admission", admission)
    for item in items:
        belonging = Belonging(admission_id=admission.id, **dataclasses.asdict(item))
        session.add(belonging)
        _write(session, current, "create", "belonging", belonging)
    _create_tasks(session, current, child, admission)
    return admission


def register_child(
    db: Database,
    actor: Staff,
    child: ChildInput,
    admission: AdmissionInput,
    belongings: Sequence[BelongingInput] = (),
) -> Child:
    """Register a new child with its first admission and belongings, in one transaction.

    The case number is the next of the arrival's year (2026-0013); the child is
    indexed for search and the admission's tasks are created.
    """
    with db.session() as session:
        current = require(session, actor, Permission.REGISTER)
        now = utcnow()
        stay = check_admission(admission, now)
        arrived_on = local_day(stay.arrived_at)
        data, _warnings = check_child(child, local_day(now), arrived_on)
        region_reason = check_region_reason(data, local_day(now))
        items = _check_belongings(belongings)
        _check_unique_id(session, data.id_number, None)
        _receiving_staff(session, stay, current)
        year = case_year(stay.arrived_at)
        seq, case_no = _next_case_number(session, year)
        record = Child(
            case_no=case_no, case_year=year, case_seq=seq, created_at=now, updated_at=now
        )
        _apply_child(record, data)
        session.add(record)
        _index(session, record)
        _write(session, current, "create", "child", record)
        _note_region_reason(session, current, record, region_reason)
        _add_admission(session, current, record, stay, items)
        return record


def _check_arrival(session: Session, child: Child, arrived_at: dt.datetime) -> None:
    """Refuse a second open stay, an arrival before the last discharge or before birth."""
    open_stay = _open_admission(session, child.id)
    if open_stay is not None:
        raise ValidationError(
            _("Case {case} is still in the center (arrived {time}): discharge first.").format(
                case=child.case_no, time=format_time(open_stay.arrived_at)
            ),
            field="arrived_at",
        )
    last = session.scalar(
        select(func.max(Admission.discharged_at)).where(
            Admission.child_id == child.id, Admission.voided_at.is_(None)
        )
    )
    if last is not None and arrived_at < last:
        raise ValidationError(
            _("The arrival cannot be before the child's last discharge ({time}).").format(
                time=format_time(last)
            ),
            field="arrived_at",
        )
    if child.birth_date is not None and local_day(arrived_at) < child.birth_date:
        raise ValidationError(
            _("The arrival cannot be before the child's date of birth."), field="arrived_at"
        )


def admit_again(
    db: Database,
    actor: Staff,
    child_id: int,
    admission: AdmissionInput,
    belongings: Sequence[BelongingInput] = (),
    profile: ChildInput | None = None,
) -> Admission:
    """Open a new stay for a child who was here before (one open stay per child).

    ``profile``, when given, is the child's profile as the intake form shows it
    now: it is saved in the same transaction, so a refused stay saves no edit.
    """
    with db.session() as session:
        current = require(session, actor, Permission.REGISTER)
        child = _live_child(session, child_id)
        stay = check_admission(admission, utcnow())
        items = _check_belongings(belongings)
        _check_arrival(session, child, stay.arrived_at)
        if profile is not None:
            _update_profile(session, current, child, profile, local_day(stay.arrived_at))
        return _add_admission(session, current, child, stay, items)


def _arrival_days(session: Session, child_id: int) -> tuple[dt.date | None, dt.date | None]:
    """Return the local days of the child's first and latest arrival."""
    query = select(func.min(Admission.arrived_at), func.max(Admission.arrived_at)).where(
        Admission.child_id == child_id, Admission.voided_at.is_(None)
    )
    first, latest = session.execute(query).one()
    return (local_day(first) if first else None, local_day(latest) if latest else None)


def update_child(db: Database, actor: Staff, child_id: int, data: ChildInput) -> Child:
    """Change a child's profile; the birth date may not be after the first arrival."""
    with db.session() as session:
        current = require(session, actor, Permission.REGISTER)
        child = _live_child(session, child_id)
        _update_profile(session, current, child, data)
        return child


def _update_profile(
    session: Session,
    current: Staff,
    child: Child,
    data: ChildInput,
    arriving_on: dt.date | None = None,
) -> None:
    """Check and save a profile edit; the birth date may not be after the first arrival.

    ``arriving_on`` is the day of a stay being opened with this edit.
    """
    first, latest = _arrival_days(session, child.id)
    if arriving_on is not None:
        first = min(first, arriving_on) if first else arriving_on
        latest = max(latest, arriving_on) if latest else arriving_on
    cleaned, _warnings = check_child(data, local_day(utcnow()), latest)
    if first is not None and cleaned.birth_date is not None and cleaned.birth_date > first:
        raise ValidationError(
            _("The date of birth cannot be after the arrival ({date}).").format(
                date=first.isoformat()
            ),
            field="birth_date",
        )
    _check_unique_id(session, cleaned.id_number, child.id)
    new_number = cleaned.id_number != (child.id_number or "")
    region_reason = check_region_reason(cleaned, local_day(utcnow())) if new_number else ""
    before = audit.snapshot(child)
    _apply_child(child, cleaned)
    _index(session, child)
    if _changed(before, audit.snapshot(child)):
        child.updated_at = utcnow()
        _write(session, current, "update", "child", child, before)
    _note_region_reason(session, current, child, region_reason)


def _changed(before: dict[str, Any], after: dict[str, Any]) -> bool:
    return {k: v for k, v in before.items() if k != "updated_at"} != {
        k: v for k, v in after.items() if k != "updated_at"
    }


# --- belongings, contacts, notes, photos -------------------------------------------------


def add_belonging(
    db: Database, actor: Staff, admission_id: int, belonging: BelongingInput
) -> Belonging:
    """Record one more item deposited during a stay."""
    with db.session() as session:
        current = require(session, actor, Permission.BELONGINGS)
        admission: Admission = _live(session, "admission", admission_id)
        item = check_belonging(belonging)
        row = Belonging(admission_id=admission.id, **dataclasses.asdict(item))
        session.add(row)
        _write(session, current, "create", "belonging", row)
        return row


def return_belonging(
    db: Database, actor: Staff, belonging_id: int, returned_at: dt.datetime, returned_to: str
) -> Belonging:
    """Record that a deposited item went back: when, and who collected it."""
    table = fields.BELONGING
    with db.session() as session:
        current = require(session, actor, Permission.BELONGINGS)
        row: Belonging = _live(session, "belonging", belonging_id)
        _check_held(row, "returned_at")
        moment = check_moment(returned_at, table["returned_at"], utcnow())
        admission = session.get(Admission, row.admission_id)
        if admission is not None and moment < admission.arrived_at:
            raise ValidationError(
                _("An item cannot be returned before the arrival ({time}).").format(
                    time=format_time(admission.arrived_at)
                ),
                field="returned_at",
            )
        person = clean_text(returned_to, table["returned_to"], required=True)
        before = audit.snapshot(row)
        row.returned_at = moment
        row.returned_to = person
        row.returned_by_id = current.id
        row.disposition = "returned"
        _write(session, current, "return", "belonging", row, before)
        return row


def _check_held(row: Belonging, field: str) -> None:
    """Refuse an item the center no longer keeps, saying what became of it and when."""
    if row.returned_at is not None:
        raise ValidationError(
            _("This item was already returned on {time} to {person}.").format(
                time=format_time(row.returned_at), person=row.returned_to
            ),
            field=field,
        )
    if row.disposition == "police":
        raise ValidationError(
            _("This item was already handed to the police on {time} ({person}).").format(
                time=format_time(row.disposed_at), person=row.disposed_to
            ),
            field=field,
        )
    if row.disposition == "destroyed":
        raise ValidationError(
            _("This item was already destroyed on {time}.").format(
                time=format_time(row.disposed_at)
            ),
            field=field,
        )
    if row.disposition != "held":
        raise ValidationError(_("The center no longer keeps this item."), field=field)


@dataclass(frozen=True)
class DisposalInput:
    """What became of a deposited item the child did not get back (fields.BELONGING).

    ``disposition`` is ``police`` (移交公安: ``disposed_to`` the receiving officer and
    unit, ``disposal_ref`` the receipt) or ``destroyed`` (销毁: ``disposal_reason``
    why, ``disposal_witness`` who destroyed it and who witnessed it). The reason may
    be given for a handover too (for instance a controlled knife).
    """

    disposition: str
    disposed_at: dt.datetime | None
    disposed_to: str = ""
    disposal_ref: str = ""
    disposal_reason: str = ""
    disposal_witness: str = ""


def _check_disposal(data: DisposalInput, arrived_at: dt.datetime | None) -> DisposalInput:
    """Return the disposal cleaned, or raise ``ValidationError`` naming the field."""
    table = fields.BELONGING
    chosen = check_choice(data.disposition, table["disposition"], required=True)
    if chosen not in fields.DISPOSALS:
        raise ValidationError(
            _("Choose whether the item was handed to the police or destroyed."),
            field="disposition",
        )
    moment = check_moment(data.disposed_at, table["disposed_at"], utcnow())
    if arrived_at is not None and moment < arrived_at:
        raise ValidationError(
            _("An item cannot be handed over or destroyed before the arrival ({time}).").format(
                time=format_time(arrived_at)
            ),
            field="disposed_at",
        )
    police = chosen == "police"
    cleaned = DisposalInput(
        disposition=chosen,
        disposed_at=moment,
        disposed_to=clean_text(data.disposed_to, table["disposed_to"], required=police),
        disposal_ref=clean_text(data.disposal_ref, table["disposal_ref"]),
        # checked in the dialog's order: who destroyed it, then why
        disposal_witness=clean_text(
            data.disposal_witness, table["disposal_witness"], required=not police
        ),
        disposal_reason=clean_text(
            data.disposal_reason, table["disposal_reason"], required=not police
        ),
    )
    # what belongs to the other kind of end is refused, not silently kept
    if police and cleaned.disposal_witness:
        raise ValidationError(
            _("{label}: only for an item that is destroyed.").format(
                label=_(table["disposal_witness"].label)
            ),
            field="disposal_witness",
        )
    for name in () if police else ("disposed_to", "disposal_ref"):
        if getattr(cleaned, name):
            raise ValidationError(
                _("{label}: only for an item handed to the police.").format(
                    label=_(table[name].label)
                ),
                field=name,
            )
    return cleaned


def dispose_belonging(
    db: Database, actor: Staff, belonging_id: int, disposal: DisposalInput
) -> Belonging:
    """Record that a deposited item was handed to the police or destroyed.

    Only an item the center still holds can be disposed of, at a time not in the
    future and not before the stay began; the item's end is final (a mistake is
    voided with a reason, as everywhere).
    """
    with db.session() as session:
        current = require(session, actor, Permission.BELONGINGS)
        row: Belonging = _live(session, "belonging", belonging_id)
        _check_held(row, "disposition")
        admission = session.get(Admission, row.admission_id)
        data = _check_disposal(disposal, admission.arrived_at if admission else None)
        before = audit.snapshot(row)
        for name, value in dataclasses.asdict(data).items():
            setattr(row, name, value)
        _write(session, current, "dispose", "belonging", row, before)
        return row


def add_contact(db: Database, actor: Staff, child_id: int, contact: ContactInput) -> Contact:
    """Add a relative, guardian or other contact to a child."""
    with db.session() as session:
        current = require(session, actor, Permission.NOTES)
        child = _live_child(session, child_id)
        data = check_contact(contact, local_day(utcnow()))
        row = Contact(child_id=child.id, **dataclasses.asdict(data))
        session.add(row)
        _write(session, current, "create", "contact", row)
        return row


def update_contact(db: Database, actor: Staff, contact_id: int, contact: ContactInput) -> Contact:
    """Change a contact's details."""
    with db.session() as session:
        current = require(session, actor, Permission.NOTES)
        row: Contact = _live(session, "contact", contact_id)
        _live_child(session, row.child_id)
        data = check_contact(contact, local_day(utcnow()))
        before = audit.snapshot(row)
        for name, value in dataclasses.asdict(data).items():
            setattr(row, name, value)
        _write(session, current, "update", "contact", row, before)
        return row


def add_note(
    db: Database, actor: Staff, child_id: int, note: NoteInput, admission_id: int | None = None
) -> Note:
    """Record a service given or a daily note, signed by the actor.

    Without ``admission_id`` the note belongs to the child's open stay, if any.
    """
    with db.session() as session:
        current = require(session, actor, Permission.NOTES)
        child = _live_child(session, child_id)
        data = check_note(note, utcnow())
        stay = _note_admission(session, child, admission_id)
        row = Note(
            child_id=child.id,
            admission_id=stay.id if stay else None,
            kind=data.kind,
            at=data.at,
            text=data.text,
            staff_id=current.id,
        )
        session.add(row)
        _write(session, current, "create", "note", row)
        return row


def _note_admission(session: Session, child: Child, admission_id: int | None) -> Admission | None:
    if admission_id is None:
        return _open_admission(session, child.id)
    admission: Admission = _live(session, "admission", admission_id)
    if admission.child_id != child.id:
        raise ValidationError(_("This admission belongs to another child."), field="admission_id")
    return admission


def add_photo(db: Database, actor: Staff, child_id: int, image: bytes, caption: str = "") -> Photo:
    """Store a photo of a child, upright and downscaled to a JPEG (see ``photos``)."""
    with db.session() as session:
        current = require(session, actor, Permission.REGISTER)
        child = _live_child(session, child_id)
        text = clean_text(caption, CAPTION)
        prepared = prepare_photo(image)
        row = Photo(
            child_id=child.id,
            taken_at=utcnow(),
            image=prepared.jpeg,
            width=prepared.width,
            height=prepared.height,
            caption=text,
            staff_id=current.id,
        )
        session.add(row)
        _write(session, current, "create", "photo", row)
        return row


def photo_image(db: Database, actor: Staff, photo_id: int) -> bytes:
    """Return the stored JPEG of a photo."""
    with db.session() as session:
        require(session, actor, Permission.READ)
        row: Photo = _get(session, "photo", photo_id)
        return row.image


# --- voiding and merging -------------------------------------------------------------------


def void(db: Database, actor: Staff, entity: str, record_id: int, reason: str) -> None:
    """Void a record with a reason; it stays, marked, and its history stays.

    ``entity`` is child, admission, belonging, contact, note or photo. A voided
    child gives up its ID number (kept in the history), so the number can be
    registered again; a child still in the center must leave or its stay be
    voided first.
    """
    with db.session() as session:
        current = require(session, actor, Permission.VOID)
        if entity not in VOIDABLE:
            raise ValidationError(_("Records of this kind cannot be voided."), field="entity")
        row = _live(session, entity, record_id)
        text = check_reason(reason)
        if entity == "child" and _open_admission(session, row.id) is not None:
            raise ValidationError(
                _("The child is still in the center: discharge or void the open admission first.")
            )
        if entity == "admission" and _placed(session, row.id):
            raise ValidationError(
                _("The child has a current placement in this stay: end it first."),
                field="entity",
            )
        before = audit.snapshot(row)
        _mark_void(row, current, text)
        if entity == "child":
            _index(session, row)
        _write(session, current, "void", entity, row, before)


def _placed(session: Session, admission_id: int) -> bool:
    """Whether a placement of the stay is still going on."""
    query = select(Placement.id).where(
        Placement.admission_id == admission_id,
        Placement.ended_at.is_(None),
        Placement.voided_at.is_(None),
    )
    return session.scalars(query).first() is not None


def _mark_void(row: Any, current: Staff, reason: str) -> None:
    row.voided_at = utcnow()
    row.void_reason = reason
    row.voided_by_id = current.id
    if isinstance(row, Child):
        row.id_number = None


def _fill_profile(keep: Child, merged: dict[str, Any], id_number: str | None) -> None:
    """Copy into ``keep`` what only the merged record knew."""
    for name in FILLED_ON_MERGE:
        if getattr(keep, name) in ("", None) and merged[name] not in ("", None):
            setattr(keep, name, merged[name])
    if keep.id_number is None and id_number:
        keep.id_number = id_number
    if keep.birth_date is None and merged["birth_date"]:
        keep.birth_date = dt.date.fromisoformat(merged["birth_date"])
        keep.birth_date_estimated = bool(merged["birth_date_estimated"])
    for name in ("sex", "education", "build"):
        if getattr(keep, name) in ("", "unknown") and merged[name] not in ("", "unknown"):
            setattr(keep, name, merged[name])


def merge_children(db: Database, actor: Staff, keep_id: int, merge_id: int, reason: str) -> Child:
    """Merge two records of one child into ``keep_id``, keeping all history.

    Admissions, contacts, notes, photos and tasks move to the kept record (each
    move audited); what only the merged record knew fills the kept profile; the
    merged record is voided and points at the kept one.
    """
    with db.session() as session:
        current = require(session, actor, Permission.VOID)
        text = check_reason(reason)
        if keep_id == merge_id:
            raise ValidationError(_("Choose two different records to merge."), field="merge_id")
        keep = _live_child(session, keep_id)
        gone = _live_child(session, merge_id)
        if _open_admission(session, keep.id) and _open_admission(session, gone.id):
            raise ValidationError(
                _("Both records have an open admission: discharge or void one of them first."),
                field="merge_id",
            )
        keep_before, gone_before = audit.snapshot(keep), audit.snapshot(gone)
        id_number = gone.id_number
        _mark_void(gone, current, text)
        gone.merged_into_id = keep.id
        session.flush()
        _fill_profile(keep, gone_before, id_number)
        keep.updated_at = utcnow()
        _move_records(session, current, gone.id, keep.id)
        _index(session, gone)
        _index(session, keep)
        _write(session, current, "merge", "child", gone, gone_before)
        _write(session, current, "merge", "child", keep, keep_before)
        return keep


def _move_records(session: Session, current: Staff, from_id: int, to_id: int) -> None:
    for entity, model in MOVED_ON_MERGE:
        for row in session.scalars(select(model).where(model.child_id == from_id)).all():
            before = audit.snapshot(row)
            row.child_id = to_id
            _write(session, current, "merge", entity, row, before)


# --- reading ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class ChildRecord:
    """Everything the child's record shows; photos come without their image bytes."""

    child: Child
    admissions: list[Admission]
    open_admission: Admission | None
    belongings: dict[int, list[Belonging]]
    contacts: list[Contact]
    notes: list[Note]
    photos: list[Photo]


def _rows(session: Session, query: Select[Any], model: Any, include_voided: bool) -> list[Any]:
    if not include_voided:
        query = query.where(model.voided_at.is_(None))
    return list(session.scalars(query))


def get_child(
    db: Database, actor: Staff, child_id: int, include_voided: bool = False
) -> ChildRecord:
    """Return a child with its stays (newest first), belongings, contacts, notes and photos.

    Voided rows are left out unless ``include_voided``; a photo's image is read
    with ``photo_image``.
    """
    with db.session() as session:
        require(session, actor, Permission.READ)
        child: Child = _get(session, "child", child_id)
        stays = _rows(
            session,
            select(Admission)
            .where(Admission.child_id == child.id)
            .order_by(Admission.arrived_at.desc(), Admission.id.desc()),
            Admission,
            include_voided,
        )
        items = _rows(
            session,
            select(Belonging)
            .where(Belonging.admission_id.in_([a.id for a in stays]))
            .order_by(Belonging.id),
            Belonging,
            include_voided,
        )
        belongings: dict[int, list[Belonging]] = {a.id: [] for a in stays}
        for item in items:
            belongings[item.admission_id].append(item)
        return ChildRecord(
            child=child,
            admissions=stays,
            open_admission=next(
                (a for a in stays if a.discharged_at is None and a.voided_at is None), None
            ),
            belongings=belongings,
            contacts=_rows(
                session,
                select(Contact).where(Contact.child_id == child.id).order_by(Contact.id),
                Contact,
                include_voided,
            ),
            notes=_rows(
                session,
                select(Note)
                .where(Note.child_id == child.id)
                .order_by(Note.at.desc(), Note.id.desc()),
                Note,
                include_voided,
            ),
            photos=_rows(
                session,
                select(Photo)
                .options(defer(Photo.image, raiseload=True))
                .where(Photo.child_id == child.id)
                .order_by(Photo.taken_at, Photo.id),
                Photo,
                include_voided,
            ),
        )


def _related_ids(session: Session, child_id: int) -> dict[str, list[int]]:
    """Return the ids of the child, the records merged into it, and everything they own."""
    children = [child_id]
    frontier = [child_id]
    while frontier:
        frontier = list(session.scalars(select(Child.id).where(Child.merged_into_id.in_(frontier))))
        children += frontier
    ids: dict[str, list[int]] = {"child": children}
    for entity, model in MOVED_ON_MERGE:
        ids[entity] = list(session.scalars(select(model.id).where(model.child_id.in_(children))))
    ids["belonging"] = list(
        session.scalars(select(Belonging.id).where(Belonging.admission_id.in_(ids["admission"])))
    )
    planned = (("tracing_entry", TracingEntry), ("follow_up_visit", FollowUpVisit),
               ("referral", Referral))  # fmt: skip
    for entity, model in planned:
        ids[entity] = list(
            session.scalars(select(model.id).where(model.plan_id.in_(ids["return_plan"])))
        )
    return ids


def history(db: Database, actor: Staff, child_id: int) -> list[AuditEntry]:
    """Return the audit entries of a child and of all its records, newest first."""
    with db.session() as session:
        require(session, actor, Permission.READ)
        _get(session, "child", child_id)
        ids = _related_ids(session, child_id)
        wanted = [
            and_(AuditEntry.entity == entity, AuditEntry.record_id.in_([str(i) for i in values]))
            for entity, values in ids.items()
            if values
        ]
        query = select(AuditEntry).where(or_(*wanted)).order_by(AuditEntry.id.desc())
        return list(session.scalars(query))
