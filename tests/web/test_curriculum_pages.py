"""Curriculum pages: the tree with filters, the counts, a goal's page, and who may change what."""

import pytest

from models import Document, Domain, Goal, PlanGoal, Subject
from tests.support.factories import (
    make_admin,
    make_domain,
    make_goal,
    make_parent,
    make_pupil,
    make_teacher,
    make_user,
    put_on_plan,
)

ROLES = ["admin", "teacher", "assistant", "pupil", "parent"]
EDITORS = ("admin", "teacher")


@pytest.fixture
def school(database):
    getallen = make_domain("Rekenen", "Getallen")
    spelling = make_domain("Taal", "Spelling")
    goals = {
        "tafels": make_goal(
            getallen,
            level=4,
            period=1,
            title="Tafels van 3 en 4",
            description="Gebruik het rek.",
            steps="Lees de regel\nMaak blad 12",
        ),
        "breuken": make_goal(getallen, level=5, period=2, title="Breuken vergelijken"),
        "ei": make_goal(spelling, level=4, period=2, title="Woorden met ei en ij"),
    }
    pupil = make_pupil()
    users = {
        "admin": make_admin(),
        "teacher": make_teacher(),
        "assistant": make_user("assistant"),
        "pupil": pupil,
        "parent": make_parent(children=[pupil]),
    }
    return {"users": users, "goals": goals, "getallen": getallen, "spelling": spelling}


def login(auth, school, role):
    auth.login(school["users"][role].login)


@pytest.mark.parametrize("role", ROLES)
def test_who_may_read_the_curriculum(client, auth, school, role):
    login(auth, school, role)
    goal = school["goals"]["tafels"]
    for url in ("/curriculum", "/curriculum?aantallen=1", f"/curriculum/leerdoelen/{goal.id}"):
        response = client.get(url)
        assert response.status_code == (403 if role in ("pupil", "parent") else 200)


@pytest.mark.parametrize("url", ["/curriculum", "/curriculum/leerdoelen/1"])
def test_anonymous_visitors_are_sent_to_sign_in(client, database, url):
    response = client.get(url)
    assert response.status_code == 302 and response.headers["Location"].startswith("/login")


def test_the_tree_shows_subjects_domains_and_goals_filtered_by_level_and_period(client, auth, school):
    login(auth, school, "teacher")
    page = client.get("/curriculum").get_data(as_text=True)
    assert page.index("Rekenen") < page.index("Getallen") < page.index("Tafels van 3 en 4")
    assert "Taal" in page and "Woorden met ei en ij" in page
    page = client.get("/curriculum?niveau=4&periode=2").get_data(as_text=True)
    assert "Woorden met ei en ij" in page and "Tafels van 3 en 4" not in page and "Breuken" not in page
    assert 'id="niveau-4" checked' in page


def test_a_tampered_filter_is_a_dutch_400(client, auth, school):
    login(auth, school, "teacher")
    response = client.get("/curriculum?niveau=abc")
    assert response.status_code == 400 and "Ongeldige niveau" in response.get_data(as_text=True)


def test_counts_per_subject_and_domain_follow_the_filter(client, auth, school):
    login(auth, school, "teacher")
    page = client.get("/curriculum?aantallen=1&niveau=4").get_data(as_text=True)
    counts = page.split("Aantallen leerdoelen")[1].split("</table>")[0]
    assert "Periode 1" in counts and "Periode 4" in counts
    rekenen = counts.split("Rekenen")[1].split("</tr>")[0]
    assert rekenen.count('<td class="number">1</td>') == 2  # period 1 and total; breuken is level 5
    assert "Aantallen verbergen" in page


def test_a_goal_page_shows_description_steps_and_material(client, auth, school):
    goal = school["goals"]["tafels"]
    Document.create(kind="material", title="Werkblad tafels", url="https://example.org/tafels.pdf", goal=goal)
    Document.create(kind="material", title="Slechte link", url="javascript:alert(1)", goal=goal)
    Document.create(kind="group", title="Niet van dit doel", goal=goal)
    put_on_plan(school["users"]["pupil"], goal)
    login(auth, school, "assistant")
    page = client.get(f"/curriculum/leerdoelen/{goal.id}").get_data(as_text=True)
    assert "Gebruik het rek." in page and "<li>Lees de regel</li>" in page and "<li>Maak blad 12</li>" in page
    assert 'href="https://example.org/tafels.pdf"' in page and "javascript:alert" not in page
    assert "Slechte link" in page and "Niet van dit doel" not in page
    assert "op het plan van 1 leerling" in page
    assert "/wijzigen" not in page and "Leerdoel verwijderen" not in page  # an assistant only reads


