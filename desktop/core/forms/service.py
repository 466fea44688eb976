"""Printing a form: the registry of forms, and ``render`` from the database to PDF bytes.

``render`` checks that the acting staff member may print (every active role
may, viewers too), reads the case in one session and builds the form outside
it. Reading only: nothing is written, so no audit entry.
"""

from __future__ import annotations

import dataclasses
import datetime as dt

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from desktop.core import fields
from desktop.core.audit import trail
from desktop.core.center import CENTER_ID
from desktop.core.children.validation import age_on
from desktop.core.errors import NotFound, PermissionDenied, ValidationError
from desktop.core.forms import notice
from desktop.core.forms.common import unprintable
from desktop.core.forms.data import Belonging, CaseData, CenterInfo, PlanChoice, Record, blank_case
from desktop.core.forms.plans import NO_PLAN, choose_plan, plan_data
from desktop.core.forms.registry import FORMS, FormSpec, form_spec
from desktop.core.i18n import _
from desktop.core.residence.roster import roster_rows
from desktop.core.staff.access import Actor, actor_may, require_actor
from desktop.core.staff.permissions import Permission
from desktop.core.store.db import Database
from desktop.core.store.models import (
    Admission,
    AuditEntry,
    Bed,
    Center,
    Child,
    Contact,
    Note,
    Photo,
    Placement,
    ReturnPlan,
    Room,
    Staff,
    Task,
)
from desktop.core.store.models import Belonging as BelongingRow

NOTICE = "notice"
STATEMENT = "statement"
#: Who may issue a notice (print it the first time): intake staff and caseworkers.
ISSUERS = (Permission.REGISTER, Permission.RETURN_HOME)

__all__ = ["FORMS", "FormSpec", "PlanChoice", "form_spec", "load_case", "render",
           "render_blank", "render_plan_form"]  # fmt: skip


def render(
    db: Database,
    actor: Actor,
    form: str,
    case_no: str,
    *,
    admission_id: int | None = None,
    reason: str = "",
    plan: PlanChoice | None = None,
) -> bytes:
    """Return the PDF of ``form`` for the case ``case_no``.

    Raises ``PermissionDenied`` unless ``actor`` may print, ``ValidationError``
    for an unknown form, ``NotFound`` for an unknown case or admission. The
    admission is the latest one unless ``admission_id`` names another. A form
    about a return home (``FormSpec.plan``) is of the plan and visit ``plan``
    chooses: by default the child's newest plan (of ``admission_id`` when given)
    and its next visit not yet made (else its last one).

    The family-search notice is issued first (``issue_notice``: its first date is
    stored, and ``reason`` when the child needs one) and prints only the public
    fields (``notice.public_case``).
    """
    spec = form_spec(form)
    data = load_case(db, actor, case_no, admission_id=admission_id,
                     plan=(plan or PlanChoice()) if spec.plan else None)  # fmt: skip
    if form == NOTICE:
        data = notice_case(db, actor, data, reason)
    return spec.build(data)


def render_plan_form(
    db: Database, actor: Actor, form: str, plan_id: int, visit_id: int | None = None
) -> bytes:
    """Return the PDF of the return-home ``form`` of the plan ``plan_id`` (and of its
    visit ``visit_id``), for the screens, which know the plan rather than the case."""
    with db.session() as session:
        require_actor(session, actor, Permission.PRINT)
        case_no = session.scalar(
            select(Child.case_no)
            .join(ReturnPlan, ReturnPlan.child_id == Child.id)
            .where(ReturnPlan.id == plan_id)
        )
    if case_no is None:
        raise NotFound(_(NO_PLAN), field="plan")
    return render(db, actor, form, case_no, plan=PlanChoice(plan_id, visit_id))


