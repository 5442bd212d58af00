"""The Groepsplan page (web/group_plan.py): the proposal with its rule, and saving the instruction groups."""

import pytest

from models import Group, GroupMember, GroupTeacher, GroupType, Subject
from tests.support.factories import put_on_plan
from tests.support.schools import build_school


@pytest.fixture
def school(database):
    school = build_school()
    school["rekenen"] = Subject.get(name="Rekenen")
    put_on_plan(school.bram, school.breuken, "practising")  # Bram: both his goals at oefenen -> intensief
    return school


def plan_url(school):
    return f"/groepen/{school.group.id}/groepsplan"


def test_the_page_explains_the_rule_and_proposes_three_groups(school, client, auth):
    auth.login(school.teacher.login)
    page = client.get(plan_url(school)).get_data(as_text=True)
    assert "Hoe komt het voorstel tot stand?" in page and "Voorstel voor" not in page
    page = client.get(plan_url(school) + f"?vak={school.rekenen.id}").get_data(as_text=True)
    assert "Voorstel voor Rekenen" in page
    assert "een derde of meer van de leerdoelen staat op <em>oefenen</em>" in page
    intensief = page[page.index('data-band="intensief"') : page.index('data-band="basis"')]
    assert "Bram Bakker" in intensief and "0 van 2 behaald, 2 op oefenen" in intensief
    assert 'value="Rekenen intensief Groep 5a"' in page


def plan_form(school, group_type, **names):
    """The page's form as the teacher leaves it: Anna in meer, Bram in intensief, the groups' names."""
    return {
        "vak": school.rekenen.id,
        "leerling": [school.anna.id, school.bram.id],
        f"groep-{school.anna.id}": "meer",
        f"groep-{school.bram.id}": "intensief",
        "groepstype": GroupType.get(name=group_type).id,
        **{f"naam-{band}": name for band, name in names.items()},
    }


def test_the_teacher_saves_the_groups_as_adjusted(school, client, auth):
    auth.login(school.teacher.login)
    timetable = GroupType.get(name="Roostergroep")
    form = plan_form(
        school,
        "Roostergroep",
        intensief="Rekenen verlengde instructie",
        basis="Rekenen basis 5a",
        meer="Rekenen plus 5a",
    )
    response = auth.post(plan_url(school), form)
    assert response.status_code == 303 and response.headers["Location"].endswith("/groepen")
    made = {g.name: g for g in Group.select().where(Group.source_group == school.group.id)}
    assert set(made) == {"Rekenen verlengde instructie", "Rekenen plus 5a"}  # no empty basis group
    assert [m.pupil_id for m in GroupMember.select().where(GroupMember.group == made["Rekenen plus 5a"])] == [
        school.anna.id
    ]
    assert GroupTeacher.get(GroupTeacher.group == made["Rekenen plus 5a"]).teacher_id == school.teacher.id
    assert made["Rekenen plus 5a"].group_type_id == timetable.id
    page = client.get("/groepen").get_data(as_text=True)
    assert "Rekenen plus 5a" in page and "Rekenen verlengde instructie" in page


def test_a_refused_plan_shows_the_page_again_and_makes_no_group(school, client, auth):
    auth.login(school.teacher.login)
    before = Group.select().count()
    form = plan_form(school, "Projectgroep", intensief="Rekenen intensief", meer="")
    response = auth.post(plan_url(school), form)
    assert response.status_code == 400 and "Geef de groep een naam." in response.get_data(as_text=True)
    response = auth.post(plan_url(school), {**form, "naam-meer": "Plus", f"groep-{school.anna.id}": "extra"})
    assert response.status_code == 400 and "Kies voor elke leerling intensief, basis of meer." in response.get_data(
        as_text=True
    )
    response = auth.post(
        plan_url(school), {**form, "naam-meer": "Plus", "leerling": [school.cas.id], f"groep-{school.cas.id}": "basis"}
    )
    assert response.status_code == 400
    assert client.post(plan_url(school), data={**form, "naam-meer": "Plus"}).status_code == 400  # no CSRF token
    assert Group.select().count() == before


def test_a_teacher_who_does_not_manage_the_group_sees_the_proposal_but_cannot_save(school, client, auth):
    auth.login(school.other_teacher.login)
    page = client.get(plan_url(school) + f"?vak={school.rekenen.id}").get_data(as_text=True)
    assert "Voorstel voor Rekenen" in page and "Instructiegroepen opslaan" not in page
    response = auth.post(
        plan_url(school), {"leerling": [school.anna.id], f"groep-{school.anna.id}": "basis", "naam-basis": "X"}
    )
    assert response.status_code == 403
