"""Intake services on real SQLite files: registering, stays, belongings, contacts, notes,
photos, voiding; every write audited, nothing half-saved."""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from dbtools import audit_rows, count, dump, raw
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
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import DetachedInstanceError
from stdnum.cn import ric

from desktop.core.audit.check import check_database
from desktop.core.children import intake, search
from desktop.core.children.intake import BelongingInput, ChildInput, ContactInput, NoteInput
from desktop.core.errors import NotFound, ValidationError
from desktop.core.store.db import Database
from desktop.core.store.models import Child, Staff
from tests.leaving import leave

Env = tuple[Database, dict[str, Staff]]
BOY_ID = make_id(dt.date(2015, 3, 4))
LATER = ARRIVED + dt.timedelta(days=20)
IMPOSSIBLE_ID = "11010520151399011" + ric.calc_check_digit("110105201513990110")


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


def entries(db: Database, entity: str) -> list[tuple[str, str, str, dict[str, Any]]]:
    """Return (actor, action, record_id, new values of the changed fields) of the trail's
    entries about ``entity`` (a creation keeps only the fields naming the record)."""
    return [
        (
            actor,
            action,
            record_id,
            {k: pair[1] for k, pair in json.loads(changes).items()} if changes else {},
        )
        for _id, actor, action, kind, record_id, changes in audit_rows(db.path)
        if kind == entity
    ]


def assert_sound(db: Database) -> None:
    """Every row matches its last audit entry and the chain is intact."""
    db.close()
    assert check_database(db.path) == []


def register(env: Env, **child: Any) -> Child:
    """Register a child (default: 张小明, police, arrived ARRIVED) as the intake clerk."""
    db, people = env
    return intake.register_child(db, people["intake"], known_child(**child), arrival())


# --- registering ---------------------------------------------------------------------------


