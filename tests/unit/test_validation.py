"""The intake's rules without a database: ID numbers, cleaning text, children and stays."""

from __future__ import annotations

import datetime as dt

import pytest
from stdnum.cn import ric

from desktop.core import fields
from desktop.core.children.intake import (
    AdmissionInput,
    BelongingInput,
    ChildInput,
    ContactInput,
    NoteInput,
    check_child,
    id_number_facts,
)
from desktop.core.children.validation import (
    check_admission,
    check_belonging,
    check_contact,
    check_note,
    check_phone,
    check_reason,
)
from desktop.core.cleaning import clean_text
from desktop.core.errors import ValidationError

TODAY = dt.date(2026, 11, 28)
NOW = dt.datetime(2026, 11, 28, 12, 0, tzinfo=dt.UTC)


def make_id(born: dt.date, male: bool = True, region: str = "110105") -> str:
    """A valid ID number (check digit computed by stdnum)."""
    body = f"{region}{born:%Y%m%d}01{1 if male else 2}"
    return body + ric.calc_check_digit(body + "0")


BOY = make_id(dt.date(2015, 1, 1))
GIRL = make_id(dt.date(2012, 7, 9), male=False, region="360426")


# --- ID numbers ---------------------------------------------------------------------------


def test_id_facts_of_a_valid_number() -> None:
    """Birth date, sex (17th digit) and birth place come out of a valid number."""
    facts = id_number_facts(BOY, TODAY)
    assert facts.birth_date == dt.date(2015, 1, 1)
    assert facts.sex == "male"
    assert facts.birth_place == "北京市 朝阳区"
    girl = id_number_facts(GIRL, TODAY)
    assert (girl.sex, girl.birth_date, girl.birth_place) == (
        "female",
        dt.date(2012, 7, 9),
        "江西省 九江市 德安县",
    )


def test_id_number_is_normalised() -> None:
    """Spaces, dashes, full-width digits and a lower-case x are accepted."""
    with_x = next(
        make_id(dt.date(2014, 2, d))
        for d in range(1, 29)
        if make_id(dt.date(2014, 2, d))[-1] == "X"
    )
    typed = " " + with_x[:6] + "-" + with_x[6:14] + " " + with_x[14:].lower()
    assert id_number_facts(typed, TODAY).birth_date.year == 2014
    full_width = "".join(chr(ord(c) + 0xFEE0) if c.isdigit() else c for c in BOY)
    assert id_number_facts(full_width, TODAY).sex == "male"


@pytest.mark.parametrize(
    ("number", "words"),
    [
        (BOY[:-1], "18 characters; this one has 17"),
        (BOY + "1", "this one has 19"),
        ("", "this one has 0"),
        (BOY[:5] + "A" + BOY[6:], "only digits"),
        (BOY[:-1] + "Y", "only digits"),
        (BOY[:-1] + ("0" if BOY[-1] != "0" else "1"), "check digit is wrong"),
    ],
)
def test_id_number_errors(number: str, words: str) -> None:
    """Length, letters and the check digit each have their own message, on field id_number."""
    with pytest.raises(ValidationError) as caught:
        id_number_facts(number, TODAY)
    assert caught.value.field == "id_number"
    assert words in caught.value.message


def _with_date(digits: str, region: str = "110105") -> str:
    body = f"{region}{digits}011"
    return body + ric.calc_check_digit(body + "0")


@pytest.mark.parametrize(
    ("number", "words"),
    [
        (_with_date("20150230"), "impossible date of birth (20150230)"),
        (_with_date("20151301"), "impossible date of birth"),
        (_with_date("18991231"), "impossible date of birth"),
        (_with_date("20270101"), "(2027-01-01) is in the future"),
    ],
)
def test_id_number_date_and_region(number: str, words: str) -> None:
    """A checksum-valid number with an impossible or future date is refused (an unknown region
    is not: tests/unit/test_id_regions.py)."""
    with pytest.raises(ValidationError) as caught:
        id_number_facts(number, TODAY)
    assert caught.value.field == "id_number"
    assert words in caught.value.message


