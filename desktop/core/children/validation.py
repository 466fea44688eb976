"""The intake's inputs and the rules they must meet, checked before anything is written.

Each check returns the cleaned value or raises ``ValidationError`` whose ``field``
names the model column (or input field) it belongs to, with a translated message.
Text keeps every printable character (emoji, characters outside the BMP such as
𠮷) exactly; control characters and invisible bidirectional marks are removed.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass, replace
from typing import Any

from stdnum.cn import ric
from stdnum.exceptions import ValidationError as NumberError

from desktop.core import fields
from desktop.core.cleaning import clean_text, field_error, field_label, printable
from desktop.core.errors import ValidationError
from desktop.core.fields import Field
from desktop.core.i18n import N_, _

EARLIEST = dt.date(1900, 1, 1)
#: How far ahead of this computer's clock a time may be (clocks of desks differ a little).
CLOCK_TOLERANCE = dt.timedelta(minutes=5)
AGE_RANGE = (0, 18)
HEIGHT_RANGE = (30, 230)
QUANTITY_RANGE = (1, 999)
CASH_RANGE = (0, 100_000_000)
PHONE_DIGITS = (7, 20)
REASON_LIMIT = 2000
#: The largest row id the database can hold (SQLite's 64-bit integer).
MAX_ID = 2**63 - 1

ESTIMATED_AGE = Field("estimated_age", N_("Estimated age (years)"), "int")
CAPTION = Field("caption", N_("Caption"), max_length=200)
VOID_REASON = Field("void_reason", N_("Reason"), "multiline", max_length=REASON_LIMIT)
ID_REGION_REASON = Field("id_region_reason", N_("Reason"), "multiline", max_length=REASON_LIMIT)

_PHONE = re.compile(r"\+?[0-9 ()\-]+")


# --- inputs ---------------------------------------------------------------------------


@dataclass(frozen=True)
class ChildInput:
    """What the intake dialog (or an import) says about a child; every text may be empty."""

    name: str = ""
    alias: str = ""
    sex: str = "unknown"
    birth_date: dt.date | None = None
    birth_date_estimated: bool = False
    #: Years; with no birth date, the birth date becomes the arrival date minus this, estimated.
    estimated_age: int | None = None
    id_number: str = ""
    #: Filled in from a valid ID number when left empty.
    birth_place: str = ""
    ethnicity: str = ""
    household_registration: str = ""
    address: str = ""
    school: str = ""
    education: str = "unknown"
    dialect: str = ""
    height_cm: int | None = None
    build: str = "unknown"
    appearance: str = ""
    clothing: str = ""
    health: str = ""
    mental_state: str = ""
    disability: str = ""
    category: str = "other"
    #: Why an ID number whose region code was in use at no date from the birth to today
    #: is saved as it is (the clerk has the card in hand); kept as a note on the child.
    id_region_reason: str = ""


@dataclass(frozen=True)
class AdmissionInput:
    """One arrival at the center: when, how, who brought the child, and the intake checks."""

    arrived_at: dt.datetime
    arrival_mode: str = "other"
    referring_unit: str = ""
    referrer_name: str = ""
    referrer_phone: str = ""
    police_case_no: str = ""
    police_handover_ref: str = ""
    reason: str = ""
    circumstances: str = ""
    street_since: str = ""
    welfare_status: str = "unknown"
    intake_check: str = ""
    harm_found: bool = False
    security_check: str = ""
    photo_taken: bool = False
    fingerprints_taken: bool = False
    fingerprint_ref: str = ""
    consent: bool = False
    consent_note: str = ""
    #: Where the child was found (the family-search notice prints it).
    found_place: str = ""
    #: The staff member who received the child; ``None``: the one registering.
    receiving_staff_id: int | None = None


@dataclass(frozen=True)
class BelongingInput:
    """An item deposited on arrival; cash in fen (1/100 yuan)."""

    item: str = ""
    quantity: int = 1
    description: str = ""
    cash_fen: int = 0
    valuable: bool = False


@dataclass(frozen=True)
class ContactInput:
    """A relative, guardian or other contact of a child."""

    name: str = ""
    relationship: str = ""
    phone: str = ""
    address: str = ""
    id_number: str = ""
    legal_guardian: bool = False
    situation: str = "unknown"
    note: str = ""


@dataclass(frozen=True)
class NoteInput:
    """A service given or a daily note; ``at`` ``None`` means now."""

    kind: str = "daily"
    at: dt.datetime | None = None
    text: str = ""


@dataclass(frozen=True)
class IdFacts:
    """What a valid resident ID number says: birth date, sex and birth place.

    ``region_known`` is False when its region code (the first six digits) was in
    use at no date from the birth to today: the number is still taken (a card in
    hand is never refused), with a warning and a reason (``check_region_reason``),
    and ``birth_place`` is then empty.
    """

    birth_date: dt.date
    sex: str
    birth_place: str
    region_known: bool = True


# --- single values ----------------------------------------------------------------------


def check_choice(value: str | None, field: Field, *, required: bool | None = None) -> str:
    """Return ``value`` when it is one of the field's choices ('' allowed when optional)."""
    chosen = (value or "").strip()
    if chosen in field.values():
        return chosen
    needed = field.required if required is None else required
    if not chosen and not needed:
        return ""
    raise field_error(field, _("{label}: choose one of the values in the list."))


