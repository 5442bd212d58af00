"""Timetable screens: week templates, lesson blocks, lesson types, test moments."""

import datetime as dt

import pytest

from models import Lesson, LessonBlock, Subject, TestMoment, WeekTemplate
from tests.support.factories import make_admin, make_group, make_teacher


@pytest.fixture
def admin(auth):
    admin = make_admin()
    auth.login(admin.login)
    return admin


def test_week_template_and_blocks(client, auth, admin):
    auth.post(
        "/admin/week-templates/new/",
        {"name": "Rooster 2026", "school_year": "2026-2027", "valid_from": "2026-08-24", "valid_until": "2027-07-09"},
    )
    template = WeekTemplate.get(WeekTemplate.name == "Rooster 2026")
    group, teacher = make_group(name="Roostergroep 5", type_name="Roostergroep"), make_teacher()
    response = auth.post(
        "/admin/lesson-blocks/new/",
        {
            "week_template": str(template.id),
            "weekday": "2",
            "start_time": "08:30",
            "end_time": "09:15",
            "title": "Rekenen",
            "group": str(group.id),
            "teacher": str(teacher.id),
            "room": "lokaal 3",
            "is_learning_square": "y",
        },
    )
    assert response.status_code == 302, response.get_data(as_text=True)
    block = LessonBlock.get(LessonBlock.title == "Rekenen")
    assert (block.weekday, block.start_time, block.teacher_id) == (2, dt.time(8, 30), teacher.id)
    assert "woensdag" in client.get("/admin/lesson-blocks/").get_data(as_text=True)
    auth.post(
        f"/admin/lesson-blocks/edit/?id={block.id}",
        {
            "week_template": str(template.id),
            "weekday": "2",
            "start_time": "09:00",
            "end_time": "08:00",
            "title": "Rekenen",
            "group": str(group.id),
            "teacher": "",
            "room": "",
        },
    )
    assert LessonBlock.get_by_id(block.id).start_time == dt.time(8, 30)  # end before start: refused
    # a block with lessons is not deleted; nor is a template with blocks
    Lesson.create(block=block, group=group, date=dt.date(2026, 9, 2))
    auth.post("/admin/lesson-blocks/delete/", {"id": str(block.id)})
    auth.post("/admin/week-templates/delete/", {"id": str(template.id)})
    assert LessonBlock.select().count() == 1 and WeekTemplate.select().count() == 1 and Lesson.select().count() == 1


def test_test_moments(client, auth, admin):
    rekenen = Subject.create(name="Rekenen")
    fields = {"name": "M4", "school_year": "2026-2027", "level": "4", "date": "2027-01-20"}
    auth.post("/admin/test-moments/new/", fields)  # every test moment has a subject (issue 15)
    assert not TestMoment.select().exists()
    auth.post("/admin/test-moments/new/", {**fields, "subject": str(rekenen.id), "max_score": "150"})
    moment = TestMoment.get(TestMoment.name == "M4")
    assert (moment.subject_id, moment.max_score) == (rekenen.id, 150)
    auth.post(
        f"/admin/test-moments/edit/?id={moment.id}",
        {"name": "E4", "subject": str(rekenen.id), "school_year": "2026-2027", "level": "4", "date": ""},
    )
    assert TestMoment.get_by_id(moment.id).name == "E4"
    assert b"E4" in client.get("/admin/test-moments/?search=E4").data
    auth.post("/admin/test-moments/delete/", {"id": str(moment.id)})
    assert not TestMoment.select().exists()
