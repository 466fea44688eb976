"""The family-search notice: what it may publish, for whom, the age it prints, its dates."""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
import re

import pytest
from pypdf import PdfReader

from desktop.core import fields
from desktop.core.forms import notice, notice_form
from desktop.core.forms.data import Belonging, CaseData
from desktop.core.forms.samples import sample_case

TEXT_KINDS = ("text", "multiline", "id_number", "phone")
PRIVATE_CHILD = {"id_number", "address", "household_registration", "birth_place", "school"}
PRIVATE_ADMISSION = {
    "reason",
    "circumstances",
    "intake_check",
    "security_check",
    "police_case_no",
    "referring_unit",
    "referrer_name",
    "referrer_phone",
    "consent_note",
    "notice_reason",
}


def text_of(pdf: bytes) -> str:
    return "".join(
        re.sub(r"\s+", "", page.extract_text()) for page in PdfReader(io.BytesIO(pdf)).pages
    )


def with_child(case: CaseData, **values: object) -> CaseData:
    return dataclasses.replace(case, child={**case.child, **values})


def with_admission(case: CaseData, **values: object) -> CaseData:
    return dataclasses.replace(case, admission={**case.admission, **values})


# the whitelist -------------------------------------------------------------------------------


def test_the_public_fields_are_real_fields_and_leave_the_private_ones_out() -> None:
    assert set(fields.CHILD) >= notice.PUBLIC_CHILD
    assert set(fields.ADMISSION) >= notice.PUBLIC_ADMISSION
    assert not notice.PUBLIC_CHILD & (PRIVATE_CHILD | {"category", "case_no"})
    assert not notice.PUBLIC_ADMISSION & PRIVATE_ADMISSION


def test_no_private_value_reaches_the_printed_notice() -> None:
    case = sample_case()
    child = {
        name: f"机密{name}"
        for name, field in fields.CHILD.items()
        if field.kind in TEXT_KINDS and name not in notice.PUBLIC_CHILD
    }
    admission = {
        name: f"机密{name}"
        for name, field in fields.ADMISSION.items()
        if field.kind in TEXT_KINDS and name not in notice.PUBLIC_ADMISSION
    }
    assert set(child) >= PRIVATE_CHILD and set(admission) >= PRIVATE_ADMISSION
    secret = dataclasses.replace(
        case,
        child={**case.child, **child},
        admission={**case.admission, **admission},
        contacts=({"name": "机密联系人", "phone": "机密电话"},),
        belongings=(Belonging({"item": "机密物品", "quantity": 1}),),
        receiving_staff="机密工作人员",
    )
    text = text_of(notice_form.build(secret))
    assert "机密" not in text
    assert "圆脸" in text  # the public description still prints


def test_public_case_keeps_only_the_whitelisted_values() -> None:
    public = notice.public_case(sample_case())
    assert set(public.child) <= notice.PUBLIC_CHILD
    assert set(public.admission) <= notice.PUBLIC_ADMISSION
    assert public.contacts == () and public.belongings == () and public.receiving_staff == ""
    assert public.child["appearance"] == sample_case().child["appearance"]


# who a notice is for ------------------------------------------------------------------------


UNKNOWN = {"name": "", "id_number": "", "category": "lost"}


def test_no_reason_is_needed_for_a_child_whose_family_is_unknown() -> None:
    assert notice.reasons_against(UNKNOWN, {"harm_found": False}, 0) == []


@pytest.mark.parametrize(
    ("child", "admission", "contacts"),
    [
        ({**UNKNOWN, "name": "张三"}, {}, 0),
        ({**UNKNOWN, "id_number": "11010520140503001X"}, {}, 0),
        (UNKNOWN, {}, 1),
        ({**UNKNOWN, "category": "harmed"}, {}, 0),
        (UNKNOWN, {"harm_found": True}, 0),
    ],
)
def test_anyone_else_needs_a_reason(
    child: dict[str, object], admission: dict[str, object], contacts: int
) -> None:
    assert len(notice.reasons_against(child, admission, contacts)) == 1


