"""终止救助通知书 (see ``leaving_forms``)."""

from desktop.core.forms.leaving_forms import build_ending as build

__all__ = ["build"]
