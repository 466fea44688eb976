"""Who may call each intake service: exactly the roles the permission matrix allows."""

from __future__ import annotations

import datetime as dt
import inspect
import io
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from dbtools import audit_rows, count, dump
from intaketools import (
    ARRIVED,
    ROLES,
    arrival,
    known_child,
    open_copy,
    staffed_template,
    tolerate_unfinished,
)
from PIL import Image

from desktop.core.children import candidates, intake
from desktop.core.children.intake import (
    BelongingInput,
    ChildInput,
    ContactInput,
    DisposalInput,
    NoteInput,
)
from desktop.core.errors import PermissionDenied
from desktop.core.residence import discharge as leaving
from desktop.core.staff.permissions import ROLE_PERMISSIONS, Permission, Role
from desktop.core.store.db import Database
from desktop.core.store.models import Staff
from tests.leaving import leave

LATER = ARRIVED + dt.timedelta(days=10)


def _jpeg() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (40, 30), "red").save(out, "JPEG")
    return out.getvalue()


@pytest.fixture(scope="module")
def records_template(
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[tuple[Path, dict[str, int]]]:
    """The staffed database with records to act on, built once per module."""
    mp = pytest.MonkeyPatch()
    tolerate_unfinished(mp)
    folder = tmp_path_factory.mktemp("intake-records")
    with open_copy(staffed_template(tmp_path_factory), folder) as (db, people):
        admin = people["admin"]
        child = intake.register_child(
            db, admin, known_child(), arrival(), [BelongingInput(item="伞")]
        )
        record = intake.get_child(db, admin, child.id)
        assert record.open_admission is not None
        gone = intake.register_child(db, admin, known_child(name="张晓明"), arrival())
        gone_stay = intake.get_child(db, admin, gone.id).open_admission
        assert gone_stay is not None
        leave(db, admin, gone_stay.id, LATER, "collected")
        ids = {
            "child": child.id,
            "admission": record.open_admission.id,
            "belonging": record.belongings[record.open_admission.id][0].id,
            "contact": intake.add_contact(db, admin, child.id, ContactInput(name="张大山")).id,
            "note": intake.add_note(db, admin, child.id, NoteInput(text="x")).id,
            "photo": intake.add_photo(db, admin, child.id, _jpeg()).id,
            "gone": gone.id,
            "gone_stay": gone_stay.id,
        }
    yield folder / "homeward.sqlite", ids
    mp.undo()


@pytest.fixture
def staffed(
    records_template: tuple[Path, dict[str, int]], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[tuple[Database, dict[str, Staff], dict[str, int]]]:
    """A private copy of the records template, open."""
    tolerate_unfinished(monkeypatch)
    path, ids = records_template
    with open_copy(path, tmp_path) as (db, people):
        yield db, people, ids


Call = Callable[[Database, Staff, dict[str, int]], Any]

SERVICES: dict[str, tuple[Permission, bool, Call]] = {
    "register_child": (
        Permission.REGISTER,
        True,
        lambda db, actor, ids: intake.register_child(db, actor, ChildInput(), arrival()),
    ),
    "admit_again": (
        Permission.REGISTER,
        True,
        lambda db, actor, ids: intake.admit_again(
            db, actor, ids["gone"], arrival(arrived_at=LATER + dt.timedelta(days=1))
        ),
    ),
    "update_child": (
        Permission.REGISTER,
        True,
        lambda db, actor, ids: intake.update_child(
            db, actor, ids["child"], known_child(height_cm=140)
        ),
    ),
    "discharge": (
        Permission.REGISTER,
        True,
        lambda db, actor, ids: leave(db, actor, ids["admission"], LATER, "placed"),
    ),
    "reopen": (
        Permission.VOID,
        True,
        lambda db, actor, ids: leaving.reopen(db, actor, ids["gone_stay"], "登记错误"),
    ),
    "held_belongings": (
        Permission.READ,
        False,
        lambda db, actor, ids: leaving.held_belongings(db, actor, ids["admission"]),
    ),
    "add_photo": (
        Permission.REGISTER,
        True,
        lambda db, actor, ids: intake.add_photo(db, actor, ids["child"], _jpeg()),
    ),
    "add_belonging": (
        Permission.BELONGINGS,
        True,
        lambda db, actor, ids: intake.add_belonging(
            db, actor, ids["admission"], BelongingInput(item="书")
        ),
    ),
    "return_belonging": (
        Permission.BELONGINGS,
        True,
        lambda db, actor, ids: intake.return_belonging(db, actor, ids["belonging"], LATER, "本人"),
    ),
    "dispose_belonging": (
        Permission.BELONGINGS,
        True,
        lambda db, actor, ids: intake.dispose_belonging(
            db, actor, ids["belonging"], DisposalInput("destroyed", LATER, "", "", "变质", "王芳")
        ),
    ),
    "add_contact": (
        Permission.NOTES,
        True,
        lambda db, actor, ids: intake.add_contact(db, actor, ids["child"], ContactInput(name="王")),
    ),
    "update_contact": (
        Permission.NOTES,
        True,
        lambda db, actor, ids: intake.update_contact(
            db, actor, ids["contact"], ContactInput(name="张大山", situation="alive")
        ),
    ),
    "add_note": (
        Permission.NOTES,
        True,
        lambda db, actor, ids: intake.add_note(db, actor, ids["child"], NoteInput(text="谈话")),
    ),
    "void": (
        Permission.VOID,
        True,
        lambda db, actor, ids: intake.void(db, actor, "note", ids["note"], "写错了"),
    ),
    "merge_children": (
        Permission.VOID,
        True,
        lambda db, actor, ids: intake.merge_children(
            db, actor, ids["child"], ids["gone"], "同一人"
        ),
    ),
    "get_child": (
        Permission.READ,
        False,
        lambda db, actor, ids: intake.get_child(db, actor, ids["child"]),
    ),
    "history": (
        Permission.READ,
        False,
        lambda db, actor, ids: intake.history(db, actor, ids["child"]),
    ),
    "find_candidates": (
        Permission.READ,
        False,
        lambda db, actor, ids: intake.find_candidates(
            db, actor, known_child(), dt.date(2025, 6, 1)
        ),
    ),
    "photo_image": (
        Permission.READ,
        False,
        lambda db, actor, ids: intake.photo_image(db, actor, ids["photo"]),
    ),
}


def test_matrix_covers_every_service() -> None:
    """Every public intake, candidates and discharge function taking (db, actor) is here."""
    found = {
        name
        for module in (intake, candidates, leaving)
        for name, function in inspect.getmembers(module, inspect.isfunction)
        if function.__module__ == module.__name__
        and not name.startswith("_")
        and list(inspect.signature(function).parameters)[:2] == ["db", "actor"]
    }
    assert found == set(SERVICES)


@pytest.mark.parametrize("service", list(SERVICES))
@pytest.mark.parametrize("role", ROLES)
def test_permission_matrix(
    staffed: tuple[Database, dict[str, Staff], dict[str, int]], role: str, service: str
) -> None:
    """Allowed roles succeed (writers leave entries by them); the rest change nothing."""
    db, people, ids = staffed
    permission, writes, call = SERVICES[service]
    actor = people[role]
    entries = count(db.path, "audit_entry")
    before = dump(db.path)
    if permission in ROLE_PERMISSIONS[Role(role)]:
        call(db, actor, ids)
        if writes:
            assert count(db.path, "audit_entry") > entries
            assert {row[1] for row in audit_rows(db.path)[entries:]} == {role}
        else:
            assert dump(db.path) == before
    else:
        with pytest.raises(PermissionDenied):
            call(db, actor, ids)
        assert dump(db.path) == before


def test_matrix_is_not_vacuous() -> None:
    """Intake staff register; caseworkers write notes only; viewers only read; admin voids."""
    granted = {role: ROLE_PERMISSIONS[Role(role)] for role in ROLES}
    assert Permission.REGISTER in granted["intake"]
    assert Permission.REGISTER not in granted["caseworker"]
    assert Permission.NOTES in granted["caseworker"]
    assert Permission.VOID in granted["admin"]
    assert Permission.VOID not in granted["intake"]
    assert granted["viewer"] >= {Permission.READ}
    assert not granted["viewer"] & {Permission.REGISTER, Permission.NOTES, Permission.VOID}


@pytest.mark.parametrize("service", list(SERVICES))
def test_deactivated_staff_refused(
    staffed: tuple[Database, dict[str, Staff], dict[str, int]], service: str
) -> None:
    """A deactivated admin's stale object is refused by every service."""
    from desktop.core.staff.accounts import set_active

    db, people, ids = staffed
    set_active(db, people["admin"], people["intake"].id, False)
    stale = Staff(id=people["intake"].id, username="intake", role="admin", active=True)
    before = dump(db.path)
    with pytest.raises(PermissionDenied):
        SERVICES[service][2](db, stale, ids)
    assert dump(db.path) == before
