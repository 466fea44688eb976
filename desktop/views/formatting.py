"""How dates and times are shown: local time, in the current language's order."""

from __future__ import annotations

import datetime as dt

from desktop.core.i18n import _, ngettext


def local_time(moment: dt.datetime | None) -> str:
    """Return a stored UTC time as local ``YYYY-MM-DD HH:MM``, or an empty string."""
    if moment is None:
        return ""
    return moment.astimezone().strftime("%Y-%m-%d %H:%M")


def local_date(day: dt.date | None) -> str:
    """Return a date as ``YYYY-MM-DD``, or an empty string."""
    return day.isoformat() if day else ""


def age_in_words(moment: dt.datetime | None, now: dt.datetime | None = None) -> str:
    """Return how long ago ``moment`` was, roughly: "never", "3 hours ago", "2 days ago"."""
    if moment is None:
        return _("never")
    seconds = ((now or dt.datetime.now(dt.UTC)) - moment).total_seconds()
    if seconds < 3600:
        return _("less than an hour ago")
    if seconds < 86400:
        hours = int(seconds // 3600)
        return ngettext("{n} hour ago", "{n} hours ago", hours).format(n=hours)
    days = int(seconds // 86400)
    return ngettext("{n} day ago", "{n} days ago", days).format(n=days)
