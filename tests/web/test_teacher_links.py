"""The ways a teacher walks between the pages of issue 5 (dashboard -> pupil and goal history, group ->
overviews -> profile, profile -> pupils, goal set, several plans at once), and the forms that used to end
on a bare error page when nothing was ticked: they send the teacher back with the reason."""

import pytest

from models import GoalSet, Group, GroupType, PlanGoal, StatusChange
from services import goal_sets, plans
from tests.support.factories import make_domain, make_goal, make_group, make_pupil, make_teacher, put_on_plan

EVIL = '<b>"Bo"</b>'


@pytest.fixture
def school(database):
    """Juf Ans teaches Groep 5a (Sam, and a pupil whose name is markup), which has a goal set linked."""
    ans = make_teacher(login="ans@school.test", first_name="Ans", last_name="Smit")
    sam = make_pupil(first_name="Sam", last_name="Smit")
    evil = make_pupil(first_name=EVIL, last_name="Bakker")
    group = make_group(name="Groep 5a", teachers=[ans], pupils=[sam, evil])
    goal = make_goal(make_domain("Rekenen", "Getallen"), title="Tafels van 3")
    plan_goal = put_on_plan(sam, goal, "current")
    put_on_plan(evil, goal, "current")
    goal_set = goal_sets.create_goal_set(ans, "Thema Ruimte", goals=[goal])
    goal_sets.link_goal_set(ans, group, goal_set)
    return {
        "ans": ans,
        "sam": sam,
        "evil": evil,
        "group": group,
        "goal": goal,
        "plan_goal": plan_goal,
        "goal_set": GoalSet.get_by_id(goal_set.id),
    }


def test_a_recent_change_on_the_dashboard_links_to_the_pupil_and_the_goals_history(client, auth, school):
    plans.change_status(school["ans"], school["plan_goal"], "highlighted")
    auth.login("ans@school.test")
    page = client.get("/leraar").get_data(as_text=True)
    recent = page.split("Recent gewijzigd")[1]
    sam, plan_goal = school["sam"].id, school["plan_goal"].id
    assert f'href="/leerlingen/{sam}">Sam Smit</a>' in recent
    assert f'href="/leerlingen/{sam}/doelen/{plan_goal}"' in recent
    assert client.get(f"/leerlingen/{sam}/doelen/{plan_goal}").status_code == 200


def test_each_group_on_the_dashboard_links_to_its_goal_matrix(client, auth, school):
    auth.login("ans@school.test")
    page = client.get("/leraar").get_data(as_text=True)
    assert f'href="/groepen/{school["group"].id}/matrix">Leerdoelenoverzicht' in page


@pytest.mark.parametrize("path", ["statussen", "leerdoelen", "matrix"])
def test_every_overview_of_a_group_links_back_to_its_profile_and_the_other_overviews(client, auth, school, path):
    group = school["group"].id
    auth.login("ans@school.test")
    page = client.get(f"/groepen/{group}/{path}").get_data(as_text=True)
    nav = page.split('class="overview-nav"')[1].split("</nav>")[0]
    assert f'href="/groepen/{group}">Groepsprofiel</a>' in nav
    for other in ("statussen", "leerdoelen", "matrix"):
        assert f'href="/groepen/{group}/{other}"' in nav
    assert nav.count('aria-current="page"') == 1


def test_the_goal_set_matrix_links_back_to_its_goal_set(client, auth, school):
    auth.login("ans@school.test")
    page = client.get(f"/doelensets/{school['goal_set'].id}/matrix").get_data(as_text=True)
    assert f'href="/doelensets/{school["goal_set"].id}">← Doelenset</a>' in page


def test_the_status_overview_links_each_pupil_to_their_page(client, auth, school):
    auth.login("ans@school.test")
    page = client.get(f"/groepen/{school['group'].id}/statussen").get_data(as_text=True)
    assert f'href="/leerlingen/{school["sam"].id}">Sam Smit</a>' in page


def test_the_group_profile_links_pupils_goal_set_and_adding_goals_to_their_plans(client, auth, school):
    group, goal_set = school["group"].id, school["goal_set"].id
    auth.login("ans@school.test")
    page = client.get(f"/groepen/{group}").get_data(as_text=True)
    assert f'href="/leerlingen/{school["sam"].id}">Sam Smit</a>' in page
    assert f'href="/doelensets/{goal_set}">Thema Ruimte</a>' in page
    assert f'href="/doelensets/{goal_set}/matrix"' in page
    assert f'href="/leerlingen?groep={group}">Leerdoelen toevoegen aan plannen</a>' in page
    assert EVIL not in page and "&lt;b&gt;" in page


