"""Finding a returning child (the four reasons) and merging two records of one child."""

from __future__ import annotations

import datetime as dt
import io
import json
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from dbtools import audit_rows, count, dump
from intaketools import (
    ARRIVED,
    arrival,
    known_child,
    make_id,
    open_copy,
    staffed_template,
    tolerate_unfinished,
)
from PIL import Image

from desktop.core.audit.check import check_database
from desktop.core.children import intake
from desktop.core.children.intake import ChildInput, ContactInput, NoteInput
from desktop.core.errors import ValidationError
from desktop.core.store.db import Database
from desktop.core.store.models import Child, Staff
from tests.leaving import leave

Env = tuple[Database, dict[str, Staff]]
BOY_ID = make_id(dt.date(2015, 3, 4))
ON = dt.date(2025, 6, 1)
LATER = ARRIVED + dt.timedelta(days=30)
SAME_ID = "Same ID number"
SAME_NAME = "Same name and date of birth"
PINYIN = "Similar name in pinyin, same sex, age within two years"
LOOKS = "Similar description, same sex, height within 10 cm"


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The staffed database, built once."""
    return staffed_template(tmp_path_factory)


@pytest.fixture
def env(template: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Env]:
    """A private copy of the staffed database, open."""
    tolerate_unfinished(monkeypatch)
    with open_copy(template, tmp_path) as opened:
        yield opened


def register(env: Env, data: ChildInput, when: dt.datetime = ARRIVED) -> Child:
    """Register ``data`` as the admin, arriving ``when``."""
    db, people = env
    return intake.register_child(db, people["admin"], data, arrival(arrived_at=when))


XIAOMING = known_child(
    height_cm=130,
    appearance="圆脸，左眉有疤，右手背有胎记",
    clothing="蓝色外套，黑色裤子，白色运动鞋",
)
UNRELATED = ChildInput(
    name="李娜",
    sex="female",
    birth_date=dt.date(2010, 9, 1),
    height_cm=150,
    appearance="长发，戴眼镜",
    clothing="红色连衣裙",
)


@pytest.fixture
def children(env: Env) -> dict[str, Child]:
    """张小明 (with ID and description) and an unrelated girl, registered."""
    xiaoming = register(env, replace(XIAOMING, id_number=BOY_ID))
    return {"xiaoming": xiaoming, "unrelated": register(env, UNRELATED)}


def found(env: Env, data: ChildInput) -> dict[str, list[str]]:
    """Return the candidates' case numbers with their reasons."""
    db, people = env
    return {
        c.child.case_no: c.reasons for c in intake.find_candidates(db, people["viewer"], data, ON)
    }


def test_same_id_number(env: Env, children: dict[str, Child]) -> None:
    """The same ID number, typed differently, finds the child."""
    number = " " + BOY_ID[:6] + " " + BOY_ID[6:].lower()
    assert found(env, ChildInput(id_number=number)) == {children["xiaoming"].case_no: [SAME_ID]}


def test_same_name_and_birth_date(env: Env, children: dict[str, Child]) -> None:
    """The same name and birth date find the child whatever the sex typed."""
    probe = ChildInput(name="张小明", sex="female", birth_date=dt.date(2015, 3, 4))
    assert found(env, probe) == {children["xiaoming"].case_no: [SAME_NAME]}


@pytest.mark.parametrize(
    ("name", "age"),
    [("章小明", 11), ("张晓明", 9), ("张小名", 10), ("周肖敏", 12), ("张明", 10)],
)
def test_similar_pinyin(env: Env, children: dict[str, Child], name: str, age: int) -> None:
    """A name alike in pinyin (or with the same initials), same sex, age within two years."""
    probe = ChildInput(name=name, sex="male", estimated_age=age)
    assert found(env, probe) == {children["xiaoming"].case_no: [PINYIN]}


