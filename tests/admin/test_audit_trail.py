"""Every change made in the back office leaves one line on the audit-log screen: who, when, what, and each
changed field with its old and new value as an admin reads them (Dutch labels, names, ja/nee, dd-mm-jjjj).
A change made through a service is recorded by that service, never twice."""

import re

import pytest

from admin import trail
from models import (
    AuditLog,
    Domain,
    Goal,
    GoalSet,
    GoalSetGoal,
    Group,
    GroupType,
    LessonBlock,
    Period,
    SchoolSettings,
    Skill,
    SkillRating,
    Status,
    Subject,
    WeekTemplate,
)
from tests.support.factories import make_admin, make_domain, make_goal, make_group, make_pupil, make_teacher


@pytest.fixture
def admin(auth):
    admin = make_admin(first_name="Bea", last_name="Beheer")
    auth.login(admin.login)
    return admin


def audit_page(client, **filters):
    """The audit-log list as an admin sees it, as text (one line per change, markup and spacing stripped)."""
    html = client.get("/admin/audit-log/", query_string=filters).get_data(as_text=True)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def details_page(client, line):
    html = client.get(f"/admin/audit-log/details/?id={line.id}").get_data(as_text=True)
    return re.sub(r"[ \t]+", " ", re.sub(r"<[^>]+>", " ", html))


def only_line(action, entity):
    lines = list(AuditLog.select().where((AuditLog.action == action) & (AuditLog.entity == entity)))
    assert len(lines) == 1, [(line.action, line.detail) for line in lines]
    return lines[0]


def settings_form(settings, **changes):
    form = {
        "name": settings.name,
        "brin": settings.brin or "",
        "school_year": settings.school_year,
        "class_folder_weeks_back": str(settings.class_folder_weeks_back),
        "class_folder_weeks_ahead": str(settings.class_folder_weeks_ahead),
        **({"parent_access": "y"} if settings.parent_access else {}),
        **changes,
    }
    return {name: value for name, value in form.items() if value is not None}


def test_parent_access_status_colour_and_group_type_show_with_old_and_new_value(client, auth, admin):
    settings = SchoolSettings.get_current()
    assert not settings.parent_access
    auth.post(f"/admin/settings/edit/?id={settings.id}", settings_form(settings, parent_access="y"))
    status = Status.by_key("highlighted")
    auth.post(f"/admin/statuses/edit/?id={status.id}", {"name": "uitgelicht", "colour": "#ff0000", "symbol": "U"})
    kind = GroupType.get(name="Projectgroep")
    auth.post(f"/admin/group-types/edit/?id={kind.id}", {"name": "Projectgroep"})  # no longer visible to pupils
    assert SchoolSettings.get_current().parent_access and not GroupType.get_by_id(kind.id).visible_to_pupils

    page = audit_page(client)
    for entity, change in (
        ("Schoolinstellingen", "Ouders hebben toegang: nee → ja"),
        ("Status", "Kleur: #fdd835 → #ff0000"),
        ("Groepstype", "Zichtbaar voor leerlingen: ja → nee"),
    ):
        assert re.search(rf"Bea Beheer gewijzigd {entity} \d+ .*?{re.escape(change)}", page), change
    lines = {line.entity: line for line in AuditLog.select().where(AuditLog.action == "admin_update")}
    assert set(lines) == {"SchoolSettings", "Status", "GroupType"}  # one line each, only what changed
    details = details_page(client, lines["Status"])
    assert "uitgelicht\nKleur: #fdd835 → #ff0000 " in details and "Symbool" not in details
    assert re.search(r"Handeling\s+gewijzigd\s+Soort\s+Status", details)
    assert lines["Status"].actor_id == admin.id and lines["Status"].entity_id == status.id

    # switching it off again is a change too; saving without a change is none
    auth.post(
        f"/admin/settings/edit/?id={settings.id}", settings_form(SchoolSettings.get_current(), parent_access=None)
    )
    auth.post(f"/admin/settings/edit/?id={settings.id}", settings_form(SchoolSettings.get_current()))
    assert "Ouders hebben toegang: ja → nee" in audit_page(client)
    assert AuditLog.select().where(AuditLog.entity == "SchoolSettings").count() == 2


