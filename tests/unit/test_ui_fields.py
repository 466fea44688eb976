"""The forms say what the core's field definitions say (DESIGN.md rule 5: one definition)."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest

from desktop.core import fields
from desktop.core.i18n import NC_
from desktop.core.resources import ui_dir

FORMS = {
    "intake_dialog": {**fields.CHILD, **fields.ADMISSION},
    "contact_dialog": fields.CONTACT,
    "discharge_dialog": fields.ADMISSION,
    "return_dialog": fields.BELONGING,
    "dispose_dialog": fields.BELONGING,
    "complete_task_dialog": fields.TASK,
    "tracing_dialog": fields.TRACING_ENTRY,
    "receiver_dialog": fields.RETURN_PLAN,
    "assessment_dialog": fields.RETURN_PLAN,
    "escort_dialog": fields.RETURN_PLAN,
    "handover_dialog": fields.RETURN_PLAN,
    "visit_dialog": fields.FOLLOW_UP_VISIT,
    "referral_dialog": fields.REFERRAL,
    "cancel_plan_dialog": fields.RETURN_PLAN,
}


def _texts(form: str) -> dict[str, str]:
    """Map each widget's name to its text (labels by their buddy, check boxes by name).

    A text with a context (the string's comment) comes in ``NC_``'s form, so a label
    matches its field only with the same English and the same context.
    """
    root = ET.parse(ui_dir() / f"{form}.ui").getroot()
    found: dict[str, str] = {}
    for widget in root.iter("widget"):
        props = {p.get("name"): p for p in widget.findall("property")}
        text = props.get("text")
        if text is None or text.find("string") is None:
            continue
        string = text.find("string")
        value = string.text or ""  # type: ignore[union-attr]
        context = string.get("comment")  # type: ignore[union-attr]
        if context:  # the gettext context, as NC_ marks it in fields.py
            value = NC_(context, value)
        buddy = props.get("buddy")
        if buddy is not None:
            found[buddy.find("cstring").text or ""] = value  # type: ignore[union-attr]
        elif widget.get("class") == "QCheckBox":
            found[widget.get("name") or ""] = value
    return found


@pytest.mark.parametrize("form", sorted(FORMS))
def test_labels_match_the_field_definitions(form: str) -> None:
    texts = _texts(form)
    shown = [name for name in FORMS[form] if name in texts]
    assert shown, f"{form} shows none of its fields"
    for name in shown:
        field = FORMS[form][name]
        assert texts[name] == field.label + (" *" if field.required else ""), name


def test_intake_form_has_every_child_and_admission_field_staff_type() -> None:
    texts = _texts("intake_dialog")
    derived = {
        "case_no",
        "receiving_staff_id",
        "discharged_at",
        "discharge_mode",
        "discharge_destination",
        "cross_province",
        "discharge_note",
        # the rest of the discharge and its reopening: the discharge dialog asks for them
        "collector_name",
        "collector_id_number",
        "collector_relationship",
        "collector_phone",
        "collector_checked_by",
        "statement_signed",
        "police_report",
        "reopen_reason",
        "notice_issued_on",  # set when the notice is first printed
        "notice_reason",  # asked for when a notice needs one
    }
    wanted = (set(fields.CHILD) | set(fields.ADMISSION)) - derived
    assert wanted - set(texts) == set()
