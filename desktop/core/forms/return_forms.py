"""The papers of a return home (返乡安置), printed and signed on paper:

- 接领交接单 (``build_collection``): the family collects the child — the child, the
  person who collects (name, ID number, relationship, phone, address), who checked the
  identity and how, the copy of the ID kept, the belongings handed back, when and
  where; signed by the collector (with a thumbprint) and the center's staff member,
  under the center's seal;
- 护送返乡交接单 (``build_escort``): the center's staff take the child home, as the
  escort handover form of 民发〔2015〕158号 lays it out — the escorting unit and its
  staff, the child, the receiving unit and its contact, departure and arrival, the
  time and place of the handover, the belongings; signed by the escorts and the
  receiving unit's person, with both units' seals;
- 回访记录表 (``build_visit``): one follow-up visit — which of the plan's visits, when
  and how, what was found, the child's situation, the risk and what was done about it
  (the referrals recorded for the visit, a new admission that followed; "无" when the
  visit found no risk), the next step, signed by the visitor. A visit not yet made
  prints with lines to write on.

Every value comes from ``CaseData.plan`` (and ``visit``); an empty one prints room to
write by hand, never "None".
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Spacer

from desktop.core import fields
from desktop.core.fields import Field
from desktop.core.forms import kit
from desktop.core.forms.common import heading, named, pair, unprintable_note
from desktop.core.forms.data import Belonging, CaseData, Record
from desktop.core.forms.values import (
    DATE_TO_WRITE,
    TICKED,
    UNTICKED,
    chinese_date,
    choice,
    choice_boxes,
    display,
    local_date,
    money,
    text,
    to_write,
    translate_to,
    yes_no_boxes,
)

COLLECTION = "接领交接单"
ESCORT = "护送返乡交接单"
VISIT = "回访记录表"
SIZE = 9.0
#: 序号, 物品名称, 数量, 特征描述, 现金（元）, 处置情况, 领取人
ITEM_WIDTHS = [10 * mm, 30 * mm, 12 * mm, 50 * mm, 20 * mm, 22 * mm, 26 * mm]
ITEM_BLANK_ROWS = 2
COPY_KEPT = "已留存（附后）"
PLAN = fields.RETURN_PLAN
CENTER_SEAL = "救助保护机构\n（盖章）"


def _shown(definitions: Mapping[str, Field], record: Record, name: str) -> str:
    """A stored value as printed, or what an empty one leaves to fill in by hand."""
    field = definitions[name]
    translate = translate_to()
    return display(field, record.get(name), translate) or to_write(field, translate)


def _plan_pair(label: str, data: CaseData, name: str, lines: int = 1) -> kit.Pair:
    """A pair of the plan under the form's own wording."""
    return kit.Pair(label, _shown(PLAN, data.plan, name), lines)


def _child_rows(data: CaseData, *, health: bool = False) -> list[kit.Row]:
    child, stay = data.child, data.admission
    name = pair(fields.CHILD, child, "name")
    alias = text(child, "alias")
    if not name.value and alias:
        name = kit.Pair(name.label, named("", alias))
    rows: list[kit.Row] = [
        (name, pair(fields.CHILD, child, "sex")),
        (pair(fields.CHILD, child, "birth_date"), pair(fields.CHILD, child, "id_number")),
        (pair(fields.ADMISSION, stay, "arrived_at"),
         pair(fields.CHILD, child, "household_registration")),
    ]  # fmt: skip
    if health:
        rows.append((pair(fields.CHILD, child, "health", lines=2),))
    return rows


def _receiver_rows(data: CaseData, who: str) -> list[kit.Row]:
    """The person who takes the child: name, relationship, ID number, phone, address."""
    return [
        (_plan_pair(f"{who}姓名", data, "receiver_name"),
         _plan_pair("与儿童关系", data, "receiver_relationship")),
        (_plan_pair("身份证号码", data, "receiver_id_number"),
         _plan_pair("联系电话", data, "receiver_phone")),
        (_plan_pair("住址", data, "receiver_address"),),
    ]  # fmt: skip


def _handover_rows(data: CaseData) -> list[kit.Row]:
    return [
        (_plan_pair("交接时间", data, "handed_over_at"),
         _plan_pair("交接地点", data, "handover_place")),
    ]  # fmt: skip


# belongings ------------------------------------------------------------------------------------


def _disposition(values: Record) -> tuple[str, dt.date | None, str]:
    """What became of an item: its disposition, when, and who received it."""
    translate = translate_to()
    shown = choice(fields.BELONGING["disposition"], values.get("disposition"), translate)
    if values.get("disposition") in fields.DISPOSALS:
        day = values.get("disposed_at")
        return shown, local_date(day) if isinstance(day, dt.date) else None, ""
    returned = values.get("returned_at")
    if isinstance(returned, dt.date):
        return shown or "已归还", local_date(returned), text(values, "returned_to")
    return shown or "代为保管", None, ""


