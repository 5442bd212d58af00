"""How the back office shows what it stores: no raw values on any screen.

Every model view (admin/base.py) formats by type, in its lists, details and exports alike: a moment as the
school's local time without seconds ("03-12-2026 14:05"), a date as 03-12-2026, a time as 08:30, yes and no
as "ja"/"nee", a related row by its name (a week template by its name, not "1"). Counts are said as Dutch
sentences with the right singular or plural ("1 notitie", "3 notities").
"""

import datetime as dt

from peewee import Model

from services import clock
from services.wording import NOUNS, count, noun  # noqa: F401 -- the screens' counting, said once for every channel

from .trail import describe


def moment(value):
    """A stored (naive UTC) moment as the school's local time, to the minute."""
    return clock.local_text(value)


def day(value):
    return value.strftime("%d-%m-%Y")


def hhmm(value):
    return value.strftime("%H:%M")


def yes_no(value):
    return "ja" if value else "nee"


def excerpt(view, context, model, name):
    """A column formatter for long text: its first 120 characters in a list (the details show it whole)."""
    text = getattr(model, name) or ""
    return text if len(text) <= 120 else text[:120] + "…"


def _formatter(show):
    return lambda view, value, name: show(value)


# Flask-Admin tries these in order with isinstance: bool before int, datetime before date.
TYPE_FORMATTERS = {
    type(None): _formatter(lambda value: ""),
    bool: _formatter(yes_no),
    dt.datetime: _formatter(moment),
    dt.date: _formatter(day),
    dt.time: _formatter(hhmm),
    Model: _formatter(describe),
}

# The .xlsx export keeps dates and moments as real dates (local time), the rest as the screens say it.
EXPORT_FORMATTERS = {
    **TYPE_FORMATTERS,
    dt.datetime: _formatter(clock.local),
    dt.date: _formatter(lambda value: value),
}
