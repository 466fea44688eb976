"""The statistics of a month, quarter or year, as the center reports them to civil affairs.

Every figure is a ``Table``: a title, column headers and rows whose first cell
names the line (a category, a sex, an age group...) and whose other cells are
numbers. The screen draws each as a table with its chart, the export writes
each as a sheet, the PDF report as a table with its chart.

What counts:

- admissions: stays (not voided) of children not voided or merged, that began
  in the period, by the child's category, how the child came (the referral
  source), sex, age group at arrival and province of origin (from the ID
  number's region code, else the household registration);
- discharges: stays that ended in the period, by how they ended (``DISCHARGE_GROUPS``,
  the one place to extend when new ways of leaving are recorded), with their
  average and longest length;
- residence and return home (``stats_care``): placements elsewhere begun by kind,
  return homes completed (handed over) by the way home, plans under way at the
  period's end by status, follow-up visits made (and how many found a risk);
- services: service records (not daily notes) in the period, by kind, with how
  many children had them;
- children ever received: children with a stay that began before the period's
  end, by category.

Times are local: the period's first and last days run from local midnight to
local midnight, as the desk counts them.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from desktop.core import fields
from desktop.core.children.search import age_years
from desktop.core.errors import ValidationError
from desktop.core.i18n import N_, _
from desktop.core.reports import stats_care as care
from desktop.core.reports.export import record_export

# The statistics are read through this module: its figures are re-exported.
from desktop.core.reports.figures import Period as Period
from desktop.core.reports.figures import Statistics as Statistics
from desktop.core.reports.figures import Table as Table
from desktop.core.reports.raw import day, moment, raw
from desktop.core.reports.sheets import (
    Column,
    Progress,
    Sheet,
    check_target,
    table_bytes,
    write_file,
)
from desktop.core.staff.access import Actor, require_actor
from desktop.core.staff.permissions import Permission
from desktop.core.store.db import Database
from desktop.core.store.models import Admission, Child, Note

PERIOD_KINDS = ("month", "quarter", "year")
#: What the statistics can be written as.
STATISTICS_FORMATS = ("xlsx", "csv", "pdf")

#: Age groups at arrival: (lowest age, highest age or None, label).
AGE_GROUPS: tuple[tuple[int, int | None, str], ...] = (
    (0, 5, N_("Under 6")),
    (6, 11, N_("6 to 11")),
    (12, 13, N_("12 to 13")),
    (14, 15, N_("14 to 15")),
    (16, 17, N_("16 to 17")),
    (18, None, N_("18 or older")),
)
UNKNOWN_AGE = N_("Age unknown")
#: What the tables count: stays begun, stays ended, children.
ADMITTED = N_("Admissions (times)")
LEFT = N_("Discharges (times)")
PERSONS = N_("Number of children")
UNKNOWN_PROVINCE = N_("Province unknown")

#: The ways a stay ends, as the statistics group them (the national 离站方式): each
#: stored discharge mode with its line — 安置 (placed) as the discharge dialog records
#: it, and 护送返乡 / 接领返乡 also as a return home's handover records them (it
#: discharges through the same rules with the plan's way home). New modes go here.
DISCHARGE_GROUPS: tuple[tuple[str, str], ...] = tuple(
    (choice.value, choice.label) for choice in fields.DISCHARGE_MODE
)

#: Service records counted as services (daily notes are not).
SERVICE_KINDS = tuple(choice for choice in fields.NOTE_KIND if choice.value != "daily")

#: Provinces by the first two digits of a region code (GB/T 2260), with the short
#: Chinese name a household registration starts with.
PROVINCES: tuple[tuple[str, str, str], ...] = (
    ("11", "北京", N_("Beijing")), ("12", "天津", N_("Tianjin")), ("13", "河北", N_("Hebei")),
    ("14", "山西", N_("Shanxi")), ("15", "内蒙古", N_("Inner Mongolia")),
    ("21", "辽宁", N_("Liaoning")), ("22", "吉林", N_("Jilin")),
    ("23", "黑龙江", N_("Heilongjiang")), ("31", "上海", N_("Shanghai")),
    ("32", "江苏", N_("Jiangsu")), ("33", "浙江", N_("Zhejiang")), ("34", "安徽", N_("Anhui")),
    ("35", "福建", N_("Fujian")), ("36", "江西", N_("Jiangxi")), ("37", "山东", N_("Shandong")),
    ("41", "河南", N_("Henan")), ("42", "湖北", N_("Hubei")), ("43", "湖南", N_("Hunan")),
    ("44", "广东", N_("Guangdong")), ("45", "广西", N_("Guangxi")), ("46", "海南", N_("Hainan")),
    ("50", "重庆", N_("Chongqing")), ("51", "四川", N_("Sichuan")), ("52", "贵州", N_("Guizhou")),
    ("53", "云南", N_("Yunnan")), ("54", "西藏", N_("Tibet")), ("61", "陕西", N_("Shaanxi")),
    ("62", "甘肃", N_("Gansu")), ("63", "青海", N_("Qinghai")), ("64", "宁夏", N_("Ningxia")),
    ("65", "新疆", N_("Xinjiang")), ("71", "台湾", N_("Taiwan")),
    ("81", "香港", N_("Hong Kong")), ("82", "澳门", N_("Macao")),
)  # fmt: skip
_BY_CODE = {code: label for code, _short, label in PROVINCES}


def age_group(birth: dt.date | None, on: dt.date) -> str:
    """The label (untranslated) of the age group of someone born ``birth`` on ``on``."""
    age = age_years(birth, on)
    if age is None:
        return UNKNOWN_AGE
    for low, high, label in AGE_GROUPS:
        if age >= low and (high is None or age <= high):
            return label
    return UNKNOWN_AGE  # pragma: no cover - the last group is open-ended


def province(id_number: str | None, registration: str) -> str:
    """The label (untranslated) of the province a child comes from."""
    if id_number and id_number[:2] in _BY_CODE:
        return _BY_CODE[id_number[:2]]
    text = (registration or "").strip()
    for _code, short, label in PROVINCES:
        if text.startswith(short):
            return label
    return UNKNOWN_PROVINCE


def _counted(title: str, key: str, counts: Counter[str], order: Iterable[str],
             header: str, counted: str = ADMITTED) -> Table:  # fmt: skip
    """A table of ``counts`` in ``order`` (labels untranslated), zero lines kept, others after."""
    rows: list[list[Any]] = []
    seen = set()
    for label in order:
        rows.append([label, counts.get(label, 0)])
        seen.add(label)
    for label, number in sorted(counts.items(), key=lambda item: -item[1]):
        if label not in seen:
            rows.append([label, number])
    return Table(key, title, [header, counted], rows)


def _stays_begun(start: dt.datetime, end: dt.datetime) -> list[Any]:
    """The terms of a stay (not voided) of a child (not voided or merged) begun in the period."""
    return [
        Admission.arrived_at >= start, Admission.arrived_at < end,
        Admission.voided_at.is_(None), Child.voided_at.is_(None),
        Child.merged_into_id.is_(None),
    ]  # fmt: skip


def _label_of(choices: Sequence[fields.Choice], value: str) -> str:
    for choice in choices:
        if choice.value == value:
            return choice.label
    return value or N_("Not recorded")


def admission_tables(session: Session, start: dt.datetime, end: dt.datetime) -> list[Table]:
    """Admissions by category, referral source, sex, age group and province.

    The counting is done by the database, grouped by what the tables need; only
    the age at arrival, which needs the local day, is worked out row by row.
    """
    region = func.substr(Child.id_number, 1, 2)
    registered = func.substr(Child.household_registration, 1, 3)
    keys = (Child.category, Admission.arrival_mode, Child.sex, region, registered)
    query = (
        select(*keys, func.count())
        .join(Child, Child.id == Admission.child_id)
        .where(*_stays_begun(start, end))
        .group_by(*keys)
    )
    category: Counter[str] = Counter()
    mode: Counter[str] = Counter()
    sex: Counter[str] = Counter()
    provinces: Counter[str] = Counter()
    for kind, came, sexed, code, where, number in session.execute(query):
        category[_label_of(fields.CATEGORY, kind)] += number
        mode[_label_of(fields.ARRIVAL_MODE, came)] += number
        sex[_label_of(fields.SEX, sexed)] += number
        provinces[province(code, where or "")] += number
    ages: Counter[str] = Counter()
    births = (
        select(raw(Child.birth_date), raw(Admission.arrived_at))
        .join(Child, Child.id == Admission.child_id)
        .where(*_stays_begun(start, end), Child.birth_date.is_not(None))
    )
    for born, arrived in session.execute(births):
        ages[age_group(day(born), moment(arrived).astimezone().date())] += 1
    ages[UNKNOWN_AGE] += sum(sex.values()) - sum(ages.values())
    by_count = [label for label, _n in provinces.most_common()]
    return [
        _counted(N_("Admissions by category"), "category", category,
                 [c.label for c in fields.CATEGORY], N_("Category")),
        _counted(N_("Admissions by referral source"), "referral", mode,
                 [c.label for c in fields.ARRIVAL_MODE], N_("How the child came")),
        _counted(N_("Admissions by sex"), "sex", sex, [c.label for c in fields.SEX], N_("Sex")),
        _counted(N_("Admissions by age group"), "age", ages,
                 [label for _low, _high, label in AGE_GROUPS] + [UNKNOWN_AGE], N_("Age group")),
        _counted(N_("Admissions by province of origin"), "province", provinces, by_count,
                 N_("Province")),
    ]  # fmt: skip


def discharge_tables(session: Session, start: dt.datetime, end: dt.datetime) -> list[Table]:
    """Discharges by how they ended (``DISCHARGE_GROUPS``), and the length of those stays."""
    ended = [
        Admission.discharged_at >= start, Admission.discharged_at < end,
        Admission.voided_at.is_(None), Child.voided_at.is_(None),
        Child.merged_into_id.is_(None),
    ]  # fmt: skip
    query = (
        select(
            Admission.discharge_mode, Admission.id,
            raw(Admission.arrived_at), raw(Admission.discharged_at),
        )
        .join(Child, Child.id == Admission.child_id)
        .where(*ended)
    )  # fmt: skip
    groups = dict(DISCHARGE_GROUPS)
    counts: Counter[str] = Counter()
    days: list[tuple[float, int]] = []
    for mode, stay_id, arrived, left in session.execute(query):
        counts[groups.get(mode, N_("Other"))] += 1
        days.append(((moment(left) - moment(arrived)).total_seconds() / 86400, stay_id))
    order = [label for _value, label in DISCHARGE_GROUPS]
    ways = _counted(N_("Discharges by how they ended"), "discharge", counts, order,
                    N_("How the child left"), LEFT)  # fmt: skip
    average = round(sum(length for length, _id in days) / len(days), 1) if days else 0.0
    longest, longest_id = max(days, default=(0.0, None))
    case_no = ""
    if longest_id is not None:
        owner = select(Child.case_no).join(Admission, Admission.child_id == Child.id)
        case_no = session.scalar(owner.where(Admission.id == longest_id)) or ""
    stays = Table(
        "stays",
        N_("Length of the stays that ended"),
        [N_("Figure"), N_("Days"), N_("Case number")],
        [
            [N_("Stays that ended"), len(days), ""],
            [N_("Average stay"), average, ""],
            [N_("Longest stay"), round(longest, 1), case_no],
        ],
        chart=False,
    )
    return [ways, stays]


def service_table(session: Session, start: dt.datetime, end: dt.datetime) -> Table:
    """Service records of the period by kind, with how many children had them."""
    query = (
        select(Note.kind, func.count(), func.count(func.distinct(Note.child_id)))
        .join(Child, Child.id == Note.child_id)
        .where(Note.at >= start, Note.at < end, Note.voided_at.is_(None),
               Note.kind.in_([kind.value for kind in SERVICE_KINDS]),
               Child.voided_at.is_(None), Child.merged_into_id.is_(None))
        .group_by(Note.kind)
    )  # fmt: skip
    found = {kind: (sessions, children) for kind, sessions, children in session.execute(query)}
    rows = [[kind.label, *found.get(kind.value, (0, 0))] for kind in SERVICE_KINDS]
    return Table("services", N_("Services by kind"), [N_("Service"), N_("Times"), PERSONS],
                 rows)  # fmt: skip


def ever_received_table(session: Session, end: dt.datetime) -> Table:
    """Children received since the center began, up to the period's end, by category."""
    stayed = (
        select(Admission.child_id)
        .where(Admission.arrived_at < end, Admission.voided_at.is_(None))
        .distinct()
        .subquery()
    )
    query = (
        select(Child.category, func.count())
        .join(stayed, stayed.c.child_id == Child.id)
        .where(Child.voided_at.is_(None), Child.merged_into_id.is_(None))
        .group_by(Child.category)
    )
    counts = Counter({_label_of(fields.CATEGORY, category): number
                      for category, number in session.execute(query)})  # fmt: skip
    return _counted(N_("Children ever received, by category"), "ever", counts,
                    [c.label for c in fields.CATEGORY], N_("Category"), PERSONS)  # fmt: skip


