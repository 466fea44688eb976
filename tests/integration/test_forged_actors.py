"""Every service loads its actor by id in its own transaction and refuses an object that
does not describe an active staff member as stored: a bare ``Staff(id=1)``, a detached
object claiming a higher role, a deactivated member's stale object, an id that is not
there. Each is refused by every service, and nothing is written."""

from __future__ import annotations

import datetime as dt
import importlib
import inspect
import io
import pkgutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from dbtools import dump
from PIL import Image

import desktop.core
from desktop.config import Paths
from desktop.core import center, tasks
from desktop.core.audit import trail as audit
from desktop.core.backup import make as backup_make
from desktop.core.backup import restore as backup_restore
from desktop.core.children import candidates, intake, search
from desktop.core.children.intake import (
    BelongingInput,
    ChildInput,
    ContactInput,
    DisposalInput,
    NoteInput,
)
from desktop.core.errors import PermissionDenied
from desktop.core.forms import service as forms
from desktop.core.reports import export, ledger, stats, today
from desktop.core.residence import discharge as leaving
from desktop.core.residence import placements, rooms, roster
from desktop.core.returns import handover, plans, queries
from desktop.core.staff import accounts
from desktop.core.store.db import Database
from desktop.core.store.models import Staff
from tests.conftest import PASSWORD
from tests.leaving import leave

UTC = dt.UTC
ARRIVED = dt.datetime(2025, 6, 1, 14, 0, tzinfo=UTC)
LATER = ARRIVED + dt.timedelta(days=10)
NEW_PASSWORD = "another-horse-7"


def _jpeg() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (40, 30), "red").save(out, "JPEG")
    return out.getvalue()


def _stay(**values: Any) -> intake.AdmissionInput:
    base: dict[str, Any] = {"arrived_at": ARRIVED, "arrival_mode": "police"}
    base.update(values)
    return intake.AdmissionInput(**base)


def _known(**values: Any) -> ChildInput:
    base: dict[str, Any] = {"name": "张小明", "sex": "male", "birth_date": dt.date(2015, 3, 4)}
    base.update(values)
    return ChildInput(**base)


def _records(db: Database, admin: Staff) -> dict[str, Any]:
    """A child with a stay, a belonging, a contact, a note, a photo and a task; staff to act on."""
    child = intake.register_child(
        db, admin, ChildInput(sex="male"), _stay(), [BelongingInput("伞")]
    )
    record = intake.get_child(db, admin, child.id)
    stay = record.open_admission
    assert stay is not None
    gone = intake.register_child(db, admin, _known(), _stay())
    gone_stay = intake.get_child(db, admin, gone.id).open_admission
    assert gone_stay is not None
    leave(db, admin, gone_stay.id, LATER, "collected")
    task = tasks.list_tasks(db, admin, child_id=child.id)[0]
    room = rooms.save_room(db, admin, rooms.RoomInput("101", beds=2))
    beds = rooms.list_rooms(db, admin)[0].beds
    placement = placements.place(
        db, admin, child.id, placements.PlacementInput("bed", ARRIVED, bed_id=beds[0].id)
    )
    return {
        "room": room.id,
        "beds": [bed.id for bed in beds],
        "placement": placement.id,
        "gone_stay": gone_stay.id,
        "child": child.id,
        "case_no": child.case_no,
        "case_data": forms.load_case(db, admin, child.case_no),
        "admission": stay.id,
        "belonging": record.belongings[stay.id][0].id,
        "contact": intake.add_contact(db, admin, child.id, ContactInput(name="张大山")).id,
        "note": intake.add_note(db, admin, child.id, NoteInput(text="x")).id,
        "photo": intake.add_photo(db, admin, child.id, _jpeg()).id,
        "task": task.id,
        "plan": plans.start_plan(db, admin, child.id).id,
        "gone": gone.id,
        "target": accounts.create_staff(db, admin, "target", "Target", "viewer", PASSWORD).id,
    }


def _ledger_file(paths: Paths) -> Path:
    """A small good ledger to import."""
    path = paths.home / "ledger.csv"
    if not path.exists():
        path.write_text("姓名,性别,入站日期\r\n刘一,男,2025-01-02\r\n", "utf-8")
    return path


Call = Callable[[Database, Paths, Staff, dict[str, Any]], Any]

