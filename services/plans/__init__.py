"""Personal plans (PLP, SPEC 3). Callers use this package's names.

    goals      generating plans per period, adding goals to them, reading them
    statuses   changing the status of goals on plans, with history and the stale-page check
    lookups    what a plan write is about, and whether the actor may make it

To its callers (the matrix and pupil pages, the bot's services, the tests) a status change is something done
to a plan, so they say `plans.change_status`; the split into modules is the package's own business.
"""

from .goals import AddResult, GenerationResult, add_goals, generate_plans, history, plan_for, put_goals_on_plans
from .lookups import fetch_goals, fetch_pupils, ids_of, names
from .statuses import BulkChange, change_status, change_statuses, insert_history

__all__ = [
    "AddResult",
    "BulkChange",
    "GenerationResult",
    "add_goals",
    "change_status",
    "change_statuses",
    "fetch_goals",
    "fetch_pupils",
    "generate_plans",
    "history",
    "ids_of",
    "insert_history",
    "names",
    "plan_for",
    "put_goals_on_plans",
]