# what it prints -----------------------------------------------------------------------------


def test_the_age_is_the_age_when_found_not_when_printed() -> None:
    case = with_admission(sample_case(), arrived_at=dt.datetime(2021, 3, 1, 4, tzinfo=dt.UTC))
    case = dataclasses.replace(case, printed_on=dt.date(2026, 11, 28))
    estimated = with_child(case, birth_date=dt.date(2000, 6, 1), birth_date_estimated=True)
    text = text_of(notice_form.build(estimated))
    assert "发现时年龄约20岁" in text
    assert "约26岁" not in text and "约25岁" not in text


@pytest.mark.parametrize(
    ("found_day", "age"), [(dt.date(2021, 3, 1), 10), (dt.date(2021, 3, 2), 11)]
)
def test_an_exact_age_counts_the_birthday_on_the_day_found(found_day: dt.date, age: int) -> None:
    arrived = dt.datetime.combine(found_day, dt.time(12)).astimezone()
    case = with_admission(sample_case(), arrived_at=arrived)
    case = with_child(case, birth_date=dt.date(2010, 3, 2), birth_date_estimated=False)
    assert f"发现时年龄{age}岁" in text_of(notice_form.build(case))


def test_the_notice_is_dated_by_its_first_issue_with_its_posting_period() -> None:
    case = with_admission(sample_case(), notice_issued_on=dt.date(2026, 11, 20))
    text = text_of(notice_form.build(case))
    assert "公告期自2026年11月20日至2026年12月19日" in text
    closing = text.split("联系电话")[1]
    assert "2026年11月20日" in closing and "2026年11月28日" not in closing.split("打印日期")[0]
    assert notice.posting_period(dt.date(2026, 11, 28)) == (
        dt.date(2026, 11, 28),
        dt.date(2026, 12, 27),
    )


def test_the_new_public_fields_print() -> None:
    case = with_admission(sample_case(), found_place="城东区人民公园东门")
    case = with_child(case, ethnicity="02", dialect="四川话", build="heavy", disability="左腿残疾")
    text = text_of(notice_form.build(case))
    for expected in (
        "民族蒙古族",
        "口音/方言四川话",
        "体型偏胖",
        "残疾情况左腿残疾",
        "发现地点城东区人民公园东门",
    ):
        assert expected in text, expected


def test_a_notice_that_says_nothing_is_flagged_and_one_that_says_something_is_not() -> None:
    case = sample_case()
    nothing = dataclasses.replace(
        with_child(
            case,
            name="",
            alias="",
            birth_date=None,
            height_cm=None,
            appearance="",
            clothing="",
            dialect="",
        ),
        photo=None,
    )
    assert notice.unknown_everything(nothing)
    assert not notice.unknown_everything(case)
    assert not notice.unknown_everything(with_child(nothing, clothing="红色外套"))
    assert not notice.unknown_everything(dataclasses.replace(nothing, photo=b"jpeg"))


def test_the_sample_notice_filled_or_blank_fits_one_page() -> None:
    from desktop.core.forms.samples import sample_blank

    for case in (sample_case(), sample_blank()):
        assert len(PdfReader(io.BytesIO(notice_form.build(case))).pages) == 1


def test_the_closing_centre_name_stays_on_one_line() -> None:
    from desktop.core.forms.data import CenterInfo

    name = "城南区民政局城南区未成年人救助保护中心"
    case = dataclasses.replace(sample_case(), center=CenterInfo(name=name, phone="0371-1"))
    pdf = notice_form.build(case)
    lines = [
        re.sub(r"\s+", "", line)
        for page in PdfReader(io.BytesIO(pdf)).pages
        for line in page.extract_text().splitlines()
    ]
    assert lines.count(name) >= 2  # the header and the closing, each whole on its line
