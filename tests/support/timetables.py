"""A week timetable for the class-folder tests: a week template valid around today with lesson blocks for
Groep 5a (build_school) on every school day, so that the class folder, the timetables and the week planning
have lessons whatever day the tests run.

    blocks = make_timetable(school)             # {"rekenen", "taal", "leerplein"}: a block on every weekday
    blocks["rekenen"].on(day)                   # that day's block
    ref = planned(blocks["rekenen"].on(), day)  # the lesson it plans on `day` (today), as its address names it
    school = school_with_timetable()            # build_school() with school["blocks"] = make_timetable(school)
"""

import datetime as dt

from models import LessonBlock, WeekTemplate
from services import class_folder, clock
from tests.support.schools import build_school

DAY = dt.timedelta(days=1)


def monday_of(day=None):
    day = day or clock.today()
    return day - dt.timedelta(days=day.weekday())


def make_week_template(weeks=4, name="Rooster"):
    """A week template of the 2026-2027 school year valid from `weeks` weeks before this week to `weeks` after."""
    monday = monday_of()
    return WeekTemplate.create(
        name=name,
        school_year="2026-2027",
        valid_from=monday - dt.timedelta(weeks=weeks),
        valid_until=monday + dt.timedelta(weeks=weeks, days=6),
    )


def make_timetable(school, teacher=None, weeks=4):
    """Three blocks a day, Monday to Sunday, for Groep 5a, taught by `teacher` (Juf In by default): Rekenen
    08:30-09:30, Taal 09:30-10:30 and Leerplein 11:00-12:00; the template runs `weeks` weeks around today."""
    template = make_week_template(weeks)
    teacher = teacher or school.teacher
    blocks = {}
    for key, title, start, end, room, square in (
        ("rekenen", "Rekenen", dt.time(8, 30), dt.time(9, 30), "Lokaal 5", False),
        ("taal", "Taal", dt.time(9, 30), dt.time(10, 30), "Lokaal 5", False),
        ("leerplein", "Leerplein", dt.time(11, 0), dt.time(12, 0), "Leerplein", True),
    ):
        blocks[key] = [
            LessonBlock.create(
                week_template=template,
                weekday=weekday,
                start_time=start,
                end_time=end,
                title=title,
                group=school.group,
                teacher=teacher,
                room=room,
                is_learning_square=square,
            )
            for weekday in range(7)
        ]
    return {key: _OnEveryDay(rows) for key, rows in blocks.items()}


class _OnEveryDay:
    """The blocks of one lesson, one per weekday: `on(day)` is that day's block."""

    def __init__(self, rows):
        self.rows = rows

    def on(self, day=None):
        return self.rows[(day or clock.today()).weekday()]


def planned(block, day=None):
    """The LessonRef of the lesson `block` plans on `day` (today by default)."""
    return class_folder.LessonRef(block_id=block.id, date=day or clock.today())


def school_with_timetable():
    """build_school() with its timetable as school["blocks"] (make_timetable)."""
    school = build_school()
    school["blocks"] = make_timetable(school)
    return school
