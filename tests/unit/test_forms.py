"""The printed forms without a database: fonts, values, the kit and the three builders."""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
import re

import pytest
from pypdf import PdfReader

from desktop.core import fields, i18n
from desktop.core.forms import (
    belongings_form,
    fonts,
    intake_form,
    kit,
    leaving_forms,
    notice_form,
    statement_form,
    stay_form,
    values,
)
from desktop.core.forms.data import Belonging, CaseData, CenterInfo, blank_case
from desktop.core.forms.registry import FORMS
from desktop.core.forms.samples import long_case, sample_case, sample_photo
from desktop.core.resources import resources_dir

RARE = "𠮷"  # U+20BB7, CJK Extension B: not in WenQuanYi Micro Hei
BUILDERS = {
    "intake": intake_form.build,
    "belongings": belongings_form.build,
    "notice": notice_form.build,
    "statement": statement_form.build,
    "stay": stay_form.build,
    "walkout": leaving_forms.build_walkout,
    "ending": leaving_forms.build_ending,
}


def pages_text(pdf: bytes) -> list[str]:
    """Return the text of each page, with the spaces pypdf puts between runs removed."""
    reader = PdfReader(io.BytesIO(pdf))
    return [re.sub(r"\s+", "", page.extract_text()) for page in reader.pages]


def all_text(pdf: bytes) -> str:
    return "".join(pages_text(pdf))


def font_files(pdf: bytes) -> dict[str, bool]:
    """Return each font's base name and whether its program is embedded."""
    found: dict[str, bool] = {}
    for page in PdfReader(io.BytesIO(pdf)).pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            descriptor = font.get("/FontDescriptor")
            embedded = bool(descriptor) and "/FontFile2" in descriptor.get_object()
            found[str(font["/BaseFont"])] = embedded
    return found


def text_lines(pdf: bytes, page: int = 0) -> list[tuple[float, str]]:
    """Return (y, text) of each text run on ``page`` (y from the bottom, in points)."""
    found: list[tuple[float, str]] = []

    def visit(text: str, cm: list[float], tm: list[float], *_args: object) -> None:
        if text.strip():
            found.append((cm[5] + tm[5] * cm[3], text))

    PdfReader(io.BytesIO(pdf)).pages[page].extract_text(visitor_text=visit)
    return found


@pytest.fixture(scope="module")
def case() -> CaseData:
    return sample_case()


# fonts -------------------------------------------------------------------------------------


def test_rare_characters_come_from_the_fallback_font() -> None:
    assert fonts.font_for("张") == fonts.MAIN
    assert fonts.font_for(RARE) == fonts.FALLBACK
    assert fonts.font_for("䶮") == fonts.FALLBACK  # Extension A
    assert list(fonts.runs(f"张{RARE}祥")) == [
        (fonts.MAIN, "张"),
        (fonts.FALLBACK, RARE),
        (fonts.MAIN, "祥"),
    ]
    assert fonts.markup("a<b") == "a&lt;b"
    assert fonts.FALLBACK in fonts.markup(RARE)


def _drawn_as_nothing_by_the_main_font() -> set[str]:
    """The visible characters Micro Hei lists with a glyph that has no outline."""
    from fontTools.ttLib import TTFont

    font = TTFont(resources_dir() / "fonts" / fonts.MAIN_FILE, fontNumber=0)
    outlines = font["glyf"]
    return {
        chr(point)
        for point, glyph in font.getBestCmap().items()
        if outlines[glyph].numberOfContours == 0 and not fonts.invisible(chr(point))
    }


