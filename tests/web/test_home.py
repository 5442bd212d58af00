"""Start pages: a pupil's own plan, a parent's children, a teacher's groups; access and escaping; errors."""

import pytest

from models import MyGroup, SchoolSettings, Subject
from services.errors import Conflict, PermissionDenied
from tests.support.factories import (
    make_domain,
    make_goal,
    make_group,
    make_parent,
    make_pupil,
    make_teacher,
    make_user,
    put_on_plan,
)

PAGES = ["/", "/leraar", "/mijn-plan", "/mijn-kinderen"]


def parent_access(on):
    SchoolSettings.update(parent_access=on).execute()


@pytest.fixture
def plans(database):
    """Two pupils with plans: Sam's goals in every status, Noor's one goal of her own."""
    sam, noor = make_pupil(first_name="Sam"), make_pupil(first_name="Noor")
    domain = make_domain("Rekenen", "Getallen")
    goals = {
        "coming": make_goal(domain, title="Tot 1000 tellen", period=2),
        "current": make_goal(domain, title="Tafels van 3 en 4"),
        "highlighted": make_goal(
            make_domain("Taal", "Spelling"),
            title="Woorden met ei en ij",
            steps="Lees de regel\nMaak blad 12\nLaat het zien",
        ),
        "achieved": make_goal(domain, title="Tot 100 tellen"),
    }
    for key, goal in goals.items():
        put_on_plan(sam, goal, key)
    put_on_plan(noor, make_goal(domain, title="Breuken vergelijken"), "highlighted")
    return {"sam": sam, "noor": noor}


# --- the pupil's plan ----------------------------------------------------------------------------------


def test_a_pupil_sees_their_plan_highlighted_first_then_current_then_coming(client, auth, plans):
    auth.login(plans["sam"].login)
    page = client.get("/mijn-plan").get_data(as_text=True)
    highlighted, current, coming = (
        page.index(t) for t in ("Woorden met ei en ij", "Tafels van 3 en 4", "Tot 1000 tellen")
    )
    assert highlighted < current < coming
    assert page.index("uitgelicht") < highlighted  # each section is named, not only coloured
    for step in ("Lees de regel", "Maak blad 12", "Laat het zien"):
        assert f"<li>{step}</li>" in page
    assert "Taal · Spelling" in page and "Rekenen · Getallen" in page


def test_status_badges_carry_name_and_symbol_besides_the_colour(client, auth, plans):
    auth.login(plans["sam"].login)
    page = client.get("/mijn-plan").get_data(as_text=True)
    assert "background-color: #fdd835" in page  # uitgelicht's colour
    assert 'aria-hidden="true">U</span> uitgelicht' in page


def test_achieved_goals_are_hidden_until_asked_for(client, auth, plans):
    auth.login(plans["sam"].login)
    page = client.get("/mijn-plan").get_data(as_text=True)
    assert "Tot 100 tellen" not in page
    assert "1 behaald doel is verborgen" in page and "?behaald=1" in page
    page = client.get("/mijn-plan?behaald=1").get_data(as_text=True)
    assert "Tot 100 tellen" in page and "behaald" in page


def test_a_pupil_never_sees_another_pupils_goals(client, auth, plans):
    auth.login(plans["noor"].login)
    page = client.get("/mijn-plan").get_data(as_text=True)
    assert "Breuken vergelijken" in page
    for title in ("Woorden met ei en ij", "Tafels van 3 en 4", "Tot 1000 tellen"):
        assert title not in page


def test_an_empty_plan_says_so(client, auth, database):
    pupil = make_pupil()
    auth.login(pupil.login)
    assert "Er staan nog geen leerdoelen op dit plan." in client.get("/mijn-plan").get_data(as_text=True)


def test_user_text_is_escaped(client, auth, database):
    pupil = make_pupil()
    put_on_plan(pupil, make_goal(title="<script>alert('doel')</script>", steps="<b>vet</b>"), "highlighted")
    auth.login(pupil.login)
    page = client.get("/mijn-plan").get_data(as_text=True)
    assert "<script>alert" not in page and "<b>vet</b>" not in page
    assert "&lt;script&gt;" in page and "&lt;b&gt;vet&lt;/b&gt;" in page