def group_form(group, **changes):
    """The group's edit form as the browser sends it, with `changes`."""
    form = {
        "name": group.name,
        "group_type": group.group_type_id,
        "school_year": group.school_year,
        "year_level": group.year_level or "",
        "goal_set": group.goal_set_id or "__None",
        **changes,
    }
    return {name: str(value) for name, value in form.items()}


def test_a_groups_type_teachers_and_a_periods_dates_read_as_on_the_screens(client, auth, admin):
    teacher = make_teacher(first_name="Ans", last_name="Vos")
    group = make_group(name="Groep 5a", type_name="Stamgroep")
    projectgroep = GroupType.get(name="Projectgroep")
    teachers = {"teacher_links-0-id": "", "teacher_links-0-teacher": str(teacher.id)}
    auth.post(
        f"/admin/groups/edit/?id={group.id}", group_form(group, group_type=projectgroep.id, year_level=5, **teachers)
    )
    details = details_page(client, only_line("admin_update", "Group"))
    assert "Groepstype: Stamgroep → Projectgroep" in details
    assert "Jaargroep: (leeg) → 5" in details
    assert "Leraren: (leeg) → Ans Vos" in details

    period = Period.create(
        school_year="2026-2027", number=1, name="Herfst", start_date="2026-08-24", end_date="2026-11-13"
    )
    form = {name: str(getattr(period, name)) for name in ("school_year", "number", "name", "start_date", "end_date")}
    auth.post(f"/admin/periods/edit/?id={period.id}", {**form, "end_date": "2026-11-20"})
    assert "Periode 1 Herfst — Einddatum: 13-11-2026 → 20-11-2026" in audit_page(client)

    template = WeekTemplate.create(
        name="Rooster", school_year="2026-2027", valid_from="2026-08-24", valid_until="2027-07-09"
    )
    block = LessonBlock.create(
        week_template=template, weekday=2, start_time="08:30", end_time="09:15", title="Rekenen", group=group
    )
    form = {"week_template": template.id, "weekday": 3, "start_time": "08:45", "end_time": "09:15", "title": "Rekenen"}
    auth.post(f"/admin/lesson-blocks/edit/?id={block.id}", {**form, "group": group.id})
    assert "Rekenen — Dag: woensdag → donderdag; Begin: 08:30 → 08:45" in audit_page(client)


def test_a_goal_set_linked_to_a_group_is_recorded_once_by_its_service(client, auth, admin):
    pupil = make_pupil()
    group = make_group(name="Groep 6", pupils=[pupil])
    goal_set = GoalSet.create(name="Thema water")
    GoalSetGoal.create(goal_set=goal_set, goal=make_goal())
    auth.post(f"/admin/groups/edit/?id={group.id}", group_form(group, goal_set=goal_set.id, members=pupil.id))
    assert Group.get_by_id(group.id).goal_set_id == goal_set.id
    assert only_line("link_goal_set", "Group").detail == "Thema water"
    assert not AuditLog.select().where(AuditLog.action == "admin_update").exists()


def test_creating_and_deleting_a_row_is_recorded_with_its_values(client, auth, admin):
    auth.post("/admin/group-types/new/", {"name": "Instructiegroep", "visible_to_pupils": "y"})
    kind = GroupType.get(name="Instructiegroep")
    created = details_page(client, only_line("admin_create", "GroupType"))
    assert "Naam: Instructiegroep" in created and "Zichtbaar voor leerlingen: ja" in created
    assert "Beheerd door het LAS: nee" in created
    auth.post("/admin/group-types/delete/", {"id": str(kind.id)})
    assert not GroupType.select().where(GroupType.id == kind.id).exists()
    deleted = only_line("admin_delete", "GroupType")
    assert deleted.entity_id == kind.id and "Naam: Instructiegroep" in details_page(client, deleted)
    assert re.search(
        r"Bea Beheer verwijderd Groepstype \d+ Instructiegroep — Naam: Instructiegroep", audit_page(client)
    )
    # a refused delete changes nothing and records nothing
    make_group(type_name="Stamgroep")
    auth.post("/admin/group-types/delete/", {"id": str(GroupType.get(name="Stamgroep").id)})
    assert AuditLog.select().where(AuditLog.action == "admin_delete").count() == 1


