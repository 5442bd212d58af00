"""The school's clock: one time zone, and what "now" and "today" are for the school.

The database keeps naive UTC timestamps (`models.now`); the school lives in Europe/Amsterdam. Everything that
asks "which day is it" (a period starting, a LAS pupil's enrolment, the timetable) or shows a moment to a
person goes through here, so that a server running on UTC never puts a school day an hour early or late.

    now()                 naive UTC, as stored
    local(moment=None)    a stored moment (default now) as the school's wall-clock time, naive
    today()               the school's calendar date
    local_text(moment)    "03-12-2026 14:05" for the screens; "" for None
"""

import datetime as dt
from zoneinfo import ZoneInfo

from models import now

TIMEZONE_NAME = "Europe/Amsterdam"
SCHOOL_TIMEZONE = ZoneInfo(TIMEZONE_NAME)

__all__ = ["SCHOOL_TIMEZONE", "TIMEZONE_NAME", "local", "local_text", "now", "today"]


def local(moment=None):
    """The school's local wall-clock time of a naive UTC moment (default: now), itself naive."""
    moment = moment or now()
    return moment.replace(tzinfo=dt.UTC).astimezone(SCHOOL_TIMEZONE).replace(tzinfo=None)


def today():
    """The school's calendar day, whatever the server's own time zone."""
    return local().date()


def local_text(moment, seconds=False):
    """A stored moment as the screens show it: local time, Dutch order, minutes (or seconds)."""
    if moment is None:
        return ""
    return local(moment).strftime("%d-%m-%Y %H:%M:%S" if seconds else "%d-%m-%Y %H:%M")
