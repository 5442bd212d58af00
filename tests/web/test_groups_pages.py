"""Group pages: Mijn groepen, Alle Groepen, the new-group wizard, the Groepsprofiel and its changes, per role."""

import pytest

from models import GoalSet, GoalSetGoal, Group, GroupMember, GroupTeacher, GroupType, MyGroup, PlanGoal
from tests.support.factories import make_admin, make_goal, make_group, make_parent, make_pupil, make_teacher, make_user

ROLES = ["admin", "coach", "teacher_in", "teacher_out", "assistant", "pupil", "parent"]


@pytest.fixture
def school(database):
    """5a (Anna, Bram; Juf In), a LAS group 6b (Cas), a pupil and a teacher outside, a parent of Anna."""
    anna, bram, cas = (make_pupil(first_name=n, last_name="Z") for n in ("Anna", "Bram", "Cas"))
    dirk = make_pupil(first_name="Dirk", last_name="Dekker")
    teacher_in = make_teacher(login="in@school.test", first_name="Juf", last_name="In")
    teacher_out = make_teacher(login="uit@school.test", first_name="Meester", last_name="Uit")
    group = make_group(name="Groep 5a", teachers=[teacher_in], pupils=[anna, bram])
    las = make_group(
        name="Groep 6b", type_name="Parnassys-groep", teachers=[teacher_in], pupils=[cas], las_key="LAS-6b"
    )
    users = {
        "admin": make_admin(),
        "coach": make_teacher(is_coach=True),
        "teacher_in": teacher_in,
        "teacher_out": teacher_out,
        "assistant": make_user("assistant"),
        "pupil": anna,
        "parent": make_parent(children=[anna]),
    }
    return {"users": users, "group": group, "las": las, "anna": anna, "bram": bram, "cas": cas, "dirk": dirk}


def members(group):
    return {m.pupil_id for m in GroupMember.select().where(GroupMember.group == group)}


# --- lists ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("url", ["/groepen", "/groepen/alle"])
def test_group_lists_are_for_staff_only(client, auth, school, role, url):
    auth.login(school["users"][role].login)
    response = client.get(url)
    if role in ("pupil", "parent"):
        assert response.status_code == 403
    else:
        assert response.status_code == 200
        if url == "/groepen/alle":
            assert "Groep 5a" in response.get_data(as_text=True)


@pytest.mark.parametrize("url", ["/groepen", "/groepen/alle", "/groepen/nieuw", "/groepen/1"])
def test_anonymous_visitors_are_sent_to_sign_in(client, database, url):
    response = client.get(url)
    assert response.status_code == 302 and response.headers["Location"].startswith("/login")


def test_my_groups_lists_taught_and_followed_groups_only(client, auth, school):
    followed = make_group(name="Rekengroep", type_name="Projectgroep")
    MyGroup.create(teacher=school["users"]["teacher_out"], group=followed)
    auth.login("uit@school.test")
    page = client.get("/groepen").get_data(as_text=True)
    assert "Rekengroep" in page and "Groep 5a" not in page and "Uit Mijn groepen" in page


def test_all_groups_can_be_searched_and_filtered_by_type(client, auth, school):
    auth.login("uit@school.test")
    page = client.get("/groepen/alle?zoek=5a").get_data(as_text=True)
    assert "Groep 5a" in page and "Groep 6b" not in page
    las_type = GroupType.get(name="Parnassys-groep").id
    page = client.get(f"/groepen/alle?type={las_type}").get_data(as_text=True)
    assert "Groep 6b" in page and "Groep 5a" not in page


# --- the new-group wizard --------------------------------------------------------------------------------


def wizard(auth, step, **fields):
    return auth.post("/groepen/nieuw", data={"step": step, **fields})


