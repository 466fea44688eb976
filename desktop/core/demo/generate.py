"""``homeward demo``: a fresh database of realistic made-up records.

For trying the program and for benchmarks: Chinese names (two-character
surnames and 生僻字 among them), valid made-up resident ID numbers with real
county codes, the eight categories mixed, about 8% of children whose identity
is unknown, one to four admissions each over the last five years (about 3% in
the center now), referrals, guardians and their situations, notes, belongings
and the tasks the rules make.

Rows are written in batches with SQLAlchemy Core inserts, and the plain
(non-unique) indexes of those tables are built once at the end. Every row gets
its audit entry, chained exactly as ``audit.record`` chains them (same
``audit.entry_hash``), so ``homeward check`` passes; the chain's head is
updated once per batch. The same seed (and day) gives the same records.
"""

from __future__ import annotations

import datetime as dt
import itertools
import random
from bisect import bisect
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import cache
from typing import Any, TypeVar

from sqlalchemy import Index, insert
from sqlalchemy.orm import Session
from stdnum.cn import ric

from desktop.config import Paths
from desktop.core import tasks
from desktop.core.audit import trail as audit
from desktop.core.center import CenterProfile
from desktop.core.children.intake import case_number, case_year
from desktop.core.children.search import index_entry
from desktop.core.demo import data as demo_data
from desktop.core.demo import residence as demo_residence
from desktop.core.demo import returns as demo_returns
from desktop.core.demo.data import make_id_number
from desktop.core.errors import ValidationError
from desktop.core.i18n import _
from desktop.core.residence.discharge import TAKEN_BY_SOMEONE
from desktop.core.setup import initialise
from desktop.core.staff.accounts import add_staff_row
from desktop.core.store.db import Database, refresh_statistics, remove_database_files
from desktop.core.store.models import (
    Admission,
    AuditEntry,
    Base,
    Belonging,
    CaseCounter,
    Child,
    Contact,
    Note,
    Placement,
    SearchToken,
    Staff,
    Task,
    TaskRule,
    utcnow,
)
from desktop.core.store.rows import full_row as _row
from desktop.core.store.rows import table as _table

#: Children written per transaction.
BATCH = 2_000
#: How often progress is reported (children).
PROGRESS_EVERY = 10_000
MAX_CHILDREN = 1_000_000
ADMIN_FULL_NAME = "系统管理员"
#: The made-up center keeps China Standard Time.
CHINA = dt.timezone(dt.timedelta(hours=8))
YEARS = 5
SHARE_UNKNOWN = 0.08
SHARE_IN_CENTER = 0.03
SHARE_WITH_ID = 0.85

Progress = Callable[[int, int], None]
_T = TypeVar("_T")


#: Where demo children were found (the family-search notice prints it).
_FOUND_PLACES = ("火车站候车室", "长途汽车站", "商业街", "公园门口", "地铁站出口", "农贸市场")


@dataclass
class DemoCounts:
    """How many records the demo wrote."""

    children: int = 0
    admissions: int = 0
    contacts: int = 0
    notes: int = 0
    belongings: int = 0
    tasks: int = 0
    placements: int = 0
    search_tokens: int = 0
    audit_entries: int = 0
    return_plans: int = 0


# ---------------------------------------------------------------------------- helpers


class _Weighted:
    """Draws values with fixed weights, quickly."""

    def __init__(self, pairs: Sequence[tuple[_T, float]]) -> None:
        self.values = [value for value, _weight in pairs]
        self.cumulative = list(itertools.accumulate(weight for _value, weight in pairs))

    def draw(self, rng: random.Random) -> Any:
        """Return one value."""
        return self.values[bisect(self.cumulative, rng.random() * self.cumulative[-1])]


@cache
def _birth_place(county: str) -> str:
    """Return the province and county a county code names."""
    info = ric.get_birth_place(f"{county}20100101001X")
    return f"{info.get('province', '')}{info.get('county', '')}"


# ---------------------------------------------------------------------------- the batch