def form_warnings(
    db: Database,
    actor: Actor,
    form: str,
    case_no: str,
    admission_id: int | None = None,
    plan: PlanChoice | None = None,
) -> list[str]:
    """Return what should be said about the printed ``form`` of ``case_no`` (translated):
    characters no bundled font has (the form names them too), and, for a notice, that it
    says nothing a family could recognise the child by."""
    spec = form_spec(form)
    data = load_case(db, actor, case_no, admission_id=admission_id,
                     plan=(plan or PlanChoice()) if spec.plan else None)  # fmt: skip
    if form == NOTICE:
        data = notice.public_case(data)
    said = [
        _("{field}: {characters} cannot be printed (no font has them); write them by hand.").format(
            field=field,
            characters=" ".join(
                _("{text} ({detail})").format(text=char, detail=f"U+{ord(char):04X}")
                for char in chars
            ),
        )
        for field, chars in unprintable(data).items()
    ]
    if form == NOTICE and notice.unknown_everything(data):
        said.append(_(notice.ALL_UNKNOWN))
    if form == STATEMENT and not _sixteen(data.child.get("birth_date"), data.printed_on):
        said.append(
            _(
                "This child is under 16 or of unknown age: only a child of 16 or over may "
                "leave alone; a younger child leaves with a verified adult."
            )
        )
    return said


def _sixteen(born: object, day: dt.date) -> bool:
    """Whether someone born on ``born`` (a date, else unknown) is 16 or over on ``day``."""
    from desktop.core.residence.discharge import ALONE_AGE

    return isinstance(born, dt.date) and age_on(born, day) >= ALONE_AGE


def notice_case(db: Database, actor: Actor, data: CaseData, reason: str = "") -> CaseData:
    """Issue the notice of ``data``'s stay and return what the notice may print."""
    if data.admission_id is None:
        raise ValidationError(
            _("Case {case_no} has no admission to publish a notice for.").format(
                case_no=data.case_no
            )
        )
    issued = issue_notice(db, actor, data.case_no, data.admission_id, reason)
    admission = {**data.admission, "notice_issued_on": issued}
    return notice.public_case(dataclasses.replace(data, admission=admission))


def render_blank(db: Database, actor: Actor, form: str) -> bytes:
    """Return ``form`` printed empty, for handwriting: the center's header, every field
    with room to write, choices as boxes to tick (permission: print)."""
    spec = form_spec(form)
    with db.session() as session:
        require_actor(session, actor, Permission.PRINT)
        center = center_info(session)
    return spec.build(blank_case(center))


def load_case(
    db: Database,
    actor: Actor,
    case_no: str,
    *,
    admission_id: int | None = None,
    plan: PlanChoice | None = None,
) -> CaseData:
    """Read everything the forms print about ``case_no`` (permission: print); with
    ``plan``, the return-home plan and visit it chooses too (see ``plan_data``), and the
    plan's admission."""
    with db.session() as session:
        require_actor(session, actor, Permission.PRINT)
        child = _child(session, case_no.strip())
        chosen = choose_plan(session, child, plan, admission_id) if plan is not None else None
        if chosen is not None and admission_id is None:
            admission_id = chosen.admission_id
        admission = _admission(session, child, admission_id)
        plan_values, visits, visit = (
            plan_data(session, chosen, plan) if chosen and plan else ({}, (), {})
        )
        return CaseData(
            center=center_info(session),
            case_no=child.case_no,
            child=_values(child, fields.CHILD),
            admission_id=admission.id if admission else None,
            admission=_values(admission, fields.ADMISSION) if admission else {},
            receiving_staff=_staff_name(
                session, admission.receiving_staff_id if admission else None
            ),
            contacts=_contacts(session, child),
            belongings=_belongings_of(session, admission) if admission else (),
            photo=_photo(session, child),
            printed_on=dt.date.today(),
            stay_number=_stay_number(session, child, admission) if admission else None,
            tasks=_tasks(session, admission) if admission else {},
            notes=_notes(session, admission) if admission else (),
            placements=_placements(session, admission) if admission else (),
            plan=plan_values,
            visits=visits,
            visit=visit,
        )


def _notes(session: Session, admission: Admission) -> tuple[Record, ...]:
    """The stay's live notes, oldest first, each with the name of who wrote it."""
    query = (
        select(Note, Staff.full_name)
        .join(Staff, Staff.id == Note.staff_id)
        .where(Note.admission_id == admission.id, Note.voided_at.is_(None))
        .order_by(Note.at, Note.id)
    )
    return tuple(
        {**_values(note, fields.NOTE), "staff": name} for note, name in session.execute(query)
    )