@pytest.mark.parametrize(
    ("name", "sex", "age"),
    [
        ("章小明", "female", 10),
        ("章小明", "male", 14),
        ("王大力", "male", 10),
        ("章小明", "male", None),
    ],
)
def test_similar_pinyin_needs_sex_and_age(
    env: Env, children: dict[str, Child], name: str, sex: str, age: int | None
) -> None:
    """Another sex, an age more than two years off, another name, or no age: no candidate."""
    assert found(env, ChildInput(name=name, sex=sex, estimated_age=age)) == {}


def test_similar_description(env: Env, children: dict[str, Child]) -> None:
    """An unknown boy of about the same height described alike is a candidate."""
    probe = ChildInput(
        sex="male",
        height_cm=138,
        appearance="圆脸，左眉有疤痕，右手有胎记",
        clothing="蓝色外套，黑裤子，白运动鞋",
    )
    assert found(env, probe) == {children["xiaoming"].case_no: [LOOKS]}
    changes: list[dict[str, Any]] = [
        {"height_cm": 141},
        {"sex": "female"},
        {"appearance": "瘦高，短发", "clothing": "绿色背心"},
    ]
    for change in changes:
        assert found(env, replace(probe, **change)) == {}, change


def test_several_reasons_rank_first(env: Env, children: dict[str, Child]) -> None:
    """A child matching on more reasons comes first, with every reason listed."""
    other = register(env, known_child(name="张晓明", birth_date=dt.date(2014, 1, 1)))
    probe = replace(XIAOMING, id_number=BOY_ID, height_cm=131)
    db, people = env
    result = intake.find_candidates(db, people["intake"], probe, ON)
    assert [c.child.id for c in result] == [children["xiaoming"].id, other.id]
    assert result[0].reasons == [SAME_ID, SAME_NAME, PINYIN, LOOKS]
    assert result[1].reasons == [PINYIN]


def test_unrelated_and_voided_are_not_candidates(env: Env, children: dict[str, Child]) -> None:
    """The unrelated child is never proposed; a voided record is not either."""
    db, people = env
    probe = known_child(id_number=BOY_ID)
    assert children["unrelated"].case_no not in found(env, probe)
    assert found(env, ChildInput(name="刘洋", sex="male", estimated_age=3)) == {}
    stay = intake.get_child(db, people["admin"], children["xiaoming"].id).open_admission
    assert stay is not None
    intake.void(db, people["admin"], "admission", stay.id, "重复")
    intake.void(db, people["admin"], "child", children["xiaoming"].id, "重复")
    assert found(env, probe) == {}


def test_candidates_read_leniently(env: Env, children: dict[str, Child]) -> None:
    """Half-typed or out-of-range input finds what it can and never raises."""
    for probe in (
        ChildInput(id_number="1101"),
        ChildInput(name="张小明", birth_date=dt.date(1, 1, 1)),
        ChildInput(name="张小明", sex="male", estimated_age=400, height_cm=10**30),
        ChildInput(name="\x00" * 3, appearance="𠮷" * 10_000, height_cm=130, sex="male"),
    ):
        found(env, probe)


# --- merging -----------------------------------------------------------------------------


def _jpeg() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (30, 30), "blue").save(out, "JPEG")
    return out.getvalue()


