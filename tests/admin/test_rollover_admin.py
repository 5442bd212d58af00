"""The back-office screen "Jaarovergang en periodes" (admin/rollover.py)."""

import datetime as dt

import pytest

from models import Group, GroupMember, JobRun, Period, Plan, SchoolSettings, User, now
from services import permissions, rollover
from tests.support.factories import make_admin, make_group, make_pupil, make_teacher

URL = "/admin/rollover/"


@pytest.fixture
def admin(auth):
    user = make_admin()
    auth.login(user.login)
    return user


def due_period():
    today = dt.date.today()
    return Period.create(
        school_year="2026-2027",
        number=1,
        name="Periode 1",
        start_date=today - dt.timedelta(days=2),
        end_date=today + dt.timedelta(days=60),
    )


@pytest.mark.parametrize("path", ["", "year/", "relink/"])
def test_only_admins_see_the_screens(client, auth, path):
    assert client.get(URL + path).status_code in (302, 303)  # anonymous: to the sign-in page
    teacher = make_teacher(is_coach=True)
    auth.login(teacher.login)
    assert client.get(URL + path).status_code == 403


def test_only_admins_can_post(client, auth):
    period = due_period()
    make_pupil(level=4)
    old = make_group("Oud")
    auth.login(make_teacher(is_coach=True).login)
    assert auth.post(f"{URL}period/{period.id}/").status_code == 403
    assert auth.post(f"{URL}year/", {"school_year": "2027-2028"}).status_code == 403
    assert auth.post(f"{URL}relink/{old.id}/", {f"g{old.id}-source_group": old.id}).status_code == 403
    assert Period.get_by_id(period.id).rolled_over_at is None
    assert SchoolSettings.get_current().school_year == "2026-2027"


def test_index_shows_periods_and_job_runs_with_failures(client, admin):
    due_period()
    JobRun.create(job="period_rollover", outcome="ok", finished_at=now())
    JobRun.create(job="las_sync", outcome="failed", finished_at=now(), error="JobFailed: bestand onleesbaar\n\ntb")
    page = client.get(URL).get_data(as_text=True)
    assert "Periode 1" in page and "aan de beurt" in page and "Nu doorvoeren" in page
    assert "Periodewissel" in page and "LAS-synchronisatie" in page and "mislukt" in page
    assert "bestand onleesbaar" in page


def test_run_a_due_period_rollover_now(client, auth, admin):
    period = due_period()
    make_pupil(level=4)
    assert client.post(f"{URL}period/{period.id}/").status_code == 400  # no CSRF token
    assert Period.get_by_id(period.id).rolled_over_at is None

    response = auth.post(f"{URL}period/{period.id}/", follow_redirects=True)

    assert "Periode 1 is doorgevoerd" in response.get_data(as_text=True)
    assert Plan.select().count() == 1
    assert "doorgevoerd op" in client.get(URL).get_data(as_text=True)


def test_year_rollover_preview_then_confirm(client, auth, admin):
    up = make_pupil(level=4, first_name="Ayla")
    leaver = make_pupil(level=8, first_name="Bram")
    group = make_group("Groep 4a", pupils=[up])

    preview = client.get(URL + "year/").get_data(as_text=True)
    assert "2026-2027" in preview and "2027-2028" in preview
    assert "Ayla" in preview and "Bram" in preview and "Groep 4a" in preview
    assert SchoolSettings.get_current().school_year == "2026-2027"  # the preview wrote nothing

    wrong = auth.post(URL + "year/", {"school_year": "2028-2029"}).get_data(as_text=True)
    assert "Typ 2027-2028" in wrong
    assert SchoolSettings.get_current().school_year == "2026-2027"

    done = auth.post(URL + "year/", {"school_year": "2027-2028"}).get_data(as_text=True)
    assert "uitgevoerd" in done
    assert SchoolSettings.get_current().school_year == "2027-2028"
    assert User.get_by_id(up.id).level == 5 and not User.get_by_id(leaver.id).active
    assert Group.get_by_id(group.id).archived


def test_relink_a_group_from_the_list(client, auth, admin):
    teacher = make_teacher()
    las_old = make_group("Groep 6", type_name="Parnassys-groep", las_key="L6")
    coach = make_group("Coachgroep Piet", type_name="Coachgroep", source_group=las_old, teachers=[teacher])
    rollover.year_rollover(permissions.SYSTEM, "2027-2028")
    las_new = make_group("Groep 7", type_name="Parnassys-groep", las_key="L6", school_year="2027-2028")
    pupil = make_pupil(level=7, groups=[las_new])

    page = client.get(URL + "relink/").get_data(as_text=True)
    assert "Coachgroep Piet" in page and "Groep 7 (2027-2028)" in page

    auth.post(f"{URL}relink/{coach.id}/", {f"g{coach.id}-source_group": las_new.id})

    fresh = Group.get((Group.name == "Coachgroep Piet") & (Group.school_year == "2027-2028"))
    assert fresh.id != coach.id and fresh.source_group_id == las_new.id
    assert [m.pupil_id for m in GroupMember.select().where(GroupMember.group == fresh)] == [pupil.id]
    assert "opnieuw gekoppeld" in client.get(URL + "relink/").get_data(as_text=True)
