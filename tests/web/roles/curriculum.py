"""Who may use the pages of the curriculum: the staff read it, teachers edit goals, admins add and remove them.

Rows of tests/web/test_role_matrix.py: endpoint -> (method, url(world), form(world) or None, outcome per role).
"""

from tests.support.roles import ADMINS, STAFF, TEACHERS

TABLE = {
    # the curriculum: everyone on the staff reads it, teachers edit goals, admins add and remove them
    "teacher_curriculum.index": ("GET", lambda w: "/curriculum", None, STAFF),
    "teacher_curriculum.goal": ("GET", lambda w: f"/curriculum/leerdoelen/{w['goal'].id}", None, STAFF),
    "teacher_curriculum.edit_goal": (
        "POST",
        lambda w: f"/curriculum/leerdoelen/{w['goal'].id}/wijzigen",
        lambda w: {"title": "Tellen tot 1000", "level": "5", "period": "1"},
        TEACHERS,
    ),
    "teacher_curriculum.edit_content": (
        "POST",
        lambda w: f"/curriculum/leerdoelen/{w['goal'].id}/inhoud",
        lambda w: {"description": "Uitleg", "steps": "Stap 1"},
        TEACHERS,
    ),
    "teacher_curriculum.move_goal": (
        "POST",
        lambda w: f"/curriculum/leerdoelen/{w['goal'].id}/verplaatsen",
        lambda w: {"domain": w["other_domain"].id},
        TEACHERS,
    ),
    "teacher_curriculum.move_domain": (
        "POST",
        lambda w: f"/curriculum/deelgebieden/{w['domain'].id}/verplaatsen",
        lambda w: {"subject": w["other_domain"].subject_id},
        TEACHERS,
    ),
    "teacher_curriculum.add_goal": (
        "POST",
        lambda w: f"/curriculum/deelgebieden/{w['domain'].id}/leerdoelen",
        lambda w: {"title": "Nieuw doel", "level": "5", "period": "2"},
        ADMINS,
    ),
    "teacher_curriculum.remove_goal": (
        "POST",
        lambda w: f"/curriculum/leerdoelen/{w['spare_goal'].id}/verwijderen",
        None,
        ADMINS,
    ),
}
