"""Personal plans (PLP, SPEC 3): generating them per period, adding goals, changing statuses, reading them.

A PlanGoal with status *coming* is on the coming plan; any other status puts it on the current plan. Every
write keeps history (StatusChange) and works in a few bulk statements, whatever the number of pupils.
"""
import dataclasses

from peewee import JOIN, SQL, IntegrityError, Model, Value, fn

from models import (Domain, Goal, GoalRating, GoalSetGoal, GroupMember, Plan, PlanGoal, Status, StatusChange,
                    Subject, User, db, now)

from . import audit, events, permissions
from .errors import Conflict, DomainError, NotFound, PermissionDenied


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


def ids_of(items):
    """Ids (int) of model instances or plain ids, in order without repeats; a single one is a list of one."""
    if items is None:
        return []
    if isinstance(items, (int, str, Model)):
        items = [items]
    return list(dict.fromkeys(int(getattr(item, "id", item)) for item in items))


def names(users, limit=3):
    """Readable list of names for messages: "Anna, Bram en 3 anderen"."""
    shown = [u.full_name for u in users[:limit]]
    if len(users) > limit:
        return ", ".join(shown) + f" en {len(users) - limit} anderen"
    return " en ".join([", ".join(shown[:-1]), shown[-1]]) if len(shown) > 1 else "".join(shown)


def resolve_status(status):
    """The Status for a Status, key or id."""
    if isinstance(status, Status):
        return status
    found = Status.get_or_none((Status.id == status) if isinstance(status, int) else (Status.key == status))
    if found is None:
        raise NotFound(f"Onbekende status: {status}.")
    return found


def fetch_goals(goals):
    """The Goal rows for `goals`, in the given order; NotFound if one is unknown or archived."""
    ids = ids_of(goals)
    found = {g.id: g for g in Goal.select().where(Goal.id.in_(ids) & ~Goal.archived)} if ids else {}
    if len(found) != len(ids):
        raise NotFound("Dit leerdoel bestaat niet (meer) in het curriculum.")
    return [found[i] for i in ids]


def fetch_pupils(pupils):
    """The User rows for `pupils`, in the given order; NotFound if one is unknown."""
    ids = ids_of(pupils)
    found = {u.id: u for u in User.select().where(User.id.in_(ids))} if ids else {}
    if len(found) != len(ids):
        raise NotFound("Deze leerling bestaat niet.")
    return [found[i] for i in ids]


def require_edit_plans(actor, pupils):
    """Raise PermissionDenied unless `actor` may edit every plan in `pupils`, in one query at most.

    A teacher is told which pupils are out of reach (teachers may see every pupil's name); other roles get
    the plain refusal, whatever order the pupils come in."""
    if actor is permissions.SYSTEM or not pupils:
        return
    if actor.role not in permissions.PLAN_EDITORS:
        raise PermissionDenied()
    ids = {p.id for p in pupils}
    allowed = {u.id for u in User.select(User.id).where(
        User.id.in_(list(ids)) & (User.role == "pupil") & User.active
        & User.id.in_(permissions.reachable_pupils(actor)))}
    outside = [p for p in pupils if p.id not in allowed]
    if outside:
        raise PermissionDenied(f"Je mag het plan van {names(outside)} niet wijzigen: "
                               "deze leerling zit niet in een van jouw groepen.")


def _insert_history(actor, stamp, channel, from_status, to_status, where):
    """History rows for the plan goals matching `where`, in one INSERT ... SELECT; from_status may be a column."""
    by = permissions.recorded_as(actor)
    columns = [PlanGoal.id, Value(to_status.id), Value(stamp), Value(channel)]
    fields = [StatusChange.plan_goal, StatusChange.to_status, StatusChange.changed_at, StatusChange.channel]
    for value, field in ((from_status, StatusChange.from_status), (by, StatusChange.changed_by)):
        if value is not None:  # a NULL constant would need a type cast on PostgreSQL: leave the column out
            columns.append(value if value is PlanGoal.status else Value(value.id))
            fields.append(field)
    StatusChange.insert_from(PlanGoal.select(*columns).where(where), fields).execute()


