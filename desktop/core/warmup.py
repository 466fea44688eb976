"""Loading ahead what the first save of a session needs.

Registering the first child would otherwise load the pinyin dictionaries and the
ID numbers' region codes in the middle of the action (about 0.4 s, in chunks
that hold Python's interpreter lock and so stall the screen).
"""

from __future__ import annotations


def load_for_writing() -> None:
    """Import and prime the pinyin dictionaries, the region codes and the task rules."""
    from pypinyin import lazy_pinyin
    from stdnum.cn import ric

    from desktop.core import tasks  # noqa: F401  (made with every admission)

    lazy_pinyin("张小明")
    ric.is_valid("11010519491231002X")
