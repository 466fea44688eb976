"""What a family-search notice (寻亲公告) may publish, for whom, and when it was issued.

A notice is public: it goes on a notice board and to the national family-search
site. So it is for a child whose family is unknown (no name, no ID number, no
contact on record) who was not harmed; publishing one for anyone else needs a
recorded reason. It prints only the fields in ``PUBLIC_CHILD`` and
``PUBLIC_ADMISSION``: ``public_case`` strips everything else before the
builder sees the case, so an internal note can never reach the paper.

The first issue is dated and stored (``service.issue_notice``): a reprint keeps that date, so
the notice shows whether the 24-hour deadline was met.
"""

from __future__ import annotations

import dataclasses
import datetime as dt

from desktop.core.errors import ValidationError
from desktop.core.forms.data import CaseData, Record
from desktop.core.i18n import N_, _

#: The child's fields a notice may print (the national family-search site's list).
PUBLIC_CHILD = frozenset(
    {
        "name",
        "alias",
        "sex",
        "birth_date",
        "birth_date_estimated",
        "ethnicity",
        "dialect",
        "height_cm",
        "build",
        "appearance",
        "clothing",
        "health",
        "mental_state",
        "disability",
    }
)
#: The admission's fields a notice may print: when and where the child was found.
PUBLIC_ADMISSION = frozenset({"arrived_at", "found_place", "notice_issued_on"})
#: How long a notice is posted (公告期), in days: the family has this long to come forward.
POSTING_DAYS = 30

#: Why a notice for this child needs a recorded reason (English source strings).
NAME_KNOWN = N_("the child's name or ID number is known")
FAMILY_KNOWN = N_("the child has a relative or guardian on record")
HARMED = N_("the child was harmed; publishing may expose them")
#: Said when a notice prints 不详 everywhere.
ALL_UNKNOWN = N_(
    "The notice says nothing a family could recognise the child by: no photo, no name, "
    "no age, no height, no description. Add what is known before posting it."
)


class ReasonNeeded(ValidationError):
    """A notice for this child needs a recorded reason (``field`` is ``notice_reason``)."""


def public_case(data: CaseData) -> CaseData:
    """Return ``data`` with only what a notice may print: the public fields, the photo,
    the center; no contacts, no belongings, no tasks."""
    return dataclasses.replace(
        data,
        child=_only(data.child, PUBLIC_CHILD),
        admission=_only(data.admission, PUBLIC_ADMISSION),
        contacts=(),
        belongings=(),
        tasks={},
        receiving_staff="",
    )


def _only(record: Record, names: frozenset[str]) -> Record:
    return {name: value for name, value in record.items() if name in names}


def reasons_against(child: Record, admission: Record, contacts: int) -> list[str]:
    """Return why a notice for this child needs a recorded reason (translated); [] when
    the child's family is unknown and nothing speaks against publishing."""
    found: list[str] = []
    name = str(child.get("name") or "")
    id_number = str(child.get("id_number") or "")
    if name.strip() or id_number.strip():
        found.append(_(NAME_KNOWN))
    if contacts:
        found.append(_(FAMILY_KNOWN))
    if child.get("category") == "harmed" or admission.get("harm_found"):
        found.append(_(HARMED))
    return found


def posting_period(issued: dt.date) -> tuple[dt.date, dt.date]:
    """The first and last day a notice issued on ``issued`` is posted."""
    return issued, issued + dt.timedelta(days=POSTING_DAYS - 1)


def unknown_everything(data: CaseData) -> bool:
    """Whether a notice would say nothing that helps a family recognise the child."""
    child = data.child
    telling = ("name", "alias", "birth_date", "height_cm", "appearance", "clothing", "dialect")
    return data.photo is None and not any(child.get(name) for name in telling)
