"""Teacher pages for goal sets: lists, creating one in steps, editing goals, content, plan, media, linking."""

import pytest

from models import Document, GoalSet, GoalSetGoal, Group, PlanGoal, SchoolSettings
from services import goal_sets
from services.permissions import SYSTEM
from tests.support.factories import (
    make_admin,
    make_domain,
    make_goal,
    make_group,
    make_parent,
    make_pupil,
    make_teacher,
    make_user,
)

ROLES = ["admin", "teacher_in", "teacher_out", "assistant", "pupil", "parent"]
STAFF = {"admin", "teacher_in", "teacher_out", "assistant"}
MANAGERS = {"admin", "teacher_in", "teacher_out"}


@pytest.fixture
def school(database):
    SchoolSettings.update(parent_access=True).execute()
    anna, bram = make_pupil(first_name="Anna"), make_pupil(first_name="Bram")
    teacher_in, teacher_out = make_teacher(first_name="Juf"), make_teacher(first_name="Meester")
    group = make_group(name="Groep 5a", teachers=[teacher_in], pupils=[anna, bram])
    make_group(name="Groep 6b", teachers=[teacher_out], pupils=[make_pupil()])
    domain = make_domain("Wereldoriëntatie", "Natuur")
    goals = [
        make_goal(domain, title="Waterkringloop"),
        make_goal(domain, title="Drijven en zinken"),
        make_goal(make_domain("Taal", "Woordenschat"), title="Woorden over water", level=6),
    ]
    goal_set = goal_sets.create_goal_set(teacher_in, "Thema water", "Voor de leraar", goals=[goals[0]])
    return {
        "anna": anna,
        "bram": bram,
        "group": group,
        "goals": goals,
        "goal_set": goal_set,
        "admin": make_admin(),
        "teacher_in": teacher_in,
        "teacher_out": teacher_out,
        "assistant": make_user("assistant"),
        "pupil": anna,
        "parent": make_parent(children=[anna]),
    }


def login_as(auth, school, role):
    if role != "anonymous":
        auth.login(school[role].login)


def urls(school):
    set_id = school["goal_set"].id
    return {
        "mine": "/doelensets",
        "all": "/doelensets/alle",
        "detail": f"/doelensets/{set_id}",
        "new": "/doelensets/nieuw",
        "pick": f"/doelensets/{set_id}/leerdoelen",
    }


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("page", ["mine", "all", "detail"])
def test_reading_goal_sets_is_for_staff(client, auth, school, role, page):
    login_as(auth, school, role)
    assert client.get(urls(school)[page]).status_code == (200 if role in STAFF else 403)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("page", ["new", "pick"])
def test_editing_pages_are_for_teachers_and_admins(client, auth, school, role, page):
    login_as(auth, school, role)
    assert client.get(urls(school)[page]).status_code == (200 if role in MANAGERS else 403)


@pytest.mark.parametrize("page", ["mine", "all", "detail", "new", "pick"])
def test_anonymous_visitors_are_sent_to_sign_in(client, school, page):
    response = client.get(urls(school)[page])
    assert response.status_code == 302 and response.headers["Location"].startswith("/login")


ACTIONS = {
    "create": lambda s: ("/doelensets/nieuw", {"stap": "aanmaken", "naam": "Nieuw", "doel": [s["goals"][1].id]}),
    "add": lambda s: (f"/doelensets/{s['goal_set'].id}/leerdoelen/toevoegen", {"doel": [s["goals"][1].id]}),
    "remove": lambda s: (f"/doelensets/{s['goal_set'].id}/leerdoelen/verwijderen", {"doel": [s["goals"][0].id]}),
    "content": lambda s: (f"/doelensets/{s['goal_set'].id}/inhoud", {"naam": "Water!", "beschrijving": "x"}),
    "plan": lambda s: (f"/doelensets/{s['goal_set'].id}/plan", {"plan": "Stap 1"}),
    "media": lambda s: (f"/doelensets/{s['goal_set'].id}/media", {"titel": "Filmpje", "url": "https://x.nl/a"}),
}


def snapshot():
    return (
        GoalSet.select().count(),
        GoalSetGoal.select().count(),
        Document.select().count(),
        [(s.name, s.description, s.plan) for s in GoalSet.select().order_by(GoalSet.id)],
    )