def test_no_character_is_drawn_from_a_glyph_without_an_outline() -> None:
    """Micro Hei lists ℃ and the third-tone pinyin letters but draws them as nothing:
    they come from the fallback font, or are named as unprintable, never left blank."""
    empty = _drawn_as_nothing_by_the_main_font()
    assert {"℃", "℉", "ǎ", "ǚ", "Ⅹ"} <= empty  # the font as bundled (a font upgrade: look)
    for char in empty:
        assert fonts.font_for(char) == fonts.FALLBACK or not fonts.printable(char), char
    assert fonts.unprintable("".join(sorted(empty))) == "\u3164"  # the invisible Hangul filler
    assert fonts.font_for("°") == fonts.font_for("a") == fonts.font_for(" ") == fonts.MAIN
    assert fonts.unprintable("a\u200b\u200e\ufeffb") == ""  # drawn as nothing, by nature
    assert list(fonts.runs("38.5℃")) == [(fonts.MAIN, "38.5"), (fonts.FALLBACK, "℃")]


def test_a_temperature_prints_with_its_degree_sign(case: CaseData) -> None:
    pdf = stay_form.build(case)  # the sample stay's medical note: 发热38.5℃
    assert "38.5℃" in all_text(pdf)
    assert any("HomewardHanFallback" in name for name in font_files(pdf))


def test_a_name_with_a_rare_character_prints_it_from_the_fallback_font(case: CaseData) -> None:
    pdf = intake_form.build(case)
    assert "张𠮷祥" in all_text(pdf)
    names = font_files(pdf)
    assert any("HomewardHanFallback" in name for name in names)
    assert any("WenQuanYiMicroHei" in name for name in names)


@pytest.mark.parametrize("form", sorted(BUILDERS))
def test_every_font_of_every_form_is_embedded(case: CaseData, form: str) -> None:
    found = font_files(BUILDERS[form](case))
    assert found, "no fonts"
    assert all(found.values()), found
    assert all(name.startswith("/AAAAA") for name in found), "not subset"


def test_forms_are_a4() -> None:
    pdf = notice_form.build(sample_case())
    box = PdfReader(io.BytesIO(pdf)).pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (595, 842)


# values ------------------------------------------------------------------------------------


def test_dates_print_in_chinese_as_local_dates() -> None:
    assert values.chinese_date(dt.date(2026, 11, 28)) == "2026年11月28日"
    moment = dt.datetime(2026, 11, 28, 1, 5, tzinfo=dt.UTC)
    local = moment.astimezone()
    assert values.chinese_date(moment) == f"{local.year}年{local.month}月{local.day}日"
    assert values.chinese_datetime(moment).endswith(f"{local.hour}时{local.minute:02d}分")
    assert values.chinese_date(None) == ""


def test_labels_and_choices_print_in_chinese_whatever_the_screen_language() -> None:
    i18n.set_language(i18n.ENGLISH)
    sex = fields.CHILD["sex"]
    assert values.label(sex) == "性别"
    assert values.choice(sex, "female") == "女"
    assert values.choice_boxes(sex, "male").startswith("☑男")
    assert i18n._(sex.label) == "Sex"  # the screen's language is untouched


def test_values_by_kind() -> None:
    assert values.display(fields.BELONGING["cash_fen"], 123456) == "1,234.56"
    assert values.display(fields.ADMISSION["consent"], True) == "☑是  ☐否"
    assert values.display(fields.ADMISSION["consent"], None) == ""
    assert values.display(fields.CHILD["ethnicity"], "01") == "汉族"
    assert values.age_on(dt.date(2014, 5, 3), dt.date(2026, 5, 2)) == 11
    assert values.age_on(dt.date(2014, 5, 3), dt.date(2026, 5, 3)) == 12


# the forms hold the record's values --------------------------------------------------------


def test_intake_form_holds_the_record(case: CaseData) -> None:
    text = all_text(intake_form.build(case))
    for expected in (
        "入站登记表",
        "城南区未成年人救助保护中心",
        "案卷号：2026-0013",
        "表1",
        "张𠮷祥",
        "小祥",
        "☑男",
        "约2014年",
        "汉族",
        "河南省周口市川汇区人民路12号",
        "左眉上方有一道约2厘米的疤痕",
        "☑走失",
        "城南公安分局火车站派出所",
        "JJ2026112700123",
        "☑公安护送",
        "张大山",
        "王小明",
        "护送人签名",
        "按手印",
        "接收工作人员签名",
        "盖章",
        "第1页共2页",
    ):
        assert expected in text, expected