@dataclass
class _Batch:
    """The rows of one transaction, and the order their audit entries follow."""

    children: list[dict[str, Any]] = field(default_factory=list)
    admissions: list[dict[str, Any]] = field(default_factory=list)
    contacts: list[dict[str, Any]] = field(default_factory=list)
    notes: list[dict[str, Any]] = field(default_factory=list)
    belongings: list[dict[str, Any]] = field(default_factory=list)
    tasks: list[dict[str, Any]] = field(default_factory=list)
    placements: list[dict[str, Any]] = field(default_factory=list)
    tokens: list[dict[str, Any]] = field(default_factory=list)
    audited: list[tuple[str, dict[str, Any]]] = field(default_factory=list)

    def add(self, entity: str, rows: list[dict[str, Any]], row: dict[str, Any]) -> None:
        """Add a row to its table's list and to the audit order."""
        rows.append(row)
        self.audited.append((entity, row))


# ---------------------------------------------------------------------------- people


class _Maker:
    """Makes up the records of one child after another."""

    def __init__(
        self,
        rng: random.Random,
        now: dt.datetime,
        staff: dict[str, list[int]],
        rules: dict[str, TaskRule],
        beds: demo_residence.Beds,
    ) -> None:
        self.rng = rng
        self.beds = beds
        self.now = now
        self.staff = staff
        self.rules = rules
        self.next_ids: dict[str, int] = {}
        self.case_seq: dict[int, int] = {}
        self.used_ids: set[str] = set()
        self.surnames = _Weighted(
            [(name, 1 / (rank + 1) ** 0.9) for rank, name in enumerate(demo_data.SURNAMES)]
        )
        self.known_categories = _Weighted(demo_data.CATEGORIES_KNOWN)
        self.unknown_categories = _Weighted(demo_data.CATEGORIES_UNKNOWN)
        self.ethnicities = _Weighted(demo_data.ETHNICITIES)
        self.discharge_modes = _Weighted(demo_data.DISCHARGE_MODES)
        self.note_kinds = _Weighted(demo_data.NOTE_KINDS)
        self.stay_counts = _Weighted([(1, 60), (2, 25), (3, 10), (4, 5)])
        self.ages = _Weighted([(age, 1 + max(0, age - 6) ** 1.3) for age in range(3, 18)])

    def new_id(self, table: str) -> int:
        """Return the next id of ``table`` (the demo fills an empty database)."""
        value = self.next_ids.get(table, 0) + 1
        self.next_ids[table] = value
        return value

    def case_number(self, arrived: dt.datetime) -> tuple[str, int, int]:
        """Return (case number, year, sequence) for a child first admitted at ``arrived``."""
        year = case_year(arrived)
        seq = self.case_seq.get(year, 0) + 1
        self.case_seq[year] = seq
        return case_number(year, seq), year, seq

    # -- names

    def given_name(self, male: bool) -> str:
        """Return a given name of one or two characters."""
        pool = demo_data.MALE_CHARS if male else demo_data.FEMALE_CHARS
        count = 1 if self.rng.random() < 0.3 else 2
        return "".join(self.rng.choice(pool) for _ in range(count))

    def full_name(self, male: bool, surname: str | None = None) -> str:
        """Return a made-up Chinese name."""
        return (surname or self.surnames.draw(self.rng)) + self.given_name(male)

    def phone(self) -> str:
        """Return a made-up mobile number."""
        return self.rng.choice(("13", "15", "18", "17")) + f"{self.rng.randrange(10**9):09d}"

    # -- a child

    def child(self, batch: _Batch, first: dt.datetime) -> None:
        """Make up one child with admissions, contacts, notes, belongings and tasks."""
        rng = self.rng
        unknown = rng.random() < SHARE_UNKNOWN
        male = rng.random() < 0.52
        age = self.ages.draw(rng)
        arrival_day = first.astimezone(CHINA).date()
        birth = arrival_day - dt.timedelta(days=365 * age + rng.randrange(365))
        county, dialect = rng.choice(demo_data.COUNTIES)
        child = self.person(unknown, male, birth, county, dialect, first)
        batch.add("child", batch.children, child)
        surname = child.pop("_surname")
        for token in sorted(child.pop("_tokens")):
            batch.tokens.append({"child_id": child["id"], "token": token})
        stays = self.stays(first, birth)
        harmed_child = child["category"] == "harmed"
        for arrived, left in stays:
            self.admission(batch, child, arrived, left, unknown, harmed_child)
        if not unknown:
            self.contacts(batch, child, surname)
        last_arrived, last_left = stays[-1]
        child["updated_at"] = last_left or last_arrived

    def person(
        self,
        unknown: bool,
        male: bool,
        birth: dt.date,
        county: str,
        dialect: str,
        first: dt.datetime,
    ) -> dict[str, Any]:
        """Return the child row (with its search tokens under ``_tokens``)."""
        rng = self.rng
        child_id = self.new_id("child")
        case_no, year, seq = self.case_number(first)
        ethnicity = "01" if unknown else self.ethnicities.draw(rng)
        surname = ""
        if unknown:
            name, id_number = "", None
            alias = rng.choice(demo_data.NICKNAMES) if rng.random() < 0.5 else ""
            birth = dt.date(birth.year, 7, 1)
        else:
            surname, name = self.known_name(male, ethnicity)
            alias = ""
            id_number = (
                self.id_number(county, birth, male) if rng.random() < SHARE_WITH_ID else None
            )
        place = _birth_place(county) if not unknown else ""
        entry = index_entry(name, alias, id_number, case_no)
        age_years = (first.astimezone(CHINA).date() - birth).days // 365
        row = _row(
            Child,
            id=child_id,
            case_no=case_no,
            case_year=year,
            case_seq=seq,
            name=name,
            alias=alias,
            name_pinyin=entry.name_pinyin,
            name_initials=entry.name_initials,
            sex="male" if male else "female",
            birth_date=birth,
            birth_date_estimated=unknown or (id_number is None and rng.random() < 0.3),
            id_number=id_number,
            birth_place=place,
            ethnicity=ethnicity,
            category=(self.unknown_categories if unknown else self.known_categories).draw(rng),
            created_at=first + dt.timedelta(minutes=rng.randrange(5, 90)),
            updated_at=first,
            void_reason="",
            **self.description(unknown, age_years, county, dialect, place),
        )
        row["_tokens"] = entry.tokens
        row["_surname"] = surname
        return row

    def known_name(self, male: bool, ethnicity: str) -> tuple[str, str]:
        """Return (surname, name) of a child whose identity is known."""
        if ethnicity == "05":
            return "", self.rng.choice(demo_data.UYGHUR_NAMES)
        surname = self.surnames.draw(self.rng)
        return surname, self.full_name(male, surname)

    def id_number(self, county: str, birth: dt.date, male: bool) -> str:
        """Return an ID number no other child has."""
        while True:
            number = make_id_number(county, birth, male, self.rng.randrange(500))
            if number not in self.used_ids:
                self.used_ids.add(number)
                return number

    def description(
        self, unknown: bool, age: int, county: str, dialect: str, place: str
    ) -> dict[str, Any]:
        """Return the descriptive columns: where from, school, looks, health."""
        rng = self.rng
        described = unknown or rng.random() < 0.6
        values: dict[str, Any] = {
            "household_registration": "",
            "address": "",
            "school": "",
            "education": "unknown" if unknown else _education(age, rng),
            "dialect": "" if unknown and rng.random() < 0.5 else dialect,
            "height_cm": max(70, int(75 + 6.2 * age + rng.gauss(0, 6))) if described else None,
            "build": rng.choice(("slim", "medium", "medium", "heavy")) if described else "",
            "appearance": rng.choice(demo_data.APPEARANCE) if described else "",
            "clothing": rng.choice(demo_data.CLOTHING) if unknown else "",
            "health": rng.choice(demo_data.HEALTH),
            "mental_state": rng.choice(demo_data.UNKNOWN_MENTAL if unknown else demo_data.MENTAL),
            "disability": rng.choice(demo_data.UNKNOWN_DISABILITY) if unknown else "",
        }
        if not unknown:
            home = place + rng.choice(demo_data.TOWNS) + rng.choice(demo_data.VILLAGES)
            values["household_registration"] = home
            values["address"] = f"{home}{rng.randrange(1, 12)}组{rng.randrange(1, 80)}号"
            if values["education"] in ("primary", "junior", "senior"):
                level = "小学" if values["education"] == "primary" else "中学"
                values["school"] = f"{place}第{rng.randrange(1, 9)}{level}"
        return values

    # -- stays

    def stays(
        self, first: dt.datetime, birth: dt.date
    ) -> list[tuple[dt.datetime, dt.datetime | None]]:
        """Return (arrived, discharged or None) of each admission, oldest first."""
        rng = self.rng
        open_at = None
        if rng.random() < SHARE_IN_CENTER:
            open_at = max(first, self.now - dt.timedelta(days=rng.uniform(0.05, 45)))
        limit = open_at or self.now
        adult = dt.datetime.combine(
            birth.replace(year=birth.year + 18, day=min(birth.day, 28)), dt.time(), CHINA
        )
        stays: list[tuple[dt.datetime, dt.datetime | None]] = []
        arrived = first
        for _stay in range(self.stay_counts.draw(rng)):
            if arrived >= limit or arrived >= adult:
                break
            length = dt.timedelta(days=min(180.0, rng.lognormvariate(1.6, 1.0)))
            left = arrived + length
            if left >= limit:
                left = arrived + (limit - arrived) * rng.uniform(0.3, 0.9)
            stays.append((arrived, left))
            arrived = left + dt.timedelta(days=rng.uniform(20, 700))
        if open_at is not None and open_at < adult:  # the center shelters minors only
            stays.append((open_at, None))
        if not stays:  # came of age before the stay now: the one stay ended when it did
            stays.append((first, min(adult, self.now, first + dt.timedelta(days=30))))
        return stays

    def admission(
        self,
        batch: _Batch,
        child: dict[str, Any],
        arrived: dt.datetime,
        left: dt.datetime | None,
        unknown: bool,
        harmed_child: bool,
    ) -> None:
        """Make up one admission with its notes, belongings and tasks."""
        rng = self.rng
        category = child["category"]
        harmed = (harmed_child and rng.random() < 0.9) or rng.random() < 0.02
        row = _row(
            Admission,
            id=self.new_id("admission"),
            child_id=child["id"],
            arrived_at=arrived,
            reason=rng.choice(demo_data.REASONS[category]),
            circumstances=rng.choice(demo_data.CIRCUMSTANCES),
            street_since=rng.choice(demo_data.STREET_SINCE) if category == "street" else "",
            welfare_status=rng.choice(("none", "none", "none", "dibao", "wubao", "unknown")),
            intake_check=rng.choice(demo_data.HARM_CHECKS if harmed else demo_data.INTAKE_CHECKS),
            harm_found=harmed,
            security_check=rng.choice(demo_data.SECURITY_CHECKS),
            photo_taken=rng.random() < 0.9,
            consent=rng.random() < 0.95,
            consent_note="",
            receiving_staff_id=rng.choice(self.staff["intake"]),
            created_at=arrived + dt.timedelta(minutes=rng.randrange(5, 60)),
            void_reason="",
            **self.referral(arrived),
            **self.fingerprints(arrived),
            **self.discharge(child, arrived, left),
        )
        batch.add("admission", batch.admissions, row)
        self.placements(batch, row, child["sex"])
        self.notes(batch, row, left)
        self.belongings(batch, row, child, left)
        self.tasks(batch, row, unknown, harmed or category == "harmed")

    def placements(self, batch: _Batch, admission: dict[str, Any], sex: str) -> None:
        """Give the stay its bed or place outside (and now and then a move)."""
        for values in demo_residence.placements(
            self.rng, self.beds, lambda: self.new_id("placement"), admission, sex, self.phone
        ):
            batch.add("placement", batch.placements, _row(Placement, **values))

    def referral(self, arrived: dt.datetime) -> dict[str, Any]:
        """Return who brought the child and the police references."""
        rng = self.rng
        mode = _ARRIVAL_MODES.draw(rng)
        local = arrived.astimezone(CHINA)
        district = rng.choice(demo_data.DISTRICTS)
        values = {
            "arrival_mode": mode,
            "referring_unit": "",
            "referrer_name": "",
            "referrer_phone": "",
            "police_case_no": "",
            "police_handover_ref": "",
            # where the child was found, without drawing from rng (the seeds stay as they were)
            "found_place": f"示例市{district}{_FOUND_PLACES[local.hour % len(_FOUND_PLACES)]}",
        }
        if mode == "police":
            values["referring_unit"] = f"示例市公安局{district}分局{district}派出所"
            values["referrer_name"] = self.full_name(True) + "（民警）"
            values["referrer_phone"] = self.phone()
            values["police_case_no"] = f"A{local:%Y%m%d}{rng.randrange(10**6):06d}"
            values["police_handover_ref"] = f"交接-{local:%Y%m%d}-{rng.randrange(1, 999):03d}"
        elif mode == "other":
            values["referring_unit"] = rng.choice(
                (f"{district}街道办事处", f"{district}社区居委会", "示例市火车站", "")
            )
            values["referrer_name"] = self.full_name(rng.random() < 0.5)
            values["referrer_phone"] = self.phone()
        return values

    def fingerprints(self, arrived: dt.datetime) -> dict[str, Any]:
        """Return whether fingerprints were taken, and their reference."""
        if self.rng.random() < 0.6:
            stamp = arrived.astimezone(CHINA)
            return {"fingerprints_taken": True, "fingerprint_ref": f"ZW{stamp:%Y%m%d%H%M}"}
        return {"fingerprints_taken": False, "fingerprint_ref": ""}

    def discharge(
        self, child: dict[str, Any], arrived: dt.datetime, left: dt.datetime | None
    ) -> dict[str, Any]:
        """Return how and where the child left (nothing while still in the center)."""
        values: dict[str, Any] = {
            "discharged_at": left,
            "discharge_mode": "",
            "discharge_destination": "",
            "cross_province": False,
            "discharge_note": "",
        }
        if left is None:
            return values
        rng = self.rng
        age = (left.astimezone(CHINA).date() - child["birth_date"]).days // 365
        mode = self.discharge_modes.draw(rng)
        while mode == "self_return" and age < 16:
            mode = self.discharge_modes.draw(rng)
        values["discharge_mode"] = mode
        if mode in ("escorted_home", "collected", "self_return"):
            values["discharge_destination"] = child["household_registration"] or "原籍地"
            values["cross_province"] = rng.random() < 0.45 and mode != "self_return"
        elif mode == "placed":
            values["discharge_destination"] = rng.choice(demo_data.PLACES)
        values["discharge_note"] = demo_data.DISCHARGE_NOTES.get(mode, "")
        if mode == "left":
            values["police_report"] = (
                f"已报城关派出所，接警回执 JJ{left.astimezone(CHINA):%Y%m%d%H%M}"
            )
        values["statement_signed"] = mode == "self_return"
        if mode == "collected" or (age < 16 and mode in TAKEN_BY_SOMEONE):
            values.update(self.collector(child, left))
        return values

    def collector(self, child: dict[str, Any], left: dt.datetime) -> dict[str, Any]:
        """The adult the child left with, ID checked by a member of the intake staff."""
        rng = self.rng
        relationship, male = rng.choice(demo_data.COLLECTORS)
        born = dt.date(rng.randrange(1965, 2000), rng.randrange(1, 13), rng.randrange(1, 29))
        county = (child["id_number"] or "")[:6] or rng.choice(demo_data.COUNTIES)[0]
        return {
            "collector_name": self.full_name(male),
            "collector_id_number": make_id_number(county, born, male, rng.randrange(500)),
            "collector_relationship": relationship,
            "collector_phone": self.phone(),
            "collector_checked_by": rng.choice(demo_data.CHECKERS),
        }

    def contacts(self, batch: _Batch, child: dict[str, Any], surname: str) -> None:
        """Make up the child's parents and relatives, with their situations."""
        rng = self.rng
        category = child["category"]
        for relationship, is_father in demo_data.RELATIVES_PARENTS:
            situation = _parent_situation(category, rng)
            if situation is None:
                continue
            family = surname if is_father else None
            self.contact(batch, child, relationship, is_father, situation, family)
        if category in ("orphan", "unattended", "no_guardian") or rng.random() < 0.2:
            relative = rng.choice(demo_data.RELATIVES_OTHER)
            family = surname if relative in ("祖父", "祖母", "叔叔", "姑姑", "哥哥") else None
            male = relative in ("祖父", "外祖父", "叔叔", "舅舅", "哥哥")
            self.contact(batch, child, relative, male, "alive", family)

    def contact(
        self,
        batch: _Batch,
        child: dict[str, Any],
        relationship: str,
        male: bool,
        situation: str,
        surname: str | None,
    ) -> None:
        """Add one contact of ``child``."""
        rng = self.rng
        alive = situation in ("alive", "ill")
        adult_birth = dt.date(rng.randrange(1960, 1996), rng.randrange(1, 13), rng.randrange(1, 29))
        county = (child["id_number"] or "")[:6] or rng.choice(demo_data.COUNTIES)[0]
        with_id = alive and rng.random() < 0.5
        row = _row(
            Contact,
            id=self.new_id("contact"),
            child_id=child["id"],
            name=self.full_name(male, surname or None),
            relationship=relationship,
            phone=self.phone() if alive else "",
            address=child["address"] if alive else "",
            id_number=make_id_number(county, adult_birth, male, rng.randrange(500))
            if with_id
            else "",
            legal_guardian=situation == "alive" and relationship in ("父亲", "母亲"),
            situation=situation,
            note=_CONTACT_NOTES.get(situation, ""),
            void_reason="",
        )
        batch.add("contact", batch.contacts, row)

    # -- around an admission

    def notes(self, batch: _Batch, admission: dict[str, Any], left: dt.datetime | None) -> None:
        """Make up the notes written during a stay."""
        rng = self.rng
        arrived = admission["arrived_at"]
        span = (left or self.now) - arrived
        for _note in range(rng.choice((0, 1, 1, 2, 3))):
            kind = self.note_kinds.draw(rng)
            row = _row(
                Note,
                id=self.new_id("note"),
                child_id=admission["child_id"],
                admission_id=admission["id"],
                kind=kind,
                at=arrived + span * rng.random(),
                text=rng.choice(demo_data.NOTE_TEXTS[kind]),
                staff_id=rng.choice(self.staff["notes"]),
                void_reason="",
            )
            batch.add("note", batch.notes, row)

    def belongings(
        self,
        batch: _Batch,
        admission: dict[str, Any],
        child: dict[str, Any],
        left: dt.datetime | None,
    ) -> None:
        """Make up the belongings some children deposit, returned when they leave."""
        rng = self.rng
        if rng.random() > 0.3:
            return
        returned = left is not None and admission["discharge_mode"] not in ("left", "died")
        taker = admission["collector_name"] or child["name"] or child["alias"] or "本人"
        for item, quantity, description, cash, valuable in rng.sample(
            demo_data.BELONGINGS, rng.randrange(1, 4)
        ):
            row = _row(
                Belonging,
                id=self.new_id("belonging"),
                admission_id=admission["id"],
                item=item,
                quantity=quantity,
                description=description,
                cash_fen=rng.randrange(100, 50_000) if cash < 0 else cash,
                valuable=valuable,
                returned_at=left if returned else None,
                returned_to=taker if returned else "",
                not_returned_reason=_KEPT_BECAUSE.get(admission["discharge_mode"], "")
                if left is not None and not returned
                else "",
                returned_by_id=rng.choice(self.staff["intake"]) if returned else None,
                disposition="returned" if returned else "held",
                void_reason="",
            )
            batch.add("belonging", batch.belongings, row)

    def tasks(self, batch: _Batch, admission: dict[str, Any], unknown: bool, harmed: bool) -> None:
        """Make the tasks the rules call for, done or cancelled as the stay went."""
        arrived, left = admission["arrived_at"], admission["discharged_at"]
        for kind, due in tasks.planned_tasks(self.rules, unknown, harmed, arrived):
            row = _row(
                Task,
                id=self.new_id("task"),
                child_id=admission["child_id"],
                admission_id=admission["id"],
                kind=kind,
                due_at=due,
                created_at=admission["created_at"],
                reference="",
                note="",
                cancelled=False,
            )
            self.settle(row, arrived, left)
            batch.add("task", batch.tasks, row)

    def settle(self, task: dict[str, Any], arrived: dt.datetime, left: dt.datetime | None) -> None:
        """Mark a task done (mostly in time) or cancelled, or leave it open: those not
        yet due, and some that fell due in the last few days (the overdue ones)."""
        rng = self.rng
        due = task["due_at"]
        if left is not None and due > left:
            task["cancelled"] = True
            task["note"] = "儿童已离站，无需办理。"
            return
        recently_due = self.now - due < dt.timedelta(days=3) and rng.random() < 0.5
        if left is None and (due > self.now or recently_due):
            return
        done = arrived + (due - arrived) * rng.uniform(0.2, 1.0) + dt.timedelta(minutes=30)
        task["done_at"] = min(done, left or self.now)
        task["done_by_id"] = rng.choice(self.staff["notes"])
        task["reference"] = _reference(task["kind"], task["done_at"], rng)


