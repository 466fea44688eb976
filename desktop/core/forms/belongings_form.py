"""表 2 随身物品登记表: what the child deposited, and what became of each item.

One row per item: the deposit (item, quantity, description, cash, valuable) and
its disposition (代为保管, 已归还, 移交公安, 销毁) with the date, whoever received
it (the collector, the receiving police officer and unit) or, for an item destroyed,
who destroyed and witnessed it, signing in the row, and the staff member; blank rows
to add items by hand. Under the table, each item handed to the police or destroyed
has its details: the receipt reference and the reason.
The totals count the printed items and leave room for those added by hand, the
cash also in capitals (大写). Then the deposit's signatures, and the signatures
when the child leaves. A long list runs onto further pages with the header and
the column headings repeated.
"""

from __future__ import annotations

import datetime as dt

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Spacer

from desktop.core import fields
from desktop.core.forms import kit
from desktop.core.forms.common import heading, pair, unprintable_note
from desktop.core.forms.data import Belonging, CaseData, Record
from desktop.core.forms.values import (
    chinese_date,
    choice,
    label,
    money,
    text,
    translate_to,
    yuan_in_capitals,
)

TITLE = "随身物品登记表"
FORM_NO = "表 2"
MIN_ROWS = 10
BLANK_ROWS = 3
SIZE = 9.0
DEPOSIT = ("item", "quantity", "description", "cash_fen", "valuable")
WIDTHS = [
    8 * mm,  # 序号
    22 * mm,  # 物品名称
    10 * mm,  # 数量
    24 * mm,  # 特征描述
    17 * mm,  # 现金
    10 * mm,  # 贵重
    17 * mm,  # 处置情况
    22 * mm,  # 日期
    25 * mm,  # 签收人/见证人 (领取人, 接收民警; 销毁时见证人)
    15 * mm,  # 经办人
]
#: Columns printed on one line, smaller when they must (numbers, dates, names).
ONE_LINE = (0, 2, 4, 5, 6, 7, 8, 9)


def build(data: CaseData) -> bytes:
    """Return the belongings register of ``data`` as PDF bytes."""
    notes = _disposal_notes(data)
    story: list[Flowable] = [
        *unprintable_note(data),
        *kit.field_grid(_case_rows(data)),
        Spacer(1, 4 * mm),
        *_items_table(data),
        Spacer(1, 2 * mm),
        *([kit.para("\n".join(notes))] if notes else []),
        kit.para(_totals(data)),
    ]
    closing: list[Flowable] = [
        Spacer(1, 4 * mm),
        *_signatures(
            "寄存：以上物品由本人交中心代为保管，经双方当面清点无误。",
            "寄存人签名",
            "登记工作人员签名",
        ),
        Spacer(1, 4 * mm),
        *_signatures(
            "离站：以上物品已按表中处置情况办理，代为保管的物品已如数领回，经双方当面清点无误。",
            "领取人签名",
            "经办工作人员签名",
        ),
    ]
    # the table's last rows, the notes and the totals stay with the signatures
    story = kit.ending(story, closing, keep=4 if notes else 3)
    return kit.build_pdf(heading(data, TITLE, FORM_NO), story, subject=data.case_no)


def _name(data: CaseData) -> kit.Pair:
    """The child's name; without one, the name the child gives (自称)."""
    shown = pair(fields.CHILD, data.child, "name")
    alias = text(data.child, "alias")
    if not shown.value and alias:
        return kit.Pair(shown.label, f"不详（自称“{alias}”）")
    return shown


def _case_rows(data: CaseData) -> list[kit.Row]:
    staff = kit.Pair(label(fields.ADMISSION["receiving_staff_id"]), data.receiving_staff)
    return [
        (_name(data), pair(fields.CHILD, data.child, "sex")),
        (pair(fields.ADMISSION, data.admission, "arrived_at"), staff),
    ]


def _headings() -> list[list[str]]:
    translate = translate_to()
    deposit = [label(fields.BELONGING[name], translate) for name in DEPOSIT]
    return [
        ["序号", "寄存物品", "", "", "", "", "处置情况", "", "", ""],
        ["", *deposit, "处置", "日期", "签收人/见证人", "经办人"],
    ]