def _placements(session: Session, admission: Admission) -> tuple[Record, ...]:
    """The stay's live placements, oldest first: the kind, where, from and until."""
    query = (
        select(Placement, Bed.label, Room.name)
        .outerjoin(Bed, Bed.id == Placement.bed_id)
        .outerjoin(Room, Room.id == Bed.room_id)
        .where(Placement.admission_id == admission.id, Placement.voided_at.is_(None))
        .order_by(Placement.started_at, Placement.id)
    )
    return tuple(
        {
            "kind": row.kind,
            "where": f"{room} 室 {bed} 床" if row.kind == "bed" else row.place,
            "started_at": row.started_at,
            "ended_at": row.ended_at,
        }
        for row, bed, room in session.execute(query)
    )


def _stay_number(session: Session, child: Child, admission: Admission) -> int:
    """Which stay ``admission`` is: 1 + the child's earlier stays (voided ones left out)."""
    earlier = session.scalar(
        select(func.count(Admission.id)).where(
            Admission.child_id == child.id,
            Admission.voided_at.is_(None),
            Admission.arrived_at < admission.arrived_at,
        )
    )
    return int(earlier or 0) + 1


def _tasks(session: Session, admission: Admission) -> dict[str, Record]:
    """The admission's tasks that are not cancelled, by kind (the latest of a kind)."""
    rows = session.scalars(
        select(Task)
        .where(Task.admission_id == admission.id, Task.cancelled.is_(False))
        .order_by(Task.id)
    )
    return {
        row.kind: {"due_at": row.due_at, "done_at": row.done_at, "reference": row.reference}
        for row in rows
    }


def _values(row: object, definitions: dict[str, fields.Field]) -> Record:
    return {name: getattr(row, name) for name in definitions if hasattr(row, name)}


def center_info(session: Session) -> CenterInfo:
    """The center's profile as the forms' headers print it."""
    center = session.get(Center, CENTER_ID)
    if center is None:
        return CenterInfo(name="")
    return CenterInfo(
        name=center.name,
        address=center.address,
        phone=center.phone,
        form_header=center.form_header,
        logo=center.logo,
    )


def _child(session: Session, case_no: str) -> Child:
    child = session.scalar(select(Child).where(Child.case_no == case_no))
    if child is None:
        raise NotFound(_("There is no case numbered {case_no}.").format(case_no=case_no))
    if child.voided_at is not None:
        raise NotFound(
            _("Case {case_no} was voided; it cannot be printed.").format(case_no=case_no)
        )
    return child


def _admission(session: Session, child: Child, admission_id: int | None) -> Admission | None:
    query = select(Admission).where(Admission.child_id == child.id, Admission.voided_at.is_(None))
    if admission_id is None:
        return session.scalar(query.order_by(Admission.arrived_at.desc(), Admission.id.desc()))
    admission = session.scalar(query.where(Admission.id == admission_id))
    if admission is None:
        raise NotFound(
            _("Case {case_no} has no admission numbered {number}.").format(
                case_no=child.case_no, number=admission_id
            )
        )
    return admission


def _staff_name(session: Session, staff_id: int | None) -> str:
    staff = session.get(Staff, staff_id) if staff_id is not None else None
    return staff.full_name if staff else ""


def _contacts(session: Session, child: Child) -> tuple[Record, ...]:
    rows = session.scalars(
        select(Contact)
        .where(Contact.child_id == child.id, Contact.voided_at.is_(None))
        .order_by(Contact.legal_guardian.desc(), Contact.id)
    )
    return tuple(_values(row, fields.CONTACT) for row in rows)


def _belongings_of(session: Session, admission: Admission) -> tuple[Belonging, ...]:
    rows = session.scalars(
        select(BelongingRow)
        .where(BelongingRow.admission_id == admission.id, BelongingRow.voided_at.is_(None))
        .order_by(BelongingRow.id)
    )
    return tuple(
        Belonging(_values(row, fields.BELONGING), _staff_name(session, _handled_by(session, row)))
        for row in rows
    )


