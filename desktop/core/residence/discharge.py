"""Discharge (离站) of a stay, and its reopening by an administrator.

How the stay ended, in the national categories (fields.DISCHARGE_MODE). The
discharge ends the current placement and accounts for every belonging still
held (given back now to someone, or why not). The rules of who may take a child:

- collected by family (接领返乡): always the adult who collected the child — name,
  resident ID number (checked as at intake, and of an adult), relationship, who
  checked it;
- a child under 16 (or of unknown age) leaves with such a verified adult whenever
  someone takes the child (escorted home, placed, assistance ended, other);
- leaving alone (自行离站) is for 16 and over, with the signed statement
  (自行离站声明书);
- placed (安置) says where; a child who walked out (擅自离站) is recorded in writing
  with the police report; assistance ended, death and other say why.

Only an administrator reopens a discharged stay, with a reason.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.core import fields
from desktop.core.audit import trail as audit
from desktop.core.children.validation import (
    age_on,
    check_choice,
    check_moment,
    check_phone,
    check_reason,
    id_number_facts,
    normalise_id_number,
)
from desktop.core.cleaning import clean_text, field_label
from desktop.core.clock import format_time, local_day
from desktop.core.errors import ValidationError
from desktop.core.i18n import N_, _, pgettext
from desktop.core.residence.common import get_row, not_before, open_admission, write
from desktop.core.residence.placements import end_for_discharge
from desktop.core.staff.access import require
from desktop.core.staff.permissions import Permission
from desktop.core.store.db import Database
from desktop.core.store.models import Admission, Belonging, Child, Staff, utcnow

NO_ADMISSION = N_("There is no admission with this number.")
#: Who is of age to collect a child, and who may leave alone.
ADULT_AGE = 18
ALONE_AGE = 16
#: Ways of leaving in which someone takes the child (an under-16 needs a verified adult).
TAKEN_BY_SOMEONE = ("escorted_home", "collected", "placed", "ended", "other")
#: Ways of leaving that must say why, in the discharge note.
NOTE_NEEDED = ("left", "ended", "died", "other")


@dataclass(frozen=True)
class CollectingAdult:
    """The adult a child leaves with, as checked at the desk."""

    name: str
    id_number: str
    relationship: str
    checked_by: str
    phone: str = ""


@dataclass(frozen=True)
class BelongingEnd:
    """What happens at the discharge to an item still held: given back to
    ``returned_to``, or kept with ``not_returned_reason`` saying why."""

    belonging_id: int
    returned_to: str = ""
    not_returned_reason: str = ""


@dataclass(frozen=True)
class DischargeInput:
    """The discharge as the dialog collects it."""

    discharged_at: dt.datetime | None
    mode: str
    destination: str = ""
    cross_province: bool = False
    note: str = ""
    adult: CollectingAdult | None = None
    statement_signed: bool = False
    police_report: str = ""
    belongings: Sequence[BelongingEnd] = field(default_factory=tuple)


def _error(name: str, message: str) -> ValidationError:
    return ValidationError(message.format(label=field_label(fields.ADMISSION[name])), field=name)


def _check_adult(adult: CollectingAdult, day: dt.date) -> dict[str, str]:
    """The collector's columns, or raise naming the collector's field."""
    table = fields.ADMISSION
    values = {
        "collector_name": clean_text(adult.name, table["collector_name"], required=True),
        "collector_relationship": clean_text(
            adult.relationship, table["collector_relationship"], required=True
        ),
        "collector_checked_by": clean_text(
            adult.checked_by, table["collector_checked_by"], required=True
        ),
        "collector_phone": check_phone(adult.phone, table["collector_phone"]),
    }
    values["collector_id_number"] = adult_id_number(
        adult.id_number, day, table["collector_id_number"]
    )
    return values


def adult_id_number(value: str, day: dt.date, field: fields.Field) -> str:
    """The resident ID number of an adult on ``day``, checked as at intake, or raise
    naming ``field``."""
    number = normalise_id_number(value)
    label = field_label(field)
    if not number:
        message = _("{label}: check the adult's ID card and enter it.")
        raise ValidationError(message.format(label=label), field=field.name)
    try:
        facts = id_number_facts(number, day)
    except ValidationError as error:
        raise ValidationError(error.message, field=field.name) from None
    if age_on(facts.birth_date, day) < ADULT_AGE:
        message = _("{label}: the ID number is of someone under 18; a child leaves with an adult.")
        raise ValidationError(message.format(label=label), field=field.name)
    return number


def _age(child: Child, day: dt.date) -> int | None:
    return age_on(child.birth_date, day) if child.birth_date else None


def _check_rules(data: DischargeInput, mode: str, child: Child, day: dt.date) -> dict[str, object]:
    """The discharge's columns after the rules of who may take the child."""
    table = fields.ADMISSION
    age = _age(child, day)
    under_16 = age is None or age < ALONE_AGE
    values: dict[str, object] = {
        "discharge_destination": clean_text(data.destination, table["discharge_destination"]),
        "discharge_note": clean_text(data.note, table["discharge_note"]),
        "police_report": clean_text(data.police_report, table["police_report"]),
        "statement_signed": bool(data.statement_signed),
        "cross_province": bool(data.cross_province),
    }
    if data.cross_province and mode not in ("escorted_home", "collected"):
        message = _("{label}: applies to escorted and collected returns home only.")
        raise _error("cross_province", message)
    if mode == "self_return":
        if under_16:
            shown = str(age) if age is not None else _("of unknown age")
            message = _("Only a child of 16 or over may leave alone; this child is {age}.")
            raise ValidationError(message.format(age=shown), field="discharge_mode")
        if not data.statement_signed:
            message = _("{label}: a child leaving alone signs the statement first.")
            raise _error("statement_signed", message)
    elif data.statement_signed:
        raise _error("statement_signed", _("{label}: only for a child leaving alone."))
    needs_adult = mode == "collected" or (under_16 and mode in TAKEN_BY_SOMEONE)
    if needs_adult and data.adult is None:
        raise _error("collector_name", _(
            "{label}: a child under 16 leaves only with a verified adult (name, ID number "
            "checked, relationship, who checked it)."
        ) if mode != "collected" else _(
            "{label}: record the adult who collected the child, with the ID number checked."
        ))  # fmt: skip
    if data.adult is not None and mode in ("left", "died", "self_return"):
        raise _error("collector_name", _("{label}: no one collects a child who leaves this way."))
    if data.adult is not None:
        values.update(_check_adult(data.adult, day))
    if mode == "placed" and not values["discharge_destination"]:
        raise _error("discharge_destination", _("{label}: say where the child was placed."))
    if mode == "left" and not values["police_report"]:
        message = _("{label}: a child who walked out is reported to the police.")
        raise _error("police_report", message)
    if mode in NOTE_NEEDED and not values["discharge_note"]:
        raise _error("discharge_note", _("{label}: write down what happened."))
    return values


