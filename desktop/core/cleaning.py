"""One cleaning of free text for every service: what a person typed, made safe to
store and print, within its field's length (rule 5 of the house).

Control characters and the invisible ones that hide or reorder text (zero-width
space, byte-order mark, bidi controls) are dropped everywhere, not in some
services only; lone surrogates (which SQLite cannot store) too.
"""

from __future__ import annotations

import unicodedata

from desktop.core.errors import ValidationError
from desktop.core.fields import Field
from desktop.core.i18n import _

#: The longest text a field without its own limit takes.
TEXT_LIMIT = 10_000

#: Invisible characters that only hide or reorder text (zero-width space, BOM, bidi controls).
_INVISIBLE = frozenset("\u200b\u2060\ufeff\u180e\u061c\u200e\u200f") | frozenset(
    chr(code) for code in (*range(0x202A, 0x202F), *range(0x2066, 0x206A))
)


def field_label(field: Field) -> str:
    """The field's label in the user's language."""
    return _(field.label)


def field_error(field: Field, message: str) -> ValidationError:
    """A ``ValidationError`` for ``field``, its ``{label}`` filled in."""
    return ValidationError(message.format(label=field_label(field)), field=field.name)


def _keep(char: str, line_breaks: bool) -> bool:
    if char in _INVISIBLE:
        return False
    category = unicodedata.category(char)
    if category == "Cc":
        return line_breaks and char == "\t"
    return category != "Cs"


def is_blank(text: str) -> bool:
    """True when ``text`` holds nothing but spaces, marks and control characters."""
    return all(unicodedata.category(char)[0] in "CZM" for char in text)


def printable(value: str | None, *, multiline: bool = False) -> str:
    """Return ``value`` trimmed, without control or invisible characters.

    One-line text gets runs of spaces collapsed to one; multi-line text keeps its
    line breaks (as ``\\n``) and tabs.
    """
    text = value or ""
    if multiline:
        lines = ("".join(c for c in line if _keep(c, True)) for line in text.splitlines())
        return "\n".join(line.rstrip() for line in lines).strip()
    return " ".join("".join(c for c in text if _keep(c, False)).split())


def clean_text(value: str | None, field: Field, *, required: bool = False) -> str:
    """Return ``value`` made ``printable``, within the field's length; blank counts as empty."""
    text = printable(value, multiline=field.kind == "multiline")
    if is_blank(text):
        text = ""
    if required and not text:
        raise field_error(field, _("{label}: this field is required."))
    limit = field.max_length or TEXT_LIMIT
    if len(text) > limit:
        raise ValidationError(
            _("{label}: at most {n} characters (this has {count}).").format(
                label=field_label(field), n=limit, count=len(text)
            ),
            field=field.name,
        )
    return text
