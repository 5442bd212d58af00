"""Period rollover (periodewissel), SPEC.md 3 and 10: when a period starts, every active pupil gets a plan.

    period_rollover(actor, period) -> PeriodRolloverResult     (one transaction; a second call does nothing)
    due_periods(today=None) -> query of the periods of this school year whose rollover is due
    running_period() -> the period pupils work in now, or None
    plans_for_newcomers(actor, channel="rollover") -> GenerationResult, or None when no period is running
    current_school_year() -> the running school year, "2026-2027"

The nightly job (jobs/tasks.py) rolls over the due periods; the admin can run one now (admin/rollover.py).
"""

import dataclasses
import json

from models import Goal, GroupMember, Period, Plan, PlanGoal, SchoolSettings, StatusChange, User, db, now

from .. import audit, clock, permissions, statistics
from ..errors import DomainError


@dataclasses.dataclass
class PeriodRolloverResult:
    period_id: int
    period_name: str
    done: bool  # False when it had run already: nothing was written
    plans: int = 0  # plans of this period after the rollover (one per pupil)


def current_school_year():
    return SchoolSettings.get_current().school_year


def due_periods(today=None):
    """The periods of the running school year that have started and were not rolled over yet."""
    today = today or clock.today()
    return (
        Period.select()
        .where(
            (Period.school_year == current_school_year())
            & (Period.start_date <= today)
            & Period.rolled_over_at.is_null()
        )
        .order_by(Period.start_date, Period.number)
    )


def period_rollover(actor, period):
    """Generate every active pupil's plan for `period` in one transaction; a second call does nothing."""
    from .. import plans  # written alongside; imported late so that this module loads on its own

    permissions.require(actor, "admin")
    if period.school_year != current_school_year():
        raise DomainError(f"{period.name} hoort niet bij het lopende schooljaar {current_school_year()}.")
    # Whatever wrote last (an import, a sync, a year rollover), the planner sees the school as it is now.
    statistics.refresh(User, GroupMember, Goal, Plan, PlanGoal)
    with db.atomic():
        # Claiming the period first makes a concurrent or repeated run find nothing to do.
        claimed = (
            Period.update(rolled_over_at=now())
            .where((Period.id == period.id) & Period.rolled_over_at.is_null())
            .execute()
        )
        if not claimed:
            return PeriodRolloverResult(period.id, period.name, done=False)
        plans.generate_plans(actor, period, channel="rollover")
        count = Plan.select().where(Plan.period == period).count()
        audit.record(permissions.recorded_as(actor), "period_rollover", period, detail=json.dumps({"plans": count}))
    statistics.refresh(Plan, PlanGoal, StatusChange)
    period.rolled_over_at = Period.get_by_id(period.id).rolled_over_at
    return PeriodRolloverResult(period.id, period.name, done=True, plans=count)


def running_period():
    """The period pupils work in now: the latest of this school year that has been rolled over."""
    return (
        Period.select()
        .where((Period.school_year == current_school_year()) & Period.rolled_over_at.is_null(False))
        .order_by(Period.start_date.desc(), Period.number.desc())
        .first()
    )


def plans_for_newcomers(actor, channel="rollover"):
    """Give pupils who arrived after the running period's rollover (import, LAS sync, back office) their
    plan for it, as the rollover would have; pupils with a plan are left alone. Returns the
    GenerationResult, or None when no period is running yet."""
    from .. import plans

    period = running_period()
    return plans.generate_plans(actor, period, channel=channel) if period else None
