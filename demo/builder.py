"""What every step of the demo school shares: its fixed names and dates, and the state of one build.

A `Builder` carries the seeded random generator and the ids each step reads back for the steps after it
(periods, goals, teachers, groups, pupils). The steps live in the area modules (`curriculum`,
`people`, `groups`, `plans`, `timetable`) and run in the order `demo/__init__.py` gives:
each draws from the one generator, so the same order gives the same school.
"""

import datetime as dt
import random

from peewee import chunked

from models import Status, now
from services import passwords

PASSWORD = "regenboog"  # every demo account; the sign-in lines print it
DOMAIN = "regenboog.test"
SCHOOL_YEAR = "2026-2027"
SEED = 2026
CHUNK = 500  # rows per INSERT, within SQLite's limit on bound variables

PERIODS = [
    (1, "Periode 1", dt.date(2026, 8, 24), dt.date(2026, 11, 1)),
    (2, "Periode 2", dt.date(2026, 11, 2), dt.date(2027, 1, 24)),
    (3, "Periode 3", dt.date(2027, 1, 25), dt.date(2027, 4, 11)),
    (4, "Periode 4", dt.date(2027, 4, 12), dt.date(2027, 7, 16)),
]

FEATURED_CLASS = "Groep 5a"
# The accounts the sign-in lines name, built the same way whatever the number of pupils.
LOGINS = {
    "admin": f"beheer@{DOMAIN}",
    "teacher": f"juf.anna@{DOMAIN}",
    "coach": f"ib.marloes@{DOMAIN}",
    "assistant": f"leerplein.sanne@{DOMAIN}",
    "pupil": f"daan.vandijk@{DOMAIN}",
    "parent": f"linda.vandijk@{DOMAIN}",
}


class Builder:
    """The state of one demo build; ids of inserted rows are read back by their natural keys."""

    def __init__(self, pupil_count):
        self.rng = random.Random(SEED)
        self.pupil_count = pupil_count
        self.now = now()
        self.password_hash = passwords.hash_password(PASSWORD)  # once: argon2 is slow on purpose
        self.status = {s.key: s.id for s in Status.select()}
        self.logins = set()

    def at(self, first, last):
        """A moment on a school day between two dates (08:15-16:00), before today when the dates allow it
        (callers keep what lies past now out: plans._steps)."""
        share, minutes = self.rng.random(), self.rng.randint(0, 465)  # same draws whatever the date
        latest = min(last, self.now.date() - dt.timedelta(days=1))
        day = first + dt.timedelta(days=round(share * max(0, (latest - first).days)))
        while day.weekday() > 4 and day > first:
            day -= dt.timedelta(days=1)
        return dt.datetime.combine(day, dt.time(8, 15)) + dt.timedelta(minutes=minutes)


def insert(model, rows):
    """Insert `rows` (dicts) in statements of CHUNK rows."""
    for chunk in chunked(rows, CHUNK):
        model.insert_many(chunk).execute()


def early(day):
    """The moment the scheduled period rollover runs: early in the morning of the period's first day."""
    return dt.datetime.combine(day, dt.time(6, 0))
