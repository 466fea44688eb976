"""A child listed twice in one ledger: refused in the dry run as a repeat of the first
row (the same ID number, however it is written; or the same name, date of birth and
sex when the two rows do not both carry ID numbers), and nothing imported; children
who only share a name and a birth date are not repeats."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from dbtools import dump
from intaketools import make_id
from ledgertools import plain_ledger

from desktop.core.errors import ValidationError
from desktop.core.reports import ledger

FIRST_ID = make_id(dt.date(2013, 4, 5), seq=3)
WIDE_ID = FIRST_ID.translate(str.maketrans("0123456789", "０１２３４５６７８９"))


def _row(no: str, name: str, sex: str, born: Any, id_number: str | None) -> list[Any]:
    return [no, name, sex, born, id_number, "汉族", "走失", "2025-04-01", "公安护送",
            None, None, None, ""]  # fmt: skip


ROWS = [
    _row("1", "吴十", "男", "2014-05-06", None),  # row 2
    _row("2", "吴十 ", "男", "2014/5/6", None),  # row 3: repeats row 2 (spaces, another format)
    _row("3", "吴十", "女", "2014-05-06", None),  # row 4: a girl of that name: another child
    _row("4", "吴十", "男", "2014年5月6日", make_id(dt.date(2014, 5, 6), seq=7)),  # row 5: row 2
    _row("5", "郑一", "男", None, FIRST_ID),  # row 6
    _row("6", "郑一一", "男", None, WIDE_ID),  # row 7: the same ID, full-width: repeats row 6
    _row("7", "冯双", "男", "2013-04-05", make_id(dt.date(2013, 4, 5), seq=5)),  # row 8
    _row("8", "冯双", "男", "2013-04-05", make_id(dt.date(2013, 4, 5), seq=9)),  # row 9: twins
    _row("9", "郑一", "男", None, FIRST_ID),  # row 10: a third time, still a repeat of row 6
]


def test_repeats_are_named_with_their_first_row(db_and_admin, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    db, admin = db_and_admin
    path = plain_ledger(tmp_path / "twice.xlsx", ROWS)
    checked = ledger.dry_run(db, admin, path)
    assert checked.problem_lines() == [
        "Row 3: The same name, date of birth and sex as row 2.",
        "Row 5: The same name, date of birth and sex as row 2.",
        "Row 7: The same ID number as row 6.",
        "Row 10: The same ID number as row 6.",
    ]
    assert sorted(row.row for row in checked.good) == [2, 4, 6, 8, 9]
    before = dump(db.path)
    with pytest.raises(ValidationError, match="4 rows have problems; nothing was imported"):
        ledger.import_ledger(db, admin, path)
    assert dump(db.path) == before
    done = ledger.import_ledger(db, admin, path, skip_bad=True)
    assert done.children == 5 and done.skipped == [3, 5, 7, 10]
    again = ledger.dry_run(db, admin, path)  # now every row is a registered child
    assert len(again.good) == 0


def test_a_row_without_id_after_one_with_it(db_and_admin, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    db, admin = db_and_admin
    rows = [_row("1", "冯双", "男", "2013-04-05", FIRST_ID),
            _row("2", "冯双", "男", "2013-04-05", None)]  # fmt: skip
    checked = ledger.dry_run(db, admin, plain_ledger(tmp_path / "a.xlsx", rows))
    assert checked.problem_lines() == ["Row 3: The same name, date of birth and sex as row 2."]
