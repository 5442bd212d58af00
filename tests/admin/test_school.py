"""School, group and curriculum screens: create, edit, delete policy, LAS-managed groups."""

import pytest

from models import (
    Domain,
    Goal,
    GoalSet,
    GoalSetGoal,
    Group,
    GroupMember,
    GroupTeacher,
    GroupType,
    Period,
    PlanGoal,
    SchoolSettings,
    Skill,
    Status,
    Subject,
    User,
)
from tests.support.factories import make_admin, make_goal, make_group, make_pupil, make_teacher, put_on_plan


@pytest.fixture
def admin(auth):
    admin = make_admin()
    auth.login(admin.login)
    return admin


def test_school_settings_edit_only(client, auth, admin):
    settings = SchoolSettings.get_current()
    assert b"Mijn school" in client.get("/admin/settings/").data
    auth.post(
        f"/admin/settings/edit/?id={settings.id}",
        {
            "name": "De Regenboog",
            "brin": "12AB",
            "school_year": "2026-2027",
            "class_folder_weeks_back": "3",
            "class_folder_weeks_ahead": "2",
            "parent_access": "y",
        },
    )
    settings = SchoolSettings.get_current()
    assert settings.name == "De Regenboog" and settings.parent_access
    assert client.get("/admin/settings/new/").status_code == 302  # no create
    auth.post("/admin/settings/delete/", {"id": str(settings.id)})
    assert SchoolSettings.select().count() == 1


def test_periods(client, auth, admin):
    auth.post(
        "/admin/periods/new/",
        {
            "school_year": "2026-2027",
            "number": "1",
            "name": "Periode 1",
            "start_date": "2026-08-24",
            "end_date": "2026-11-13",
        },
    )
    period = Period.get(Period.number == 1)
    auth.post(
        f"/admin/periods/edit/?id={period.id}",
        {
            "school_year": "2026-2027",
            "number": "1",
            "name": "Herfst",
            "start_date": "2026-08-24",
            "end_date": "2026-11-13",
        },
    )
    assert Period.get_by_id(period.id).name == "Herfst"
    auth.post(
        "/admin/periods/new/",
        {
            "school_year": "2026-2027",
            "number": "2",
            "name": "Fout",
            "start_date": "2026-12-01",
            "end_date": "2026-11-01",
        },
    )
    assert not Period.select().where(Period.number == 2).exists()
    auth.post("/admin/periods/delete/", {"id": str(period.id)})
    assert not Period.select().exists()


def test_status_rename_and_recolour_only(client, auth, admin):
    status = Status.by_key("highlighted")
    auth.post(
        f"/admin/statuses/edit/?id={status.id}",
        {"name": "nu doen", "colour": "#ffeb3b", "symbol": "N", "key": "achieved", "position": "9", "is_active": ""},
    )
    status = Status.get_by_id(status.id)
    assert (status.name, status.colour, status.key, status.position, status.is_active) == (
        "nu doen",
        "#ffeb3b",
        "highlighted",
        2,
        True,
    )
    assert client.get("/admin/statuses/new/").status_code == 302
    auth.post("/admin/statuses/delete/", {"id": str(status.id)})
    assert Status.select().count() == 5


def test_group_types_and_simple_lists(client, auth, admin):
    auth.post("/admin/group-types/new/", {"name": "Instructiegroep", "visible_to_pupils": "y"})
    kind = GroupType.get(name="Instructiegroep")
    auth.post(f"/admin/group-types/edit/?id={kind.id}", {"name": "Instructie", "visible_to_pupils": "y"})
    assert GroupType.get_by_id(kind.id).name == "Instructie"
    auth.post("/admin/group-types/delete/", {"id": str(kind.id)})
    assert not GroupType.select().where(GroupType.id == kind.id).exists()
    # a type in use is not deleted
    make_group(type_name="Stamgroep")
    page = auth.post(
        "/admin/group-types/delete/", {"id": str(GroupType.get(name="Stamgroep").id)}, follow_redirects=True
    ).get_data(as_text=True)
    assert "kan niet worden verwijderd" in page and GroupType.select().where(GroupType.name == "Stamgroep").exists()
    auth.post("/admin/skills/new/", {"name": "creatief denken", "position": "9"})
    assert Skill.select().where(Skill.name == "creatief denken").exists()
    auth.post("/admin/note-categories/new/", {"name": "oudergesprek"})
    auth.post("/admin/lesson-types/new/", {"name": "excursie"})
    assert b"oudergesprek" in client.get("/admin/note-categories/").data
    assert b"excursie" in client.get("/admin/lesson-types/").data


