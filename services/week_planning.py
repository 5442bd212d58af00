"""The week planning (weekplanning / doelenblad, seed 003): each pupil's goals for one week, which the pupil
ticks off as they finish them, on the web and in the bot; the teacher sees the group's week as a grid.

A pupil's week holds the goals on their plan that are linked to a lesson of one of their groups that week (the
class folder), or that are highlighted (uitgelicht) on their plan, and the goals a teacher put on that week; a
teacher can also take any of them off again. WeekGoal keeps the teacher's latest choice per pupil, goal and
week. A goal that is not on the pupil's plan is not theirs: a teacher who puts one on a pupil's week puts it
on the pupil's current plan as well (with its history, as "PLP toevoegen" does).

A tick is the pupil's "klaar" on a goal of their week: a WeekTick row with the pupil as its author and the
channel it came through (web or bot). It belongs to the goal's history (plans.history lists it beside the
status changes and ratings) and leaves the goal's status alone: whether a goal is achieved stays the teacher's
judgement, made with the group's week in view. A pupil can take a tick back ("toch nog niet klaar"); that is a
row too, so the history shows both. Ticks are for the current week and earlier weeks in the school's range.

    pupil_week(actor, pupil, week=None)                 PupilWeek: the goals of the pupil's week, ticked or not
    group_week(actor, group, week=None)                 GroupWeek: the group's pupils by their week's goals
    change_week(actor, week, pupils, goals, add=True)   a teacher puts goals on pupils' weeks, or takes them off
    tick(actor, pupil, week, goal, done=True, channel)  the pupil's klaar (or not) on a goal of their week
"""

import dataclasses
import datetime as dt

from models import (
    Domain,
    Goal,
    Group,
    GroupMember,
    Lesson,
    LessonBlock,
    LessonGoal,
    PlanGoal,
    Status,
    Subject,
    User,
    WeekGoal,
    WeekTick,
    db,
    now,
)

from . import audit, events, permissions
from .class_folder.weeks import DAY_NAMES, check_week, week_label
from .errors import DomainError, NotFound, PermissionDenied
from .plans import fetch_goals, fetch_pupils, names, put_goals_on_plans
from .plans.lookups import require_edit_plans
from .status_badges import badge


@dataclasses.dataclass
class WeekEntry:
    """A goal of a pupil's week."""

    plan_goal_id: int
    goal_id: int
    title: str
    subject: str
    steps: list
    status: dict  # badge
    lessons: list  # "Rekenen (ma)": the week's lessons it is linked to
    highlighted: bool
    added: bool  # put on the week by a teacher
    done: bool = False
    done_at: dt.datetime = None
    done_channel: str = ""


@dataclasses.dataclass
class PupilWeek:
    week: dt.date
    label: str
    previous: dt.date
    next: dt.date
    current: dt.date
    entries: list  # WeekEntry

    @property
    def may_tick(self):
        return self.week <= self.current

    @property
    def done_count(self):
        return sum(entry.done for entry in self.entries)


@dataclasses.dataclass
class GroupWeek:
    week: dt.date
    label: str
    previous: dt.date
    next: dt.date
    current: dt.date
    pupils: list  # (id, name), in name order
    goals: list  # (goal id, title, subject), in curriculum order: every goal on any pupil's week
    cells: dict  # (pupil id, goal id) -> WeekEntry
    choices: list  # (goal id, title, subject): the goals to put on or take off (active on a member's plan)


class _Linked:
    """The goals linked to the week's lessons of some pupils' groups: `of(pupil, goal)` lists those lessons
    ("Rekenen (ma)"). Kept per group, so that a class of 30 does not copy its lessons 30 times."""

    def __init__(self, week, pupil_ids):
        self.groups_of, self.by_group = {}, {}
        query = (
            GroupMember.select(GroupMember.pupil, GroupMember.group)
            .join(Group)
            .where(GroupMember.pupil.in_(pupil_ids) & ~Group.archived)
        )
        for pupil_id, group_id in query.tuples():
            self.groups_of.setdefault(pupil_id, []).append(group_id)
        groups = sorted({g for groups in self.groups_of.values() for g in groups})
        if not groups:
            return
        lessons = (
            LessonGoal.select(Lesson.group, LessonGoal.goal, Lesson.title, LessonBlock.title, Lesson.date)
            .join(Lesson)
            .join(LessonBlock)
            .where(Lesson.date.between(week, week + dt.timedelta(days=6)) & Lesson.group.in_(groups))
            .order_by(Lesson.date, Lesson.start_time)
        )
        for group_id, goal_id, title, block_title, day in lessons.tuples():
            label = f"{title or block_title} ({DAY_NAMES[day.weekday()][:2]})"
            self.by_group.setdefault(group_id, {}).setdefault(goal_id, []).append(label)

    def of(self, pupil_id, goal_id):
        return [
            label
            for group in self.groups_of.get(pupil_id, ())
            for label in self.by_group.get(group, {}).get(goal_id, ())
        ]