def test_belongings_form_holds_the_items_and_the_cash_total(case: CaseData) -> None:
    text = all_text(belongings_form.build(case))
    for expected in ("随身物品登记表", "表2", "红色双肩包", "56.50", "手机", "张大山", "王主任"):
        assert expected in text, expected
    assert "现金合计56.50元" in text
    assert "寄存人签名" in text and "领取人签名" in text


def test_notice_holds_the_national_site_fields(case: CaseData) -> None:
    text = all_text(notice_form.build(case))
    for expected in (
        "寻亲公告",
        "张𠮷祥",
        "约12岁",
        "约142",
        "体温正常",
        "神志清楚",
        "圆脸",
        "蓝色校服上衣",
        "发现地点城南区火车站候车室",
        "民族汉族",
        "体型偏瘦",
        "口音/方言河南话",
        "残疾情况不详",
        "公告期自2026年11月28日至2026年12月27日",
        "城南区民政路88号",
        "0371-12345678",
        "2026年11月28日",
    ):
        assert expected in text, expected


def test_notice_prints_unknown_for_a_child_without_a_name() -> None:
    case = sample_case()
    child = {**case.child, "name": "", "alias": "", "birth_date": None, "height_cm": None}
    text = all_text(notice_form.build(dataclasses.replace(case, child=child)))
    assert "姓名不详" in text
    assert "发现时年龄不详" in text


# bad input ---------------------------------------------------------------------------------


@pytest.mark.parametrize("logo", [None, b"", b"not an image", sample_photo()[:200]])
def test_a_missing_or_corrupt_logo_is_left_out(logo: bytes | None) -> None:
    case = sample_case()
    center = dataclasses.replace(case.center, logo=logo)
    pdf = intake_form.build(dataclasses.replace(case, center=center))
    assert "入站登记表" in all_text(pdf)


def test_a_notice_without_a_photo_shows_an_empty_photo_box() -> None:
    case = sample_case()
    case = dataclasses.replace(case, center=dataclasses.replace(case.center, logo=None))
    pdf = notice_form.build(dataclasses.replace(case, photo=None))
    assert "暂无照片" in all_text(pdf)
    assert len(PdfReader(io.BytesIO(pdf)).pages[0].images) == 0
    with_photo = notice_form.build(case)
    assert "暂无照片" not in all_text(with_photo)
    assert len(PdfReader(io.BytesIO(with_photo)).pages[0].images) == 1


def test_a_corrupt_photo_prints_the_empty_box() -> None:
    case = dataclasses.replace(sample_case(), photo=b"\xff\xd8 broken jpeg")
    assert "照片" in all_text(intake_form.build(case))


def test_a_center_name_of_200_characters_wraps_in_the_header() -> None:
    name = "城南区未成年人救助保护中心" * 16
    name = name[:200]
    case = dataclasses.replace(sample_case(), center=CenterInfo(name=name))
    pdf = intake_form.build(case)
    pages = pages_text(pdf)
    assert all(name in page for page in pages)
    header = kit._Header(kit.Heading(center=name, title="入站登记表"))
    assert header.center.wrap(header.text_width, kit.PAGE_HEIGHT)[0] <= header.text_width


def test_a_300_character_address_wraps_inside_its_cell_and_pushes_the_table_down() -> None:
    case = sample_case()
    address = ("河南省周口市川汇区人民路十二号院三单元" * 16)[:300]
    short = intake_form.build(case)
    long = intake_form.build(dataclasses.replace(case, child={**case.child, "address": address}))
    assert address in all_text(long)

    def y_of(pdf: bytes, label: str) -> float:
        return next(y for y, text in text_lines(pdf) if text.strip() == label)

    # the row below the address (就读学校) moves down by several lines
    assert y_of(short, "就读学校") - y_of(long, "就读学校") > 4 * kit.BODY_SIZE
    runs = [text for _y, text in text_lines(long) if "河南省周口市川汇区人民路" in text]
    assert len(runs) >= 5  # many lines, not one line running off the page
    widths = [fonts.string_width(text.strip(), kit.BODY_SIZE) for text in runs]
    assert max(widths) < kit.CONTENT_WIDTH - 27 * 72 / 25.4


