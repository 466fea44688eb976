"""Importing a center's existing ledger (台账): column mapping, a dry run, and an
all-or-nothing import.

1. ``read_ledger`` reads the file (``ledger_file``) and guesses which column holds
   what from its header, in Chinese or English (``guess_mapping``).
2. ``dry_run`` checks every row with the same rules as the intake desk (the ID
   number, dates, choices) and for duplicates, of a child already registered or
   of another row, and lists each row's problems. Nothing is written.
3. ``import_ledger`` checks again and writes every row in one transaction, or
   nothing: a row with a problem stops the import unless the user chose to skip
   such rows. Each child is on the audit trail as imported, with the file's name
   and row, and gets a case number of the year it first arrived.

Imported stays make no tasks (they are history; the desk's rules apply to new
arrivals).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import func, insert, select
from sqlalchemy.orm import Session

from desktop.core import fields
from desktop.core.audit import trail as audit
from desktop.core.children.intake import case_number, case_year
from desktop.core.children.search import index_entry
from desktop.core.children.validation import (
    AdmissionInput,
    ChildInput,
    check_admission,
    check_child,
)
from desktop.core.clock import local_day
from desktop.core.errors import ValidationError
from desktop.core.i18n import CHINESE, ENGLISH, N_, _, ngettext, translated_in
from desktop.core.reports.ledger_file import RawTable, find_table, header_key
from desktop.core.reports.ledger_values import plain, read_choice, read_day, read_moment
from desktop.core.staff.access import Actor, require_actor
from desktop.core.staff.permissions import Permission
from desktop.core.store.db import Database
from desktop.core.store.models import Admission, CaseCounter, Child, SearchToken, utcnow
from desktop.core.store.rows import full_row, table

Progress = Callable[[int, int], None]
#: Rows checked or written between two progress reports.
PROGRESS_EVERY = 500
#: Values looked up in the database per query (duplicates).
LOOKUP_CHUNK = 500

C, A = fields.CHILD, fields.ADMISSION

#: What a ledger column can hold: its key, its label, and more header names people use
#: (beside the label in Chinese and English, which an export of Homeward writes).
TARGETS: dict[str, tuple[str, tuple[str, ...]]] = {
    "ledger_no": (N_("Number in the ledger"), ("编号", "序号", "档案号", "案卷号", "登记号",
                                                "no", "number", "casenumber", "caseno")),
    "name": (C["name"].label, ("姓名", "名字", "儿童姓名", "name", "childname", "fullname")),
    "alias": (C["alias"].label, ("别名", "化名", "自称", "自述姓名", "曾用名", "alias")),
    "sex": (C["sex"].label, ("性别", "sex", "gender")),
    "birth_date": (C["birth_date"].label, ("出生日期", "出生年月", "出生年月日", "生日",
                                           "dateofbirth", "birthdate", "dob", "birthday")),
    "id_number": (C["id_number"].label, ("身份证号", "身份证号码", "身份证", "公民身份号码",
                                         "居民身份证号码", "证件号码", "idnumber", "id",
                                         "residentid", "idno")),
    "ethnicity": (C["ethnicity"].label, ("民族", "ethnicity", "nation", "ethnic")),
    "category": (C["category"].label, ("类别", "儿童类别", "救助类别", "类型", "对象类别",
                                       "category", "type")),
    "household_registration": (C["household_registration"].label,
                               ("户籍地", "户籍", "户口所在地", "户籍所在地", "籍贯",
                                "householdregistration", "hukou")),
    "address": (C["address"].label, ("家庭住址", "住址", "地址", "家庭地址", "address")),
    "health": (C["health"].label, ("健康状况", "健康", "身体状况", "health")),
    "arrived_at": (A["arrived_at"].label, ("入站时间", "入站日期", "进站日期", "进站时间",
                                           "到站日期", "接收日期", "救助日期", "受助日期",
                                           "求助日期", "arrived", "arrival", "arrivaldate",
                                           "admitted", "admissiondate")),
    "arrival_mode": (A["arrival_mode"].label, ("入站方式", "来站方式", "求助方式", "送站方式",
                                               "arrivalmode")),
    "referring_unit": (A["referring_unit"].label, ("护送单位", "送站单位", "移送单位",
                                                   "转介单位", "referringunit", "referredby")),
    "reason": (A["reason"].label, ("求助原因", "受助原因", "原因", "reason")),
    "discharged_at": (A["discharged_at"].label, ("离站时间", "离站日期", "出站日期",
                                                 "出站时间", "discharged", "dischargedate",
                                                 "left")),
    "discharge_mode": (A["discharge_mode"].label, ("离站方式", "出站方式", "dischargemode",
                                                   "howleft")),
    "discharge_destination": (A["discharge_destination"].label, ("去向", "离站去向",
                                                                 "destination")),
}  # fmt: skip


def _aliases() -> dict[str, str]:
    """Every header name (compared as ``header_key``) with the key it stands for."""
    names: dict[str, str] = {}
    for key, (label, extra) in TARGETS.items():
        for name in (*extra, translated_in(label, ENGLISH), translated_in(label, CHINESE)):
            names.setdefault(header_key(name), key)
    return names


_ALIASES: dict[str, str] = {}


def _alias_table() -> dict[str, str]:
    if not _ALIASES:
        _ALIASES.update(_aliases())
    return _ALIASES


def guess_mapping(headers: list[str]) -> dict[str, int]:
    """Which column holds what, from the header names: ``{key: column index}``.

    The first column whose header names a key takes it; unknown headers are left
    out (the mapping step shows them, to be assigned by hand).
    """
    known = _alias_table()
    mapping: dict[str, int] = {}
    for position, header in enumerate(headers):
        key = known.get(header_key(header))
        if key is not None and key not in mapping:
            mapping[key] = position
    return mapping


def _score(headers: list[str]) -> int:
    known = _alias_table()
    return len({known[name] for name in headers if name in known})


def read_ledger(path: Path) -> tuple[RawTable, dict[str, int]]:
    """Read the ledger at ``path``: its table and the guessed mapping. Needs no database."""
    raw = find_table(path, lambda headers: _score(headers))
    return raw, guess_mapping(raw.headers)


def _source(source: Path | RawTable) -> tuple[RawTable, dict[str, int]]:
    """The table and guessed mapping of a file, or of a table already read."""
    if isinstance(source, RawTable):
        return source, guess_mapping(source.headers)
    return read_ledger(source)


def preview_ledger(db: Database, actor: Actor, path: Path) -> tuple[RawTable, dict[str, int]]:
    """Read the ledger at ``path`` for the mapping step: its table and the guessed mapping."""
    with db.session() as session:
        require_actor(session, actor, Permission.IMPORT)
    return read_ledger(path)


def target_label(key: str) -> str:
    """The translated name of what a column holds."""
    return _(TARGETS[key][0])


# ---------------------------------------------------------------------------- checking


@dataclass(frozen=True)
class Problem:
    """What is wrong with one row (``row`` as the spreadsheet numbers it)."""

    row: int
    message: str


@dataclass(frozen=True)
class GoodRow:
    """A row that can be imported: the child, the stay and how the stay ended."""

    row: int
    child: ChildInput
    stay: AdmissionInput
    discharged_at: dt.datetime | None
    discharge_mode: str
    discharge_destination: str
    ledger_no: str


@dataclass
class DryRun:
    """The outcome of checking a ledger: good rows, and every problem of the others."""

    file_name: str
    sheet: str
    rows: int
    mapping: dict[str, int]
    good: list[GoodRow] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    @property
    def bad_rows(self) -> list[int]:
        """The rows with at least one problem, in order."""
        return sorted({problem.row for problem in self.problems})

    def problem_lines(self) -> list[str]:
        """One line per problem: ``Row 12: ...``."""
        return [
            _("Row {row}: {problem}").format(row=problem.row, problem=problem.message)
            for problem in self.problems
        ]


def _moment(value: Any, key: str) -> dt.datetime | None:
    try:
        naive = read_moment(value)
    except ValueError as error:
        raise ValidationError(
            _("{label}: {value}").format(label=target_label(key), value=error), field=key
        ) from None
    return None if naive is None else naive.astimezone().astimezone(dt.UTC)


def _cells(values: list[Any], mapping: dict[str, int]) -> dict[str, Any]:
    return {key: values[index] if index < len(values) else None for key, index in mapping.items()}


def _choice(cells: dict[str, Any], key: str, problems: list[str], default: str = "") -> str:
    try:
        return read_choice(key, cells.get(key)) or default
    except ValueError as error:
        problems.append(str(error))
        return default


def _text(cells: dict[str, Any], key: str) -> str:
    return plain(cells.get(key))


def check_row(
    number: int, values: list[Any], mapping: dict[str, int], now: dt.datetime
) -> GoodRow | list[str]:
    """Check one row alone (no duplicates): a ``GoodRow``, or its problems."""
    cells = _cells(values, mapping)
    problems: list[str] = []
    sex = _choice(cells, "sex", problems, "unknown")
    category = _choice(cells, "category", problems, "other")
    ethnicity = _choice(cells, "ethnicity", problems)
    arrival_mode = _choice(cells, "arrival_mode", problems, "other")
    discharge_mode = _choice(cells, "discharge_mode", problems)
    moments: dict[str, dt.datetime | None] = {}
    unreadable = False
    for key in ("arrived_at", "discharged_at"):
        try:
            moments[key] = _moment(cells.get(key), key)
        except ValidationError as error:
            problems.append(error.message)
            moments[key] = None
            unreadable = unreadable or key == "arrived_at"
    born = None
    try:
        born = read_day(cells.get("birth_date"))
    except ValueError as error:
        problems.append(_("{label}: {value}").format(label=target_label("birth_date"), value=error))
    arrived, left = moments["arrived_at"], moments["discharged_at"]
    if arrived is None and not unreadable:
        problems.append(_("{label}: empty; every stay needs its arrival.").format(
            label=target_label("arrived_at")))  # fmt: skip
    if left is not None and arrived is not None and left < arrived:
        problems.append(_("The discharge is before the arrival."))
    if left is not None and left > now:
        problems.append(_("The discharge is in the future."))
    if discharge_mode and left is None:
        problems.append(_("{label} given, but no discharge date.").format(
            label=target_label("discharge_mode")))  # fmt: skip
    if problems or arrived is None:
        return problems
    child = ChildInput(
        name=_text(cells, "name"),
        alias=_text(cells, "alias"),
        sex=sex,
        birth_date=born,
        id_number=_text(cells, "id_number"),
        ethnicity=ethnicity,
        household_registration=_text(cells, "household_registration"),
        address=_text(cells, "address"),
        health=_text(cells, "health"),
        category=category,
    )
    stay = AdmissionInput(
        arrived_at=arrived,
        arrival_mode=arrival_mode,
        referring_unit=_text(cells, "referring_unit"),
        reason=_text(cells, "reason"),
    )
    try:
        checked, warnings = check_child(child, local_day(now), local_day(arrived))
        stay = check_admission(stay, now)
    except ValidationError as error:
        return [error.message]
    if warnings:
        return [str(warning) for warning in warnings]
    destination = _text(cells, "discharge_destination")
    if len(destination) > (A["discharge_destination"].max_length or 0):
        return [_("{label}: too long.").format(label=target_label("discharge_destination"))]
    return GoodRow(
        row=number,
        child=checked,
        stay=stay,
        discharged_at=left,
        discharge_mode=(discharge_mode or "other") if left is not None else "",
        discharge_destination=destination,
        ledger_no=_text(cells, "ledger_no"),
    )


def _check_mapping(mapping: dict[str, int], headers: list[str]) -> None:
    if "arrived_at" not in mapping:
        raise ValidationError(
            _("No column holds the arrival date (入站日期): assign one in the mapping."),
            field="mapping",
        )
    if not {"name", "alias", "id_number"} & mapping.keys():
        raise ValidationError(
            _("No column holds the name, the alias or the ID number: assign one."),
            field="mapping",
        )
    for key, index in mapping.items():
        if key not in TARGETS or not 0 <= index < max(len(headers), 1) + 50:
            raise ValidationError(_("The column mapping is not valid."), field="mapping")


def _chunks(values: list[Any]) -> list[list[Any]]:
    return [values[start : start + LOOKUP_CHUNK] for start in range(0, len(values), LOOKUP_CHUNK)]


def _registered(session: Session, good: list[GoodRow]) -> dict[int, str]:
    """Rows that are children already registered: ``{row: problem}`` (every row of the
    file that names one, when the file lists it more than once)."""
    found: dict[int, str] = {}
    numbers: dict[str, list[int]] = {}
    for row in good:
        if row.child.id_number:
            numbers.setdefault(row.child.id_number, []).append(row.row)
    for chunk in _chunks(list(numbers)):
        by_number = select(Child.id_number, Child.case_no).where(Child.id_number.in_(chunk))
        for id_number, case_no in session.execute(by_number):
            for at in numbers[id_number]:
                found[at] = _("Already registered: case {case} has this ID number.").format(
                    case=case_no
                )
    named: dict[tuple[str, dt.date], list[int]] = {}
    for row in good:
        if row.child.name and row.child.birth_date and not row.child.id_number:
            named.setdefault((row.child.name, row.child.birth_date), []).append(row.row)
    for chunk in _chunks(sorted({name for name, _born in named})):
        query = select(Child.name, Child.birth_date, Child.case_no).where(
            Child.name.in_(chunk), Child.voided_at.is_(None), Child.merged_into_id.is_(None)
        )
        for name, born, case_no in session.execute(query):
            for at in named.get((name, born), []):
                found.setdefault(at, _(
                    "Already registered: case {case} has the same name and date of birth."
                ).format(case=case_no))  # fmt: skip
    return found


def _twins(good: list[GoodRow]) -> dict[int, str]:
    """Rows that repeat an earlier row of the file: ``{row: problem}``.

    A row repeats an earlier one with the same ID number, or with the same name, date
    of birth and sex unless both rows carry ID numbers (then they differ, and so do
    the children). The first row stays; each repeat names it.
    """
    seen_ids: dict[str, int] = {}
    seen_people: dict[tuple[str, dt.date, str], list[tuple[int, str]]] = {}
    found: dict[int, str] = {}
    for row in good:
        child = row.child
        number = child.id_number or ""
        if number and number in seen_ids:
            found[row.row] = _("The same ID number as row {row}.").format(row=seen_ids[number])
            continue
        earlier: list[tuple[int, str]] = []
        if child.name and child.birth_date:
            earlier = seen_people.setdefault((child.name, child.birth_date, child.sex), [])
            first = next((at for at, other in earlier if not (other and number)), None)
            if first is not None:
                found[row.row] = _("The same name, date of birth and sex as row {row}.").format(
                    row=first
                )
                continue
        if number:
            seen_ids[number] = row.row
        earlier.append((row.row, number))
    return found


def _check_rows(
    raw: RawTable, mapping: dict[str, int], progress: Progress | None, scale: int = 1
) -> DryRun:
    """Check each row alone (no database needed)."""
    _check_mapping(mapping, raw.headers)
    now = utcnow()
    result = DryRun(raw.file_name, raw.sheet, len(raw.rows), dict(mapping))
    total = len(raw.rows) * scale
    for done, (number, values) in enumerate(raw.rows, start=1):
        checked = check_row(number, values, mapping, now)
        if isinstance(checked, GoodRow):
            result.good.append(checked)
        else:
            result.problems += [Problem(number, message) for message in checked]
        if progress is not None and done % PROGRESS_EVERY == 0:
            progress(done, total)
    return result


def _find_duplicates(session: Session, result: DryRun) -> DryRun:
    """Move the good rows that repeat a registered child or an earlier row to the problems."""
    duplicates = {**_registered(session, result.good), **_twins(result.good)}
    result.problems += [Problem(row, message) for row, message in duplicates.items()]
    result.problems.sort(key=lambda problem: problem.row)
    result.good = [row for row in result.good if row.row not in duplicates]
    return result


def dry_run(
    db: Database,
    actor: Actor,
    source: Path | RawTable,
    mapping: dict[str, int] | None = None,
    progress: Progress | None = None,
) -> DryRun:
    """Check every row of the ledger (a file, or a table ``preview_ledger`` read); write
    nothing. ``mapping`` overrides the guessed one (``{key: column index}``)."""
    with db.session() as session:
        require_actor(session, actor, Permission.IMPORT)
    raw, guessed = _source(source)
    checked = _check_rows(raw, guessed if mapping is None else mapping, progress)
    with db.session() as session:
        require_actor(session, actor, Permission.IMPORT)
        return _find_duplicates(session, checked)


# ---------------------------------------------------------------------------- writing


@dataclass(frozen=True)
class Imported:
    """What an import wrote."""

    children: int
    skipped: list[int]
    first_case: str
    last_case: str


class _Ids:
    """The next free id of each table, in the import's transaction."""

    def __init__(self, session: Session) -> None:
        self.next = {
            model: int(session.scalar(select(func.max(model.id))) or 0) + 1
            for model in (Child, Admission)
        }

    def take(self, model: Any) -> int:
        value = self.next[model]
        self.next[model] = value + 1
        return value


