"""The portfolio's pages through the test client (issue 17): each role writes its own part and reads what it may,
evidence and reports come and go with their files, bad input is refused with a Dutch message and nothing
written, forms need their CSRF token, user text is escaped, and the page's queries do not grow with it."""

import datetime as dt
import io
import os
import re

import pytest

from models import (
    ChatMessage,
    Document,
    PlanGoal,
    PortfolioText,
    PupilSkill,
    RatingRound,
    SchoolSettings,
    Skill,
    SkillRating,
)
from services import clock, portfolio
from tests.support.factories import make_goal
from tests.support.portfolio import PDF, PNG, build_portfolio_school, upload
from tests.support.querycount import count_queries

TODAY = clock.today()


@pytest.fixture
def school(database):
    return build_portfolio_school(TODAY)


def page_text(response):
    assert response.status_code == 200, response.status_code
    return response.get_data(as_text=True)


def flashed(client):
    """The messages flashed for the next page the client opens (taken, as that page would)."""
    with client.session_transaction() as session:
        return [message for _, message in session.pop("_flashes", [])]


def test_pupil_teacher_and_parent_each_write_their_own_text_and_read_the_others(client, auth, school):
    url = f"/portfolio/{school.anna.id}"
    for login, text in (
        ("anna@school.test", "Ik ben Anna <script>alert(1)</script>"),
        ("juf.in@school.test", "Anna denkt goed na."),
        ("linda@school.test", "Thuis bouwt ze met lego."),
    ):
        auth.login(login)
        response = auth.post(f"{url}/tekst", {"tekst": text})
        assert response.status_code == 302 and response.headers["Location"].endswith(f"{url}#teksten")
        auth.logout()

    assert {(t.voice, t.body) for t in PortfolioText.select()} == {
        ("pupil", "Ik ben Anna <script>alert(1)</script>"),
        ("teacher", "Anna denkt goed na."),
        ("parent", "Thuis bouwt ze met lego."),
    }
    auth.login("linda@school.test")
    html = page_text(client.get(url))
    assert "Ik ben Anna &lt;script&gt;alert(1)&lt;/script&gt;" in html and "<script>alert(1)" not in html
    assert "Anna denkt goed na." in html
    assert html.count('name="tekst"') == 1  # the parent's own text is the one she can edit
    assert re.search(r'<textarea[^>]*name="tekst"[^>]*>Thuis bouwt ze met lego.</textarea>', html)


def test_a_pupil_writing_the_teachers_text_gets_a_dutch_refusal_and_nothing_is_written(client, auth, school):
    auth.login("bram@school.test")
    response = auth.post(f"/portfolio/{school.anna.id}/tekst", {"tekst": "Van Bram"})
    assert response.status_code == 403
    assert "Je kunt alleen een portfolio bekijken dat je mag zien." in response.get_data(as_text=True)
    assert PortfolioText.select().count() == 0


def test_a_text_over_the_limit_is_refused_with_a_message(client, auth, school):
    auth.login("anna@school.test")
    response = auth.post(f"/portfolio/{school.anna.id}/tekst", {"tekst": "x" * 2001})
    assert response.status_code == 302
    assert flashed(client) == ["De tekst is te lang: hoogstens 2000 tekens (dit zijn er 2001)."]
    assert PortfolioText.select().count() == 0


def test_a_form_without_its_csrf_token_writes_nothing(client, auth, school):
    auth.login("anna@school.test")
    response = client.post(f"/portfolio/{school.anna.id}/tekst", data={"tekst": "Zonder token"})
    assert response.status_code == 400
    assert PortfolioText.select().count() == 0


def test_parents_see_nothing_while_parent_access_is_off_and_never_another_family(client, auth, school):
    auth.login("ouder.cas@school.test")
    assert client.get(f"/portfolio/{school.anna.id}").status_code == 403
    auth.logout()
    SchoolSettings.update(parent_access=False).execute()
    auth.login("linda@school.test")
    assert client.get(f"/portfolio/{school.anna.id}").status_code == 403
    assert auth.post(f"/portfolio/{school.anna.id}/tekst", {"tekst": "Thuis"}).status_code == 403
    assert PortfolioText.select().count() == 0


def test_the_pupils_menu_leads_to_their_own_portfolio(client, auth, school):
    auth.login("anna@school.test")
    html = page_text(client.get("/mijn-plan"))
    assert 'href="/mijn-portfolio"' in html
    response = client.get("/mijn-portfolio")
    assert response.headers["Location"].endswith(f"/portfolio/{school.anna.id}")
    assert "Mijn portfolio" in page_text(client.get(response.headers["Location"]))


# --- evidence -------------------------------------------------------------------------------------------------


