"""Exporting children to a file: ask where, write with progress, say how many."""

from __future__ import annotations

import datetime as dt

from PySide6.QtWidgets import QWidget

from desktop.core.children.search import SearchFilter
from desktop.core.i18n import _, ngettext
from desktop.core.reports import export
from desktop.views.context import SessionContext
from desktop.views.kit.long_work import ask_table_file, run_with_progress
from desktop.views.kit.style import say_done


def export_children(
    parent: QWidget, context: SessionContext, title: str, wanted: SearchFilter | None = None
) -> None:
    """Ask for a file, then write the children ``wanted`` (all when ``None``) to it."""
    suggested = _("Children {day}").format(day=dt.date.today().strftime("%Y%m%d")) + ".xlsx"
    path = ask_table_file(parent, title, suggested)
    if path is None:
        return

    def done(result: export.Exported) -> None:
        say_done(
            parent,
            ngettext(
                "{n} child written to {path}.", "{n} children written to {path}.", result.rows
            ).format(n=result.rows, path=result.path),
        )

    run_with_progress(
        parent, context, _("Writing the list…"), done, export.export_children, path, wanted
    )