def indexed(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Record the ids of the children handed to ``search.index_child`` from now on."""
    seen: list[int] = []
    real = search.index_child

    def spy(session: Session, child: Child) -> None:
        real(session, child)
        seen.append(child.id)

    monkeypatch.setattr(search, "index_child", spy)
    return seen


def test_register_known_child(env: Env, monkeypatch: pytest.MonkeyPatch) -> None:
    """The child, its stay and belongings are stored and audited; the ID fills the rest."""
    db, people = env
    seen = indexed(monkeypatch)
    items = [
        BelongingInput(item="手机", description="黑色"),
        BelongingInput(item="现金", cash_fen=1250),
    ]
    child = intake.register_child(
        db,
        people["intake"],
        ChildInput(name=" 张小明 ", id_number=BOY_ID, category="lost"),
        arrival(referrer_name="李警官", referrer_phone="010-6512 3456", police_case_no="J2025-1"),
        items,
    )
    assert child.case_no == "2025-0001"
    assert (child.name, child.sex, child.birth_date) == ("张小明", "male", dt.date(2015, 3, 4))
    assert child.birth_place == "北京市 朝阳区"
    assert child.id_number == BOY_ID
    assert seen == [child.id]
    record = intake.get_child(db, people["viewer"], child.id)
    stay = record.open_admission
    assert stay is not None
    assert stay.arrived_at == ARRIVED
    assert (stay.referrer_phone, stay.receiving_staff_id) == ("010-6512 3456", people["intake"].id)
    assert [(b.item, b.cash_fen) for b in record.belongings[stay.id]] == [
        ("手机", 0),
        ("现金", 1250),
    ]
    assert [e[:3] for e in entries(db, "child")] == [("intake", "create", str(child.id))]
    assert [e[:2] for e in entries(db, "admission")] == [("intake", "create")]
    assert [e[:2] for e in entries(db, "belonging")] == [("intake", "create")] * 2
    assert entries(db, "child")[0][3] == {"case_no": record.child.case_no}
    assert_sound(db)


def test_register_unknown_child(env: Env) -> None:
    """No name and no ID is allowed: placeholder name, estimated birth date, description."""
    db, people = env
    child = intake.register_child(
        db,
        people["intake"],
        ChildInput(
            estimated_age=9, height_cm=128, appearance="圆脸，左眉有疤", clothing="蓝色外套"
        ),
        arrival(),
    )
    assert (child.name, child.id_number) == ("", None)
    assert child.birth_date == dt.date(2016, 6, 1)
    assert child.birth_date_estimated
    assert intake.display_name(child) == "Unknown child"
    child.alias = "小石头"
    assert intake.display_name(child) == "“小石头”"
    assert_sound(db)


def test_two_unknown_children_share_no_id(env: Env) -> None:
    """Children without an ID number store NULL, so any number of them can be registered."""
    db, people = env
    for _ in range(3):
        intake.register_child(db, people["intake"], ChildInput(), arrival())
    with raw(db.path) as connection:
        assert (
            connection.execute("SELECT count(*) FROM child WHERE id_number IS NULL").fetchone()[0]
            == 3
        )


def test_case_numbers_per_year_never_reused(env: Env) -> None:
    """Numbers count per arrival year; a voided child's number is not given out again."""
    db, people = env
    clerk, admin = people["intake"], people["admin"]
    first = intake.register_child(db, clerk, ChildInput(), arrival())
    second = intake.register_child(db, clerk, ChildInput(), arrival())
    older = intake.register_child(
        db, clerk, ChildInput(), arrival(arrived_at=dt.datetime(2024, 3, 1, 12, tzinfo=dt.UTC))
    )
    assert [first.case_no, second.case_no, older.case_no] == ["2025-0001", "2025-0002", "2024-0001"]
    stay = intake.get_child(db, admin, second.id).open_admission
    assert stay is not None
    intake.void(db, admin, "admission", stay.id, "登记错误")
    intake.void(db, admin, "child", second.id, "登记错误")
    third = intake.register_child(db, clerk, ChildInput(), arrival())
    assert third.case_no == "2025-0003"
    assert_sound(db)


BAD_REGISTRATIONS: list[tuple[str, dict[str, Any], dict[str, Any], str]] = [
    ("bad checksum", {"id_number": BOY_ID[:-1] + "0"}, {}, "id_number"),
    ("letters in ID", {"id_number": "11010520150304A011"}, {}, "id_number"),
    ("impossible ID date", {"id_number": IMPOSSIBLE_ID}, {}, "id_number"),
    ("birth in future", {"birth_date": dt.date.today() + dt.timedelta(days=1)}, {}, "birth_date"),
    ("birth after arrival", {"birth_date": dt.date(2025, 6, 2)}, {}, "birth_date"),
    ("name of spaces with ID", {"name": "   ", "id_number": BOY_ID}, {}, "name"),
    ("long name", {"name": "张" * 51}, {}, "name"),
    ("10,000 characters", {"appearance": "𠮷" * 10_000}, {}, "appearance"),
    ("age 19", {"estimated_age": 19}, {}, "estimated_age"),
    ("height 300", {"height_cm": 300}, {}, "height_cm"),
    ("sex", {"sex": "?"}, {}, "sex"),
    (
        "arrival in future",
        {},
        {"arrived_at": dt.datetime.now(dt.UTC) + dt.timedelta(hours=1)},
        "arrived_at",
    ),
    ("naive arrival", {}, {"arrived_at": dt.datetime(2025, 6, 1, 14, 0)}, "arrived_at"),
    ("phone of words", {}, {"referrer_phone": "ask the officer"}, "referrer_phone"),
    ("short phone", {}, {"referrer_phone": "110"}, "referrer_phone"),
    ("unknown receiver", {}, {"receiving_staff_id": 999}, "receiving_staff_id"),
    ("huge receiver number", {}, {"receiving_staff_id": 10**30}, "receiving_staff_id"),
    ("arrival mode", {}, {"arrival_mode": "taxi"}, "arrival_mode"),
]


@pytest.mark.parametrize(
    ("child", "stay", "field"),
    [case[1:] for case in BAD_REGISTRATIONS],
    ids=[case[0] for case in BAD_REGISTRATIONS],
)
def test_bad_registration_saves_nothing(
    env: Env, child: dict[str, Any], stay: dict[str, Any], field: str
) -> None:
    """Each bad value names its field; no row, no counter, no audit entry is written."""
    db, people = env
    before = dump(db.path)
    with pytest.raises(ValidationError) as caught:
        intake.register_child(db, people["intake"], known_child(**child), arrival(**stay))
    assert caught.value.field == field
    assert caught.value.message
    assert dump(db.path) == before


@pytest.mark.parametrize(
    ("item", "field"),
    [
        (BelongingInput(item=""), "item"),
        (BelongingInput(item="手机", quantity=0), "quantity"),
        (BelongingInput(item="现金", cash_fen=-5), "cash_fen"),
    ],
)
def test_bad_belonging_saves_nothing(env: Env, item: BelongingInput, field: str) -> None:
    """A bad belonging (the second of two) stops the whole registration; its row is named."""
    db, people = env
    before = dump(db.path)
    with pytest.raises(ValidationError) as caught:
        intake.register_child(
            db, people["intake"], known_child(), arrival(), [BelongingInput(item="书包"), item]
        )
    assert caught.value.field == field
    assert caught.value.message.startswith("Belonging 2: ")
    assert dump(db.path) == before


def test_duplicate_id_number_names_the_other_case(env: Env) -> None:
    """A second child with the same ID is refused, naming the first one's case number."""
    db, _people = env
    first = register(env, id_number=BOY_ID)
    before = dump(db.path)
    with pytest.raises(ValidationError) as caught:
        register(env, name="张小明", id_number=BOY_ID.replace("X", "x"))
    assert caught.value.field == "id_number"
    assert first.case_no in caught.value.message
    assert dump(db.path) == before


def test_emoji_rare_characters_and_controls(env: Env) -> None:
    """Emoji and characters outside the BMP are stored and read back exactly; controls go."""
    db, people = env
    name = "𠮷😀小明"
    appearance = "👨‍👩‍👧 左臂纹身\n第二行 𪚥"
    child = register(
        env, name=name + "\x00\x1b", appearance=appearance + "\x07", alias="\u202e阿明"
    )
    stored = intake.get_child(db, people["viewer"], child.id).child
    assert (stored.name, stored.appearance, stored.alias) == (name, appearance, "阿明")
    with raw(db.path) as connection:
        assert connection.execute("SELECT name FROM child").fetchone()[0] == name


# --- stays ---------------------------------------------------------------------------------


def test_one_open_admission(env: Env) -> None:
    """A child still in the center cannot be admitted again; after discharge it can."""
    db, people = env
    clerk = people["intake"]
    child = register(env)
    before = dump(db.path)
    with pytest.raises(ValidationError) as caught:
        intake.admit_again(db, clerk, child.id, arrival(arrived_at=LATER))
    assert caught.value.field == "arrived_at"
    assert "2025-0001 is still in the center" in caught.value.message
    assert dump(db.path) == before

    record = intake.get_child(db, clerk, child.id)
    assert record.open_admission is not None
    leave(db, clerk, record.open_admission.id, ARRIVED + dt.timedelta(days=3), "collected")
    stay = intake.admit_again(
        db, clerk, child.id, arrival(arrived_at=LATER), [BelongingInput(item="雨伞")]
    )
    record = intake.get_child(db, clerk, child.id)
    assert record.open_admission is not None
    assert record.open_admission.id == stay.id
    assert [a.arrived_at for a in record.admissions] == [LATER, ARRIVED]
    assert [b.item for b in record.belongings[stay.id]] == ["雨伞"]
    assert_sound(db)


def test_admit_again_not_before_last_discharge(env: Env) -> None:
    """A new stay cannot start before the previous one ended, nor before birth."""
    db, people = env
    clerk = people["intake"]
    child = register(env)
    first = intake.get_child(db, clerk, child.id).open_admission
    assert first is not None
    leave(db, clerk, first.id, LATER, "collected")
    before = dump(db.path)
    for moment in (LATER - dt.timedelta(hours=1), dt.datetime(2015, 1, 1, 12, tzinfo=dt.UTC)):
        with pytest.raises(ValidationError) as caught:
            intake.admit_again(db, clerk, child.id, arrival(arrived_at=moment))
        assert caught.value.field == "arrived_at"
    assert dump(db.path) == before


def test_discharge_rules(env: Env) -> None:
    """Not before arrival, a mode from the list, once; cross-province for returns home only."""
    db, people = env
    clerk = people["intake"]
    child = register(env)
    stay = intake.get_child(db, clerk, child.id).open_admission
    assert stay is not None
    before = dump(db.path)
    for kwargs, field in (
        ({"discharged_at": ARRIVED - dt.timedelta(minutes=1)}, "discharged_at"),
        ({"discharged_at": dt.datetime(2025, 7, 1, 12)}, "discharged_at"),
        ({"mode": "flew"}, "discharge_mode"),
        ({"mode": ""}, "discharge_mode"),
        ({"mode": "placed", "cross_province": True}, "cross_province"),
        ({"destination": "x" * 201}, "discharge_destination"),
    ):
        values: dict[str, Any] = {"discharged_at": LATER, "mode": "escorted_home"}
        values.update(kwargs)
        with pytest.raises(ValidationError) as caught:
            leave(db, clerk, stay.id, **values)
        assert caught.value.field == field, kwargs
    assert dump(db.path) == before

    done = leave(
        db,
        clerk,
        stay.id,
        LATER,
        "escorted_home",
        destination=" 江西省德安县 ",
        cross_province=True,
    )
    assert (done.discharged_at, done.discharge_destination, done.cross_province) == (
        LATER,
        "江西省德安县",
        True,
    )
    assert entries(db, "admission")[-1][:2] == ("intake", "discharge")
    with pytest.raises(ValidationError, match="already ended"):
        leave(db, clerk, stay.id, LATER, "collected")
    with pytest.raises(NotFound):
        leave(db, clerk, 4242, LATER, "collected")
    assert_sound(db)


# --- updating the profile ---------------------------------------------------------------------


def test_update_child(env: Env, monkeypatch: pytest.MonkeyPatch) -> None:
    """Changes are stored, re-indexed and audited with before and after."""
    db, people = env
    child = register(env)
    seen = indexed(monkeypatch)
    data = dataclasses.replace(known_child(), name="李小红", sex="female", height_cm=131)
    updated = intake.update_child(db, people["intake"], child.id, data)
    assert (updated.name, updated.sex, updated.height_cm) == ("李小红", "female", 131)
    assert seen == [child.id]
    actor, action, record_id, after = entries(db, "child")[-1]
    assert (actor, action, record_id, after["name"]) == (
        "intake",
        "update",
        str(child.id),
        "李小红",
    )
    assert_sound(db)


def test_update_without_change_writes_nothing(env: Env) -> None:
    """Saving the profile unchanged adds no audit entry."""
    db, people = env
    child = register(env)
    before = count(db.path, "audit_entry")
    intake.update_child(db, people["intake"], child.id, known_child())
    assert count(db.path, "audit_entry") == before


def test_update_child_rules(env: Env) -> None:
    """Birth date after the first arrival, or another child's ID number, is refused."""
    db, people = env
    other = register(env, id_number=BOY_ID)
    child = register(env, name="王芳", sex="female", birth_date=dt.date(2012, 1, 1))
    before = dump(db.path)
    with pytest.raises(ValidationError) as caught:
        intake.update_child(
            db, people["intake"], child.id, known_child(birth_date=dt.date(2025, 6, 2))
        )
    assert caught.value.field == "birth_date"
    with pytest.raises(ValidationError) as caught:
        intake.update_child(db, people["intake"], child.id, known_child(id_number=BOY_ID))
    assert caught.value.field == "id_number"
    assert other.case_no in caught.value.message
    assert dump(db.path) == before


# --- belongings, contacts, notes, photos ----------------------------------------------------


def test_belongings_added_and_returned(env: Env) -> None:
    """An item can be added to a stay and returned once, not before the arrival."""
    db, people = env
    clerk = people["intake"]
    child = register(env)
    stay = intake.get_child(db, clerk, child.id).open_admission
    assert stay is not None
    item = intake.add_belonging(db, clerk, stay.id, BelongingInput(item="身份证", valuable=True))
    before = dump(db.path)
    for moment, person, field in (
        (ARRIVED - dt.timedelta(days=1), "张大山", "returned_at"),
        (LATER, "  ", "returned_to"),
        (dt.datetime(2025, 7, 1), "张大山", "returned_at"),
    ):
        with pytest.raises(ValidationError) as caught:
            intake.return_belonging(db, clerk, item.id, moment, person)
        assert caught.value.field == field
    assert dump(db.path) == before
    returned = intake.return_belonging(db, clerk, item.id, LATER, " 张大山（父亲） ")
    assert (returned.returned_at, returned.returned_to) == (LATER, "张大山（父亲）")
    assert returned.returned_by_id == clerk.id
    assert [e[1] for e in entries(db, "belonging")] == ["create", "return"]
    with pytest.raises(ValidationError, match="already returned"):
        intake.return_belonging(db, clerk, item.id, LATER, "someone")
    assert_sound(db)


def test_contacts(env: Env) -> None:
    """Contacts are added and changed with their situation; bad phones and IDs refused."""
    db, people = env
    worker = people["caseworker"]
    child = register(env)
    father_id = make_id(dt.date(1985, 5, 5), region="360426")
    contact = intake.add_contact(
        db,
        worker,
        child.id,
        ContactInput(name="张大山", relationship="父亲", phone="13800138000", id_number=father_id),
    )
    changed = intake.update_contact(
        db,
        worker,
        contact.id,
        ContactInput(
            name="张大山", relationship="父亲", situation="imprisoned", legal_guardian=True
        ),
    )
    assert (changed.situation, changed.legal_guardian, changed.phone) == ("imprisoned", True, "")
    assert [e[1] for e in entries(db, "contact")] == ["create", "update"]
    before = dump(db.path)
    for data, field in (
        (ContactInput(name="A", phone="phone"), "phone"),
        (ContactInput(name="A", id_number=father_id[:-1] + "?"), "id_number"),
        (ContactInput(name=""), "name"),
    ):
        with pytest.raises(ValidationError) as caught:
            intake.add_contact(db, worker, child.id, data)
        assert caught.value.field == field
    assert dump(db.path) == before
    assert [c.name for c in intake.get_child(db, worker, child.id).contacts] == ["张大山"]
    assert_sound(db)


def test_notes(env: Env) -> None:
    """A note is signed by the actor, belongs to the open stay, and lists newest first."""
    db, people = env
    worker = people["caseworker"]
    child = register(env)
    first = intake.add_note(db, worker, child.id, NoteInput("counselling", ARRIVED, "初次谈话"))
    second = intake.add_note(db, worker, child.id, NoteInput(text="吃饭正常"))
    record = intake.get_child(db, worker, child.id)
    assert [n.id for n in record.notes] == [second.id, first.id]
    assert record.open_admission is not None
    assert first.admission_id == record.open_admission.id
    assert first.staff_id == worker.id
    before = dump(db.path)
    with pytest.raises(ValidationError) as caught:
        intake.add_note(db, worker, child.id, NoteInput(text=" \n "))
    assert caught.value.field == "text"
    assert dump(db.path) == before
    assert_sound(db)


def _jpeg(width: int, height: int) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (width, height), "green").save(out, "JPEG")
    return out.getvalue()


