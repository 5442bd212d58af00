"""The week planning's pages through the test client (issue 13): a group's week as a grid, putting goals on
pupils' weeks, Mijn week with ticking off, and ticks on another pupil's goal refused."""

import pytest

from models import PlanGoal, WeekGoal, WeekTick
from services import class_folder, week_planning
from tests.support.factories import make_pupil, put_on_plan
from tests.support.querycount import count_queries
from tests.support.timetables import monday_of, planned, school_with_timetable


@pytest.fixture
def school(database):
    school = school_with_timetable()
    class_folder.edit_lesson(school.teacher, planned(school.blocks["taal"].on()), [school.spelling.id])
    return school


def text(response):
    return response.get_data(as_text=True)


def test_the_group_profile_leads_to_the_weeks_grid(client, auth, school):
    week_planning.tick(school.anna, school.anna, None, school.spelling.id)
    auth.login("juf.in@school.test")

    profile = text(client.get(f"/groepen/{school.group.id}"))
    assert f'href="/groepen/{school.group.id}/week"' in profile
    grid = text(client.get(f"/groepen/{school.group.id}/week"))

    assert "Weekplanning Groep 5a" in grid and class_folder.week_label(monday_of()) in grid
    anna = grid[grid.index("Anna Aalders") : grid.index("Bram Bakker")]
    assert anna.count('class="tick tick-done"') == 1 and anna.count('class="tick tick-open"') == 1
    assert "1 / 2" in anna


def test_a_teacher_puts_a_goal_on_the_whole_groups_week_and_takes_it_off_one_pupil(client, auth, school):
    auth.login("juf.in@school.test")
    week = monday_of().isoformat()

    added = auth.post(
        f"/groepen/{school.group.id}/week",
        {"week": week, "doel": [school.breuken.id], "hele_groep": "1", "actie": "toevoegen"},
        follow_redirects=True,
    )

    page = text(added)
    assert "Op de week gezet: 1 leerdoel bij 2 leerlingen." in page and "nu op het huidige plan gezet" in page
    assert PlanGoal.select().where(PlanGoal.goal == school.breuken).count() == 2
    auth.post(
        f"/groepen/{school.group.id}/week",
        {"week": week, "doel": [school.breuken.id], "leerling": [school.bram.id], "actie": "weghalen"},
    )
    assert [e.title for e in week_planning.pupil_week(school.bram, school.bram).entries] == []
    assert "Breuken vergelijken" in [e.title for e in week_planning.pupil_week(school.anna, school.anna).entries]


def test_planning_a_pupil_of_another_group_is_refused_whole(client, auth, school):
    auth.login("juf.in@school.test")
    response = auth.post(
        f"/groepen/{school.group.id}/week",
        {"doel": [school.breuken.id], "leerling": [school.anna.id, school.cas.id]},
    )
    assert response.status_code == 400 and "Cas Claassen zit niet in Groep 5a" in text(response)
    assert WeekGoal.select().count() == 0


def test_a_pupil_ticks_off_a_goal_of_their_week_and_takes_it_back(client, auth, school):
    auth.login("anna@school.test")
    page = text(client.get("/mijn-week"))
    assert "0 van de 2 doelen klaar" in page and "les Taal" in page and "uitgelicht" in page

    ticked = auth.post(
        f"/mijn-week/klaar/{school.anna_spelling.id}",
        {"week": monday_of().isoformat(), "klaar": "1"},
        follow_redirects=True,
    )

    page = text(ticked)
    assert "Goed zo! &#39;Woorden met ei en ij&#39; is klaar." in page and "1 van de 2 doelen klaar" in page
    tick = WeekTick.get()
    assert (tick.plan_goal_id, tick.ticked_by_id, tick.channel, tick.done) == (
        school.anna_spelling.id,
        school.anna.id,
        "web",
        True,
    )
    auth.post(f"/mijn-week/klaar/{school.anna_spelling.id}", {"week": monday_of().isoformat(), "klaar": "0"})
    assert "0 van de 2 doelen klaar" in text(client.get("/mijn-week"))


def test_a_tick_on_another_pupils_goal_is_refused(client, auth, school):
    auth.login("bram@school.test")
    response = auth.post(f"/mijn-week/klaar/{school.anna_spelling.id}", {"klaar": "1"})
    assert response.status_code == 403 and "Je kunt alleen je eigen week afvinken." in text(response)
    assert WeekTick.select().count() == 0


def test_the_weeks_grid_page_takes_a_fixed_number_of_queries(client, auth, school):
    auth.login("juf.in@school.test")

    def grid():
        with count_queries() as queries:
            page = text(client.get(f"/groepen/{school.group.id}/week"))
        return len(queries), page.count('class="tick tick-')

    small, small_cells = grid()
    for n in range(28):
        pupil = make_pupil(level=5, groups=[school.group])
        put_on_plan(pupil, school.spelling, "current")
        put_on_plan(pupil, school.tafels, "highlighted" if n % 2 else "practising")
        if n % 3 == 0:
            week_planning.tick(pupil, pupil, None, school.spelling.id)
    large, large_cells = grid()

    assert large_cells > small_cells
    assert small == large
