"""The children's ledger out: every child, or the children a list's filter shows,
to .xlsx or .csv, one line per child with its latest stay.

Exporting is a permission of its own (``Permission.EXPORT``): a file with every
child's name and ID number leaves the program's guard. Each export is one entry
on the audit trail: what, how many rows, which file, by whom.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.core import fields
from desktop.core.audit import trail as audit
from desktop.core.children import search
from desktop.core.i18n import N_, _
from desktop.core.reports.raw import day, moment, raw
from desktop.core.reports.sheets import (
    Column,
    Progress,
    Sheet,
    check_target,
    file_format,
    table_bytes,
    write_file,
)
from desktop.core.staff.access import Actor, require_actor
from desktop.core.staff.permissions import Permission
from desktop.core.store.db import Database
from desktop.core.store.models import Admission, Child

#: Lines between two progress reports.
PROGRESS_EVERY = 5_000


def local(moment: dt.datetime | None) -> dt.datetime | None:
    """A stored moment as the naive local time a spreadsheet shows."""
    return None if moment is None else moment.astimezone().replace(tzinfo=None)


def _choice(table: dict[str, fields.Field], name: str) -> Callable[[Any], str]:
    field = table[name]
    return lambda value: field.choice_label(value) or ("" if not value else str(value))


def _yes(value: Any) -> str:
    return _("yes") if value else ""


C, A = fields.CHILD, fields.ADMISSION

#: The ledger's columns: (header, kind, width, where the value comes from, how it is shown).
#: ``where`` is ``child.<column>``, ``stay.<column>`` (the latest stay) or a computed name.
LEDGER: tuple[tuple[str, str, int, str, Callable[[Any], Any] | None], ...] = (
    (C["case_no"].label, "text", 11, "child.case_no", None),
    (C["name"].label, "text", 10, "child.name", None),
    (C["alias"].label, "text", 10, "child.alias", None),
    (C["sex"].label, "text", 6, "child.sex", _choice(C, "sex")),
    (C["birth_date"].label, "date", 12, "child.birth_date", None),
    (C["birth_date_estimated"].label, "text", 6, "child.birth_date_estimated", _yes),
    (C["id_number"].label, "text", 20, "child.id_number", None),
    (C["ethnicity"].label, "text", 8, "child.ethnicity", _choice(C, "ethnicity")),
    (C["category"].label, "text", 14, "child.category", _choice(C, "category")),
    (C["household_registration"].label, "text", 20, "child.household_registration", None),
    (C["birth_place"].label, "text", 16, "child.birth_place", None),
    (C["address"].label, "text", 20, "child.address", None),
    (C["education"].label, "text", 10, "child.education", _choice(C, "education")),
    (C["dialect"].label, "text", 8, "child.dialect", None),
    (C["height_cm"].label, "int", 8, "child.height_cm", None),
    (N_("In the center"), "text", 6, "in_center", _yes),
    (N_("Stays"), "int", 6, "stays", None),
    (A["arrived_at"].label, "datetime", 17, "stay.arrived_at", local),
    (A["arrival_mode"].label, "text", 14, "stay.arrival_mode", _choice(A, "arrival_mode")),
    (A["referring_unit"].label, "text", 16, "stay.referring_unit", None),
    (A["discharged_at"].label, "datetime", 17, "stay.discharged_at", local),
    (A["discharge_mode"].label, "text", 12, "stay.discharge_mode", _choice(A, "discharge_mode")),
    (A["discharge_destination"].label, "text", 16, "stay.discharge_destination", None),
)

_CHILD_COLUMNS = [where.split(".", 1)[1] for *_x, where, _s in LEDGER if where.startswith("child.")]
_STAY_COLUMNS = [where.split(".", 1)[1] for *_x, where, _s in LEDGER if where.startswith("stay.")]


@dataclass(frozen=True)
class Exported:
    """What an export wrote."""

    path: Path
    rows: int


def ledger_columns() -> list[Column]:
    """The ledger's columns with their headers in the current language."""
    return [Column(_(header), kind, width) for header, kind, width, _w, _s in LEDGER]


