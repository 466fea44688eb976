"""The belongings form: cash in capitals, each item's disposition, names and dates whole."""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
import re

import pytest
from pypdf import PdfReader

from desktop.core.forms import belongings_form
from desktop.core.forms.data import Belonging
from desktop.core.forms.samples import sample_blank, sample_case
from desktop.core.forms.values import yuan_in_capitals


def text_of(pdf: bytes) -> str:
    return "".join(
        re.sub(r"\s+", "", page.extract_text()) for page in PdfReader(io.BytesIO(pdf)).pages
    )


def lines_of(pdf: bytes) -> list[str]:
    return [
        re.sub(r"\s+", "", line)
        for page in PdfReader(io.BytesIO(pdf)).pages
        for line in page.extract_text().splitlines()
    ]


# amounts in capitals: the People's Bank's examples and the edges ------------------------------


@pytest.mark.parametrize(
    ("fen", "capitals"),
    [
        (0, "零元整"),
        (1, "壹分"),
        (10, "壹角整"),
        (100, "壹元整"),
        (1000, "壹拾元整"),
        (1500, "壹拾伍元整"),
        (5650, "伍拾陆元伍角整"),
        (32504, "叁佰贰拾伍元零肆分"),
        (100207, "壹仟零贰元零柒分"),
        (140950, "壹仟肆佰零玖元伍角整"),
        (600714, "陆仟零柒元壹角肆分"),
        (168032, "壹仟陆佰捌拾元叁角贰分"),
        (1640902, "壹万陆仟肆佰零玖元零贰分"),
        (10000000, "壹拾万元整"),
        (10700053, "壹拾万零柒仟元伍角叁分"),
        (100001000, "壹佰万零壹拾元整"),
        (100000001, "壹佰万元零壹分"),
        (10000000000, "壹亿元整"),
        (1000000000000, "壹佰亿元整"),
        (10000100000000, "壹仟亿零壹佰万元整"),
        (1234567890123, "壹佰贰拾叁亿肆仟伍佰陆拾柒万捌仟玖佰零壹元贰角叁分"),
    ],
)
def test_amounts_in_capitals(fen: int, capitals: str) -> None:
    assert yuan_in_capitals(fen) == capitals


def test_a_negative_amount_is_refused() -> None:
    with pytest.raises(ValueError):
        yuan_in_capitals(-1)


# the form ------------------------------------------------------------------------------------


def test_the_total_gives_the_cash_in_capitals_and_room_for_items_added_by_hand() -> None:
    text = text_of(belongings_form.build(sample_case()))
    assert "以上打印物品共5项，其中现金合计56.50元（大写：伍拾陆元伍角整）" in text
    assert "另手工添加物品" in text
    blank = text_of(belongings_form.build(sample_blank()))
    assert "共登记物品＿＿项" in blank and "0.00" not in blank


def test_each_item_prints_its_disposition_and_who_received_it() -> None:
    case = sample_case()
    items = (
        Belonging({"item": "书包", "quantity": 1, "disposition": "held"}),
        Belonging(
            {
                "item": "小刀",
                "quantity": 1,
                "disposition": "police",
                "disposed_at": dt.datetime(2023, 9, 12, 9, tzinfo=dt.UTC),
                "disposed_to": "城南派出所",
            },
            returned_by="王主任",
        ),
        Belonging({"item": "过期食品", "quantity": 2, "disposition": "destroyed"}),
        Belonging(
            {
                "item": "手机",
                "quantity": 1,
                "disposition": "returned",
                "returned_at": dt.datetime(2023, 9, 12, 9, tzinfo=dt.UTC),
                "returned_to": "司马小明",
            }
        ),
    )
    text = text_of(belongings_form.build(dataclasses.replace(case, belongings=items)))
    for expected in ("书包1代为保管", "小刀1移交公安", "过期食品2销毁", "手机1已归还"):
        assert expected in text, expected
    assert "城南派出所王主任" in text
    assert "以上物品已如数领回" not in text  # a partial return is not a full one


