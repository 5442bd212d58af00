"""The user lists: accounts made with a password shown once, resets, parents' children, the LAS lock,
deactivation instead of delete."""

import datetime as dt
import re

import pytest

from models import AuditLog, ParentLink, Period, PlanGoal, SchoolSettings, User
from services import passwords, rollover
from services.permissions import SYSTEM
from tests.support.factories import make_admin, make_goal, make_parent, make_pupil, make_teacher


@pytest.fixture
def admin(auth):
    admin = make_admin()
    auth.login(admin.login)
    return admin


def shown_password(html):
    match = re.search(r"Noteer het wachtwoord: (?:<strong[^>]*>)?([A-Za-z0-9]+)", html)
    return match.group(1) if match else None


def test_lists_hold_only_their_role(client, admin):
    pupil, teacher, parent = make_pupil(), make_teacher(), make_parent()
    pupils = client.get("/admin/pupils/").get_data(as_text=True)
    assert pupil.login in pupils and teacher.login not in pupils and parent.login not in pupils
    teachers = client.get("/admin/teachers/").get_data(as_text=True)
    assert teacher.login in teachers and pupil.login not in teachers
    assert parent.login in client.get("/admin/parents/").get_data(as_text=True)
    assert admin.login in client.get("/admin/admins/").get_data(as_text=True)
    # a user of another role cannot be opened through this list
    assert client.get(f"/admin/pupils/edit/?id={teacher.id}").status_code == 302


def test_search_and_filter(client, admin):
    make_pupil(first_name="Fatima", last_name="Yilmaz", level=5)
    make_pupil(first_name="Daan", last_name="Bakker", level=3)
    page = client.get("/admin/pupils/?search=yilmaz").get_data(as_text=True)
    assert "Fatima" in page and "Daan" not in page


def test_create_pupil_shows_password_once(client, auth, admin):
    response = auth.post(
        "/admin/pupils/new/",
        {
            "login": "Noor@School.test",
            "first_name": "Noor",
            "infix": "van",
            "last_name": "Dijk",
            "level": "4",
            "eckid": "",
            "enrolled_on": "2026-08-24",
            "left_on": "",
        },
        follow_redirects=True,
    )
    page = response.get_data(as_text=True)
    password = shown_password(page)
    assert password, page
    pupil = User.get(User.login == "noor@school.test")
    assert pupil.role == "pupil" and pupil.level == 4 and pupil.infix == "van"
    assert str(pupil.enrolled_on) == "2026-08-24"
    assert passwords.verify_password(pupil.password_hash, password)
    assert AuditLog.select().where(AuditLog.action == "user_created").exists()
    # shown once: the next page no longer has it, and no page shows the hash
    for url in (
        "/admin/pupils/",
        f"/admin/pupils/details/?id={pupil.id}",
        f"/admin/pupils/edit/?id={pupil.id}",
        "/admin/pupils/export/xlsx/",
    ):
        body = client.get(url).get_data()
        assert password.encode() not in body, url
        assert pupil.password_hash.encode() not in body and b"password_hash" not in body, url


def test_a_pupil_created_mid_period_gets_the_periods_plan(client, auth, admin):
    period = Period.create(
        school_year=SchoolSettings.get_current().school_year,
        number=1,
        name="Periode 1",
        start_date=dt.date(2026, 8, 24),
        end_date=dt.date(2026, 11, 15),
    )
    rollover.period_rollover(SYSTEM, period)
    goal = make_goal(level=4, period=1)
    make_goal(level=5, period=1)

    auth.post(
        "/admin/pupils/new/",
        {
            "login": "noor@school.test",
            "first_name": "Noor",
            "infix": "",
            "last_name": "Dijk",
            "level": "4",
            "eckid": "",
            "enrolled_on": "",
            "left_on": "",
        },
        follow_redirects=True,
    )

    noor = User.get(User.login == "noor@school.test")
    assert [(pg.goal_id, pg.status.key) for pg in PlanGoal.select().where(PlanGoal.pupil == noor)] == [
        (goal.id, "current")
    ]


def test_create_refuses_a_bad_pupil(client, auth, admin):
    page = auth.post(
        "/admin/pupils/new/",
        {"login": "geen-email", "first_name": "A", "last_name": "B", "level": "4"},
        follow_redirects=True,
    ).get_data(as_text=True)
    assert "inlognaam" in page.lower()
    assert not User.select().where(User.login == "geen-email").exists()