def _item_row(number: int, belonging: Belonging) -> list[str]:
    values = belonging.values
    quantity = values.get("quantity")
    shown, _day, received = _disposition(values)
    return [
        str(number),
        text(values, "item"),
        str(quantity) if isinstance(quantity, int) else "",
        text(values, "description"),
        money(values.get("cash_fen")),
        shown,
        received,
    ]


def _items(data: CaseData, title: str, least: int) -> list[Flowable]:
    """The stay's belongings and what became of each, with rows to add items by hand (at
    least ``ITEM_BLANK_ROWS``, and ``least`` rows in all)."""
    body = [_item_row(number, item) for number, item in enumerate(data.belongings, start=1)]
    blanks = max(ITEM_BLANK_ROWS, least - len(body))
    body += [[str(len(body) + n + 1), *[""] * 6] for n in range(blanks)]
    heads = [["序号", "物品名称", "数量", "特征描述", "现金（元）", "处置情况", "领取人"]]
    return [
        kit.para(title, kit.style(SIZE + 1.5)),
        Spacer(1, 1 * mm),
        *kit.column_table(heads, body, ITEM_WIDTHS, size=SIZE, centred=(0, 2, 4, 5),
                          one_line=(0, 2, 4, 5, 6), keep_last=1),
    ]  # fmt: skip


# 接领交接单 ------------------------------------------------------------------------------------


def _copy_kept(data: CaseData) -> str:
    """The box ticked (☑已留存) once the plan records the copy of the ID kept, else to tick."""
    kept = data.plan.get("receiver_id_copy_kept") is True
    return f"{TICKED if kept else UNTICKED}{COPY_KEPT}"


def build_collection(data: CaseData) -> bytes:
    """Return the record of the family collecting the child as PDF bytes."""
    rows: list[kit.Row] = [
        kit.Section("一、受助儿童"),
        *_child_rows(data),
        kit.Section("二、接领人"),
        *_receiver_rows(data, "接领人"),
        (_plan_pair("身份核实人", data, "verified_by"),
         kit.Pair("身份证件复印件", _copy_kept(data))),
        (_plan_pair("核实方式", data, "verified_how", lines=2),),
        kit.Section("三、交接"),
        *_handover_rows(data),
        (kit.Pair("中心经办人", text(data.plan, "handled_by")),),
    ]  # fmt: skip
    statement = (
        "接领人已出示有效身份证件，经核实身份及与儿童的关系属实。儿童及其随身物品（见上表）"
        "已当面交接，双方清点无误。接领人承诺依法履行监护职责，配合中心回访。"
    )
    story: list[Flowable] = [
        *unprintable_note(data),
        *kit.field_grid(rows),
        Spacer(1, 4 * mm),
        *_items(data, "四、随身物品归还情况", least=5),
        Spacer(1, 4 * mm),
    ]
    signers = [
        kit.Signer("接领人签名", thumbprint=True, printed_name=text(data.plan, "received_by")),
        kit.Signer("中心经办人签名", printed_name=text(data.plan, "handled_by"), seal=CENTER_SEAL),
    ]
    closing: list[Flowable] = [kit.para(statement), Spacer(1, 3 * mm), kit.signature_row(signers)]
    return kit.build_pdf(heading(data, COLLECTION), kit.ending(story, closing, keep=2),
                         subject=data.case_no)  # fmt: skip


# 护送返乡交接单 --------------------------------------------------------------------------------


def _escorts(data: CaseData) -> str:
    names = [text(data.plan, "escort_first"), text(data.plan, "escort_second")]
    return "、".join(name for name in names if name)


def build_escort(data: CaseData) -> bytes:
    """Return the escorted handover form as PDF bytes."""
    plan = data.plan
    unit = data.center.form_header.strip() or data.center.name.strip()
    kind = PLAN["receiving_unit_kind"]
    translate = translate_to()
    rows: list[kit.Row] = [
        kit.Section("一、护送情况"),
        (kit.Pair("护送单位", unit), kit.Pair("护送人员", _escorts(data))),
        (_plan_pair("交通方式", data, "transport"), _plan_pair("目的地", data, "destination")),
        (_plan_pair("出发时间", data, "departure_at"), _plan_pair("到达时间", data, "arrival_at")),
        kit.Section("二、被护送人员基本信息"),
        *_child_rows(data, health=True),
        kit.Section("三、接收单位及交接"),
        (kit.Pair("单位类别", choice_boxes(kind, plan.get("receiving_unit_kind"), translate)),),
        (_plan_pair("接收单位名称", data, "receiving_unit"),
         _plan_pair("联系人及电话", data, "receiving_contact")),
        *_receiver_rows(data, "接收人")[:2],
        *_handover_rows(data),
    ]  # fmt: skip
    statement = (
        "经双方当面确认，被护送人员身体状况及随身物品（见上表）已交接清楚。"
        "自交接之时起，被护送人员由接收单位（接收人）负责照料。"
    )
    story: list[Flowable] = [
        *unprintable_note(data),
        *kit.field_grid(rows),
        Spacer(1, 4 * mm),
        *_items(data, "四、随身物品交接情况", least=3),
        Spacer(1, 4 * mm),
    ]
    signers = [
        kit.Signer("护送人员签名", printed_name=_escorts(data), seal="护送单位\n（盖章）"),
        kit.Signer(
            "接收单位经办人签名", printed_name=text(plan, "received_by"), seal="接收单位\n（盖章）"
        ),
    ]
    closing: list[Flowable] = [kit.para(statement), Spacer(1, 3 * mm), kit.signature_row(signers)]
    return kit.build_pdf(heading(data, ESCORT), kit.ending(story, closing, keep=2),
                         subject=data.case_no)  # fmt: skip