# --- the parent's view ---------------------------------------------------------------------------------


def test_a_parent_sees_their_own_child_when_parent_access_is_on(client, auth, plans):
    parent_access(True)
    make_parent(login="ouder@thuis.test", children=[plans["sam"]])
    auth.login("ouder@thuis.test")
    page = client.get("/mijn-kinderen").get_data(as_text=True)
    assert "Het plan van Sam" in page
    assert page.index("Woorden met ei en ij") < page.index("Tafels van 3 en 4")
    assert "Maak blad 12" in page
    assert "Breuken vergelijken" not in page and "Noor" not in page  # never another family's child


def test_a_parent_with_two_children_sees_both(client, auth, plans):
    parent_access(True)
    make_parent(login="ouder@thuis.test", children=[plans["sam"], plans["noor"]])
    auth.login("ouder@thuis.test")
    page = client.get("/mijn-kinderen").get_data(as_text=True)
    assert "Het plan van Sam" in page and "Het plan van Noor" in page


def test_a_parent_gets_a_dutch_message_while_parent_access_is_off(client, auth, plans):
    parent_access(False)
    make_parent(login="ouder@thuis.test", children=[plans["sam"]])
    auth.login("ouder@thuis.test")
    response = client.get("/mijn-kinderen")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "De school heeft de toegang voor ouders nog niet aangezet." in page
    assert "Woorden met ei en ij" not in page


def test_a_parent_does_not_see_a_child_who_left(client, auth, plans):
    parent_access(True)
    left = make_pupil(first_name="Vertrokken", active=False)
    make_parent(login="ouder@thuis.test", children=[left])
    auth.login("ouder@thuis.test")
    page = client.get("/mijn-kinderen").get_data(as_text=True)
    assert "Vertrokken" not in page.split("</header>")[1]


# --- the teacher's start page --------------------------------------------------------------------------


def test_a_teacher_sees_the_groups_they_teach_and_follow_with_member_counts(client, auth, database):
    teacher = make_teacher(login="juf@school.test")
    make_group(name="Groep 5a", teachers=[teacher], pupils=[make_pupil(), make_pupil(), make_pupil(active=False)])
    followed = make_group(name="Rekengroep", type_name="Projectgroep", pupils=[make_pupil()])
    MyGroup.create(teacher=teacher, group=followed)
    make_group(name="Oude groep", teachers=[teacher], archived=True)
    make_group(name="Groep van een ander", teachers=[make_teacher()])
    auth.login("juf@school.test")
    page = client.get("/leraar").get_data(as_text=True)
    assert "Groep 5a" in page and "Rekengroep" in page and "Projectgroep" in page
    assert '<td class="number">2</td>' in page and '<td class="number">1</td>' in page
    assert "Oude groep" not in page and "Groep van een ander" not in page


def test_a_teacher_without_groups_is_told_how_to_get_them(client, auth, database):
    make_teacher(login="juf@school.test")
    auth.login("juf@school.test")
    assert "Je hebt nog geen groepen." in client.get("/leraar").get_data(as_text=True)


# --- access --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("url", PAGES)
def test_anonymous_visitors_are_sent_to_sign_in(client, url):
    response = client.get(url)
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/login")


@pytest.mark.parametrize(
    "role, url",
    [
        ("pupil", "/leraar"),
        ("parent", "/leraar"),
        ("admin", "/leraar"),
        ("teacher", "/mijn-plan"),
        ("parent", "/mijn-plan"),
        ("admin", "/mijn-plan"),
        ("teacher", "/mijn-kinderen"),
        ("pupil", "/mijn-kinderen"),
        ("assistant", "/mijn-kinderen"),
    ],
)
def test_other_roles_get_403(client, auth, database, role, url):
    parent_access(True)
    user = make_user(role, level=4 if role == "pupil" else None)
    auth.login(user.login)
    response = client.get(url)
    assert response.status_code == 403
    assert "Geen toegang" in response.get_data(as_text=True)


# --- the shell: error pages ----------------------------------------------------------------------------