def test_create_teacher_and_assistant(client, auth, admin):
    auth.post(
        "/admin/teachers/new/",
        {"login": "ib@school.test", "first_name": "Ilse", "last_name": "Bos", "is_coach": "y", "role": "teacher"},
    )
    auth.post(
        "/admin/teachers/new/",
        {"login": "hulp@school.test", "first_name": "Hans", "last_name": "Kok", "role": "assistant"},
    )
    coach = User.get(User.login == "ib@school.test")
    assert coach.role == "teacher" and coach.is_coach
    assert User.get(User.login == "hulp@school.test").role == "assistant"
    # the role select only offers the roles of this list
    auth.post(
        "/admin/teachers/new/", {"login": "baas@school.test", "first_name": "B", "last_name": "C", "role": "admin"}
    )
    assert not User.select().where(User.login == "baas@school.test").exists()


def test_create_admin_and_edit(client, auth, admin):
    auth.post("/admin/admins/new/", {"login": "beheer2@school.test", "first_name": "Bea", "last_name": "Smit"})
    other = User.get(User.login == "beheer2@school.test")
    assert other.role == "admin"
    auth.post(
        f"/admin/admins/edit/?id={other.id}",
        {"login": "beheer2@school.test", "first_name": "Beatrix", "last_name": "Smit"},
    )
    assert User.get_by_id(other.id).first_name == "Beatrix"


def test_parent_picks_children(client, auth, admin):
    anna, ben = make_pupil(first_name="Anna"), make_pupil(first_name="Ben")
    teacher = make_teacher(first_name="Anneke")
    found = client.get("/admin/parents/ajax/lookup/?name=children&query=ann").get_json()
    assert [row[0] for row in found] == [anna.id]  # pupils only, not the teacher
    auth.post(
        "/admin/parents/new/",
        {"login": "ouder@school.test", "first_name": "Oma", "last_name": "Jansen", "children": f"{anna.id},{ben.id}"},
    )
    parent = User.get(User.login == "ouder@school.test")
    assert {link.pupil_id for link in parent.child_links} == {anna.id, ben.id}
    auth.post(
        f"/admin/parents/edit/?id={parent.id}",
        {"login": parent.login, "first_name": "Oma", "last_name": "Jansen", "children": str(ben.id)},
    )
    assert {link.pupil_id for link in ParentLink.select().where(ParentLink.parent == parent)} == {ben.id}
    # a teacher's id is not a child
    auth.post(
        f"/admin/parents/edit/?id={parent.id}",
        {"login": parent.login, "first_name": "Oma", "last_name": "Jansen", "children": str(teacher.id)},
    )
    assert {link.pupil_id for link in ParentLink.select().where(ParentLink.parent == parent)} == {ben.id}


def test_password_reset_shown_once(client, auth, admin):
    pupil = make_pupil()
    confirm = client.get(f"/admin/pupils/password/?id={pupil.id}")
    assert confirm.status_code == 200 and b"Noteer" not in confirm.data
    response = auth.post(f"/admin/pupils/password/?id={pupil.id}")
    password = shown_password(response.get_data(as_text=True))
    assert password and response.headers["Cache-Control"] == "no-store"
    assert passwords.verify_password(User.get_by_id(pupil.id).password_hash, password)
    assert password.encode() not in client.get("/admin/pupils/").data


def test_delete_deactivates(client, auth, admin):
    for url, user in (("pupils", make_pupil()), ("teachers", make_teacher()), ("parents", make_parent())):
        response = auth.post(f"/admin/{url}/delete/", {"id": str(user.id)}, follow_redirects=True)
        assert "gedeactiveerd" in response.get_data(as_text=True)
        user = User.get_by_id(user.id)
        assert not user.active and user.deactivated_at is not None
        assert (
            AuditLog.select().where((AuditLog.action == "user_deactivated") & (AuditLog.entity_id == user.id)).exists()
        )
    # bulk delete and reactivation
    pupils = [make_pupil(), make_pupil()]
    auth.post("/admin/pupils/action/", {"action": "delete", "rowid": [str(p.id) for p in pupils]})
    assert User.select().where(User.id.in_([p.id for p in pupils]) & User.active).count() == 0
    auth.post("/admin/pupils/action/", {"action": "reactivate", "rowid": [str(p.id) for p in pupils]})
    assert User.select().where(User.id.in_([p.id for p in pupils]) & User.active).count() == 2
    assert User.select().where(User.role == "pupil").count() == 3  # nothing was deleted


def test_a_bulk_action_on_one_list_leaves_users_of_another_list_alone(client, auth, admin):
    pupil, teacher = make_pupil(), make_teacher()
    auth.post("/admin/pupils/action/", {"action": "delete", "rowid": [str(pupil.id), str(teacher.id)]})
    assert not User.get_by_id(pupil.id).active
    assert User.get_by_id(teacher.id).active  # a teacher's id in the pupils' list is nobody there
    assert auth.post("/admin/pupils/delete/", {"id": str(teacher.id)}).status_code in (302, 404)
    assert User.get_by_id(teacher.id).active