#: Why the belongings of a child who left this way stayed with the center.
_KEPT_BECAUSE = {
    "left": "儿童擅自离站，物品由中心继续代为保管。",
    "died": "物品由中心保管，待家属领取。",
}

_ARRIVAL_MODES = _Weighted([("police", 55), ("other", 30), ("self", 15)])


_CONTACT_NOTES = {
    "imprisoned": "正在服刑，刑期未满。",
    "missing": "已离家多年，下落不明。",
    "ill": "重病住院，无力照料。",
    "dead": "已故。",
}


def _parent_situation(category: str, rng: random.Random) -> str | None:
    """Return the situation of a parent for a child of ``category`` (None: not recorded)."""
    if category == "orphan":
        return "dead"
    if category == "unattended":
        return rng.choice(("dead", "missing", "imprisoned", "ill"))
    if category == "no_guardian":
        return rng.choice(("ill", "imprisoned", "alive", "unknown"))
    if rng.random() < 0.15:
        return None
    return "alive" if rng.random() < 0.9 else "unknown"


def _education(age: int, rng: random.Random) -> str:
    """Return a plausible schooling for a child of ``age``."""
    if age < 6:
        return "preschool" if rng.random() < 0.6 else "none"
    if age < 12:
        return "primary"
    if age < 15:
        return "junior" if rng.random() < 0.85 else "dropped_out"
    return rng.choice(("senior", "vocational", "dropped_out", "junior"))


