"""回访记录表 (see ``return_forms``)."""

from desktop.core.forms.return_forms import build_visit as build

__all__ = ["build"]