def _held(session: Session, admission_id: int) -> list[Belonging]:
    query = select(Belonging).where(
        Belonging.admission_id == admission_id,
        Belonging.voided_at.is_(None),
        Belonging.disposition == "held",
        Belonging.returned_at.is_(None),
    )
    return list(session.scalars(query.order_by(Belonging.id)))


def held_belongings(db: Database, actor: Staff, admission_id: int) -> list[Belonging]:
    """The items still held for a stay, which its discharge must account for."""
    with db.session() as session:
        require(session, actor, Permission.READ)
        get_row(session, Admission, admission_id, _(NO_ADMISSION))
        return _held(session, admission_id)


def _account_for_belongings(
    session: Session, current: Staff, stay: Admission, ends: Sequence[BelongingEnd],
    moment: dt.datetime,
) -> None:  # fmt: skip
    """Give back or explain every item still held; refuse one left unaccounted for."""
    table = fields.BELONGING
    held = {row.id: row for row in _held(session, stay.id)}
    given = {end.belonging_id: end for end in ends}
    for belonging_id in given:
        if belonging_id not in held:
            raise ValidationError(
                _("Belonging {n} is not held for this stay.").format(n=belonging_id),
                field="belongings",
            )
    missing = [row.item for key, row in held.items() if key not in given]
    if missing:
        raise ValidationError(
            _("Say for every item still held whether it is given back: {items}.").format(
                items=pgettext("list separator", ", ").join(missing)
            ),
            field="belongings",
        )
    for key, row in sorted(held.items()):
        end = given[key]
        to = clean_text(end.returned_to, table["returned_to"])
        why = clean_text(end.not_returned_reason, table["not_returned_reason"])
        if bool(to) == bool(why):
            raise ValidationError(
                _("“{item}”: give either who took it back or why it is not given back.").format(
                    item=row.item
                ),
                field="belongings",
            )
        before = audit.snapshot(row)
        if to:
            row.returned_at, row.returned_to = moment, to
            row.returned_by_id, row.disposition = current.id, "returned"
            write(session, current, "return", "belonging", row, before)
        else:
            row.not_returned_reason = why
            write(session, current, "update", "belonging", row, before)