def test_a_user_edit_is_recorded_but_never_a_password_hash(client, auth, admin, app):
    teacher = make_teacher(first_name="Ans", last_name="Vos")
    auth.post(
        f"/admin/teachers/edit/?id={teacher.id}",
        {"login": teacher.login, "first_name": "Anne", "infix": "", "last_name": "Vos", "role": "assistant"},
    )
    update = details_page(client, only_line("admin_update", "User"))
    assert "Voornaam: Ans → Anne" in update and "Soort: leraar → leerpleinassistent" in update
    # the trail notes that a secret changed, never the secret itself
    old_hash = teacher.password_hash
    before = trail.snapshot(teacher, ["first_name", "password_hash"])
    teacher.password_hash = "argon2$nieuw"
    changes = trail.compare(before, trail.snapshot(teacher, ["first_name", "password_hash"]), lambda n: "Wachtwoord")
    AuditLog.create(
        actor=admin, action="admin_update", entity="User", entity_id=teacher.id, detail=trail.detail(teacher, changes)
    )
    page = details_page(client, AuditLog.select().order_by(AuditLog.id.desc()).first())
    assert "Wachtwoord: gewijzigd" in page and old_hash not in page and "argon2$nieuw" not in page


@pytest.mark.parametrize(
    "url, make, label",
    [
        ("groups", lambda: make_group(name="Groep 3", pupils=[make_pupil()]), "Groep 'Groep 3'"),
        (
            "goal-sets",
            lambda: make_group(goal_set=GoalSet.create(name="Thema water")).goal_set,
            "Doelenset 'Thema water'",
        ),
        ("skills", lambda: SkillRating.create(**rating()).skill, "Vaardigheid 'plannen'"),
    ],
)
def test_a_row_with_data_attached_is_archived_and_that_is_recorded(client, auth, admin, url, make, label):
    row = make()
    page = auth.post(f"/admin/{url}/delete/", {"id": str(row.id)}, follow_redirects=True).get_data(as_text=True)
    assert f"{label} is gearchiveerd in plaats van verwijderd" in page.replace("&#39;", "'")
    assert type(row).get_by_id(row.id).archived
    line = only_line("admin_archive", type(row).__name__)
    assert "Gearchiveerd: nee → ja" in details_page(client, line)
    assert re.search(r"Bea Beheer gearchiveerd", audit_page(client))
    # once archived, it stays: a second delete (also from the bulk action) is refused with the reason
    page = auth.post(
        f"/admin/{url}/action/", {"action": "delete", "rowid": [str(row.id)]}, follow_redirects=True
    ).get_data(as_text=True)
    assert f"{label} is al gearchiveerd" in page.replace("&#39;", "'")
    assert type(row).select().where(type(row).id == row.id).exists()
    assert AuditLog.select().where(AuditLog.action == "admin_archive").count() == 1


def rating():
    return {"skill": Skill.get(Skill.name == "plannen"), "pupil": make_pupil(), "voice": "pupil", "stars": 2}


def flashed(response):
    return response.get_data(as_text=True).replace("&#39;", "'")