@pytest.mark.parametrize("role", ROLES + ["anonymous"])
@pytest.mark.parametrize("action", sorted(ACTIONS))
def test_changing_a_goal_set_is_for_teachers_and_admins(client, auth, school, role, action):
    login_as(auth, school, role)
    before = snapshot()
    url, data = ACTIONS[action](school)
    response = auth.post(url, data=data)
    if role in MANAGERS:
        assert response.status_code == 302 and snapshot() != before
    else:
        assert response.status_code == (302 if role == "anonymous" else 403) and snapshot() == before


@pytest.mark.parametrize(
    "role, allowed",
    [
        ("admin", True),
        ("teacher_in", True),
        ("teacher_out", False),
        ("assistant", False),
        ("pupil", False),
        ("parent", False),
    ],
)
def test_linking_to_a_group_needs_the_right_to_manage_that_group(client, auth, school, role, allowed):
    login_as(auth, school, role)
    response = auth.post(f"/doelensets/{school['goal_set'].id}/koppelen", data={"groep": school["group"].id})
    linked = Group.get_by_id(school["group"].id).goal_set_id == school["goal_set"].id
    assert linked is allowed
    assert response.status_code == (302 if allowed else 403)
    assert PlanGoal.select().count() == (2 if allowed else 0)


def test_create_review_link_and_members_have_the_goals(client, auth, school):
    water, drijven, woorden = school["goals"]
    auth.login(school["teacher_in"].login)
    page = client.get("/doelensets/nieuw?niveau=6").get_data(as_text=True)
    assert "Woorden over water" in page and "Drijven en zinken" not in page  # any level, filterable
    review = auth.post(
        "/doelensets/nieuw",
        data={
            "stap": "controleren",
            "naam": "Project zee",
            "beschrijving": "Over de zee",
            "doel": [drijven.id, woorden.id],
        },
    )
    page = review.get_data(as_text=True)
    assert review.status_code == 200 and "Drijven en zinken" in page and "Woorden over water" in page
    assert GoalSet.select().count() == 1  # nothing written while reviewing
    created = auth.post(
        "/doelensets/nieuw",
        data={"stap": "aanmaken", "naam": "Project zee", "beschrijving": "Over de zee", "doel": [woorden.id]},
    )
    goal_set = GoalSet.get(GoalSet.name == "Project zee")
    assert created.headers["Location"].endswith(f"/doelensets/{goal_set.id}")
    assert [g.id for g in goal_sets.goals_in_set(goal_set)] == [woorden.id]  # the unticked goal left out
    detail = client.get(f"/doelensets/{goal_set.id}").get_data(as_text=True)
    assert "Groep 5a" in detail and "Groep 6b" not in detail  # the picker lists groups I may manage
    assert f"/doelensets/{goal_set.id}/matrix" in detail
    response = auth.post(
        f"/doelensets/{goal_set.id}/koppelen", data={"groep": school["group"].id}, follow_redirects=True
    )
    assert "gekoppeld aan Groep 5a; 2 leerdoelen" in response.get_data(as_text=True)
    assert {(pg.pupil_id, pg.goal_id, pg.status.key) for pg in PlanGoal.select()} == {
        (school["anna"].id, woorden.id, "current"),
        (school["bram"].id, woorden.id, "current"),
    }
    assert "Project zee" in client.get("/doelensets").get_data(as_text=True)
    # goals added later reach the members too
    response = auth.post(
        f"/doelensets/{goal_set.id}/leerdoelen/toevoegen", data={"doel": [water.id]}, follow_redirects=True
    )
    assert "1 leerdoel toegevoegd; 2 keer" in response.get_data(as_text=True)
    assert PlanGoal.select().where(PlanGoal.goal == water).count() == 2
    # unlinking keeps the goals on the plans
    auth.post(f"/doelensets/{goal_set.id}/ontkoppelen", data={"groep": school["group"].id})
    assert Group.get_by_id(school["group"].id).goal_set_id is None and PlanGoal.select().count() == 4


def test_creating_without_a_name_is_refused_in_dutch(client, auth, school):
    auth.login(school["teacher_in"].login)
    response = auth.post("/doelensets/nieuw", data={"stap": "controleren", "naam": " ", "doel": []})
    assert "Geef de doelenset een naam." in response.get_data(as_text=True)
    response = auth.post("/doelensets/nieuw", data={"stap": "aanmaken", "naam": ""})
    assert response.status_code == 400 and GoalSet.select().count() == 1


