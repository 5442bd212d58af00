"""The back office's class-folder screens (issue 13): the school's reasons of absence, and the read-only lists
of lessons, attendance, week planning and ticks that teachers and pupils write through the services."""

import pytest

from models import AbsenceReason, AuditLog, Lesson
from services import class_folder, week_planning
from tests.support.timetables import planned, school_with_timetable


@pytest.fixture
def school(database, auth):
    school = school_with_timetable()
    auth.login("beheer@school.test")
    return school


def test_an_admin_adds_renames_and_archives_a_reason_of_absence(client, auth, school):
    response = auth.post("/admin/absence-reasons/new/", {"name": "logopedie", "position": "7"})
    assert response.status_code == 302
    reason = AbsenceReason.get(AbsenceReason.name == "logopedie")
    auth.post(f"/admin/absence-reasons/edit/?id={reason.id}", {"name": "logopedie", "position": "7", "archived": "y"})

    assert AbsenceReason.get_by_id(reason.id).archived
    assert "logopedie" not in [r.name for r in class_folder.reasons()]
    assert AuditLog.select().where(AuditLog.entity == "AbsenceReason").count() == 2
    assert "logopedie" in client.get("/admin/absence-reasons/").get_data(as_text=True)


def test_lessons_attendance_and_the_week_planning_are_listed_read_only(client, auth, school):
    ref = planned(school.blocks["rekenen"].on())
    class_folder.edit_lesson(school.teacher, ref, [school.tafels.id], None, "Tafels oefenen met de kaartjes")
    ziek = AbsenceReason.get(AbsenceReason.name == "ziek")
    class_folder.record_attendance(school.teacher, ref, {school.bram.id: ziek.id})
    week_planning.change_week(school.teacher, None, [school.bram.id], [school.spelling.id])
    week_planning.tick(school.anna, school.anna, None, school.tafels.id)

    for url, expected in (
        ("/admin/lessons/", "Tafels oefenen met de kaartjes"),
        ("/admin/attendance/", "ziek"),
        ("/admin/week-goals/", "erop gezet"),
        ("/admin/week-ticks/", "Tafels van 3 (Anna Aalders)"),
    ):
        page = client.get(url).get_data(as_text=True)
        assert expected in page, url
        assert f"{url}new/" not in page, url  # nothing to create here: the teachers and pupils write these
    auth.post("/admin/lessons/new/", {"title": "Ingevoegd", "date": "2026-12-01"})
    assert Lesson.select().count() == 1  # the back office cannot add a lesson