def test_the_wizard_creates_a_group_in_three_steps(client, auth, school):
    auth.login("uit@school.test")
    first = client.get("/groepen/nieuw").get_data(as_text=True)
    assert "Parnassys-groep" not in first and "Projectgroep" in first
    project = GroupType.get(name="Projectgroep").id
    me = school["users"]["teacher_out"].id
    state = {"name": "Rekenclub", "group_type": project, "teachers": [me], "add_to_my_groups": "1"}
    second = wizard(auth, "2", **state).get_data(as_text=True)
    assert "Dirk Dekker" in second and 'name="name" value="Rekenclub"' in second
    pupils = [school["anna"].id, school["dirk"].id]
    review = wizard(auth, "3", pupils=pupils, **state).get_data(as_text=True)
    assert "Controleer de gegevens" in review and "Dirk Dekker" in review
    assert not Group.select().where(Group.name == "Rekenclub").exists()
    response = wizard(auth, "create", pupils=pupils, **state)
    group = Group.get(Group.name == "Rekenclub")
    assert response.status_code == 302 and response.headers["Location"] == f"/groepen/{group.id}"
    assert members(group) == set(pupils)
    assert GroupTeacher.select().where((GroupTeacher.group == group) & (GroupTeacher.teacher == me)).exists()
    assert MyGroup.select().where((MyGroup.group == group) & (MyGroup.teacher == me)).exists()
    assert "Rekenclub" in client.get("/groepen").get_data(as_text=True)


def test_going_back_keeps_the_choices(client, auth, school):
    auth.login("uit@school.test")
    project = GroupType.get(name="Projectgroep").id
    page = wizard(auth, "1", name="Rekenclub", group_type=project, pupils=[school["dirk"].id]).get_data(as_text=True)
    assert 'value="Rekenclub"' in page and f'name="pupils" value="{school["dirk"].id}"' in page


@pytest.mark.parametrize(
    "fields, message",
    [
        ({"name": " "}, "Geef de groep een naam."),
        ({"group_type": "LAS"}, "Kies een groepstype."),
        ({"teachers": ["abc"]}, "Dit formulier klopt niet"),
        ({"pupils": ["999999"]}, "Dit formulier klopt niet"),
    ],
)
def test_a_bad_or_tampered_wizard_form_writes_nothing(client, auth, school, fields, message):
    auth.login("uit@school.test")
    las_type = GroupType.get(name="Parnassys-groep").id
    state = {"name": "Rekenclub", "group_type": GroupType.get(name="Projectgroep").id, **fields}
    if state["group_type"] == "LAS":
        state["group_type"] = las_type
    before = Group.select().count()
    response = wizard(auth, "create", **state)
    assert response.status_code == 400 and message in response.get_data(as_text=True)
    assert Group.select().count() == before


@pytest.mark.parametrize(
    "role, status", [("assistant", 403), ("pupil", 403), ("parent", 403), ("admin", 200), ("teacher_out", 200)]
)
def test_who_may_create_a_group(client, auth, school, role, status):
    auth.login(school["users"][role].login)
    assert client.get("/groepen/nieuw").status_code == status
    response = wizard(auth, "create", name="X", group_type=GroupType.get(name="Projectgroep").id)
    assert response.status_code == (302 if status == 200 else 403)
    assert Group.select().where(Group.name == "X").exists() == (status == 200)


# --- the profile -----------------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ROLES)
def test_the_profile_is_for_staff_only(client, auth, school, role):
    auth.login(school["users"][role].login)
    response = client.get(f"/groepen/{school['group'].id}")
    if role in ("pupil", "parent"):  # a pupil never sees the other members, a parent no other child
        assert response.status_code == 403
        assert "Bram" not in response.get_data(as_text=True)
    else:
        page = response.get_data(as_text=True)
        assert response.status_code == 200 and "Anna Z" in page and "Bram Z" in page and "Juf In" in page
        assert f"/groepen/{school['group'].id}/statussen" in page and f"/groepen/{school['group'].id}/matrix" in page


def test_an_unknown_group_is_404(client, auth, school):
    auth.login("in@school.test")
    assert client.get("/groepen/99999").status_code == 404