#: Every public service of desktop.core that takes the acting staff member.
SERVICES: dict[str, Call] = {
    # children
    "register_child": lambda db, p, a, r: intake.register_child(db, a, ChildInput(), _stay()),
    "admit_again": lambda db, p, a, r: intake.admit_again(
        db, a, r["gone"], _stay(arrived_at=LATER + dt.timedelta(days=1))
    ),
    "update_child": lambda db, p, a, r: intake.update_child(db, a, r["child"], ChildInput()),
    "discharge": lambda db, p, a, r: leave(db, a, r["admission"], LATER, "placed"),
    "add_photo": lambda db, p, a, r: intake.add_photo(db, a, r["child"], _jpeg()),
    "add_belonging": lambda db, p, a, r: intake.add_belonging(
        db, a, r["admission"], BelongingInput(item="书")
    ),
    "return_belonging": lambda db, p, a, r: intake.return_belonging(
        db, a, r["belonging"], LATER, "本人"
    ),
    "dispose_belonging": lambda db, p, a, r: intake.dispose_belonging(
        db, a, r["belonging"], DisposalInput("police", LATER, disposed_to="城关派出所")
    ),
    "add_contact": lambda db, p, a, r: intake.add_contact(db, a, r["child"], ContactInput("王")),
    "update_contact": lambda db, p, a, r: intake.update_contact(
        db, a, r["contact"], ContactInput(name="张大山", situation="alive")
    ),
    "add_note": lambda db, p, a, r: intake.add_note(db, a, r["child"], NoteInput(text="谈话")),
    "void": lambda db, p, a, r: intake.void(db, a, "note", r["note"], "写错了"),
    "merge_children": lambda db, p, a, r: intake.merge_children(
        db, a, r["child"], r["gone"], "同一人"
    ),
    "get_child": lambda db, p, a, r: intake.get_child(db, a, r["child"]),
    "history": lambda db, p, a, r: intake.history(db, a, r["child"]),
    "photo_image": lambda db, p, a, r: intake.photo_image(db, a, r["photo"]),
    "find_candidates": lambda db, p, a, r: candidates.find_candidates(
        db, a, _known(), dt.date(2025, 6, 1)
    ),
    "search_children": lambda db, p, a, r: search.search_children(db, a, search.SearchFilter()),
    "count_children": lambda db, p, a, r: search.count_children(db, a, search.SearchFilter()),
    "first_page": lambda db, p, a, r: search.first_page(db, a, search.SearchFilter()),
    # residence
    "save_room": lambda db, p, a, r: rooms.save_room(db, a, rooms.RoomInput("102", beds=1)),
    "set_bed_in_use": lambda db, p, a, r: rooms.set_bed_in_use(db, a, r["beds"][1], False),
    "list_rooms": lambda db, p, a, r: rooms.list_rooms(db, a),
    "place": lambda db, p, a, r: placements.place(
        db, a, r["child"], placements.PlacementInput("hospital", LATER, place="医院")
    ),
    "move": lambda db, p, a, r: placements.move(
        db, a, r["child"], placements.PlacementInput("bed", LATER, bed_id=r["beds"][1])
    ),
    "end_placement": lambda db, p, a, r: placements.end_placement(db, a, r["placement"], LATER),
    "placements_of": lambda db, p, a, r: placements.placements_of(db, a, r["child"]),
    "reopen": lambda db, p, a, r: leaving.reopen(db, a, r["gone_stay"], "登记错误"),
    "held_belongings": lambda db, p, a, r: leaving.held_belongings(db, a, r["admission"]),
    "print_roster": lambda db, p, a, r: forms.print_roster(db, a, ARRIVED.date()),
    "roster": lambda db, p, a, r: roster.roster(db, a, ARRIVED.date()),
    "board": lambda db, p, a, r: roster.board(db, a),
    # return home
    "start_plan": lambda db, p, a, r: plans.start_plan(db, a, r["child"]),
    "cancel_plan": lambda db, p, a, r: plans.cancel_plan(db, a, r["plan"], "家庭拒绝"),
    "log_tracing": lambda db, p, a, r: plans.log_tracing(
        db, a, r["plan"], plans.TracingInput(ARRIVED.date(), "dna", "公安局")
    ),
    "verify_receiver": lambda db, p, a, r: plans.verify_receiver(
        db,
        a,
        r["plan"],
        plans.ReceiverInput("张大山", "11010519491231002X", "父亲", "", "某村", "王主任", "身份证"),
    ),
    "assess_home": lambda db, p, a, r: plans.assess_home(db, a, r["plan"], "suitable", "好"),
    "approve": lambda db, p, a, r: plans.approve(db, a, r["plan"]),
    "start_escort": lambda db, p, a, r: plans.start_escort(
        db,
        a,
        r["plan"],
        plans.EscortInput("collected", LATER, LATER, "某村", "family", "张家", "张大山"),
    ),
    "hand_over": lambda db, p, a, r: handover.hand_over(
        db, a, r["plan"], handover.HandoverInput(LATER, "中心", "张大山", True)
    ),
    "record_visit": lambda db, p, a, r: handover.record_visit(
        db, a, 1, handover.VisitInput(LATER.date(), "phone", "好", "")
    ),
    "refer": lambda db, p, a, r: handover.refer(
        db, a, 1, handover.ReferralInput("police", "再次外出")
    ),
    "close_plan": lambda db, p, a, r: handover.close_plan(db, a, r["plan"]),
    "plans_of": lambda db, p, a, r: queries.plans_of(db, a, r["child"]),
    "open_plans": lambda db, p, a, r: queries.open_plans(db, a),
    "visits_due": lambda db, p, a, r: queries.visits_due(db, a),
    # tasks
    "list_tasks": lambda db, p, a, r: tasks.list_tasks(db, a),
    "complete_task": lambda db, p, a, r: tasks.complete_task(db, a, r["task"], "R-1"),
    "cancel_task": lambda db, p, a, r: tasks.cancel_task(db, a, r["task"], "不需要"),
    "get_rules": lambda db, p, a, r: tasks.get_rules(db, a),
    "set_rule": lambda db, p, a, r: tasks.set_rule(db, a, "dna_request", False, 7, "working_days"),
    "set_rules": lambda db, p, a, r: tasks.set_rules(
        db, a, [tasks.RuleInput("dna_request", False, 7, "working_days")]
    ),
    # forms
    "render": lambda db, p, a, r: forms.render(db, a, "intake", r["case_no"]),
    "render_blank": lambda db, p, a, r: forms.render_blank(db, a, "intake"),
    "form_warnings": lambda db, p, a, r: forms.form_warnings(db, a, "notice", r["case_no"]),
    "issue_notice": lambda db, p, a, r: forms.issue_notice(
        db, a, r["case_no"], r["admission"], "家人未知"
    ),
    "notice_case": lambda db, p, a, r: forms.notice_case(db, a, r["case_data"], "家人未知"),
    "load_case": lambda db, p, a, r: forms.load_case(db, a, r["case_no"]),
    "render_plan_form": lambda db, p, a, r: forms.render_plan_form(db, a, "escort", r["plan"]),
    # staff, center, audit
    "create_staff": lambda db, p, a, r: accounts.create_staff(
        db, a, "newcomer", "New Comer", "admin", NEW_PASSWORD
    ),
    "list_staff": lambda db, p, a, r: accounts.list_staff(db, a),
    "update_staff": lambda db, p, a, r: accounts.update_staff(
        db, a, r["target"], "Renamed", "admin", accounts.PreEmploymentCheck()
    ),
    "set_active": lambda db, p, a, r: accounts.set_active(db, a, r["target"], False),
    "reset_password": lambda db, p, a, r: accounts.reset_password(db, a, r["target"], NEW_PASSWORD),
    "change_own_password": lambda db, p, a, r: accounts.change_own_password(
        db, a, PASSWORD, NEW_PASSWORD
    ),
    "update_center": lambda db, p, a, r: center.update_center(
        db, a, center.CenterProfile(name="Hijacked")
    ),
    "set_setting": lambda db, p, a, r: center.set_setting(db, a, center.IDLE_LOCK_MINUTES, 30),
    "set_settings": lambda db, p, a, r: center.set_settings(
        db, a, {center.BACKUP_REMINDER_DAYS: 3}
    ),
    "list_entries": lambda db, p, a, r: audit.list_entries(db, a, audit.AuditFilter()),
    "count_entries": lambda db, p, a, r: audit.count_entries(db, a, audit.AuditFilter()),
    "entry_children": lambda db, p, a, r: audit.entry_children(db, a, []),
    "check_chain": lambda db, p, a, r: audit.check_chain(db, a),
    "entities": lambda db, p, a, r: audit.entities(db, a),
    "created_values": lambda db, p, a, r: audit.created_values(db, a, 1),
    "today": lambda db, p, a, r: audit.today(db, a),
    "previous_sign_in": lambda db, p, a, r: accounts.previous_sign_in(db, a),
    # reports
    "export_children": lambda db, p, a, r: export.export_children(db, a, p.home / "out.xlsx"),
    "preview_ledger": lambda db, p, a, r: ledger.preview_ledger(db, a, _ledger_file(p)),
    "statistics": lambda db, p, a, r: stats.statistics(db, a, stats.Period.of(2025)),
    "export_statistics": lambda db, p, a, r: stats.export_statistics(
        db, a, stats.Period.of(2025), p.home / "out.xlsx"
    ),
    "center_now": lambda db, p, a, r: today.center_now(db, a),
    "beds_now": lambda db, p, a, r: today.beds_now(db, a),
    "returns_now": lambda db, p, a, r: today.returns_now(db, a),
    "dry_run": lambda db, p, a, r: ledger.dry_run(db, a, _ledger_file(p)),
    "import_ledger": lambda db, p, a, r: ledger.import_ledger(db, a, _ledger_file(p)),
    # backups
    "create_backup": lambda db, p, a, r: backup_make.create_backup(
        db, p, p.home / "out", "correct horse battery", actor=a
    ),
    "record_usb_backup": lambda db, p, a, r: backup_make.record_usb_backup(
        db, a, dt.datetime.now(UTC)
    ),
    "require_permission": lambda db, p, a, r: backup_make.require_permission(
        db, a, accounts.Permission.READ
    ),
    "restore_backup": lambda db, p, a, r: backup_restore.restore_backup(
        p, p.home / "none.homeward-backup", "correct horse battery", a, db=db
    ),
}

