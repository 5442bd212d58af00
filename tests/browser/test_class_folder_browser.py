"""A teacher's morning with the class folder in a real browser (issue 13): open today's lesson from the
dashboard, link two goals from two subjects, open the lesson's goal matrix and change a status there, mark a
pupil absent with a reason and see it carried to the next block; then the lesson's pupil sees the lesson and
its goals with their own statuses."""

from playwright.sync_api import expect

from models import AbsenceReason, Lesson, LessonGoal, PlanGoal
from services import class_folder, clock
from tests.support.browser import change_matrix_cell, sign_in
from tests.support.schools import build_school
from tests.support.timetables import make_timetable, planned


def test_a_teachers_morning_with_the_class_folder(new_page, database):
    school = build_school()
    make_timetable(school)
    ziek = AbsenceReason.get(AbsenceReason.name == "ziek")
    teacher = new_page()
    sign_in(teacher, "juf.in@school.test")

    # The dashboard opens the class folder on today; today's first lesson is one click away.
    folder = teacher.locator("#klassenmap")
    expect(folder.locator("h3.day-heading")).to_have_text(class_folder.day_label(clock.today()))
    folder.get_by_role("link", name="Rekenen").click()
    expect(teacher.get_by_role("heading", name="Rekenen Groep 5a")).to_be_visible()

    # Link a goal of Rekenen and one of Taal, with a lesson type and a note.
    teacher.get_by_role("link", name="Les bewerken").click()
    teacher.get_by_label("Tafels van 3").check()
    teacher.get_by_label("Woorden met ei en ij").check()
    teacher.get_by_label("Lestype", exact=True).select_option(label="instructie")
    teacher.get_by_label("Lesnotitie", exact=True).fill("Instructietafel: tafels; daarna ei/ij oefenen.")
    teacher.get_by_role("button", name="Opslaan").click()
    expect(teacher.locator(".message-success")).to_contain_text("De les is opgeslagen")
    lesson = Lesson.get()
    assert sorted(g for (g,) in LessonGoal.select(LessonGoal.goal).tuples()) == sorted(
        [school.tafels.id, school.spelling.id]
    )
    expect(teacher.locator(".lesson-goals")).to_contain_text("Tafels van 3")
    expect(teacher.locator(".lesson-goals")).to_contain_text("Woorden met ei en ij")

    # The lesson's goal matrix: Bram has finished Tafels van 3.
    teacher.get_by_role("link", name="Doelen overzicht").click()
    expect(teacher.get_by_role("heading", name="Leerdoelenoverzicht les Groep 5a")).to_be_visible()
    expect(teacher.locator(f'td[data-pg="{school.bram_tafels.id}"]')).to_have_text("O")
    expect(change_matrix_cell(teacher, school.bram_tafels.id, "behaald")).to_have_text("B")
    assert PlanGoal.get_by_id(school.bram_tafels.id).status.key == "achieved"

    # Anna is ill: absent in this block, and so in the next one too.
    teacher.goto(f"/lessen/{lesson.id}")
    teacher.get_by_role("link", name="Aanwezigheid").click()
    teacher.get_by_label("Anna Aalders").select_option(label="afwezig: ziek")
    teacher.get_by_role("button", name="Aanwezigheid opslaan").click()
    expect(teacher.locator(".message-success")).to_contain_text("1 leerling gewijzigd")
    teacher.goto("/leraar")
    teacher.locator("#klassenmap").get_by_role("link", name="Taal").click()
    teacher.get_by_role("link", name="Aanwezigheid").click()
    expect(teacher.get_by_label("Anna Aalders")).to_have_value(str(ziek.id))
    expect(teacher.locator("tr.absent")).to_contain_text("overgenomen van Rekenen 08:30")
    expect(teacher.get_by_label("Bram Bakker")).to_have_value("aanwezig")

    # Bram, a pupil of the lesson, sees it with its goals and his own statuses.
    pupil = new_page()
    sign_in(pupil, "bram@school.test")
    today = pupil.locator("section.pupil-lessons")
    rekenen = pupil.locator("section.pupil-lessons > article.lesson", has_text="Rekenen")  # Vandaag, not the week
    expect(rekenen).to_contain_text("Instructietafel: tafels; daarna ei/ij oefenen.")
    expect(rekenen.locator("li", has_text="Tafels van 3")).to_contain_text("behaald")
    expect(rekenen.locator("li", has_text="Woorden met ei en ij")).to_contain_text("niet op je plan")
    expect(today).not_to_contain_text("ziek")


def test_the_class_folder_pages_fit_a_laptop_and_a_tablet(new_page, database):
    school = build_school()
    blocks = make_timetable(school)
    ref = planned(blocks["taal"].on())
    class_folder.edit_lesson(school.teacher, ref, [school.tafels.id, school.spelling.id], None, "Lange notitie " * 30)
    lesson = Lesson.get().id
    pages = {
        "juf.in@school.test": [
            "/leraar",
            f"/lessen/{lesson}",
            f"/lessen/{lesson}/bewerken",
            f"/lessen/{lesson}/aanwezigheid",
            "/rooster",
            f"/groepen/{school.group.id}/week",
        ],
        "anna@school.test": ["/mijn-plan", "/mijn-week"],
    }
    for login, urls in pages.items():
        page = new_page()
        sign_in(page, login)
        for width in (1366, 820):
            page.set_viewport_size({"width": width, "height": 800})
            for url in urls:
                page.goto(url)
                overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
                assert overflow <= 0, f"{url} is {overflow} px too wide at {width} px"