class _CaseNumbers:
    """Hands out the next case number of a year, as intake does (never reused)."""

    def __init__(self, session: Session) -> None:
        self.session = session
        self.last: dict[int, int] = {}

    def take(self, year: int) -> tuple[int, str]:
        """The next sequence and case number of ``year``."""
        if year not in self.last:
            counter = self.session.get(CaseCounter, year)
            highest = self.session.scalar(
                select(func.max(Child.case_seq)).where(Child.case_year == year)
            )
            self.last[year] = max(counter.last if counter else 0, highest or 0)
        self.last[year] += 1
        return self.last[year], case_number(year, self.last[year])

    def close(self) -> None:
        """Record the last number given out in each year."""
        for year, seq in self.last.items():
            counter = self.session.get(CaseCounter, year)
            if counter is None:
                self.session.add(CaseCounter(year=year, last=seq))
            else:
                counter.last = seq


Row = dict[str, Any]
#: The columns of a child and of a stay that an imported row fills from its input.
CHILD_VALUES = (
    "name", "alias", "sex", "birth_date", "birth_date_estimated", "birth_place", "ethnicity",
    "household_registration", "address", "school", "education", "dialect", "height_cm",
    "build", "appearance", "clothing", "health", "mental_state", "disability", "category",
)  # fmt: skip
STAY_VALUES = (
    "arrived_at", "arrival_mode", "referring_unit", "referrer_name", "referrer_phone",
    "police_case_no", "police_handover_ref", "reason", "circumstances", "street_since",
    "welfare_status", "intake_check", "harm_found", "security_check", "photo_taken",
    "fingerprints_taken", "fingerprint_ref", "consent", "consent_note", "found_place",
)  # fmt: skip


