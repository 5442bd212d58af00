"""The class folder's pages through the test client (issue 13): the class folder on Mijn dashboard, a lesson and
its editing, attendance, the timetables, what pupils see, CSRF, escaping and the dashboard's query count."""

import datetime as dt
import re

import pytest

from models import AbsenceReason, Attendance, Lesson, LessonBlock, LessonGoal, LessonType, SchoolSettings
from services import class_folder, clock, week_planning
from tests.support.factories import make_goal, make_group, make_pupil, put_on_plan
from tests.support.querycount import count_queries
from tests.support.timetables import monday_of, planned, school_with_timetable

DAY = dt.timedelta(days=1)


@pytest.fixture
def school(database):
    return school_with_timetable()


def ref(school, key, day=None):
    return planned(school.blocks[key].on(day), day).key


def text(response):
    return response.get_data(as_text=True)


def reason(name):
    return AbsenceReason.get(AbsenceReason.name == name).id


def test_the_dashboard_opens_the_class_folder_on_today(client, auth, school):
    auth.login("juf.in@school.test")

    page = text(client.get("/leraar"))

    assert 'id="klassenmap"' in page and class_folder.week_label(monday_of()) in page
    today = class_folder.day_label(clock.today())
    assert f'<h3 class="day-heading">{today}</h3>' in page
    assert page.index("Rekenen") < page.index("Taal") < page.index("Leerplein")
    assert f'href="/lessen/{ref(school, "rekenen")}"' in page
    other_day = monday_of() + (DAY if clock.today() == monday_of() else 0 * DAY)
    assert f"dag={other_day.isoformat()}" in page  # the other days are one click away
    chosen = text(client.get(f"/leraar?week={monday_of().isoformat()}&dag={other_day.isoformat()}"))
    assert f'<h3 class="day-heading">{class_folder.day_label(other_day)}</h3>' in chosen
    assert f'href="/lessen/{ref(school, "rekenen", other_day)}"' in chosen


def test_weeks_page_as_far_as_the_school_allows(client, auth, school):
    SchoolSettings.update(class_folder_weeks_back=0, class_folder_weeks_ahead=1).execute()
    auth.login("juf.in@school.test")
    next_week = (monday_of() + 7 * DAY).isoformat()

    page = text(client.get("/leraar"))
    assert f"/leraar?week={next_week}" in page and 'rel="prev"' not in page
    page = text(client.get(f"/leraar?week={next_week}"))
    assert 'rel="next"' not in page and "Naar deze week" in page

    refused = client.get(f"/leraar?week={(monday_of() + 14 * DAY).isoformat()}")
    assert refused.status_code == 400 and "valt buiten de weken die de school laat zien" in text(refused)
    assert client.get("/rooster?week=morgen").status_code == 400


def test_a_teacher_edits_a_lesson_and_opens_its_goal_matrix(client, auth, school):
    auth.login("juf.in@school.test")
    lesson = ref(school, "taal")

    page = text(client.get(f"/lessen/{lesson}"))
    assert "Nog geen leerdoelen gekoppeld" in page and "Doelen overzicht" in page and "/matrix" not in page
    picker = text(client.get(f"/lessen/{lesson}/bewerken"))
    tafels = re.search(rf'for="doel-{school.tafels.id}">Tafels van 3.*?</label>', picker, re.S).group(0)
    assert "U 1" in tafels and "O 1" in tafels  # Anna uitgelicht, Bram oefenen
    assert "Breuken vergelijken" in picker  # niveau 5, the group's year level

    instructie = LessonType.get(LessonType.name == "instructie")
    saved = auth.post(
        f"/lessen/{lesson}/bewerken",
        {"doel": [school.tafels.id, school.spelling.id], "lestype": instructie.id, "notitie": "Klok en spelling"},
    )

    written = Lesson.get()
    assert saved.status_code == 302 and saved.headers["Location"].endswith(f"/lessen/{written.id}")
    page = text(client.get(f"/lessen/{written.id}"))
    assert "Klok en spelling" in page and "instructie" in page
    assert "Tafels van 3" in page and "Woorden met ei en ij" in page
    assert f'href="/lessen/{written.id}/matrix"' in page
    matrix = text(client.get(f"/lessen/{written.id}/matrix"))
    assert "Anna Aalders" in matrix and "Bram Bakker" in matrix
    assert client.get(f"/lessen/{lesson}").headers["Location"].endswith(f"/lessen/{written.id}")


def test_a_goal_not_in_the_curriculum_is_a_clear_refusal_and_nothing_is_written(client, auth, school):
    auth.login("juf.in@school.test")
    response = auth.post(f"/lessen/{ref(school, 'taal')}/bewerken", {"doel": [school.tafels.id, 999999]})
    assert response.status_code == 404 and "bestaat niet (meer) in het curriculum" in text(response)
    assert Lesson.select().count() == 0 and LessonGoal.select().count() == 0