def test_an_uploaded_photo_appears_under_its_goal_and_on_the_goals_page(app, client, auth, school):
    auth.login("anna@school.test")
    response = auth.post(
        f"/portfolio/{school.anna.id}/bewijs",
        {"leerdoel": school.tafels.id, "notitie": "Mijn tafelkaart", "bestand": (io.BytesIO(PNG), "kaart.png")},
        content_type="multipart/form-data",
    )
    assert response.status_code == 302
    document = Document.get(Document.kind == "evidence")
    assert os.path.exists(os.path.join(app.config["UPLOAD_FOLDER"], document.stored_name))

    html = page_text(client.get(f"/portfolio/{school.anna.id}"))
    section = html[html.index('id="bewijs-kop"') :]
    assert section.index("Rekenen") < section.index("Tafels van 3") < section.index("Mijn tafelkaart")
    assert f'src="/bewijs/{document.id}"' in section
    photo = client.get(f"/bewijs/{document.id}")
    assert (photo.status_code, photo.mimetype, photo.data) == (200, "image/png", PNG)
    assert photo.headers["X-Content-Type-Options"] == "nosniff"

    goal_page = page_text(client.get(f"/portfolio/{school.anna.id}/leerdoelen/{school.tafels.id}"))
    assert "Mijn tafelkaart" in goal_page and "Bewijs (1)" in goal_page
    assert (
        client.get(f"/portfolio/{school.anna.id}/leerdoelen/{school.breuken.id}").status_code == 404
    )  # not on the plan


@pytest.mark.parametrize(
    "filename, data, message",
    [
        ("programma.exe", b"MZ\x90\x00", "Dit soort bestand kan niet bewaard worden."),
        ("foto.png", b"<html>nep</html>", "De inhoud van dit bestand past niet bij .png."),
    ],
)
def test_a_forbidden_file_gets_a_dutch_message_and_nothing_is_kept(app, client, auth, school, filename, data, message):
    auth.login("anna@school.test")
    response = auth.post(
        f"/portfolio/{school.anna.id}/bewijs",
        {"leerdoel": school.tafels.id, "notitie": "x", "bestand": (io.BytesIO(data), filename)},
        content_type="multipart/form-data",
    )
    assert response.status_code == 302
    assert flashed(client)[0].startswith(message)
    assert Document.select().count() == 0 and ChatMessage.select().count() == 0
    folder = app.config["UPLOAD_FOLDER"]
    assert not os.path.isdir(folder) or os.listdir(folder) == []


def test_a_tampered_goal_id_is_refused(client, auth, school):
    auth.login("anna@school.test")
    for goal_id in ("abc", str(make_goal().id)):
        response = auth.post(f"/portfolio/{school.anna.id}/bewijs", {"leerdoel": goal_id, "notitie": "x"})
        assert response.status_code in (400, 404)
    assert Document.select().count() == 0


def test_the_teacher_marks_a_highlight_and_the_pupil_removes_his_own_piece(app, client, auth, school):
    piece = portfolio.add_evidence(
        school.anna, school.anna, upload=upload(PNG, "a.png"), upload_folder=app.config["UPLOAD_FOLDER"]
    )
    auth.login("juf.in@school.test")
    auth.post(f"/portfolio/{school.anna.id}/bewijs/{piece.id}/hoogtepunt", {"aan": "1"})
    assert Document.get_by_id(piece.id).highlighted
    html = page_text(client.get(f"/portfolio/{school.anna.id}"))
    assert "Hoogtepunten" in html and "★ hoogtepunt" in html
    auth.logout()

    auth.login("bram@school.test")  # another pupil: not his portfolio
    assert auth.post(f"/portfolio/{school.anna.id}/bewijs/{piece.id}/weghalen").status_code == 403
    auth.logout()
    auth.login("anna@school.test")
    assert auth.post(f"/portfolio/{school.anna.id}/bewijs/{piece.id}/weghalen").status_code == 302
    assert Document.select().count() == 0
    assert not os.path.exists(os.path.join(app.config["UPLOAD_FOLDER"], piece.stored_name))


def test_a_piece_of_another_pupil_is_not_found_through_this_pupils_address(app, client, auth, school):
    brams = portfolio.add_evidence(school.bram, school.bram, note="Van Bram")
    auth.login("juf.in@school.test")
    response = auth.post(f"/portfolio/{school.anna.id}/bewijs/{brams.id}/hoogtepunt", {"aan": "1"})
    assert response.status_code == 404 and not Document.get_by_id(brams.id).highlighted


# --- reports --------------------------------------------------------------------------------------------------


