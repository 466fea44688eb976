"""A card in hand is never refused for its region code, and the ID's warnings go both ways.

Region codes and their years are python-stdnum's (stdnum/cn/loc.dat), e.g.
  130223 county="[1983-2018]滦县"      (Hebei, Tangshan: the county until 2018)
  130284 county="[2018-]滦州市"        (the same place as a city from 2018)
  130502 county="[1983-2019]桥东区,[2020-]襄都区"
  110110 county="[-1986]燕山区"        (a district of Beijing until 1986)
  110000 county="北京市"               (province level, no dates)
"""

from __future__ import annotations

import datetime as dt

import pytest
from stdnum.cn import ric

from desktop.core.children.intake import ChildInput, check_child, id_number_facts
from desktop.core.children.validation import (
    UnknownRegionCode,
    check_contact,
    check_region_reason,
    region_name,
)
from desktop.core.errors import ValidationError

TODAY = dt.date(2026, 11, 28)


def make_id(region: str, born: dt.date, male: bool = True) -> str:
    body = f"{region}{born:%Y%m%d}01{1 if male else 2}"
    return body + ric.calc_check_digit(body + "0")


def test_stdnum_alone_refuses_a_code_newer_than_the_birth() -> None:
    """Why the rule is ours: stdnum checks the code against the birth year only."""
    assert not ric.is_valid(make_id("130284", dt.date(2012, 3, 4)))
    assert ric.is_valid(make_id("130284", dt.date(2019, 3, 4)))


@pytest.mark.parametrize(
    ("region", "born", "place"),
    [
        # a county that became a city after the birth: late registration gives the new code
        ("130284", dt.date(2012, 3, 4), "河北省 唐山市 滦州市"),
        ("130284", dt.date(2019, 3, 4), "河北省 唐山市 滦州市"),
        # the old code of a child born before the change
        ("130223", dt.date(2012, 3, 4), "河北省 唐山市 滦县"),
        # born the last year the old code was in use
        ("130223", dt.date(2018, 12, 31), "河北省 唐山市 滦县"),
        # renamed: the name in use at the birth
        ("130502", dt.date(2015, 6, 1), "河北省 邢台市 桥东区"),
        ("130502", dt.date(2021, 6, 1), "河北省 邢台市 襄都区"),
        # province level
        ("110000", dt.date(2014, 5, 3), "北京市"),
        ("320000", dt.date(2014, 5, 3), "江苏省"),
    ],
)
def test_a_code_in_use_at_any_date_from_birth_to_today_is_known(
    region: str, born: dt.date, place: str
) -> None:
    facts = id_number_facts(make_id(region, born), TODAY)
    assert facts.region_known
    assert facts.birth_place == place
    cleaned, warnings = check_child(ChildInput(name="小明", id_number=make_id(region, born)), TODAY)
    assert warnings == []
    assert cleaned.birth_place == place


@pytest.mark.parametrize(
    ("region", "born"),
    [
        ("130223", dt.date(2019, 1, 1)),  # born after the old code went out of use
        ("110110", dt.date(2010, 1, 1)),  # a district gone since 1986
        ("999999", dt.date(2015, 1, 1)),  # never a region code
        ("110199", dt.date(2015, 1, 1)),  # a known province, an unknown county
    ],
)
def test_a_code_in_use_at_no_date_is_a_warning_not_a_refusal(region: str, born: dt.date) -> None:
    number = make_id(region, born)
    facts = id_number_facts(number, TODAY)  # no ValidationError: the card is in hand
    assert not facts.region_known and facts.birth_place == ""
    assert (facts.birth_date, facts.sex) == (born, "male")
    cleaned, warnings = check_child(ChildInput(name="小明", id_number=number), TODAY)
    assert cleaned.birth_date == born and cleaned.sex == "male"
    assert len(warnings) == 1 and region in warnings[0] and str(born.year) in warnings[0]


def test_an_unknown_code_is_saved_only_with_a_reason() -> None:
    number = make_id("110110", dt.date(2010, 1, 1))
    for blank in ("", "   ", "\u200b"):
        with pytest.raises(UnknownRegionCode) as caught:
            check_region_reason(
                ChildInput(name="小明", id_number=number, id_region_reason=blank), TODAY
            )
        assert caught.value.field == "id_number" and "110110" in caught.value.message
        assert isinstance(caught.value, ValidationError)
    reason = check_region_reason(
        ChildInput(name="小明", id_number=number, id_region_reason=" 户口簿与身份证一致 "), TODAY
    )
    assert reason == "户口簿与身份证一致"
    known = make_id("130284", dt.date(2012, 3, 4))
    assert check_region_reason(ChildInput(name="小明", id_number=known), TODAY) == ""
    assert check_region_reason(ChildInput(), TODAY) == ""


def test_a_contact_with_an_unknown_code_is_taken() -> None:
    from desktop.core.children.intake import ContactInput

    number = make_id("999999", dt.date(1980, 1, 1))
    assert check_contact(ContactInput(name="王芳", id_number=number), TODAY).id_number == number


def test_region_name_years_are_inclusive() -> None:
    assert region_name("130223", 2018, 2026) == "滦县"
    assert region_name("130223", 2019, 2026) is None
    assert region_name("130284", 2010, 2017) is None
    assert region_name("130284", 2010, 2018) == "滦州市"
    assert region_name("999999", 1900, 2026) is None


# --- the warnings, both ways ------------------------------------------------------------------

BORN = dt.date(2015, 1, 1)
BOY = make_id("110105", BORN)
GIRL = make_id("110105", BORN, male=False)


def test_no_warning_when_the_typed_values_agree_with_the_id() -> None:
    agreeing = [
        ChildInput(name="小明", id_number=BOY, sex="male", birth_date=BORN),
        ChildInput(name="小红", id_number=GIRL, sex="female", birth_date=BORN),
        ChildInput(name="小明", id_number=BOY, sex="unknown"),
        ChildInput(name="小明", id_number=BOY, estimated_age=10),  # exactly the ID's age
        ChildInput(name="小明", id_number=BOY, estimated_age=11),  # one year off: an estimate
        ChildInput(name="小明", id_number=BOY, estimated_age=9),
    ]
    for data in agreeing:
        assert check_child(data, TODAY, dt.date(2025, 6, 1))[1] == [], data


def test_each_disagreement_warns() -> None:
    arrived = dt.date(2025, 6, 1)  # the ID says 10 years old that day
    cases = [
        (ChildInput(name="小明", id_number=BOY, sex="female"), "sex"),
        (ChildInput(name="小红", id_number=GIRL, sex="male"), "sex"),
        (ChildInput(name="小明", id_number=BOY, birth_date=dt.date(2015, 1, 2)), "date of birth"),
        (ChildInput(name="小明", id_number=BOY, estimated_age=12), "estimated age 12"),
        (ChildInput(name="小明", id_number=BOY, estimated_age=8), "estimated age 8"),
    ]
    for data, words in cases:
        warnings = check_child(data, TODAY, arrived)[1]
        assert len(warnings) == 1 and words in warnings[0], (data, warnings)