def test_unknown_pages_get_the_dutch_404_page(client):
    response = client.get("/bestaat-niet")
    assert response.status_code == 404
    page = response.get_data(as_text=True)
    assert "Niet gevonden" in page and '<html lang="nl">' in page


def test_a_domain_error_in_a_view_shows_its_status_and_dutch_message(app, client):
    @app.route("/_test/conflict")
    def conflict():
        raise Conflict("Iemand anders heeft dit doel intussen gewijzigd.")

    @app.route("/_test/denied")
    def denied():
        raise PermissionDenied()

    response = client.get("/_test/conflict")
    assert response.status_code == 409
    assert "Iemand anders heeft dit doel intussen gewijzigd." in response.get_data(as_text=True)
    response = client.get("/_test/denied")
    assert response.status_code == 403 and "Je hebt geen toegang tot dit onderdeel." in response.get_data(as_text=True)
    response = client.get("/_test/conflict", headers={"Accept": "application/json"})
    assert response.status_code == 409
    assert response.json == {"error": "Iemand anders heeft dit doel intussen gewijzigd."}


def test_an_unexpected_error_gets_the_dutch_500_page(app, client):
    app.config["PROPAGATE_EXCEPTIONS"] = False

    @app.route("/_test/crash")
    def crash():
        raise RuntimeError("kapot")

    response = client.get("/_test/crash")
    assert response.status_code == 500
    page = response.get_data(as_text=True)
    assert "Er ging iets mis" in page and "kapot" not in page


# --- one child's page, filters, goal-set plans -----------------------------------------------------------


def test_a_parent_opens_one_childs_plan(client, auth, plans):
    parent_access(True)
    make_parent(login="ouder@thuis.test", children=[plans["sam"]])
    auth.login("ouder@thuis.test")
    response = client.get(f"/mijn-kinderen/{plans['sam'].id}")
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and "Het plan van Sam" in page
    assert page.index("Woorden met ei en ij") < page.index("Tafels van 3 en 4")
    assert "status-form" not in page and "csrf_token" not in page.split("</header>")[1]  # read-only


@pytest.mark.parametrize("target", ["noor", "missing", "teacher"])
def test_a_parent_never_sees_another_familys_child_by_url(client, auth, plans, target):
    parent_access(True)
    make_parent(login="ouder@thuis.test", children=[plans["sam"]])
    ids = {"noor": plans["noor"].id, "missing": 999999, "teacher": make_teacher().id}
    auth.login("ouder@thuis.test")
    response = client.get(f"/mijn-kinderen/{ids[target]}")
    page = response.get_data(as_text=True)
    assert response.status_code == 403 and "Breuken vergelijken" not in page
    assert "Je kunt alleen het plan van je eigen kind bekijken." in page


def test_one_childs_page_is_closed_while_parent_access_is_off(client, auth, plans):
    parent_access(False)
    make_parent(login="ouder@thuis.test", children=[plans["sam"]])
    auth.login("ouder@thuis.test")
    response = client.get(f"/mijn-kinderen/{plans['sam'].id}")
    assert response.status_code == 403 and "Woorden met ei en ij" not in response.get_data(as_text=True)


@pytest.mark.parametrize("role", ["pupil", "teacher", "admin", "assistant"])
def test_one_childs_page_is_for_parents_only(client, auth, plans, role):
    parent_access(True)
    user = plans["sam"] if role == "pupil" else make_user(role)
    auth.login(user.login)
    assert client.get(f"/mijn-kinderen/{plans['sam'].id}").status_code == 403


def test_anonymous_visitors_cannot_open_a_childs_page(client, plans):
    response = client.get(f"/mijn-kinderen/{plans['sam'].id}")
    assert response.status_code == 302 and response.headers["Location"].startswith("/login")


def test_a_pupil_filters_their_plan_by_subject(client, auth, plans):
    auth.login(plans["sam"].login)
    page = client.get("/mijn-plan").get_data(as_text=True)
    assert ">Taal</option>" in page and ">Rekenen</option>" in page
    page = client.get(f"/mijn-plan?vak={Subject.get(Subject.name == 'Taal').id}").get_data(as_text=True)
    assert "Woorden met ei en ij" in page and "Tafels van 3 en 4" not in page
    assert client.get("/mijn-plan?vak=x").status_code == 400


