"""The dashboard's figures on a small hand-made database: the children in the center by
sex, age group and category, and the arrivals of today and of this week."""

from __future__ import annotations

import datetime as dt

from desktop.core.children import intake
from desktop.core.reports.today import center_now
from tests.leaving import leave


def _local(month: int, day: int, hour: int = 12) -> dt.datetime:
    return dt.datetime(2026, month, day, hour).astimezone().astimezone(dt.UTC)


def _child(db, admin, arrived, left=None, **profile):  # type: ignore[no-untyped-def]
    child = intake.register_child(
        db, admin, intake.ChildInput(**profile), intake.AdmissionInput(arrived_at=arrived)
    )
    if left is not None:
        stay = intake.get_child(db, admin, child.id).open_admission
        leave(db, admin, stay.id, left, "collected")
    return child.id


def test_the_figures_of_a_wednesday(db_and_admin) -> None:  # type: ignore[no-untyped-def]
    db, admin = db_and_admin
    _child(db, admin, _local(3, 11, 8), sex="male", birth_date=dt.date(2015, 1, 1),
           category="lost")  # fmt: skip
    _child(db, admin, _local(3, 9, 0), sex="female", birth_date=dt.date(2010, 6, 1),
           category="street")  # fmt: skip  # Monday, at midnight: this week
    _child(db, admin, _local(3, 1), sex="unknown", category="lost")
    _child(db, admin, _local(3, 8, 23), _local(3, 10), sex="male", category="orphan")  # Sunday
    gone = _child(db, admin, _local(3, 10), _local(3, 10, 14), sex="male", category="harmed")
    intake.void(db, admin, "child", gone, "重复")
    now = center_now(db, admin, now=_local(3, 11, 12))
    assert now.in_center == 3
    assert [(c.key, c.count) for c in now.by_sex] == [("male", 1), ("female", 1), ("unknown", 1)]
    assert [(c.label, c.count) for c in now.by_age] == [
        ("6 to 11", 1), ("14 to 15", 1), ("Age unknown", 1)
    ]  # fmt: skip
    assert [(c.key, c.count) for c in now.by_category] == [("street", 1), ("lost", 2)]
    assert now.today == dt.date(2026, 3, 11) and now.week_start == dt.date(2026, 3, 9)
    assert now.arrived_today == 1
    assert now.arrived_this_week == 2  # not Sunday's, not the voided child's


def test_an_empty_center(db_and_admin) -> None:  # type: ignore[no-untyped-def]
    db, admin = db_and_admin
    now = center_now(db, admin)
    assert (now.in_center, now.by_sex, now.arrived_today, now.arrived_this_week) == (0, [], 0, 0)
