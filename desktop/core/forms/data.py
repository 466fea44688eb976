"""What a form is filled from: plain data, no database, no ORM.

Records are mappings of the stored values by field name, exactly as the field
definitions in ``desktop.core.fields`` name them (``"sex": "male"``,
``"arrived_at": datetime``), so a builder shows each through its definition.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

Record = Mapping[str, object]


@dataclass(frozen=True)
class CenterInfo:
    """The center's profile as the header and the notice's contact block print it."""

    name: str
    address: str = ""
    phone: str = ""
    form_header: str = ""
    logo: bytes | None = None


@dataclass(frozen=True)
class Belonging:
    """One deposited item (``fields.BELONGING`` values) and who handed it back."""

    values: Record
    returned_by: str = ""


@dataclass(frozen=True)
class CaseData:
    """One child's case: the child, the admission the form is about, contacts and photo."""

    center: CenterInfo
    case_no: str
    child: Record
    admission: Record = field(default_factory=dict)
    receiving_staff: str = ""
    contacts: Sequence[Record] = ()
    belongings: Sequence[Belonging] = ()
    photo: bytes | None = None
    printed_on: dt.date = field(default_factory=dt.date.today)
    #: The stay's database id (None for a blank form or a made-up case).
    admission_id: int | None = None
    #: Which stay of the child this admission is (1 for the first), when known.
    stay_number: int | None = None
    #: The admission's tasks by kind (``fields.TASK_KIND``): ``due_at``, ``done_at``,
    #: ``reference``; a kind the child needs no task for is missing.
    tasks: Mapping[str, Record] = field(default_factory=dict)
    #: The stay's services and notes (``fields.NOTE`` values and ``staff``), oldest first.
    notes: Sequence[Record] = ()
    #: The stay's placements (``kind``, ``where``, ``started_at``, ``ended_at``), oldest first.
    placements: Sequence[Record] = ()
    #: The return-home plan the form is about (``fields.RETURN_PLAN`` values, and
    #: ``handled_by``: the staff member who recorded the handover); empty when none.
    plan: Record = field(default_factory=dict)
    #: The plan's follow-up visits (``fields.FOLLOW_UP_VISIT`` values, ``months``,
    #: ``due_on`` and ``visitor``; after a visit at risk, ``referrals``: ``referred_to``
    #: and ``note`` of each, and ``readmitted_at``: when the child was admitted again),
    #: by due date.
    visits: Sequence[Record] = ()
    #: The follow-up visit a 回访记录表 is about (one of ``visits``); empty when none.
    visit: Record = field(default_factory=dict)

    @property
    def blank(self) -> bool:
        """Whether this is a blank form, printed empty for handwriting (no case)."""
        return not self.case_no


@dataclass(frozen=True)
class PlanChoice:
    """Which plan and visit a form is of; ``None`` leaves the choice to the defaults."""

    plan_id: int | None = None
    visit_id: int | None = None
    #: The visit due this many months after the handover (the command line's ``--months``).
    months: int | None = None


def blank_case(center: CenterInfo, printed_on: dt.date | None = None) -> CaseData:
    """Return the data of a blank form: the center's header, every field empty."""
    return CaseData(center=center, case_no="", child={}, printed_on=printed_on or dt.date.today())