def test_attendance_through_the_page_carries_to_the_next_block(client, auth, school):
    auth.login("juf.in@school.test")
    first, second = ref(school, "rekenen"), ref(school, "taal")

    saved = auth.post(f"/lessen/{first}/aanwezigheid", {f"leerling-{school.anna.id}": reason("ziek")})

    assert saved.status_code == 302
    page = text(client.get(saved.headers["Location"]))
    assert "1 leerling gewijzigd" in page
    page = text(client.get(f"/lessen/{second}/aanwezigheid"))
    anna = re.search(r'<tr class="absent">.*?</tr>', page, re.S).group(0)
    assert "Anna Aalders" in anna and "overgenomen van Rekenen 08:30" in anna
    assert f'<option value="{reason("ziek")}" selected>afwezig: ziek</option>' in anna
    assert "1 afwezig" in text(client.get("/leraar"))  # the class folder counts the absent pupils

    auth.post(f"/lessen/{second}/aanwezigheid", {"hele_groep": "aanwezig"})
    assert {(a.pupil_id, a.present) for a in Attendance.select()} == {
        (school.anna.id, False),
        (school.anna.id, True),
    }


def test_attendance_for_a_pupil_not_in_the_lesson_is_refused_whole(client, auth, school):
    auth.login("juf.in@school.test")
    response = auth.post(
        f"/lessen/{ref(school, 'rekenen')}/aanwezigheid",
        {f"leerling-{school.anna.id}": reason("ziek"), f"leerling-{school.cas.id}": reason("ziek")},
    )
    assert response.status_code == 400 and "Cas Claassen zit niet in deze les" in text(response)
    assert Attendance.select().count() == 0 and Lesson.select().count() == 0
    tampered = auth.post(f"/lessen/{ref(school, 'rekenen')}/aanwezigheid", {f"leerling-{school.anna.id}": "ziek"})
    assert tampered.status_code == 400 and Attendance.select().count() == 0


def test_forms_without_a_csrf_token_are_refused(client, auth, school):
    auth.login("juf.in@school.test")
    lesson = ref(school, "rekenen")
    for url, data in (
        (f"/lessen/{lesson}/bewerken", {"doel": [school.tafels.id]}),
        (f"/lessen/{lesson}/aanwezigheid", {f"leerling-{school.anna.id}": reason("ziek")}),
        (f"/groepen/{school.group.id}/week", {"doel": [school.tafels.id], "hele_groep": "1"}),
    ):
        assert client.post(url, data=data).status_code == 400, url
    assert Lesson.select().count() == 0
    auth.logout()
    auth.login("anna@school.test")
    assert client.post(f"/mijn-week/klaar/{school.anna_tafels.id}", data={"klaar": "1"}).status_code == 400


def test_a_lesson_note_is_shown_as_text_everywhere(client, auth, school):
    class_folder.edit_lesson(
        school.teacher, planned(school.blocks["taal"].on()), [school.tafels.id], None, "<script>alert(1)</script>"
    )
    escaped = "&lt;script&gt;alert(1)&lt;/script&gt;"
    auth.login("juf.in@school.test")
    for url in ("/leraar", f"/lessen/{Lesson.get().id}", "/rooster"):
        page = text(client.get(url))
        assert escaped in page and "<script>alert(1)" not in page, url
    auth.logout()
    auth.login("anna@school.test")
    page = text(client.get("/mijn-plan"))
    assert escaped in page and "<script>alert(1)" not in page


def test_pupils_see_their_lessons_and_goals_with_their_own_status(client, auth, school):
    class_folder.edit_lesson(school.teacher, planned(school.blocks["taal"].on()), [school.tafels.id, school.breuken.id])
    auth.login("anna@school.test")

    page = text(client.get("/mijn-plan"))

    vandaag = page[page.index('id="vandaag-kop"') : page.index("<details")]
    assert "Taal" in vandaag and "Tafels van 3" in vandaag and "uitgelicht" in vandaag
    assert "Breuken vergelijken" in vandaag and "niet op je plan" in vandaag
    assert "/lessen/" not in page  # no staff pages for pupils
    assert "Deze week" in page


