"""Who may use the pages of goal sets (doelensets): their goals, content, media, and linking them to groups.

Rows of tests/web/test_role_matrix.py: endpoint -> (method, url(world), form(world) or None, outcome per role).
"""

from tests.support.roles import PUPILS_TEACHERS, STAFF, TEACHERS

TABLE = {
    # goal sets
    "teacher_goal_sets.index": ("GET", lambda w: "/doelensets", None, STAFF),
    "teacher_goal_sets.all_sets": ("GET", lambda w: "/doelensets/alle", None, STAFF),
    "teacher_goal_sets.new": (
        "POST",
        lambda w: "/doelensets/nieuw",
        lambda w: {"stap": "aanmaken", "naam": "Project lucht", "doel": [w["goal"].id]},
        TEACHERS,
    ),
    "teacher_goal_sets.detail": ("GET", lambda w: f"/doelensets/{w['goal_set'].id}", None, STAFF),
    "teacher_goal_sets.pick_goals": ("GET", lambda w: f"/doelensets/{w['goal_set'].id}/leerdoelen", None, TEACHERS),
    "teacher_goal_sets.add_goals": (
        "POST",
        lambda w: f"/doelensets/{w['goal_set'].id}/leerdoelen/toevoegen",
        lambda w: {"doel": [w["spare_goal"].id]},
        TEACHERS,
    ),
    "teacher_goal_sets.remove_goals": (
        "POST",
        lambda w: f"/doelensets/{w['goal_set'].id}/leerdoelen/verwijderen",
        lambda w: {"doel": [w["goal"].id]},
        TEACHERS,
    ),
    "teacher_goal_sets.update_content": (
        "POST",
        lambda w: f"/doelensets/{w['goal_set'].id}/inhoud",
        lambda w: {"naam": "Project water 2", "beschrijving": "Nat"},
        TEACHERS,
    ),
    "teacher_goal_sets.update_plan": (
        "POST",
        lambda w: f"/doelensets/{w['goal_set'].id}/plan",
        lambda w: {"plan": "1. Lees de tekst"},
        TEACHERS,
    ),
    "teacher_goal_sets.add_media": (
        "POST",
        lambda w: f"/doelensets/{w['goal_set'].id}/media",
        lambda w: {"titel": "Filmpje", "url": "https://example.org/film"},
        TEACHERS,
    ),
    "teacher_goal_sets.remove_media": (
        "POST",
        lambda w: f"/doelensets/{w['goal_set'].id}/media/{w['media'].id}/verwijderen",
        None,
        TEACHERS,
    ),
    # linking a set to a group changes the group's plans: its teachers (and admins) only
    "teacher_goal_sets.link": (
        "POST",
        lambda w: f"/doelensets/{w['other_set'].id}/koppelen",
        lambda w: {"groep": w["group"].id},
        PUPILS_TEACHERS,
    ),
    "teacher_goal_sets.unlink": (
        "POST",
        lambda w: f"/doelensets/{w['goal_set'].id}/ontkoppelen",
        lambda w: {"groep": w["group"].id},
        PUPILS_TEACHERS,
    ),
}
# Pages that also answer GET besides the POST listed above: (url(world), outcome per role).
ALSO_GET = {
    "teacher_goal_sets.new": (lambda w: "/doelensets/nieuw", TEACHERS),
}
