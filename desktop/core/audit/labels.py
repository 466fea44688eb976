"""How the trail is told to a person: actions, kinds of record and changed fields by
their names in the user's language, choices by their labels, never column names."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from desktop.core import fields
from desktop.core.audit.kinds import ACTION_LABELS, ENTITY_LABELS
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
    "voided_by_id": N_("Voided by staff member"),
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
#: Columns of one kind of record that its form does not show, by kind.
OTHER_COLUMNS: dict[str, dict[str, str]] = {
    "child": {
        "case_year": N_("Year of the case number"),
        "case_seq": N_("Sequence of the case number"),
        "name_pinyin": N_("Name in pinyin"),
        "name_initials": N_("Initials of the name"),
        "merged_into_id": N_("Merged into record"),
    },
    "belonging": {"returned_by_id": N_("Returned by staff member")},
    "photo": {
        "taken_at": N_("Taken at"),
        "image": N_("Image"),
        "width": N_("Width (pixels)"),
        "height": N_("Height (pixels)"),
        "caption": N_("Caption"),
    },
    "task": {
        "kind": N_("Task"),
        "due_at": N_("Due at"),
        "done_by_id": N_("Done by staff member"),
        "cancelled": N_("Cancelled"),
    },
    "setting": {"key": N_("Setting"), "value": N_("Value")},
    "center": {"logo": N_("Logo")},
    "bed": {"room_id": N_("Room"), "position": N_("Bed number")},
    "return_plan": {
        "planned_by_id": N_("Planned by staff member"),
        "status_at": N_("Status changed at"),
        "status_by_id": N_("Status changed by staff member"),
        "approved_by_id": N_("Approved by staff member"),
        "approved_at": N_("Approved at"),
    },
    "tracing_entry": {
        "plan_id": N_("Return home plan"),
        "recorded_by_id": N_("Recorded by staff member"),
    },
    "follow_up_visit": {
        "plan_id": N_("Return home plan"),
        "months": N_("Months after the handover"),
        "due_on": N_("Due on"),
        "recorded_by_id": N_("Recorded by staff member"),
    },
    "referral": {
        "plan_id": N_("Return home plan"),
        "visit_id": N_("Follow-up visit"),
        "recorded_by_id": N_("Recorded by staff member"),
    },
}
#: Choice columns outside the forms, shown by their labels like the forms' choices.
OTHER_CHOICES: dict[tuple[str, str], tuple[fields.Choice, ...]] = {
    ("task", "kind"): fields.TASK_KIND,
}
#: Columns whose value the trail keeps only as a digest: shown as changed, never as text.
SECRET_COLUMNS = frozenset({"password_hash", "image"})


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
    common = (
        COMMON_COLUMNS.get(column)
        or OTHER_COLUMNS.get(entity, {}).get(column)
        or (ACCOUNT_COLUMNS.get(column) if entity == "staff" else None)
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
    for choice in OTHER_CHOICES.get((entity, column), ()):
        if choice.value == value:
            return _(choice.label)
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


def describe_change(entry: AuditEntry, created: dict[str, Any] | None = None) -> str:
    """The fields an entry changed, one per line: ``label: before → after``.

    For a creation, ``created`` holds the values the record was created with
    (``trail.created_values``); they are listed as changed from nothing.
    """
    lines = []
    changed = _changes(entry.changes)
    if created:
        changed = {key: (None, value) for key, value in sorted(created.items())}
    for column, (old_value, new_value) in changed.items():
        label = field_label(entry.entity, column)
        if column in SECRET_COLUMNS:
            lines.append(
                _("{label}: {value}").format(label=label, value=_(ACTION_LABELS["update"]))
            )
            continue
        old = shown_value(entry.entity, column, old_value)
        new = shown_value(entry.entity, column, new_value)
        if old != new:
            lines.append(
                _("{label}: {before} → {after}").format(label=label, before=old, after=new)
            )
    return "\n".join(lines) or _("No field changed.")


def _changes(text: str | None) -> dict[str, tuple[Any, Any]]:
    """An entry's ``{field: [before, after]}``; a damaged one reads as empty.

    (``check`` names a damaged entry.)
    """
    if not text:
        return {}
    try:
        loaded = json.loads(text)
    except ValueError:
        return {}
    if not isinstance(loaded, dict):
        return {}
    return {
        str(key): (pair[0], pair[1])
        for key, pair in sorted(loaded.items())
        if isinstance(pair, list) and len(pair) == 2
    }