def check_range(value: int | None, field: Field, low: int, high: int) -> int | None:
    """Return the whole number ``value`` (or ``None``) when it lies from ``low`` to ``high``."""
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise ValidationError(
            _("{label}: give a whole number from {low} to {high}.").format(
                label=field_label(field), low=low, high=high
            ),
            field=field.name,
        )
    return value


def is_record_id(value: object) -> bool:
    """True when ``value`` can be the id of a stored row (a positive 64-bit integer)."""
    return isinstance(value, int) and not isinstance(value, bool) and 0 < value <= MAX_ID


def check_phone(value: str | None, field: Field) -> str:
    """Return a phone number of 7 to 20 digits with an optional +, spaces, dashes, brackets."""
    text = clean_text(unicodedata.normalize("NFKC", value or ""), field)
    if not text:
        return ""
    if not _PHONE.fullmatch(text):
        raise field_error(
            field,
            _("{label}: a phone number holds digits, a leading +, spaces, dashes and brackets."),
        )
    digits = sum(char.isdigit() for char in text)
    low, high = PHONE_DIGITS
    if not low <= digits <= high:
        raise ValidationError(
            _("{label}: a phone number has {low} to {high} digits; this has {count}.").format(
                label=field_label(field), low=low, high=high, count=digits
            ),
            field=field.name,
        )
    return text


def check_moment(value: dt.datetime | None, field: Field, now: dt.datetime) -> dt.datetime:
    """Return the aware time ``value`` in UTC; refuse a missing, naive or future time."""
    if not isinstance(value, dt.datetime):
        raise field_error(field, _("{label}: enter the date and time."))
    if value.utcoffset() is None:
        raise field_error(field, _("{label}: the time has no time zone."))
    try:
        moment = value.astimezone(dt.UTC)
    except (OverflowError, ValueError):
        moment = None
    if moment is None or moment.date() < EARLIEST:
        raise field_error(field, _("{label}: this is not a possible time."))
    if moment > now + CLOCK_TOLERANCE:
        raise field_error(field, _("{label}: the time cannot be in the future."))
    return moment


def years_before(day: dt.date, years: int) -> dt.date:
    """Return the same calendar day ``years`` earlier (28 February for 29 February).

    Beyond the calendar's range the result is its first or last day.
    """
    year = day.year - years
    if year < dt.MINYEAR:
        return dt.date.min
    if year > dt.MAXYEAR:
        return dt.date.max
    try:
        return day.replace(year=year)
    except ValueError:
        return day.replace(year=year, day=28)


def age_on(birth: dt.date, day: dt.date) -> int:
    """Return the age in whole years of someone born on ``birth`` on ``day``."""
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))


# --- resident ID numbers ------------------------------------------------------------------


def normalise_id_number(value: str | None) -> str:
    """Return the ID number without spaces or dashes, full-width digits made ASCII, X upper."""
    text = unicodedata.normalize("NFKC", printable(value))
    return "".join(char for char in text if not char.isspace() and char != "-").upper()


def _id_error(message: str) -> ValidationError:
    return ValidationError(message, field="id_number")


