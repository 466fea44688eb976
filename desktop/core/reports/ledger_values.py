"""Reading one ledger cell: dates in every way people type them, choices by their
Chinese or English names. Each reader returns the value or raises ``ValueError``
with a message for the dry-run report.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from typing import Any

from desktop.core import fields
from desktop.core.i18n import CHINESE, ENGLISH, _, translated_in

#: Excel's day 0 (serial numbers count from here; 1900's false leap day included).
EXCEL_EPOCH = dt.datetime(1899, 12, 30)
#: Serial numbers taken as dates: 1927-10-11 to 2173-10-14.
SERIALS = (10_000, 100_000)

_DATE = re.compile(
    r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?"
    r"(?:[\sT]+(\d{1,2})\s*[:时]\s*(\d{1,2})(?:\s*[:分]\s*(\d{1,2})\s*秒?)?)?$"
)
_COMPACT = re.compile(r"^(\d{4})(\d{2})(\d{2})(?:\s*(\d{2}):?(\d{2}))?$")


def plain(value: Any) -> str:
    """A cell as text: NFKC (full-width digits and letters made ASCII), trimmed."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return unicodedata.normalize("NFKC", str(value)).strip()


def _built(parts: tuple[str | None, ...], text: str) -> dt.datetime:
    year, month, day, hour, minute, second = (int(part) if part else 0 for part in parts)
    try:
        return dt.datetime(year, month, day, hour, minute, second)
    except ValueError:
        raise ValueError(_("{text} is not a possible date.").format(text=text)) from None


def read_moment(value: Any) -> dt.datetime | None:
    """A naive date and time from a cell (``None`` when empty); a date alone is midnight.

    Understands real Excel dates, Excel serial numbers, 2026-01-05, 2026/1/5,
    2026.1.5, 2026年1月5日, 20260105, each with an optional time.
    """
    if isinstance(value, dt.datetime):
        return value.replace(tzinfo=None)
    if isinstance(value, dt.date):
        return dt.datetime(value.year, value.month, value.day)
    if isinstance(value, int | float) and not isinstance(value, bool):
        if SERIALS[0] <= value < SERIALS[1]:
            return EXCEL_EPOCH + dt.timedelta(days=float(value))
        value = plain(value)
    text = plain(value)
    if not text:
        return None
    match = _DATE.match(text) or _COMPACT.match(text)
    if match is None:
        if text.replace(".", "", 1).isdigit() and SERIALS[0] <= float(text) < SERIALS[1]:
            return EXCEL_EPOCH + dt.timedelta(days=float(text))
        raise ValueError(_("{text} is not a date Homeward can read.").format(text=text))
    groups = match.groups()
    return _built(tuple(groups) + (None,) * (6 - len(groups)), text)


def read_day(value: Any) -> dt.date | None:
    """A date from a cell (``None`` when empty); see ``read_moment``."""
    moment = read_moment(value)
    return None if moment is None else moment.date()


def _key(text: str) -> str:
    return "".join(ch for ch in unicodedata.normalize("NFKC", text).lower() if ch.isalnum())


#: More names people write for choices (beside the labels in both languages).
EXTRA_NAMES: dict[str, dict[str, str]] = {
    "sex": {"男": "male", "女": "female", "m": "male", "f": "female", "不详": "unknown",
            "未知": "unknown", "男性": "male", "女性": "female"},
    "category": {"流浪乞讨": "street", "流浪": "street", "乞讨": "street", "走失": "lost",
                 "事实无人抚养": "unattended", "孤儿": "orphan", "监护缺失": "no_guardian",
                 "临时监护": "no_guardian", "监护缺失临时监护": "no_guardian",
                 "遭受侵害": "harmed", "受侵害": "harmed", "严重不良行为": "offending",
                 "涉罪": "offending", "严重不良行为涉罪": "offending", "其他": "other"},
    "arrival_mode": {"自行求助": "self", "自行": "self", "主动求助": "self",
                     "公安护送": "police", "公安": "police", "派出所": "police",
                     "其他单位护送": "other", "群众护送": "other", "其他单位群众护送": "other",
                     "其他": "other"},
    "discharge_mode": {"护送返乡": "escorted_home", "接领返乡": "collected",
                       "家属接领": "collected", "自行返乡": "self_return", "安置": "placed",
                       "终止救助": "ended", "擅自离站": "left", "自行离站": "left",
                       "死亡": "died", "其他": "other"},
    "ethnicity": {},
}  # fmt: skip

_TABLES = {"sex": fields.CHILD, "category": fields.CHILD, "ethnicity": fields.CHILD,
           "arrival_mode": fields.ADMISSION, "discharge_mode": fields.ADMISSION}  # fmt: skip


def _names(name: str) -> dict[str, str]:
    """Every way a choice of field ``name`` may be written, mapped to its stored value."""
    field = _TABLES[name][name]
    known: dict[str, str] = {}
    for choice in field.choices:
        known[_key(choice.value)] = choice.value
        for language in (ENGLISH, CHINESE):
            label = translated_in(choice.label, language)
            known[_key(label)] = choice.value
            if name == "ethnicity" and label.endswith("族"):
                known[_key(label[:-1])] = choice.value  # 汉 for 汉族
                known[_key(label)] = choice.value
            elif name == "ethnicity":
                known[_key(label + "族")] = choice.value
    known.update({_key(text): value for text, value in EXTRA_NAMES[name].items()})
    return known


_KNOWN: dict[str, dict[str, str]] = {}


def read_choice(name: str, value: Any) -> str:
    """The stored value of a choice field from its name in either language ('' when empty)."""
    text = plain(value)
    if not text:
        return ""
    known = _KNOWN.get(name)
    if known is None:
        known = _KNOWN[name] = _names(name)
    found = known.get(_key(text))
    if found is None:
        label = _(_TABLES[name][name].label)
        raise ValueError(
            _("{label}: {text} is not one of the choices.").format(label=label, text=text)
        )
    return found
