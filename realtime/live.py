"""Status changes and new plan goals, pushed to the open overviews and pupil pages that show them.

    "status" {changed_by, channel, changes: [{plan_goal, pupil, goal, status, symbol, name, colour,
              text_colour}, ...]}
    "plans"  {changed_by, pupils: [ids], goals: [ids] or null}   goals were added or removed: "vernieuw"

Each goes to "watch:pupil:<id>" of every pupil concerned, to "watch:group:<id>" of each non-archived group
those pupils are in, and to "watch:goal_set:<id>" of the goal sets linked to those groups (web/live_events.py
lets a client into these rooms). A batch costs a fixed number of queries (one per 500 pupils) and one emit per
room, carrying the part of the batch that room shows: a bulk change of 300 cells is one message per room.
"""

from collections import defaultdict

import realtime
from models import Group, GroupMember
from services import events
from services.status_badges import badge

CHUNK = 500  # pupils per query: well under SQLite's limit on bound parameters


def connect():
    events.statuses_changed.connect(on_statuses_changed)
    events.plans_changed.connect(on_plans_changed)


def watch_rooms(pupil_ids):
    """{room: set of pupil ids it shows} for these pupils: their own, their groups' and goal sets' rooms."""
    pupil_ids = sorted(set(pupil_ids))
    rooms = defaultdict(set)
    for pupil_id in pupil_ids:
        rooms[f"watch:pupil:{pupil_id}"].add(pupil_id)
    for start in range(0, len(pupil_ids), CHUNK):
        chunk = pupil_ids[start : start + CHUNK]
        memberships = (
            GroupMember.select(GroupMember.pupil, Group.id, Group.goal_set)
            .join(Group)
            .where(GroupMember.pupil.in_(chunk) & ~Group.archived)
            .tuples()
        )
        for pupil_id, group_id, goal_set_id in memberships:
            rooms[f"watch:group:{group_id}"].add(pupil_id)
            if goal_set_id is not None:
                rooms[f"watch:goal_set:{goal_set_id}"].add(pupil_id)
    return rooms


def changed_by(actor):
    """The name the notice shows: "Anna de Vries wijzigde ...", or the system for jobs and syncs."""
    return getattr(actor, "full_name", None) or "het systeem"


def status_change(plan_goal):
    """One changed cell, as the pages need it (the status's colours are the badge's, contrast checked)."""
    shown = badge(plan_goal.status)
    return {
        "plan_goal": plan_goal.id,
        "pupil": plan_goal.pupil_id,
        "goal": plan_goal.goal_id,
        "status": shown["key"],
        "symbol": shown["symbol"],
        "name": shown["name"],
        "colour": shown["colour"],
        "text_colour": shown["text_colour"],
    }


def on_statuses_changed(sender, plan_goals, actor=None, channel=None, **kwargs):
    if not plan_goals:
        return
    by_pupil = defaultdict(list)
    for plan_goal in plan_goals:
        by_pupil[plan_goal.pupil_id].append(status_change(plan_goal))
    who = changed_by(actor)
    messages = []
    for room, pupils in watch_rooms(by_pupil).items():
        changes = [change for pupil_id in sorted(pupils) for change in by_pupil[pupil_id]]
        messages.append(("status", {"changed_by": who, "channel": channel, "changes": changes}, room))
    realtime.emit_many(messages)


def on_plans_changed(sender, pupils, goals=None, actor=None, **kwargs):
    if not pupils:
        return
    who = changed_by(actor)
    goals = sorted(goals) if goals else None
    realtime.emit_many(
        [
            ("plans", {"changed_by": who, "pupils": sorted(shown), "goals": goals}, room)
            for room, shown in watch_rooms(pupils).items()
        ]
    )