def _region_names(code: str) -> tuple[str, list[tuple[int | None, int | None, str]]]:
    """Return the province and the dated names of a region code in python-stdnum's data.

    Each name comes with the first and last year it was in use (None: open-ended);
    a code stdnum does not know gives ``("", [])``.
    """
    from stdnum import numdb

    info: dict[str, str] = {}
    for _part, props in numdb.get("cn/loc").info(code):
        info.update(props)
    names: list[tuple[int | None, int | None, str]] = []
    for entry in info.get("county", "").split(","):
        if not entry:
            continue
        if not entry.startswith("["):
            names.append((None, None, entry))
            continue
        span, name = entry[1:].split("]", 1)
        start, end = span.split("-")
        names.append((int(start) if start else None, int(end) if end else None, name))
    return info.get("province", ""), names


def region_name(code: str, first_year: int, last_year: int) -> str | None:
    """Return the name ``code`` had at some time from ``first_year`` to ``last_year``.

    The name in use in ``first_year`` (the birth) comes first, else the earliest
    one after it; None when the code was in use at no time in those years.
    """
    _province, names = _region_names(code)
    in_use = [
        (start, name)
        for start, end, name in names
        if (start is None or start <= last_year) and (end is None or end >= first_year)
    ]
    if not in_use:
        return None
    at_birth = [name for start, name in in_use if start is None or start <= first_year]
    if at_birth:
        return at_birth[-1]
    return min(in_use, key=lambda item: item[0] or 0)[1]


def _birth_place(number: str, born: dt.date, today: dt.date) -> str | None:
    """Return "province city county" for the region code at the start of ``number``.

    None when the code was in use at no time from the birth to today.
    """
    code, first, last = number[:6], born.year, max(today.year, born.year)
    county = region_name(code, first, last)
    if county is None:
        return None
    province, _names = _region_names(code)
    if code[2:6] == "0000":
        return county or province
    parts = [province]
    if code[4:6] != "00":
        parts.append(region_name(code[:4] + "00", first, last) or "")
    parts.append(county)
    named = [part for part in parts if part and part not in ("市辖区", "县") and "直辖" not in part]
    return " ".join(dict.fromkeys(named))


def id_number_facts(id_number: str, today: dt.date | None = None) -> IdFacts:
    """Validate a resident ID number with ``stdnum.cn.ric`` and return what it says.

    Raises ``ValidationError`` (field ``id_number``) with its own message for a
    wrong length, letters, a wrong check digit, or an impossible or future birth
    date. The region code counts as known when it was in use at any date from
    the birth to today (a child registered late gets the code of the year of
    registration); an unknown one is no refusal: ``region_known`` is False.
    """
    number = normalise_id_number(id_number)
    if len(number) != 18:
        raise _id_error(
            _("A resident ID number has 18 characters; this one has {n}.").format(n=len(number))
        )
    if not (number[:17].isascii() and number[:17].isdigit()) or number[17] not in "0123456789X":
        raise _id_error(_("An ID number holds only digits, with X allowed as the last character."))
    if ric.calc_check_digit(number) != number[17]:
        raise _id_error(_("The ID number's check digit is wrong: check every digit again."))
    try:
        born = ric.get_birth_date(number)
    except NumberError:
        born = None
    if born is None or born < EARLIEST:
        raise _id_error(
            _("The ID number holds an impossible date of birth ({digits}).").format(
                digits=number[6:14]
            )
        )
    today = today or dt.date.today()
    if born > today:
        raise _id_error(
            _("The date of birth in the ID number ({date}) is in the future.").format(
                date=born.isoformat()
            )
        )
    place = _birth_place(number, born, today)
    sex = "male" if int(number[16]) % 2 else "female"
    return IdFacts(born, sex, place or "", region_known=place is not None)


class UnknownRegionCode(ValidationError):
    """An ID number whose region code was in use at no date from the birth to today,
    saved only with the clerk's reason (``ChildInput.id_region_reason``)."""


def _region_warning(number: str, facts: IdFacts) -> str:
    return _(
        "The ID number starts with {code}, a region code not in use at any time from the "
        "birth ({year}) to today. Check the card; if it says so, give a reason to save it."
    ).format(code=number[:6], year=facts.birth_date.year)


def check_region_reason(data: ChildInput, today: dt.date) -> str:
    """Return the reason for saving an ID number with an unknown region code ("" if none is needed).

    Raises ``UnknownRegionCode`` (field ``id_number``) when one is needed and not given.
    """
    number = normalise_id_number(data.id_number)
    if not number:
        return ""
    facts = id_number_facts(number, today)
    if facts.region_known:
        return ""
    reason = clean_text(data.id_region_reason, ID_REGION_REASON)
    if not reason:
        raise UnknownRegionCode(_region_warning(number, facts), field="id_number")
    return reason