def test_merge_keeps_all_history(env: Env) -> None:
    """Stays, contacts, notes and photos move to the kept record, each move audited."""
    db, people = env
    admin = people["admin"]
    keep = register(env, known_child())
    first_stay = intake.get_child(db, admin, keep.id).open_admission
    assert first_stay is not None
    leave(db, admin, first_stay.id, ARRIVED + dt.timedelta(days=2), "collected")
    intake.add_contact(db, admin, keep.id, ContactInput(name="张大山"))
    gone = register(
        env, ChildInput(name="张晓明", id_number=BOY_ID, alias="明明", height_cm=131), LATER
    )
    moved = {
        "contact": intake.add_contact(db, admin, gone.id, ContactInput(name="李秀英")).id,
        "note": intake.add_note(db, admin, gone.id, NoteInput(text="自称小明")).id,
        "photo": intake.add_photo(db, admin, gone.id, _jpeg()).id,
    }
    gone_history = {(e.entity, e.record_id) for e in intake.history(db, admin, gone.id)}
    tasks_before = count(db.path, "task")

    kept = intake.merge_children(db, admin, keep.id, gone.id, "同一儿童，二次登记")
    assert (kept.id_number, kept.alias, kept.height_cm) == (BOY_ID, "明明", 131)
    assert kept.name == "张小明"
    record = intake.get_child(db, admin, keep.id)
    assert len(record.admissions) == 2
    assert record.open_admission is not None
    assert record.open_admission.arrived_at == LATER
    assert sorted(c.name for c in record.contacts) == ["张大山", "李秀英"]
    assert [n.id for n in record.notes] == [moved["note"]]
    assert [p.id for p in record.photos] == [moved["photo"]]
    assert count(db.path, "task") == tasks_before

    merged = intake.get_child(db, admin, gone.id).child
    assert merged.merged_into_id == keep.id
    assert merged.voided_at is not None
    assert merged.void_reason == "同一儿童，二次登记"
    assert merged.id_number is None
    assert merged.case_no == "2025-0002"

    rows = audit_rows(db.path)
    merges = [(row[3], row[4]) for row in rows if row[2] == "merge"]
    for entity, record_id in moved.items():
        assert (entity, str(record_id)) in merges
    assert ("admission", str(record.open_admission.id)) in merges
    assert ("child", str(gone.id)) in merges
    assert ("child", str(keep.id)) in merges
    after_gone = json.loads(next(r[5] for r in rows if r[2:5] == ("merge", "child", str(gone.id))))
    assert after_gone["merged_into_id"] == [None, keep.id]

    trail = {(e.entity, e.record_id) for e in intake.history(db, admin, keep.id)}
    assert gone_history <= trail
    assert ("child", str(gone.id)) in trail
    db.close()
    assert check_database(db.path) == []


def test_merged_record_is_closed(env: Env) -> None:
    """Work on a merged record is refused, naming the case it went into; not merged twice."""
    db, people = env
    admin = people["admin"]
    keep = register(env, known_child())
    gone = register(env, ChildInput())
    stay = intake.get_child(db, admin, gone.id).open_admission
    assert stay is not None
    leave(db, admin, stay.id, LATER, "collected")
    intake.merge_children(db, admin, keep.id, gone.id, "同一人")
    before = dump(db.path)
    with pytest.raises(ValidationError, match=f"merged into case {keep.case_no}"):
        intake.add_note(db, admin, gone.id, NoteInput(text="x"))
    with pytest.raises(ValidationError, match="merged into"):
        intake.merge_children(db, admin, keep.id, gone.id, "again")
    with pytest.raises(ValidationError, match="merged into"):
        intake.merge_children(db, admin, gone.id, keep.id, "backwards")
    assert dump(db.path) == before
    assert found(env, ChildInput(sex="unknown")) == {}


@pytest.mark.parametrize(
    ("case", "field"),
    [("both open", "merge_id"), ("same record", "merge_id"), ("no reason", "void_reason")],
)
def test_merge_refusals(env: Env, case: str, field: str) -> None:
    """Both in the center, a record with itself, or no reason: refused, nothing written."""
    db, people = env
    keep = register(env, known_child())
    gone = register(env, ChildInput())
    args: dict[str, Any] = {"keep_id": keep.id, "merge_id": gone.id, "reason": "同一人"}
    if case == "same record":
        args["merge_id"] = keep.id
    if case == "no reason":
        args["reason"] = "\t"
    before = dump(db.path)
    with pytest.raises(ValidationError) as caught:
        intake.merge_children(db, people["admin"], **args)
    assert caught.value.field == field
    assert dump(db.path) == before
