"""The return-home forms as a reader sees the paper: each value beside its label, long
values wrapped inside their cells, empty ones left to write by hand, the fonts embedded."""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
import re
from collections.abc import Callable

import pytest
from pypdf import PdfReader

from desktop.core.forms import kit, return_forms
from desktop.core.forms.data import CaseData
from desktop.core.forms.registry import FORMS
from desktop.core.forms.samples import long_case, sample_blank, sample_case

BUILDERS: dict[str, Callable[[CaseData], bytes]] = {
    "collection": return_forms.build_collection,
    "escort": return_forms.build_escort,
    "visit": return_forms.build_visit,
}
Run = tuple[float, float, str]


def runs(pdf: bytes) -> list[list[Run]]:
    """Each page's lines of text as (x, y, text) (one line of one cell, whatever pieces
    pypdf reads it in), blanks removed from the text."""
    found: list[list[Run]] = []
    for page in PdfReader(io.BytesIO(pdf)).pages:
        items: list[Run] = []

        def visit(text: str, cm: list[float], tm: list[float], *_args: object,
                  into: list[Run] = items) -> None:  # fmt: skip
            if not text.strip():
                return
            x, y, piece = cm[4] + tm[4] * cm[0], cm[5] + tm[5] * cm[3], re.sub(r"\s+", "", text)
            if into and into[-1][:2] == (x, y):  # the same line, read in pieces
                into[-1] = (x, y, into[-1][2] + piece)
            else:
                into.append((x, y, piece))

        page.extract_text(visitor_text=visit)
        found.append(items)
    return found


def text_of(pdf: bytes) -> str:
    return "".join(run[2] for page in runs(pdf) for run in page)


def find(page: list[Run], text: str) -> Run:
    """The run that is ``text`` exactly (a label, a short value)."""
    hits = [run for run in page if run[2] == text]
    assert len(hits) == 1, (text, hits, [run[2] for run in page])
    return hits[0]


def beside(page: list[Run], label: str, value: str) -> None:
    """``value`` is on the line of a ``label`` (within a few points) and right of it, in the
    next cell."""
    labels = [run for run in page if run[2] == label]
    values = [run for run in page if run[2] == value]
    assert labels and values, (label, value, [run[2] for run in page])
    assert any(
        abs(vy - ly) < 6 and lx < vx < lx + 200 for lx, ly, _ in labels for vx, vy, _ in values
    ), (labels, values)


def test_the_registry_names_the_forms_of_a_plan() -> None:
    for key, title in (("collection", "接领交接单"), ("escort", "护送返乡交接单"),
                       ("visit", "回访记录表")):  # fmt: skip
        assert FORMS[key].title == title and FORMS[key].plan
        assert FORMS[key].build is BUILDERS[key]
    assert not FORMS["intake"].plan


@pytest.mark.parametrize("form", sorted(BUILDERS))
@pytest.mark.parametrize("make", [sample_case, sample_blank])
def test_every_font_is_embedded_and_the_page_is_a4(form: str, make: Callable[[], CaseData]) -> None:
    reader = PdfReader(io.BytesIO(BUILDERS[form](make())))
    box = reader.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (595, 842)
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            descriptor = font.get_object()["/FontDescriptor"].get_object()
            assert "/FontFile2" in descriptor


@pytest.mark.parametrize("form", sorted(BUILDERS))
def test_the_sample_case_fits_one_page_with_the_header(form: str) -> None:
    pages = runs(BUILDERS[form](sample_case()))
    assert len(pages) == 1
    text = "".join(run[2] for run in pages[0])
    assert "城南区未成年人救助保护中心" in text and FORMS[form].title in text
    assert "案卷号：2026-0013" in text and "None" not in text


def test_the_escort_form_puts_each_value_in_its_box() -> None:
    page = runs(return_forms.build_escort(sample_case()))[0]
    beside(page, "护送人员", "王小明、李华")
    beside(page, "交通方式", "火车（K270次）")
    beside(page, "出发时间", "2026年12月6日0时40分")
    beside(page, "到达时间", "2026年12月6日8时40分")
    beside(page, "接收单位名称", "周口市川汇区民政局")
    beside(page, "联系人及电话", "刘科长0394-8123456")
    beside(page, "交接地点", "周口市川汇区救助管理站")
    beside(page, "身份证号码", "11010519491231002X")
    text = "".join(run[2] for run in page)
    assert "☑当地民政部门☐村（居）民委员会☐公安机关☐家庭" in text
    # the escorts sign on the left, the receiving unit's person on the right, each with a seal
    escorts, receiver = find(page, "护送人员签名："), find(page, "接收单位经办人签名：")
    assert escorts[1] == receiver[1] and escorts[0] < receiver[0]
    seals = [run for run in page if run[2] in ("护送单位", "接收单位") and run[1] < escorts[1]]
    assert len(seals) == 2 and seals[0][0] < receiver[0] < seals[1][0]  # in each box
    # the signatures come after (below) the belongings
    assert find(page, "书包")[1] > escorts[1]