def _reference(kind: str, done: dt.datetime, rng: random.Random) -> str:
    """Return the reference a completed task records."""
    local = done.astimezone(CHINA)
    if kind == "mandatory_report":
        return f"示公（{local:%Y}）受字{rng.randrange(1, 9999)}号"
    if kind == "search_notice":
        return f"寻亲公告 XQ{local:%Y%m%d}{rng.randrange(1000):03d}"
    if kind == "dna_request":
        return f"DNA采样回执 {local:%Y%m%d}-{rng.randrange(100):02d}"
    return ""


# ---------------------------------------------------------------------------- writing


def _write_batch(session: Session, batch: _Batch, actor: Staff) -> int:
    """Insert one batch of rows and their audit entries; return the entries written."""
    for model, rows in (
        (Child, batch.children),
        (Admission, batch.admissions),
        (Contact, batch.contacts),
        (Note, batch.notes),
        (Belonging, batch.belongings),
        (Task, batch.tasks),
        (Placement, batch.placements),
        (SearchToken, batch.tokens),
    ):
        if rows:
            session.execute(insert(_table(model)), rows)
    trail = audit.Batch(session, actor)
    at = utcnow()
    for entity, row in batch.audited:
        trail.add(entity, row, at)
    return trail.write(session)


def _write_counters(session: Session, case_seq: dict[int, int]) -> None:
    """Record the last case number given out in each year."""
    for year, last in sorted(case_seq.items()):
        session.add(CaseCounter(year=year, last=last))


