"""The curriculum: subjects, domains and goals, with their levels and periods (SPEC 4). Callers use this
package's names.

    reading     the tree of subjects, domains and goals, and the counts per period ("aantallen inzien")
    structure   subjects and domains: added, renamed, moved and removed
    goals       goals: added, renamed, re-levelled, rewritten, moved, removed or archived

Teachers and admins may rename a goal, change its level, period or content and move goals and domains;
only admins add or remove goals, subjects and domains. Every change checks its rules, runs in a
transaction, is audit-logged and is announced (`events.curriculum_changed`). Changing a goal never touches
existing plans.
"""

from .goals import (
    RemoveResult,
    add_goal,
    change_goal_level_period,
    move_goal,
    remove_goal,
    rename_goal,
    update_goal_content,
)
from .reading import (
    DEFAULT_PERIODS,
    LEVELS,
    Count,
    DomainNode,
    SubjectNode,
    as_list,
    counts,
    goal_conditions,
    number_of_periods,
    tree,
)
from .structure import (
    add_domain,
    add_subject,
    move_domain,
    remove_domain,
    remove_subject,
    rename_domain,
    rename_subject,
)

__all__ = [
    "DEFAULT_PERIODS",
    "LEVELS",
    "Count",
    "DomainNode",
    "RemoveResult",
    "SubjectNode",
    "add_domain",
    "add_goal",
    "add_subject",
    "as_list",
    "change_goal_level_period",
    "counts",
    "goal_conditions",
    "move_domain",
    "move_goal",
    "number_of_periods",
    "remove_domain",
    "remove_goal",
    "remove_subject",
    "rename_domain",
    "rename_goal",
    "rename_subject",
    "tree",
    "update_goal_content",
]
