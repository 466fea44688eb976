"""表 1 入站登记表: the intake registration, signed on the night the child arrives.

The child's particulars beside the photo, the guardians and contacts, how the
child came, the intake check, then the signatures of the person who brought the
child, of the child or guardian and of the receiving staff, and the seal.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Spacer

from desktop.core import fields
from desktop.core.forms import kit
from desktop.core.forms.common import heading, pair, unprintable_note
from desktop.core.forms.data import CaseData, Record
from desktop.core.forms.values import (
    chinese_date,
    chinese_datetime,
    choice_boxes,
    display,
    estimated_birth,
    label,
    translate_to,
)

TITLE = "入站登记表"
FORM_NO = "表 1"
CONTACT_COLUMNS = (
    "name",
    "relationship",
    "legal_guardian",
    "id_number",
    "phone",
    "address",
    "situation",
)
CONTACT_WIDTHS = (20 * mm, 14 * mm, 19 * mm, 34 * mm, 25 * mm, 39 * mm, 19 * mm)
BLANK_CONTACTS = 2


def build(data: CaseData) -> bytes:
    """Return the intake registration of ``data`` as PDF bytes."""
    story: list[Flowable] = [
        *unprintable_note(data),
        *_child_grid(data),
        Spacer(1, 4 * mm),
        *_contacts(data),
        Spacer(1, 4 * mm),
        *kit.field_grid(_arrival_rows(data)),
        Spacer(1, 4 * mm),
        *kit.field_grid(_check_rows(data)),
        Spacer(1, 4 * mm),
        *kit.field_grid(_follow_up_rows(data)),
    ]
    story = kit.ending(story, _signatures(data))
    return kit.build_pdf(heading(data, TITLE, FORM_NO), story, subject=data.case_no)


def _birth(data: CaseData) -> kit.Pair:
    birth = pair(fields.CHILD, data.child, "birth_date")
    day = data.child.get("birth_date")
    if isinstance(day, dt.date) and data.child.get("birth_date_estimated"):
        return kit.Pair(birth.label, estimated_birth(day))
    return birth


def _boxes(definitions: Mapping[str, fields.Field], record: Record, name: str) -> kit.Pair:
    """Every choice of field ``name`` with a box, the stored one ticked."""
    field = definitions[name]
    translate = translate_to()
    return kit.Pair(label(field, translate), choice_boxes(field, record.get(name), translate))


def _child_grid(data: CaseData) -> list[Flowable]:
    child = data.child
    rows: list[kit.Row] = [
        kit.Section("一、受助儿童基本情况"),
        (pair(fields.CHILD, child, "name"), pair(fields.CHILD, child, "alias")),
        (_boxes(fields.CHILD, child, "sex"), _birth(data)),
        (pair(fields.CHILD, child, "ethnicity"), pair(fields.CHILD, child, "id_number")),
        (pair(fields.CHILD, child, "birth_place"), pair(fields.CHILD, child, "dialect")),
        (pair(fields.CHILD, child, "household_registration"),),
        (pair(fields.CHILD, child, "address"),),
        (pair(fields.CHILD, child, "school"), pair(fields.CHILD, child, "education")),
        (pair(fields.CHILD, child, "height_cm"), pair(fields.CHILD, child, "build")),
        (pair(fields.CHILD, child, "appearance", lines=2),),
        (pair(fields.CHILD, child, "clothing", lines=2),),
        (pair(fields.CHILD, child, "health", lines=2),),
        (pair(fields.CHILD, child, "mental_state", lines=2),),
        (pair(fields.CHILD, child, "disability"),),
        (_boxes(fields.CHILD, child, "category"),),
    ]
    return kit.field_grid(rows, photo=data.photo, with_photo=True, photo_rows=6)


def _contact_value(name: str, contact: Record) -> str:
    definitions = fields.CONTACT
    if name == "legal_guardian":
        value = contact.get(name)
        return "是" if value is True else "否" if value is False else ""
    return display(definitions[name], contact.get(name), translate_to())


def _contacts(data: CaseData) -> list[Flowable]:
    translate = translate_to()
    definitions = fields.CONTACT
    labels = [label(definitions[name], translate) for name in CONTACT_COLUMNS]
    body = [
        [_contact_value(name, contact) for name in CONTACT_COLUMNS] for contact in data.contacts
    ]
    blank = ["", "", "☐是 ☐否", "", "", "", ""]
    body += [blank] * max(0, BLANK_CONTACTS - len(body))
    section = ["二、监护人及其他联系人", *[""] * (len(CONTACT_COLUMNS) - 1)]
    return kit.column_table(
        [section, labels],
        body,
        CONTACT_WIDTHS,
        spans=[((0, 0), (-1, 0))],
        section_rows=1,
        size=9.5,
        centred=(2,),
        one_line=(0, 1, 2, 3, 4),
    )


def _arrival_rows(data: CaseData) -> list[kit.Row]:
    admission = data.admission
    staff = kit.Pair(label(fields.ADMISSION["receiving_staff_id"]), data.receiving_staff)
    return [
        kit.Section("三、入站情况"),
        (pair(fields.ADMISSION, admission, "arrived_at"),),
        (staff, kit.Pair("入站次数", _stay(data))),
        (_boxes(fields.ADMISSION, admission, "arrival_mode"),),
        (pair(fields.ADMISSION, admission, "found_place"),),
        (
            pair(fields.ADMISSION, admission, "referring_unit"),
            pair(fields.ADMISSION, admission, "referrer_name"),
        ),
        (
            pair(fields.ADMISSION, admission, "referrer_phone"),
            pair(fields.ADMISSION, admission, "police_case_no"),
        ),
        (
            pair(fields.ADMISSION, admission, "police_handover_ref"),
            pair(fields.ADMISSION, admission, "welfare_status"),
        ),
        (pair(fields.ADMISSION, admission, "reason", lines=2),),
        (pair(fields.ADMISSION, admission, "street_since"),),
        (pair(fields.ADMISSION, admission, "circumstances", lines=3),),
    ]


def _check_rows(data: CaseData) -> list[kit.Row]:
    admission = data.admission
    return [
        kit.Section("四、入站检视"),
        (pair(fields.ADMISSION, admission, "intake_check", lines=3),),
        (pair(fields.ADMISSION, admission, "security_check", lines=2),),
        (
            pair(fields.ADMISSION, admission, "harm_found"),
            pair(fields.ADMISSION, admission, "photo_taken"),
        ),
        (
            pair(fields.ADMISSION, admission, "fingerprints_taken"),
            pair(fields.ADMISSION, admission, "fingerprint_ref"),
        ),
        (
            pair(fields.ADMISSION, admission, "consent"),
            pair(fields.ADMISSION, admission, "consent_note"),
        ),
    ]


def _stay(data: CaseData) -> str:
    """ "第2次入站", or a blank to fill in."""
    return f"第{data.stay_number}次入站" if data.stay_number else "第　　次入站"


def _task(data: CaseData, kind: str, done: str) -> str:
    """A follow-up task as printed: done (when, receipt), due (by when), or boxes to tick."""
    if data.blank or kind not in data.tasks:
        return f"☐{done}  ☐未{done[1:] if done.startswith('已') else done}  ☐不适用"
    task = data.tasks[kind]
    done_at = task.get("done_at")
    if isinstance(done_at, dt.datetime):
        reference = str(task.get("reference") or "").strip()
        receipt = f"，回执/编号：{reference}" if reference else ""
        return f"☑{done}（{chinese_date(done_at)}{receipt}）"
    due_at = task.get("due_at")
    due = f"，应于{chinese_datetime(due_at)}前完成" if isinstance(due_at, dt.datetime) else ""
    return f"☐{done}（尚未完成{due}）"


def _follow_up_rows(data: CaseData) -> list[kit.Row]:
    return [
        kit.Section("五、后续工作"),
        (kit.Pair("DNA血样采集", _task(data, "dna_request", "已报请公安机关采集DNA血样")),),
        (kit.Pair("强制报告", _task(data, "mandatory_report", "已向公安机关报告")),),
        (kit.Pair("家庭监护调查评估", "☐已开展  ☐未开展  ☐不适用"),),
        (
            kit.Pair(
                "救助管理信息系统",
                f"☐已录入　录入人：{'　' * 5}录入日期：　　　年　　月　　日",
            ),
        ),
    ]


def _signatures(data: CaseData) -> list[Flowable]:
    statement = kit.para("以上情况经护送人、受助儿童（或其监护人）与接收工作人员核对无误。")
    signers = [
        kit.Signer("护送人签名", thumbprint=True),
        kit.Signer("受助儿童/监护人签名", thumbprint=True),
        kit.Signer("接收工作人员签名", printed_name=data.receiving_staff),
    ]
    seal_width = 62 * mm
    approval = kit.approval_box("负责人审核意见", kit.CONTENT_WIDTH - seal_width - 4 * mm)
    seal = kit.beside(approval, kit.SealBox("救助保护机构（盖章）", seal_width), seal_width)
    return [
        Spacer(1, 5 * mm),
        statement,
        Spacer(1, 2 * mm),
        kit.signature_row(signers),
        Spacer(1, 3 * mm),
        seal,
    ]