def test_photos(env: Env) -> None:
    """A photo is stored downscaled; the record lists it without its bytes."""
    db, people = env
    clerk = people["intake"]
    child = register(env)
    photo = intake.add_photo(db, clerk, child.id, _jpeg(3000, 2000), caption="入站时")
    assert (photo.width, photo.height, photo.caption) == (1024, 683, "入站时")
    record = intake.get_child(db, people["viewer"], child.id)
    assert [p.id for p in record.photos] == [photo.id]
    with pytest.raises(DetachedInstanceError):
        _ = record.photos[0].image
    image = intake.photo_image(db, people["viewer"], photo.id)
    assert Image.open(io.BytesIO(image)).size == (1024, 683)
    before = dump(db.path)
    with pytest.raises(ValidationError) as caught:
        intake.add_photo(db, clerk, child.id, b"GIF89a broken")
    assert caught.value.field == "photo"
    with pytest.raises(ValidationError) as caught:
        intake.add_photo(db, clerk, child.id, _jpeg(10, 10), caption="x" * 201)
    assert caught.value.field == "caption"
    assert dump(db.path) == before
    assert_sound(db)


# --- voiding --------------------------------------------------------------------------------


def test_void_each_kind(env: Env) -> None:
    """Every kind of record can be voided with a reason; it stays, marked, and is audited."""
    db, people = env
    admin = people["admin"]
    child = register(env)
    stay = intake.get_child(db, admin, child.id).open_admission
    assert stay is not None
    targets = {
        "belonging": intake.add_belonging(db, admin, stay.id, BelongingInput(item="伞")).id,
        "contact": intake.add_contact(db, admin, child.id, ContactInput(name="王")).id,
        "note": intake.add_note(db, admin, child.id, NoteInput(text="x")).id,
        "photo": intake.add_photo(db, admin, child.id, _jpeg(20, 20)).id,
        "admission": stay.id,
        "child": child.id,
    }
    for entity, record_id in targets.items():
        intake.void(db, admin, entity, record_id, f"错误的{entity}")
        actor, action, stored_id, after = entries(db, entity)[-1]
        assert (actor, action, stored_id) == ("admin", "void", str(record_id))
        assert after["void_reason"] == f"错误的{entity}"
        assert after["voided_by_id"] == admin.id
        assert after["voided_at"]
    assert count(db.path, "child") == 1
    record = intake.get_child(db, admin, child.id)
    assert (record.admissions, record.contacts, record.notes, record.photos) == ([], [], [], [])
    full = intake.get_child(db, admin, child.id, include_voided=True)
    assert len(full.admissions) == len(full.contacts) == len(full.notes) == len(full.photos) == 1
    assert_sound(db)


