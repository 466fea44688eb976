"""A made-up case to print: for the gallery in docs/forms, the benchmark and the tests.

``python -m desktop.core.forms.samples DIR`` writes each form of the sample case
as a PDF and, with poppler's ``pdftoppm``, as PNG pages at 72 dpi into ``DIR``.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
import shutil
import subprocess
import sys
from pathlib import Path

from desktop.core.forms.data import Belonging, CaseData, CenterInfo, blank_case

ARRIVED = dt.datetime(2026, 11, 27, 15, 40, tzinfo=dt.UTC)


def sample_photo(width: int = 300, height: int = 400) -> bytes:
    """Return a JPEG of a drawn head-and-shoulders figure (no real child)."""
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (width, height), (186, 204, 222))
    draw = ImageDraw.Draw(image)
    draw.ellipse((width * 0.3, height * 0.15, width * 0.7, height * 0.5), fill=(232, 200, 170))
    draw.rectangle((width * 0.2, height * 0.55, width * 0.8, height), fill=(62, 92, 160))
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=85)
    return buffer.getvalue()


def sample_logo() -> bytes:
    """Return a PNG emblem with a transparent background."""
    from PIL import Image, ImageDraw

    image = Image.new("RGBA", (200, 200), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    draw.ellipse((10, 10, 190, 190), outline=(190, 30, 30, 255), width=12)
    draw.polygon([(100, 42), (160, 148), (40, 148)], fill=(190, 30, 30, 255))
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    return buffer.getvalue()


def sample_center() -> CenterInfo:
    """A made-up center with a logo."""
    return CenterInfo(
        name="城南区未成年人救助保护中心",
        address="城南区民政路88号",
        phone="0371-12345678",
        logo=sample_logo(),
    )


def sample_child() -> dict[str, object]:
    """A child found alone at a station; the name has a rare character (𠮷)."""
    return {
        "case_no": "2026-0013",
        "name": "张𠮷祥",
        "alias": "小祥",
        "sex": "male",
        "birth_date": dt.date(2014, 5, 3),
        "birth_date_estimated": True,
        "id_number": "",
        "birth_place": "河南省周口市",
        "ethnicity": "01",
        "household_registration": "河南省周口市川汇区",
        "address": "河南省周口市川汇区人民路12号",
        "school": "",
        "education": "primary",
        "dialect": "河南话",
        "height_cm": 142,
        "build": "slim",
        "appearance": "圆脸，短发，左眉上方有一道约2厘米的疤痕。",
        "clothing": "蓝色校服上衣，黑色运动裤，白色运动鞋。",
        "health": "体温正常，双手有轻微冻疮。",
        "mental_state": "神志清楚，能正常交流，情绪低落。",
        "disability": "",
        "category": "lost",
    }


def sample_admission() -> dict[str, object]:
    """The child's arrival, brought by the police in the afternoon."""
    return {
        "arrived_at": ARRIVED,
        "arrival_mode": "police",
        "referring_unit": "城南公安分局火车站派出所",
        "found_place": "城南区火车站候车室",
        "referrer_name": "李警官",
        "referrer_phone": "0371-66886688",
        "police_case_no": "JJ2026112700123",
        "police_handover_ref": "",
        "reason": "在火车站候车室独自滞留，无法联系家人。",
        "circumstances": "自述11月20日与家人赶集时走失，随后搭乘长途汽车到达本市。",
        "street_since": "2026年11月20日",
        "welfare_status": "none",
        "intake_check": "身体状况良好，无外伤；精神状态紧张。",
        "harm_found": False,
        "security_check": "未发现危险物品。",
        "photo_taken": True,
        "fingerprints_taken": False,
        "fingerprint_ref": "",
        "consent": True,
        "consent_note": "",
    }


def sample_belongings() -> tuple[Belonging, ...]:
    """Five items: cash, one handed back, one handed to the police, one destroyed."""
    return (
        Belonging({"item": "书包", "quantity": 1, "description": "红色双肩包，内有课本三本"}),
        Belonging(
            {
                "item": "现金",
                "quantity": 1,
                "description": "纸币",
                "cash_fen": 5650,
                "valuable": True,
            }
        ),
        Belonging(
            {
                "item": "手机",
                "quantity": 1,
                "description": "黑色，屏幕有裂痕",
                "valuable": True,
                "returned_at": ARRIVED + dt.timedelta(days=6),
                "returned_to": "张大山",
            },
            returned_by="王主任",
        ),
        Belonging(
            {
                "item": "折叠刀",
                "quantity": 1,
                "description": "刃长约8厘米",
                "disposition": "police",
                "disposed_at": ARRIVED + dt.timedelta(hours=2),
                "disposed_to": "城关派出所 李警官",
                "disposal_ref": "城公（扣）字〔2026〕118号",
                "disposal_reason": "管制刀具",
            },
            returned_by="王主任",
        ),
        Belonging(
            {
                "item": "面包",
                "quantity": 2,
                "description": "已发霉",
                "disposition": "destroyed",
                "disposed_at": ARRIVED + dt.timedelta(hours=18),
                "disposal_reason": "食品已霉变，不宜保存",
                "disposal_witness": "李华、赵强",
            },
            returned_by="王主任",
        ),
    )