def test_sixty_belongings_run_onto_a_second_page_with_the_header_repeated() -> None:
    items = tuple(
        Belonging({"item": f"物品{n:02d}", "quantity": 1, "description": "说明"})
        for n in range(1, 61)
    )
    pdf = belongings_form.build(dataclasses.replace(sample_case(), belongings=items))
    pages = pages_text(pdf)
    assert len(pages) in (2, 3)  # the items fill two pages; the signatures may need a third
    for number, page in enumerate(pages, start=1):
        assert "随身物品登记表" in page and "案卷号：2026-0013" in page
        assert "城南区未成年人救助保护中心" in page
        assert f"第{number}页共{len(pages)}页" in page
    for page in pages[:2]:
        assert "寄存物品" in page and "处置情况" in page  # column headings repeated
    assert "物品01" in pages[0] and "物品60" in pages[1]


def test_values_at_their_longest_never_break_a_form() -> None:
    filler = ("测试文字长内容ABC123，" * 500)[:4000]

    def longest(definitions: dict[str, fields.Field]) -> dict[str, object]:
        """Each text field filled to its limit, ending with a mark naming it."""
        return {
            name: filler[: field.max_length - len(name) - 4] + f"[{name}]."
            for name, field in definitions.items()
            if field.kind in ("text", "multiline")
            and field.max_length
            and name != "case_no"
            and not name.startswith(("discharge", "collector"))
            and name not in ("police_report", "reopen_reason")  # the discharge, not intake
        }

    case = sample_case()
    child, admission = longest(fields.CHILD), longest(fields.ADMISSION)
    item = Belonging(
        {"item": filler[:100], "quantity": 99999, "description": filler[:1000], "cash_fen": 10**9}
    )
    big = dataclasses.replace(
        case,
        child={**case.child, **child},
        admission={**case.admission, **admission},
        belongings=(item,) * 3,
        center=CenterInfo(name=filler[:200], address=filler[:500], phone=filler[:50]),
    )
    shown = {
        "intake": [*child, *(name for name in admission if not name.startswith("notice"))],
        "belongings": ["name"],
        "notice": ["name", "health", "mental_state", "appearance", "clothing", "found_place"],
        "statement": ["name"],
        "stay": ["name"],
        "walkout": ["name"],
        "ending": ["name"],
    }
    for form, build in BUILDERS.items():
        pdf = build(big)
        if form not in ("statement", "stay", "walkout", "ending"):  # a page of a few fields
            assert len(PdfReader(io.BytesIO(pdf)).pages) > 1, form
        text = all_text(pdf)
        for name in shown[form]:
            assert f"[{name}]." in text, (form, name)  # each value printed to its end


def test_an_empty_case_prints_blank_forms() -> None:
    empty = CaseData(center=CenterInfo(name=""), case_no="2026-0001", child={})
    for build in BUILDERS.values():
        assert all_text(build(empty))


def test_the_registry_lists_the_forms() -> None:
    assert list(FORMS) == [
        "intake",
        "belongings",
        "notice",
        "stay",
        "statement",
        "walkout",
        "ending",
        "collection",
        "escort",
        "visit",
    ]
    assert FORMS["notice"].title == "寻亲公告"
    assert FORMS["intake"].build is intake_form.build


# the intake form's additions ---------------------------------------------------------------


