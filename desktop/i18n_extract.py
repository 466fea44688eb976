"""Babel extractor for Qt Designer files: every ``<string>`` not marked ``notr="true"``.

A string's ``comment`` attribute (Designer's "disambiguation") is its gettext
context: ``<string comment="education level">Education</string>`` is the msgid
"Education" with msgctxt "education level"; QUiLoader passes the same comment to
the translator (desktop/views/qt_i18n.py), which asks ``pgettext``.

Registered as ``homeward_ui`` in pyproject.toml; used by ``pybabel extract -F babel.cfg``.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Iterator
from typing import IO, Any


def extract_ui(
    fileobj: IO[bytes], keywords: Any, comment_tags: Any, options: Any
) -> Iterator[tuple[int, str | None, str | tuple[str, str], list[str]]]:
    """Yield ``(line, funcname, messages, [])`` for each translatable string of a .ui file.

    A plain string comes as ``(line, None, message, [])``; one with a context as
    ``(line, "pgettext", (context, message), [])``, the way Babel reads a call.
    """
    content = fileobj.read()
    root = ET.fromstring(content)
    text = content.decode("utf-8")
    for element in root.iter("string"):
        message = element.text or ""
        if not message.strip() or element.get("notr") == "true":
            continue
        needle = f">{_escape(message)}</string>"
        line = text[: text.find(needle)].count("\n") + 1 if needle in text else 0
        context = element.get("comment")
        if context:
            yield line, "pgettext", (context, message), []
        else:
            yield line, None, message, []


def _escape(message: str) -> str:
    return message.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
