"""Period rollover (services.period_rollover): plans for every active pupil, due periods, newcomers."""

import datetime as dt

import pytest

import models
from models import AuditLog, Period, Plan, PlanGoal
from services import permissions, rollover
from services.errors import PermissionDenied
from tests.support.factories import make_admin, make_goal, make_pupil, make_teacher
from tests.support.querycount import count_queries

SYSTEM = permissions.SYSTEM


def make_period(number=1, start=dt.date(2026, 8, 24), end=dt.date(2026, 11, 15), school_year="2026-2027"):
    return Period.create(
        school_year=school_year, number=number, name=f"Periode {number}", start_date=start, end_date=end
    )


def test_period_rollover_plans_every_active_pupil(database):
    period = make_period(number=2)
    goal = make_goal(level=4, period=2)
    other_level = make_goal(level=5, period=2)
    pupils = [make_pupil(level=4) for _ in range(3)]
    gone = make_pupil(level=4, active=False)

    result = rollover.period_rollover(SYSTEM, period)

    assert result.done and result.plans == 3
    assert {p.pupil_id for p in Plan.select().where(Plan.period == period)} == {p.id for p in pupils}
    on_plan = {(pg.pupil_id, pg.goal_id, pg.status.key) for pg in PlanGoal.select()}
    assert on_plan >= {(p.id, goal.id, "current") for p in pupils}
    assert not any(pupil_id == gone.id for pupil_id, _, _ in on_plan)
    assert not any(goal_id == other_level.id for _, goal_id, _ in on_plan)
    assert Period.get_by_id(period.id).rolled_over_at is not None
    assert AuditLog.get(AuditLog.action == "period_rollover").entity_id == period.id


def test_period_rollover_is_idempotent(database):
    period = make_period()
    make_goal(level=4, period=1)
    make_pupil(level=4)
    rollover.period_rollover(SYSTEM, period)
    plans, plan_goals = Plan.select().count(), PlanGoal.select().count()

    again = rollover.period_rollover(SYSTEM, Period.get_by_id(period.id))

    assert not again.done
    assert (Plan.select().count(), PlanGoal.select().count()) == (plans, plan_goals)


def _period_rollover_queries(pupil_count, number):
    period = make_period(number=number, start=dt.date(2026, 8, 24) + dt.timedelta(days=number))
    for _ in range(pupil_count):
        make_pupil(level=4)
    with count_queries() as statements:
        rollover.period_rollover(SYSTEM, period)
    return len(statements)


def test_period_rollover_query_count_does_not_grow_with_pupils(database):
    for level in range(1, 9):
        make_goal(level=level, period=1)
        make_goal(level=level, period=2)
    few = _period_rollover_queries(5, 1)
    many = _period_rollover_queries(45, 2)  # 50 pupils for the second period
    assert Plan.select().count() == 5 + 50
    assert few == many


def test_period_rollover_is_for_admins_and_the_system(database):
    period = make_period()
    with pytest.raises(PermissionDenied):
        rollover.period_rollover(make_teacher(), period)
    assert rollover.period_rollover(make_admin(), period).done


def test_due_periods_are_started_unrolled_periods_of_this_year(database):
    started = make_period(1, dt.date(2026, 8, 24), dt.date(2026, 11, 15))
    make_period(2, dt.date(2026, 11, 16), dt.date(2027, 2, 15))  # not started yet
    make_period(3, dt.date(2025, 8, 24), dt.date(2025, 11, 15), school_year="2025-2026")  # another year
    done = make_period(4, dt.date(2026, 8, 1), dt.date(2026, 8, 23))
    Period.update(rolled_over_at=models.now()).where(Period.id == done.id).execute()
    assert [p.id for p in rollover.due_periods(dt.date(2026, 9, 1))] == [started.id]


def test_newcomers_get_the_running_periods_plan_and_others_are_left_alone(database):
    assert rollover.plans_for_newcomers(SYSTEM) is None  # no period rolled over yet: nothing to give
    first = make_period(1, dt.date(2026, 8, 24), dt.date(2026, 11, 15))
    second = make_period(2, dt.date(2026, 11, 16), dt.date(2027, 2, 15))
    goal, later_goal = make_goal(level=4, period=2), make_goal(level=4, period=3)
    settled = make_pupil(level=4)
    rollover.period_rollover(SYSTEM, first)
    rollover.period_rollover(SYSTEM, second)
    settled_goals = {pg.goal_id for pg in PlanGoal.select().where(PlanGoal.pupil == settled)}
    newcomer = make_pupil(level=4)

    result = rollover.plans_for_newcomers(SYSTEM, channel="import")

    assert rollover.running_period().id == second.id
    assert result.pupils == 1
    assert {(pg.goal_id, pg.status.key) for pg in PlanGoal.select().where(PlanGoal.pupil == newcomer)} == {
        (goal.id, "current")
    }
    assert Plan.get(Plan.pupil == newcomer).period_id == second.id
    assert {pg.goal_id for pg in PlanGoal.select().where(PlanGoal.pupil == settled)} == settled_goals
    assert later_goal.id not in settled_goals
    assert rollover.plans_for_newcomers(SYSTEM).pupils == 0  # idempotent


def test_newcomer_plans_are_for_admins_and_the_system(database):
    period = make_period()
    rollover.period_rollover(SYSTEM, period)
    make_pupil(level=4)
    with pytest.raises(PermissionDenied):
        rollover.plans_for_newcomers(make_teacher())
