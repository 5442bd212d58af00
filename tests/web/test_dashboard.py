"""Mijn dashboard: my groups with member counts, recent status changes in them, shortcuts, the top bar."""

import pytest
from flask_login import login_user

from models import MyGroup, PlanGoal
from services import plans
from tests.support.factories import make_goal, make_group, make_pupil, make_teacher, make_user, put_on_plan
from tests.support.querycount import count_queries
from web.dashboard import navigation


@pytest.fixture
def school(database):
    """Juf Ans teaches 5a (Sam, Noor); Bram teaches 6b (Piet)."""
    ans = make_teacher(login="ans@school.test", first_name="Ans")
    bram = make_teacher(login="bram@school.test", first_name="Bram")
    sam, noor, piet = (make_pupil(first_name=n) for n in ("Sam", "Noor", "Piet"))
    group_5a = make_group(name="Groep 5a", teachers=[ans], pupils=[sam, noor])
    group_6b = make_group(name="Groep 6b", teachers=[bram], pupils=[piet])
    goal = make_goal(title="Tafels van 3")
    for pupil in (sam, noor, piet):
        put_on_plan(pupil, goal)
    return {
        "ans": ans,
        "bram": bram,
        "sam": sam,
        "noor": noor,
        "piet": piet,
        "goal": goal,
        "5a": group_5a,
        "6b": group_6b,
    }


def _change(actor, pupil, goal, status):
    plan_goal = PlanGoal.get((PlanGoal.pupil == pupil) & (PlanGoal.goal == goal))
    plans.change_status(actor, plan_goal, status)


def test_the_dashboard_shows_my_groups_linked_to_their_profiles(client, auth, school):
    auth.login("ans@school.test")
    page = client.get("/leraar").get_data(as_text=True)
    assert f'href="/groepen/{school["5a"].id}"' in page and "Groep 5a" in page
    assert '<td class="number">2</td>' in page
    assert "Groep 6b" not in page


def test_recent_changes_show_only_pupils_of_my_groups_newest_first(client, auth, school):
    _change(school["ans"], school["sam"], school["goal"], "highlighted")
    _change(school["ans"], school["noor"], school["goal"], "achieved")
    _change(school["bram"], school["piet"], school["goal"], "practising")
    auth.login("ans@school.test")
    page = client.get("/leraar").get_data(as_text=True)
    recent = page.split("Recent gewijzigd")[1]
    assert "Sam" in recent and "Noor" in recent and "Piet" not in recent
    assert recent.index("Noor") < recent.index("Sam")
    assert "uitgelicht" in recent and "behaald" in recent and "door Ans" in recent


def test_recent_changes_take_a_fixed_number_of_queries(client, auth, school):
    auth.login("ans@school.test")
    client.get("/leraar")
    with count_queries() as few:
        client.get("/leraar")
    for pupil in (make_pupil(groups=[school["5a"]]) for _ in range(5)):
        put_on_plan(pupil, school["goal"])
        _change(school["ans"], pupil, school["goal"], "highlighted")
    with count_queries() as many:
        client.get("/leraar")
    assert len(many) == len(few) <= 20  # the class folder's included (tests/web/test_class_folder_pages.py)


def test_a_followed_group_is_on_the_dashboard_too(client, auth, school):
    MyGroup.create(teacher=school["ans"], group=school["6b"])
    auth.login("ans@school.test")
    page = client.get("/leraar").get_data(as_text=True)
    assert "Groep 6b" in page and "Mijn groepen" in page


def test_user_text_is_escaped_on_the_dashboard(client, auth, school):
    school["sam"].first_name = "<b>Sam</b>"
    school["sam"].save()
    make_group(name="<script>x</script>", teachers=[school["ans"]])
    _change(school["ans"], school["sam"], school["goal"], "highlighted")
    auth.login("ans@school.test")
    page = client.get("/leraar").get_data(as_text=True)
    assert "<script>x</script>" not in page and "&lt;script&gt;" in page
    assert "<b>Sam</b>" not in page


def test_the_top_bar_has_the_dutch_menu_with_the_current_page_marked(client, auth, school):
    auth.login("ans@school.test")
    page = client.get("/leraar").get_data(as_text=True)
    for label in ("Mijn dashboard", "Mijn groepen", "Alle groepen", "Leerlingen", "Doelensets", "Curriculum"):
        assert f">{label}</a>" in page
    assert 'href="/leraar" aria-current="page"' in page
    assert '<meta name="csrf-token"' in page and "vendor/htmx.min.js" in page
    assert "vendor/bootstrap.min.css" in page and "//cdn" not in page


STAFF_MENU = ["Mijn groepen", "Alle groepen", "Leerlingen", "Doelensets", "Curriculum", "Mijn rooster", "Chats"]
TEACHER_MENU = [*STAFF_MENU[:-1], "Notities", "Chats"]  # group notes are for teachers (issue 15)


@pytest.mark.parametrize(
    "role, menu",
    [
        ("teacher", ["Mijn dashboard", *TEACHER_MENU]),
        ("assistant", ["Mijn dashboard", *STAFF_MENU]),
        ("admin", [*TEACHER_MENU[:-1], "Besprekingen", "Chats", "Beheer"]),
        ("pupil", ["Mijn plan", "Mijn week", "Mijn portfolio", "Chats"]),
        ("parent", ["Mijn kinderen", "Chats"]),
    ],
)
def test_each_role_sees_the_menu_entries_it_may_open(app, database, role, menu):
    user = make_user(role, level=4 if role == "pupil" else None)
    with app.test_request_context("/"):
        login_user(user)
        assert [item["label"] for item in navigation()["nav_items"]] == menu


def test_pupils_and_parents_get_no_staff_menu(client, auth, database):
    pupil = make_pupil()
    auth.login(pupil.login)
    assert "Alle groepen" not in client.get("/mijn-plan").get_data(as_text=True)


@pytest.mark.parametrize("role", ["pupil", "parent", "admin"])
def test_other_roles_get_403(client, auth, database, role):
    auth.login(make_user(role, level=4 if role == "pupil" else None).login)
    assert client.get("/leraar").status_code == 403


def test_an_assistant_has_a_dashboard(client, auth, database):
    assistant = make_user("assistant")
    auth.login(assistant.login)
    assert client.get("/leraar").status_code == 200


def test_anonymous_visitors_are_sent_to_sign_in(client):
    response = client.get("/leraar")
    assert response.status_code == 302 and response.headers["Location"].startswith("/login")
