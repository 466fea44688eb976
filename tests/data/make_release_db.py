"""Make the fixture database of a release: ``tests/data/release-<version>.sqlite``.

    .venv/bin/python tests/data/make_release_db.py

Run once per release, with that release's code, and commit the file: every later
release must open it (tests/integration/test_release_upgrade.py). It holds a little
of everything a center stores: the made-up children of ``homeward demo`` (seed 7),
and, added through the services, a child of unknown identity (with its tasks), a
photo, an issued family-search notice, an item returned, one handed to the police
and one destroyed. Every account's password is ``PASSWORD``.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import sqlite3
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from PIL import Image  # noqa: E402

from desktop import __version__  # noqa: E402
from desktop.config import resolve_paths  # noqa: E402
from desktop.core.children.intake import (  # noqa: E402
    DisposalInput,
    add_belonging,
    add_photo,
    dispose_belonging,
    register_child,
    return_belonging,
)
from desktop.core.children.validation import (  # noqa: E402
    AdmissionInput,
    BelongingInput,
    ChildInput,
)
from desktop.core.demo.generate import create_demo  # noqa: E402
from desktop.core.forms.service import render  # noqa: E402
from desktop.core.staff.accounts import authenticate  # noqa: E402
from desktop.core.store.db import Database  # noqa: E402
from desktop.core.store.models import Admission, Belonging  # noqa: E402

PASSWORD = "release-fixture-1"


def make(target: Path) -> None:
    """Write the fixture to ``target`` (which must not exist)."""
    paths = resolve_paths(target.parent / f".{target.stem}-home")
    create_demo(paths, PASSWORD, 6, seed=7)
    db = Database.open(paths.db_file)
    try:
        admin = authenticate(db, "admin", PASSWORD)
        now = dt.datetime.now(dt.UTC).replace(microsecond=0)
        child = register_child(
            db,
            admin,
            ChildInput(
                sex="female",
                estimated_age=6,
                appearance="短发，左眉上有一颗痣",
                clothing="红色外套，蓝色运动鞋",
                category="lost",
            ),
            AdmissionInput(
                arrived_at=now - dt.timedelta(hours=3),
                arrival_mode="police",
                referring_unit="城南派出所",
                found_place="长途汽车站候车室",
            ),
            [
                BelongingInput(item="书包", description="粉色"),
                BelongingInput(item="现金", cash_fen=3550, valuable=True),
                BelongingInput(item="小刀", description="折叠刀"),
            ],
        )
        picture = io.BytesIO()
        Image.new("RGB", (90, 120), (180, 150, 130)).save(picture, "JPEG")
        add_photo(db, admin, child.id, picture.getvalue(), "入站时")
        render(db, admin, "notice", child.case_no)
        admission = _admission_of(db, child.id)
        with db.session() as session:
            rows = session.query(Belonging).filter_by(admission_id=admission)
            items = {row.item: row.id for row in rows}
        extra = add_belonging(db, admin, admission, BelongingInput(item="打火机"))
        return_belonging(db, admin, items["书包"], now - dt.timedelta(hours=1), "本人")
        dispose_belonging(
            db,
            admin,
            items["小刀"],
            DisposalInput(
                "police", now - dt.timedelta(hours=2), "城南派出所 李警官", "JS-2026-118"
            ),
        )
        dispose_belonging(
            db,
            admin,
            extra.id,
            DisposalInput(
                "destroyed",
                now - dt.timedelta(minutes=30),
                disposal_reason="危险物品",
                disposal_witness="王主任、张老师",
            ),
        )
    finally:
        db.close()
    with contextlib.closing(sqlite3.connect(paths.db_file)) as connection:
        connection.execute("PRAGMA journal_mode = DELETE")  # one file: no -wal beside it
    paths.db_file.rename(target)
    for leftover in sorted(paths.home.rglob("*"), reverse=True):
        leftover.rmdir() if leftover.is_dir() else leftover.unlink()
    paths.home.rmdir()


def _admission_of(db: Database, child_id: int) -> int:
    with db.session() as session:
        return session.query(Admission).filter_by(child_id=child_id).one().id


if __name__ == "__main__":
    out = ROOT / "tests" / "data" / f"release-{__version__}.sqlite"
    if out.exists():
        sys.exit(f"{out} exists: a release's fixture is never remade")
    make(out)
    print(out, out.stat().st_size)