def _add_staff(db: Database, admin: Staff, password: str) -> dict[str, list[int]]:
    """Add the demo's staff; return staff ids by what they do."""
    ids: dict[str, list[int]] = {"intake": [admin.id], "notes": [admin.id]}
    with db.session() as session:
        for username, full_name, role in demo_data.STAFF:
            staff = add_staff_row(session, admin, username, full_name, role, password)
            if role == "intake":
                ids["intake"].append(staff.id)
            if role in ("intake", "caseworker"):
                ids["notes"].append(staff.id)
            if role == "caseworker":
                ids["return_home"] = [staff.id]
    return ids


def _first_arrivals(rng: random.Random, count: int, now: dt.datetime) -> list[dt.datetime]:
    """Return when each child first arrived, oldest first, over the last five years."""
    span = dt.timedelta(days=365 * YEARS).total_seconds() - 3600
    start = now - dt.timedelta(days=365 * YEARS)
    offsets = sorted(rng.random() * span for _ in range(count))
    return [start + dt.timedelta(seconds=round(offset)) for offset in offsets]


def create_demo(
    paths: Paths,
    password: str,
    children: int,
    seed: int = 1,
    today: dt.date | None = None,
    progress: Progress | None = None,
) -> DemoCounts:
    """Create a new database in ``paths.home`` filled with ``children`` made-up children.

    The administrator is ``admin`` with ``password``; four more staff members get
    the same password and must change it when they first sign in. A failure
    removes the new database.
    """
    if not 1 <= children <= MAX_CHILDREN:
        raise ValidationError(
            _("Choose a number of children from 1 to {n}.").format(n=MAX_CHILDREN),
            field="children",
        )
    profile = CenterProfile(
        name=demo_data.CENTER_NAME, address=demo_data.CENTER_ADDRESS, phone=demo_data.CENTER_PHONE
    )
    db, admin = initialise(paths, profile, "admin", ADMIN_FULL_NAME, password)
    try:
        counts = _fill(db, admin, password, children, seed, today or dt.date.today(), progress)
    except BaseException:
        db.close()
        remove_database_files(paths.db_file)
        raise
    db.close()
    return counts