def _rows_of(
    good: GoodRow, ids: _Ids, case: tuple[int, str], actor_id: int | None, now: dt.datetime
) -> tuple[Row, Row, list[Row]]:
    """The child's row, the stay's row and the search tokens of one imported row."""
    child = good.child
    year = case_year(good.stay.arrived_at)
    seq, case_no = case
    entry = index_entry(child.name, child.alias, child.id_number or None, case_no)
    child_id = ids.take(Child)
    values = {name: getattr(child, name) for name in CHILD_VALUES}
    child_row = full_row(
        Child, id=child_id, case_no=case_no, case_year=year, case_seq=seq,
        id_number=child.id_number or None, name_pinyin=entry.name_pinyin,
        name_initials=entry.name_initials, merged_into_id=None, created_at=now, updated_at=now,
        void_reason="", **values,
    )  # fmt: skip
    stay = good.stay
    stay_values = {name: getattr(stay, name) for name in STAY_VALUES}
    stay_row = full_row(
        Admission, id=ids.take(Admission), child_id=child_id, receiving_staff_id=actor_id,
        discharged_at=good.discharged_at, discharge_mode=good.discharge_mode,
        discharge_destination=good.discharge_destination, cross_province=False,
        discharge_note="", notice_issued_on=None, notice_reason="", created_at=now,
        void_reason="", **stay_values,
    )  # fmt: skip
    tokens = [{"child_id": child_id, "token": token} for token in sorted(entry.tokens)]
    return child_row, stay_row, tokens