HANDED_OVER = ARRIVED + dt.timedelta(days=9, hours=-6)


def sample_plan() -> dict[str, object]:
    """The child's return home: the father verified, escorted home by two staff."""
    return {
        "status": "handed_over",
        "receiver_name": "张大山",
        "receiver_id_number": "11010519491231002X",
        "receiver_relationship": "父亲",
        "receiver_phone": "13800000000",
        "receiver_address": "河南省周口市川汇区人民路12号",
        "verified_by": "王小明",
        "verified_how": "核验居民身份证原件，并经户籍地派出所电话确认父子关系。",
        "receiver_id_copy_kept": True,
        "assessment": "suitable",
        "findings": "家庭住房稳定，父亲在本地务工，祖母可照看。",
        "return_mode": "escorted_home",
        "escort_first": "王小明",
        "escort_second": "李华",
        "transport": "火车（K270次）",
        "departure_at": HANDED_OVER - dt.timedelta(hours=9),
        "arrival_at": HANDED_OVER - dt.timedelta(hours=1),
        "destination": "河南省周口市川汇区",
        "receiving_unit_kind": "civil_affairs",
        "receiving_unit": "周口市川汇区民政局",
        "receiving_contact": "刘科长 0394-8123456",
        "handed_over_at": HANDED_OVER,
        "handover_place": "周口市川汇区救助管理站",
        "received_by": "张大山",
        "receipt_signed": True,
        "handled_by": "王小明",
    }


def sample_visits() -> tuple[dict[str, object], ...]:
    """The visits at 1, 3 and 6 months: the first made by phone, the others to come."""
    start = HANDED_OVER.date()
    first = {
        "id": 1,
        "months": 1,
        "due_on": start + dt.timedelta(days=31),
        "visited_on": start + dt.timedelta(days=33),
        "method": "phone",
        "findings": "与父亲通话，儿童已返校读书，情绪稳定，按时回家。",
        "situation": "身体健康，学习跟得上，与祖母同住。",
        "risk": False,
        "next_step": "3个月时入户走访，了解儿童在校情况。",
        "visitor": "王小明",
    }
    later: list[dict[str, object]] = [
        {"id": n, "months": months, "due_on": start + dt.timedelta(days=days), "visited_on": None,
         "method": "", "findings": "", "situation": "", "risk": False, "next_step": "",
         "visitor": ""}
        for n, months, days in ((2, 3, 90), (3, 6, 181))
    ]  # fmt: skip
    return (first, *later)


def sample_placements() -> tuple[dict[str, object], ...]:
    """Where the sample child stayed: a bed in the center, then a hospital, then the bed."""
    arrived = dt.datetime(2026, 11, 27, 15, 40, tzinfo=dt.UTC)
    return (
        {"kind": "bed", "where": "男生宿舍 102室 2号床", "started_at": arrived,
         "ended_at": dt.datetime(2026, 11, 27, 20, 0, tzinfo=dt.UTC)},
        {"kind": "hospital", "where": "周口市中心医院 儿科", "started_at":
         dt.datetime(2026, 11, 27, 20, 0, tzinfo=dt.UTC),
         "ended_at": dt.datetime(2026, 11, 28, 9, 0, tzinfo=dt.UTC)},
        {"kind": "bed", "where": "男生宿舍 102室 2号床", "started_at":
         dt.datetime(2026, 11, 28, 9, 0, tzinfo=dt.UTC)},
    )  # fmt: skip


def sample_notes() -> tuple[dict[str, object], ...]:
    """The sample stay's services, oldest first."""
    return (
        {"kind": "medical", "at": dt.datetime(2026, 11, 27, 20, 0, tzinfo=dt.UTC),
         "text": "发热38.5℃，送医院儿科观察一夜，次日退热返回。", "staff": "王小明"},
        {"kind": "counselling", "at": dt.datetime(2026, 11, 28, 10, 0, tzinfo=dt.UTC),
         "text": "心理疏导一次，情绪逐渐平稳，愿意与家人联系。", "staff": "李敏"},
    )  # fmt: skip


