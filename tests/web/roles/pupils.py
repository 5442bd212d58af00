"""Who may use the pages of pupils and their plans (the list, the pupil page, statuses, passwords, PLP toevoegen).

Rows of tests/web/test_role_matrix.py: endpoint -> (method, url(world), form(world) or None, outcome per role).
"""

from tests.support.roles import PUPILS_TEACHERS, STAFF, TEACHERS, plan_goal_id

TABLE = {
    # pupils and their plans
    "teacher_pupils.index": ("GET", lambda w: "/leerlingen", None, STAFF),
    "teacher_pupils.pupil": ("GET", lambda w: f"/leerlingen/{w['pupil'].id}", None, STAFF),
    "teacher_pupils.goal_history": (
        "GET",
        lambda w: f"/leerlingen/{w['pupil'].id}/doelen/{plan_goal_id(w)}",
        None,
        STAFF,
    ),
    "teacher_pupils.change_status": (
        "POST",
        lambda w: f"/leerlingen/{w['pupil'].id}/doelen/{plan_goal_id(w)}/status",
        lambda w: {"status": "achieved", "verwacht": "current"},
        PUPILS_TEACHERS,
    ),
    "teacher_pupils.reset_password": (
        "POST",
        lambda w: f"/leerlingen/{w['pupil'].id}/wachtwoord",
        None,
        PUPILS_TEACHERS,
    ),
    "teacher_pupils.pick_goals": (
        "GET",
        lambda w: f"/leerlingen/plp-toevoegen?leerling={w['pupil'].id}",
        None,
        TEACHERS,
    ),
    "teacher_pupils.review_goals": (
        "GET",
        lambda w: (
            f"/leerlingen/plp-toevoegen/controleren?leerling={w['pupil'].id}&doel={w['spare_goal'].id}&plan=current"
        ),
        None,
        TEACHERS,
    ),
    "teacher_pupils.add_goals": (
        "POST",
        lambda w: "/leerlingen/plp-toevoegen",
        lambda w: {"leerling": [w["pupil"].id], "doel": [w["spare_goal"].id], "plan": "current"},
        PUPILS_TEACHERS,
    ),
}