def import_ledger(
    db: Database,
    actor: Actor,
    source: Path | RawTable,
    mapping: dict[str, int] | None = None,
    skip_bad: bool = False,
    progress: Progress | None = None,
) -> Imported:
    """Import every row of the ledger (a file, or a table ``preview_ledger`` read) in
    one transaction, or none.

    A row with a problem refuses the whole import (``ValidationError`` saying how
    many rows and the first problems) unless ``skip_bad``: then those rows are
    left out on purpose, and the trail says which.
    """
    with db.session() as session:
        require_actor(session, actor, Permission.IMPORT)
    raw, guessed = _source(source)
    alone = _check_rows(raw, guessed if mapping is None else mapping, progress, 2)
    with db.session() as session:
        current = require_actor(session, actor, Permission.IMPORT)
        checked = _find_duplicates(session, alone)
        if checked.problems and not skip_bad:
            raise ValidationError(_refusal(checked), field="rows")
        if not checked.good:
            raise ValidationError(_("No row of the ledger can be imported."), field="rows")
        return _write(session, current, raw, checked, progress)


def _refusal(checked: DryRun) -> str:
    bad = len(checked.bad_rows)
    lines = checked.problem_lines()
    head = ngettext(
        "{n} row has problems; nothing was imported.",
        "{n} rows have problems; nothing was imported.",
        bad,
    ).format(n=bad)
    more = _("… and {n} more.").format(n=len(lines) - 10) if len(lines) > 10 else ""
    return "\n".join([head, *lines[:10], *([more] if more else [])])


