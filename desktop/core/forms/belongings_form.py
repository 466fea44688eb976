"""表 2 随身物品登记表: what the child deposited, and its return.

One row per item with the deposit (item, quantity, description, cash, valuable)
and the return (when, to whom, by which staff member), blank rows to add items
by hand, the cash total, then two signature rows: the deposit and the return.
A long list runs onto further pages with the header and the column headings
repeated.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Spacer

from desktop.core import fields
from desktop.core.forms import kit
from desktop.core.forms.common import heading, pair, unprintable_note
from desktop.core.forms.data import Belonging, CaseData
from desktop.core.forms.values import chinese_date, label, money, translate_to

TITLE = "随身物品登记表"
FORM_NO = "表 2"
MIN_ROWS = 10
BLANK_ROWS = 3
DEPOSIT = ("item", "quantity", "description", "cash_fen", "valuable")
RETURN = ("returned_at", "returned_to")
WIDTHS = [10 * mm, 24 * mm, 11 * mm, 32 * mm, 21 * mm, 12 * mm, 26 * mm, 18 * mm, 16 * mm]


def build(data: CaseData) -> bytes:
    """Return the belongings register of ``data`` as PDF bytes."""
    story: list[Flowable] = [
        *unprintable_note(data),
        *kit.field_grid(_case_rows(data)),
        Spacer(1, 4 * mm),
        *_items_table(data.belongings),
        Spacer(1, 2 * mm),
        kit.para(_totals(data.belongings)),
        Spacer(1, 5 * mm),
        _signatures(
            "寄存：以上物品由本人交中心代为保管，经双方当面清点无误。",
            "寄存人签名",
            "登记工作人员签名",
        ),
        Spacer(1, 5 * mm),
        _signatures(
            "归还：以上物品已如数领回，经双方当面清点无误。", "领取人签名", "经办工作人员签名"
        ),
    ]
    return kit.build_pdf(heading(data, TITLE, FORM_NO), story, subject=data.case_no)


def _case_rows(data: CaseData) -> list[kit.Row]:
    staff = kit.Pair(label(fields.ADMISSION["receiving_staff_id"]), data.receiving_staff)
    return [
        (pair(fields.CHILD, data.child, "name"), pair(fields.CHILD, data.child, "sex")),
        (pair(fields.ADMISSION, data.admission, "arrived_at"), staff),
    ]


def _headings() -> list[list[str]]:
    translate = translate_to()
    deposit = [label(fields.BELONGING[name], translate) for name in DEPOSIT]
    returned = [label(fields.BELONGING[name], translate) for name in RETURN]
    return [
        ["序号", "寄存物品", "", "", "", "", "归还情况", "", ""],
        ["", *deposit, *returned, "经办人"],
    ]


def _item_row(number: int, belonging: Belonging) -> list[str]:
    values = belonging.values
    quantity = values.get("quantity")
    return [
        str(number),
        str(values.get("item") or "").strip(),
        str(quantity) if isinstance(quantity, int) else "",
        str(values.get("description") or "").strip(),
        money(values.get("cash_fen")),
        "是" if values.get("valuable") else "",
        chinese_date(_when(values.get("returned_at"))),
        str(values.get("returned_to") or "").strip(),
        belonging.returned_by,
    ]


def _when(value: object) -> dt.date | None:
    return value if isinstance(value, dt.date) else None


def _items_table(belongings: Sequence[Belonging]) -> list[Flowable]:
    body = [_item_row(number, item) for number, item in enumerate(belongings, start=1)]
    blanks = max(BLANK_ROWS, MIN_ROWS - len(body))
    body += [[str(len(body) + n + 1), *[""] * 8] for n in range(blanks)]
    return kit.column_table(
        _headings(),
        body,
        WIDTHS,
        spans=[((0, 0), (0, 1)), ((1, 0), (5, 0)), ((6, 0), (8, 0))],
        centred=(0, 2, 4, 5, 6),
    )


def _totals(belongings: Sequence[Belonging]) -> str:
    cash = sum(
        value for item in belongings if isinstance(value := item.values.get("cash_fen"), int)
    )
    total = money(cash) or "0.00"
    return f"共登记物品 {len(belongings)} 项，其中现金合计 {total} 元。"


def _signatures(statement: str, depositor: str, staff: str) -> KeepTogether:
    signers = [kit.Signer(depositor, thumbprint=True), kit.Signer(staff)]
    return KeepTogether([kit.para(statement), Spacer(1, 2 * mm), kit.signature_row(signers)])