def test_the_teacher_uploads_a_report_and_the_parent_reads_it(client, auth, school):
    auth.login("juf.in@school.test")
    response = auth.post(
        f"/portfolio/{school.anna.id}/rapporten",
        {"titel": "Rapport midden groep 5", "bestand": (io.BytesIO(PDF), "rapport.pdf")},
        content_type="multipart/form-data",
    )
    assert response.status_code == 302
    report = Document.get(Document.kind == "report")
    auth.logout()

    auth.login("linda@school.test")
    assert "Rapport midden groep 5" in page_text(client.get(f"/portfolio/{school.anna.id}"))
    pdf = client.get(f"/portfolio/{school.anna.id}/rapporten/{report.id}")
    assert (pdf.status_code, pdf.mimetype, pdf.data) == (200, "application/pdf", PDF)
    auth.logout()
    auth.login("ouder.cas@school.test")
    assert client.get(f"/portfolio/{school.anna.id}/rapporten/{report.id}").status_code == 403
    assert client.get(f"/portfolio/{school.cas.id}/rapporten/{report.id}").status_code == 404


def test_a_report_that_is_no_pdf_is_refused(client, auth, school):
    auth.login("juf.in@school.test")
    auth.post(
        f"/portfolio/{school.anna.id}/rapporten",
        {"titel": "Foto", "bestand": (io.BytesIO(PNG), "rapport.png")},
        content_type="multipart/form-data",
    )
    assert flashed(client) == ["Dit soort bestand kan niet bewaard worden. Toegestaan zijn alleen pdf."]
    assert Document.select().count() == 0


# --- skills, rounds and stars ---------------------------------------------------------------------------------


def test_a_teacher_gives_skills_and_opens_a_round_and_the_pupil_gives_stars(client, auth, school):
    auth.login("juf.in@school.test")
    group_url = f"/groepen/{school.group.id}/portfolio"
    assert "Vaardigheden en sterrenronde" in page_text(client.get(f"/groepen/{school.group.id}"))
    auth.post(f"{group_url}/vaardigheden", {"leerling": [school.anna.id], "vaardigheid": [school.samenwerken.id]})
    until = (TODAY + dt.timedelta(days=7)).isoformat()
    auth.post(f"/groepen/{school.group.id}/sterrenronde", {"tot": until})
    html = page_text(client.get(group_url))
    assert "Open tot en met" in html and "samenwerken" in html
    auth.logout()

    auth.login("anna@school.test")
    html = page_text(client.get(f"/portfolio/{school.anna.id}"))
    assert "Geef jezelf sterren voor elke vaardigheid." in html
    auth.post(f"/portfolio/{school.anna.id}/sterren", {"vaardigheid": school.samenwerken.id, "sterren": "3"})
    assert flashed(client) == ["3 sterren gegeven voor samenwerken."]
    auth.post(f"/portfolio/{school.anna.id}/sterren", {"vaardigheid": school.samenwerken.id, "sterren": "5"})
    assert flashed(client) == ["Kies 1, 2 of 3 sterren."]
    assert [(r.voice, r.stars) for r in SkillRating.select()] == [("pupil", 3)]
    html = page_text(client.get(f"/portfolio/{school.anna.id}"))
    assert '"data": [null, 3, null, null]' in html  # the chart's data for the pupil's line
    assert PupilSkill.select().count() == 1 and RatingRound.select().count() == 1


def test_another_teacher_cannot_open_a_round_for_the_group(client, auth, school):
    auth.login("meester.uit@school.test")
    response = auth.post(f"/groepen/{school.group.id}/sterrenronde", {"tot": TODAY.isoformat()})
    assert response.status_code == 403 and RatingRound.select().count() == 0


# --- reflection conversations ---------------------------------------------------------------------------------


def test_recording_a_conversation_puts_the_agreed_goals_on_the_plan(client, auth, school):
    klok = make_goal(school.tafels.domain, title="Klokkijken", level=5, period=3)
    auth.login("juf.in@school.test")
    form = page_text(client.get(f"/portfolio/{school.anna.id}/leergesprekken/nieuw"))
    first_question = portfolio.questions()[0]
    assert first_question.text in form and "Klokkijken" in form
    fragment = client.get(
        f"/portfolio/{school.anna.id}/leergesprekken/nieuw?niveau=&vak=&doel={klok.id}", headers={"HX-Request": "true"}
    )
    fragment = page_text(fragment)
    assert fragment.lstrip().startswith('<div id="doelen"')  # only the picker, swapped in by htmx
    assert f'value="{klok.id}" id="doel-{klok.id}" checked' in fragment

    response = auth.post(
        f"/portfolio/{school.anna.id}/leergesprekken",
        {
            "datum": TODAY.isoformat(),
            f"antwoord-{first_question.id}": "Mijn tafelkaart",
            "notities": "Alleen voor leraren",
            "doel": [school.breuken.id, klok.id],
            "plan": "current",
        },
    )
    assert response.status_code == 302
    assert flashed(client) == ["Het leergesprek is vastgelegd. 2 nieuwe doelen staan op het huidige plan."]
    on_plan = {pg.goal_id for pg in PlanGoal.select().where(PlanGoal.pupil == school.anna)}
    assert {school.breuken.id, klok.id} <= on_plan
    auth.logout()

    auth.login("anna@school.test")
    html = page_text(client.get(response.headers["Location"]))
    assert "Mijn tafelkaart" in html and "Klokkijken" in html and "Alleen voor leraren" not in html


