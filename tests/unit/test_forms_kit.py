"""The forms' layout kit as a reader sees the paper: line breaks by the Chinese rules,
labels whole, signatures beside data, continued values on the next page, blank forms,
characters no font has, estimated births and the creation date."""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
import re

import pytest
from pypdf import PdfReader

from desktop.core import fields
from desktop.core.forms import belongings_form, intake_form, kit, linebreak, notice_form
from desktop.core.forms.data import CaseData, CenterInfo
from desktop.core.forms.samples import long_case, sample_blank, sample_case
from desktop.core.forms.values import choice_boxes, label

BUILDERS = {
    "intake": intake_form.build,
    "belongings": belongings_form.build,
    "notice": notice_form.build,
}
#: The marks the rules name, spelled out here rather than taken from the code under test.
CLOSING = "，。、；：？！）》」』”’…"
OPENING = "（《「『“‘"
#: Text full of places where a careless breaker starts a line with a closing mark.
PUNCTUATED = "自述（走失）、迷路，哭了；问：“家在哪？”答：不知道！《三字经》会背。" * 12


def pages_text(pdf: bytes) -> list[str]:
    return [re.sub(r"\s+", "", page.extract_text()) for page in PdfReader(io.BytesIO(pdf)).pages]


def runs(pdf: bytes) -> list[list[tuple[float, float, str]]]:
    """Each page's text runs as (x, y, text): one run is one line of one cell."""
    found: list[list[tuple[float, float, str]]] = []
    for page in PdfReader(io.BytesIO(pdf)).pages:
        items: list[tuple[float, float, str]] = []

        def visit(
            text: str,
            cm: list[float],
            tm: list[float],
            *_args: object,
            into: list[tuple[float, float, str]] = items,
        ) -> None:
            if text.strip():
                into.append((cm[4] + tm[4] * cm[0], cm[5] + tm[5] * cm[3], text))

        page.extract_text(visitor_text=visit)
        found.append(items)
    return found


def lines_of(pdf: bytes, page: int | None = None) -> list[str]:
    """Every printed line (of one page, or all), as pypdf reads them, blanks removed."""
    pages = PdfReader(io.BytesIO(pdf)).pages
    chosen = pages if page is None else [pages[page]]
    return [
        re.sub(r"\s+", "", line)
        for one in chosen
        for line in one.extract_text().splitlines()
        if line.strip()
    ]


def paragraph_lines(text: str, width: float, *, keep_words: bool = False) -> list[str]:
    """The lines ``text`` breaks into at ``width``, as the kit breaks them."""
    paragraph = kit.para(text, keep_words=keep_words)
    paragraph.wrap(width, 10_000)
    return ["".join(str(word.text) for word in line.words) for line in paragraph.blPara.lines]


# line breaking ------------------------------------------------------------------------------


@pytest.mark.parametrize("width", [float(w) for w in range(40, 400, 7)])
def test_no_line_starts_with_a_closing_mark_or_ends_with_an_opening_one(width: float) -> None:
    lines = paragraph_lines(PUNCTUATED, width)
    assert "".join(lines) == PUNCTUATED  # nothing lost, nothing added
    for line in lines[1:]:
        assert line[0] not in CLOSING, (width, line)
    for line in lines[:-1]:
        assert line[-1] not in OPENING, (width, line)


@pytest.mark.parametrize("width", [60.0, 97.0, 150.0])
def test_no_line_runs_past_its_width(width: float) -> None:
    paragraph = kit.para(PUNCTUATED)
    paragraph.wrap(width, 10_000)
    assert all(line.currentWidth <= width + 0.01 for line in paragraph.blPara.lines)


def test_the_rules_allow_breaks_between_ideographs_but_not_inside_numbers() -> None:
    assert linebreak.allowed("家", "人")
    assert not linebreak.allowed("家", "，")
    assert not linebreak.allowed("（", "家")
    assert not linebreak.allowed("3", "7")
    assert linebreak.allowed("7", "号")
    assert not linebreak.allowed("严", "重", keep_words=True)
    assert linebreak.allowed(" ", "☐", keep_words=True)


def test_a_phone_number_stays_on_one_line_when_it_can() -> None:
    text = "联系电话是0371-12345678，请拨打"
    for width in range(80, 200, 5):  # the number is about 75 points wide
        assert any("0371-12345678" in line for line in paragraph_lines(text, float(width)))