def _handled_by(session: Session, row: BelongingRow) -> int | None:
    """The staff member who handed the item back, or who recorded that it was handed to
    the police or destroyed (the trail's entry names them: the row keeps no column)."""
    if row.disposition not in fields.DISPOSALS:
        return row.returned_by_id
    return session.scalar(
        select(AuditEntry.staff_id)
        .where(
            AuditEntry.entity == "belonging",
            AuditEntry.record_id == str(row.id),
            AuditEntry.action == "dispose",
        )
        .order_by(AuditEntry.id.desc())
        .limit(1)
    )


def _photo(session: Session, child: Child) -> bytes | None:
    """The child's latest photo (a returning child looks as they do now), if any."""
    image = session.scalar(
        select(Photo.image)
        .where(Photo.child_id == child.id, Photo.voided_at.is_(None))
        .order_by(Photo.taken_at.desc(), Photo.id.desc())
        .limit(1)
    )
    return bytes(image) if image else None


def issue_notice(
    db: Database, actor: Actor, case_no: str, admission_id: int, reason: str = ""
) -> dt.date:
    """Record that the notice of ``admission_id`` is issued; return its first issue date.

    The first issue stores today's date (a reprint keeps it) and, for a child a
    notice needs a reason for, the reason — given now or recorded before; without
    one this raises ``ReasonNeeded`` and stores nothing. Permission: print; issuing
    (the first time, or a new reason) also needs registering or returning children
    home (intake staff, caseworkers, administrators). One transaction, with its
    audit entry when anything changed.
    """
    reason = reason.strip()
    limit = fields.ADMISSION["notice_reason"].max_length or 2000
    if len(reason) > limit:
        raise ValidationError(
            _("The reason is too long (at most {limit} characters).").format(limit=limit),
            field="notice_reason",
        )
    with db.session() as session:
        current = require_actor(session, actor, Permission.PRINT)
        admission = session.get(Admission, admission_id)
        child = session.scalar(select(Child).where(Child.case_no == case_no))
        if admission is None or child is None or admission.child_id != child.id:
            raise ValidationError(_("There is no such admission to publish a notice for."))
        contacts = session.scalars(
            select(Contact.id).where(Contact.child_id == child.id, Contact.voided_at.is_(None))
        ).all()
        against = notice.reasons_against(
            {"name": child.name, "id_number": child.id_number, "category": child.category},
            {"harm_found": admission.harm_found},
            len(contacts),
        )
        if against and not (reason or admission.notice_reason.strip()):
            raise notice.ReasonNeeded(
                _(
                    "A family-search notice is for a child whose family is unknown; here {why}. "
                    "Record why this notice is published."
                ).format(why="; ".join(against)),
                field="notice_reason",
            )
        first = admission.notice_issued_on is None
        if (first or (reason and reason != admission.notice_reason)) and not any(
            actor_may(current, permission) for permission in ISSUERS
        ):
            raise PermissionDenied(
                _(
                    "Only intake staff and caseworkers may issue a family-search notice; "
                    "once issued, anyone may print it again."
                )
            )
        before = trail.snapshot(admission)
        changed = False
        if admission.notice_issued_on is None:
            admission.notice_issued_on = dt.date.today()
            changed = True
        if reason and reason != admission.notice_reason:
            admission.notice_reason = reason
            changed = True
        if changed:
            trail.record(
                session,
                current,
                "issue_notice",
                "admission",
                admission.id,
                before,
                trail.snapshot(admission),
            )
        return admission.notice_issued_on


def print_roster(db: Database, actor: Actor, day: dt.date) -> bytes:
    """The printed roster (在站人员名册) of the local ``day`` as PDF bytes; the command
    line may print it too. Reads only: no audit entry."""
    from desktop.core.forms.roster_form import build_roster  # ReportLab, when printing

    with db.session() as session:
        require_actor(session, actor, Permission.PRINT)
        residents = roster_rows(session, day)
        center = center_info(session)
    return build_roster(center, day, residents)