#: Helpers that take an actor inside the caller's transaction (the caller checked it).
IN_A_TRANSACTION = {
    "record",
    "write_center_row",
    "add_staff_row",
    "create_for_admission",
    "require",
    "require_actor",
    "actor_may",
    "record_row",
}


def test_the_table_covers_every_service() -> None:
    found = set()
    for info in pkgutil.walk_packages(desktop.core.__path__, "desktop.core."):
        if ".migrations" in info.name:
            continue
        module = importlib.import_module(info.name)
        for name, function in inspect.getmembers(module, inspect.isfunction):
            public = function.__module__ == module.__name__ and not name.startswith("_")
            if public and "actor" in inspect.signature(function).parameters:
                found.add(name)
    assert found - IN_A_TRANSACTION == set(SERVICES)


def _forged(kind: str, db: Database, admin: Staff, records: dict[str, Any]) -> Staff:
    if kind == "bare":
        return Staff(id=admin.id)
    if kind == "higher-role":
        viewer = accounts.create_staff(db, admin, "viewer", "A Viewer", "viewer", PASSWORD)
        return Staff(id=viewer.id, username="viewer", role="admin", active=True)
    if kind == "inactive":
        boss = accounts.create_staff(db, admin, "boss2", "Second Boss", "admin", PASSWORD)
        accounts.set_active(db, admin, boss.id, False)
        assert boss.active and boss.role == "admin"  # the stale object still says so
        return boss
    if kind == "deleted-id":
        return Staff(id=4242, username="ghost", role="admin", active=True)
    if kind == "other-name":
        return Staff(id=admin.id, username="intruder", role="admin", active=True)
    raise AssertionError(kind)


