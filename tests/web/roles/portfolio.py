"""Who may use the portfolio's pages (issue 17): the page and its texts, stars and skills, evidence and reports,
reflection conversations, and a group's skills and rating rounds.

Rows of tests/web/test_role_matrix.py: endpoint -> (method, url(world), form(world) or None, outcome per role).
The world's pupil (Daan, Groep 5a) has a skill, an open rating round in his group, a piece of evidence he added,
a report and a planned conversation; his classmate Eva has nothing yet.
"""

import datetime as dt
import io

from models import Conversation, Document, Period, PupilSkill, RatingRound, Skill
from services import clock
from tests.support.portfolio import PDF, make_periods
from tests.support.roles import PUPILS, PUPILS_TEACHERS, SIGNED_IN, STAFF, TEACHERS, outcome

VIEWERS = outcome(pupil=True, parent=True, assistant=True, teacher=True, other_teacher=True, admin=True)
OWN_VOICE = outcome(pupil=True, parent=True, teacher=True, admin=True)  # each writes their own part
ADDS_EVIDENCE = outcome(pupil=True, teacher=True, admin=True)  # parents only read
REPORT_FILE = "report-world.pdf"


def extend_world(world):
    today = clock.today()
    make_periods(today)
    pupil, group = world["pupil"], world["group"]
    skill, other_skill = Skill.get(name="samenwerken"), Skill.get(name="plannen")
    PupilSkill.create(pupil=pupil, skill=skill)
    period = Period.on(today)
    world["portfolio_round"] = RatingRound.create(group=group, period=period, closes_on=today + dt.timedelta(days=7))
    world["portfolio_skill"], world["portfolio_other_skill"] = skill, other_skill
    world["portfolio_evidence"] = Document.create(
        kind="evidence",
        title="Mijn tafelkaart",
        body="Mijn tafelkaart",
        pupil=pupil,
        goal=world["goal"],
        uploaded_by=pupil,
    )
    world["portfolio_report"] = Document.create(
        kind="report",
        title="Rapport",
        filename="rapport.pdf",
        stored_name=REPORT_FILE,
        content_type="application/pdf",
        size=len(PDF),
        pupil=pupil,
        uploaded_by=world["teacher"],
    )
    world["files"] = {**world.get("files", {}), REPORT_FILE: PDF}
    world["portfolio_conversation"] = Conversation.create(
        pupil=pupil, teacher=world["teacher"], held_on=today + dt.timedelta(days=2)
    )


def _pupil(w, rest=""):
    return f"/portfolio/{w['pupil'].id}{rest}"


TABLE = {
    "portfolio.mine": ("GET", lambda w: "/mijn-portfolio", None, PUPILS),
    "portfolio.page": ("GET", lambda w: _pupil(w), None, VIEWERS),
    "portfolio.write_text": ("POST", lambda w: _pupil(w, "/tekst"), lambda w: {"tekst": "Dit ben ik."}, OWN_VOICE),
    "portfolio.rate": (
        "POST",
        lambda w: _pupil(w, "/sterren"),
        lambda w: {"vaardigheid": w["portfolio_skill"].id, "sterren": "2"},
        OWN_VOICE,
    ),
    "portfolio.give_skill": (
        "POST",
        lambda w: _pupil(w, "/vaardigheden"),
        lambda w: {"vaardigheid": w["portfolio_other_skill"].id},
        PUPILS_TEACHERS,
    ),
    "portfolio.take_skill": (
        "POST",
        lambda w: _pupil(w, f"/vaardigheden/{w['portfolio_skill'].id}/weghalen"),
        None,
        PUPILS_TEACHERS,
    ),
    # evidence and reports
    "evidence.goal": ("GET", lambda w: _pupil(w, f"/leerdoelen/{w['goal'].id}"), None, VIEWERS),
    "evidence.add": ("POST", lambda w: _pupil(w, "/bewijs"), lambda w: {"notitie": "Zelf gemaakt"}, ADDS_EVIDENCE),
    "evidence.highlight": (
        "POST",
        lambda w: _pupil(w, f"/bewijs/{w['portfolio_evidence'].id}/hoogtepunt"),
        lambda w: {"aan": "1"},
        PUPILS_TEACHERS,
    ),
    "evidence.remove": (
        "POST",
        lambda w: _pupil(w, f"/bewijs/{w['portfolio_evidence'].id}/weghalen"),
        None,
        ADDS_EVIDENCE,  # the pupil who added it, or a teacher of the pupil
    ),
    "evidence.add_report": (
        "POST",
        lambda w: _pupil(w, "/rapporten"),
        lambda w: {"titel": "Toets", "bestand": (io.BytesIO(PDF), "toets.pdf")},
        PUPILS_TEACHERS,
    ),
    "evidence.report": ("GET", lambda w: _pupil(w, f"/rapporten/{w['portfolio_report'].id}"), None, VIEWERS),
    "evidence.remove_report": (
        "POST",
        lambda w: _pupil(w, f"/rapporten/{w['portfolio_report'].id}/weghalen"),
        None,
        PUPILS_TEACHERS,
    ),
    # reflection conversations
    "conversations.new": ("GET", lambda w: _pupil(w, "/leergesprekken/nieuw"), None, PUPILS_TEACHERS),
    "conversations.record": (
        "POST",
        lambda w: _pupil(w, "/leergesprekken"),
        lambda w: {"datum": clock.today().isoformat(), "doel": [w["spare_goal"].id], "plan": "current"},
        PUPILS_TEACHERS,
    ),
    "conversations.plan": (  # the classmate: the pupil has a planned conversation already
        "POST",
        lambda w: f"/portfolio/{w['classmate'].id}/leergesprekken/plannen",
        lambda w: {"datum": (clock.today() + dt.timedelta(days=3)).isoformat()},
        PUPILS_TEACHERS,
    ),
    "conversations.show": (
        "GET",
        lambda w: _pupil(w, f"/leergesprekken/{w['portfolio_conversation'].id}"),
        None,
        VIEWERS,
    ),
    "conversations.prepare": (
        "POST",
        lambda w: _pupil(w, f"/leergesprekken/{w['portfolio_conversation'].id}/voorbereiding"),
        lambda w: {"went_well": "De tafels", "was_hard": "Breuken", "learn_next": "Klokkijken"},
        outcome(pupil=True),
    ),
    # a group's skills and rating rounds
    "group_portfolio.index": ("GET", lambda w: f"/groepen/{w['group'].id}/portfolio", None, STAFF),
    "group_portfolio.give_skills": (
        "POST",
        lambda w: f"/groepen/{w['group'].id}/portfolio/vaardigheden",
        lambda w: {"leerling": [w["pupil"].id, w["classmate"].id], "vaardigheid": [w["portfolio_other_skill"].id]},
        PUPILS_TEACHERS,
    ),
    "group_portfolio.open_round": (  # Groep 6b: Groep 5a has its round open already
        "POST",
        lambda w: f"/groepen/{w['other_pupil'].memberships[0].group_id}/sterrenronde",
        lambda w: {"tot": (clock.today() + dt.timedelta(days=5)).isoformat()},
        outcome(other_teacher=True, admin=True),
    ),
    "group_portfolio.close_round": (
        "POST",
        lambda w: f"/groepen/{w['group'].id}/sterrenronde/sluiten",
        None,
        PUPILS_TEACHERS,
    ),
}

ACTIONS = {
    "view_portfolios": SIGNED_IN,
    "manage_portfolios": TEACHERS,
    "read_teacher_notes": STAFF,
}

CHANGED_IN_PLACE = (Document, Conversation, RatingRound)
