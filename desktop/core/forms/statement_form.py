"""自行离站声明书: a child of 16 or over who leaves the center alone states it in writing.

The child (name, sex, date of birth, ID number), the stay (arrived, leaving for where),
the statement itself — of age to leave alone, leaving of the child's own will, told
what to look out for, the deposited belongings taken back — and the signatures: the
child's with a thumbprint, and the staff member's. Printed before the child leaves and
signed on paper; the discharge then records that it was signed.
"""

from __future__ import annotations

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Spacer

from desktop.core import fields
from desktop.core.forms import kit
from desktop.core.forms.common import heading, named, pair, unprintable_note
from desktop.core.forms.data import CaseData
from desktop.core.forms.values import chinese_date, text

TITLE = "自行离站声明书"
BLANK = "＿" * 8


def build(data: CaseData) -> bytes:
    """Return the statement of ``data``'s child as PDF bytes."""
    child, stay = data.child, data.admission
    name = named(text(child, "name"), text(child, "alias"), BLANK)
    arrived = stay.get("arrived_at")
    arrived_text = chinese_date(arrived) if arrived else "＿＿年＿＿月＿＿日"  # type: ignore[arg-type]
    where = text(stay, "discharge_destination") or BLANK * 2
    rows: list[kit.Row] = [
        (pair(fields.CHILD, child, "name"), pair(fields.CHILD, child, "sex")),
        (pair(fields.CHILD, child, "birth_date"), pair(fields.CHILD, child, "id_number")),
        (pair(fields.ADMISSION, stay, "arrived_at"),),
        (pair(fields.ADMISSION, stay, "discharge_destination"),),
    ]
    statement = (
        f"本人{name}，已年满十六周岁，于{arrived_text}入站接受救助。现本人自愿离开救助保护"
        f"机构，自行前往{where}。工作人员已告知本人离站后的安全注意事项和再次求助的途径，"
        "离站后的人身和财产安全由本人负责。本人寄存的物品已全部领回，经当面清点无误。"
    )
    story: list[Flowable] = [
        *unprintable_note(data),
        *kit.field_grid(rows),
        Spacer(1, 6 * mm),
        kit.para(statement),
        Spacer(1, 3 * mm),
        kit.para("特此声明。"),
        Spacer(1, 10 * mm),
    ]
    closing: list[Flowable] = [
        kit.signature_row(
            [kit.Signer("声明人签名", thumbprint=True), kit.Signer("经办工作人员签名")]
        ),
    ]
    return kit.build_pdf(heading(data, TITLE), kit.ending(story, closing, keep=1),
                         subject=data.case_no)  # fmt: skip