def test_void_rules(env: Env) -> None:
    """A reason is required; twice, unknown kinds, unknown ids and children in care refused."""
    db, people = env
    admin = people["admin"]
    child = register(env, id_number=BOY_ID)
    before = dump(db.path)
    with pytest.raises(NotFound):
        intake.void(db, admin, "note", 999, "x")
    with pytest.raises(ValidationError) as caught:
        intake.void(db, admin, "staff", 1, "x")
    assert caught.value.field == "entity"
    with pytest.raises(ValidationError) as caught:
        intake.void(db, admin, "child", child.id, "  ")
    assert caught.value.field == "void_reason"
    with pytest.raises(ValidationError, match="still in the center"):
        intake.void(db, admin, "child", child.id, "重复")
    assert dump(db.path) == before

    stay = intake.get_child(db, admin, child.id).open_admission
    assert stay is not None
    intake.void(db, admin, "admission", stay.id, "重复")
    with pytest.raises(ValidationError, match="was voided"):
        intake.void(db, admin, "admission", stay.id, "again")
    intake.void(db, admin, "child", child.id, "重复登记")
    again = register(env, id_number=BOY_ID)
    assert again.id_number == BOY_ID
    assert again.case_no == "2025-0002"
    with pytest.raises(ValidationError, match="voided"):
        intake.add_note(db, admin, child.id, NoteInput(text="x"))
    assert_sound(db)