def care_tables(session: Session, period: Period) -> list[Table]:
    """Placements elsewhere begun, return homes completed, plans under way at the end,
    follow-up visits made (``stats_care``)."""
    start, end = period.bounds()
    return [
        Table("placements", N_("Placements elsewhere begun, by kind"),
              [N_("Placement"), care.PLACEMENTS, PERSONS],
              care.placement_rows(session, start, end)),
        Table("returns", N_("Return homes completed (handed over)"),
              [N_("Way home"), N_("Return homes (times)")], care.return_rows(session, start, end)),
        Table("plans", N_("Return-home plans under way at the end of the period"),
              [N_("Status"), N_("Plans")], care.open_plan_rows(session, end)),
        Table("visits", N_("Follow-up visits made"),
              [N_("Method"), N_("Visits"), N_("With a risk flag")],
              care.visit_rows(session, period.first_day, period.end_day)),
    ]  # fmt: skip


def compute(session: Session, period: Period) -> Statistics:
    """Every figure of ``period`` in the caller's transaction."""
    start, end = period.bounds()
    tables = [
        *admission_tables(session, start, end),
        *discharge_tables(session, start, end),
        *care_tables(session, period),
        service_table(session, start, end),
        ever_received_table(session, end),
    ]
    admitted = next(table for table in tables if table.key == "sex").total
    left = next(table for table in tables if table.key == "discharge").total
    return Statistics(period, admitted, left, tables)