def _record_new_rows(actor, stamp, status, channel, where):
    """History rows (from nothing to `status`) for the plan goals added at `stamp` that match `where`."""
    _insert_history(actor, stamp, channel, None, status, (PlanGoal.added_at == stamp) & where)


def _insert_missing(pairs, status, source, stamp, goal_set=None):
    """INSERT ... SELECT the (pupil, goal) pairs of `pairs`, a User-Goal join, that are on no plan yet."""
    existing = PlanGoal.alias("existing")
    columns = [User.id, Goal.id, Value(status.id), Value(source), Value(stamp), Value(stamp)]
    fields = [PlanGoal.pupil, PlanGoal.goal, PlanGoal.status, PlanGoal.source, PlanGoal.added_at,
              PlanGoal.changed_at]
    if goal_set is not None:
        columns.append(Value(getattr(goal_set, "id", goal_set)))
        fields.append(PlanGoal.goal_set)
    missing = pairs.select(*columns).where(
        (User.role == "pupil") & User.active & ~Goal.archived
        & ~fn.EXISTS(existing.select(SQL("1")).where((existing.pupil == User.id) & (existing.goal == Goal.id))))
    return PlanGoal.insert_from(missing, fields).as_rowcount().execute()


def put_goals_on_plans(actor, pupils, goals, status="current", source="goal_set", goal_set=None,
                       channel="goal_set"):
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
    pending = User.select(User.id).where(
        scope & User.id.not_in(Plan.select(Plan.pupil).where(Plan.period == period)))
    statuses = {s.key: s for s in Status.select()}
    coming, current = statuses["coming"], statuses["current"]
    stamp = now()
    try:
        with db.atomic():
            pupil_ids = [row.id for row in pending]
            if not pupil_ids:
                return GenerationResult()
            moving = PlanGoal.pupil.in_(pending) & (PlanGoal.status == coming)
            _insert_history(actor, stamp, channel, coming, current, moving)
            moved = PlanGoal.update(status=current, changed_at=stamp).where(moving).execute()
            pairs = (User.select().join(Goal, on=(Goal.level == User.level))
                     .where(User.id.in_(pending) & (Goal.period == period.number)))
            added = _insert_missing(pairs, current, "generated", stamp)
            if added:
                _record_new_rows(actor, stamp, current, channel, PlanGoal.pupil.in_(pending))
            Plan.insert_from(User.select(User.id, Value(period.id), Value(stamp)).where(User.id.in_(pending)),
                             [Plan.pupil, Plan.period, Plan.generated_at]).execute()
            result = GenerationResult(len(pupil_ids), added, moved)
            audit.record(permissions.recorded_as(actor), "generate_plans", period,
                         detail=str(dataclasses.asdict(result)))
    except IntegrityError:
        raise Conflict("De plannen voor deze periode worden op dit moment al gemaakt. Probeer het zo opnieuw.")
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
    present = {(pg.pupil_id, pg.goal_id) for pg in PlanGoal.select(PlanGoal.pupil, PlanGoal.goal).where(
        PlanGoal.pupil.in_(pupil_ids) & PlanGoal.goal.in_(goal_ids))}
    skipped = [(p, g) for p in pupils for g in goals if (p.id, g.id) in present]
    if len(skipped) == len(pupils) * len(goals):
        subject = "Dit leerdoel staat" if len(goals) == 1 else "Deze leerdoelen staan"
        raise Conflict(f"{subject} al op het plan van {names(pupils)}.")
    with db.atomic():
        added = put_goals_on_plans(actor, pupil_ids, goal_ids, status=plan, source="manual", channel=channel)
    events.plans_changed.send(None, pupils=pupil_ids, goals=goal_ids, actor=actor)
    return AddResult(added=added, skipped=skipped)


def _load(plan_goal):
    """The PlanGoal with its pupil, goal and status, read fresh from the database."""
    plan_goal_id = getattr(plan_goal, "id", plan_goal)
    found = (PlanGoal.select(PlanGoal, User, Goal, Status).join(User).switch(PlanGoal).join(Goal)
             .switch(PlanGoal).join(Status).where(PlanGoal.id == plan_goal_id).first())
    if found is None:
        raise NotFound("Dit leerdoel staat niet (meer) op het plan.")
    return found