def discharge(db: Database, actor: Staff, admission_id: int, data: DischargeInput) -> Admission:
    """End a stay: when and how the child left, who took the child, the belongings.

    One transaction: the admission, the end of the current placement and every
    belonging's end, each audited; any rule broken changes nothing.
    """
    with db.session() as session:
        current = require(session, actor, Permission.REGISTER)
        return discharge_in(session, current, admission_id, data)


def discharge_in(
    session: Session, current: Staff, admission_id: int, data: DischargeInput
) -> Admission:
    """The discharge inside the caller's transaction, by ``current`` whose permission the
    caller has checked (a return home's handover discharges through it)."""
    table = fields.ADMISSION
    stay: Admission = get_row(session, Admission, admission_id, _(NO_ADMISSION))
    if stay.voided_at is not None:
        raise ValidationError(
            _("This record was voided on {time} and cannot be changed.").format(
                time=format_time(stay.voided_at)
            )
        )
    if stay.discharged_at is not None:
        raise ValidationError(
            _("This admission already ended on {time}.").format(
                time=format_time(stay.discharged_at)
            ),
            field="discharged_at",
        )
    moment = check_moment(data.discharged_at, table["discharged_at"], utcnow())
    not_before(moment, stay.arrived_at, "discharged_at",
               _("The discharge cannot be before the arrival ({time})."))  # fmt: skip
    mode = check_choice(data.mode, table["discharge_mode"], required=True)
    child = session.get(Child, stay.child_id)
    assert child is not None
    values = _check_rules(data, mode, child, local_day(moment))
    end_for_discharge(session, current, stay, moment)
    _account_for_belongings(session, current, stay, data.belongings, moment)
    before = audit.snapshot(stay)
    stay.discharged_at, stay.discharge_mode = moment, mode
    for name, value in values.items():
        setattr(stay, name, value)
    write(session, current, "discharge", "admission", stay, before)
    return stay


#: The columns a reopening empties (the discharge stays in the history).
DISCHARGE_COLUMNS: dict[str, object] = {
    "discharged_at": None,
    "discharge_mode": "",
    "discharge_destination": "",
    "discharge_note": "",
    "cross_province": False,
    "collector_name": "",
    "collector_id_number": "",
    "collector_relationship": "",
    "collector_phone": "",
    "collector_checked_by": "",
    "statement_signed": False,
    "police_report": "",
}


def reopen(db: Database, actor: Staff, admission_id: int, reason: str) -> Admission:
    """Reopen a discharged stay (administrators only), with the reason; the child is in
    the center again, without a placement. Refused when the child came back since."""
    with db.session() as session:
        current = require(session, actor, Permission.VOID)
        stay: Admission = get_row(session, Admission, admission_id, _(NO_ADMISSION))
        text = check_reason(reason)
        if stay.voided_at is not None or stay.discharged_at is None:
            raise ValidationError(_("Only a discharged stay can be reopened."), field="admission")
        if open_admission(session, stay.child_id) is not None:
            raise ValidationError(
                _("The child has another open stay: that one must end first."), field="admission"
            )
        later = session.scalars(
            select(Admission).where(
                Admission.child_id == stay.child_id,
                Admission.voided_at.is_(None),
                Admission.arrived_at > stay.arrived_at,
            )
        ).first()
        if later is not None:
            raise ValidationError(
                _("The child came back on {time}: a later stay cannot be reopened over.").format(
                    time=format_time(later.arrived_at)
                ),
                field="admission",
            )
        before = audit.snapshot(stay)
        for name, value in DISCHARGE_COLUMNS.items():
            setattr(stay, name, value)
        stay.reopen_reason = text
        write(session, current, "reopen", "admission", stay, before)
        return stay