@pytest.mark.parametrize("kind", ["bare", "higher-role", "inactive", "deleted-id", "other-name"])
def test_a_forged_or_stale_actor_is_refused_by_every_service(  # type: ignore[no-untyped-def]
    db_and_admin, paths, kind: str
) -> None:
    db, admin = db_and_admin
    records = _records(db, admin)
    actor = _forged(kind, db, admin, records)
    for name, call in SERVICES.items():
        before = dump(db.path)
        with pytest.raises(PermissionDenied):
            call(db, paths, actor, records)
        assert dump(db.path) == before, name
    assert not (paths.home / "out").exists()
    assert not (paths.home / "out.xlsx").exists()
    assert db.path.exists()


def test_the_real_actor_is_served(db_and_admin, paths) -> None:  # type: ignore[no-untyped-def]
    """Not vacuous: the administrator as signed in gets past the check of every service."""
    db, admin = db_and_admin
    records = _records(db, admin)
    signed_in = accounts.authenticate(db, "admin", PASSWORD)
    for name in ("get_child", "search_children", "list_tasks", "render", "list_staff",
                 "count_entries", "update_center", "require_permission", "plans_of",
                 "log_tracing"):  # fmt: skip
        SERVICES[name](db, paths, signed_in, records)
    assert isinstance(admin, Staff) and isinstance(Path(db.path), Path)