def _load_many(ids):
    """The PlanGoals with these ids with their pupil, goal and status, in one query (none for no ids)."""
    if not ids:
        return []
    return list(PlanGoal.select(PlanGoal, User, Goal, Status).join(User).switch(PlanGoal).join(Goal)
                .switch(PlanGoal).join(Status).where(PlanGoal.id.in_(ids)))


def _stale(plan_goal):
    """The Conflict to raise when someone else changed `plan_goal` meanwhile."""
    last = (StatusChange.select(StatusChange, User).join(User, JOIN.LEFT_OUTER)
            .where(StatusChange.plan_goal == plan_goal.id)
            .order_by(StatusChange.changed_at.desc(), StatusChange.id.desc()).first())
    who = ("iemand anders" if last is None else
           last.changed_by.full_name if last.changed_by_id else "het systeem")
    return Conflict(f"De status van '{plan_goal.goal.title}' bij {plan_goal.pupil.full_name} is intussen "
                    f"gewijzigd naar {plan_goal.status.name} door {who}. Bekijk de nieuwe status en kies "
                    "zo nodig opnieuw.")


def change_status(actor, plan_goal, status, channel="web", note=None, expected_status=None):
    """Set one plan goal's status with history; same status again does nothing; a stale page gets Conflict."""
    status = resolve_status(status)
    plan_goal = _load(plan_goal)
    permissions.require(actor, "edit_plan", plan_goal.pupil)
    if plan_goal.status_id == status.id:
        return plan_goal
    if expected_status is not None and resolve_status(expected_status).id != plan_goal.status_id:
        raise _stale(plan_goal)
    stamp = now()
    with db.atomic():
        updated = (PlanGoal.update(status=status, changed_at=stamp)
                   .where((PlanGoal.id == plan_goal.id) & (PlanGoal.status == plan_goal.status_id)).execute())
        if not updated:
            raise _stale(_load(plan_goal))
        StatusChange.create(plan_goal=plan_goal, from_status=plan_goal.status_id, to_status=status,
                            changed_by=permissions.recorded_as(actor), changed_at=stamp, channel=channel,
                            note=note or None)
    plan_goal.status, plan_goal.changed_at = status, stamp
    events.statuses_changed.send(None, plan_goals=[plan_goal], actor=actor, channel=channel)
    return plan_goal


@dataclasses.dataclass(frozen=True)
class BulkChange:
    """What a bulk status change did: the plan goals it changed, and those it left alone because someone
    else changed them after the page showed them (each with its newer status loaded)."""

    changed: list
    stale: list


def _shown_status_ids(shown):
    """{plan goal id: status id} from {plan goal id: status key (or Status)} as the page showed them."""
    if not shown:
        return {}
    keys = {getattr(v, "key", v) for v in shown.values()}
    ids = {s.key: s.id for s in Status.select(Status.id, Status.key).where(Status.key.in_(list(keys)))}
    if len(ids) != len(keys):
        raise NotFound("Onbekende status.")
    return {int(pg): ids[getattr(key, "key", key)] for pg, key in shown.items()}


