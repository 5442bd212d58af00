"""The pupil's "Mijn week" in the bot (issue 13): the goals of this week's planning, ticked off with a tap.

Only ever the speaking pupil's own week (services.week_planning): a goal id from a tampered button that is not
in this pupil's week finds nothing (NotFound) and writes nothing. A tap on a goal that is ticked takes the tick
back, as on the web; every tick is kept in the goal's history with channel "bot".
"""

import dataclasses

from .. import week_planning
from ..errors import NotFound


@dataclasses.dataclass(frozen=True)
class BotWeekGoal:
    goal_id: int
    title: str
    subject: str
    status_name: str
    symbol: str
    done: bool


@dataclasses.dataclass(frozen=True)
class BotWeek:
    label: str  # "week 49 (30 november - 4 december 2026)"
    goals: list  # BotWeekGoal, in curriculum order
    done: int


def _bot_week(week):
    goals = [
        BotWeekGoal(e.goal_id, e.title, e.subject, e.status["name"], e.status["symbol"], e.done) for e in week.entries
    ]
    return BotWeek(week.label, goals, week.done_count)


def week_for_bot(pupil):
    """This week's goals of the pupil, each ticked or not."""
    return _bot_week(week_planning.pupil_week(pupil, pupil))


def toggle_week_goal(pupil, goal_id):
    """Tick a goal of this week off, or take the tick back when it was ticked: (BotWeekGoal as it is now, BotWeek)."""
    try:
        goal_id = int(goal_id)
    except (TypeError, ValueError):
        raise NotFound("Dit leerdoel staat niet in jouw week.") from None
    current = week_planning.pupil_week(pupil, pupil)
    entry = next((e for e in current.entries if e.goal_id == goal_id), None)
    if entry is None:
        raise NotFound("Dit leerdoel staat niet in jouw week.")
    ticked = week_planning.tick(pupil, pupil, current.week, goal_id, done=not entry.done, channel="bot")
    entry.done = ticked.done
    week = _bot_week(current)
    return next(goal for goal in week.goals if goal.goal_id == goal_id), week