def _fill(
    db: Database,
    admin: Staff,
    password: str,
    children: int,
    seed: int,
    today: dt.date,
    progress: Progress | None,
) -> DemoCounts:
    """Write the demo's staff and children into the new database."""
    staff = _add_staff(db, admin, password)
    with db.session() as session:
        rules = tasks.load_rules(session)
    rng = random.Random(seed)
    now = dt.datetime.combine(today, dt.time(12), CHINA).astimezone(dt.UTC)
    beds = demo_residence.add_rooms(db, admin, round(children * SHARE_IN_CENTER))
    maker = _Maker(rng, now, staff, rules, demo_residence.Beds(beds))
    firsts = _first_arrivals(rng, children, now)
    counts = DemoCounts()
    indexes = _deferred_indexes()
    _drop_indexes(db, indexes)
    for start in range(0, children, BATCH):
        batch = _Batch()
        for first in firsts[start : start + BATCH]:
            maker.child(batch, first)
        with db.session() as session:
            counts.audit_entries += _write_batch(session, batch, admin)
        _count(counts, batch)
        done = min(start + BATCH, children)
        if progress is not None and (done % PROGRESS_EVERY < BATCH or done == children):
            progress(done, children)
    with db.session() as session:
        _write_counters(session, maker.case_seq)
    _create_indexes(db, indexes)
    with db.session() as session:
        worker = session.get(Staff, staff["return_home"][0])
    assert worker is not None
    counts.return_plans = demo_returns.add_plans(db, admin, worker, min(now, utcnow()))
    refresh_statistics(db.engine)
    return counts


