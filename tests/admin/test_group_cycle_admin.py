"""Back-office screens of the internal coach's cycle: review rounds and their dates, forms and questions, the
school's level scale, core subjects; read-only answers and exit-level history; admins only."""

import datetime as dt

import pytest

from models import AuditLog, ExitLevelChange, ReviewForm, ReviewQuestion, ReviewRound, SchoolSettings, Subject
from services import clock, reviews
from tests.support.schools import build_school


@pytest.fixture
def school(database):
    return build_school()


@pytest.fixture
def admin(school, auth):
    auth.login(school.admin.login)
    return school.admin


def test_the_admin_sets_a_rounds_date_and_the_teachers_dashboard_follows(school, client, auth, admin):
    september = reviews.rounds_of("2026-2027")[0]
    page = client.get("/admin/review-rounds/").get_data(as_text=True)
    assert "September" in page and "Februari" in page and "Facultatief" in page
    talk = clock.today() + dt.timedelta(days=9)
    response = auth.post(
        f"/admin/review-rounds/edit/?id={september.id}",
        {"school_year": "2026-2027", "name": "September", "position": "0", "review_on": talk.isoformat()},
    )
    assert response.status_code == 302
    assert ReviewRound.get_by_id(september.id).review_on == talk
    assert AuditLog.select().where(AuditLog.action == "admin_update", AuditLog.entity == "ReviewRound").exists()
    auth.logout()
    auth.login(school.teacher.login)
    assert "formulier voor de groepsbespreking van <strong>Groep 5a</strong>" in client.get("/leraar").get_data(
        as_text=True
    )


def test_forms_and_questions_are_the_schools_own(school, client, auth, admin):
    auth.post(
        "/admin/review-forms/new/",
        {"name": "Groepsbespreking combi", "level_from": "7", "level_to": "5", "position": "3"},
    )
    assert not ReviewForm.select().where(ReviewForm.name == "Groepsbespreking combi").exists()  # 7 to 5: refused
    auth.post(
        "/admin/review-forms/new/",
        {"name": "Groepsbespreking combi", "level_from": "5", "level_to": "6", "position": "3"},
    )
    form = ReviewForm.get(ReviewForm.name == "Groepsbespreking combi")
    auth.post(
        "/admin/review-questions/new/",
        {
            "form": str(form.id),
            "section": "De groep",
            "text": "Hoe loopt de combinatieklas?",
            "hint": "",
            "position": "0",
        },
    )
    question = ReviewQuestion.get(ReviewQuestion.form == form.id)
    assert question.text == "Hoe loopt de combinatieklas?"
    # an answered question is archived, not deleted: its answers stay readable
    review_round = reviews.rounds_of("2026-2027")[0]
    group = school.group
    group.year_level = 5
    group.save()
    review = reviews.save_answers(school.teacher, group, review_round, {})
    review.form = form
    review.save()
    reviews.save_answers(school.teacher, group, review_round, {question.id: "Goed"})
    auth.post("/admin/review-questions/delete/", {"id": str(question.id)})
    assert ReviewQuestion.get_by_id(question.id).archived
    assert "Goed" in client.get("/admin/review-answers/").get_data(as_text=True)
    auth.post("/admin/review-forms/delete/", {"id": str(form.id)})
    assert ReviewForm.select().where(ReviewForm.id == form.id).exists()  # reviews and questions hang off it


def test_the_level_scale_and_core_subjects(school, client, auth, admin):
    settings = SchoolSettings.get_current()
    assert "I tot en met V" in client.get(f"/admin/settings/edit/?id={settings.id}").get_data(as_text=True)
    response = auth.post(
        f"/admin/settings/edit/?id={settings.id}",
        {
            "name": settings.name,
            "school_year": settings.school_year,
            "class_folder_weeks_back": "2",
            "class_folder_weeks_ahead": "2",
            "test_level_scale": "A-E",
        },
    )
    assert response.status_code == 302 and SchoolSettings.get_current().test_level_scale == "A-E"
    auth.post(
        f"/admin/settings/edit/?id={settings.id}", {"name": "x", "school_year": "2026-2027", "test_level_scale": "1-10"}
    )
    assert SchoolSettings.get_current().test_level_scale == "A-E"  # not one of the choices
    rekenen = Subject.get(name="Rekenen")
    auth.post(f"/admin/subjects/edit/?id={rekenen.id}", {"name": "Rekenen", "position": "0", "is_core": "y"})
    assert Subject.get_by_id(rekenen.id).is_core


def test_the_exit_level_history_is_read_only(school, client, auth, admin):
    Subject.update(is_core=True).execute()
    ExitLevelChange.create(
        pupil=school.anna, subject=Subject.get(name="Rekenen"), to_level="HAVO", reason="Groei op M5"
    )
    page = client.get("/admin/exit-level-changes/?search=Groei").get_data(as_text=True)
    assert "Groei op M5" in page and "Anna Aalders" in page
    assert client.get("/admin/exit-level-changes/new/").status_code in (302, 403, 404)
    assert ExitLevelChange.select().count() == 1


@pytest.mark.parametrize("who", ["teacher", "coach", "anna"])
def test_only_admins_open_these_screens(school, client, auth, who):
    auth.login(school[who].login)
    for url in (
        "/admin/review-rounds/",
        "/admin/review-forms/",
        "/admin/review-questions/",
        "/admin/review-answers/",
        "/admin/exit-level-changes/",
    ):
        assert client.get(url).status_code == 403