def test_create_group_with_members_and_teachers(client, auth, admin):
    anna, ben = make_pupil(), make_pupil()
    teacher = make_teacher()
    stamgroep = GroupType.get(name="Stamgroep")
    response = auth.post(
        "/admin/groups/new/",
        {
            "name": "Groep 5a",
            "group_type": str(stamgroep.id),
            "school_year": "2026-2027",
            "year_level": "5",
            "goal_set": "__None",
            "members": f"{anna.id},{ben.id}",
            "teacher_links-0-id": "",
            "teacher_links-0-teacher": str(teacher.id),
        },
    )
    assert response.status_code == 302
    group = Group.get(Group.name == "Groep 5a")
    assert {m.pupil_id for m in group.memberships} == {anna.id, ben.id}
    assert [t.teacher_id for t in group.teacher_links] == [teacher.id]
    link = GroupTeacher.get(GroupTeacher.group == group)
    # edit: inline row keeps its hidden id (the AutoField fix), one member leaves
    response = auth.post(
        f"/admin/groups/edit/?id={group.id}",
        {
            "name": "Groep 5A",
            "group_type": str(stamgroep.id),
            "school_year": "2026-2027",
            "year_level": "5",
            "goal_set": "__None",
            "members": str(anna.id),
            "teacher_links-0-id": str(link.id),
            "teacher_links-0-teacher": str(teacher.id),
        },
    )
    assert response.status_code == 302
    group = Group.get_by_id(group.id)
    assert group.name == "Groep 5A"
    assert [m.pupil_id for m in group.memberships] == [anna.id]
    assert [t.id for t in group.teacher_links] == [link.id]
    assert (
        b"Groep 5A" in client.get("/admin/groups/?flt0_0=Stamgroep").data
        or b"Groep 5A" in client.get("/admin/groups/").data
    )


def test_group_filter_on_type_name(client, admin):
    make_group(name="Rekenclub", type_name="Projectgroep")
    make_group(name="Groep 3", type_name="Stamgroep")
    view = next(v for v in client.application.extensions["admin"][0]._views if v.endpoint == "groups")
    index = next(i for i, f in enumerate(view._filters) if str(f.name) == "Groepstype / Naam")
    page = client.get(f"/admin/groups/?flt0_{index}=Projectgroep").get_data(as_text=True)
    assert "Rekenclub" in page and "Groep 3" not in page


def test_linking_a_goal_set_puts_goals_on_member_plans(client, auth, admin):
    pupil = make_pupil()
    group = make_group(pupils=[pupil])
    goal = make_goal()
    goal_set = GoalSet.create(name="Thema water")
    GoalSetGoal.create(goal_set=goal_set, goal=goal)
    auth.post(
        f"/admin/groups/edit/?id={group.id}",
        {
            "name": group.name,
            "group_type": str(group.group_type_id),
            "school_year": group.school_year,
            "year_level": "",
            "goal_set": str(goal_set.id),
            "members": str(pupil.id),
        },
    )
    assert Group.get_by_id(group.id).goal_set_id == goal_set.id
    assert PlanGoal.select().where((PlanGoal.pupil == pupil) & (PlanGoal.goal == goal)).exists()


