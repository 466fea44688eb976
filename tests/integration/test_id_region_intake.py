"""Registering a child whose ID card carries a region code in use at no date from the
birth to today: refused until the clerk gives a reason, then saved with the reason
kept as a note; a code in use at some date in that time goes through quietly."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
from dbtools import count, dump
from intaketools import (
    arrival,
    known_child,
    make_id,
    open_copy,
    staffed_template,
    tolerate_unfinished,
)

from desktop.core.audit.check import check_database
from desktop.core.children import intake
from desktop.core.store.db import Database
from desktop.core.store.models import Staff

Env = tuple[Database, dict[str, Staff]]
BORN = dt.date(2015, 3, 4)
GONE = make_id(BORN, region="110110")  # 燕山区, a region code until 1986
NEWER = make_id(BORN, region="130284")  # 滦州市, a region code from 2018


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return staffed_template(tmp_path_factory)


@pytest.fixture
def env(template: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Env]:
    tolerate_unfinished(monkeypatch)
    with open_copy(template, tmp_path) as opened:
        yield opened


def _notes(db: Database, child_id: int) -> list[str]:
    return [note.text for note in intake.get_child(db, _admin(db), child_id).notes]


def _admin(db: Database) -> Staff:
    with db.session() as session:
        return session.query(Staff).filter_by(username="admin").one()


def test_a_code_newer_than_the_birth_registers_quietly(env: Env) -> None:
    db, people = env
    child = intake.register_child(db, people["intake"], known_child(id_number=NEWER), arrival())
    assert child.id_number == NEWER and child.birth_place == "河北省 唐山市 滦州市"
    assert count(db.path, "note") == 0


def test_an_unknown_code_needs_a_reason_and_nothing_is_saved_without_one(env: Env) -> None:
    db, people = env
    before = dump(db.path)
    with pytest.raises(intake.UnknownRegionCode) as caught:
        intake.register_child(db, people["intake"], known_child(id_number=GONE), arrival())
    assert caught.value.field == "id_number" and "110110" in caught.value.message
    assert dump(db.path) == before
    data = known_child(id_number=GONE, id_region_reason="身份证原件在手，与户口簿一致")
    child = intake.register_child(db, people["intake"], data, arrival())
    assert child.id_number == GONE and child.birth_date == BORN
    notes = _notes(db, child.id)
    assert len(notes) == 1 and "110110" in notes[0] and "身份证原件在手，与户口簿一致" in notes[0]
    db.close()
    assert check_database(db.path) == []


def test_an_edit_asks_for_a_reason_only_when_the_number_changes(env: Env) -> None:
    db, people = env
    clerk = people["intake"]
    first = known_child(id_number=GONE, id_region_reason="户口簿如此")
    child = intake.register_child(db, clerk, first, arrival())
    same = dataclasses.replace(first, id_region_reason="", alias="小明明")
    intake.update_child(db, clerk, child.id, same)  # the number was accepted before
    assert len(_notes(db, child.id)) == 1
    other = known_child(id_number=make_id(BORN, region="999999"))
    with pytest.raises(intake.UnknownRegionCode):
        intake.update_child(db, clerk, child.id, other)
    intake.update_child(
        db, clerk, child.id, dataclasses.replace(other, id_region_reason="卡上号码如此")
    )
    assert len(_notes(db, child.id)) == 2