# --- cleaning text ------------------------------------------------------------------------


def test_clean_text_keeps_emoji_and_rare_characters() -> None:
    """Characters outside the BMP and emoji sequences come back exactly."""
    name = "𠮷小明👨‍👩‍👧🇨🇳1️⃣"
    assert clean_text(name, fields.CHILD["name"]) == name


def test_clean_text_strips_controls_and_collapses_spaces() -> None:
    """Control and invisible bidi characters go; one-line text gets single spaces."""
    field = fields.CHILD["name"]
    assert clean_text(" 张\x00\x07 \u3000小明\u202e\u200b\t", field) == "张 小明"
    assert clean_text(" \t\u3000\u200b ", field) == ""


def test_clean_text_multiline_keeps_lines() -> None:
    """Multi-line text keeps its line breaks (any convention becomes \\n) and tabs."""
    field = fields.CHILD["appearance"]
    assert clean_text("  第一行  \r\n\t第二行\x00\r第三行\u2028第四行 ", field) == (
        "第一行\n\t第二行\n第三行\n第四行"
    )


def test_clean_text_length_counts_characters() -> None:
    """The limit counts characters (𠮷 is one), and the message says both numbers."""
    field = fields.CHILD["name"]
    assert clean_text("𠮷" * 50, field) == "𠮷" * 50
    with pytest.raises(ValidationError) as caught:
        clean_text("𠮷" * 51, field)
    assert caught.value.field == "name"
    assert caught.value.message == "Name: at most 50 characters (this has 51)."


@pytest.mark.parametrize(
    "phone", ["13800138000", "+86 138-0013-8000", "(010) 6512 3456", "０１０－６５１２３４５６"]
)
def test_phone_accepted(phone: str) -> None:
    """Digits with an optional +, spaces, dashes and brackets (full-width too) are phones."""
    assert check_phone(phone, fields.ADMISSION["referrer_phone"])


@pytest.mark.parametrize(
    ("phone", "words"),
    [
        ("call me", "holds digits"),
        ("138 0013 800a", "holds digits"),
        ("12+345678", "holds digits"),
        ("123456", "7 to 20 digits; this has 6"),
        ("1" * 21, "this has 21"),
        ("😀", "holds digits"),
    ],
)
def test_phone_refused(phone: str, words: str) -> None:
    """Text that is not a phone number is refused on its field."""
    with pytest.raises(ValidationError) as caught:
        check_phone(phone, fields.ADMISSION["referrer_phone"])
    assert caught.value.field == "referrer_phone"
    assert words in caught.value.message


# --- the child ----------------------------------------------------------------------------


def test_check_child_fills_from_the_id() -> None:
    """Empty birth date, sex and birth place come from a valid ID; no warnings."""
    cleaned, warnings = check_child(ChildInput(name=" 张小明 ", id_number=BOY.lower()), TODAY)
    assert (cleaned.name, cleaned.id_number) == ("张小明", BOY)
    assert cleaned.birth_date == dt.date(2015, 1, 1)
    assert not cleaned.birth_date_estimated
    assert (cleaned.sex, cleaned.birth_place) == ("male", "北京市 朝阳区")
    assert warnings == []


def test_check_child_warns_when_typed_values_disagree() -> None:
    """A typed birth date or sex that differs from the ID warns, and the typed value stays."""
    data = ChildInput(name="小红", id_number=BOY, sex="female", birth_date=dt.date(2015, 1, 2))
    cleaned, warnings = check_child(data, TODAY)
    assert (cleaned.sex, cleaned.birth_date) == ("female", dt.date(2015, 1, 2))
    assert len(warnings) == 2
    assert "2015-01-02 differs from the one in the ID number (2015-01-01)" in warnings[0]
    assert "(Male)" in warnings[1]


