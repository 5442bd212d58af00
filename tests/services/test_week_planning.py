"""The week planning (doelenblad, issue 13): what is in a pupil's week, a teacher's additions and removals, the
pupil's ticks in the goal's history, the refusals, and the group's grid in a fixed number of queries."""

import datetime as dt

import pytest

from models import PlanGoal, StatusChange, WeekGoal, WeekTick
from services import class_folder, clock, plans, privacy, week_planning
from services.errors import DomainError, NotFound, PermissionDenied
from tests.support.factories import make_domain, make_goal, make_pupil, put_on_plan
from tests.support.querycount import count_queries
from tests.support.timetables import monday_of, planned, school_with_timetable

WEEK = dt.timedelta(days=7)


@pytest.fixture
def school(database):
    return school_with_timetable()


def week_goals(school, pupil):
    return [(e.title, e.done) for e in week_planning.pupil_week(pupil, pupil).entries]


def link_to_todays_lesson(school, *goals):
    class_folder.edit_lesson(school.teacher, planned(school.blocks["taal"].on()), [g.id for g in goals])


def test_a_week_holds_the_lesson_goals_on_the_plan_and_the_highlighted_goals(school):
    assert week_goals(school, school.anna) == [("Tafels van 3", False)]  # highlighted
    assert week_goals(school, school.bram) == []

    link_to_todays_lesson(school, school.spelling, school.breuken)  # breuken is on nobody's plan

    assert week_goals(school, school.anna) == [("Tafels van 3", False), ("Woorden met ei en ij", False)]
    assert week_goals(school, school.bram) == []
    entry = week_planning.pupil_week(school.anna, school.anna).entries[1]
    assert entry.lessons == [f"Taal ({class_folder.day_label(clock.today())[:2]})"] and not entry.highlighted
    assert week_goals(school, school.cas) == []  # another group's lessons are not his


def test_a_teacher_puts_goals_on_a_week_and_takes_them_off(school):
    result = week_planning.change_week(
        school.teacher, None, [school.anna.id, school.bram.id], [school.breuken.id], group=school.group
    )

    assert (result.changed, result.put_on_plan) == (2, 2)  # breuken was on neither plan: now on both
    assert PlanGoal.get(pupil=school.bram, goal=school.breuken).status.key == "current"
    assert ("Breuken vergelijken", False) in week_goals(school, school.bram)

    week_planning.change_week(school.teacher, None, [school.anna.id], [school.tafels.id, school.breuken.id], add=False)

    assert week_goals(school, school.anna) == []  # a highlighted goal can be taken off a week too
    assert week_goals(school, school.bram) == [("Breuken vergelijken", False)]
    assert WeekGoal.select().count() == 3
    next_week = week_planning.pupil_week(school.anna, school.anna, monday_of() + WEEK)
    assert [e.title for e in next_week.entries] == ["Tafels van 3"]  # another week is its own


@pytest.mark.parametrize(
    "who, pupils, goals, week, error",
    [
        ("teacher", ["cas"], ["tafels"], None, "zit niet in Groep 5a"),
        ("other_teacher", ["anna"], ["tafels"], None, "Je mag het plan van Anna Aalders niet wijzigen"),
        ("teacher", ["anna"], [999999], None, "bestaat niet"),
        ("teacher", ["anna"], ["tafels"], 5 * WEEK, "valt buiten de weken"),
        ("assistant", ["anna"], ["tafels"], None, "geen toegang"),
        ("anna", ["anna"], ["tafels"], None, "geen toegang"),
    ],
    ids=["pupil-not-in-group", "out-of-reach", "goal-not-in-curriculum", "week-out-of-range", "assistant", "pupil"],
)
def test_bad_changes_to_a_week_are_refused_whole(school, who, pupils, goals, week, error):
    goal_ids = [school[g].id if isinstance(g, str) else g for g in goals]
    with pytest.raises(DomainError, match=error):
        week_planning.change_week(
            school[who],
            monday_of() + week if week else None,
            [school[p].id for p in pupils],
            goal_ids,
            group=school.group,
        )
    assert WeekGoal.select().count() == 0 and PlanGoal.select().count() == 4


