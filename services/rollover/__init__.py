"""Rollovers (SPEC 10). Callers use this package's names.

period   the period rollover (periodewissel): every active pupil's plan for a starting period
year     the year rollover (jaarovergang): pupils move up, stay back or leave; old groups are archived
relink   after the year rollover: groups made from a LAS group re-linked to the new year's LAS group
"""

from .period import (
    PeriodRolloverResult,
    current_school_year,
    due_periods,
    period_rollover,
    plans_for_newcomers,
    running_period,
)
from .relink import RelinkEntry, las_groups_of_year, relink_candidates, relink_group
from .year import YearRolloverReport, next_school_year, year_rollover, year_rollover_preview

__all__ = [
    "PeriodRolloverResult",
    "RelinkEntry",
    "YearRolloverReport",
    "current_school_year",
    "due_periods",
    "las_groups_of_year",
    "next_school_year",
    "period_rollover",
    "plans_for_newcomers",
    "relink_candidates",
    "relink_group",
    "running_period",
    "year_rollover",
    "year_rollover_preview",
]
