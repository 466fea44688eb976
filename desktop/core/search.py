"""Finding a child fast: the search index and the children list's queries.

(Being written: ``index_child`` keeps ``Child.name_pinyin``, ``name_initials`` and
the ``search_token`` rows up to date; ``search_children``/``count_children`` serve
the children list.)
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from desktop.core.models import Child


def index_child(session: Session, child: Child) -> None:
    """Refresh the pinyin columns and search tokens of ``child`` in the caller's transaction."""
    raise NotImplementedError