# --- whole inputs -------------------------------------------------------------------------


def _texts(data: object, table: dict[str, Field]) -> dict[str, str]:
    """Return every text and multi-line field of ``data`` the table defines, cleaned."""
    return {
        name: clean_text(getattr(data, name), field, required=field.required)
        for name, field in table.items()
        if field.kind in ("text", "multiline") and hasattr(data, name)
    }


def _choices(data: object, table: dict[str, Field]) -> dict[str, str]:
    return {
        name: check_choice(getattr(data, name), field)
        for name, field in table.items()
        if field.kind == "choice" and hasattr(data, name)
    }


def _check_birth_date(born: dt.date | None, today: dt.date, arrived_on: dt.date | None) -> None:
    field = fields.CHILD["birth_date"]
    if born is None:
        return
    if born < EARLIEST:
        raise field_error(field, _("{label}: a date before 1900 is not possible."))
    if born > today:
        raise field_error(field, _("{label}: the date cannot be in the future."))
    if arrived_on is not None and born > arrived_on:
        raise ValidationError(
            _("The date of birth cannot be after the arrival ({date}).").format(
                date=arrived_on.isoformat()
            ),
            field="birth_date",
        )


def _as_date(value: dt.date | None) -> dt.date | None:
    if value is None:
        return None
    if not isinstance(value, dt.date):
        raise field_error(fields.CHILD["birth_date"], _("{label}: enter a date."))
    return dt.date(value.year, value.month, value.day)


def _birth(
    data: ChildInput, facts: IdFacts | None, age: int | None, reference: dt.date
) -> tuple[dt.date | None, bool]:
    """Return the birth date to store and whether it is estimated."""
    typed = _as_date(data.birth_date)
    if typed is not None:
        return typed, bool(data.birth_date_estimated)
    if facts is not None:
        return facts.birth_date, False
    if age is not None:
        return years_before(reference, age), True
    return None, False


class IdWarning(str):
    """A translated warning (a ``str``) and the fields it concerns, to mark them in a form."""

    fields: tuple[str, ...]

    def __new__(cls, text: str, concerns: tuple[str, ...]) -> IdWarning:
        warning = super().__new__(cls, text)
        warning.fields = concerns
        return warning


def _id_warnings(
    data: ChildInput, facts: IdFacts, age: int | None, reference: dt.date
) -> list[IdWarning]:
    warnings: list[IdWarning] = []
    if not facts.region_known:
        region = _region_warning(normalise_id_number(data.id_number), facts)
        warnings.append(IdWarning(region, ("id_number",)))
    typed = _as_date(data.birth_date)
    if typed is not None and typed != facts.birth_date:
        warnings.append(IdWarning(
            _("The date of birth {typed} differs from the one in the ID number ({date}).").format(
                typed=typed.isoformat(), date=facts.birth_date.isoformat()
            ),
            ("id_number", "birth_date"),
        ))  # fmt: skip
    if data.sex in ("male", "female") and data.sex != facts.sex:
        warnings.append(IdWarning(
            _("The sex chosen differs from the one in the ID number ({sex}).").format(
                sex=fields.CHILD["sex"].choice_label(facts.sex)
            ),
            ("id_number", "sex"),
        ))  # fmt: skip
    if typed is None and age is not None:
        id_age = age_on(facts.birth_date, reference)
        if abs(id_age - age) >= 2:
            warnings.append(IdWarning(
                _(
                    "The estimated age {age} differs from the age in the ID number ({years})."
                ).format(age=age, years=id_age),
                ("id_number", "estimated_age"),
            ))  # fmt: skip
    return warnings


def id_warnings(data: ChildInput, today: dt.date, arrived_on: dt.date | None = None
                ) -> list[IdWarning]:  # fmt: skip
    """Return what disagrees with a valid ID number, reading leniently (typing may be
    under way): no warning when the number is empty or not valid, an age out of range
    is left out. Used to re-check a form as the clerk corrects it."""
    number = normalise_id_number(data.id_number)
    if not number:
        return []
    try:
        facts = id_number_facts(number, today)
    except ValidationError:
        return []
    age = data.estimated_age
    if not (isinstance(age, int) and AGE_RANGE[0] <= age <= AGE_RANGE[1]):
        age = None
    return _id_warnings(data, facts, age, arrived_on or today)