def _latest_stays(session: Session, terms: list[Any]) -> dict[int, tuple[tuple[Any, ...], int]]:
    """The latest stay (not voided) of each child the terms select, and how many it had."""
    columns = [raw(getattr(Admission, name)) if name in _MOMENTS else getattr(Admission, name)
               for name in _STAY_COLUMNS]  # fmt: skip
    query = (
        select(Admission.child_id, *columns)
        .where(
            Admission.voided_at.is_(None), Admission.child_id.in_(select(Child.id).where(*terms))
        )
        .order_by(Admission.child_id, Admission.arrived_at, Admission.id)
    )
    stays: dict[int, tuple[tuple[Any, ...], int]] = {}
    for child_id, *values in session.execute(query):
        previous = stays.get(child_id)
        stay = tuple(moment(v) if n in _MOMENTS and v is not None else v
                     for n, v in zip(_STAY_COLUMNS, values, strict=True))  # fmt: skip
        stays[child_id] = (stay, (previous[1] if previous else 0) + 1)
    return stays


#: Stay columns that hold a UTC time.
_MOMENTS = frozenset({"arrived_at", "discharged_at"})
_LEFT = _STAY_COLUMNS.index("discharged_at")


def _plan() -> list[tuple[str, int, Callable[[Any], Any] | None]]:
    """Where each ledger column's value is: (source, index in its row, how it is shown)."""
    plan = []
    for _header, _kind, _width, where, shown in LEDGER:
        source, _dot, name = where.partition(".")
        if source == "child":
            plan.append(("child", _CHILD_COLUMNS.index(name), shown))
        elif source == "stay":
            plan.append(("stay", _STAY_COLUMNS.index(name), shown))
        else:
            plan.append((where, 0, shown))
    return plan


def _line(
    plan: list[tuple[str, int, Callable[[Any], Any] | None]],
    child: Sequence[Any],
    stay: Sequence[Any] | None,
    count: int,
) -> list[Any]:
    line: list[Any] = []
    for source, index, shown in plan:
        if source == "child":
            value = child[index]
        elif source == "stay":
            value = stay[index] if stay is not None else None
        elif source == "in_center":
            value = stay is not None and stay[_LEFT] is None
        else:
            value = count
        if shown is not None and value is not None:
            value = shown(value)
        line.append(None if value == "" else value)  # an empty cell costs nothing to write
    return line


def ledger_rows(
    session: Session, wanted: search.SearchFilter | None, progress: Progress | None = None
) -> list[list[Any]]:
    """The ledger's lines of the children ``wanted`` (all when ``None``), by case number."""
    terms = search.filter_terms(session, wanted or search.SearchFilter())
    stays = _latest_stays(session, terms)
    columns = [raw(Child.birth_date) if name == "birth_date" else getattr(Child, name)
               for name in _CHILD_COLUMNS]  # fmt: skip
    born = _CHILD_COLUMNS.index("birth_date")
    query = select(Child.id, *columns).where(*terms).order_by(Child.case_year, Child.case_seq)
    plan = _plan()
    lines: list[list[Any]] = []
    children = session.execute(query).all()
    for child_id, *values in children:
        if values[born] is not None:
            values[born] = day(values[born])
        stay, count = stays.get(child_id, (None, 0))
        lines.append(_line(plan, values, stay, count))
        if progress is not None and len(lines) % PROGRESS_EVERY == 0:
            progress(len(lines), len(children) * 2)
    return lines


def _filter_note(wanted: search.SearchFilter | None) -> dict[str, Any]:
    if wanted is None:
        return {}
    return {key: audit.to_plain(value) for key, value in asdict(wanted).items() if value}


def export_children(
    db: Database,
    actor: Actor,
    path: Path,
    wanted: search.SearchFilter | None = None,
    progress: Progress | None = None,
) -> Exported:
    """Write the children ``wanted`` (all when ``None``) to ``path`` (.xlsx or .csv).

    The rows are read without holding the database's write lock (a long export
    never keeps the desk waiting). The file is written whole or not at all,
    owner-only, in the transaction of the export's audit entry: an export that
    failed is not on the trail and one on the trail was written.
    """
    kind = file_format(path)
    target = check_target(path)
    with db.reading() as session:
        require_actor(session, actor, Permission.EXPORT)
        lines = ledger_rows(session, wanted, progress)
    total = len(lines)

    def written(done: int, _all: int) -> None:
        if progress is not None:
            progress(total + done, total * 2)

    data = table_bytes(kind, [Sheet(_("Children"), ledger_columns(), lines)], written)
    with db.session() as session:
        current = require_actor(session, actor, Permission.EXPORT)
        record_export(session, current, "children", total, target, _filter_note(wanted))
        write_file(target, data)
    return Exported(target, total)


def record_export(
    session: Session, current: Actor, what: str, rows: int, target: Path, note: dict[str, Any]
) -> None:
    """Put an export on the audit trail: what, how many rows, which file (by the actor)."""
    after = {"what": what, "rows": rows, "file": target.name, **note}
    audit.record(session, current, "export", "export", what, None, after)
