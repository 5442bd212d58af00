"""Who may use the pages of signing in and out, the start pages, the pupil's own plan and the parent's view.

Rows of tests/web/test_role_matrix.py: endpoint -> (method, url(world), form(world) or None, outcome per role).
"""

from tests.support.roles import DASHBOARD, EVERYONE, LOGIN, PARENTS, PUPILS, PUPILS_PARENT, ROLES, SIGNED_IN

TABLE = {
    # sign-in
    "auth.login": ("GET", lambda w: "/login", None, EVERYONE),
    "auth.logout": ("POST", lambda w: "/logout", None, dict.fromkeys(ROLES, LOGIN)),  # signed out after
    # the health check of the proxy and the load test: anyone, signed in or not
    "health.health": ("GET", lambda w: "/health", None, EVERYONE),
    # start pages, pupil view, parent view
    "home.index": ("GET", lambda w: "/", None, SIGNED_IN),
    "home.my_plan": ("GET", lambda w: "/mijn-plan", None, PUPILS),
    "home.my_children": ("GET", lambda w: "/mijn-kinderen", None, PARENTS),
    "home.my_child": ("GET", lambda w: f"/mijn-kinderen/{w['pupil'].id}", None, PUPILS_PARENT),
    "dashboard.index": ("GET", lambda w: "/leraar", None, DASHBOARD),
}