def test_the_intake_form_records_the_follow_up_and_the_stay(case: CaseData) -> None:
    done = dt.datetime(2026, 11, 28, 2, tzinfo=dt.UTC)
    tasks = {
        "dna_request": {"done_at": done, "reference": "DNA-0042", "due_at": done},
        "mandatory_report": {"done_at": None, "reference": "", "due_at": done},
    }
    text = all_text(intake_form.build(dataclasses.replace(case, stay_number=3, tasks=tasks)))
    assert "入站次数第3次入站" in text
    assert f"☑已报请公安机关采集DNA血样（{values.chinese_date(done)}，回执/编号：DNA-0042）" in text
    assert "☐已向公安机关报告（尚未完成，应于" in text
    assert "家庭监护调查评估☐已开展☐未开展☐不适用" in text
    assert "救助管理信息系统☐已录入" in text
    assert "负责人审核意见" in text
    without = all_text(intake_form.build(case))  # no task of a kind: boxes to tick
    assert "☐已报请公安机关采集DNA血样☐未报请公安机关采集DNA血样☐不适用" in without


def test_the_contacts_show_the_id_number_and_the_legal_guardian(case: CaseData) -> None:
    contacts = (
        {
            "name": "张大山",
            "relationship": "父亲",
            "id_number": "410102198001010015",
            "legal_guardian": True,
            "situation": "alive",
        },
        {"name": "李四", "relationship": "邻居", "legal_guardian": False},
    )
    text = all_text(intake_form.build(dataclasses.replace(case, contacts=contacts)))
    assert "法定监护人" in text and "居民身份证号码" in text
    assert "张大山父亲是410102198001010015" in text
    assert "李四邻居否" in text


def test_welfare_is_labelled_as_the_rules_say_and_the_seal_is_asked_for_once(
    case: CaseData,
) -> None:
    text = all_text(intake_form.build(case))
    assert "低保/特困供养情况" in text and "享受救助情况" not in text
    assert text.count("盖章") == 1


# the stay and the discharge (表 3) ---------------------------------------------------------


def _numbers_between(pdf: bytes, top: str, bottom: str) -> list[str]:
    """The row numbers printed on page 1 between the headings ``top`` and ``bottom``."""
    lines = text_lines(pdf)
    upper = next(y for y, text in lines if text.strip() == top)
    lower = next(y for y, text in lines if text.strip() == bottom)
    return [text.strip() for y, text in lines if lower < y < upper and text.strip().isdigit()]


def test_the_stay_form_lists_the_placements_and_the_services(case: CaseData) -> None:
    """A short stay's record fits one page: each placement and service on its row, "至今"
    for the placement not ended, no blank row once a list has two entries."""
    pdf = stay_form.build(case)
    pages = pages_text(pdf)
    assert len(pages) == 1
    for shown in ("本站床位", "男生宿舍102室2号床", "周口市中心医院儿科", "至今", "救治",
                  "发热38.5℃", "心理疏导一次", "李敏", "经办工作人员签名"):  # fmt: skip
        assert shown in pages[0], shown
    assert _numbers_between(pdf, "二、在站安置", "三、在站服务记录") == ["1", "2", "3"]
    assert _numbers_between(pdf, "三、在站服务记录", "四、离站情况") == ["1", "2"]


def test_a_short_list_gets_blank_rows_to_write_on(case: CaseData) -> None:
    one = dataclasses.replace(case, placements=case.placements[:1], notes=())
    pdf = stay_form.build(one)
    assert _numbers_between(pdf, "二、在站安置", "三、在站服务记录") == ["1", "2"]
    assert _numbers_between(pdf, "三、在站服务记录", "四、离站情况") == ["1", "2"]


@pytest.mark.parametrize("kind", ["blank", "long", "five placements"])
def test_the_stay_forms_signatures_never_stand_alone(case: CaseData, kind: str) -> None:
    """Whatever runs onto the last page, the discharge's last rows go with the signatures."""
    made = {
        "blank": lambda: blank_case(case.center, printed_on=case.printed_on),
        "long": long_case,
        "five placements": lambda: dataclasses.replace(case, placements=case.placements * 2),
    }[kind]()
    pages = pages_text(stay_form.build(made))
    assert len(pages) >= 2
    assert "经办工作人员签名" in pages[-1] and "离站说明" in pages[-1]
    assert "经办工作人员签名" not in "".join(pages[:-1])