def _weeks(week, pupil_ids):
    """{pupil id: [WeekEntry]} for these pupils and week, in six queries whatever their number."""
    if not pupil_ids:
        return {}
    linked = _Linked(week, pupil_ids)
    choices = {
        (pupil_id, goal_id): bool(added)
        for pupil_id, goal_id, added in WeekGoal.select(WeekGoal.pupil, WeekGoal.goal, WeekGoal.added)
        .where(WeekGoal.pupil.in_(pupil_ids) & (WeekGoal.week == week))
        .tuples()
    }
    statuses = {status.id: status for status in Status.select()}
    badges = {status_id: badge(status) for status_id, status in statuses.items()}
    highlighted = next(status_id for status_id, status in statuses.items() if status.key == "highlighted")
    # Only the plan goals that can be in a week: highlighted, linked to a lesson of one of these pupils' groups
    # that week, or put on the week by a teacher; each pupil's own are picked out below.
    groups = GroupMember.select(GroupMember.group).where(GroupMember.pupil.in_(pupil_ids))
    in_lessons = (
        LessonGoal.select(LessonGoal.goal)
        .join(Lesson)
        .where(Lesson.group.in_(groups) & Lesson.date.between(week, week + dt.timedelta(days=6)))
    )
    added = sorted({goal_id for (_pupil, goal_id), chosen in choices.items() if chosen}) or [0]
    rows = (
        PlanGoal.select(PlanGoal.id, PlanGoal.pupil, Goal.id, Goal.title, Goal.steps, Subject.name, PlanGoal.status)
        .join(Goal)
        .join(Domain)
        .join(Subject)
        .where(
            PlanGoal.pupil.in_(pupil_ids)
            & ~Goal.archived
            & ((PlanGoal.status == highlighted) | PlanGoal.goal.in_(in_lessons) | PlanGoal.goal.in_(added))
        )
        .order_by(Subject.position, Subject.name, Domain.position, Domain.name, Goal.level, Goal.position, Goal.id)
    )
    weeks, by_plan_goal = {pupil_id: [] for pupil_id in pupil_ids}, {}
    for plan_goal_id, pupil_id, goal_id, title, steps, subject, status_id in db.execute(rows).fetchall():
        lessons = linked.of(pupil_id, goal_id)  # ints and strings only: no converters needed
        choice = choices.get((pupil_id, goal_id))
        if choice is False or not (lessons or status_id == highlighted or choice):
            continue
        entry = WeekEntry(
            plan_goal_id,
            goal_id,
            title,
            subject,
            [line.strip() for line in (steps or "").splitlines() if line.strip()],
            badges[status_id],
            lessons,
            status_id == highlighted,
            bool(choice),
        )
        weeks[pupil_id].append(entry)
        by_plan_goal[plan_goal_id] = entry
    if by_plan_goal:
        ticks = (
            WeekTick.select(WeekTick.plan_goal, WeekTick.done, WeekTick.ticked_at, WeekTick.channel)
            .join(PlanGoal)
            .where(PlanGoal.pupil.in_(pupil_ids) & (WeekTick.week == week))
            .order_by(WeekTick.ticked_at, WeekTick.id)
        )
        for plan_goal_id, done, at, channel in ticks.tuples():  # the latest row of each plan goal counts
            entry = by_plan_goal.get(plan_goal_id)
            if entry is not None:
                entry.done, entry.done_at, entry.done_channel = bool(done), at, channel
    return weeks


def pupil_week(actor, pupil, week=None):
    """The pupil's goals of a week (the current one by default): the pupil themself, or staff."""
    permissions.require(actor, "view_pupil", pupil)
    week, allowed = check_week(week)
    entries = _weeks(week, [pupil.id])[pupil.id]
    return PupilWeek(week, week_label(week), allowed.previous(week), allowed.next(week), allowed.current, entries)


def _members(group):
    return list(
        User.select(User.id, User.first_name, User.infix, User.last_name)
        .join(GroupMember, on=(GroupMember.pupil == User.id))
        .where((GroupMember.group == group.id) & (User.role == "pupil") & User.active)
        .order_by(User.last_name, User.first_name, User.id)
    )


def _choices(pupil_ids):
    """The goals active on any of these pupils' plans (what a teacher would put on their week), in one query."""
    if not pupil_ids:
        return []
    query = (
        Goal.select(Goal.id, Goal.title, Subject.name)
        .join(Domain)
        .join(Subject)
        .where(
            ~Goal.archived
            & Goal.id.in_(
                PlanGoal.select(PlanGoal.goal).join(Status).where(PlanGoal.pupil.in_(pupil_ids) & Status.is_active)
            )
        )
        .order_by(Subject.position, Subject.name, Domain.position, Domain.name, Goal.level, Goal.position, Goal.id)
    )
    return list(query.tuples())