def test_a_list_of_choices_never_breaks_inside_one_option() -> None:
    boxes = choice_boxes(fields.CHILD["category"], None)  # ☐流浪乞讨 … ☐严重不良行为/涉罪 ☐其他
    options = [part for part in boxes.split() if part]
    for width in range(120, 420, 11):
        for line in paragraph_lines(boxes, float(width), keep_words=True):
            for part in line.split():
                assert part in options, (width, line)


def test_printed_forms_start_no_line_with_a_closing_mark() -> None:
    case = sample_case()
    child = {**case.child, "appearance": PUNCTUATED, "clothing": PUNCTUATED}
    admission = {**case.admission, "circumstances": PUNCTUATED}
    for build in BUILDERS.values():
        pdf = build(dataclasses.replace(case, child=child, admission=admission))
        for line in lines_of(pdf):
            assert line[0] not in CLOSING, line


# labels and the header ----------------------------------------------------------------------


WORDS = [
    label(fields.CHILD["id_number"]),  # 居民身份证号码
    label(fields.CHILD["mental_state"]),  # 智力和精神状况
    label(fields.CHILD["household_registration"]),
    label(fields.ADMISSION["welfare_status"]),
    label(fields.ADMISSION["police_case_no"]),
    label(fields.ADMISSION["consent"]),
    label(fields.ADMISSION["harm_found"]),
]


@pytest.mark.parametrize("make", [sample_case, sample_blank, long_case])
def test_labels_print_whole_on_one_line(make: object) -> None:
    printed = lines_of(intake_form.build(make()))  # type: ignore[operator]
    for word in WORDS:
        assert any(word in line for line in printed), word


def test_a_long_centre_name_stays_on_one_line_in_the_header() -> None:
    name = "城南区民政局城南区未成年人救助保护中心"
    case = dataclasses.replace(sample_case(), center=CenterInfo(name=name))
    for build in BUILDERS.values():
        assert name in lines_of(build(case), 0)


# keeping together ---------------------------------------------------------------------------


def _signature_page(pdf: bytes, signature: str) -> int:
    return next(n for n, text in enumerate(pages_text(pdf)) if signature in text)


@pytest.mark.parametrize("extra", range(0, 1600, 80))
def test_the_signatures_always_share_a_page_with_the_last_rows(extra: int) -> None:
    case = sample_case()
    admission = {**case.admission, "circumstances": "经过" * extra}
    pdf = intake_form.build(dataclasses.replace(case, admission=admission))
    page = pages_text(pdf)[_signature_page(pdf, "护送人签名")]
    assert "救助管理信息系统" in page  # the last data row is on the signatures' page
    assert page.index("救助管理信息系统") < page.index("护送人签名")


def test_the_notice_closing_shares_its_page_with_the_contact() -> None:
    for make in (sample_case, long_case, sample_blank):
        pdf = notice_form.build(make())
        pages = pages_text(pdf)
        last = pages[-1]
        assert "联系电话" in last


def test_a_continued_value_starts_on_the_next_page() -> None:
    continued = 0
    for build in (intake_form.build, notice_form.build):
        pages = pages_text(build(long_case()))
        for number, page in enumerate(pages):
            for name in re.findall(r"([^：，。；、]{2,12}?)（续）", page):
                continued += 1
                assert number > 0
                assert page.startswith(f"{name}（续）"), page[:40]  # at the top of its page
                assert name in pages[number - 1]  # the first part ends the page before
    assert continued, "the long case continues some value"


def test_no_page_of_the_filled_forms_is_mostly_empty() -> None:
    """Every page but the last is at least half full (lowest text well down the page)."""
    for build in BUILDERS.values():
        for make in (sample_case, long_case, sample_blank):
            pages = runs(build(make()))
            for page in pages[:-1]:
                body = [y for _x, y, text in page if 60 < y < 720]
                assert min(body) < 842 / 2, (build, make)


# fonts and values ---------------------------------------------------------------------------


