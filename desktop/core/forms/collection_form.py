"""接领交接单 (see ``return_forms``)."""

from desktop.core.forms.return_forms import build_collection as build

__all__ = ["build"]
