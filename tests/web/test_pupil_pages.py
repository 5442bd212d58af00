"""Teacher pages for pupils: the list, adding goals to several plans, a pupil's plan, history, password reset."""

import pytest

from models import AuditLog, GoalRating, PlanGoal, SchoolSettings, Status, StatusChange, User
from services import passwords, plans
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
    put_on_plan,
)

ROLES = ["admin", "teacher_in", "teacher_out", "assistant", "pupil", "parent"]


@pytest.fixture
def school(database):
    """Group 5a (Anna and Bram, taught by Juf In), group 6b (Cas, taught by Meester Uit), a small curriculum."""
    SchoolSettings.update(parent_access=True).execute()
    anna = make_pupil(first_name="Anna", last_name="Aalders")
    bram = make_pupil(first_name="Bram", last_name="Bakker")
    cas = make_pupil(first_name="Cas", last_name="Claassen")
    teacher_in = make_teacher(first_name="Juf", last_name="In")
    teacher_out = make_teacher(first_name="Meester", last_name="Uit")
    group_a = make_group(name="Groep 5a", teachers=[teacher_in], pupils=[anna, bram])
    group_b = make_group(name="Groep 6b", teachers=[teacher_out], pupils=[cas])
    getallen = make_domain("Rekenen", "Getallen")
    spelling = make_domain("Taal", "Spelling")
    goals = [
        make_goal(getallen, title="Tafels van 3", level=4, period=1),
        make_goal(getallen, title="Breuken", level=5, period=2),
        make_goal(spelling, title="Woorden met ei", level=4, period=1, steps="Lees\nSchrijf"),
    ]
    anna_goal = put_on_plan(anna, goals[0], "current")
    return {
        "anna": anna,
        "bram": bram,
        "cas": cas,
        "group_a": group_a,
        "group_b": group_b,
        "goals": goals,
        "anna_goal": anna_goal,
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


def pages(school):
    anna, goal = school["anna"], school["anna_goal"]
    return {
        "list": "/leerlingen",
        "pupil": f"/leerlingen/{anna.id}",
        "history": f"/leerlingen/{anna.id}/doelen/{goal.id}",
        "pick": f"/leerlingen/plp-toevoegen?leerling={anna.id}",
        "review": f"/leerlingen/plp-toevoegen/controleren?leerling={anna.id}&doel={school['goals'][1].id}&plan=current",
    }


# --- access for every role -------------------------------------------------------------------------------

VIEW_ALLOWED = {"admin", "teacher_in", "teacher_out", "assistant"}
EDIT_ALLOWED = {"admin", "teacher_in"}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("page", ["list", "pupil", "history"])
def test_reading_pages_are_for_staff(client, auth, school, role, page):
    login_as(auth, school, role)
    response = client.get(pages(school)[page])
    assert response.status_code == (200 if role in VIEW_ALLOWED else 403)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("page", ["pick", "review"])
def test_adding_pages_are_for_teachers_and_admins(client, auth, school, role, page):
    login_as(auth, school, role)
    response = client.get(pages(school)[page])
    assert response.status_code == (200 if role in {"admin", "teacher_in", "teacher_out"} else 403)


@pytest.mark.parametrize("page", ["list", "pupil", "history", "pick", "review"])
def test_anonymous_visitors_are_sent_to_sign_in(client, school, page):
    response = client.get(pages(school)[page])
    assert response.status_code == 302 and response.headers["Location"].startswith("/login")


@pytest.mark.parametrize("role", ROLES + ["anonymous"])
def test_changing_a_status_only_by_teachers_in_reach_and_admins(client, auth, school, role):
    login_as(auth, school, role)
    goal = school["anna_goal"]
    response = auth.post(
        f"/leerlingen/{school['anna'].id}/doelen/{goal.id}/status",
        data={"status": "highlighted", "verwacht": "current"},
    )
    status = PlanGoal.get_by_id(goal.id).status.key
    if role in EDIT_ALLOWED:
        assert response.status_code == 302 and status == "highlighted"
    else:
        assert response.status_code in ((302,) if role == "anonymous" else (403,)) and status == "current"
        assert StatusChange.select().count() == 0


@pytest.mark.parametrize("role", ROLES + ["anonymous"])
def test_adding_goals_only_by_teachers_in_reach_and_admins(client, auth, school, role):
    login_as(auth, school, role)
    response = auth.post(
        "/leerlingen/plp-toevoegen",
        data={"leerling": [school["anna"].id], "doel": [school["goals"][1].id], "plan": "current"},
    )
    added = PlanGoal.select().where(PlanGoal.goal == school["goals"][1]).count()
    if role in EDIT_ALLOWED:
        assert response.status_code == 200 and added == 1
    else:
        assert response.status_code == (302 if role == "anonymous" else 403) and added == 0


@pytest.mark.parametrize("role", ROLES + ["anonymous"])
def test_password_reset_follows_spec_2(client, auth, school, role):
    login_as(auth, school, role)
    before = User.get_by_id(school["anna"].id).password_hash
    response = auth.post(f"/leerlingen/{school['anna'].id}/wachtwoord")
    after = User.get_by_id(school["anna"].id).password_hash
    if role in EDIT_ALLOWED:
        assert response.status_code == 200 and after != before
    else:
        assert response.status_code == (302 if role == "anonymous" else 403) and after == before


# --- the pupil list and adding goals to several pupils -----------------------------------------------------


def test_the_list_filters_by_group_and_searches_by_name(client, auth, school):
    auth.login(school["teacher_in"].login)
    page = client.get("/leerlingen").get_data(as_text=True)
    assert "Aalders, Anna" in page and "Claassen, Cas" in page and "PLP toevoegen" in page
    page = client.get(f"/leerlingen?groep={school['group_b'].id}").get_data(as_text=True)
    assert "Claassen, Cas" in page and "Aalders, Anna" not in page
    page = client.get("/leerlingen?zoek=bram").get_data(as_text=True)
    assert "Bakker, Bram" in page and "Aalders, Anna" not in page
    page = client.get("/leerlingen?zoek=anna aal").get_data(as_text=True)
    assert "Aalders, Anna" in page and "Bakker, Bram" not in page


def test_an_assistant_sees_the_list_without_the_add_button(client, auth, school):
    auth.login(school["assistant"].login)
    page = client.get("/leerlingen").get_data(as_text=True)
    assert "Aalders, Anna" in page and "PLP toevoegen" not in page


def test_adding_goals_to_two_pupils_shows_added_and_skipped(client, auth, school):
    anna, bram = school["anna"], school["bram"]
    tafels, breuken = school["goals"][0], school["goals"][1]
    auth.login(school["teacher_in"].login)
    picker = client.get(f"/leerlingen/plp-toevoegen?leerling={anna.id}&leerling={bram.id}&niveau=5")
    page = picker.get_data(as_text=True)
    assert "Breuken" in page and "Tafels van 3" not in page  # the level filter works
    review = client.get(
        f"/leerlingen/plp-toevoegen/controleren?leerling={anna.id}&leerling={bram.id}"
        f"&doel={tafels.id}&doel={breuken.id}&plan=coming"
    ).get_data(as_text=True)
    assert "Staat al op het plan van Anna Aalders" in review and "komende plan" in review
    response = auth.post(
        "/leerlingen/plp-toevoegen",
        data={"leerling": [anna.id, bram.id], "doel": [tafels.id, breuken.id], "plan": "coming"},
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "3 leerdoelen toegevoegd aan het komende plan" in page
    assert "Tafels van 3 bij Anna Aalders" in page
    assert {(pg.pupil_id, pg.goal_id, pg.status.key) for pg in PlanGoal.select()} == {
        (anna.id, tafels.id, "current"),
        (anna.id, breuken.id, "coming"),
        (bram.id, tafels.id, "coming"),
        (bram.id, breuken.id, "coming"),
    }
    # a double click: everything is there already, nothing is written, the page says so
    again = auth.post(
        "/leerlingen/plp-toevoegen",
        data={"leerling": [anna.id, bram.id], "doel": [tafels.id, breuken.id], "plan": "coming"},
    )
    assert again.status_code == 409 and "al op het plan" in again.get_data(as_text=True)
    assert PlanGoal.select().count() == 4


def test_a_teacher_cannot_add_to_a_pupil_outside_their_groups_and_nothing_is_written(client, auth, school):
    auth.login(school["teacher_in"].login)
    response = auth.post(
        "/leerlingen/plp-toevoegen",
        data={"leerling": [school["anna"].id, school["cas"].id], "doel": [school["goals"][1].id], "plan": "current"},
    )
    assert response.status_code == 403
    assert "Cas Claassen" in response.get_data(as_text=True)
    assert PlanGoal.select().where(PlanGoal.goal == school["goals"][1]).count() == 0


@pytest.mark.parametrize(
    "data",
    [
        {"leerling": ["abc"], "doel": ["1"], "plan": "current"},
        {"leerling": ["999999"], "doel": ["1"], "plan": "current"},
        {"leerling": [], "doel": ["1"], "plan": "current"},
        {"leerling": ["ANNA"], "doel": ["999999"], "plan": "current"},
        {"leerling": ["ANNA"], "doel": ["GOAL"], "plan": "morgen"},
    ],
)
def test_tampered_forms_get_a_dutch_error_and_write_nothing(client, auth, school, data):
    data = {
        key: [
            str(school["anna"].id) if v == "ANNA" else str(school["goals"][1].id) if v == "GOAL" else v for v in values
        ]
        if isinstance(values, list)
        else values
        for key, values in data.items()
    }
    auth.login(school["teacher_in"].login)
    response = auth.post("/leerlingen/plp-toevoegen", data=data)
    assert response.status_code in (400, 404)
    page = response.get_data(as_text=True)
    assert any(text in page for text in ("Ongeldige leerling", "bestaat niet", "Kies", "Geen toegang"))
    assert PlanGoal.select().count() == 1


def test_a_form_without_csrf_token_is_refused(client, auth, school):
    auth.login(school["teacher_in"].login)
    response = client.post(
        "/leerlingen/plp-toevoegen",
        data={"leerling": [school["anna"].id], "doel": [school["goals"][1].id], "plan": "current"},
    )
    assert response.status_code == 400 and PlanGoal.select().count() == 1


# --- one pupil's page --------------------------------------------------------------------------------------


def test_the_pupil_page_shows_current_and_coming_plans_with_filters(client, auth, school):
    anna = school["anna"]
    put_on_plan(anna, school["goals"][1], "coming")
    put_on_plan(anna, school["goals"][2], "achieved")
    auth.login(school["teacher_out"].login)
    page = client.get(f"/leerlingen/{anna.id}").get_data(as_text=True)
    current, coming = page.split('id="komend-plan"')
    assert "Tafels van 3" in current and "Woorden met ei" in current and "Breuken" in coming
    assert "status-form" not in page  # out of reach: may view, may not change
    page = client.get(f"/leerlingen/{anna.id}?behaald=0").get_data(as_text=True)
    assert "Woorden met ei" not in page and "Tafels van 3" in page
    taal = school["goals"][2].domain.subject_id
    page = client.get(f"/leerlingen/{anna.id}?vak={taal}").get_data(as_text=True)
    assert "Woorden met ei" in page and "Tafels van 3" not in page
    page = client.get(f"/leerlingen/{anna.id}?status=coming").get_data(as_text=True)
    assert "Breuken" in page and "Tafels van 3" not in page


def test_the_goal_set_filter_shows_only_the_sets_goals(client, auth, school):
    from services import goal_sets

    goal_set = goal_sets.create_goal_set(SYSTEM, "Thema water", goals=[school["goals"][2]])
    put_on_plan(school["anna"], school["goals"][2], "current")
    auth.login(school["teacher_in"].login)
    page = client.get(f"/leerlingen/{school['anna'].id}?doelenset={goal_set.id}").get_data(as_text=True)
    assert "Woorden met ei" in page and "Tafels van 3" not in page


def test_a_teacher_in_reach_changes_a_status_with_a_note_and_the_history_shows_it(client, auth, school):
    anna, goal = school["anna"], school["anna_goal"]
    auth.login(school["teacher_in"].login)
    assert "status-form" in client.get(f"/leerlingen/{anna.id}").get_data(as_text=True)
    url = f"/leerlingen/{anna.id}/doelen/{goal.id}/status"
    auth.post(url, data={"status": "highlighted", "verwacht": "current", "notitie": "Klaar voor de volgende stap"})
    response = auth.post(url, data={"status": "achieved", "verwacht": "highlighted"}, follow_redirects=True)
    assert "Status gewijzigd naar behaald." in response.get_data(as_text=True)
    GoalRating.create(plan_goal=goal, effort=3, quality=2)
    page = client.get(f"/leerlingen/{anna.id}/doelen/{goal.id}").get_data(as_text=True)
    first, second, rating = (page.index(t) for t in ("Klaar voor de volgende stap", "→", "inzet 3 van 3"))
    assert first < page.index("behaald") and "Juf In" in page and "via web" in page
    assert page.index("huidig") < page.index("uitgelicht") < page.index("behaald") < rating


def test_the_history_names_channels_in_dutch(client, auth, school):
    anna, goal = school["anna"], school["anna_goal"]
    plans.change_status(SYSTEM, goal, "highlighted", channel="rollover")
    auth.login(school["assistant"].login)
    response = client.get(f"/leerlingen/{anna.id}/doelen/{goal.id}", headers={"HX-Request": "true"})
    page = response.get_data(as_text=True)
    assert "via periodewissel" in page and "het systeem" in page and "<html" not in page  # a fragment


def test_a_stale_status_change_loses_and_the_page_says_so(client, auth, school):
    anna, goal = school["anna"], school["anna_goal"]
    plans.change_status(school["admin"], goal, "practising")  # someone else, meanwhile
    auth.login(school["teacher_in"].login)
    response = auth.post(
        f"/leerlingen/{anna.id}/doelen/{goal.id}/status",
        data={"status": "achieved", "verwacht": "current"},
        follow_redirects=True,
    )
    page = response.get_data(as_text=True)
    assert "intussen gewijzigd naar oefenen" in page
    assert PlanGoal.get_by_id(goal.id).status.key == "practising"
    assert StatusChange.select().count() == 1


def test_a_status_change_through_htmx_returns_the_row(client, auth, school):
    anna, goal = school["anna"], school["anna_goal"]
    auth.login(school["teacher_in"].login)
    response = auth.post(
        f"/leerlingen/{anna.id}/doelen/{goal.id}/status",
        data={"status": "highlighted", "verwacht": "current"},
        headers={"HX-Request": "true"},
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and f'id="doel-{goal.id}"' in page and "<html" not in page
    assert "Status gewijzigd naar uitgelicht." in page
    stale = auth.post(
        f"/leerlingen/{anna.id}/doelen/{goal.id}/status",
        data={"status": "achieved", "verwacht": "current"},
        headers={"HX-Request": "true"},
    )
    assert "intussen gewijzigd naar uitgelicht" in stale.get_data(as_text=True)


def test_tampered_ids_on_the_pupil_page_get_a_dutch_error(client, auth, school):
    anna, cas_goal = school["anna"], put_on_plan(school["cas"], school["goals"][1])
    auth.login(school["teacher_in"].login)
    assert client.get("/leerlingen/999999").status_code == 404
    assert client.get(f"/leerlingen/{school['teacher_in'].id}").status_code == 404  # not a pupil
    response = auth.post(f"/leerlingen/{anna.id}/doelen/{cas_goal.id}/status", data={"status": "achieved"})
    assert response.status_code == 404 and "niet op het plan van deze leerling" in response.get_data(as_text=True)
    assert client.get(f"/leerlingen/{anna.id}/doelen/{cas_goal.id}").status_code == 404
    response = auth.post(f"/leerlingen/{anna.id}/doelen/{school['anna_goal'].id}/status", data={"status": "paars"})
    assert response.status_code == 404 and "Onbekende status" in response.get_data(as_text=True)
    assert client.get(f"/leerlingen/{anna.id}?vak=drop").status_code == 400
    assert client.get(f"/leerlingen/{anna.id}?status=paars").status_code == 400
    assert StatusChange.select().count() == 0 and PlanGoal.get_by_id(cas_goal.id).status.key == "current"


def test_a_new_password_is_shown_once_and_not_cached(client, auth, school):
    anna = school["anna"]
    auth.login(school["teacher_in"].login)
    assert "Nieuw wachtwoord maken" in client.get(f"/leerlingen/{anna.id}").get_data(as_text=True)
    response = auth.post(f"/leerlingen/{anna.id}/wachtwoord")
    assert response.headers["Cache-Control"] == "no-store"
    page = response.get_data(as_text=True)
    shown = page.split('new-password">')[1].split("<")[0]
    assert passwords.verify_password(User.get_by_id(anna.id).password_hash, shown)
    assert "maar één keer" in page
    assert shown not in client.get(f"/leerlingen/{anna.id}").get_data(as_text=True)
    assert AuditLog.select().where(AuditLog.action == "password_set").count() == 1


def test_the_reset_button_is_hidden_from_who_may_not(client, auth, school):
    auth.login(school["teacher_out"].login)
    assert "Nieuw wachtwoord maken" not in client.get(f"/leerlingen/{school['anna'].id}").get_data(as_text=True)


def test_user_text_on_the_pupil_page_is_escaped(client, auth, school):
    anna = school["anna"]
    anna.first_name = "<script>alert(1)</script>"
    anna.save()
    goal = put_on_plan(anna, make_goal(title="<img src=x onerror=alert(2)>"))
    plans.change_status(school["teacher_in"], goal, "highlighted", note="<b>vet</b>")
    auth.login(school["teacher_in"].login)
    page = client.get(f"/leerlingen/{anna.id}").get_data(as_text=True)
    assert "<script>alert(1)" not in page and "&lt;script&gt;" in page
    assert "<img src=x" not in page and "&lt;img src=x" in page
    history = client.get(f"/leerlingen/{anna.id}/doelen/{goal.id}").get_data(as_text=True)
    assert "<b>vet</b>" not in history and "&lt;b&gt;vet&lt;/b&gt;" in history


def test_an_inactive_pupil_is_visible_to_admins_only(client, auth, school):
    User.update(active=False).where(User.id == school["bram"].id).execute()
    auth.login(school["teacher_in"].login)
    assert client.get(f"/leerlingen/{school['bram'].id}").status_code == 403
    auth.logout()
    auth.login(school["admin"].login)
    assert client.get(f"/leerlingen/{school['bram'].id}").status_code == 200


def test_status_names_are_the_schools_own(client, auth, school):
    Status.update(name="nu doen").where(Status.key == "highlighted").execute()
    auth.login(school["teacher_in"].login)
    assert "nu doen" in client.get(f"/leerlingen/{school['anna'].id}").get_data(as_text=True)