def sample_case() -> CaseData:
    """The whole made-up case, printed on 28 November 2026."""
    return CaseData(
        center=sample_center(),
        case_no="2026-0013",
        child=sample_child(),
        admission={**sample_admission(), "notice_issued_on": dt.date(2026, 11, 28)},
        receiving_staff="王小明",
        contacts=(
            {
                "name": "张大山",
                "relationship": "父亲",
                "phone": "13800000000",
                "address": "河南省周口市川汇区",
                "situation": "alive",
            },
        ),
        belongings=sample_belongings(),
        photo=sample_photo(),
        printed_on=dt.date(2026, 11, 28),
        stay_number=1,
        placements=sample_placements(),
        notes=sample_notes(),
        plan=sample_plan(),
        visits=(visits := sample_visits()),
        visit=visits[0],
    )


LONG_TEXT = (
    "自述家住山区，父母常年在外务工，由年迈的祖母照看；祖母病重住院后无人照料，"
    "独自外出寻找父母，先后在汽车站、火车站附近流浪，靠捡拾废品和群众接济度日。"
)


def long_case() -> CaseData:
    """The sample case with long texts everywhere: the forms run over several pages."""
    case = sample_case()
    child = dict(case.child)
    admission = dict(case.admission)
    for name in ("appearance", "clothing", "health", "mental_state", "disability"):
        child[name] = f"{child.get(name) or ''}{LONG_TEXT * 3}"
    for name in ("reason", "circumstances", "intake_check", "security_check"):
        admission[name] = f"{admission.get(name) or ''}{LONG_TEXT * 6}"
    child["address"] = "河南省周口市川汇区人民路12号院3号楼2单元501室（祖母家），" * 3
    plan = {
        **case.plan,
        "receiver_address": child["address"],
        "verified_how": f"{case.plan['verified_how']}{LONG_TEXT * 2}",
        "receiving_unit": "河南省周口市川汇区人民政府民政局社会事务科（未成年人保护工作站）",
        "handover_place": "河南省周口市川汇区人民路12号院门口（村民委员会办公室旁）" * 2,
    }
    next_step = "继续每月电话联系监护人，了解儿童上学、饮食、睡眠及情绪情况；" * 8
    visit = {**case.visit, "findings": LONG_TEXT * 5, "situation": LONG_TEXT * 4,
             "next_step": next_step}  # fmt: skip
    belongings = tuple(
        Belonging({"item": f"衣物{n}", "quantity": n, "description": "旧衣物，已清洗、晾干"})
        for n in range(1, 30)
    )
    day = dt.timedelta(days=1)
    placements = tuple(
        {**placed, "where": f"{placed['where']}（{LONG_TEXT[:40]}）",
         "started_at": placed["started_at"] + n * day,  # type: ignore[operator]
         "ended_at": placed["started_at"] + (n + 1) * day}  # type: ignore[operator]
        for n, placed in enumerate(sample_placements() * 6)
    )  # fmt: skip
    notes = tuple(
        {**note, "at": note["at"] + n * day, "text": LONG_TEXT * (1 + n % 3)}  # type: ignore[operator]
        for n, note in enumerate(sample_notes() * 12)
    )
    return dataclasses.replace(
        case,
        center=dataclasses.replace(case.center, name="城南区民政局城南区未成年人救助保护中心"),
        child=child,
        admission=admission,
        belongings=(*case.belongings, *belongings),
        placements=placements,
        notes=notes,
        plan=plan,
        visits=(visit, *case.visits[1:]),
        visit=visit,
    )


def sample_blank() -> CaseData:
    """A blank form of the sample center, for handwriting."""
    return blank_case(sample_center(), printed_on=dt.date(2026, 11, 28))


CASES = {"": sample_case, "-long": long_case, "-blank": sample_blank}


def write_gallery(folder: Path, dpi: int = 72) -> list[Path]:
    """Write every form filled, long and blank as PDF and PNG pages into ``folder``."""
    from desktop.core.forms.registry import FORMS

    folder.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    for suffix, make in CASES.items():
        case = make()
        for key, spec in FORMS.items():
            name = f"{key}{suffix}"
            pdf = folder / f"{name}.pdf"
            pdf.write_bytes(spec.build(case))
            written.append(pdf)
            if shutil.which("pdftoppm"):
                subprocess.run(
                    ["pdftoppm", "-r", str(dpi), "-png", str(pdf), str(folder / name)],
                    check=True,
                )
                written += sorted(folder.glob(f"{name}-[0-9]*.png"))
    return written


if __name__ == "__main__":  # pragma: no cover - a maintainer's tool
    for path in write_gallery(Path(sys.argv[1] if len(sys.argv) > 1 else "docs/forms")):
        print(path)