def test_a_pupil_cannot_reach_another_pupils_plan_through_teacher_pages(client, auth, plans):
    auth.login(plans["sam"].login)
    for url in (
        f"/leerlingen/{plans['noor'].id}",
        f"/leerlingen/{plans['sam'].id}",
        "/leerlingen",
        f"/mijn-kinderen/{plans['noor'].id}",
    ):
        response = client.get(url)
        assert response.status_code == 403 and "Breuken vergelijken" not in response.get_data(as_text=True)


def test_a_pupil_sees_the_goal_set_plan_of_their_group(client, auth, plans):
    from services import goal_sets
    from services.permissions import SYSTEM

    goal_set = goal_sets.create_goal_set(SYSTEM, "Thema <water>")
    goal_sets.update_goal_set(SYSTEM, goal_set, plan="Doe de proef met <ijs>")
    group = make_group(pupils=[plans["sam"]])
    goal_sets.link_goal_set(SYSTEM, group, goal_set)
    auth.login(plans["sam"].login)
    page = client.get("/mijn-plan").get_data(as_text=True)
    assert "Thema &lt;water&gt;" in page and "Doe de proef met &lt;ijs&gt;" in page
    auth.logout()
    auth.login(plans["noor"].login)
    assert "Doe de proef" not in client.get("/mijn-plan").get_data(as_text=True)


# --- chats on the pupil's and the parent's start page ----------------------------------------------------


def test_a_pupil_sees_their_chats_with_unread_counts_on_their_plan(client, auth, plans):
    from models import Goal
    from services import chat

    teacher = make_teacher(first_name="Ans")
    group = make_group(name="Groep <b>5a</b>", teachers=[teacher], pupils=[plans["sam"], plans["noor"]])
    chat.post_message(teacher, f"group:{group.id}", "Morgen gym!")
    goal = Goal.get(Goal.title == "Tafels van 3 en 4")
    chat.post_message(teacher, f"pupil_goal:{plans['sam'].id}:{goal.id}", "Goed gedaan, Sam")
    auth.login(plans["sam"].login)
    page = client.get("/mijn-plan").get_data(as_text=True)
    assert "Mijn chats" in page and "js/unread.js" in page
    assert "Groepschat Groep &lt;b&gt;5a&lt;/b&gt;" in page  # escaped
    assert f'data-unread-room="group:{group.id}"><span class="count">1</span>' in page
    assert f'data-unread-room="pupil_goal:{plans["sam"].id}:{goal.id}"><span class="count">1</span>' in page
    auth.logout()
    auth.login(plans["noor"].login)
    page = client.get("/mijn-plan").get_data(as_text=True)
    assert "Groepschat Groep" in page  # her group's chat, but never Sam's goal chat
    assert f"pupil_goal:{plans['sam'].id}:" not in page and "Goed gedaan" not in page


def test_a_parent_sees_the_goal_chats_of_their_child_with_new_messages(client, auth, plans):
    from models import Goal
    from services import chat

    parent_access(True)
    make_parent(login="ouder@thuis.test", children=[plans["sam"]])
    teacher = make_teacher()
    make_group(teachers=[teacher], pupils=[plans["sam"], plans["noor"]])
    sams, noors = Goal.get(Goal.title == "Tafels van 3 en 4"), Goal.get(Goal.title == "Breuken vergelijken")
    chat.post_message(teacher, f"pupil_goal:{plans['sam'].id}:{sams.id}", "Sam oefent goed")
    chat.post_message(teacher, f"pupil_goal:{plans['noor'].id}:{noors.id}", "Noor ook")
    auth.login("ouder@thuis.test")
    page = client.get("/mijn-kinderen").get_data(as_text=True)
    assert f'data-unread-room="pupil_goal:{plans["sam"].id}:{sams.id}"><span class="count">1</span>' in page
    assert "Noor" not in page
    parent_access(False)
    assert "pupil_goal" not in client.get("/mijn-kinderen").get_data(as_text=True)