def test_check_child_warns_about_an_estimated_age() -> None:
    """An estimated age far from the ID's age warns; the ID's birth date is used."""
    cleaned, warnings = check_child(
        ChildInput(name="小明", id_number=BOY, estimated_age=6), TODAY, dt.date(2025, 6, 1)
    )
    assert cleaned.birth_date == dt.date(2015, 1, 1)
    assert warnings == ["The estimated age 6 differs from the age in the ID number (10)."]


def test_unknown_child_with_estimated_age() -> None:
    """No name, no ID: the birth date is the arrival date minus the age, marked estimated."""
    cleaned, warnings = check_child(
        ChildInput(estimated_age=9, height_cm=130, appearance="圆脸"), TODAY, dt.date(2024, 2, 29)
    )
    assert cleaned.birth_date == dt.date(2015, 2, 28)
    assert cleaned.birth_date_estimated
    assert (cleaned.name, cleaned.id_number, warnings) == ("", "", [])


def test_estimated_flag_dropped_without_a_date() -> None:
    """ "Estimated" means nothing without a birth date."""
    cleaned, _ = check_child(ChildInput(birth_date_estimated=True), TODAY)
    assert cleaned.birth_date is None
    assert not cleaned.birth_date_estimated


@pytest.mark.parametrize(
    ("data", "arrived_on", "field", "words"),
    [
        (ChildInput(name=" \u3000 ", id_number=BOY), None, "name", "Enter the child's name"),
        (ChildInput(name="x" * 51), None, "name", "at most 50"),
        (ChildInput(appearance="x" * 10_000), None, "appearance", "at most 2000"),
        (ChildInput(birth_date=dt.date(2026, 11, 29)), None, "birth_date", "future"),
        (ChildInput(birth_date=dt.date(1899, 12, 31)), None, "birth_date", "before 1900"),
        (
            ChildInput(birth_date=dt.date(2025, 6, 2)),
            dt.date(2025, 6, 1),
            "birth_date",
            "after the arrival (2025-06-01)",
        ),
        (ChildInput(estimated_age=19), None, "estimated_age", "from 0 to 18"),
        (ChildInput(estimated_age=-1), None, "estimated_age", "from 0 to 18"),
        (ChildInput(height_cm=29), None, "height_cm", "from 30 to 230"),
        (ChildInput(height_cm=231), None, "height_cm", "from 30 to 230"),
        (ChildInput(sex="boy"), None, "sex", "choose one of the values"),
        (ChildInput(sex=""), None, "sex", "choose one of the values"),
        (ChildInput(category="vagrant"), None, "category", "choose one"),
        (ChildInput(ethnicity="57"), None, "ethnicity", "choose one"),
        (ChildInput(education="phd"), None, "education", "choose one"),
        (ChildInput(build="x"), None, "build", "choose one"),
        (ChildInput(id_number="12345"), None, "id_number", "18 characters"),
    ],
)
def test_check_child_errors(
    data: ChildInput, arrived_on: dt.date | None, field: str, words: str
) -> None:
    """Each rule names its field and says what is wrong."""
    with pytest.raises(ValidationError) as caught:
        check_child(data, TODAY, arrived_on)
    assert caught.value.field == field
    assert words in caught.value.message


def test_optional_choices_may_be_empty() -> None:
    """Ethnicity, education and build may be left unchosen."""
    cleaned, _ = check_child(ChildInput(ethnicity="", education="", build=""), TODAY)
    assert (cleaned.ethnicity, cleaned.education, cleaned.build) == ("", "", "")


# --- stays, belongings, contacts, notes ---------------------------------------------------


def test_check_admission_converts_to_utc() -> None:
    """An aware arrival in any zone is stored in UTC; five minutes ahead is tolerated."""
    beijing = dt.timezone(dt.timedelta(hours=8))
    cleaned = check_admission(AdmissionInput(dt.datetime(2026, 11, 28, 20, 4, tzinfo=beijing)), NOW)
    assert cleaned.arrived_at == dt.datetime(2026, 11, 28, 12, 4, tzinfo=dt.UTC)
    assert cleaned.arrived_at.tzinfo == dt.UTC


