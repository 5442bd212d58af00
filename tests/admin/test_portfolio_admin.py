"""The portfolio in the back office (issue 17): the school's questions for reflection conversations are kept
here (audited), everything pupils, parents and teachers write is readable and searchable but not changeable."""

import datetime as dt

import pytest

from models import AuditLog, ConversationQuestion, Document, PortfolioText, Skill
from services import clock, portfolio
from tests.support.portfolio import PDF, make_periods, upload
from tests.support.schools import build_school

LISTS = (
    "conversation-questions",
    "portfolio-texts",
    "pupil-skills",
    "skill-ratings",
    "rating-rounds",
    "portfolio-documents",
    "reflection-conversations",
    "conversation-answers",
    "conversation-evidence",
    "conversation-goals",
)


@pytest.fixture
def school(app, auth, database):
    school = build_school()
    make_periods(clock.today())
    skill = Skill.get(name="samenwerken")
    portfolio.write_text(school.anna, school.anna, "pupil", "Ik ben <b>Anna</b>.")
    portfolio.give_skills(school.teacher, [school.anna], [skill])
    portfolio.open_round(school.teacher, school.group, clock.today() + dt.timedelta(days=3))
    portfolio.rate_skill(school.anna, school.anna, skill, "pupil", 2)
    piece = portfolio.add_evidence(school.anna, school.anna, school.tafels.id, note="Mijn tafelkaart")
    portfolio.add_report(school.teacher, school.anna, upload(PDF, "r.pdf"), "Rapport M5", app.config["UPLOAD_FOLDER"])
    portfolio.record_conversation(
        school.teacher,
        school.anna,
        clock.today(),
        answers={portfolio.questions()[0].id: "Op mijn kaart"},
        notes="Voor de leraren",
        evidence=[piece.id],
        goals=[school.breuken.id],
    )
    auth.login(school.admin.login)
    return school


def test_every_portfolio_list_shows_its_rows(client, school):
    expected = {
        "portfolio-texts": "Ik ben &lt;b&gt;Anna&lt;/b&gt;.",
        "pupil-skills": "samenwerken",
        "skill-ratings": "leerling (Dit ben ik)",
        "rating-rounds": "Groep 5a",
        "portfolio-documents": "Rapport M5",
        "reflection-conversations": "Aalders",
        "conversation-answers": "Op mijn kaart",
        "conversation-goals": "Breuken vergelijken",
    }
    for url in LISTS:
        response = client.get(f"/admin/{url}/")
        assert response.status_code == 200, url
        if url in expected:
            assert expected[url] in response.get_data(as_text=True), url
    documents = client.get("/admin/portfolio-documents/?search=tafelkaart").get_data(as_text=True)
    assert "Mijn tafelkaart" in documents and "Rapport M5" not in documents


def test_the_portfolio_lists_are_read_only(client, auth, school):
    for url in LISTS[1:]:
        assert client.get(f"/admin/{url}/new/").status_code == 302, url
        auth.post(f"/admin/{url}/delete/", {"id": "1"})
    assert PortfolioText.select().count() == 1
    assert Document.select().count() == 2


def test_the_schools_questions_are_kept_here_and_audited(client, auth, school):
    response = auth.post(
        "/admin/conversation-questions/new/", {"text": "  Waar wil je meer tijd voor?  ", "position": "9"}
    )
    assert response.status_code == 302
    added = ConversationQuestion.get(ConversationQuestion.position == 9)
    assert added.text == "Waar wil je meer tijd voor?"
    assert (
        AuditLog.select().where(AuditLog.action == "admin_create", AuditLog.entity == "ConversationQuestion").exists()
    )
    assert portfolio.questions()[-1].text == "Waar wil je meer tijd voor?"

    auth.post(
        f"/admin/conversation-questions/edit/?id={added.id}", {"text": added.text, "position": "9", "archived": "y"}
    )
    assert added.text not in [q.text for q in portfolio.questions()]  # an archived question is asked no more
    before = ConversationQuestion.select().count()
    auth.post("/admin/conversation-questions/new/", {"text": "   ", "position": "1"})
    assert ConversationQuestion.select().count() == before


def test_a_changed_question_leaves_recorded_answers_as_they_were(client, auth, school):
    question = portfolio.questions()[0]
    auth.post(f"/admin/conversation-questions/edit/?id={question.id}", {"text": "Nieuwe vraag", "position": "0"})
    (conversation,) = portfolio.conversations_of(school.teacher, school.anna)
    detail = portfolio.conversation_detail(school.teacher, conversation["id"])
    assert detail["answers"][0] == ("Op welk werk ben je trots, en waarom?", "Op mijn kaart")