def test_a_las_group_explains_that_members_cannot_change_here(client, auth, school):
    auth.login("in@school.test")
    page = client.get(f"/groepen/{school['las'].id}").get_data(as_text=True)
    assert "worden beheerd in ParnasSys/ESIS" in page
    assert "Leerlingen toevoegen" not in page and "remove_member" not in page and "/leerlingen/verwijderen" not in page


def test_a_teacher_who_does_not_manage_the_group_is_told_how(client, auth, school):
    auth.login("uit@school.test")
    page = client.get(f"/groepen/{school['group'].id}").get_data(as_text=True)
    assert "Zet hem in Mijn groepen" in page and "/leerlingen/verwijderen" not in page


@pytest.mark.parametrize(
    "role, allowed",
    [
        ("admin", True),
        ("coach", True),
        ("teacher_in", True),
        ("teacher_out", False),
        ("assistant", False),
        ("pupil", False),
        ("parent", False),
    ],
)
def test_who_may_add_and_remove_members(client, auth, school, role, allowed):
    auth.login(school["users"][role].login)
    group = school["group"]
    response = auth.post(f"/groepen/{group.id}/leerlingen", data={"pupils": [school["dirk"].id]})
    assert response.status_code == (302 if allowed else 403)
    assert (school["dirk"].id in members(group)) == allowed
    response = auth.post(f"/groepen/{group.id}/leerlingen/verwijderen", data={"pupil": school["bram"].id})
    assert response.status_code == (302 if allowed else 403)
    assert (school["bram"].id in members(group)) != allowed


def test_adding_a_member_flashes_and_shows_them(client, auth, school):
    auth.login("in@school.test")
    response = auth.post(
        f"/groepen/{school['group'].id}/leerlingen", data={"pupils": [school["dirk"].id]}, follow_redirects=True
    )
    page = response.get_data(as_text=True)
    assert "1 leerling toegevoegd." in page and "Dirk Dekker" in page.split("Leerlingen toevoegen")[0]


def test_a_las_groups_members_are_refused_with_the_dutch_reason(client, auth, school):
    auth.login("in@school.test")
    response = auth.post(
        f"/groepen/{school['las'].id}/leerlingen", data={"pupils": [school["dirk"].id]}, follow_redirects=True
    )
    assert "kunnen hier niet worden gewijzigd" in response.get_data(as_text=True)
    response = auth.post(
        f"/groepen/{school['las'].id}/leerlingen/verwijderen", data={"pupil": school["cas"].id}, follow_redirects=True
    )
    assert "kunnen hier niet worden gewijzigd" in response.get_data(as_text=True)
    assert members(school["las"]) == {school["cas"].id}


@pytest.mark.parametrize(
    "pupils, message",
    [
        (["abc"], "Dit formulier klopt niet"),
        (["999999"], "Deze leerling bestaat niet."),
        ("teacher", "kan hier niet als leerling worden toegevoegd"),
    ],
)
def test_tampered_member_forms_write_nothing(client, auth, school, pupils, message):
    auth.login("in@school.test")
    if pupils == "teacher":
        pupils = [school["users"]["teacher_out"].id]
    before = members(school["group"])
    response = auth.post(f"/groepen/{school['group'].id}/leerlingen", data={"pupils": pupils}, follow_redirects=True)
    assert message in response.get_data(as_text=True)
    assert members(school["group"]) == before


def test_a_post_without_the_csrf_token_is_refused(client, auth, school):
    auth.login("in@school.test")
    response = client.post(f"/groepen/{school['group'].id}/leerlingen", data={"pupils": [school["dirk"].id]})
    assert response.status_code == 400 and school["dirk"].id not in members(school["group"])


def test_teachers_are_added_and_removed_also_in_las_groups(client, auth, school):
    auth.login("in@school.test")
    las, other = school["las"], school["users"]["teacher_out"]
    auth.post(f"/groepen/{las.id}/leraren", data={"teachers": [other.id]})
    assert GroupTeacher.select().where((GroupTeacher.group == las) & (GroupTeacher.teacher == other)).exists()
    auth.post(f"/groepen/{las.id}/leraren/verwijderen", data={"teacher": other.id})
    assert not GroupTeacher.select().where((GroupTeacher.group == las) & (GroupTeacher.teacher == other)).exists()
    response = auth.post(f"/groepen/{las.id}/leraren", data={"teachers": [school["anna"].id]}, follow_redirects=True)
    assert "kan hier niet als leraar worden toegevoegd" in response.get_data(as_text=True)


