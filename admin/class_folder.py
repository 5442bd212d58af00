"""Admin views of the class folder and the week planning (issue 13): the school's list of reasons of absence
(editable), and, read-only, the lessons teachers wrote, the attendance they took, the teachers' changes to
pupils' weeks and the pupils' ticks. Those are written through services.class_folder and
services.week_planning, by the teachers and pupils whose work they are; the back office only reads them."""

from models import AbsenceReason, Attendance, Group, Lesson, User, WeekGoal, WeekTick

from .base import AdminModelView, ReadOnlyView

YES_NO = {True: "ja", False: "nee"}


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
    column_searchable_list = ("title", "note")
    column_filters = ("date", Group.name)
    column_sortable_list = ("date", "start_time", "title", ("group", Group.name))
    column_default_sort = [("date", True), ("start_time", False)]
    related_joins = {User: Lesson.teacher}
    column_formatters = {"note": lambda v, c, m, n: (m.note[:80] + "…") if len(m.note) > 80 else m.note}


class AttendanceView(ReadOnlyView):
    column_list = ("lesson", "pupil", "present", "reason", "recorded_by", "recorded_at")
    column_labels = {
        "lesson": "Les",
        "present": "Aanwezig",
        "reason": "Reden",
        "recorded_by": "Door",
        "recorded_at": "Op",
    }
    column_filters = ("present", "reason", "recorded_at", User.last_name)
    column_searchable_list = ("reason",)
    column_default_sort = ("recorded_at", True)
    related_joins = {User: Attendance.pupil}
    column_formatters = {
        "lesson": lambda v, c, m, n: f"{m.lesson.title or m.lesson.block.title} {m.lesson.date:%d-%m-%Y}",
        "present": lambda v, c, m, n: YES_NO[m.present],
    }


class _WeekView(ReadOnlyView):
    """The week planning's records: per week (its Monday), who wrote them and when (`written`: by, at)."""

    written = ("changed_by", "changed_at")

    def __init__(self, model, *args, **kwargs):
        by, at = self.written
        self.column_labels = {"week": "Week (maandag)", by: "Door", at: "Op", **self.column_labels}
        self.column_default_sort = (at, True)
        super().__init__(model, *args, **kwargs)


class WeekGoalView(_WeekView):
    column_list = ("week", "pupil", "goal", "added", "changed_by", "changed_at")
    column_labels = {"added": "Op de week"}
    column_filters = ("week", "added", User.last_name)
    related_joins = {User: WeekGoal.pupil}
    column_formatters = {"added": lambda v, c, m, n: "erop gezet" if m.added else "eraf gehaald"}


class WeekTickView(_WeekView):
    written = ("ticked_by", "ticked_at")
    column_list = ("week", "plan_goal", "done", "channel", "ticked_by", "ticked_at")
    column_labels = {"plan_goal": "Leerdoel van", "done": "Klaar"}
    column_filters = ("week", "done", "channel", User.last_name)
    related_joins = {User: WeekTick.ticked_by}
    column_formatters = {
        "plan_goal": lambda v, c, m, n: f"{m.plan_goal.goal.title} ({m.plan_goal.pupil.full_name})",
        "done": lambda v, c, m, n: YES_NO[m.done],
    }


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
        AttendanceView(Attendance, "Aanwezigheid", category="Rooster", endpoint="attendance", url="attendance")
    )
    admin.add_view(WeekGoalView(WeekGoal, "Weekplanning", category="Rooster", endpoint="week_goals", url="week-goals"))
    admin.add_view(
        WeekTickView(WeekTick, "Afgevinkt in de week", category="Rooster", endpoint="week_ticks", url="week-ticks")
    )
