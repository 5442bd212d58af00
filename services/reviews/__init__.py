"""Group reviews (groepsbespreking, SPEC 11, seeds/002): the school's rounds and forms, a group's form filled
in by its teacher and prepared by the IB-er, the agreements that come back until done, the round overview and
the teacher's due notices.

Modules: `defaults` (the forms and rounds a school starts with; a new year's rounds), `rounds` (rounds, which
groups a round reviews, a group's form, due dates), `forms` (answers, drafts, ready, the IB-er's preparation),
`agreements`, `overview` (the round overview and the dashboard's due notices, in a fixed number of queries).
"""

from .agreements import add_agreement, agreements_for, fetch_agreement, mark_done
from .defaults import carry_rounds_forward
from .forms import STATE_NAMES, prepare, review_of, save_answers, state_of
from .overview import DueNotice, OverviewRow, due_notices, round_overview
from .rounds import (
    DUE_DAYS_BEFORE,
    due_date,
    fetch_round,
    form_for,
    next_round,
    questions_of,
    reviewed_groups,
    rounds_of,
    talk_date,
)

__all__ = [
    "DUE_DAYS_BEFORE",
    "STATE_NAMES",
    "DueNotice",
    "OverviewRow",
    "add_agreement",
    "agreements_for",
    "carry_rounds_forward",
    "due_date",
    "due_notices",
    "fetch_agreement",
    "fetch_round",
    "form_for",
    "mark_done",
    "next_round",
    "prepare",
    "questions_of",
    "review_of",
    "reviewed_groups",
    "round_overview",
    "rounds_of",
    "save_answers",
    "state_of",
    "talk_date",
]