def _when(value: object) -> dt.date | None:
    return value if isinstance(value, dt.date) else None


def _end(values: Record) -> tuple[dt.date | None, str]:
    """When the item left the center's keeping, and who received it: the collector
    (returned), the officer and unit (handed to the police), or who destroyed and
    witnessed it (destroyed)."""
    disposition = values.get("disposition")
    if disposition == "police":
        return _when(values.get("disposed_at")), text(values, "disposed_to")
    if disposition == "destroyed":
        return _when(values.get("disposed_at")), text(values, "disposal_witness")
    return _when(values.get("returned_at")), text(values, "returned_to")


def _item_row(number: int, belonging: Belonging) -> list[str]:
    values = belonging.values
    quantity = values.get("quantity")
    disposition = choice(fields.BELONGING["disposition"], values.get("disposition"))
    returned_on, received = _end(values)
    if not disposition:
        disposition = "已归还" if returned_on else "代为保管"
    return [
        str(number),
        str(values.get("item") or "").strip(),
        str(quantity) if isinstance(quantity, int) else "",
        str(values.get("description") or "").strip(),
        money(values.get("cash_fen")),
        "是" if values.get("valuable") else "",
        disposition,
        chinese_date(returned_on),
        received,  # signed by hand beside the printed name, or left to sign
        belonging.returned_by,
    ]


def _items_table(data: CaseData) -> list[Flowable]:
    belongings = data.belongings
    body = [_item_row(number, item) for number, item in enumerate(belongings, start=1)]
    blanks = max(BLANK_ROWS, MIN_ROWS - len(body))
    body += [[str(len(body) + n + 1), *[""] * 9] for n in range(blanks)]
    return kit.column_table(
        _headings(),
        body,
        WIDTHS,
        spans=[((0, 0), (0, 1)), ((1, 0), (5, 0)), ((6, 0), (9, 0))],
        centred=(0, 2, 4, 5, 6, 7),
        size=SIZE,
        one_line=ONE_LINE,
        keep_last=2,
    )


def _disposal_notes(data: CaseData) -> list[str]:
    """One line per item handed to the police or destroyed: "第2项（折叠刀）移交公安：
    公安机关接收凭证编号：…；移交或销毁原因：…" — what the narrow row has no room for."""
    translate = translate_to()
    table = fields.BELONGING
    lines = []
    for number, belonging in enumerate(data.belongings, start=1):
        values = belonging.values
        if values.get("disposition") not in fields.DISPOSALS:
            continue
        details = [
            f"{label(table[name], translate)}：{text(values, name)}"
            for name in ("disposed_to", "disposal_ref", "disposal_witness", "disposal_reason")
            if text(values, name)
        ]
        what = choice(table["disposition"], values.get("disposition"), translate)
        item = text(values, "item")
        lines.append(f"第{number}项（{item}）{what}：{'；'.join(details) or '（未记录详情）'}。")
    if lines:
        lines[0] = f"处置说明：{lines[0]}"
    return lines


def _totals(data: CaseData) -> str:
    """The printed items' count and cash (in figures and capitals), and room for the
    items added by hand: the printed total never contradicts a handwritten row."""
    belongings = data.belongings
    cash = sum(
        value for item in belongings if isinstance(value := item.values.get("cash_fen"), int)
    )
    added = "另手工添加物品＿＿项，现金＿＿＿＿元。"
    if data.blank:
        return f"共登记物品＿＿项，其中现金合计＿＿＿＿元（大写：{'＿' * 10}）。"
    total = money(cash) or "0.00"
    return (
        f"以上打印物品共 {len(belongings)} 项，其中现金合计 {total} 元"
        f"（大写：{yuan_in_capitals(cash)}）；{added}"
    )


def _signatures(statement: str, depositor: str, staff: str) -> list[Flowable]:
    signers = [kit.Signer(depositor, thumbprint=True), kit.Signer(staff)]
    return [kit.para(statement), Spacer(1, 2 * mm), kit.signature_row(signers)]
