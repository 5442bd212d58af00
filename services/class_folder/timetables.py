"""What teachers and pupils see of the lessons (SPEC 12, seed 001): a teacher's week (the class folder on the
dashboard, Mijn rooster), anyone's timetable looked up by name, a pupil's week with their own status on every
linked goal, and one lesson's page. Each in a fixed number of queries, whatever the size of the school.

    teacher_week(actor, teacher, week=None)   WeekView: per lesson its goals with how the group stands on them
    pupil_week(actor, pupil, week=None, days=None)   WeekView: per lesson its goals with the pupil's own status
    lesson_page(actor, ref)                   LessonPage: one lesson for staff, with what they may do there
    find_people(actor, name)                  teachers and pupils whose timetable can be looked up
"""

import dataclasses
import datetime as dt

from peewee import fn

from models import GroupMember, PlanGoal, Status, User

from .. import clock, permissions
from ..status_badges import badge
from .attendance import absent_count
from .editing import status_counts
from .lessons import lesson_item, week_lessons
from .weeks import check_week, day_label, school_days, week_label

LOOKUP_LIMIT = 20


@dataclasses.dataclass
class GoalLine:
    """A goal of a lesson: how the lesson's group stands on it (`counts`, staff), or the pupil's own status."""

    id: int
    title: str
    subject: str
    counts: dict = None  # status key -> pupils
    own: dict = None  # the pupil's status badge; None when the goal is not on their plan


@dataclasses.dataclass
class LessonView:
    item: object  # lessons.LessonItem
    goals: list  # GoalLine
    absent: int = None  # pupils absent (staff, lessons up to today)
    editable: bool = False


@dataclasses.dataclass
class DayView:
    date: dt.date
    label: str
    is_today: bool
    lessons: list  # LessonView


@dataclasses.dataclass
class WeekView:
    week: dt.date  # its Monday
    label: str
    previous: dt.date  # None at the edge of the school's range
    next: dt.date
    current: dt.date  # this week's Monday
    days: list  # DayView
    statuses: list  # badges of the school's statuses, in scale order

    def day(self, date):
        return next((d for d in self.days if d.date == date), None)

    @property
    def lesson_count(self):
        return sum(len(day.lessons) for day in self.days)


def _statuses():
    return [badge(status) for status in Status.select().order_by(Status.position)]


def _week(week):
    week, allowed = check_week(week)
    return week, allowed, [week + dt.timedelta(days=n) for n in range(7)]


def _view(week, allowed, lessons, statuses, shown=None):
    """The week's days (Monday to Friday, a weekend day with lessons or `shown`) with their lessons."""
    today = clock.today()
    days = school_days(week, [view.item.date for view in lessons] + ([shown] if shown else []))
    return WeekView(
        week,
        week_label(week),
        allowed.previous(week),
        allowed.next(week),
        allowed.current,
        [
            DayView(day, day_label(day), day == today, [view for view in lessons if view.item.date == day])
            for day in days
        ],
        statuses,
    )


def _members(group_ids):
    """{group id: [active pupil ids]} in one query."""
    members = {}
    if group_ids:
        query = (
            GroupMember.select(GroupMember.group, GroupMember.pupil)
            .join(User, on=(User.id == GroupMember.pupil))
            .where(GroupMember.group.in_(sorted(group_ids)) & (User.role == "pupil") & User.active)
        )
        for group_id, pupil_id in query.tuples():
            members.setdefault(group_id, []).append(pupil_id)
    return members


def _staff_views(actor, items):
    """LessonViews for staff: each goal with its counts per status, the number absent, whether editable."""
    counts = status_counts([i.group_id for i in items if i.goals], [g.id for i in items for g in i.goals])
    absent = absent_count(items, _members({i.group_id for i in items if i.date <= clock.today()}))
    editable = {item.ref.key for item in permissions.editable_lessons(actor, items)}
    return [
        LessonView(
            item,
            [GoalLine(g.id, g.title, g.subject, counts=counts.get((item.group_id, g.id), {})) for g in item.goals],
            absent.get(item.ref.key),
            item.ref.key in editable,
        )
        for item in items
    ]


def teacher_week(actor, teacher, week=None, day=None):
    """A teacher's lessons of a week (the current one by default), for staff. With `day`, only that day's
    lessons come with their counts, absences and editability (the class folder shows one day at a time)."""
    permissions.require(actor, "view_timetables")
    week, allowed, days = _week(week)
    items = week_lessons(days, teacher=getattr(teacher, "id", teacher))
    detailed = [item for item in items if day is None or item.date == day]
    views = {view.item.ref.key: view for view in _staff_views(actor, detailed)}
    lessons = [views.get(item.ref.key) or LessonView(item, []) for item in items]
    return _view(week, allowed, lessons, _statuses(), shown=day)


def pupil_lessons(pupil, days):
    """The lessons of a pupil's groups on `days`, each goal with the pupil's own status: [LessonView]."""
    groups = GroupMember.select(GroupMember.group).where(GroupMember.pupil == pupil.id)
    items = week_lessons(days, groups=groups)
    goal_ids = sorted({g.id for item in items for g in item.goals})
    own = {}
    if goal_ids:
        query = (
            PlanGoal.select(PlanGoal.goal, Status)
            .join(Status)
            .where((PlanGoal.pupil == pupil.id) & PlanGoal.goal.in_(goal_ids))
        )
        own = {row.goal_id: badge(row.status) for row in query}
    return [
        LessonView(item, [GoalLine(g.id, g.title, g.subject, own=own.get(g.id)) for g in item.goals]) for item in items
    ]


def pupil_week(actor, pupil, week=None):
    """A pupil's week: the lessons of their groups, each goal with the pupil's own status (the pupil themself,
    or staff looking up their timetable). No attendance: pupils never see it."""
    permissions.require(actor, "view_pupil", pupil)
    week, allowed, days = _week(week)
    return _view(week, allowed, pupil_lessons(pupil, days), _statuses())


@dataclasses.dataclass
class LessonPage:
    view: LessonView
    members: int
    may_take_attendance: bool  # allowed, and the lesson is today or earlier
    statuses: list


def lesson_page(actor, ref):
    """One lesson for staff: its goals with how the group stands on them, the number absent, what may be done."""
    permissions.require(actor, "view_timetables")
    item = lesson_item(ref)
    if not item.written:
        check_week(item.date)
    view = _staff_views(actor, [item])[0]
    members = len(_members({item.group_id}).get(item.group_id, []))
    may_attend = view.editable and item.date <= clock.today()
    return LessonPage(view, members, may_attend, _statuses())


def find_people(actor, name):
    """Teachers (and assistants) and pupils whose name holds `name`: ([User], [User]), at most LOOKUP_LIMIT each."""
    permissions.require(actor, "view_timetables")
    needle = (name or "").strip().lower()[:100]
    if len(needle) < 2:
        return [], []
    full = fn.LOWER(User.first_name.concat(" ").concat(User.infix).concat(" ").concat(User.last_name))
    short = fn.LOWER(User.first_name.concat(" ").concat(User.last_name))
    query = (
        User.select()
        .where(User.active & (full.contains(needle) | short.contains(needle)))
        .order_by(User.last_name, User.first_name, User.id)
    )
    staff = list(query.where(User.role.in_(("teacher", "assistant"))).limit(LOOKUP_LIMIT))
    pupils = list(query.where(User.role == "pupil").limit(LOOKUP_LIMIT))
    return staff, pupils
