"""Admin views of the class folder and the week planning (SPEC 12): the school's list of reasons of absence
(editable), and, read-only, the lessons teachers wrote with their goals, the attendance they took, leave and
absence notices, the teachers' changes to pupils' weeks and the pupils' ticks. Those are written through
services.class_folder and services.week_planning by the teachers and pupils whose work they are, and the year
rollover deletes the ended year's attendance and leave (SPEC 10); the back office only reads them."""

from models import AbsenceReason, Attendance, LeaveRecord, Lesson, LessonGoal, WeekGoal, WeekTick

from . import lookups
from .base import AdminModelView, ReadOnlyView
from .shown import day, excerpt, hhmm

WEEKDAYS = ("ma", "di", "wo", "do", "vr", "za", "zo")


def lesson_text(lesson):
    """A lesson as a teacher names it: "ma 07-09-2026 09:00 Rekenen, Groep 5a" (its own copy of the block's
    title and time; a row written before the copy was kept falls back to its block)."""
    title = lesson.title or lesson.block.title
    start = lesson.start_time or lesson.block.start_time
    return f"{WEEKDAYS[lesson.date.weekday()]} {day(lesson.date)} {hhmm(start)} {title}, {lesson.group.name}"


def _lessons_titled(term):
    return Lesson.select(Lesson.id).where(Lesson.title**term)


def _lesson(view, context, model, name):
    return lesson_text(model.lesson)


class AbsenceReasonView(AdminModelView):
    """Ziek, verlof, te laat, ...: what a teacher picks when a pupil is absent. A reason no longer used is
    archived (the attendance already taken keeps its name)."""

    column_list = ("name", "position", "archived")
    column_searchable_list = ("name",)
    column_filters = ("archived",)
    column_default_sort = [("position", False), ("name", False)]
    form_columns = ("name", "position", "archived")
    form_args = {"archived": {"description": "Niet meer aanbieden bij het bijhouden van de aanwezigheid."}}


class LessonView(ReadOnlyView):
    column_list = ("date", "start_time", "title", "group", "teacher", "lesson_type", "note")
    column_labels = {"note": "Lesnotitie"}
    column_formatters = {"note": excerpt}
    column_searchable_list = (
        "title",
        "note",
        lookups.group(Lesson.group),
        lookups.person(Lesson.teacher, "teacher"),
    )
    column_filters = (lookups.group_filter(Lesson.group), "date")
    column_default_sort = [("date", True), ("start_time", False)]


class LessonGoalView(ReadOnlyView):
    column_list = ("lesson", "goal")
    column_formatters = {"lesson": _lesson}
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
    column_labels = {"lesson": "Les", "present": "Aanwezig", "reason": "Reden", "recorded_by": "Door"}
    column_formatters = {"lesson": _lesson}
    column_formatters_export = column_formatters
    column_searchable_list = ("reason", lookups.person(Attendance.pupil, "pupil"))
    column_filters = ("present", "reason", lookups.person_filter(Attendance.pupil, "Leerling"), "recorded_at")
    column_default_sort = ("recorded_at", True)


class LeaveRecordView(ReadOnlyView):
    column_list = ("pupil", "school_year", "from_date", "until_date", "reason", "recorded_by")
    column_searchable_list = ("reason", lookups.person(LeaveRecord.pupil, "pupil"))
    column_filters = ("school_year", lookups.person_filter(LeaveRecord.pupil, "Leerling"), "from_date")
    column_default_sort = ("from_date", True)


class WeekGoalView(ReadOnlyView):
    """A teacher's change to a pupil's week (its Monday): a goal put on it or taken off."""

    column_list = ("week", "pupil", "goal", "added", "changed_by", "changed_at")
    column_labels = {"week": "Week (maandag)", "added": "Op de week", "changed_by": "Door", "changed_at": "Op"}
    column_formatters = {"added": lambda v, c, m, n: "erop gezet" if m.added else "eraf gehaald"}
    column_formatters_export = column_formatters
    column_searchable_list = (lookups.person(WeekGoal.pupil, "pupil"), lookups.goal(WeekGoal.goal))
    column_filters = ("week", "added", lookups.person_filter(WeekGoal.pupil, "Leerling"))
    column_default_sort = ("changed_at", True)


class WeekTickView(ReadOnlyView):
    """A pupil's "klaar" on a goal of their week, and taking it back."""

    column_list = ("week", "plan_goal", "done", "channel", "ticked_by", "ticked_at")
    column_labels = {
        "week": "Week (maandag)",
        "plan_goal": "Leerdoel van",
        "done": "Klaar",
        "ticked_by": "Door",
        "ticked_at": "Op",
    }
    column_formatters = {"plan_goal": lambda v, c, m, n: f"{m.plan_goal.goal.title} ({m.plan_goal.pupil.full_name})"}
    column_formatters_export = column_formatters
    column_searchable_list = (lookups.person(WeekTick.ticked_by, "pupil"),)
    column_filters = ("week", "done", "channel", lookups.person_filter(WeekTick.ticked_by, "Leerling"))
    column_default_sort = ("ticked_at", True)


def register(admin):
    admin.add_view(
        AbsenceReasonView(
            AbsenceReason,
            "Redenen van afwezigheid",
            category="Rooster",
            endpoint="absence_reasons",
            url="absence-reasons",
        )
    )
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
    admin.add_view(WeekGoalView(WeekGoal, "Weekplanning", category="Rooster", endpoint="week_goals", url="week-goals"))
    admin.add_view(
        WeekTickView(WeekTick, "Afgevinkt in de week", category="Rooster", endpoint="week_ticks", url="week-ticks")
    )