def change_statuses(actor, plan_goal_ids, status, channel="web", shown=None):
    """Set one status on many plan goals at once; returns a BulkChange.

    `shown` maps plan goal ids to the status (key) the page showed for them. A cell whose status is now
    another one (someone changed it meanwhile) is left alone and reported in `stale`: the newer change
    wins, as with change_status. Unknown plan goals or a pupil out of reach refuse the whole change; cells
    already at `status` are skipped (a double click writes once). A fixed number of queries.
    """
    status = resolve_status(status)
    ids = ids_of(plan_goal_ids)
    rows = _load_many(ids)
    if len(rows) != len(ids):
        raise NotFound("Een of meer leerdoelen staan niet (meer) op het plan.")
    require_edit_plans(actor, list({row.pupil_id: row.pupil for row in rows}.values()))
    expected = _shown_status_ids(shown)
    pending = [row for row in rows if row.status_id != status.id]
    stale = [row for row in pending if expected.get(row.id, row.status_id) != row.status_id]
    stale_ids = {row.id for row in stale}
    changing = [row for row in pending if row.id not in stale_ids]
    stamp = now()
    by_status = {}
    for row in changing:
        by_status.setdefault(row.status_id, []).append(row)
    with db.atomic():
        for old_rows in by_status.values():  # at most one round per status
            old_ids = [row.id for row in old_rows]
            PlanGoal.update(status=status, changed_at=stamp).where(
                PlanGoal.id.in_(old_ids) & (PlanGoal.status == old_rows[0].status_id)).execute()
            _insert_history(actor, stamp, channel, old_rows[0].status, status, PlanGoal.id.in_(old_ids)
                            & (PlanGoal.status == status.id) & (PlanGoal.changed_at == stamp))
        done = ({pg_id for (pg_id,) in PlanGoal.select(PlanGoal.id).where(
            PlanGoal.id.in_([row.id for row in changing]) & (PlanGoal.status == status.id)
            & (PlanGoal.changed_at == stamp)).tuples()}
            if changing else set())
    raced = [row.id for row in changing if row.id not in done]  # changed by someone between read and write
    stale += _load_many(raced)
    changed = [row for row in changing if row.id in done]
    for row in changed:
        row.status, row.changed_at = status, stamp
    if changed:
        events.statuses_changed.send(None, plan_goals=changed, actor=actor, channel=channel)
    return BulkChange(changed=changed, stale=stale)


def plan_for(actor, pupil, subject=None, domain=None, goal_set=None, status=None, include_achieved=True):
    """A pupil's plan goals with goal, domain, subject and status, in curriculum order, in one query."""
    pupil = pupil if isinstance(pupil, User) else User.get_or_none(User.id == pupil)
    if pupil is None:
        raise NotFound("Deze leerling bestaat niet.")
    permissions.require(actor, "view_pupil", pupil)
    query = (PlanGoal.select(PlanGoal, Goal, Domain, Subject, Status)
             .join(Goal).join(Domain).join(Subject).switch(PlanGoal).join(Status)
             .where((PlanGoal.pupil == pupil.id) & ~Goal.archived))
    if subject is not None:
        query = query.where(Domain.subject == getattr(subject, "id", subject))
    if domain is not None:
        query = query.where(Goal.domain == getattr(domain, "id", domain))
    if goal_set is not None:
        query = query.where(Goal.id.in_(GoalSetGoal.select(GoalSetGoal.goal)
                                        .where(GoalSetGoal.goal_set == getattr(goal_set, "id", goal_set))))
    if status is not None:
        wanted = [status] if isinstance(status, (str, int, Status)) else list(status)
        query = query.where(Status.id.in_([resolve_status(s).id for s in wanted]))
    if not include_achieved:
        query = query.where(Status.key != "achieved")
    return list(query.order_by(Subject.position, Subject.name, Domain.position, Domain.name, Goal.level,
                               Goal.period, Goal.position, Goal.id))


def history(actor, plan_goal):
    """A plan goal's status changes and ratings as one time-ordered list of dicts (oldest first)."""
    plan_goal = _load(plan_goal)
    permissions.require(actor, "view_pupil", plan_goal.pupil)
    from_status, to_status = Status.alias(), Status.alias()
    changes = (StatusChange.select(StatusChange, from_status, to_status, User)
               .join(from_status, JOIN.LEFT_OUTER, on=(StatusChange.from_status == from_status.id))
               .switch(StatusChange).join(to_status, on=(StatusChange.to_status == to_status.id))
               .switch(StatusChange).join(User, JOIN.LEFT_OUTER, on=(StatusChange.changed_by == User.id))
               .where(StatusChange.plan_goal == plan_goal.id))
    entries = [{"kind": "status", "at": c.changed_at, "by": c.changed_by if c.changed_by_id else None,
                "from": c.from_status if c.from_status_id else None, "to": c.to_status, "channel": c.channel,
                "note": c.note, "id": c.id} for c in changes]
    entries += [{"kind": "rating", "at": r.rated_at, "by": plan_goal.pupil, "effort": r.effort,
                 "quality": r.quality, "channel": r.channel, "id": r.id}
                for r in GoalRating.select().where(GoalRating.plan_goal == plan_goal.id)]
    return sorted(entries, key=lambda e: (e["at"], e["kind"] == "rating", e["id"]))
