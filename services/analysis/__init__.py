"""The group analysis (Groepsanalyse, SPEC 5 and seeds/000, 001): the school's test moments (LVS) with every
pupil's score and level, typed, pasted from a spreadsheet or imported from an .xlsx; notes per test moment
(group notes of the category "analyse", services.notes); the expected exit level per pupil per core subject
with its history.

Modules: `scale` (scores and the school's level scale), `results` (the grid, pasting), `sheets` (.xlsx template
and import with a row report), `exit_levels`, `reading` (the pages' read model, a fixed number of queries).
"""

from .exit_levels import exit_levels_of, history, set_exit_level
from .reading import Analysis, LevelSeries, group_analysis, moments_for, pupil_levels
from .results import (
    check_moment_of_group,
    fetch_moment,
    members,
    moment_results,
    parse_block,
    paste_results,
    save_results,
)
from .scale import DEFAULT_MAX_SCORE, level_rank, level_scale, read_level, read_score, scale_text, score_text
from .sheets import SheetReport, import_results, template

__all__ = [
    "DEFAULT_MAX_SCORE",
    "Analysis",
    "LevelSeries",
    "SheetReport",
    "check_moment_of_group",
    "exit_levels_of",
    "fetch_moment",
    "group_analysis",
    "history",
    "import_results",
    "level_rank",
    "level_scale",
    "members",
    "moment_results",
    "moments_for",
    "parse_block",
    "paste_results",
    "pupil_levels",
    "read_level",
    "read_score",
    "save_results",
    "scale_text",
    "score_text",
    "set_exit_level",
    "template",
]
