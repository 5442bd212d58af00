"""What a plan write is about, and whether the actor may make it (SPEC 3): the lookups goals.py and
statuses.py share.

Ids, statuses, goals, pupils and plan goals are read in one query each, whatever their number; an unknown
one is a NotFound with a Dutch message, a pupil out of reach a PermissionDenied that names the pupil.
"""

from peewee import Model

from models import Goal, PlanGoal, Status, User

from .. import permissions
from ..errors import NotFound, PermissionDenied


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
    allowed = {
        u.id
        for u in User.select(User.id).where(
            User.id.in_(list(ids))
            & (User.role == "pupil")
            & User.active
            & User.id.in_(permissions.reachable_pupils(actor))
        )
    }
    outside = [p for p in pupils if p.id not in allowed]
    if outside:
        raise PermissionDenied(
            f"Je mag het plan van {names(outside)} niet wijzigen: deze leerling zit niet in een van jouw groepen."
        )


def load_plan_goal(plan_goal):
    """The PlanGoal with its pupil, goal and status, read fresh from the database."""
    plan_goal_id = getattr(plan_goal, "id", plan_goal)
    found = (
        PlanGoal.select(PlanGoal, User, Goal, Status)
        .join(User)
        .switch(PlanGoal)
        .join(Goal)
        .switch(PlanGoal)
        .join(Status)
        .where(PlanGoal.id == plan_goal_id)
        .first()
    )
    if found is None:
        raise NotFound("Dit leerdoel staat niet (meer) op het plan.")
    return found


def load_plan_goals(ids):
    """The PlanGoals with these ids with their pupil, goal and status, in one query (none for no ids)."""
    if not ids:
        return []
    return list(
        PlanGoal.select(PlanGoal, User, Goal, Status)
        .join(User)
        .switch(PlanGoal)
        .join(Goal)
        .switch(PlanGoal)
        .join(Status)
        .where(PlanGoal.id.in_(ids))
    )