# 回访记录表 ------------------------------------------------------------------------------------


def _which_visit(data: CaseData) -> str:
    """This visit among the plan's: "☑满1个月（应访：2026年12月29日） ☐满3个月 ☐满6个月"."""
    visit = data.visit
    if not data.visits or not visit:
        return "第＿＿次回访（返乡后满＿＿个月）"
    options = []
    for other in data.visits:
        months = other.get("months")
        if other is visit or other.get("id") == visit.get("id"):
            due = other.get("due_on")
            when = f"（应访：{chinese_date(due)}）" if isinstance(due, dt.date) else ""
            options.append(f"☑满{months}个月{when}")
        else:
            options.append(f"{UNTICKED}满{months}个月")
    return "  ".join(options)


def _handover_day(data: CaseData) -> str:
    day = data.plan.get("handed_over_at")
    return chinese_date(day) if isinstance(day, dt.date) else DATE_TO_WRITE


def _visit_value(data: CaseData, name: str) -> str:
    return _shown(fields.FOLLOW_UP_VISIT, data.visit, name)


def _risk_handling(visit: Record) -> str:
    """What the visit found and what was done (风险情况及处理): the referrals recorded for
    it and a new admission that followed; "无" for a visit made that found no risk; ''
    (lines to write on) for a visit to come, or one at risk with nothing recorded yet."""
    if not isinstance(visit.get("visited_on"), dt.date):
        return ""
    if not visit.get("risk"):
        return "无"
    translate = translate_to()
    lines = []
    referrals = visit.get("referrals")
    for referral in referrals if isinstance(referrals, tuple | list) else ():
        to = choice(fields.REFERRAL["referred_to"], referral.get("referred_to"), translate)
        note = text(referral, "note")
        lines.append(f"转介{to}：{note}" if note else f"转介{to}")
    readmitted = visit.get("readmitted_at")
    if isinstance(readmitted, dt.datetime):
        lines.append(f"{chinese_date(readmitted)}重新接收救助（再次入站）")
    return "\n".join(lines)


def build_visit(data: CaseData) -> bytes:
    """Return the record of one follow-up visit as PDF bytes (with lines to write on when
    the visit is not made yet)."""
    visit = data.visit
    done = isinstance(visit.get("visited_on"), dt.date)
    risk = yes_no_boxes(bool(visit.get("risk"))) if done else yes_no_boxes(None)
    rows: list[kit.Row] = [
        kit.Section("一、基本情况"),
        *_child_rows(data)[:2],
        (_plan_pair("返乡方式", data, "return_mode"),
         kit.Pair("返乡交接日期", _handover_day(data))),
        *_receiver_rows(data, "监护人"),
        kit.Section("二、回访情况"),
        (kit.Pair("回访次数", _which_visit(data)),),
        (kit.Pair("回访日期", _visit_value(data, "visited_on")),
         kit.Pair("回访方式", _visit_value(data, "method"))),
        (kit.Pair("回访情况", _visit_value(data, "findings"), 3),),
        (kit.Pair("儿童现状", _visit_value(data, "situation"), 3),),
        (kit.Pair("存在风险", risk),),
        (kit.Pair("风险情况及处理", _risk_handling(visit), 2),),
        (kit.Pair("下一步措施", _visit_value(data, "next_step") if done else "", 2),),
    ]  # fmt: skip
    note = "发现儿童存在风险的，应及时报告中心负责人，视情况重新接收救助或转介相关部门。"
    story: list[Flowable] = [
        *unprintable_note(data),
        *kit.field_grid(rows),
        Spacer(1, 3 * mm),
        kit.para(note, kit.style(SIZE)),
        Spacer(1, 5 * mm),
    ]
    closing: list[Flowable] = [
        kit.signature_row(
            [
                kit.Signer("回访人签名", printed_name=text(visit, "visitor")),
                kit.Signer("被回访人（监护人）签名", thumbprint=True),
            ]
        ),
    ]
    return kit.build_pdf(heading(data, VISIT), kit.ending(story, closing, keep=1),
                         subject=data.case_no)  # fmt: skip
