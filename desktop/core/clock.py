"""Times: stored in UTC, shown and reasoned about in the computer's local time.

The one place that turns a stored moment into a local day or text, and a local
day into the UTC moment it starts at (rule 10 of the house). No Qt.
"""

from __future__ import annotations

import datetime as dt

from desktop.core.i18n import _, ngettext, pgettext

SHOWN_TIME = "%Y-%m-%d %H:%M"
#: The first and last days whose start can be turned into UTC in any time zone
#: (Python's calendar runs from 0001-01-01 to 9999-12-31). A bound outside them
#: needs no conversion: no stored moment is that far away.
FIRST_DAY = dt.date.min + dt.timedelta(days=2)
LAST_DAY = dt.date.max - dt.timedelta(days=2)


def local_day(moment: dt.datetime) -> dt.date:
    """The local calendar day of an aware moment."""
    return moment.astimezone().date()


def local_midnight_utc(day: dt.date) -> dt.datetime:
    """The UTC moment at which the local ``day`` begins."""
    return dt.datetime.combine(day, dt.time()).astimezone().astimezone(dt.UTC)


def format_time(moment: dt.datetime | None) -> str:
    """A stored moment as local ``YYYY-MM-DD HH:MM``, or an empty string."""
    if moment is None:
        return ""
    return moment.astimezone().strftime(SHOWN_TIME)


def format_date(day: dt.date | None) -> str:
    """A date as ``YYYY-MM-DD``, or an empty string."""
    return day.isoformat() if day else ""


def age_in_words(moment: dt.datetime | None, now: dt.datetime | None = None) -> str:
    """How long ago ``moment`` was, roughly: "never", "3 hours ago", "2 days ago"."""
    if moment is None:
        return pgettext("last backup", "never")  # only the last backup is ever shown so
    seconds = ((now or dt.datetime.now(dt.UTC)) - moment).total_seconds()
    if seconds < 3600:
        return _("less than an hour ago")
    if seconds < 86400:
        hours = int(seconds // 3600)
        return ngettext("{n} hour ago", "{n} hours ago", hours).format(n=hours)
    days = int(seconds // 86400)
    return ngettext("{n} day ago", "{n} days ago", days).format(n=days)
