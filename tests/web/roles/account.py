"""Who may use Mijn account (their own password) and reset a parent's password (issue 12, SPEC 2).

Rows of tests/web/test_role_matrix.py: endpoint -> (method, url(world), form(world) or None, outcome per role).
"""

from tests.support.factories import PASSWORD
from tests.support.roles import SIGNED_IN, outcome

NEW = "een lange zin als wachtwoord"
# Everyone signed in changes their own password; pupils only where the school allows it (off in the world).
OWN_PASSWORD = outcome(
    parent=True, parent_no_access=True, other_parent=True, assistant=True, teacher=True, other_teacher=True, admin=True
)
TEACHERS_AND_ADMINS = outcome(teacher=True, other_teacher=True, admin=True)  # any parent's, SPEC 2

TABLE = {
    "account.index": ("GET", lambda w: "/account", None, SIGNED_IN),
    "account.change_password": (
        "POST",
        lambda w: "/account/wachtwoord",
        lambda w: {"current": PASSWORD, "new": NEW, "repeat": NEW},
        OWN_PASSWORD,
    ),
    "account.reset_parent_password": (
        "POST",
        lambda w: f"/ouders/{w['parent'].id}/wachtwoord",
        None,
        TEACHERS_AND_ADMINS,
    ),
}

ACTIONS = {
    "view_own_account": SIGNED_IN,
    "change_own_password": OWN_PASSWORD,
}
