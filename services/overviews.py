"""The group overviews: status overview, active-goals overview and goal matrix (SPEC glossary, 5, 12).

All read-only. Each view runs a fixed number of queries (at most six) whatever the number of pupils or
goals: pupils, goals, plan-goal cells and statuses each come in one query of plain tuples.
"""

from collections import namedtuple
from dataclasses import dataclass, field
from functools import cached_property

from peewee import SQL, fn

from models import (
    Domain,
    Goal,
    GoalSet,
    GoalSetGoal,
    Group,
    GroupMember,
    Lesson,
    LessonGoal,
    PlanGoal,
    Status,
    Subject,
    User,
    db,
)

from . import class_folder, permissions
from .curriculum import as_list, goal_conditions
from .errors import DomainError, NotFound

StatusInfo = namedtuple("StatusInfo", "id key name colour symbol is_active")
PupilInfo = namedtuple("PupilInfo", "id name level")
GoalInfo = namedtuple("GoalInfo", "id title level period domain_id domain subject_id subject")


@dataclass
class PupilCounts:
    pupil: PupilInfo
    counts: dict  # status key -> number of goals
    total: int


@dataclass
class StatusOverview:
    statuses: list  # of StatusInfo, in scale order
    rows: list  # of PupilCounts, in name order
    totals: dict  # status key -> number over all pupils
    total: int


@dataclass
class ActiveGoal:
    goal: GoalInfo
    counts: dict  # active status key -> number of pupils
    total: int


@dataclass
class ActiveGoals:
    statuses: list  # the active StatusInfo, in scale order
    goals: list  # of ActiveGoal, by subject, domain, level, period
    pupil_count: int


@dataclass
class GoalMatrix:
    pupils: list  # of PupilInfo, in name order
    goals: list  # of GoalInfo, by subject, domain, level, period
    statuses: list  # of StatusInfo
    filled: list = field(repr=False)  # (pupil_id, goal_id, plan_goal_id, status_id) per filled cell, unordered
    editable: frozenset = frozenset()  # ids of the shown pupils whose plans the actor may change

    @cached_property
    def cells(self):
        """(pupil_id, goal_id) -> (plan_goal_id, status_key) for every filled cell."""
        key_of = {s.id: s.key for s in self.statuses}
        return {(p, g): (pg, key_of[s]) for p, g, pg, s in self.filled}

    def cell(self, pupil_id, goal_id):
        """The cell of a pupil and goal, or None when the goal is not on the pupil's plan."""
        return self.cells.get((pupil_id, goal_id))

    @cached_property
    def missing(self):
        """Goal id -> ids of the pupils who do not have the goal on their plan (the empty cells)."""
        cells = self.cells
        return {g.id: [p.id for p in self.pupils if (p.id, g.id) not in cells] for g in self.goals}


def _rows(query):
    """The rows as the driver returns them: only ints and strings are selected, and peewee's per-value
    converters would cost more than the query itself on a large matrix."""
    return db.execute(query).fetchall()


def _once(subquery):
    """An uncorrelated subquery for IN, rendered to SQL once (a rendered one is passed through). peewee
    renders an IN subquery twice (the first time only to see whether it is empty), so every level of
    nesting doubles the time spent building SQL; on the matrix page that was a fifth of the page's time."""
    if isinstance(subquery, SQL):
        return subquery
    sql, params = subquery.sql()
    return SQL(f"({sql})", params)


def _fetch(model, value, message):
    if isinstance(value, model):
        return value
    row = model.get_or_none(model.id == value)
    if row is None:
        raise NotFound(message)
    return row


def _statuses():
    query = Status.select(Status.id, Status.key, Status.name, Status.colour, Status.symbol, Status.is_active).order_by(
        Status.position
    )
    return [StatusInfo(*row[:5], bool(row[5])) for row in _rows(query)]


def _active_pupil_ids():
    return User.select(User.id).where((User.role == "pupil") & User.active)


