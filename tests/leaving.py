"""Discharging in tests: what the rules ask for each way of leaving, filled in plainly.

``leave`` gives a child the verified adult when someone takes the child, the signed
statement when the child leaves alone, the police report and a note where needed,
and hands every held belonging back to the adult, so tests about other things can
end a stay in one line; tests of the rules themselves call the service directly.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import select

from desktop.core.residence import discharge as leaving
from desktop.core.store.db import Database
from desktop.core.store.models import Admission, Belonging, Staff

#: A valid resident ID number of an adult (the standard's own example).
ADULT_ID = "11010519491231002X"
GUARDIAN = leaving.CollectingAdult("张大山", ADULT_ID, "父亲", checked_by="王主任")


def held_items(db: Database, admission_id: int) -> list[int]:
    """The ids of the belongings the center still holds for a stay."""
    with db.session() as session:
        query = select(Belonging.id).where(
            Belonging.admission_id == admission_id,
            Belonging.voided_at.is_(None),
            Belonging.disposition == "held",
            Belonging.returned_at.is_(None),
        )
        return list(session.scalars(query))


def leave(
    db: Database,
    actor: Staff,
    admission_id: int,
    discharged_at: dt.datetime | None,
    mode: str = "collected",
    **values: Any,
) -> Admission:
    """Discharge with everything the rules of ``mode`` ask (see the module)."""
    if mode in leaving.TAKEN_BY_SOMEONE:
        values.setdefault("adult", GUARDIAN)
    if mode in leaving.NOTE_NEEDED:
        values.setdefault("note", "经核实，情况属实。")
    if mode == "placed":
        values.setdefault("destination", "市儿童福利院")
    if mode == "left":
        values.setdefault("police_report", "已报城关派出所，接警回执 JJ-001")
    if mode == "self_return":
        values.setdefault("statement_signed", True)
    adult = values.get("adult")
    taker = adult.name if adult is not None else "本人"
    values.setdefault(
        "belongings",
        tuple(
            leaving.BelongingEnd(item, returned_to=taker) for item in held_items(db, admission_id)
        ),
    )
    data = leaving.DischargeInput(discharged_at, mode, **values)
    return leaving.discharge(db, actor, admission_id, data)
