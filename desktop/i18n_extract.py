"""Babel extractor for Qt Designer files: every ``<string>`` not marked ``notr="true"``.

Registered as ``homeward_ui`` in pyproject.toml; used by ``pybabel extract -F babel.cfg``.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Iterator
from typing import IO, Any


def extract_ui(
    fileobj: IO[bytes], keywords: Any, comment_tags: Any, options: Any
) -> Iterator[tuple[int, str | None, str, list[str]]]:
    """Yield ``(line, None, message, [])`` for each translatable string of a .ui file."""
    content = fileobj.read()
    root = ET.fromstring(content)
    text = content.decode("utf-8")
    for element in root.iter("string"):
        message = element.text or ""
        if not message.strip() or element.get("notr") == "true":
            continue
        needle = f">{_escape(message)}</string>"
        line = text[: text.find(needle)].count("\n") + 1 if needle in text else 0
        yield line, None, message, []


def _escape(message: str) -> str:
    return message.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