def test_deleting_a_group_with_members_keeps_pupils_and_plans(client, auth, admin):
    pupils = [make_pupil(), make_pupil()]
    group = make_group(pupils=pupils, teachers=[make_teacher()])
    goal = make_goal()
    plan_goals = [put_on_plan(p, goal) for p in pupils]
    page = auth.post("/admin/groups/delete/", {"id": str(group.id)}, follow_redirects=True).get_data(as_text=True)
    assert "gearchiveerd" in page
    group = Group.get_by_id(group.id)
    assert group.archived and group.archived_at is not None
    assert User.select().where(User.id.in_([p.id for p in pupils])).count() == 2
    assert PlanGoal.select().where(PlanGoal.id.in_([pg.id for pg in plan_goals])).count() == 2
    assert GroupMember.select().where(GroupMember.group == group).count() == 2
    # bulk delete takes the same road
    other = make_group(pupils=[pupils[0]])
    auth.post("/admin/groups/action/", {"action": "delete", "rowid": [str(other.id), str(group.id)]})
    assert Group.select().count() == 2 and User.select().where(User.role == "pupil").count() == 2
    # a bare group is really deleted
    bare = make_group()
    auth.post("/admin/groups/delete/", {"id": str(bare.id)})
    assert not Group.select().where(Group.id == bare.id).exists()


def las_group(pupils=()):
    return make_group(name="8B", type_name="Parnassys-groep", las_key="G-8B", year_level=8, pupils=pupils)


def test_las_group_fields_and_members_are_locked(client, auth, admin):
    member, outsider = make_pupil(), make_pupil()
    group = las_group([member])
    page = client.get(f"/admin/groups/edit/?id={group.id}").get_data(as_text=True)
    assert "Komt uit het LAS" in page
    base = {
        "name": "8B",
        "group_type": str(group.group_type_id),
        "school_year": group.school_year,
        "year_level": "8",
        "goal_set": "__None",
        "members": str(member.id),
    }
    for change in (
        {"name": "Gekaapt"},
        {"year_level": "3"},
        {"group_type": str(GroupType.get(name="Stamgroep").id)},
        {"members": f"{member.id},{outsider.id}"},
        {"members": ""},
    ):
        page = auth.post(f"/admin/groups/edit/?id={group.id}", {**base, **change}, follow_redirects=True).get_data(
            as_text=True
        )
        assert "LAS" in page, change
        stored = Group.get_by_id(group.id)
        assert (stored.name, stored.year_level, stored.group_type_id) == ("8B", 8, group.group_type_id)
        assert [m.pupil_id for m in stored.memberships] == [member.id]
    # what the LAS does not own can still change; a left-out (disabled) members field changes nothing
    auth.post(
        f"/admin/groups/edit/?id={group.id}",
        {k: v for k, v in {**base, "archived": "y"}.items() if k not in ("members", "name", "group_type")},
    )
    stored = Group.get_by_id(group.id)
    assert stored.archived and stored.name == "8B" and [m.pupil_id for m in stored.memberships] == [member.id]


def test_no_hand_made_las_groups(client, auth, admin):
    las_type = GroupType.get(name="Parnassys-groep")
    auth.post(
        "/admin/groups/new/",
        {"name": "Nep", "group_type": str(las_type.id), "school_year": "2026-2027", "goal_set": "__None"},
    )
    assert not Group.select().where(Group.name == "Nep").exists()


