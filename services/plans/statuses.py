"""Changing the status of goals on personal plans (SPEC 3), one at a time or many at once.

Every change keeps history (StatusChange), and the newer change wins: a page that showed an older status
gets a Conflict (one goal) or sees the goal in `stale` (many) instead of overwriting someone else's work.
insert_history writes the history of many plan goals in one statement; plans.py uses it when it generates
plans.
"""

import dataclasses

from peewee import JOIN, Value

from models import PlanGoal, Status, StatusChange, User, db, now

from .. import events, permissions
from ..errors import Conflict, NotFound
from .lookups import ids_of, load_plan_goal, load_plan_goals, require_edit_plans, resolve_status


def insert_history(actor, stamp, channel, from_status, to_status, where):
    """History rows for the plan goals matching `where`, in one INSERT ... SELECT; from_status may be a column."""
    by = permissions.recorded_as(actor)
    columns = [PlanGoal.id, Value(to_status.id), Value(stamp), Value(channel)]
    fields = [StatusChange.plan_goal, StatusChange.to_status, StatusChange.changed_at, StatusChange.channel]
    for value, field in ((from_status, StatusChange.from_status), (by, StatusChange.changed_by)):
        if value is not None:  # a NULL constant would need a type cast on PostgreSQL: leave the column out
            columns.append(value if value is PlanGoal.status else Value(value.id))
            fields.append(field)
    StatusChange.insert_from(PlanGoal.select(*columns).where(where), fields).execute()


def _stale(plan_goal):
    """The Conflict to raise when someone else changed `plan_goal` meanwhile."""
    last = (
        StatusChange.select(StatusChange, User)
        .join(User, JOIN.LEFT_OUTER)
        .where(StatusChange.plan_goal == plan_goal.id)
        .order_by(StatusChange.changed_at.desc(), StatusChange.id.desc())
        .first()
    )
    who = "iemand anders" if last is None else last.changed_by.full_name if last.changed_by_id else "het systeem"
    return Conflict(
        f"De status van '{plan_goal.goal.title}' bij {plan_goal.pupil.full_name} is intussen "
        f"gewijzigd naar {plan_goal.status.name} door {who}. Bekijk de nieuwe status en kies "
        "zo nodig opnieuw."
    )


def change_status(actor, plan_goal, status, channel="web", note=None, expected_status=None):
    """Set one plan goal's status with history; same status again does nothing; a stale page gets Conflict."""
    status = resolve_status(status)
    plan_goal = load_plan_goal(plan_goal)
    permissions.require(actor, "edit_plan", plan_goal.pupil)
    if plan_goal.status_id == status.id:
        return plan_goal
    if expected_status is not None and resolve_status(expected_status).id != plan_goal.status_id:
        raise _stale(plan_goal)
    stamp = now()
    with db.atomic():
        updated = (
            PlanGoal.update(status=status, changed_at=stamp)
            .where((PlanGoal.id == plan_goal.id) & (PlanGoal.status == plan_goal.status_id))
            .execute()
        )
        if not updated:
            raise _stale(load_plan_goal(plan_goal))
        StatusChange.create(
            plan_goal=plan_goal,
            from_status=plan_goal.status_id,
            to_status=status,
            changed_by=permissions.recorded_as(actor),
            changed_at=stamp,
            channel=channel,
            note=note or None,
        )
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
    rows = load_plan_goals(ids)
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
                PlanGoal.id.in_(old_ids) & (PlanGoal.status == old_rows[0].status_id)
            ).execute()
            insert_history(
                actor,
                stamp,
                channel,
                old_rows[0].status,
                status,
                PlanGoal.id.in_(old_ids) & (PlanGoal.status == status.id) & (PlanGoal.changed_at == stamp),
            )
        done = (
            {
                pg_id
                for (pg_id,) in PlanGoal.select(PlanGoal.id)
                .where(
                    PlanGoal.id.in_([row.id for row in changing])
                    & (PlanGoal.status == status.id)
                    & (PlanGoal.changed_at == stamp)
                )
                .tuples()
            }
            if changing
            else set()
        )
    raced = [row.id for row in changing if row.id not in done]  # changed by someone between read and write
    stale += load_plan_goals(raced)
    changed = [row for row in changing if row.id in done]
    for row in changed:
        row.status, row.changed_at = status, stamp
    if changed:
        events.statuses_changed.send(None, plan_goals=changed, actor=actor, channel=channel)
    return BulkChange(changed=changed, stale=stale)
