"""Goals on personal plans (PLP, SPEC 3): generating plans per period, adding goals to them, reading them.

A PlanGoal with status *coming* is on the coming plan; any other status puts it on the current plan. Every
write keeps history (StatusChange) and works in a few bulk statements, whatever the number of pupils.
Status changes live in statuses.py; the lookups and the permission check that both modules use live in
lookups.py.
"""

import dataclasses

from peewee import JOIN, SQL, IntegrityError, Value, fn

from models import (
    Domain,
    Goal,
    GoalRating,
    GoalSetGoal,
    GroupMember,
    Plan,
    PlanGoal,
    Status,
    StatusChange,
    Subject,
    User,
    WeekTick,
    db,
    now,
)

from .. import audit, events, permissions
from ..errors import Conflict, DomainError, NotFound
from .lookups import fetch_goals, fetch_pupils, ids_of, load_plan_goal, names, require_edit_plans, resolve_status
from .statuses import insert_history


@dataclasses.dataclass(frozen=True)
class GenerationResult:
    """What a plan generation did: pupils planned, goals put on plans, coming goals made current."""

    pupils: int = 0
    goals_added: int = 0
    goals_moved_to_current: int = 0


@dataclasses.dataclass(frozen=True)
class AddResult:
    """What adding goals by hand did."""

    added: int
    skipped: list  # (pupil, goal) pairs that were on the plan already


def _record_new_rows(actor, stamp, status, channel, where):
    """History rows (from nothing to `status`) for the plan goals added at `stamp` that match `where`."""
    insert_history(actor, stamp, channel, None, status, (PlanGoal.added_at == stamp) & where)


def _insert_missing(pairs, status, source, stamp, goal_set=None):
    """INSERT ... SELECT the (pupil, goal) pairs of `pairs`, a User-Goal join, that are on no plan yet."""
    existing = PlanGoal.alias("existing")
    columns = [User.id, Goal.id, Value(status.id), Value(source), Value(stamp), Value(stamp)]
    fields = [PlanGoal.pupil, PlanGoal.goal, PlanGoal.status, PlanGoal.source, PlanGoal.added_at, PlanGoal.changed_at]
    if goal_set is not None:
        columns.append(Value(getattr(goal_set, "id", goal_set)))
        fields.append(PlanGoal.goal_set)
    missing = pairs.select(*columns).where(
        (User.role == "pupil")
        & User.active
        & ~Goal.archived
        & ~fn.EXISTS(existing.select(SQL("1")).where((existing.pupil == User.id) & (existing.goal == Goal.id)))
    )
    return PlanGoal.insert_from(missing, fields).as_rowcount().execute()


def put_goals_on_plans(actor, pupils, goals, status="current", source="goal_set", goal_set=None, channel="goal_set"):
    """Put goals on many plans (ids or id subqueries), skipping pairs there already; caller checks and commits."""
    status = resolve_status(status)
    stamp = now()
    pairs = User.select().join(Goal, JOIN.CROSS).where(User.id.in_(pupils) & Goal.id.in_(goals))
    added = _insert_missing(pairs, status, source, stamp, goal_set)
    if added:
        _record_new_rows(actor, stamp, status, channel, PlanGoal.pupil.in_(pupils) & PlanGoal.goal.in_(goals))
    return added


def _scope(actor, pupils, group):
    """The condition on User selecting the pupils to generate for, after checking the actor may."""
    scope = (User.role == "pupil") & User.active
    if pupils is None and group is None:
        permissions.require(actor, "admin", message="Alleen een beheerder maakt de plannen van de hele school.")
        return scope
    if group is not None:
        scope &= User.id.in_(GroupMember.select(GroupMember.pupil).where(GroupMember.group == group))
    if pupils is not None:
        scope &= User.id.in_(ids_of(pupils))
    require_edit_plans(actor, list(User.select().where(scope)))
    return scope


def generate_plans(actor, period, pupils=None, group=None, channel="rollover"):
    """Generate the plans for `period` of the pupils in scope that have none yet; idempotent."""
    scope = _scope(actor, pupils, group)
    pending = User.select(User.id).where(scope & User.id.not_in(Plan.select(Plan.pupil).where(Plan.period == period)))
    statuses = {s.key: s for s in Status.select()}
    coming, current = statuses["coming"], statuses["current"]
    stamp = now()
    try:
        with db.atomic():
            pupil_ids = [row.id for row in pending]
            if not pupil_ids:
                return GenerationResult()
            moving = PlanGoal.pupil.in_(pending) & (PlanGoal.status == coming)
            insert_history(actor, stamp, channel, coming, current, moving)
            moved = PlanGoal.update(status=current, changed_at=stamp).where(moving).execute()
            pairs = (
                User.select()
                .join(Goal, on=(Goal.level == User.level))
                .where(User.id.in_(pending) & (Goal.period == period.number))
            )
            added = _insert_missing(pairs, current, "generated", stamp)
            if added:
                _record_new_rows(actor, stamp, current, channel, PlanGoal.pupil.in_(pending))
            Plan.insert_from(
                User.select(User.id, Value(period.id), Value(stamp)).where(User.id.in_(pending)),
                [Plan.pupil, Plan.period, Plan.generated_at],
            ).execute()
            result = GenerationResult(len(pupil_ids), added, moved)
            audit.record(
                permissions.recorded_as(actor), "generate_plans", period, detail=str(dataclasses.asdict(result))
            )
    except IntegrityError:
        raise Conflict(
            "De plannen voor deze periode worden op dit moment al gemaakt. Probeer het zo opnieuw."
        ) from None
    events.plans_changed.send(None, pupils=pupil_ids, goals=None, actor=actor)
    return result