def test_not_found(env: Env) -> None:
    """Unknown numbers raise NotFound, whatever the service."""
    db, people = env
    admin = people["admin"]
    calls = [
        lambda: intake.get_child(db, admin, 77),
        lambda: intake.history(db, admin, 77),
        lambda: intake.update_child(db, admin, 77, ChildInput()),
        lambda: intake.admit_again(db, admin, 77, arrival()),
        lambda: intake.add_belonging(db, admin, 77, BelongingInput(item="x")),
        lambda: intake.return_belonging(db, admin, 77, LATER, "x"),
        lambda: intake.add_contact(db, admin, 77, ContactInput(name="x")),
        lambda: intake.update_contact(db, admin, 77, ContactInput(name="x")),
        lambda: intake.add_note(db, admin, 77, NoteInput(text="x")),
        lambda: intake.add_photo(db, admin, 77, _jpeg(5, 5)),
        lambda: intake.photo_image(db, admin, 77),
        lambda: intake.merge_children(db, admin, 77, 78, "x"),
        lambda: intake.get_child(db, admin, 2**70),
    ]
    for call in calls:
        with pytest.raises(NotFound):
            call()


# --- reading ---------------------------------------------------------------------------------


def test_history_newest_first(env: Env) -> None:
    """The history holds the child's entries and those of its records, newest first."""
    db, people = env
    clerk = people["intake"]
    child = register(env)
    other = register(env, name="王芳", sex="female")
    stay = intake.get_child(db, clerk, child.id).open_admission
    assert stay is not None
    item = intake.add_belonging(db, clerk, stay.id, BelongingInput(item="伞"))
    intake.add_contact(db, clerk, child.id, ContactInput(name="张大山"))
    intake.add_note(db, clerk, other.id, NoteInput(text="别人的"))
    intake.return_belonging(db, clerk, item.id, LATER, "本人")
    trail = intake.history(db, people["viewer"], child.id)
    ids = [entry.id for entry in trail]
    assert ids == sorted(ids, reverse=True)
    kinds = [(entry.entity, entry.action) for entry in trail]
    assert kinds[0] == ("belonging", "return")
    assert ("contact", "create") in kinds
    assert kinds[-1] == ("child", "create")
    assert ("note", "create") not in kinds
    assert all(entry.record_id != str(other.id) or entry.entity != "child" for entry in trail)