def test_the_collection_form_has_the_collector_the_copy_kept_and_the_seal() -> None:
    page = runs(return_forms.build_collection(sample_case()))[0]
    beside(page, "接领人姓名", "张大山")
    beside(page, "与儿童关系", "父亲")
    beside(page, "联系电话", "13800000000")
    beside(page, "身份核实人", "王小明")
    beside(page, "身份证件复印件", "☑已留存（附后）")  # the sample's plan kept the copy
    beside(page, "中心经办人", "王小明")
    text = "".join(run[2] for run in page)
    for wanted in ("核验居民身份证原件", "四、随身物品归还情况", "接领人签名：", "按手印",
                   "中心经办人签名：", "救助保护机构"):  # fmt: skip
        assert wanted in text, wanted
    beside(page, "已归还", "张大山")  # who took the phone back


@pytest.mark.parametrize("kept", [False, None, "yes", 1])
def test_the_copy_box_is_ticked_only_when_the_plan_says_the_copy_was_kept(kept: object) -> None:
    """Not kept, not asked (a plan from before 0012: NULL), or anything but True: the box
    stays to tick by hand."""
    case = sample_case()
    plan = {**case.plan, "receiver_id_copy_kept": kept}
    page = runs(return_forms.build_collection(dataclasses.replace(case, plan=plan)))[0]
    beside(page, "身份证件复印件", "☐已留存（附后）")
    assert "☑已留存" not in "".join(run[2] for run in page)


def _beside_rows(page: list[Run], label: str) -> list[str]:
    """The lines printed right of ``label`` in its row: a label sits in the middle of its
    row's height, so the row reaches half-way to the labels above and below it."""
    labels = ("儿童现状", "存在风险", "风险情况及处理", "下一步措施")
    ys = sorted((run[1] for run in page if run[2] in labels), reverse=True)
    x, y = find(page, label)[:2]
    index = ys.index(y)
    upper = (ys[index - 1] + y) / 2
    lower = (ys[index + 1] + y) / 2 if index + 1 < len(ys) else y - (upper - y)
    return [run[2] for run in page if run[0] > x + 30 and lower < run[1] < upper]


def test_the_visit_form_prints_the_next_step_and_no_risk_as_none() -> None:
    """A visit made without risk: 风险情况及处理 says 无 and 下一步措施 its next step, each
    beside its own label."""
    page = runs(return_forms.build_visit(sample_case()))[0]
    beside(page, "风险情况及处理", "无")
    beside(page, "下一步措施", "3个月时入户走访，了解儿童在校情况。")
    assert _beside_rows(page, "风险情况及处理") == ["无"]
    assert _beside_rows(page, "下一步措施") == ["3个月时入户走访，了解儿童在校情况。"]


def test_a_visit_at_risk_prints_its_referrals_and_the_new_admission() -> None:
    case = sample_case()
    referrals = ({"referred_to": "police", "note": "疑似遭受家暴，已报警"},
                 {"referred_to": "school", "note": "请学校关注出勤"})  # fmt: skip
    readmitted = dt.datetime(2027, 1, 9, 2, 30, tzinfo=dt.UTC)
    visit = {**case.visit, "risk": True, "referrals": referrals, "readmitted_at": readmitted}
    page = runs(return_forms.build_visit(dataclasses.replace(case, visit=visit)))[0]
    assert _beside_rows(page, "风险情况及处理") == [
        "转介公安机关：疑似遭受家暴，已报警",
        "转介学校：请学校关注出勤",
        "2027年1月9日重新接收救助（再次入站）",
    ]
    assert "☑是☐否" in "".join(run[2] for run in page)
    only_admitted = {**visit, "referrals": ()}
    page = runs(return_forms.build_visit(dataclasses.replace(case, visit=only_admitted)))[0]
    assert _beside_rows(page, "风险情况及处理") == ["2027年1月9日重新接收救助（再次入站）"]


def test_a_visit_at_risk_with_nothing_recorded_and_a_visit_to_come_keep_their_lines() -> None:
    case = sample_case()
    for visit in ({**case.visit, "risk": True, "next_step": ""}, case.visits[1]):
        page = runs(return_forms.build_visit(dataclasses.replace(case, visit=visit)))[0]
        assert _beside_rows(page, "风险情况及处理") == []  # nothing printed: lines to write on
        assert _beside_rows(page, "下一步措施") == []
        assert "无" not in [run[2] for run in page]
    # a next step typed on a visit not made yet is never printed (only what the visit found)
    coming = {**case.visits[1], "next_step": "不应打印"}
    printed = text_of(return_forms.build_visit(dataclasses.replace(case, visit=coming)))
    assert "不应打印" not in printed


