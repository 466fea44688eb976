"""擅自离站情况记录 (see ``leaving_forms``)."""

from desktop.core.forms.leaving_forms import build_walkout as build

__all__ = ["build"]