def test_an_unknown_goal_is_404(client, auth, school):
    login(auth, school, "teacher")
    assert client.get("/curriculum/leerdoelen/99999").status_code == 404


def test_only_admins_see_the_add_and_remove_buttons(client, auth, school):
    goal = school["goals"]["tafels"]
    login(auth, school, "teacher")
    assert "Leerdoel toevoegen" not in client.get("/curriculum").get_data(as_text=True)
    assert "Leerdoel verwijderen" not in client.get(f"/curriculum/leerdoelen/{goal.id}").get_data(as_text=True)
    auth.logout()
    login(auth, school, "admin")
    assert "Leerdoel toevoegen" in client.get("/curriculum").get_data(as_text=True)
    assert "Leerdoel verwijderen" in client.get(f"/curriculum/leerdoelen/{goal.id}").get_data(as_text=True)


@pytest.mark.parametrize("role", ROLES)
def test_who_may_rename_a_goal_and_change_its_level_and_period(client, auth, school, role):
    login(auth, school, role)
    goal = school["goals"]["tafels"]
    response = auth.post(
        f"/curriculum/leerdoelen/{goal.id}/wijzigen", data={"title": "Tafels 3, 4", "level": 5, "period": 3}
    )
    changed = Goal.get_by_id(goal.id)
    if role in EDITORS:
        assert response.status_code == 302
        assert (changed.title, changed.level, changed.period) == ("Tafels 3, 4", 5, 3)
    else:
        assert response.status_code == 403
        assert (changed.title, changed.level, changed.period) == ("Tafels van 3 en 4", 4, 1)


def test_changing_level_keeps_existing_plans(client, auth, school):
    goal = school["goals"]["tafels"]
    put_on_plan(school["users"]["pupil"], goal)
    login(auth, school, "teacher")
    auth.post(f"/curriculum/leerdoelen/{goal.id}/wijzigen", data={"title": goal.title, "level": 7, "period": 1})
    assert PlanGoal.select().where(PlanGoal.goal == goal).count() == 1


@pytest.mark.parametrize(
    "data, message",
    [
        ({"title": "", "level": 5, "period": 1}, "Vul de titel van het leerdoel in."),
        ({"title": "Nieuw", "level": 9, "period": 1}, "Het niveau moet tussen 1 en 8 liggen."),
        ({"title": "Nieuw", "level": "x", "period": 1}, "Niveau en periode moeten hele getallen zijn."),
        ({"title": "Nieuw", "level": 4, "period": 7}, "De periode moet tussen 1 en 4 liggen."),
    ],
)
def test_a_bad_goal_edit_shows_the_dutch_reason_and_writes_nothing(client, auth, school, data, message):
    goal = school["goals"]["tafels"]
    login(auth, school, "teacher")
    page = auth.post(f"/curriculum/leerdoelen/{goal.id}/wijzigen", data=data, follow_redirects=True).get_data(
        as_text=True
    )
    assert message in page
    changed = Goal.get_by_id(goal.id)
    assert (changed.title, changed.level, changed.period) == ("Tafels van 3 en 4", 4, 1)


@pytest.mark.parametrize("role", ROLES)
def test_who_may_edit_description_and_steps(client, auth, school, role):
    goal = school["goals"]["tafels"]
    login(auth, school, role)
    response = auth.post(
        f"/curriculum/leerdoelen/{goal.id}/inhoud", data={"description": "<b>vet</b>", "steps": "Een\nTwee"}
    )
    assert response.status_code == (302 if role in EDITORS else 403)
    assert (Goal.get_by_id(goal.id).steps == "Een\nTwee") == (role in EDITORS)
    if role in EDITORS:
        page = client.get(f"/curriculum/leerdoelen/{goal.id}").get_data(as_text=True)
        assert "<b>vet</b>" not in page and "&lt;b&gt;vet&lt;/b&gt;" in page


