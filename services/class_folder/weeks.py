"""Weeks of the class folder: a week is named by its Monday, and the school's setting says how many weeks back
and ahead of the current one the class folder, the timetables and the week planning may show
(SchoolSettings.class_folder_weeks_back / class_folder_weeks_ahead).

    week_range(today=None)         the WeekRange the school allows around today's week
    check_week(week, today=None)   the Monday of `week` (any day of it; None: this week), refused outside the range
    parse_day("2026-12-07")        a date from a page's or button's text; DomainError when it is none
    school_days(week, also=())     Monday to Friday, and a weekend day only when it has lessons
    day_label(day), week_label(week)   "maandag 7 december", "week 50 (7 - 11 december 2026)"
"""

import dataclasses
import datetime as dt

from models import SchoolSettings

from .. import clock
from ..errors import DomainError

DAY_NAMES = ("maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "zaterdag", "zondag")
MONTH_NAMES = tuple("januari februari maart april mei juni juli augustus september oktober november december".split())
ONE_WEEK = dt.timedelta(days=7)


def monday(day):
    """The Monday of the week `day` falls in."""
    return day - dt.timedelta(days=day.weekday())


@dataclasses.dataclass(frozen=True)
class WeekRange:
    """The weeks the school allows, each named by its Monday: `first` to `last`, with `current` (today's)."""

    first: dt.date
    current: dt.date
    last: dt.date

    def __contains__(self, week):
        return self.first <= monday(week) <= self.last

    def previous(self, week):
        """The week before `week`, or None when it lies outside the range."""
        return week - ONE_WEEK if week - ONE_WEEK in self else None

    def next(self, week):
        return week + ONE_WEEK if week + ONE_WEEK in self else None


def week_range(today=None):
    """The weeks the school's setting allows around today's week (one query)."""
    settings = SchoolSettings.get_current()
    current = monday(today or clock.today())
    back, ahead = max(0, settings.class_folder_weeks_back or 0), max(0, settings.class_folder_weeks_ahead or 0)
    return WeekRange(current - back * ONE_WEEK, current, current + ahead * ONE_WEEK)


def check_week(week=None, today=None, allowed=None):
    """The Monday of `week` (None: the current week), with the range it was checked against; a DomainError in
    Dutch when the school does not show that week."""
    allowed = allowed or week_range(today)
    if week is None:
        return allowed.current, allowed
    if week not in allowed:
        raise DomainError(
            f"{week_label(monday(week))} valt buiten de weken die de school laat zien: "
            f"van {week_label(allowed.first)} tot en met {week_label(allowed.last)}."
        )
    return monday(week), allowed


def parse_day(text, what="datum"):
    """The date of an ISO text ("2026-12-07"); a Dutch DomainError for anything else."""
    try:
        return dt.date.fromisoformat((text or "").strip())
    except ValueError:
        raise DomainError(f"Ongeldige {what}. Laad de pagina opnieuw en probeer het nog eens.") from None


def school_days(week, also=()):
    """The days a week shows: Monday to Friday, and Saturday or Sunday only when one of `also` falls on it."""
    extra = {day for day in also if day.weekday() > 4 and monday(day) == week}
    return [week + dt.timedelta(days=n) for n in range(7) if n < 5 or week + dt.timedelta(days=n) in extra]


def day_label(day):
    """ "maandag 7 december" """
    return f"{DAY_NAMES[day.weekday()]} {day.day} {MONTH_NAMES[day.month - 1]}"


def week_label(week):
    """ "week 50 (7 - 11 december 2026)": the ISO week number and its school days."""
    friday = week + dt.timedelta(days=4)
    first = f"{week.day}" if week.month == friday.month else f"{week.day} {MONTH_NAMES[week.month - 1]}"
    if week.year != friday.year:
        first += f" {week.year}"
    return f"week {week.isocalendar()[1]} ({first} - {friday.day} {MONTH_NAMES[friday.month - 1]} {friday.year})"