def test_dates_and_names_stay_whole_in_their_narrow_columns() -> None:
    case = sample_case()
    item = Belonging(
        {
            "item": "手机",
            "quantity": 1,
            "disposition": "returned",
            "returned_at": dt.datetime(2023, 9, 12, 9, tzinfo=dt.UTC),
            "returned_to": "司马小明",
        },
        returned_by="欧阳建国",
    )
    lines = lines_of(belongings_form.build(dataclasses.replace(case, belongings=(item,))))
    day = dt.datetime(2023, 9, 12, 9, tzinfo=dt.UTC).astimezone()
    assert any(f"{day.year}年{day.month}月{day.day}日" in line for line in lines)
    assert any("司马小明" in line for line in lines)
    assert any("欧阳建国" in line for line in lines)


def test_a_child_without_a_name_shows_the_name_they_give() -> None:
    case = sample_case()
    child = {**case.child, "name": "", "alias": "丫丫"}
    text = text_of(belongings_form.build(dataclasses.replace(case, child=child)))
    assert "姓名不详（自称“丫丫”）" in text
    named = text_of(belongings_form.build(case))
    assert "张𠮷祥" in named and "自称" not in named


def test_an_item_handed_to_the_police_or_destroyed_prints_when_to_whom_and_why() -> None:
    """The row: disposition, date, the receiving officer and unit (or who destroyed and
    witnessed it) and the staff member; under the table: the receipt and the reason."""
    case = sample_case()
    handed = dt.datetime(2023, 9, 12, 9, tzinfo=dt.UTC)
    burnt = dt.datetime(2023, 10, 3, 2, tzinfo=dt.UTC)
    items = (
        Belonging(
            {
                "item": "折叠刀",
                "quantity": 1,
                "disposition": "police",
                "disposed_at": handed,
                "disposed_to": "城关派出所李警官",
                "disposal_ref": "118号",
                "disposal_reason": "管制刀具",
                # a return's columns are not a handover's: never printed for it
                "returned_at": dt.datetime(2020, 1, 1, tzinfo=dt.UTC),
                "returned_to": "不该打印",
            },
            returned_by="王主任",
        ),
        Belonging(
            {
                "item": "面包",
                "quantity": 2,
                "disposition": "destroyed",
                "disposed_at": burnt,
                "disposal_reason": "已霉变",
                "disposal_witness": "赵强",
            },
            returned_by="李华",
        ),
        Belonging({"item": "书包", "quantity": 1, "disposition": "held"}),
    )
    pdf = belongings_form.build(dataclasses.replace(case, belongings=items))
    lines = lines_of(pdf)
    text = text_of(pdf)

    def day(moment: dt.datetime) -> str:
        local = moment.astimezone()
        return f"{local.year}年{local.month}月{local.day}日"

    # each row's cells in order: item, quantity, disposition, date, received by, staff
    assert f"1折叠刀1移交公安{day(handed)}城关派出所李警官王主任" in text
    assert f"2面包2销毁{day(burnt)}赵强李华" in text
    assert any(day(handed) in line for line in lines)  # the date stays on one line
    assert "不该打印" not in text and "2020年" not in text
    assert "处置说明：第1项（折叠刀）移交公安：" in text
    assert "公安机关接收凭证编号：118号" in text and "移交或销毁原因：管制刀具" in text
    assert "第2项（面包）销毁：销毁人及见证人：赵强；移交或销毁原因：已霉变。" in text
    assert "第3项" not in text  # an item still held has nothing to explain


def test_no_disposal_note_without_an_item_handed_over_or_destroyed() -> None:
    case = sample_case()
    kept = tuple(
        b for b in case.belongings if b.values.get("disposition") not in ("police", "destroyed")
    )
    assert kept and len(kept) < len(case.belongings)
    assert "处置说明" not in text_of(
        belongings_form.build(dataclasses.replace(case, belongings=kept))
    )
    assert "处置说明" in text_of(belongings_form.build(case))
    assert "处置说明" not in text_of(belongings_form.build(sample_blank()))
