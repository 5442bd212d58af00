"""The class folder (digitale klassenmap) and the timetables (SPEC 12, issue 13). Callers use this package's
names.

    weeks        the weeks the school lets teachers and pupils page through, their days and labels
    lessons      the lessons of some days: written ones and those the week templates still only plan
    timetables   what teachers and pupils see of them: a teacher's week, a pupil's week, one lesson
    editing      linking goals, a lesson type and a lesson note to a lesson
    attendance   present, or absent with a reason, per lesson block, carried to the day's later blocks

The week planning (doelenblad) that builds on the week's lessons is services.week_planning.
"""

from .attendance import (
    Presence,
    absent_pupils,
    members_of,
    presence,
    reasons,
    record_attendance,
    record_for_group,
)
from .editing import NOTE_MAX_LENGTH, edit_lesson, lesson_types, status_counts
from .lessons import LessonItem, LessonRef, lesson_item, week_lessons
from .timetables import (
    GoalLine,
    LessonPage,
    LessonView,
    WeekView,
    find_people,
    lesson_page,
    pupil_lessons,
    pupil_week,
    teacher_week,
)
from .weeks import WeekRange, check_week, day_label, monday, parse_day, week_label, week_range

__all__ = [
    "NOTE_MAX_LENGTH",
    "GoalLine",
    "LessonItem",
    "LessonPage",
    "LessonRef",
    "LessonView",
    "Presence",
    "WeekRange",
    "WeekView",
    "absent_pupils",
    "check_week",
    "day_label",
    "edit_lesson",
    "find_people",
    "lesson_item",
    "lesson_page",
    "lesson_types",
    "members_of",
    "monday",
    "parse_day",
    "presence",
    "pupil_lessons",
    "pupil_week",
    "reasons",
    "record_attendance",
    "record_for_group",
    "status_counts",
    "teacher_week",
    "week_label",
    "week_lessons",
    "week_range",
]