def test_curriculum_create_edit_and_refused_deletes(client, auth, admin):
    auth.post("/admin/subjects/new/", {"name": "Taal", "position": "1"})
    subject = Subject.get(Subject.name == "Taal")
    auth.post("/admin/domains/new/", {"subject": str(subject.id), "name": "Spelling", "position": "0"})
    domain = Domain.get(Domain.name == "Spelling")
    auth.post(
        "/admin/goals/new/",
        {
            "domain": str(domain.id),
            "title": "Ik spel woorden met ei/ij",
            "level": "4",
            "period": "2",
            "description": "Uitleg",
            "steps": "Lees\nSchrijf",
            "position": "0",
        },
    )
    goal = Goal.get(Goal.title == "Ik spel woorden met ei/ij")
    assert goal.step_list == ["Lees", "Schrijf"]
    auth.post(
        f"/admin/goals/edit/?id={goal.id}",
        {
            "domain": str(domain.id),
            "title": "Ik spel ei/ij",
            "level": "5",
            "period": "1",
            "description": "",
            "steps": "",
            "position": "0",
        },
    )
    assert (Goal.get_by_id(goal.id).title, Goal.get_by_id(goal.id).level) == ("Ik spel ei/ij", 5)
    auth.post("/admin/goals/new/", {"domain": str(domain.id), "title": "Te hoog", "level": "12", "period": "1"})
    assert not Goal.select().where(Goal.title == "Te hoog").exists()
    # subject and domain with children: refused with a reason
    page = auth.post("/admin/subjects/delete/", {"id": str(subject.id)}, follow_redirects=True).get_data(as_text=True)
    assert "kan niet worden verwijderd" in page and Subject.select().where(Subject.id == subject.id).exists()
    auth.post("/admin/domains/delete/", {"id": str(domain.id)})
    assert Domain.select().where(Domain.id == domain.id).exists()
    # filters on related names
    assert b"Ik spel ei/ij" in client.get("/admin/goals/?search=spel").data


def test_goal_in_use_is_archived_bare_goal_deleted(client, auth, admin):
    goal, bare = make_goal(), make_goal()
    pupil = make_pupil()
    put_on_plan(pupil, goal)
    auth.post("/admin/goals/delete/", {"id": str(goal.id)})
    assert Goal.get_by_id(goal.id).archived
    assert PlanGoal.select().where(PlanGoal.goal == goal).count() == 1
    auth.post("/admin/goals/delete/", {"id": str(bare.id)})
    assert not Goal.select().where(Goal.id == bare.id).exists()


def test_goal_sets(client, auth, admin):
    first, second = make_goal(title="Breuken"), make_goal(title="Procenten")
    auth.post(
        "/admin/goal-sets/new/",
        {"name": "Project markt", "description": "", "plan": "Stap 1", "goals": f"{first.id},{second.id}"},
    )
    goal_set = GoalSet.get(GoalSet.name == "Project markt")
    assert {link.goal_id for link in goal_set.goal_links} == {first.id, second.id}
    pupil = make_pupil()
    group = make_group(pupils=[pupil], goal_set=goal_set)
    auth.post(
        f"/admin/goal-sets/edit/?id={goal_set.id}",
        {"name": "Project markt", "description": "", "plan": "", "goals": str(first.id)},
    )
    assert [link.goal_id for link in GoalSet.get_by_id(goal_set.id).goal_links] == [first.id]
    page = client.get("/admin/goal-sets/ajax/lookup/?name=goals&query=proc").get_json()
    assert [row[0] for row in page] == [second.id]
    auth.post("/admin/goal-sets/delete/", {"id": str(goal_set.id)})
    assert GoalSet.get_by_id(goal_set.id).archived and Group.get_by_id(group.id).goal_set_id == goal_set.id
    bare = GoalSet.create(name="Leeg")
    auth.post("/admin/goal-sets/delete/", {"id": str(bare.id)})
    assert not GoalSet.select().where(GoalSet.id == bare.id).exists()


def test_material_links(client, auth, admin):
    goal = make_goal()
    auth.post("/admin/material/new/", {"goal": str(goal.id), "title": "Filmpje", "url": "https://example.org/v"})
    auth.post("/admin/material/new/", {"goal": str(goal.id), "title": "Eng", "url": "javascript:alert(1)"})
    assert [d.title for d in goal.documents] == ["Filmpje"] and goal.documents[0].kind == "material"


def test_export_groups(client, admin):
    import io

    import openpyxl

    make_group(name="Groep 7", type_name="Stamgroep")
    make_group(name="Groep 8", type_name="Stamgroep")
    sheet = openpyxl.load_workbook(io.BytesIO(client.get("/admin/groups/export/xlsx/").data)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:2] == ("Naam", "Groepstype")
    assert {row[0] for row in rows[1:]} == {"Groep 7", "Groep 8"} and rows[1][1] == "Stamgroep"