def _write(
    session: Session, current: Actor, raw: RawTable, checked: DryRun, progress: Progress | None
) -> Imported:
    now = utcnow()
    ids = _Ids(session)
    numbers = _CaseNumbers(session)
    trail = audit.Batch(session, current)
    children: list[dict[str, Any]] = []
    stays: list[dict[str, Any]] = []
    tokens: list[dict[str, Any]] = []
    actor_id = getattr(current, "id", None)
    ordered = sorted(checked.good, key=lambda good: (good.stay.arrived_at, good.row))
    cases: list[str] = []
    for done, good in enumerate(ordered, start=1):
        case = numbers.take(case_year(good.stay.arrived_at))
        child_row, stay_row, child_tokens = _rows_of(good, ids, case, actor_id, now)
        children.append(child_row)
        stays.append(stay_row)
        tokens += child_tokens
        cases.append(case[1])
        origin = {"id": child_row["id"], "file": raw.file_name, "sheet": raw.sheet,
                  "row": good.row, "ledger_no": good.ledger_no}  # fmt: skip
        trail.add("child", origin, now, action="import")
        trail.add("child", child_row, now)
        trail.add("admission", stay_row, now)
        if progress is not None and done % PROGRESS_EVERY == 0:
            progress(len(raw.rows) + done * len(raw.rows) // len(ordered), len(raw.rows) * 2)
    for model, rows in ((Child, children), (Admission, stays), (SearchToken, tokens)):
        for start in range(0, len(rows), 5_000):
            session.execute(insert(table(model)), rows[start : start + 5_000])
    numbers.close()
    skipped = checked.bad_rows
    summary = {"what": "ledger", "file": raw.file_name, "sheet": raw.sheet,
               "rows": len(children), "skipped_rows": skipped}  # fmt: skip
    trail.write(session)
    audit.record(session, current, "import", "ledger", raw.file_name, None, summary)
    if progress is not None:
        progress(1, 1)
    return Imported(len(children), skipped, min(cases), max(cases))