def statistics(db: Database, actor: Actor, period: Period) -> Statistics:
    """The statistics of ``period`` (anyone who may read)."""
    with db.session() as session:
        require_actor(session, actor, Permission.READ)
        return compute(session, period)


def sheets_of(figures: Statistics) -> list[Sheet]:
    """The statistics as sheets in the current language: a summary, then one per table."""
    summary = Sheet(
        _("Summary"),
        [Column(_("Figure")), Column(_("Value"), "number")],
        [
            [_("Period"), figures.period.label()],
            [_(ADMITTED), figures.admissions],
            [_(LEFT), figures.discharges],
        ],
    )
    sheets = [summary]
    for table in figures.tables:
        shown = table.translated(_)
        columns = [Column(shown.headers[0], width=18)]
        columns += [Column(header, "number") for header in shown.headers[1:]]
        sheets.append(Sheet(shown.title, columns, shown.rows))
    return sheets


def export_statistics(
    db: Database,
    actor: Actor,
    period: Period,
    path: Path,
    progress: Progress | None = None,
) -> Path:
    """Write the statistics of ``period`` to ``path`` (.xlsx, .csv, or .pdf for the printed
    report); the export is on the audit trail."""
    kind = path.suffix.lower().lstrip(".")
    if kind not in STATISTICS_FORMATS:
        raise ValidationError(
            _("Give a file name ending in .xlsx, .csv or .pdf (not {name}).").format(
                name=path.name
            ),
            field="path",
        )
    target = check_target(path)
    with db.session() as session:
        current = require_actor(session, actor, Permission.EXPORT)
        figures = compute(session, period)
        if kind == "pdf":
            from desktop.core.reports.stats_pdf import render_statistics

            data = render_statistics(session, figures)
        else:
            data = table_bytes(kind, sheets_of(figures), progress)
        rows = sum(len(table.rows) for table in figures.tables)
        record_export(session, current, "statistics", rows, target, {"period": period.slug()})
        write_file(target, data)
    return target