def add_goals(actor, pupils, goals, plan="current", channel="web"):
    """Add goals by hand to one or many pupils' current or coming plan; pairs already there are skipped."""
    if plan not in ("current", "coming"):
        raise DomainError("Kies het huidige of het komende plan.")
    pupils, goals = fetch_pupils(pupils), fetch_goals(goals)
    if not pupils or not goals:
        raise DomainError("Kies minstens één leerling en één leerdoel.")
    require_edit_plans(actor, pupils)
    pupil_ids, goal_ids = [p.id for p in pupils], [g.id for g in goals]
    present = {
        (pg.pupil_id, pg.goal_id)
        for pg in PlanGoal.select(PlanGoal.pupil, PlanGoal.goal).where(
            PlanGoal.pupil.in_(pupil_ids) & PlanGoal.goal.in_(goal_ids)
        )
    }
    skipped = [(p, g) for p in pupils for g in goals if (p.id, g.id) in present]
    if len(skipped) == len(pupils) * len(goals):
        subject = "Dit leerdoel staat" if len(goals) == 1 else "Deze leerdoelen staan"
        raise Conflict(f"{subject} al op het plan van {names(pupils)}.")
    with db.atomic():
        added = put_goals_on_plans(actor, pupil_ids, goal_ids, status=plan, source="manual", channel=channel)
    events.plans_changed.send(None, pupils=pupil_ids, goals=goal_ids, actor=actor)
    return AddResult(added=added, skipped=skipped)


def plan_for(actor, pupil, subject=None, domain=None, goal_set=None, status=None, include_achieved=True, goal=None):
    """A pupil's plan goals with goal, domain, subject and status, in curriculum order, in one query (of one
    `goal` only: a list of one, or empty when it is not on the plan)."""
    pupil = pupil if isinstance(pupil, User) else User.get_or_none(User.id == pupil)
    if pupil is None:
        raise NotFound("Deze leerling bestaat niet.")
    permissions.require(actor, "view_pupil", pupil)
    query = (
        PlanGoal.select(PlanGoal, Goal, Domain, Subject, Status)
        .join(Goal)
        .join(Domain)
        .join(Subject)
        .switch(PlanGoal)
        .join(Status)
        .where((PlanGoal.pupil == pupil.id) & ~Goal.archived)
    )
    if subject is not None:
        query = query.where(Domain.subject == getattr(subject, "id", subject))
    if domain is not None:
        query = query.where(Goal.domain == getattr(domain, "id", domain))
    if goal_set is not None:
        query = query.where(
            Goal.id.in_(
                GoalSetGoal.select(GoalSetGoal.goal).where(GoalSetGoal.goal_set == getattr(goal_set, "id", goal_set))
            )
        )
    if status is not None:
        wanted = [status] if isinstance(status, (str, int, Status)) else list(status)
        query = query.where(Status.id.in_([resolve_status(s).id for s in wanted]))
    if not include_achieved:
        query = query.where(Status.key != "achieved")
    if goal is not None:
        query = query.where(PlanGoal.goal == getattr(goal, "id", goal))
    return list(
        query.order_by(
            Subject.position,
            Subject.name,
            Domain.position,
            Domain.name,
            Goal.level,
            Goal.period,
            Goal.position,
            Goal.id,
        )
    )


def history(actor, plan_goal):
    """A plan goal's status changes and ratings as one time-ordered list of dicts (oldest first)."""
    plan_goal = load_plan_goal(plan_goal)
    permissions.require(actor, "view_pupil", plan_goal.pupil)
    from_status, to_status = Status.alias(), Status.alias()
    changes = (
        StatusChange.select(StatusChange, from_status, to_status, User)
        .join(from_status, JOIN.LEFT_OUTER, on=(StatusChange.from_status == from_status.id))
        .switch(StatusChange)
        .join(to_status, on=(StatusChange.to_status == to_status.id))
        .switch(StatusChange)
        .join(User, JOIN.LEFT_OUTER, on=(StatusChange.changed_by == User.id))
        .where(StatusChange.plan_goal == plan_goal.id)
    )
    entries = [
        {
            "kind": "status",
            "at": c.changed_at,
            "by": c.changed_by if c.changed_by_id else None,
            "from": c.from_status if c.from_status_id else None,
            "to": c.to_status,
            "channel": c.channel,
            "note": c.note,
            "id": c.id,
        }
        for c in changes
    ]
    entries += [
        {
            "kind": "rating",
            "at": r.rated_at,
            "by": plan_goal.pupil,
            "effort": r.effort,
            "quality": r.quality,
            "channel": r.channel,
            "id": r.id,
        }
        for r in GoalRating.select().where(GoalRating.plan_goal == plan_goal.id)
    ]
    entries += [  # "klaar" on the goal in a week planning (services.week_planning): the pupil's own mark
        {
            "kind": "tick",
            "at": t.ticked_at,
            "by": t.ticked_by if t.ticked_by_id else None,
            "done": t.done,
            "week": t.week,
            "channel": t.channel,
            "id": t.id,
        }
        for t in WeekTick.select(WeekTick, User)
        .join(User, JOIN.LEFT_OUTER, on=(WeekTick.ticked_by == User.id))
        .where(WeekTick.plan_goal == plan_goal.id)
    ]
    return sorted(entries, key=lambda e: (e["at"], e["kind"] != "status", e["id"]))