@pytest.mark.parametrize(
    ("data", "field", "words"),
    [
        (AdmissionInput(dt.datetime(2026, 11, 28, 12, 0)), "arrived_at", "no time zone"),
        (AdmissionInput(NOW + dt.timedelta(minutes=6)), "arrived_at", "future"),
        (AdmissionInput(dt.datetime(1899, 1, 1, tzinfo=dt.UTC)), "arrived_at", "not a possible"),
        (AdmissionInput(NOW, arrival_mode="car"), "arrival_mode", "choose one"),
        (AdmissionInput(NOW, arrival_mode=""), "arrival_mode", "choose one"),
        (AdmissionInput(NOW, welfare_status="rich"), "welfare_status", "choose one"),
        (AdmissionInput(NOW, referrer_phone="110!"), "referrer_phone", "holds digits"),
        (AdmissionInput(NOW, reason="x" * 4001), "reason", "at most 4000"),
    ],
)
def test_check_admission_errors(data: AdmissionInput, field: str, words: str) -> None:
    """A naive, future or impossible arrival and bad values are refused on their field."""
    with pytest.raises(ValidationError) as caught:
        check_admission(data, NOW)
    assert caught.value.field == field
    assert words in caught.value.message


def test_extreme_aware_time_is_refused_not_crashing() -> None:
    """A time that overflows when converted to UTC is a validation error."""
    far = dt.datetime(1, 1, 1, tzinfo=dt.timezone(dt.timedelta(hours=5)))
    with pytest.raises(ValidationError):
        check_admission(AdmissionInput(far), NOW)


@pytest.mark.parametrize(
    ("data", "field"),
    [
        (BelongingInput(item=""), "item"),
        (BelongingInput(item="  "), "item"),
        (BelongingInput(item="phone", quantity=0), "quantity"),
        (BelongingInput(item="phone", quantity=1000), "quantity"),
        (BelongingInput(item="cash", cash_fen=-1), "cash_fen"),
        (BelongingInput(item="cash", cash_fen=100_000_001), "cash_fen"),
    ],
)
def test_check_belonging_errors(data: BelongingInput, field: str) -> None:
    """Item required; quantity 1..999; cash 0..1,000,000 yuan."""
    with pytest.raises(ValidationError) as caught:
        check_belonging(data)
    assert caught.value.field == field


def test_check_belonging_limits_accepted() -> None:
    """The limits themselves are fine."""
    assert (
        check_belonging(BelongingInput(item=" 现金 ", quantity=999, cash_fen=100_000_000)).item
        == "现金"
    )


def test_check_contact() -> None:
    """A contact needs a name; a given ID number and phone must be valid."""
    cleaned = check_contact(ContactInput(name=" 张大山 ", id_number=GIRL.lower()), TODAY)
    assert (cleaned.name, cleaned.id_number, cleaned.situation) == ("张大山", GIRL, "unknown")
    for data, field in (
        (ContactInput(name=""), "name"),
        (ContactInput(name="A", phone="12"), "phone"),
        (ContactInput(name="A", id_number="123"), "id_number"),
        (ContactInput(name="A", situation="lost"), "situation"),
    ):
        with pytest.raises(ValidationError) as caught:
            check_contact(data, TODAY)
        assert caught.value.field == field


def test_check_note() -> None:
    """A note needs text; without a time it is now; a future time is refused."""
    assert check_note(NoteInput(text=" 谈话 "), NOW) == NoteInput("daily", NOW, "谈话")
    for data, field in (
        (NoteInput(text=""), "text"),
        (NoteInput(kind="gossip", text="x"), "kind"),
        (NoteInput(at=NOW + dt.timedelta(hours=1), text="x"), "at"),
    ):
        with pytest.raises(ValidationError) as caught:
            check_note(data, NOW)
        assert caught.value.field == field


def test_reason_required() -> None:
    """Voiding and merging need a reason."""
    assert check_reason(" 重复登记 ") == "重复登记"
    with pytest.raises(ValidationError) as caught:
        check_reason(" \n ")
    assert caught.value.field == "void_reason"
