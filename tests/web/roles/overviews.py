"""Who may use the pages of the group overviews, the goal matrices and the changes made from a matrix.

Rows of tests/web/test_role_matrix.py: endpoint -> (method, url(world), form(world) or None, outcome per role).
"""

from tests.support.roles import PUPILS_TEACHERS, STAFF, TEACHERS, plan_goal_id

TABLE = {
    # overviews and the goal matrix
    "overviews.status_overview": ("GET", lambda w: f"/groepen/{w['group'].id}/statussen", None, STAFF),
    "overviews.active_goals": ("GET", lambda w: f"/groepen/{w['group'].id}/leerdoelen", None, STAFF),
    "overviews.group_matrix": ("GET", lambda w: f"/groepen/{w['group'].id}/matrix", None, STAFF),
    "overviews.group_matrix_export": ("GET", lambda w: f"/groepen/{w['group'].id}/matrix.xlsx", None, STAFF),
    "overviews.goal_set_matrix": ("GET", lambda w: f"/doelensets/{w['goal_set'].id}/matrix", None, STAFF),
    "overviews.goal_set_matrix_export": ("GET", lambda w: f"/doelensets/{w['goal_set'].id}/matrix.xlsx", None, STAFF),
    "overviews.lesson_matrix": ("GET", lambda w: f"/lessen/{w['lesson'].id}/matrix", None, STAFF),
    "overviews.lesson_matrix_export": ("GET", lambda w: f"/lessen/{w['lesson'].id}/matrix.xlsx", None, STAFF),
    "matrix_changes.change_status": (
        "POST",
        lambda w: f"/plandoelen/{plan_goal_id(w)}/status",
        lambda w: {"status": "achieved", "expected_status": "current"},
        PUPILS_TEACHERS,
    ),
    "matrix_changes.change_statuses": (
        "POST",
        lambda w: "/plandoelen/status",
        lambda w: {"plandoel": [plan_goal_id(w)], "status": "achieved", "expected_status": ["current"]},
        PUPILS_TEACHERS,
    ),
    "matrix_changes.make_group": (
        "POST",
        lambda w: "/matrix/groep-maken",
        lambda w: {
            "naam": "Oefengroep",
            "groepstype": w["project_type"].id,
            "leerling": [w["pupil"].id],
            "bron_groep": w["group"].id,
        },
        TEACHERS,
    ),
}