@pytest.mark.parametrize("role", ROLES)
def test_who_may_move_a_goal_and_a_domain(client, auth, school, role):
    goal, spelling = school["goals"]["tafels"], school["spelling"]
    login(auth, school, role)
    response = auth.post(f"/curriculum/leerdoelen/{goal.id}/verplaatsen", data={"domain": spelling.id})
    assert response.status_code == (302 if role in EDITORS else 403)
    assert (Goal.get_by_id(goal.id).domain_id == spelling.id) == (role in EDITORS)
    taal = Subject.get(name="Taal")
    response = auth.post(
        f"/curriculum/deelgebieden/{school['getallen'].id}/verplaatsen",
        data={"subject": taal.id, "back": "/curriculum?niveau=4"},
    )
    assert response.status_code == (302 if role in EDITORS else 403)
    assert (Domain.get_by_id(school["getallen"].id).subject_id == taal.id) == (role in EDITORS)
    if role in EDITORS:
        assert response.headers["Location"] == "/curriculum?niveau=4"


def test_a_tampered_move_writes_nothing(client, auth, school):
    goal = school["goals"]["tafels"]
    login(auth, school, "teacher")
    page = auth.post(
        f"/curriculum/leerdoelen/{goal.id}/verplaatsen", data={"domain": "99999"}, follow_redirects=True
    ).get_data(as_text=True)
    assert "Dit deelgebied bestaat niet meer." in page
    page = auth.post(
        f"/curriculum/leerdoelen/{goal.id}/verplaatsen", data={"domain": "x"}, follow_redirects=True
    ).get_data(as_text=True)
    assert "Ongeldige deelgebied" in page
    response = auth.post(
        f"/curriculum/deelgebieden/{school['getallen'].id}/verplaatsen",
        data={"subject": Subject.get(name="Taal").id, "back": "https://evil.example/"},
    )
    assert response.headers["Location"] == "/curriculum"
    assert Goal.get_by_id(goal.id).domain_id == school["getallen"].id


@pytest.mark.parametrize("role", ROLES)
def test_only_admins_add_and_remove_goals(client, auth, school, role):
    login(auth, school, role)
    domain = school["getallen"]
    response = auth.post(
        f"/curriculum/deelgebieden/{domain.id}/leerdoelen", data={"title": "Klokkijken", "level": 3, "period": 2}
    )
    assert response.status_code == (302 if role == "admin" else 403)
    assert Goal.select().where(Goal.title == "Klokkijken").exists() == (role == "admin")
    goal = school["goals"]["breuken"]
    response = auth.post(f"/curriculum/leerdoelen/{goal.id}/verwijderen")
    assert response.status_code == (302 if role == "admin" else 403)
    assert Goal.select().where(Goal.id == goal.id).exists() == (role != "admin")


def test_removing_a_goal_in_use_archives_it_and_says_so(client, auth, school):
    goal = school["goals"]["tafels"]
    put_on_plan(school["users"]["pupil"], goal)
    login(auth, school, "admin")
    page = auth.post(f"/curriculum/leerdoelen/{goal.id}/verwijderen", follow_redirects=True).get_data(as_text=True)
    assert "gearchiveerd in plaats van verwijderd" in page and "Tafels van 3 en 4" not in page.split("</nav>")[-1]
    assert Goal.get_by_id(goal.id).archived


def test_a_post_without_the_csrf_token_is_refused(client, auth, school):
    goal = school["goals"]["tafels"]
    login(auth, school, "teacher")
    response = client.post(f"/curriculum/leerdoelen/{goal.id}/wijzigen", data={"title": "X", "level": 4, "period": 1})
    assert response.status_code == 400 and Goal.get_by_id(goal.id).title == "Tafels van 3 en 4"


def test_user_text_is_escaped_in_the_curriculum(client, auth, school):
    make_goal(school["getallen"], title="<script>alert(1)</script>")
    login(auth, school, "teacher")
    page = client.get("/curriculum").get_data(as_text=True)
    assert "<script>alert(1)</script>" not in page and "&lt;script&gt;" in page