def test_subjects_and_domains_go_through_the_curriculum_service(client, auth, admin):
    auth.post("/admin/subjects/new/", {"name": "Taal"})
    page = flashed(auth.post("/admin/subjects/new/", {"name": "taal"}, follow_redirects=True))
    assert "Er is al een hoofdgebied met de naam taal." in page
    taal = Subject.get(Subject.name == "Taal")
    assert Subject.select().count() == 1
    assert only_line("curriculum.add_subject", "Subject").actor_id == admin.id
    auth.post("/admin/domains/new/", {"subject": str(taal.id), "name": "Spelling"})
    spelling = Domain.get(Domain.name == "Spelling")
    page = flashed(
        auth.post("/admin/domains/new/", {"subject": str(taal.id), "name": "SPELLING"}, follow_redirects=True)
    )
    assert "Hoofdgebied Taal heeft al een deelgebied met de naam SPELLING." in page
    auth.post("/admin/domains/new/", {"subject": str(taal.id), "name": "Lezen"})

    # rename through the service (refused onto a name in use); the position is the back office's own field
    page = flashed(
        auth.post(
            f"/admin/domains/edit/?id={spelling.id}",
            {"subject": str(taal.id), "name": "lezen", "position": str(spelling.position)},
            follow_redirects=True,
        )
    )
    assert "al een deelgebied met de naam lezen" in page and Domain.get_by_id(spelling.id).name == "Spelling"
    auth.post(f"/admin/subjects/edit/?id={taal.id}", {"name": "Nederlands", "position": "7"})
    assert (Subject.get_by_id(taal.id).name, Subject.get_by_id(taal.id).position) == ("Nederlands", 7)
    assert only_line("curriculum.rename_subject", "Subject").detail == "Taal -> Nederlands"
    assert "Volgorde: 1 → 7" in details_page(client, only_line("admin_update", "Subject"))

    page = flashed(auth.post("/admin/subjects/delete/", {"id": str(taal.id)}, follow_redirects=True))
    assert "Hoofdgebied Nederlands kan niet worden verwijderd" in page
    make_goal(spelling)
    auth.post("/admin/domains/delete/", {"id": str(spelling.id)})
    assert Domain.select().where(Domain.id == spelling.id).exists()
    lezen = Domain.get(Domain.name == "Lezen")
    auth.post("/admin/domains/delete/", {"id": str(lezen.id)})
    assert not Domain.select().where(Domain.id == lezen.id).exists()
    assert only_line("curriculum.remove_domain", "Domain").entity_id == lezen.id
    assert not AuditLog.select().where(AuditLog.action.in_(["admin_create", "admin_delete"])).exists()


def test_goals_go_through_the_curriculum_service_which_checks_level_and_period(client, auth, admin):
    domain = make_domain("Rekenen", "Getallen")
    goal_form = {"domain": str(domain.id), "title": "Tellen tot 100", "level": "4", "period": "2"}
    for wrong, message in (
        ({"level": "12"}, "Het niveau moet tussen 1 en 8 liggen."),
        ({"period": "5"}, "De periode moet tussen 1 en 4 liggen."),  # the school year has four periods
    ):
        page = flashed(auth.post("/admin/goals/new/", {**goal_form, **wrong}, follow_redirects=True))
        assert message in page
    assert not Goal.select().exists()
    auth.post("/admin/goals/new/", goal_form)
    goal = Goal.get(Goal.title == "Tellen tot 100")
    assert only_line("curriculum.add_goal", "Goal").entity_id == goal.id

    edit = {**goal_form, "title": "Tellen tot 1000", "level": "5", "description": "", "steps": "", "position": "3"}
    auth.post(f"/admin/goals/edit/?id={goal.id}", edit)
    goal = Goal.get_by_id(goal.id)
    assert (goal.title, goal.level, goal.period, goal.position) == ("Tellen tot 1000", 5, 2, 3)
    assert only_line("curriculum.rename_goal", "Goal").detail == "Tellen tot 100 -> Tellen tot 1000"
    assert "niveau 4 -> 5" in only_line("curriculum.change_goal_level_period", "Goal").detail
    assert not AuditLog.select().where(AuditLog.action == "curriculum.update_goal_content").exists()
    update = details_page(client, only_line("admin_update", "Goal"))
    assert "Volgorde: 1 → 3" in update and "Titel" not in update and "Niveau" not in update