def test_the_visit_form_of_a_visit_made_and_of_one_to_come() -> None:
    case = sample_case()
    made = runs(return_forms.build_visit(case))[0]
    beside(made, "回访日期", "2027年1月8日")
    beside(made, "回访方式", "电话")
    beside(made, "返乡交接日期", "2026年12月6日")
    made_text = "".join(run[2] for run in made)
    assert "☑满1个月（应访：2027年1月6日）☐满3个月☐满6个月" in made_text
    assert "与父亲通话" in made_text and "☐是☑否" in made_text
    assert "（王小明）" in made_text  # the visitor, under the signature
    coming = dataclasses.replace(case, visit=case.visits[1])
    text = text_of(return_forms.build_visit(coming))
    assert "☐满1个月☑满3个月（应访：2027年3月6日）☐满6个月" in text
    assert "与父亲通话" not in text and "（王小明）" not in text
    assert "☐是☐否" in text and "☐电话☐入户走访☐当地合作机构" in text
    at_risk = dataclasses.replace(case, visit={**case.visit, "risk": True})
    assert "☑是☐否" in text_of(return_forms.build_visit(at_risk))


@pytest.mark.parametrize("form", sorted(BUILDERS))
def test_a_blank_form_leaves_everything_to_write(form: str) -> None:
    text = text_of(BUILDERS[form](sample_blank()))
    assert "案卷号：＿" in text and "None" not in text and "☑" not in text
    assert "年月日" in text
    expected = {
        "collection": ["☐已留存（附后）", "接领人姓名", "交接地点"],
        "escort": ["☐当地民政部门☐村（居）民委员会☐公安机关☐家庭", "护送人员", "出发时间"],
        "visit": ["第＿＿次回访（返乡后满＿＿个月）", "☐是☐否", "☐护送返乡☐接领返乡"],
    }[form]
    for wanted in expected:
        assert wanted in text, wanted


@pytest.mark.parametrize("form", sorted(BUILDERS))
def test_empty_values_of_a_plan_print_room_to_write_never_none(form: str) -> None:
    case = sample_case()
    emptied = {name: "" if isinstance(value, str) else None for name, value in case.plan.items()}
    visit = {**case.visit, "visited_on": None, "method": "", "findings": "", "situation": ""}
    pdf = BUILDERS[form](dataclasses.replace(case, plan=emptied, visit=visit))
    text = text_of(pdf)
    assert "None" not in text and "张𠮷祥" in text


@pytest.mark.parametrize("form", sorted(BUILDERS))
def test_long_values_wrap_inside_their_cells_and_the_signatures_follow_the_last_rows(
    form: str,
) -> None:
    case = long_case()
    pages = runs(BUILDERS[form](case))
    right = kit.PAGE_WIDTH - kit.MARGIN
    for page in pages:
        for x, _y, text in page:
            assert kit.MARGIN - 1 < x < right, (x, text)
    text = "".join(run[2] for page in pages for run in page)
    long_value = {
        "collection": case.plan["receiver_address"],
        "escort": case.plan["receiving_unit"],
        "visit": case.visit["findings"],
    }[form]
    assert re.sub(r"\s+", "", str(long_value)) in text  # every character, in order
    if form == "visit":  # the long next step too, in its cell, carried on the next page
        next_step = re.sub(r"\s+", "", str(case.visit["next_step"]))
        first = next(run for page in pages for run in page if run[2].startswith("继续每月"))
        label = next(run for page in pages for run in page if run[2] == "下一步措施")
        assert abs(label[1] - first[1]) < 30 and label[0] < first[0]
        column = "".join(run[2] for page in pages for run in page if abs(run[0] - first[0]) < 1)
        assert next_step in column
        assert any(run[2] == "下一步措施（续）" for run in pages[-1])
    signers = {"collection": "接领人签名：", "escort": "护送人员签名：", "visit": "回访人签名："}
    signer = signers[form]
    last = pages[-1]
    assert any(run[2] == signer for run in last)
    header = find(last, f"案卷号：{case.case_no}")[1]
    body = [run for run in last if run[2] != signer and 60 < run[1] < header - 5]
    assert any(run[1] > find(last, signer)[1] for run in body)  # not alone on its page


def test_the_long_address_wraps_into_lines_of_its_cell() -> None:
    case = long_case()
    page = runs(return_forms.build_collection(case))[0]
    label = find(page, "住址")
    lines = [run for run in page if run[0] > label[0] + 30 and "川汇区人民路12号院" in run[2]]
    assert len({round(run[1]) for run in lines}) >= 2  # more than one line
    assert len({round(run[0]) for run in lines}) == 1  # all start at the cell's left edge