def check_child(
    data: ChildInput, today: dt.date, arrived_on: dt.date | None = None
) -> tuple[ChildInput, list[IdWarning]]:
    """Return the cleaned child and translated warnings, or raise ``ValidationError``.

    From a valid ID number the birth date, sex and birth place are filled in when
    left empty; typed values that disagree with it give warnings, which do not
    block saving. With no birth date, an estimated age gives an estimated one.
    """
    texts = _texts(data, fields.CHILD)
    choices = _choices(data, fields.CHILD)
    id_number = normalise_id_number(data.id_number)
    facts = id_number_facts(id_number, today) if id_number else None
    if facts is not None and not texts["name"]:
        raise ValidationError(
            _("Enter the child's name: a child with an ID number has a known identity."),
            field="name",
        )
    height = check_range(data.height_cm, fields.CHILD["height_cm"], *HEIGHT_RANGE)
    age = check_range(data.estimated_age, ESTIMATED_AGE, *AGE_RANGE)
    reference = arrived_on or today
    born, estimated = _birth(data, facts, age, reference)
    _check_birth_date(born, today, arrived_on)
    if facts is not None:
        texts["birth_place"] = texts["birth_place"] or facts.birth_place
        if choices["sex"] in ("", "unknown"):
            choices["sex"] = facts.sex
    cleaned = replace(
        data,
        **texts,
        **choices,
        id_number=id_number,
        birth_date=born,
        birth_date_estimated=estimated,
        estimated_age=age,
        height_cm=height,
    )
    warnings = _id_warnings(data, facts, age, reference) if facts else []
    return cleaned, warnings


def check_admission(data: AdmissionInput, now: dt.datetime) -> AdmissionInput:
    """Return the cleaned admission (arrival time in UTC), or raise ``ValidationError``."""
    table = fields.ADMISSION
    arrived = check_moment(data.arrived_at, table["arrived_at"], now)
    texts = _texts(data, table)
    texts["referrer_phone"] = check_phone(data.referrer_phone, table["referrer_phone"])
    staff_id = data.receiving_staff_id
    if staff_id is not None and not is_record_id(staff_id):
        raise field_error(table["receiving_staff_id"], _("{label}: choose a staff member."))
    flags = ("harm_found", "photo_taken", "fingerprints_taken", "consent")
    changes: dict[str, Any] = {**texts, **_choices(data, table), "arrived_at": arrived}
    changes.update({name: bool(getattr(data, name)) for name in flags})
    return replace(data, **changes)


def check_belonging(data: BelongingInput) -> BelongingInput:
    """Return the cleaned belonging, or raise ``ValidationError``."""
    table = fields.BELONGING
    quantity = check_range(data.quantity, table["quantity"], *QUANTITY_RANGE)
    cash = check_range(data.cash_fen, table["cash_fen"], *CASH_RANGE)
    return replace(
        data,
        item=clean_text(data.item, table["item"], required=True),
        quantity=quantity if quantity is not None else 1,
        description=clean_text(data.description, table["description"]),
        cash_fen=cash or 0,
        valuable=bool(data.valuable),
    )


def check_contact(data: ContactInput, today: dt.date) -> ContactInput:
    """Return the cleaned contact (a given ID number must be valid), or raise."""
    table = fields.CONTACT
    texts = _texts(data, table)
    id_number = normalise_id_number(data.id_number)
    if id_number:
        id_number_facts(id_number, today)
    return replace(
        data,
        **texts,
        **_choices(data, table),
        phone=check_phone(data.phone, table["phone"]),
        id_number=id_number,
        legal_guardian=bool(data.legal_guardian),
    )


def check_note(data: NoteInput, now: dt.datetime) -> NoteInput:
    """Return the cleaned note (``at`` in UTC, now when not given), or raise."""
    table = fields.NOTE
    at = now if data.at is None else check_moment(data.at, table["at"], now)
    return replace(
        data,
        kind=check_choice(data.kind, table["kind"]),
        at=at,
        text=clean_text(data.text, table["text"], required=True),
    )


def check_reason(reason: str | None) -> str:
    """Return the reason for voiding or merging; one is required."""
    text = clean_text(reason, VOID_REASON)
    if not text:
        raise ValidationError(
            _("Give a reason. The record and the reason stay in the history."),
            field="void_reason",
        )
    return text