def test_linking_a_goal_set_puts_its_goals_on_every_members_plan(client, auth, school):
    goal_set = GoalSet.create(name="Ruimte")
    goal = make_goal(title="Planeten")
    GoalSetGoal.create(goal_set=goal_set, goal=goal)
    auth.login("in@school.test")
    page = auth.post(
        f"/groepen/{school['group'].id}/doelenset", data={"goal_set": goal_set.id}, follow_redirects=True
    ).get_data(as_text=True)
    assert "De doelenset is bijgewerkt" in page and "Ruimte" in page
    assert {p.pupil_id for p in PlanGoal.select().where(PlanGoal.goal == goal)} == {
        school["anna"].id,
        school["bram"].id,
    }
    auth.post(f"/groepen/{school['group'].id}/doelenset", data={"goal_set": "0"})
    assert Group.get_by_id(school["group"].id).goal_set_id is None


def test_an_outside_teacher_may_not_link_a_goal_set(client, auth, school):
    goal_set = GoalSet.create(name="Ruimte")
    auth.login("uit@school.test")
    assert auth.post(f"/groepen/{school['group'].id}/doelenset", data={"goal_set": goal_set.id}).status_code == 403
    assert Group.get_by_id(school["group"].id).goal_set_id is None


def test_my_groups_toggle_works_with_and_without_htmx(client, auth, school):
    auth.login("uit@school.test")
    me, group = school["users"]["teacher_out"], school["group"]
    response = auth.post(f"/groepen/{group.id}/mijngroepen", data={"action": "add"}, headers={"HX-Request": "true"})
    assert response.status_code == 200 and "Uit Mijn groepen" in response.get_data(as_text=True)
    assert MyGroup.select().where((MyGroup.teacher == me) & (MyGroup.group == group)).exists()
    # now in Mijn groepen, the teacher may change members
    assert "/leerlingen/verwijderen" in client.get(f"/groepen/{group.id}").get_data(as_text=True)
    response = auth.post(f"/groepen/{group.id}/mijngroepen", data={"action": "remove", "back": "alle"})
    assert response.status_code == 302 and response.headers["Location"] == "/groepen/alle"
    assert not MyGroup.select().where((MyGroup.teacher == me) & (MyGroup.group == group)).exists()


@pytest.mark.parametrize("role", ["pupil", "parent"])
def test_pupils_and_parents_have_no_my_groups(client, auth, school, role):
    auth.login(school["users"][role].login)
    assert auth.post(f"/groepen/{school['group'].id}/mijngroepen", data={"action": "add"}).status_code == 403
    assert MyGroup.select().count() == 0


def test_the_candidate_search_answers_htmx_with_matching_pupils_outside_the_group(client, auth, school):
    auth.login("in@school.test")
    page = client.get(f"/groepen/{school['group'].id}/kandidaten?zoek=Dek").get_data(as_text=True)
    assert "Dirk Dekker" in page and "Anna" not in page and "<html" not in page
    assert client.get(f"/groepen/{school['las'].id}/kandidaten").status_code == 400
    auth.logout()
    auth.login("uit@school.test")
    assert client.get(f"/groepen/{school['group'].id}/kandidaten").status_code == 403


def test_user_text_is_escaped_on_group_pages(client, auth, school):
    school["group"].name = "<script>alert(1)</script>"
    school["group"].save()
    school["dirk"].first_name = "<img src=x>"
    school["dirk"].save()
    auth.login("in@school.test")
    for url in ("/groepen", "/groepen/alle", f"/groepen/{school['group'].id}"):
        page = client.get(url).get_data(as_text=True)
        assert "<script>alert(1)</script>" not in page and "&lt;script&gt;" in page
        assert "<img src=x>" not in page