def test_a_tick_goes_into_the_goals_history_with_the_pupil_and_channel_and_leaves_the_status(school):
    tafels = school.anna_tafels
    before = StatusChange.select().count()

    entry = week_planning.tick(school.anna, school.anna, None, school.tafels.id, channel="bot")

    assert entry.done and week_goals(school, school.anna) == [("Tafels van 3", True)]
    assert PlanGoal.get_by_id(tafels.id).status.key == "highlighted" and StatusChange.select().count() == before
    history = plans.history(school.teacher, tafels)
    tick = history[-1]
    assert (tick["kind"], tick["done"], tick["by"].id, tick["channel"], tick["week"]) == (
        "tick",
        True,
        school.anna.id,
        "bot",
        monday_of(),
    )
    week_planning.tick(school.anna, school.anna, None, school.tafels.id, channel="web")  # again: nothing new
    assert WeekTick.select().count() == 1

    week_planning.tick_plan_goal(school.anna, tafels.id, monday_of(), done=False)

    assert week_goals(school, school.anna) == [("Tafels van 3", False)]
    assert [(e["kind"], e.get("done"), e["channel"]) for e in plans.history(school.anna, tafels)][-2:] == [
        ("tick", True, "bot"),
        ("tick", False, "web"),
    ]


def test_the_group_grid_shows_who_finished_what(school):
    link_to_todays_lesson(school, school.tafels)
    week_planning.tick(school.bram, school.bram, None, school.tafels.id)

    grid = week_planning.group_week(school.teacher, school.group)

    assert grid.pupils == [(school.anna.id, "Anna Aalders"), (school.bram.id, "Bram Bakker")]
    assert [title for _id, title, _subject in grid.goals] == ["Tafels van 3"]
    assert not grid.cells[(school.anna.id, school.tafels.id)].done
    assert grid.cells[(school.bram.id, school.tafels.id)].done
    assert {title for _id, title, _s in grid.choices} == {"Tafels van 3", "Woorden met ei en ij"}


@pytest.mark.parametrize(
    "tick, error",
    [
        (lambda s: week_planning.tick(s.bram, s.anna, None, s.tafels.id), PermissionDenied),
        (lambda s: week_planning.tick_plan_goal(s.bram, s.anna_tafels.id, None), PermissionDenied),
        (lambda s: week_planning.tick(s.teacher, s.anna, None, s.tafels.id), PermissionDenied),
        (lambda s: week_planning.tick(s.parent, s.anna, None, s.tafels.id), PermissionDenied),
        (lambda s: week_planning.tick(s.anna, s.anna, None, s.spelling.id), NotFound),  # not in her week
        (lambda s: week_planning.tick(s.anna, s.anna, monday_of() + WEEK, s.tafels.id), DomainError),  # not begun
        (lambda s: week_planning.tick(s.anna, s.anna, monday_of() - 5 * WEEK, s.tafels.id), DomainError),
    ],
    ids=[
        "another-pupils-week",
        "another-pupils-plan-goal",
        "teacher",
        "parent",
        "goal-not-in-week",
        "next-week",
        "out-of-range",
    ],
)
def test_ticks_that_are_not_the_pupils_own_are_refused(school, tick, error):
    with pytest.raises(error) as refused:
        tick(school)
    assert refused.value.message
    assert WeekTick.select().count() == 0


def test_the_group_grid_takes_the_same_queries_for_thirty_pupils(school):
    def grid():
        with count_queries() as queries:
            found = week_planning.group_week(school.teacher, school.group)
        return len(queries), len(found.cells)

    link_to_todays_lesson(school, school.tafels)
    small, small_cells = grid()
    domain = make_domain("Lezen", "Begrijpend lezen")
    goals = [make_goal(domain, level=5, title=f"Leesdoel {n}") for n in range(8)]
    link_to_todays_lesson(school, school.tafels, *goals[:4])
    for n in range(28):
        pupil = make_pupil(level=5, groups=[school.group])
        for goal in goals:
            put_on_plan(pupil, goal, "highlighted" if n % 4 == 0 else "current")
        if n % 2:
            week_planning.tick(pupil, pupil, None, goals[0].id)
    week_planning.change_week(school.teacher, None, [school.bram.id], [goals[7].id])

    large, large_cells = grid()
    assert large_cells > 100 > small_cells
    assert small == large <= 9


def test_erasing_a_pupil_removes_their_week_planning_and_keeps_their_ticks_as_counts(school):
    week_planning.change_week(school.teacher, None, [school.anna.id], [school.breuken.id])
    week_planning.tick(school.anna, school.anna, None, school.tafels.id)

    counts = privacy.erase_pupil(school.admin, school.anna)

    assert counts["week_planning"] == 1 and WeekGoal.select().count() == 0
    assert WeekTick.select().count() == 1  # history without a name: the account is erased