def group_week(actor, group, week=None):
    """The week of every pupil of a group as one grid: who has which goal that week, and who finished it."""
    permissions.require(actor, "view_timetables")
    permissions.require(actor, "view_group", group)
    week, allowed = check_week(week)
    members = _members(group)
    ids = [pupil.id for pupil in members]
    weeks = _weeks(week, ids)
    cells, goals = {}, {}
    for pupil_id, entries in weeks.items():
        for entry in entries:
            cells[(pupil_id, entry.goal_id)] = entry
            goals.setdefault(entry.goal_id, entry)
    choices = _choices(ids)
    order = {goal_id: n for n, (goal_id, _title, _subject) in enumerate(choices)}
    columns = sorted(goals.values(), key=lambda e: (order.get(e.goal_id, len(order)), e.subject, e.title))
    return GroupWeek(
        week,
        week_label(week),
        allowed.previous(week),
        allowed.next(week),
        allowed.current,
        [(pupil.id, pupil.full_name) for pupil in members],
        [(entry.goal_id, entry.title, entry.subject) for entry in columns],
        cells,
        choices,
    )


@dataclasses.dataclass(frozen=True)
class WeekChange:
    changed: int  # pupil-goal pairs put on or taken off the week
    put_on_plan: int  # goals that were not on a pupil's plan and now are (adding only)


def change_week(actor, week, pupils, goals, add=True, group=None):
    """Put goals on these pupils' weeks (and on their plans where missing), or take them off. Refused whole for
    a pupil out of the teacher's reach (or, with `group`, not in that group), a goal that is not in the
    curriculum or a week outside the school's range."""
    permissions.require(actor, "plan_weeks")
    week, _allowed = check_week(week)
    pupils, goals = fetch_pupils(pupils), fetch_goals(goals)
    if not pupils or not goals:
        raise DomainError("Kies minstens één leerling en één leerdoel.")
    if group is not None:
        members = {pupil.id for pupil in _members(group)}
        outside = [pupil for pupil in pupils if pupil.id not in members]
        if outside:
            raise DomainError(f"{names(outside)} zit niet in {group.name}. Er is niets gewijzigd.")
    require_edit_plans(actor, pupils)
    pupil_ids, goal_ids = [p.id for p in pupils], [g.id for g in goals]
    by, stamp = permissions.recorded_as(actor), now()
    with db.atomic():
        added_to_plans = (
            put_goals_on_plans(actor, pupil_ids, goal_ids, "current", "manual", channel="web") if add else 0
        )
        existing = {
            (p, g): row_id
            for row_id, p, g in WeekGoal.select(WeekGoal.id, WeekGoal.pupil, WeekGoal.goal)
            .where(WeekGoal.pupil.in_(pupil_ids) & WeekGoal.goal.in_(goal_ids) & (WeekGoal.week == week))
            .tuples()
        }
        if existing:
            WeekGoal.update(added=add, changed_by=by, changed_at=stamp).where(
                WeekGoal.id.in_(list(existing.values()))
            ).execute()
        fresh = [
            {"pupil": p, "goal": g, "week": week, "added": add, "changed_by": by, "changed_at": stamp}
            for p in pupil_ids
            for g in goal_ids
            if (p, g) not in existing
        ]
        if fresh:
            WeekGoal.insert_many(fresh).execute()
        audit.record(
            by,
            "week_planned" if add else "week_unplanned",
            None,
            detail=f"{week_label(week)}: {', '.join(g.title for g in goals)} voor {names(pupils)}",
        )
    events.week_planning_changed.send(None, pupils=pupil_ids, week=week, actor=actor)
    if added_to_plans:
        events.plans_changed.send(None, pupils=pupil_ids, goals=goal_ids, actor=actor)
    return WeekChange(len(pupil_ids) * len(goal_ids), added_to_plans)


def tick(actor, pupil, week, goal, done=True, channel="web"):
    """The pupil says a goal of their week is finished (`done`), or takes that back; returns the WeekEntry.
    The same again writes nothing. Refused for anyone but the pupil, for a goal that is not in their week and
    for a week that has not begun or lies outside the school's range."""
    permissions.require(actor, "tick_week", pupil, "Je kunt alleen je eigen week afvinken.")
    week, allowed = check_week(week)
    if week > allowed.current:
        raise DomainError("Deze week is nog niet begonnen. Afvinken kan vanaf de maandag van die week.")
    goal_id = getattr(goal, "id", goal)
    entry = next((e for e in _weeks(week, [pupil.id])[pupil.id] if e.goal_id == goal_id), None)
    if entry is None:
        raise NotFound("Dit leerdoel staat niet in jouw week.")
    if entry.done == bool(done):
        return entry
    at = now()
    WeekTick.create(
        plan_goal=entry.plan_goal_id, week=week, done=bool(done), channel=channel, ticked_by=pupil, ticked_at=at
    )
    entry.done, entry.done_at, entry.done_channel = bool(done), at, channel
    events.week_planning_changed.send(None, pupils=[pupil.id], week=week, actor=actor)
    return entry


def tick_plan_goal(actor, plan_goal_id, week, done=True, channel="web"):
    """tick() for a plan goal named by its id (the web's buttons): another pupil's plan goal is refused."""
    row = PlanGoal.select(PlanGoal, User).join(User).where(PlanGoal.id == plan_goal_id).first()
    if row is None or not permissions.can(actor, "tick_week", row.pupil):
        raise PermissionDenied("Je kunt alleen je eigen week afvinken.")
    return tick(actor, row.pupil, week, row.goal_id, done, channel)
