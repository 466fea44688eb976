"""How the trail is told to a person: actions, kinds of record and changed fields by
their names in the user's language, choices by their labels, never column names."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from desktop.core import fields
from desktop.core.audit.trail import ACTION_LABELS, ENTITY_LABELS
from desktop.core.clock import format_time
from desktop.core.i18n import N_, _
from desktop.core.store.models import AuditEntry

#: The field definitions of each kind of record the trail names.
FIELDS = fields.BY_KIND
#: Columns every kind of record has, which no form shows.
COMMON_COLUMNS: dict[str, str] = {
    "id": N_("Number"),
    "created_at": N_("Created at"),
    "updated_at": N_("Changed at"),
    "voided_at": N_("Voided at"),
    "void_reason": N_("Reason for voiding"),
    "child_id": N_("Child"),
    "admission_id": N_("Admission"),
    "staff_id": N_("Staff"),
    # an export's or an import's entry
    "what": N_("What"),
    "rows": N_("Rows"),
    "file": N_("File"),
    "row": N_("Row"),
    "sheet": N_("Sheet"),
    "ledger_no": N_("Number in the ledger"),
    "skipped_rows": N_("Rows skipped"),
    "period": N_("Period"),
}
#: What an export or an import entry says it wrote or read.
WHAT_LABELS: dict[str, str] = {
    "children": N_("Children"),
    "statistics": N_("Statistics"),
    "ledger": N_("The ledger (台账)"),
}


#: The state of a staff account, which no form shows either.
ACCOUNT_COLUMNS: dict[str, str] = {
    "password_hash": N_("Password"),
    "active": N_("Active"),
    "must_change_password": N_("Must change the password"),
    "failed_logins": N_("Wrong passwords in a row"),
    "locked_until": N_("Locked until"),
    "last_sign_in_at": N_("Last signed in"),
}
#: Columns whose value the trail keeps only as a digest: shown as changed, never as text.
SECRET_COLUMNS = frozenset({"password_hash"})


#: Who the trail names when no staff member acted (stored in English, shown translated).
SYSTEM_ACTORS: dict[str, str] = {
    "system": N_("the program (scheduled task)"),
    "command line": N_("the command line"),
}


def actor_label(name: str) -> str:
    """Who did it: a staff member's user name, or the program in the user's language."""
    label = SYSTEM_ACTORS.get(name)
    return _(label) if label else name


def action_label(action: str) -> str:
    """The translated name of an audit action (the action itself when unknown)."""
    label = ACTION_LABELS.get(action)
    return _(label) if label else action


def entity_label(entity: str) -> str:
    """The translated name of a kind of record (the kind itself when unknown)."""
    label = ENTITY_LABELS.get(entity)
    return _(label) if label else entity


def field_label(entity: str, column: str) -> str:
    """The translated label of a column of a kind of record (the column when unknown)."""
    field = FIELDS.get(entity, {}).get(column)
    if field is not None:
        return _(field.label)
    common = COMMON_COLUMNS.get(column) or (
        ACCOUNT_COLUMNS.get(column) if entity == "staff" else None
    )
    return _(common) if common else column


def shown_value(entity: str, column: str, value: Any) -> str:
    """A stored value as a person reads it: a choice by its label, yes/no, or "—"."""
    if value is None or value == "":
        return "—"
    if column in SECRET_COLUMNS:
        return "••••••"  # a digest tells a person nothing; that it changed is shown
    if column == "what" and value in WHAT_LABELS:
        return _(WHAT_LABELS[value])
    field = FIELDS.get(entity, {}).get(column)
    if field is not None and field.kind == "choice":
        return field.choice_label(str(value)) or str(value)
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    moment = _moment(value)
    return format_time(moment) if moment is not None else str(value)


def _moment(value: Any) -> dt.datetime | None:
    """A stored moment (ISO text with its UTC offset), or None for anything else."""
    if not isinstance(value, str) or "T" not in value:
        return None
    try:
        moment = dt.datetime.fromisoformat(value)
    except ValueError:
        return None
    return moment if moment.tzinfo is not None else None


def describe_change(entry: AuditEntry) -> str:
    """The fields an entry changed, one per line: ``label: before → after``."""
    before = _loaded(entry.before)
    after = _loaded(entry.after)
    lines = []
    for column in sorted(set(before) | set(after)):
        label = field_label(entry.entity, column)
        if column in SECRET_COLUMNS:
            if before.get(column) != after.get(column):
                lines.append(f"{label}: {_(ACTION_LABELS['update'])}")
            continue
        old = shown_value(entry.entity, column, before.get(column))
        new = shown_value(entry.entity, column, after.get(column))
        if old != new:
            lines.append(f"{label}: {old} → {new}")
    return "\n".join(lines) or _("No field changed.")


def _loaded(text: str | None) -> dict[str, Any]:
    """An entry's stored state; a damaged one reads as empty (``check`` names it)."""
    if not text:
        return {}
    try:
        state = json.loads(text)
    except ValueError:
        return {}
    return state if isinstance(state, dict) else {}
