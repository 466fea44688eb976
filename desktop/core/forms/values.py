"""Field labels and values as a printed form shows them, in the form's language.

The printed forms are Chinese official documents whatever language the screen
uses, so labels and choice names go through a catalog of their own (see
``translate_to``) rather than the program's current one: rendering a form in a
worker thread never changes what the screens show.
"""

from __future__ import annotations

import datetime as dt
import gettext
from collections.abc import Callable, Mapping
from functools import cache, partial

from desktop.core import i18n
from desktop.core.fields import Field

FORM_LANGUAGE = i18n.CHINESE
TICKED, UNTICKED = "☑", "☐"
YES, NO = "是", "否"

Translate = Callable[[str], str]


@cache
def translate_to(language: str = FORM_LANGUAGE) -> Translate:
    """Return a ``gettext`` function for ``language``, independent of the program's language."""
    catalog = gettext.translation(
        i18n.DOMAIN, localedir=i18n.locale_dir(), languages=[language], fallback=True
    )
    return partial(i18n.lookup, catalog)


def label(field: Field, translate: Translate | None = None) -> str:
    """Return the field's label in the form's language."""
    return (translate or translate_to())(field.label)


def choice(field: Field, value: object, translate: Translate | None = None) -> str:
    """Return the label of the stored choice ``value`` ('' when empty or unknown)."""
    for option in field.choices:
        if option.value == value:
            return (translate or translate_to())(option.label)
    return ""


def choice_boxes(field: Field, value: object, translate: Translate | None = None) -> str:
    """Return every choice with a box, the stored one ticked: "☑男 ☐女 ☐不详"."""
    shown = translate or translate_to()
    return "  ".join(
        f"{TICKED if option.value == value else UNTICKED}{shown(option.label)}"
        for option in field.choices
    )


def yes_no_boxes(value: object) -> str:
    """Return "☑是 ☐否" for True, "☐是 ☑否" for False, "☐是 ☐否" for None."""
    yes = TICKED if value is True else UNTICKED
    no = TICKED if value is False else UNTICKED
    return f"{yes}{YES}  {no}{NO}"


def local_date(value: dt.date | dt.datetime | None) -> dt.date | None:
    """Return the local calendar date of a UTC time (a date stays as it is)."""
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return (value.astimezone() if value.tzinfo else value).date()
    return value


def chinese_date(value: dt.date | dt.datetime | None) -> str:
    """Return "2026年11月28日" (the local date of a UTC time); '' for None."""
    day = local_date(value)
    return f"{day.year}年{day.month}月{day.day}日" if day else ""


def chinese_datetime(value: dt.datetime | None) -> str:
    """Return "2026年11月28日 23时05分" in local time; '' for None."""
    if value is None:
        return ""
    local = value.astimezone() if value.tzinfo else value
    return f"{chinese_date(local)} {local.hour}时{local.minute:02d}分"


def money(fen: object) -> str:
    """Return an amount in fen as yuan with two decimals; '' for nothing or zero."""
    if not isinstance(fen, int) or fen == 0:
        return ""
    return f"{fen / 100:,.2f}"


CAPITAL_DIGITS = "零壹贰叁肆伍陆柒捌玖"
_PLACES = ("", "拾", "佰", "仟")
_GROUPS = ("", "万", "亿", "万")


def _capital_integer(number: int) -> str:
    """Return a whole number of yuan in capitals: 1005 -> 壹仟零伍 (no unit)."""
    digits = [int(char) for char in str(number)]
    result = ""
    zero = False
    for index, digit in enumerate(digits):
        place = len(digits) - 1 - index
        if digit == 0:
            zero = True
        else:
            if zero and result:
                result += "零"
            zero = False
            result += CAPITAL_DIGITS[digit] + _PLACES[place % 4]
        if place % 4 == 0 and place > 0:
            group = digits[max(0, index - 3) : index + 1]
            if any(group):
                result += _GROUPS[place // 4]
    return result


def yuan_in_capitals(fen: int) -> str:
    """Return an amount in fen in financial capitals (大写), as cheques and receipts
    write it: 5650 -> 伍拾陆元伍角整, 100 -> 壹元整, 100207 -> 壹仟零贰元零柒分.

    Follows the People's Bank rules for filling in bills: 整 after 元 or 角 when no
    分 follows, 零 for a gap of zeros (one 零 for several), 零 between 元 and 分 when
    there are no 角; ten is 壹拾. Raises ``ValueError`` for a negative amount.
    """
    if fen < 0:
        raise ValueError("an amount cannot be negative")
    yuan, cents = divmod(fen, 100)
    jiao, fen_digit = divmod(cents, 10)
    whole = f"{_capital_integer(yuan)}元" if yuan else ""
    if not jiao and not fen_digit:
        return f"{whole or '零元'}整"
    fraction = ""
    if jiao:
        fraction += f"{CAPITAL_DIGITS[jiao]}角"
    elif whole:
        fraction += "零"
    if fen_digit:
        fraction += f"{CAPITAL_DIGITS[fen_digit]}分"
    else:
        fraction += "整"
    return whole + fraction


def text(record: Mapping[str, object], name: str) -> str:
    """Return a stored text value trimmed ('' when missing or None)."""
    value = record.get(name)
    if value is None:
        return ""
    return str(value).strip()


def age_on(birth: dt.date | None, day: dt.date) -> int | None:
    """Return the age in whole years on ``day`` of someone born on ``birth``."""
    if birth is None or birth > day:
        return None
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))


#: A date to write by hand.
DATE_TO_WRITE = "　　　年　　月　　日"
#: A time to write by hand.
TIME_TO_WRITE = "　　　　年　　月　　日　　时　　分"
#: A choice field with at most this many options prints them all as boxes to tick.
BOXES_UP_TO = 8


def to_write(field: Field, translate: Translate | None = None) -> str:
    """Return what an empty field prints for handwriting: boxes to tick, a date to fill
    in, or '' (lines to write on)."""
    if field.kind == "bool":
        return yes_no_boxes(None)
    if field.kind == "choice" and 0 < len(field.choices) <= BOXES_UP_TO:
        return choice_boxes(field, None, translate)
    if field.kind == "date":
        return DATE_TO_WRITE
    if field.kind == "datetime":
        return TIME_TO_WRITE
    return ""


def estimated_birth(birth: dt.date) -> str:
    """Return an estimated birth date as an estimate: "约2014年", never an exact day."""
    return f"约{birth.year}年"


def display(field: Field, value: object, translate: Translate | None = None) -> str:
    """Return a stored value as the form prints it, by the field's kind ('' when empty)."""
    if value is None or value == "":
        return ""
    kind = field.kind
    if kind == "choice":
        return choice(field, value, translate)
    if kind == "bool":
        return yes_no_boxes(value)
    if kind == "money":
        return money(value)
    if kind == "datetime" and isinstance(value, dt.datetime):
        return chinese_datetime(value)
    if kind == "date" and isinstance(value, dt.date):
        return chinese_date(value)
    return str(value).strip()