def test_my_goal_sets_and_all_goal_sets(client, auth, school):
    goal_sets.create_goal_set(school["teacher_out"], "Van een collega")
    auth.login(school["teacher_in"].login)
    mine = client.get("/doelensets").get_data(as_text=True)
    assert "Thema water" in mine and "Van een collega" not in mine
    everything = client.get("/doelensets/alle").get_data(as_text=True)
    assert "Thema water" in everything and "Van een collega" in everything


def test_content_plan_and_media_are_saved_and_shown(client, auth, school):
    set_id = school["goal_set"].id
    auth.login(school["teacher_in"].login)
    auth.post(f"/doelensets/{set_id}/inhoud", data={"naam": "Thema water", "beschrijving": "Lesideeën"})
    auth.post(f"/doelensets/{set_id}/plan", data={"plan": "1. Kijk het filmpje\n2. Doe de proef"})
    auth.post(f"/doelensets/{set_id}/media", data={"titel": "Filmpje", "url": "https://www.voorbeeld.nl/water"})
    page = client.get(f"/doelensets/{set_id}").get_data(as_text=True)
    assert "Lesideeën" in page and "Doe de proef" in page
    assert 'href="https://www.voorbeeld.nl/water"' in page and 'rel="noopener noreferrer"' in page
    document = Document.get(Document.kind == "goal_set_media")
    auth.post(f"/doelensets/{set_id}/media/{document.id}/verwijderen")
    assert Document.select().count() == 0


@pytest.mark.parametrize(
    "url",
    ["javascript:alert(1)", "data:text/html,hoi", "//evil.example/x", "ftp://x.nl/a", "https://", "https://x.nl/\nx"],
)
def test_only_http_links_are_accepted(client, auth, school, url):
    auth.login(school["teacher_in"].login)
    response = auth.post(f"/doelensets/{school['goal_set'].id}/media", data={"titel": "Link", "url": url})
    assert response.status_code == 400 and "http://" in response.get_data(as_text=True)
    assert Document.select().count() == 0


def test_tampered_ids_get_a_dutch_error_and_change_nothing(client, auth, school):
    set_id = school["goal_set"].id
    other = goal_sets.create_goal_set(SYSTEM, "Andere set")
    document = Document.create(kind="goal_set_media", title="x", url="https://x.nl", goal_set=other)
    auth.login(school["teacher_in"].login)
    assert client.get("/doelensets/999999").status_code == 404
    response = auth.post(f"/doelensets/{set_id}/media/{document.id}/verwijderen")
    assert response.status_code == 404 and "hoort niet (meer) bij deze doelenset" in response.get_data(as_text=True)
    assert auth.post(f"/doelensets/{set_id}/koppelen", data={"groep": "999999"}).status_code == 404
    assert auth.post(f"/doelensets/{set_id}/koppelen", data={"groep": "x1"}).status_code == 400
    assert auth.post(f"/doelensets/{set_id}/ontkoppelen", data={"groep": school["group"].id}).status_code == 404
    assert auth.post(f"/doelensets/{set_id}/leerdoelen/toevoegen", data={"doel": ["999999"]}).status_code == 404
    assert Document.select().count() == 1 and GoalSetGoal.select().count() == 1
    assert Group.get_by_id(school["group"].id).goal_set_id is None


def test_user_text_is_escaped(client, auth, school):
    auth.login(school["teacher_in"].login)
    set_id = school["goal_set"].id
    auth.post(
        f"/doelensets/{set_id}/inhoud",
        data={"naam": "<script>alert(1)</script>", "beschrijving": "<img src=x onerror=alert(2)>"},
    )
    auth.post(f"/doelensets/{set_id}/media", data={"titel": "<b>vet</b>", "url": 'https://x.nl/?a="><script>'})
    for url in (f"/doelensets/{set_id}", "/doelensets", "/doelensets/alle"):
        page = client.get(url).get_data(as_text=True)
        assert "<script>alert(1)" not in page and "&lt;script&gt;" in page
    page = client.get(f"/doelensets/{set_id}").get_data(as_text=True)
    assert "<img src=x" not in page and "<b>vet</b>" not in page and '"><script>' not in page


def test_an_assistant_reads_without_edit_forms(client, auth, school):
    auth.login(school["assistant"].login)
    page = client.get(f"/doelensets/{school['goal_set'].id}").get_data(as_text=True)
    assert "Waterkringloop" in page and "Koppelen" not in page and "Inhoud opslaan" not in page