def _member_ids(groups):
    """Ids of the active pupils in a group (or any of a query of group ids).

    A join rather than a nested IN: peewee renders an IN subquery twice (to see whether it is empty), so
    every level of nesting doubles the time it takes to build the SQL of the page's queries.
    """
    condition = GroupMember.group.in_(groups) if not isinstance(groups, (Group, int)) else GroupMember.group == groups
    return (
        GroupMember.select(GroupMember.pupil)
        .join(User, on=(GroupMember.pupil == User.id))
        .where(condition & (User.role == "pupil") & User.active)
    )


def _pupils(ids, editable_by=None):
    """The pupils whose ids the subquery yields, in name order, and the ids of those whose plans
    `editable_by` may change (permissions.reachable_pupils, asked in the same query)."""
    columns = [User.id, User.first_name, User.infix, User.last_name, User.level]
    role = getattr(editable_by, "role", None)
    if role == "teacher" and not editable_by.is_coach:
        columns.append(User.id.in_(_once(permissions.reachable_pupils(editable_by))))
    rows = sorted(
        _rows(User.select(*columns).where(User.id.in_(_once(ids)))),
        key=lambda r: (r[3].lower(), r[1].lower(), r[2].lower(), r[0]),
    )
    pupils = [
        PupilInfo(pid, " ".join(p for p in (first, infix, last) if p), level)
        for pid, first, infix, last, level, *_ in rows
    ]
    if role == "admin" or (role == "teacher" and editable_by.is_coach):  # every active pupil
        return pupils, frozenset(p.id for p in pupils)
    return pupils, frozenset(row[0] for row in rows if len(row) > 5 and row[5])


def _goals(condition):
    query = (
        Goal.select(Goal.id, Goal.title, Goal.level, Goal.period, Domain.id, Domain.name, Subject.id, Subject.name)
        .join(Domain)
        .join(Subject)
        .where(condition)
        .order_by(
            Subject.position,
            Subject.name,
            Domain.position,
            Domain.name,
            Goal.level,
            Goal.period,
            Goal.position,
            Goal.title,
        )
    )
    return [GoalInfo(*row) for row in _rows(query)]


def _require_group(actor, group):
    permissions.require(actor, "view_overviews")
    group = _fetch(Group, group, "Deze groep bestaat niet.")
    permissions.require(actor, "view_group", group)
    return group


def status_overview(actor, group=None, subject=None, domain=None, level=None, period=None):
    """Per pupil, how many of their goals have each status (group None: every active pupil of the school)."""
    if group is None:
        permissions.require(actor, "view_overviews")
        pupil_ids = _active_pupil_ids()
    else:
        pupil_ids = _member_ids(_require_group(actor, group))
    statuses = _statuses()
    key_of = {s.id: s.key for s in statuses}
    pupils, _ = _pupils(pupil_ids)
    grouped = (
        PlanGoal.select(PlanGoal.pupil, PlanGoal.status, fn.COUNT(PlanGoal.id))
        .join(Goal)
        .where(PlanGoal.pupil.in_(_once(pupil_ids)) & goal_conditions(level, period, subject, domain))
        .group_by(PlanGoal.pupil, PlanGoal.status)
    )
    per_pupil = {p.id: dict.fromkeys(key_of.values(), 0) for p in pupils}
    for pupil_id, status_id, number in _rows(grouped):
        if pupil_id in per_pupil:
            per_pupil[pupil_id][key_of[status_id]] = number
    rows = [PupilCounts(p, per_pupil[p.id], sum(per_pupil[p.id].values())) for p in pupils]
    totals = {key: sum(row.counts[key] for row in rows) for key in key_of.values()}
    return StatusOverview(statuses, rows, totals, sum(totals.values()))