def test_a_character_no_font_has_is_reported_with_its_field() -> None:
    case = sample_case()
    child = {**case.child, "name": "张𪚥", "clothing": "蓝色𪚥衣"}
    text = "".join(pages_text(intake_form.build(dataclasses.replace(case, child=child))))
    assert "姓名中的U+2A6A5" in text  # the character itself cannot print: its code does
    assert "发现时衣着中的U+2A6A5" in text
    assert "无法打印" in text


def test_nothing_is_reported_when_every_character_prints() -> None:
    for build in BUILDERS.values():
        text = "".join(pages_text(build(sample_case())))  # 𠮷 comes from the fallback font
        assert "无法打印" not in text


def test_an_estimated_birth_prints_as_an_estimate() -> None:
    case = sample_case()
    text = "".join(pages_text(intake_form.build(case)))
    assert "约2014年" in text and "2014年5月3日" not in text and "估计" not in text
    exact = {**case.child, "birth_date_estimated": False}
    text = "".join(pages_text(intake_form.build(dataclasses.replace(case, child=exact))))
    assert "2014年5月3日" in text and "约2014年" not in text


def test_the_creation_date_is_the_real_one() -> None:
    before = dt.datetime.now(dt.UTC) - dt.timedelta(minutes=1)
    for build in BUILDERS.values():
        created = PdfReader(io.BytesIO(build(sample_case()))).metadata.creation_date
        assert created is not None
        moment = created if created.tzinfo else created.astimezone()
        assert (
            before <= moment.astimezone(dt.UTC) <= dt.datetime.now(dt.UTC) + dt.timedelta(minutes=1)
        )


# blank forms --------------------------------------------------------------------------------


@pytest.mark.parametrize("form", sorted(BUILDERS))
def test_a_blank_form_has_every_field_with_room_to_write(form: str) -> None:
    blank = sample_blank()
    text = "".join(pages_text(BUILDERS[form](blank)))
    assert "案卷号：＿" in text
    assert "不详" not in text.replace("☐不详", "")  # nothing is declared unknown
    assert "2026-0013" not in text


def test_the_blank_intake_form_offers_boxes_to_tick() -> None:
    text = "".join(pages_text(intake_form.build(sample_blank())))
    assert "☑" not in text
    assert "☐是☐否" in text
    assert "☐男☐女☐不详" in text
    for name in ("name", "alias", "id_number", "ethnicity", "address", "health", "disability"):
        assert label(fields.CHILD[name]) in text
    for name in ("arrived_at", "referring_unit", "intake_check", "found_place"):
        assert label(fields.ADMISSION[name]) in text
    assert "年月日时分" in text
    assert "第次入站" in text


def test_an_empty_case_and_a_blank_form_differ_only_in_the_case_number() -> None:
    empty = CaseData(center=CenterInfo(name="中心"), case_no="2026-0001", child={})
    assert "案卷号：2026-0001" in "".join(pages_text(intake_form.build(empty)))


def test_an_id_number_stays_whole_beside_the_photo() -> None:
    case = sample_case()
    number = "340104200702024150"
    child = {**case.child, "id_number": number}
    assert number in lines_of(intake_form.build(dataclasses.replace(case, child=child)), 0)


# pictures -----------------------------------------------------------------------------------


def _image_filters(pdf: bytes) -> list[str]:
    found = []
    for page in PdfReader(io.BytesIO(pdf)).pages:
        for image in page.images:
            found.append(str(image.indirect_reference.get_object().get("/Filter")))
    return found


def test_a_jpeg_photo_goes_into_the_pdf_as_it_is() -> None:
    pdf = intake_form.build(sample_case())
    assert any("/DCTDecode" in found for found in _image_filters(pdf))  # the JPEG as it is


def test_the_logo_is_kept_for_the_next_forms_and_a_new_logo_replaces_it() -> None:
    from desktop.core.forms.samples import sample_logo, sample_photo

    first = kit.image_reader(sample_logo(), keep=True)
    assert first is not None and kit.image_reader(sample_logo(), keep=True) is first
    other = kit.image_reader(sample_photo(), keep=True)
    assert other is not None and other is not first
    assert kit.image_reader(b"not an image", keep=True) is None
    case = sample_case()
    two = [intake_form.build(case) for _ in range(2)]
    assert (
        len(PdfReader(io.BytesIO(two[0])).pages[0].images)
        == len(PdfReader(io.BytesIO(two[1])).pages[0].images)
        == 2
    )  # the logo and the photo, each time