def test_bad_conversation_input_shows_the_form_again_as_filled_in(client, auth, school):
    auth.login("juf.in@school.test")
    question = portfolio.questions()[0]
    response = auth.post(
        f"/portfolio/{school.anna.id}/leergesprekken",
        {"datum": (TODAY + dt.timedelta(days=3)).isoformat(), f"antwoord-{question.id}": "Bewaar mij"},
    )
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert "Een leergesprek leg je vast op of na de dag van het gesprek." in html and "Bewaar mij" in html
    assert PlanGoal.select().count() == 4


def test_the_pupil_prepares_a_planned_conversation(client, auth, school):
    auth.login("juf.in@school.test")
    auth.post(f"/portfolio/{school.anna.id}/leergesprekken/plannen", {"datum": TODAY.isoformat()})
    planned = portfolio.coming_conversation(school.anna)
    auth.logout()

    auth.login("anna@school.test")
    html = page_text(client.get(f"/portfolio/{school.anna.id}"))
    assert "Bereid je voor" in html
    auth.post(
        f"/portfolio/{school.anna.id}/leergesprekken/{planned.id}/voorbereiding",
        {"went_well": "Tafels", "was_hard": "Breuken", "learn_next": "De klok"},
    )
    assert portfolio.find_conversation(planned.id).learn_next == "De klok"
    auth.logout()
    auth.login("juf.in@school.test")
    form = page_text(client.get(f"/portfolio/{school.anna.id}/leergesprekken/nieuw?gesprek={planned.id}"))
    assert "De voorbereiding van Anna" in form and "De klok" in form


# --- the teacher's pupil page, and queries ----------------------------------------------------------------------


def test_the_pupil_page_lists_the_conversations_and_links_the_portfolio(client, auth, school):
    portfolio.record_conversation(school.teacher, school.anna, TODAY, goals=[school.breuken.id])
    auth.login("juf.in@school.test")
    html = page_text(client.get(f"/leerlingen/{school.anna.id}"))
    assert "Portfolio en leergesprekken" in html and f"Leergesprek {TODAY:%d-%m-%Y}" in html
    assert f'href="/portfolio/{school.anna.id}"' in html
    assert f"/portfolio/{school.anna.id}/leerdoelen/{school.tafels.id}" in html  # evidence of each goal


def _fill(school, app, n):
    """n of everything on Anna's portfolio."""
    folder = app.config["UPLOAD_FOLDER"]
    first = Skill.select().count()
    skills = [Skill.create(name=f"vaardigheid {first + i}", position=first + i) for i in range(n)]
    portfolio.give_skills(school.teacher, [school.anna], skills)
    for skill in skills:
        portfolio.rate_skill(school.teacher, school.anna, skill, "teacher", 2)
    for i in range(n):
        portfolio.add_evidence(
            school.anna, school.anna, school.tafels.id, upload=upload(PNG, f"{i}.png"), upload_folder=folder
        )
        portfolio.add_evidence(school.teacher, school.anna, school.spelling.id, note=f"Notitie {i}")
        portfolio.add_report(school.teacher, school.anna, upload(PDF, f"{i}.pdf"), f"Rapport {i}", folder)
        portfolio.record_conversation(school.teacher, school.anna, TODAY, goals=[make_goal(school.tafels.domain).id])


def test_the_portfolio_page_queries_do_not_grow_with_the_portfolio(app, client, auth, school):
    auth.login("juf.in@school.test")
    url = f"/portfolio/{school.anna.id}"
    _fill(school, app, 2)
    with count_queries() as small:
        page_text(client.get(url))
    _fill(school, app, 12)
    with count_queries() as large:
        html = page_text(client.get(url))
    assert html.count('class="piece card') == 28 and html.count("Leergesprek " + f"{TODAY:%d-%m-%Y}") == 14
    assert len(large) == len(small), (len(small), len(large))
