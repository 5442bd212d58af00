"""Who may use the pages of groups (Mijn groepen, Alle groepen, the wizard, the profile, members, teachers, goal set).

Rows of tests/web/test_role_matrix.py: endpoint -> (method, url(world), form(world) or None, outcome per role).
"""

from tests.support.roles import PUPILS_TEACHERS, STAFF, TEACHERS

TABLE = {
    # groups
    "teacher_groups.my_groups": ("GET", lambda w: "/groepen", None, STAFF),
    "teacher_groups.all_groups": ("GET", lambda w: "/groepen/alle", None, STAFF),
    "teacher_groups.new_group": (
        "POST",
        lambda w: "/groepen/nieuw",
        lambda w: {
            "step": "create",
            "name": "Rekenclub",
            "group_type": w["project_type"].id,
            "teachers": [w["teacher"].id],
            "pupils": [w["pupil"].id],
        },
        TEACHERS,
    ),
    "teacher_groups.profile": ("GET", lambda w: f"/groepen/{w['group'].id}", None, STAFF),
    "teacher_groups.candidates": ("GET", lambda w: f"/groepen/{w['group'].id}/kandidaten", None, PUPILS_TEACHERS),
    "teacher_groups.add_members": (
        "POST",
        lambda w: f"/groepen/{w['group'].id}/leerlingen",
        lambda w: {"pupils": [w["other_pupil"].id]},
        PUPILS_TEACHERS,
    ),
    "teacher_groups.remove_member": (
        "POST",
        lambda w: f"/groepen/{w['group'].id}/leerlingen/verwijderen",
        lambda w: {"pupil": [w["classmate"].id]},
        PUPILS_TEACHERS,
    ),
    "teacher_groups.add_teacher": (
        "POST",
        lambda w: f"/groepen/{w['group'].id}/leraren",
        lambda w: {"teachers": [w["other_teacher"].id]},
        PUPILS_TEACHERS,
    ),
    "teacher_groups.remove_teacher": (
        "POST",
        lambda w: f"/groepen/{w['group'].id}/leraren/verwijderen",
        lambda w: {"teacher": [w["teacher"].id]},
        PUPILS_TEACHERS,
    ),
    "teacher_groups.link_goal_set": (
        "POST",
        lambda w: f"/groepen/{w['group'].id}/doelenset",
        lambda w: {"goal_set": [w["other_set"].id]},
        PUPILS_TEACHERS,
    ),
    "teacher_groups.toggle_my_groups": (
        "POST",
        lambda w: f"/groepen/{w['group'].id}/mijngroepen",
        lambda w: {"action": "add"},
        STAFF,
    ),
}
# Pages that also answer GET besides the POST listed above: (url(world), outcome per role).
ALSO_GET = {
    "teacher_groups.new_group": (lambda w: "/groepen/nieuw", TEACHERS),
}
