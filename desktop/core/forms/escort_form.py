"""护送返乡交接单 (see ``return_forms``)."""

from desktop.core.forms.return_forms import build_escort as build

__all__ = ["build"]