def _count(counts: DemoCounts, batch: _Batch) -> None:
    """Add a batch's rows to the totals."""
    counts.children += len(batch.children)
    counts.admissions += len(batch.admissions)
    counts.contacts += len(batch.contacts)
    counts.notes += len(batch.notes)
    counts.belongings += len(batch.belongings)
    counts.tasks += len(batch.tasks)
    counts.placements += len(batch.placements)
    counts.search_tokens += len(batch.tokens)


#: Tables the demo fills in bulk: their plain indexes are built once, after the load.
_BULK_TABLES: tuple[type[Base], ...] = (
    AuditEntry,
    SearchToken,
    Child,
    Admission,
    Contact,
    Note,
    Belonging,
    Task,
    Placement,
)


def _deferred_indexes() -> list[Index]:
    """Return the non-unique indexes of the bulk tables (unique ones guard the data)."""
    return [
        index
        for model in _BULK_TABLES
        for index in sorted(_table(model).indexes, key=lambda index: str(index.name))
        if not index.unique
    ]


def _drop_indexes(db: Database, indexes: list[Index]) -> None:
    with db.engine.begin() as connection:
        for index in indexes:
            index.drop(connection)


def _create_indexes(db: Database, indexes: list[Index]) -> None:
    with db.engine.begin() as connection:
        for index in indexes:
            index.create(connection)