def test_admin_cannot_deactivate_self(client, auth, admin):
    page = auth.post("/admin/admins/delete/", {"id": str(admin.id)}, follow_redirects=True).get_data(as_text=True)
    assert "eigen account" in page
    assert User.get_by_id(admin.id).active


LAS_PUPIL = {"las_key": "las-1", "eckid": "eck-1", "level": 5, "first_name": "Lotte", "last_name": "Visser"}


def test_las_fields_are_locked_in_the_form(client, admin):
    pupil = make_pupil(**LAS_PUPIL)
    page = client.get(f"/admin/pupils/edit/?id={pupil.id}").get_data(as_text=True)
    assert re.search(r'<input[^>]*id="first_name"[^>]*readonly', page) or re.search(
        r'<input[^>]*readonly[^>]*id="first_name"', page
    )
    assert "Komt uit het LAS" in page


@pytest.mark.parametrize(
    "field,value",
    [
        ("first_name", "Hacker"),
        ("login", "x@school.test"),
        ("level", "8"),
        ("eckid", "other"),
        ("enrolled_on", "2020-01-01"),
        ("last_name", "Anders"),
    ],
)
def test_las_fields_cannot_change_by_crafted_post(client, auth, admin, field, value):
    pupil = make_pupil(**LAS_PUPIL)
    data = {
        "login": pupil.login,
        "first_name": "Lotte",
        "infix": "",
        "last_name": "Visser",
        "level": "5",
        "eckid": "eck-1",
        "enrolled_on": "",
        "left_on": "",
        field: value,
    }
    page = auth.post(f"/admin/pupils/edit/?id={pupil.id}", data, follow_redirects=True).get_data(as_text=True)
    assert "komen uit het LAS" in page
    stored = User.get_by_id(pupil.id)
    assert (stored.login, stored.first_name, stored.last_name, stored.level, stored.eckid, stored.enrolled_on) == (
        pupil.login,
        "Lotte",
        "Visser",
        5,
        "eck-1",
        None,
    )


def test_las_pupil_other_fields_still_editable(client, auth, admin):
    pupil = make_pupil(**LAS_PUPIL)
    # locked fields left out, as a browser does with disabled inputs: they keep their stored values
    auth.post(f"/admin/pupils/edit/?id={pupil.id}", {"stays_back": "y"})
    stored = User.get_by_id(pupil.id)
    assert stored.stays_back and stored.first_name == "Lotte" and stored.eckid == "eck-1"


def test_export_users(client, admin):
    import io

    import openpyxl

    make_pupil(first_name="Sem", last_name="de Boer")
    make_pupil(first_name="=HYPERLINK(1)", last_name="Kwaad")
    response = client.get("/admin/pupils/export/xlsx/?search=Sem")
    assert response.status_code == 200
    assert "attachment" in response.headers["Content-Disposition"]
    sheet = openpyxl.load_workbook(io.BytesIO(response.data)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert "Voornaam" in rows[0] and "Inlognaam" in rows[0]
    assert len(rows) == 2 and "Sem" in rows[1]


def test_erase_pupil_needs_confirmation(client, auth, admin):
    pupil = make_pupil(first_name="Sanne", last_name="de Wit")
    make_parent(children=[pupil])
    page = client.get(f"/admin/pupils/erase/?id={pupil.id}").get_data(as_text=True)
    assert "Sanne de Wit" in page and "definitief" in page
    auth.post(f"/admin/pupils/erase/?id={pupil.id}", {"confirm_name": "Sanne", "confirm": "y"})
    assert User.get_by_id(pupil.id).first_name == "Sanne"  # wrong name typed
    auth.post(f"/admin/pupils/erase/?id={pupil.id}", {"confirm_name": "Sanne de Wit"})
    assert User.get_by_id(pupil.id).first_name == "Sanne"  # box not ticked
    assert (
        client.post(
            f"/admin/pupils/erase/?id={pupil.id}", data={"confirm_name": "Sanne de Wit", "confirm": "y"}
        ).status_code
        == 400
    )  # no CSRF token
    response = auth.post(f"/admin/pupils/erase/?id={pupil.id}", {"confirm_name": "Sanne de Wit", "confirm": "y"})
    assert response.status_code == 302
    erased = User.get_by_id(pupil.id)
    assert erased.erased_at is not None and "Sanne" not in erased.full_name and not erased.active
    assert not ParentLink.select().where(ParentLink.pupil == pupil).exists()
    assert AuditLog.select().where(AuditLog.action == "pupil_erased").exists()
    # not for other roles: a teacher is not in the pupil list
    assert client.get(f"/admin/pupils/erase/?id={make_teacher().id}").status_code == 404
