"""The page-level actions of services.permissions that web/access.py's `allowed` guards pages with, per role
(each row matches the pages it guards in the other tables; "signed_out" is refused by `can`, the page sends it
to sign in).
"""

from tests.support.roles import ADMINS, DASHBOARD, PARENTS, PUPILS, STAFF, TEACHERS, outcome

TABLE = {}

ACTIONS = {
    "view_dashboard": DASHBOARD,
    "view_own_plan": PUPILS,
    "view_own_children": PARENTS,
    "view_pupil_list": STAFF,
    "view_group_list": STAFF,
    "view_goal_set_list": STAFF,
    "view_overviews": STAFF,
    "view_curriculum": STAFF,
    "add_plan_goals": TEACHERS,
    "create_group": TEACHERS,
    "manage_goal_set": TEACHERS,
    "edit_goal": TEACHERS,
    "add_remove_goal": ADMINS,
    "teach_groups": outcome(assistant=True, teacher=True, other_teacher=True),
    "manage_every_group": ADMINS,  # and IB-ers (tests/services/test_permissions.py)
    "manage_my_groups": outcome(teacher=True, other_teacher=True),
    "chat_read_hidden": STAFF,
}
