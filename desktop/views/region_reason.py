"""Asking the clerk why an ID number with an unknown region code is saved as it is.

The card is in hand and the number is what it says: the desk is never unable to
register the child, but the reason is kept (as a note on the child).
"""

from __future__ import annotations

from PySide6.QtWidgets import QInputDialog, QWidget

from desktop.core.errors import ValidationError
from desktop.core.i18n import _


def ask_region_reason(parent: QWidget, error: ValidationError) -> str:
    """Return the reason the clerk gives ("" when they go back to the form instead)."""
    text, ok = QInputDialog.getMultiLineText(
        parent,
        _("Region code not known"),
        "\n\n".join(
            (
                error.message,
                _(
                    "Why is the number saved as it is? (for example: the card and the "
                    "household register say so)"
                ),
            )
        ),
    )
    return text.strip() if ok else ""
