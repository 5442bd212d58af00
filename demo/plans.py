"""The demo school's plans and their histories: periods 1 and 2 generated, part of period 3 coming.

Each goal on a plan gets a believable path of statuses (weighted per period), set by the class's teachers
on school days within the period and never later than now, plus the goals of the project groups' goal sets,
a few bot ratings, and the job log of the period rollovers that made the plans.
"""

import datetime as dt
import json

from models import GoalRating, JobRun, Plan, PlanGoal, StatusChange

from .builder import early, insert
from .names import CLASS_NAMES

# Status paths after the first step onto the plan, with weights, per period of the goal.
PATHS = {
    1: [
        (["highlighted", "achieved"], 45),
        (["achieved"], 25),
        (["highlighted", "practising", "achieved"], 12),
        (["practising"], 8),
        (["highlighted", "practising"], 6),
        (["highlighted"], 2),
        ([], 2),
    ],
    2: [
        ([], 35),
        (["highlighted"], 25),
        (["practising"], 10),
        (["highlighted", "practising"], 12),
        (["highlighted", "achieved"], 12),
        (["achieved"], 6),
    ],
}


def plans(builder):
    """Write the plans, their goals, status histories and ratings; return (plan goals, status changes)."""
    rng, periods = builder.rng, builder.periods
    by_level_period = {}
    for goal in builder.goals:
        by_level_period.setdefault((goal.level, goal.period), []).append(goal.id)
    teachers_of = dict(zip(CLASS_NAMES, builder.class_teachers))
    plan_goals, histories, plan_rows = [], {}, []
    for pupil, level in builder.pupils.items():
        teachers = teachers_of[builder.class_of[pupil]]
        for number in (1, 2):
            start = periods[number].start_date
            plan_rows.append({"pupil": pupil, "period": periods[number].id, "generated_at": early(start)})
            for goal in by_level_period.get((level, number), []):
                path = rng.choices(*zip(*PATHS[number]))[0]
                steps = [(None, "current", "rollover", None, early(start))]
                steps += _steps(builder, path, start, periods[number].end_date, teachers)
                histories[(pupil, goal)] = steps
        # Part of period 3 already stands on the coming plan.
        for goal in by_level_period.get((level, 3), [])[:3]:
            histories[(pupil, goal)] = [
                (None, "coming", "web", rng.choice(teachers), builder.at(dt.date(2026, 11, 9), dt.date(2026, 11, 20)))
            ]
    for goal_set, teachers, members in builder.goal_set_members:
        for pupil in members:
            for goal in builder.goal_set_goals[goal_set]:
                if (pupil, goal) not in histories:
                    start = dt.date(2026, 9, 28)
                    histories[(pupil, goal)] = [(None, "current", "goal_set", teachers[0], builder.at(start, start))]
                    histories[(pupil, goal)] += _steps(
                        builder, rng.choice([[], ["highlighted"], ["achieved"]]), start, dt.date(2026, 11, 20), teachers
                    )
                    plan_goals.append((pupil, goal, goal_set))
    via_set = {(p, g): s for p, g, s in plan_goals}
    status = builder.status
    insert(Plan, plan_rows)
    insert(
        PlanGoal,
        [
            {
                "pupil": p,
                "goal": g,
                "status": status[steps[-1][1]],
                "source": "goal_set" if (p, g) in via_set else "generated",
                "goal_set": via_set.get((p, g)),
                "added_at": steps[0][4],
                "changed_at": steps[-1][4],
            }
            for (p, g), steps in histories.items()
        ],
    )
    ids = {(pg.pupil_id, pg.goal_id): pg.id for pg in PlanGoal.select(PlanGoal.id, PlanGoal.pupil, PlanGoal.goal)}
    changes, ratings = [], []
    for key, steps in histories.items():
        for from_key, to_key, channel, teacher, at in steps:
            changes.append(
                {
                    "plan_goal": ids[key],
                    "from_status": status.get(from_key),
                    "to_status": status[to_key],
                    "changed_by": teacher,
                    "changed_at": at,
                    "channel": channel,
                }
            )
        if steps[-1][1] in ("highlighted", "achieved") and builder.pupils[key[0]] >= 5 and rng.random() < 0.3:
            ratings.append(
                {
                    "plan_goal": ids[key],
                    "effort": rng.randint(2, 3),
                    "quality": rng.randint(1, 3),
                    "channel": "bot",
                    "rated_at": steps[-1][4],
                }
            )
    insert(StatusChange, changes)
    insert(GoalRating, ratings)
    _rollover_runs(builder, plan_rows)
    return len(histories), len(changes)


def _rollover_runs(builder, plan_rows):
    """The scheduled period rollovers that made these plans, as the back office's job log shows them."""
    runs = []
    for number in (1, 2):
        period = builder.periods[number]
        if period.rolled_over_at is None:
            continue
        made = sum(1 for row in plan_rows if row["period"] == period.id)
        counts = {"periods": [{"period": period.name, "plans": made, "done": True}], "newcomer_plans": 0}
        runs.append(
            {
                "job": "period_rollover",
                "scheduled_for": period.rolled_over_at,
                "started_at": period.rolled_over_at,
                "finished_at": period.rolled_over_at + dt.timedelta(seconds=40),
                "outcome": "ok",
                "counts": json.dumps(counts),
            }
        )
    insert(JobRun, runs)


def _steps(builder, path, start, end, teachers):
    """History rows for a path of statuses, set by the class's teachers at moments within the period, none
    later than now."""
    rows, previous, moment, last = [], "current", start + dt.timedelta(days=3), early(start)
    for key in path:
        at = max(builder.at(moment, end), last + dt.timedelta(minutes=builder.rng.randint(5, 120)))
        if at > builder.now:
            break  # the rest of this path lies in the future: the history stops at today
        rows.append((previous, key, "web", builder.rng.choice(teachers), at))
        previous, moment, last = key, at.date() + dt.timedelta(days=1), at
    return rows