def test_the_pupil_page_says_what_its_add_button_adds(client, auth, school):
    auth.login("ans@school.test")
    page = client.get(f"/leerlingen/{school['sam'].id}").get_data(as_text=True)
    assert ">Leerdoelen toevoegen</a>" in page and ">Voeg toe</a>" not in page


def test_the_pupil_list_offers_a_box_to_tick_everyone_and_keeps_its_filter_in_the_add_form(client, auth, school):
    auth.login("ans@school.test")
    page = client.get(f"/leerlingen?groep={school['group'].id}&zoek=Smit").get_data(as_text=True)
    assert 'data-select-all="leerling"' in page and 'aria-label="Alle leerlingen in deze lijst kiezen"' in page
    add_form = page.split('action="/leerlingen/plp-toevoegen"')[1].split("</form>")[0]
    assert f'name="groep" value="{school["group"].id}"' in add_form and 'name="zoek" value="Smit"' in add_form


def test_adding_goals_with_nobody_ticked_goes_back_to_the_same_list_with_the_reason(client, auth, school):
    auth.login("ans@school.test")
    response = client.get(f"/leerlingen/plp-toevoegen?groep={school['group'].id}&zoek=Smit")
    assert response.status_code == 302
    assert response.headers["Location"] == f"/leerlingen?groep={school['group'].id}&zoek=Smit"
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Kies eerst een of meer leerlingen" in page


def test_a_tampered_pupil_on_the_add_page_is_still_refused(client, auth, school):
    auth.login("ans@school.test")
    response = client.get("/leerlingen/plp-toevoegen?leerling=abc")
    assert response.status_code == 400


def _cluster(auth, school, **fields):
    data = {
        "naam": "Instructie tafels",
        "groepstype": GroupType.get(name="Projectgroep").id,
        "bron_groep": school["group"].id,
        **fields,
    }
    return auth.post("/matrix/groep-maken", data)


def test_making_a_group_with_nobody_ticked_goes_back_to_the_matrix_with_the_reason(client, auth, school):
    auth.login("ans@school.test")
    matrix = f"/groepen/{school['group'].id}/matrix?vak=&status=current"
    form = client.get(matrix).get_data(as_text=True).split('id="cluster-form"')[1].split("</form>")[0]
    assert 'name="terug" value="{}"'.format(matrix.replace("&", "&amp;")) in form
    groups_before = Group.select().count()
    response = _cluster(auth, school, terug=matrix)
    assert response.status_code == 303 and response.headers["Location"] == matrix
    assert "Kies minstens één leerling" in client.get(matrix).get_data(as_text=True)
    assert Group.select().count() == groups_before


@pytest.mark.parametrize(
    "back",
    [
        "https://elders.example/groepen/1/matrix",
        "//elders.example/groepen/1/matrix",
        "/leerlingen",
        "/groepen/1/matrix/../../leerlingen",
        "/groepen/1/matrix?a=<b>",
    ],
)
def test_the_way_back_only_leads_to_a_matrix_page_of_this_site(client, auth, school, back):
    auth.login("ans@school.test")
    groups_before = Group.select().count()
    response = _cluster(auth, school, terug=back)
    assert response.status_code == 400 and "Kies minstens één leerling" in response.get_data(as_text=True)
    assert Group.select().count() == groups_before


def test_a_new_group_from_the_matrix_is_announced_on_its_profile(client, auth, school):
    auth.login("ans@school.test")
    response = _cluster(auth, school, leerling=[school["sam"].id], terug=f"/groepen/{school['group'].id}/matrix")
    assert response.status_code == 303
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "De groep Instructie tafels is gemaakt met 1 leerling." in page


def test_the_row_button_of_the_matrix_names_its_pupil_escaped(client, auth, school):
    auth.login("ans@school.test")
    page = client.get(f"/groepen/{school['group'].id}/matrix").get_data(as_text=True)
    assert 'aria-label="rij van Sam Smit selecteren"' in page
    assert 'aria-label="rij van &lt;b&gt;&#34;Bo&#34;&lt;/b&gt; Bakker selecteren"' in page
    assert EVIL not in page
    assert StatusChange.select().count() == 0 and PlanGoal.select().count() == 2
