"""Who may use the pages of the class folder, the timetables and the week planning (issue 13).

Rows of tests/web/test_role_matrix.py: endpoint -> (method, url(world), form(world) or None, outcome per role).
The world gets a week template around today with a block of Groep 5a, taught by its teacher, on every day
(its lesson of today is only planned: the first change writes it), and the pupil's goal on this week's
planning.
"""

import datetime as dt

import models
from models import AbsenceReason, LessonBlock, WeekGoal
from services import clock
from tests.support.roles import PUPILS, PUPILS_TEACHERS, STAFF, TEACHERS, outcome
from tests.support.timetables import make_week_template

OWN_PUPIL = outcome(pupil=True)  # only the pupil whose week it is


def extend_world(world):
    today = clock.today()
    monday = today - dt.timedelta(days=today.weekday())
    template = make_week_template(weeks=3, name="Rooster rond vandaag")
    blocks = [
        LessonBlock.create(
            week_template=template,
            weekday=weekday,
            start_time=dt.time(10),
            end_time=dt.time(11),
            title="Taal",
            group=world["group"],
            teacher=world["teacher"],
        )
        for weekday in range(7)
    ]
    world["planned"] = f"b{blocks[today.weekday()].id}-{today.isoformat()}"
    world["monday"] = monday.isoformat()
    world["reason"] = AbsenceReason.get(AbsenceReason.name == "ziek")
    WeekGoal.create(pupil=world["pupil"], goal=world["goal"], week=monday, added=True, changed_by=world["teacher"])


TABLE = {
    "class_folder.lesson": ("GET", lambda w: f"/lessen/{w['planned']}", None, STAFF),
    "class_folder.edit": (
        "POST",
        lambda w: f"/lessen/{w['planned']}/bewerken",
        lambda w: {"doel": [w["goal"].id, w["spare_goal"].id], "notitie": "Instructie aan de tafel"},
        PUPILS_TEACHERS,
    ),
    "class_folder.attendance": (
        "POST",
        lambda w: f"/lessen/{w['planned']}/aanwezigheid",
        lambda w: {f"leerling-{w['pupil'].id}": str(w["reason"].id)},
        PUPILS_TEACHERS,
    ),
    "class_folder.my_timetable": ("GET", lambda w: "/rooster", None, STAFF),
    "class_folder.find": ("GET", lambda w: "/rooster/zoeken?naam=Daan", None, STAFF),
    "class_folder.teacher_timetable": ("GET", lambda w: f"/rooster/leraar/{w['teacher'].id}", None, STAFF),
    "class_folder.pupil_timetable": ("GET", lambda w: f"/rooster/leerling/{w['pupil'].id}", None, STAFF),
    "week_planning.group_week": ("GET", lambda w: f"/groepen/{w['group'].id}/week", None, STAFF),
    "week_planning.change_group_week": (
        "POST",
        lambda w: f"/groepen/{w['group'].id}/week",
        lambda w: {"week": w["monday"], "doel": [w["spare_goal"].id], "leerling": [w["pupil"].id]},
        PUPILS_TEACHERS,
    ),
    "week_planning.my_week": ("GET", lambda w: "/mijn-week", None, PUPILS),
    "week_planning.tick": (
        "POST",
        lambda w: f"/mijn-week/klaar/{w['plan_goal'].id}",
        lambda w: {"week": w["monday"], "klaar": "1"},
        OWN_PUPIL,
    ),
}

ALSO_GET = {
    "class_folder.edit": (lambda w: f"/lessen/{w['planned']}/bewerken", PUPILS_TEACHERS),
    "class_folder.attendance": (lambda w: f"/lessen/{w['planned']}/aanwezigheid", PUPILS_TEACHERS),
}

ACTIONS = {
    "view_timetables": STAFF,
    "plan_weeks": TEACHERS,
    "view_own_week": PUPILS,
}

CHANGED_IN_PLACE = (models.Lesson, models.Attendance, models.WeekGoal)