def active_goals(actor, group, subject=None, domain=None, level=None, period=None):
    """The group's goals with an active status on any member's plan, with pupils per active status."""
    group = _require_group(actor, group)
    active = [s for s in _statuses() if s.is_active]
    key_of = {s.id: s.key for s in active}
    members = _member_ids(group)
    query = (
        PlanGoal.select(
            Goal.id,
            Goal.title,
            Goal.level,
            Goal.period,
            Domain.id,
            Domain.name,
            Subject.id,
            Subject.name,
            PlanGoal.status,
            fn.COUNT(PlanGoal.id),
        )
        .join(Goal)
        .join(Domain)
        .join(Subject)
        .where(
            PlanGoal.pupil.in_(_once(members))
            & PlanGoal.status.in_(list(key_of) or [0])
            & goal_conditions(level, period, subject, domain)
        )
        .group_by(Goal.id, Domain.id, Subject.id, PlanGoal.status)
        .order_by(
            Subject.position,
            Subject.name,
            Domain.position,
            Domain.name,
            Goal.level,
            Goal.period,
            Goal.position,
            Goal.title,
        )
    )
    goals = {}
    for *info, status_id, number in _rows(query):
        item = goals.get(info[0])
        if item is None:
            item = goals[info[0]] = ActiveGoal(GoalInfo(*info), dict.fromkeys(key_of.values(), 0), 0)
        item.counts[key_of[status_id]] = number
        item.total += number
    pupil_count = members.count()
    return ActiveGoals(active, list(goals.values()), pupil_count)


def goal_matrix(
    actor,
    group=None,
    lesson=None,
    goal_set=None,
    goals=None,
    subject=None,
    domain=None,
    level=None,
    period=None,
    status=None,
):
    """Pupils x goals with each cell's status, for a group, a lesson (pupils present) or a goal set."""
    if sum(source is not None for source in (group, lesson, goal_set)) != 1:
        raise ValueError("goal_matrix needs exactly one of group, lesson, goal_set")
    permissions.require(actor, "view_overviews")
    scope = None  # a lesson's or goal set's own goals; a group's come from its pupils' plans
    if group is not None:
        pupil_ids = _member_ids(_require_group(actor, group))
    elif lesson is not None:
        lesson = _fetch(Lesson, lesson, "Deze les bestaat niet.")
        _require_group(actor, lesson.group_id)
        absent = class_folder.absent_pupils(lesson)  # marked in this block, or carried from an earlier one
        pupil_ids = _member_ids(lesson.group_id).where(GroupMember.pupil.not_in(absent))
        scope = Goal.id.in_(_once(LessonGoal.select(LessonGoal.goal).where(LessonGoal.lesson == lesson)))
    else:
        goal_set = _fetch(GoalSet, goal_set, "Deze doelenset bestaat niet.")
        linked = Group.select(Group.id).where((Group.goal_set == goal_set) & ~Group.archived)
        pupil_ids = _member_ids(linked)
        scope = Goal.id.in_(_once(GoalSetGoal.select(GoalSetGoal.goal).where(GoalSetGoal.goal_set == goal_set)))
    statuses = _statuses()
    wanted = [s.id for s in statuses if s.key in as_list(status)] if status is not None else None
    if wanted == []:
        raise DomainError("Onbekende status.")
    members = _once(pupil_ids)  # rendered once, used by the three queries below
    pupils, editable = _pupils(members, editable_by=actor)
    condition = goal_conditions(level, period, subject, domain)
    if goals is not None:
        condition &= Goal.id.in_(as_list(goals) or [0])
    if scope is not None:
        condition &= scope
    # Subqueries rather than id lists: the database filters faster than peewee renders hundreds of ids.
    held = PlanGoal.select(PlanGoal.goal).where(PlanGoal.pupil.in_(members))
    if wanted is not None:
        condition &= Goal.id.in_(_once(held.where(PlanGoal.status.in_(wanted))))
    if not pupils:
        goal_list = _goals(condition) if scope is not None and wanted is None else []
        return GoalMatrix(pupils, goal_list, statuses, [])
    goal_list = _goals(condition if scope is not None or wanted is not None else condition & Goal.id.in_(_once(held)))
    # Only what the page shows: a cell is its plan goal and status (9,000 of them at 30 x 300).
    filled = _rows(
        PlanGoal.select(PlanGoal.pupil, PlanGoal.goal, PlanGoal.id, PlanGoal.status)
        .join(Goal)
        .where(PlanGoal.pupil.in_(members) & condition)
    )
    return GoalMatrix(pupils, goal_list, statuses, filled, editable)
