"""Admin views of the class folder (SPEC 12): the lessons the timetable produced with their goals, attendance
per lesson block, and leave and absence notices. Read only: teachers keep these on their own pages, and the
year rollover deletes the ended year's attendance and leave (SPEC 10); an admin looks them up."""

from models import Attendance, LeaveRecord, Lesson, LessonBlock, LessonGoal

from . import lookups
from .base import ReadOnlyView
from .shown import day, hhmm


def lesson_text(lesson):
    """A lesson as a teacher names it: "ma 07-09-2026 09:00 Rekenen, Groep 5a"."""
    block = lesson.block
    weekday = ("ma", "di", "wo", "do", "vr", "za", "zo")[lesson.date.weekday()]
    return f"{weekday} {day(lesson.date)} {hhmm(block.start_time)} {block.title}, {lesson.group.name}"


def _lessons_titled(term):
    return Lesson.select(Lesson.id).join(LessonBlock).where(LessonBlock.title**term)


class LessonView(ReadOnlyView):
    column_list = ("date", "block", "group", "lesson_type", "note")
    column_formatters = {"block": lambda v, c, m, n: f"{hhmm(m.block.start_time)} {m.block.title}"}
    column_formatters_export = column_formatters
    column_searchable_list = (
        "note",
        lookups.group(Lesson.group),
        lookups.Search("block", lambda t: Lesson.id.in_(_lessons_titled(t))),
    )
    column_filters = (lookups.group_filter(Lesson.group), "date")
    column_default_sort = ("date", True)


class LessonGoalView(ReadOnlyView):
    column_list = ("lesson", "goal")
    column_formatters = {"lesson": lambda v, c, m, n: lesson_text(m.lesson)}
    column_formatters_export = column_formatters
    column_searchable_list = (
        lookups.goal(LessonGoal.goal),
        lookups.Search("lesson", lambda t: LessonGoal.lesson.in_(_lessons_titled(t))),
    )
    column_filters = (
        lookups.Matching(LessonGoal.goal, "Leerdoel", lambda t: LessonGoal.goal.in_(lookups.goals_named(t))),
    )


class AttendanceView(ReadOnlyView):
    column_list = ("lesson", "pupil", "present", "reason", "recorded_by", "recorded_at")
    column_formatters = {"lesson": lambda v, c, m, n: lesson_text(m.lesson)}
    column_formatters_export = column_formatters
    column_searchable_list = ("reason", lookups.person(Attendance.pupil, "pupil"))
    column_filters = ("present", lookups.person_filter(Attendance.pupil, "Leerling"), "recorded_at")
    column_default_sort = ("recorded_at", True)


class LeaveRecordView(ReadOnlyView):
    column_list = ("pupil", "school_year", "from_date", "until_date", "reason", "recorded_by")
    column_searchable_list = ("reason", lookups.person(LeaveRecord.pupil, "pupil"))
    column_filters = ("school_year", lookups.person_filter(LeaveRecord.pupil, "Leerling"), "from_date")
    column_default_sort = ("from_date", True)


def register(admin):
    admin.add_view(LessonView(Lesson, "Lessen", category="Rooster", endpoint="lessons", url="lessons"))
    admin.add_view(
        LessonGoalView(
            LessonGoal, "Leerdoelen bij lessen", category="Rooster", endpoint="lesson_goals", url="lesson-goals"
        )
    )
    admin.add_view(
        AttendanceView(Attendance, "Aanwezigheid", category="Rooster", endpoint="attendance", url="attendance")
    )
    admin.add_view(
        LeaveRecordView(
            LeaveRecord, "Verlof en absentie", category="Rooster", endpoint="leave_records", url="leave-records"
        )
    )
