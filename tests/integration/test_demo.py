"""``homeward demo``: a sound database of plausible records, the same for the same seed."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from pathlib import Path

import pytest
from dbtools import ADMIN_PASSWORD, count, dump, raw
from stdnum.cn import ric

from desktop.cli import main
from desktop.config import Paths, resolve_paths
from desktop.core import fields, tasks
from desktop.core.audit.check import check_database
from desktop.core.children import search
from desktop.core.demo import generate as demo
from desktop.core.errors import AlreadyInitialised, ValidationError
from desktop.core.store.db import Database
from desktop.core.store.models import Staff

pytestmark = pytest.mark.usefixtures("lang_en")

TODAY = dt.date(2026, 11, 20)
N = 300
#: The tables the seed decides (staff hold salted hashes; the trail holds real times).
RECORDS = (
    "child",
    "admission",
    "contact",
    "note",
    "belonging",
    "task",
    "search_token",
    "bed",
    "placement",
)  # fmt: skip (rooms hold the real time they were made)


@pytest.fixture(scope="module")
def made(tmp_path_factory: pytest.TempPathFactory) -> tuple[Paths, demo.DemoCounts]:
    paths = resolve_paths(tmp_path_factory.mktemp("demo") / "home")
    counts = demo.create_demo(paths, ADMIN_PASSWORD, N, seed=5, today=TODAY)
    return paths, counts


def test_the_database_passes_the_check(made: tuple[Paths, demo.DemoCounts]) -> None:
    paths, _counts = made
    assert check_database(paths.db_file) == []


def test_counts(made: tuple[Paths, demo.DemoCounts]) -> None:
    paths, counts = made
    path = paths.db_file
    assert counts.children == count(path, "child") == N
    assert counts.admissions == count(path, "admission") >= N
    assert counts.contacts == count(path, "contact") > N
    assert counts.notes == count(path, "note") > 0
    assert counts.belongings == count(path, "belonging") > 0
    assert counts.tasks == count(path, "task") > 0
    assert counts.placements == count(path, "placement") > counts.admissions // 2
    assert counts.search_tokens == count(path, "search_token") > 10 * N
    assert count(path, "staff") == 1 + len(demo.demo_data.STAFF)
    with raw(path) as connection:
        entries = connection.execute("SELECT count(*) FROM audit_entry").fetchone()[0]
        (center,) = connection.execute("SELECT name FROM center").fetchone()
    assert entries > counts.audit_entries > 0
    assert center == "示例市未成年人救助保护中心"


def test_a_realistic_mix(made: tuple[Paths, demo.DemoCounts]) -> None:
    paths, _counts = made
    with raw(paths.db_file) as connection:
        children = connection.execute(
            "SELECT name, alias, id_number, birth_date, birth_date_estimated, sex, category, "
            "appearance, height_cm FROM child"
        ).fetchall()
        open_stays = connection.execute(
            "SELECT count(*) FROM admission WHERE discharged_at IS NULL"
        ).fetchone()[0]
        stays = Counter(row[0] for row in connection.execute("SELECT child_id FROM admission"))
    unknown = [row for row in children if not row[0] and not row[2]]
    assert 0.03 * N <= len(unknown) <= 0.15 * N
    assert all(row[4] and row[7] and row[8] for row in unknown)  # estimated, described
    assert {row[6] for row in children} == {c.value for c in fields.CATEGORY}
    assert 1 <= open_stays <= 0.08 * N
    assert set(stays.values()) <= {1, 2, 3, 4, 5} and max(stays.values()) >= 3
    assert any(len(row[0]) == 4 for row in children)  # 欧阳娜娜: a two-character surname


#: Pairs of live placements of one bed (or one child) whose times overlap.
OVERLAPS = (
    "SELECT count(*) FROM placement a JOIN placement b ON a.{key} = b.{key} AND a.id < b.id "
    "AND a.started_at < coalesce(b.ended_at, '9999') "
    "AND b.started_at < coalesce(a.ended_at, '9999')"
)


@pytest.fixture(scope="module")
def bigger(tmp_path_factory: pytest.TempPathFactory) -> Paths:
    """A demo of a center with a few dozen children in it now."""
    paths = resolve_paths(tmp_path_factory.mktemp("demo-big") / "home")
    demo.create_demo(paths, ADMIN_PASSWORD, 1500, seed=5, today=TODAY)
    return paths


def test_a_center_in_full_use(bigger: Paths) -> None:
    """Rooms with beds, some full; children placed outside; a discharge of most kinds with
    what its rules ask; and every rule of the residence kept."""
    paths = bigger
    with raw(paths.db_file) as connection:

        def one(sql: str) -> int:
            return int(connection.execute(sql).fetchone()[0])

        for key in ("bed_id", "child_id"):
            assert one(OVERLAPS.format(key=key)) == 0, key
        assert (
            one(
                "SELECT count(*) FROM placement p JOIN admission a ON a.id = p.admission_id "
                "WHERE p.started_at < a.arrived_at OR (a.discharged_at IS NOT NULL "
                "AND (p.ended_at IS NULL OR p.ended_at > a.discharged_at))"
            )
            == 0
        )
        assert (
            one(
                "SELECT count(*) FROM belonging b JOIN admission a ON a.id = b.admission_id "
                "WHERE a.discharged_at IS NOT NULL AND b.disposition = 'held' "
                "AND b.not_returned_reason = ''"
            )
            == 0
        )
        full_rooms = one(
            "SELECT count(*) FROM (SELECT r.id FROM room r JOIN bed b ON b.room_id = r.id "
            "LEFT JOIN placement p ON p.bed_id = b.id AND p.ended_at IS NULL "
            "GROUP BY r.id HAVING count(p.id) = count(b.id))"
        )
        outside = one("SELECT count(*) FROM placement WHERE kind <> 'bed' AND ended_at IS NULL")
        modes = dict(
            connection.execute(
                "SELECT discharge_mode, count(*) FROM admission "
                "WHERE discharged_at IS NOT NULL GROUP BY 1"
            ).fetchall()
        )
        collected_without_adult = one(
            "SELECT count(*) FROM admission WHERE discharge_mode = 'collected' "
            "AND (collector_name = '' OR collector_id_number = '')"
        )
        alone_unsigned = one(
            "SELECT count(*) FROM admission WHERE discharge_mode = 'self_return' "
            "AND NOT statement_signed"
        )
        walked_unreported = one(
            "SELECT count(*) FROM admission WHERE discharge_mode = 'left' AND police_report = ''"
        )
    assert full_rooms >= 1 and outside >= 1
    assert set(modes) >= {"escorted_home", "collected", "self_return", "placed", "left", "ended"}
    assert collected_without_adult == alone_unsigned == walked_unreported == 0
    assert check_database(paths.db_file) == []


def test_id_numbers_are_valid_and_agree(made: tuple[Paths, demo.DemoCounts]) -> None:
    paths, _counts = made
    with raw(paths.db_file) as connection:
        rows = connection.execute(
            "SELECT id_number, birth_date, sex, birth_place FROM child WHERE id_number IS NOT NULL"
        ).fetchall()
    assert len(rows) > N / 2
    for number, birth, sex, place in rows:
        assert ric.validate(number) == number
        assert ric.get_birth_date(number).isoformat() == birth
        assert (int(number[16]) % 2 == 1) == (sex == "male")
        info = ric.get_birth_place(number)
        assert place == info["province"] + info["county"]


def test_tasks_follow_the_rules(made: tuple[Paths, demo.DemoCounts]) -> None:
    """Each admission has exactly the tasks create_for_admission would have made."""
    paths, _counts = made
    with raw(paths.db_file) as connection:
        admissions = connection.execute(
            "SELECT admission.id, child.name, child.id_number, child.category, harm_found "
            "FROM admission JOIN child ON child.id = admission.child_id"
        ).fetchall()
        made_tasks = Counter(
            (row[0], row[1])
            for row in connection.execute("SELECT admission_id, kind FROM task").fetchall()
        )
    expected: Counter[tuple[int, str]] = Counter()
    for admission_id, name, id_number, category, harm_found in admissions:
        unknown = tasks.identity_unknown(name, id_number)
        for kind in tasks.kinds_needed(unknown, bool(harm_found) or category == "harmed"):
            expected[(admission_id, kind)] += 1
    assert made_tasks == expected


def test_demo_children_can_be_found(made: tuple[Paths, demo.DemoCounts]) -> None:
    paths, _counts = made
    with raw(paths.db_file) as connection:
        child_id, name, initials, case_no = connection.execute(
            "SELECT id, name, name_initials, case_no FROM child WHERE name != '' LIMIT 1"
        ).fetchone()
    db = Database.open(paths.db_file)
    try:
        with db.session() as session:
            admin = session.get(Staff, 1)
        assert admin is not None
        for text in (name, name[1:], initials, case_no):
            rows = search.search_children(db, admin, search.SearchFilter(text=text), limit=500)
            assert child_id in {row.id for row in rows}, text
    finally:
        db.close()


def test_same_seed_same_records(made: tuple[Paths, demo.DemoCounts], tmp_path: Path) -> None:
    paths, _counts = made
    again = resolve_paths(tmp_path / "again")
    demo.create_demo(again, ADMIN_PASSWORD, N, seed=5, today=TODAY)
    first, second = dump(paths.db_file), dump(again.db_file)
    for table in RECORDS:
        assert first[table] == second[table], table
    other = resolve_paths(tmp_path / "other")
    demo.create_demo(other, ADMIN_PASSWORD, N, seed=6, today=TODAY)
    assert dump(other.db_file)["child"] != first["child"]


def test_refuses_a_folder_with_a_database(made: tuple[Paths, demo.DemoCounts]) -> None:
    paths, _counts = made
    with pytest.raises(AlreadyInitialised):
        demo.create_demo(paths, ADMIN_PASSWORD, 5)


def test_bad_numbers_of_children(tmp_path: Path) -> None:
    paths = resolve_paths(tmp_path / "home")
    for children in (0, -3, demo.MAX_CHILDREN + 1):
        with pytest.raises(ValidationError):
            demo.create_demo(paths, ADMIN_PASSWORD, children)
    assert not paths.db_file.exists()


def test_command_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    home = tmp_path / "home"
    monkeypatch.setenv("HOMEWARD_PASSWORD", ADMIN_PASSWORD)
    assert main(["--home", str(home), "demo", "--children", "40", "--seed", "2"]) == 0
    out, err = capsys.readouterr()
    assert "40 made-up children" in out
    assert err.strip() == "40 of 40 children written"
    assert main(["--home", str(home), "check"]) == 0
    capsys.readouterr()
    assert main(["--home", str(home), "demo", "--children", "40"]) == 2
    _out, err = capsys.readouterr()
    assert err.startswith("homeward: ") and "already holds a database" in err
    assert len(err.splitlines()) == 1


def test_command_line_bad_input(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    home = tmp_path / "home"
    monkeypatch.setenv("HOMEWARD_PASSWORD", ADMIN_PASSWORD)
    assert main(["--home", str(home), "demo", "--children", "0"]) == 2
    assert "from 1 to" in capsys.readouterr().err
    monkeypatch.setenv("HOMEWARD_PASSWORD", "short")
    assert main(["--home", str(home), "demo", "--children", "5"]) == 2
    assert not (home / "homeward.sqlite").exists()
    with pytest.raises(SystemExit) as usage:
        main(["--home", str(home), "demo"])
    assert usage.value.code == 2


def test_return_home_plans_at_their_steps(made: tuple[Paths, demo.DemoCounts]) -> None:
    paths, counts = made
    with raw(paths.db_file) as connection:
        statuses = [row[0] for row in connection.execute("SELECT status FROM return_plan")]
        visits = connection.execute(
            "SELECT months, visited_on IS NOT NULL, next_step != '' FROM follow_up_visit "
            "ORDER BY months"
        ).fetchall()
        copies = connection.execute(
            "SELECT receiver_id_copy_kept FROM return_plan WHERE receiver_id_number != '' "
            "ORDER BY id"
        ).fetchall()
        referrals = connection.execute(
            "SELECT r.referred_to, r.note != '', v.risk, v.visited_on IS NOT NULL "
            "FROM referral r JOIN follow_up_visit v ON v.id = r.visit_id"
        ).fetchall()
    assert counts.return_plans == len(statuses) >= 3
    assert statuses[0] == "handed_over" and len(set(statuses)) == len(statuses)
    assert [tuple(v) for v in visits] == [(1, 1, 1), (3, 0, 0), (6, 0, 0)]  # the next step
    assert [tuple(r) for r in referrals] == [("civil_affairs", 1, 1, 1)]
    assert {row[0] for row in copies} == {0, 1}  # a copy of the ID kept, sometimes


def test_the_demo_hands_a_child_over_after_its_last_placement(tmp_path: Path) -> None:
    """Seed 3 on 30 November: a child placed after the demo's handover time once stopped
    the demo ("The discharge cannot be before the child's last placement")."""
    paths = resolve_paths(tmp_path / "home")
    counts = demo.create_demo(paths, ADMIN_PASSWORD, 60, seed=3, today=dt.date(2026, 11, 30))
    with raw(paths.db_file) as connection:
        handed = connection.execute(
            "SELECT a.discharged_at, (SELECT max(started_at) FROM placement p "
            "WHERE p.admission_id = a.id) FROM return_plan r JOIN admission a "
            "ON a.id = r.admission_id WHERE r.status = 'handed_over'"
        ).fetchall()
    assert counts.return_plans >= 1
    assert handed and all(left >= placed for left, placed in handed), handed