def test_pupils_and_parents_never_see_attendance_reasons(client, auth, school):
    AbsenceReason.create(name="bezoek orthodontist", position=9)
    class_folder.edit_lesson(school.teacher, planned(school.blocks["rekenen"].on()), [school.tafels.id])
    class_folder.record_attendance(
        school.teacher,
        planned(school.blocks["rekenen"].on()),
        {school.bram.id: reason("bezoek orthodontist"), school.anna.id: reason("ziek")},
    )
    auth.login("anna@school.test")
    for url in ("/mijn-plan", "/mijn-week"):
        page = text(client.get(url))
        assert "orthodontist" not in page and "ziek" not in page and "afwezig" not in page, url
    auth.logout()
    auth.login("linda@school.test")
    for url in ("/mijn-kinderen", f"/mijn-kinderen/{school.anna.id}"):
        page = text(client.get(url))
        assert "orthodontist" not in page and "afwezig" not in page, url


def test_timetables_of_colleagues_and_pupils_are_found_by_name(client, auth, school):
    class_folder.edit_lesson(school.teacher, planned(school.blocks["taal"].on()), [school.tafels.id])
    auth.login("meester.uit@school.test")

    assert "Geen lessen." in text(client.get("/rooster"))  # his own week is empty
    found = text(client.get("/rooster/zoeken?naam=aald"))
    assert f'href="/rooster/leerling/{school.anna.id}">Anna Aalders</a>' in found
    found = text(client.get("/rooster/zoeken?naam=juf in"))
    assert f'href="/rooster/leraar/{school.teacher.id}">Juf In</a>' in found
    assert "minstens twee letters" in text(client.get("/rooster/zoeken?naam=a"))

    anna = text(client.get(f"/rooster/leerling/{school.anna.id}"))
    assert "Rooster van Anna Aalders" in anna and "uitgelicht" in anna  # her own status on Tafels van 3
    juf = text(client.get(f"/rooster/leraar/{school.teacher.id}"))
    assert "Rooster van Juf In" in juf and juf.count('class="lesson') >= 3
    assert client.get(f"/rooster/leraar/{school.anna.id}").status_code == 404  # a pupil is no teacher


def test_a_tick_shows_in_the_goals_history_for_the_teacher(client, auth, school):
    week_planning.tick(school.anna, school.anna, None, school.tafels.id, channel="bot")
    auth.login("juf.in@school.test")
    page = text(client.get(f"/leerlingen/{school.anna.id}/doelen/{school.anna_tafels.id}"))
    assert "Klaar in de weekplanning van week" in page and "via bot" in page and "Anna Aalders" in page


def _thirty_lessons(school):
    """Six more groups of ten pupils with five lessons a week each for Juf In: 30 lessons, written with goals."""
    from models import WeekTemplate

    template = WeekTemplate.get()
    for n in range(6):
        group = make_group(f"Instructiegroep {n}", teachers=[school.teacher])
        pupils = [make_pupil(level=5, groups=[group]) for _ in range(10)]
        goals = [make_goal(level=5, title=f"Doel {n}.{g}") for g in range(3)]
        for pupil in pupils:
            for goal in goals:
                put_on_plan(pupil, goal, "current")
        for weekday in range(5):
            block = LessonBlock.create(
                week_template=template,
                weekday=weekday,
                start_time=dt.time(13 + n % 3),
                end_time=dt.time(13 + n % 3, 45),
                title=f"Instructie {n}",
                group=group,
                teacher=school.teacher,
            )
            day = monday_of() + weekday * DAY
            class_folder.edit_lesson(school.teacher, planned(block, day), [g.id for g in goals])
            if day <= clock.today():
                class_folder.record_attendance(school.teacher, planned(block, day), {pupils[0].id: reason("ziek")})


def test_the_dashboard_with_the_class_folder_takes_a_fixed_number_of_queries(client, auth, school):
    auth.login("juf.in@school.test")
    class_folder.edit_lesson(school.teacher, planned(school.blocks["taal"].on()), [school.tafels.id])

    def dashboard():
        with count_queries() as queries:
            page = text(client.get("/leraar"))
        return len(queries), page.count('class="lesson')

    small, small_lessons = dashboard()
    _thirty_lessons(school)
    large, large_lessons = dashboard()

    assert large_lessons > small_lessons
    assert small == large


def test_the_class_folder_shows_the_day_asked_for_even_a_weekend_day_without_lessons(client, auth, school):
    LessonBlock.delete().where(LessonBlock.weekday > 4).execute()
    auth.login("juf.in@school.test")
    saturday = monday_of() + 5 * DAY
    page = text(client.get(f"/leraar?week={monday_of().isoformat()}&dag={saturday.isoformat()}"))
    assert f'<h3 class="day-heading">{class_folder.day_label(saturday)}</h3>' in page
    assert "Geen lessen op" in page
    other_week = text(client.get(f"/leraar?week={monday_of().isoformat()}&dag={(saturday + 7 * DAY).isoformat()}"))
    today = class_folder.day_label(clock.today())
    assert f'<h3 class="day-heading">{today}</h3>' in other_week  # a day of another week: today instead
