"""The kinds of record and action the trail names, and where each record's row lives."""

from __future__ import annotations

from desktop.core.i18n import N_, NC_

#: How the audit screen names each action and kind of record (translated when shown).
ACTION_LABELS: dict[str, str] = {
    "create": N_("Created"),
    "update": N_("Changed"),
    "sign_in": N_("Signed in"),
    "sign_in_failed": N_("Wrong password"),
    "account_locked": N_("Account locked"),
    "activate": N_("Reactivated"),
    "deactivate": N_("Deactivated"),
    "reset_password": N_("Password reset"),
    "change_password": N_("Password changed"),
    "void": N_("Voided"),
    "merge": N_("Merged"),
    "discharge": N_("Discharged"),
    "return": NC_("audit action", "Returned"),
    "dispose": N_("Handed over or destroyed"),
    "complete": N_("Completed"),
    "cancel": N_("Cancelled"),
    "restore": N_("Restored"),
    "migrate": N_("Upgraded"),
    "delete": N_("Deleted"),
    "adopt": N_("Taken into the trail"),
    "place": N_("Placement started"),
    "move": N_("Moved"),
    "end": N_("Ended"),
    "reopen": N_("Reopened"),
    "export": N_("Exported"),
    "import": N_("Imported"),
    "advance": N_("Status moved on"),
    "approve": N_("Approved"),
    "hand_over": N_("Handed over"),
    "visit": N_("Visit recorded"),
}
ENTITY_LABELS: dict[str, str] = {
    "staff": N_("Staff member"),
    "center": N_("Center profile"),
    "setting": N_("Setting"),
    "child": N_("Child"),
    "admission": N_("Admission"),
    "belonging": N_("Belonging"),
    "contact": N_("Contact"),
    "note": NC_("kind of record", "Note"),
    "photo": N_("Photo"),
    "task": N_("Task"),
    "task_rule": N_("Task rule"),
    "database": N_("Database"),
    "room": N_("Room"),
    "bed": N_("Bed"),
    "placement": N_("Placement"),
    "export": N_("Export"),
    "ledger": N_("Ledger import"),
    "return_plan": N_("Return home plan"),
    "tracing_entry": N_("Tracing step"),
    "follow_up_visit": N_("Follow-up visit"),
}

#: Where the row of each kind of record lives: (table, key column). Entries of any
#: other kind (a restore, a migration) describe no row and carry no state.
RECORDS: dict[str, tuple[str, str]] = {
    "staff": ("staff", "id"),
    "center": ("center", "id"),
    "setting": ("setting", "key"),
    "child": ("child", "id"),
    "admission": ("admission", "id"),
    "belonging": ("belonging", "id"),
    "contact": ("contact", "id"),
    "note": ("note", "id"),
    "photo": ("photo", "id"),
    "task": ("task", "id"),
    "task_rule": ("task_rule", "kind"),
    "room": ("room", "id"),
    "bed": ("bed", "id"),
    "placement": ("placement", "id"),
    "return_plan": ("return_plan", "id"),
    "tracing_entry": ("tracing_entry", "id"),
    "follow_up_visit": ("follow_up_visit", "id"),
}
