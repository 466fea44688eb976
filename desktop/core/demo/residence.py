"""The demo's rooms, beds and placements: a center in full use.

Rooms of six beds (for boys, for girls, a few mixed) sized to the children in
the center now, so some rooms are full; each stay gets a bed that is free for the
whole of it (never two children in one bed at a time) or, now and then, a place
outside (foster family, welfare institution, hospital ...); some longer stays
move once, to another bed or outside. No Qt; plain rows for the bulk writer.
"""

from __future__ import annotations

import datetime as dt
import math
import random
from bisect import bisect_left, insort
from collections.abc import Callable
from typing import Any

from desktop.core.residence import rooms
from desktop.core.store.db import Database
from desktop.core.store.models import Staff

#: Beds of the rooms in turn (small rooms fill up first), and the beds of the whole
#: center for the children in it now.
ROOM_SIZES = (2, 4, 6, 2, 6, 8)
SHARE_OF_BEDS = 0.85
FEWEST_BEDS = 8
MOST_BEDS = 360
#: A stay that cannot have a bed goes outside this often (else it has no placement).
SHARE_OUTSIDE = 0.12
SHARE_MOVED = 0.12
#: Ends a stay without an end has, for the interval checks.
FOREVER = dt.datetime.max.replace(tzinfo=dt.UTC)

OUTSIDE: tuple[tuple[str, str, str], ...] = (
    ("foster", "家庭寄养（示例市城北区周家）", "示例市城北区和平路 18 号"),
    ("welfare", "示例市儿童福利院", "示例市东环路 2 号"),
    ("school", "示例市专门学校", "示例市西郊学府路 9 号"),
    ("kin", "亲属家（舅舅）", "示例市南城区建设巷 4 号"),
    ("hospital", "示例市儿童医院", "示例市中山路 100 号"),
)


def add_rooms(db: Database, admin: Staff, in_center: int) -> list[tuple[int, str]]:
    """Create the rooms through the real service; return (bed id, room rule) of each bed."""
    wanted = min(MOST_BEDS, max(FEWEST_BEDS, math.ceil(in_center * SHARE_OF_BEDS)))
    made = number = 0
    while made < wanted:
        floor = 1 + number // 10
        rule = "mixed" if number % 5 == 4 else ("boys", "girls")[number % 2]
        name = f"{floor}{number % 10 + 1:02d}"
        size = ROOM_SIZES[number % len(ROOM_SIZES)]
        rooms.save_room(db, admin, rooms.RoomInput(name, str(floor), rule, size))
        made, number = made + size, number + 1
    return [
        (bed.id, room.sex_rule)
        for room in rooms.list_rooms(db, admin)
        for bed in room.beds
        if bed.in_use
    ]


class Beds:
    """When each bed is taken, to find one free for a whole stay."""

    def __init__(self, beds: list[tuple[int, str]]) -> None:
        self.fitting = {
            sex: [
                bed for bed, rule in beds if rule in ("mixed", "boys" if sex == "male" else "girls")
            ]
            for sex in ("male", "female")
        }
        self.taken: dict[int, list[tuple[dt.datetime, dt.datetime]]] = {bed: [] for bed, _r in beds}
        self.outside_now = False

    def _free(self, bed: int, start: dt.datetime, end: dt.datetime) -> bool:
        spans = self.taken[bed]
        at = bisect_left(spans, (start, start))
        if at > 0 and spans[at - 1][1] > start:
            return False
        return not (at < len(spans) and spans[at][0] < end)

    def take(
        self, rng: random.Random, sex: str, start: dt.datetime, end: dt.datetime | None,
        other_than: int | None = None,
    ) -> int | None:  # fmt: skip
        """A bed fitting ``sex`` free from ``start`` to ``end``, now marked taken (or None)."""
        until = end or FOREVER
        choices = self.fitting.get(sex) or []
        if end is None:  # children here now fill the rooms in turn: the first ones are full
            for bed in choices:
                if bed != other_than and self._free(bed, start, until):
                    insort(self.taken[bed], (start, until))
                    return bed
            return None
        for _try in range(10):
            if not choices:
                return None
            bed = rng.choice(choices)
            if bed != other_than and self._free(bed, start, until):
                insort(self.taken[bed], (start, until))
                return bed
        return None


def placements(
    rng: random.Random,
    beds: Beds,
    new_id: Callable[[], int],
    admission: dict[str, Any],
    sex: str,
    phone: Callable[[], str],
) -> list[dict[str, Any]]:
    """The placement rows of one stay (values only; the caller completes the rows)."""
    start, end = admission["arrived_at"] + dt.timedelta(minutes=40), admission["discharged_at"]
    if end is not None and end <= start:
        return []
    moved_at = None
    if rng.random() < SHARE_MOVED and (end is None or end - start > dt.timedelta(days=4)):
        moved_at = start + ((end or start + dt.timedelta(days=8)) - start) * rng.uniform(0.3, 0.7)
    rows: list[dict[str, Any]] = []
    first = _one(rng, beds, new_id, admission, sex, phone, start, moved_at or end, None)
    if first is None:
        return rows
    rows.append(first)
    if moved_at is not None:
        # no second place free: the child stays on without one (the board lists such children)
        second = _one(rng, beds, new_id, admission, sex, phone, moved_at, end, first["bed_id"])
        if second is not None:
            rows.append(second)
    return rows


def _one(
    rng: random.Random, beds: Beds, new_id: Callable[[], int], admission: dict[str, Any],
    sex: str, phone: Callable[[], str], start: dt.datetime, end: dt.datetime | None,
    other_than: int | None,
) -> dict[str, Any] | None:  # fmt: skip
    values: dict[str, Any] = {
        "child_id": admission["child_id"],
        "admission_id": admission["id"],
        "started_at": start,
        "ended_at": end,
        "created_at": start,
        "void_reason": "",
        "notes": "",
        "sex_override_reason": "",
        "place": "",
        "address": "",
        "contact_person": "",
        "phone": "",
        "bed_id": None,
        "kind": "bed",
    }
    # the first child here now is placed outside, so the board always shows one
    outside = rng.random() < SHARE_OUTSIDE or (end is None and not beds.outside_now)
    bed = None if outside else beds.take(rng, sex, start, end, other_than)
    if end is None and bed is None:
        beds.outside_now = True
    if bed is not None:
        values["bed_id"] = bed
    elif rng.random() < 0.6 or (end is None and outside):
        kind, place, address = rng.choice(OUTSIDE)
        contact = rng.choice(("周阿姨", "王老师", "李医生", "赵院长", "舅舅"))
        values.update(kind=kind, place=place, address=address, contact_person=contact,
                      phone=phone())  # fmt: skip
    else:
        return None
    values["id"] = new_id()
    return values
