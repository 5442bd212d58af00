import datetime as dt

import pytest

from models import Attendance, GoalSet, GoalSetGoal, Lesson, LessonBlock, LessonGoal, PlanGoal, WeekTemplate
from services import overviews
from services.errors import PermissionDenied
from tests.support.databases import QueryLog
from tests.support.factories import (
    make_domain,
    make_goal,
    make_group,
    make_parent,
    make_pupil,
    make_teacher,
    make_user,
    put_on_plan,
)


def make_lesson(group, goals=(), absent=()):
    template = WeekTemplate.create(
        name="Rooster", school_year="2026-2027", valid_from=dt.date(2026, 8, 31), valid_until=dt.date(2027, 7, 16)
    )
    block = LessonBlock.create(
        week_template=template, weekday=0, start_time=dt.time(9), end_time=dt.time(10), title="Rekenen", group=group
    )
    lesson = Lesson.create(block=block, group=group, date=dt.date(2026, 9, 7))
    for goal in goals:
        LessonGoal.create(lesson=lesson, goal=goal)
    for pupil in absent:
        Attendance.create(lesson=lesson, pupil=pupil, present=False, reason="ziek")
    return lesson


def make_goal_set(goals=(), groups=()):
    goal_set = GoalSet.create(name="Project water")
    for position, goal in enumerate(goals):
        GoalSetGoal.create(goal_set=goal_set, goal=goal, position=position)
    for group in groups:
        group.goal_set = goal_set
        group.save()
    return goal_set


@pytest.fixture
def teacher(database):
    return make_teacher()


@pytest.fixture
def school(database):
    """A group of three (one of them also in another group), an outsider, two subjects, a few plan goals."""
    group = make_group("Groep 5a")
    bram = make_pupil(level=5, groups=[group], first_name="Bram", last_name="Bakker")
    anna = make_pupil(level=5, groups=[group], first_name="Anna", last_name="Visser", infix="de")
    cas = make_pupil(level=5, groups=[group], first_name="Cas", last_name="Aalders")
    outsider = make_pupil(level=5, first_name="Olaf", last_name="Buiten")
    getallen, spelling = make_domain("Rekenen", "Getallen"), make_domain("Taal", "Spelling")
    tellen = make_goal(getallen, level=5, period=1, title="Tellen")
    delen = make_goal(getallen, level=5, period=2, title="Delen")
    spellen = make_goal(spelling, level=4, period=1, title="Spellen")
    unused = make_goal(getallen, level=5, period=1, title="Nog van niemand")
    put_on_plan(bram, tellen, "current")
    put_on_plan(bram, delen, "achieved")
    put_on_plan(bram, spellen, "highlighted")
    put_on_plan(anna, tellen, "practising")
    put_on_plan(anna, spellen, "coming")
    put_on_plan(cas, tellen, "current")
    put_on_plan(outsider, delen, "current")
    return locals()


def test_pupils_and_parents_cannot_see_overviews(school):
    pupil = school["bram"]
    group = school["group"]
    for user in (pupil, make_parent(children=[pupil])):
        with pytest.raises(PermissionDenied):
            overviews.status_overview(user, group)
        with pytest.raises(PermissionDenied):
            overviews.status_overview(user)
        with pytest.raises(PermissionDenied):
            overviews.active_goals(user, group)
        with pytest.raises(PermissionDenied):
            overviews.goal_matrix(user, group=group)
    assistant = make_user("assistant")
    assert overviews.goal_matrix(assistant, group=group).pupils


def test_status_overview_counts_per_status_per_pupil(teacher, school):
    result = overviews.status_overview(teacher, school["group"])
    assert [s.key for s in result.statuses] == ["coming", "current", "highlighted", "practising", "achieved"]
    assert result.statuses[1].name == "huidig" and result.statuses[1].colour and result.statuses[1].symbol
    assert [row.pupil.name for row in result.rows] == ["Cas Aalders", "Bram Bakker", "Anna de Visser"]
    counts = {row.pupil.id: row.counts for row in result.rows}
    assert counts[school["bram"].id] == {"coming": 0, "current": 1, "highlighted": 1, "practising": 0, "achieved": 1}
    assert counts[school["anna"].id]["coming"] == counts[school["anna"].id]["practising"] == 1
    assert [row.total for row in result.rows] == [1, 3, 2]
    assert result.totals["current"] == 2 and result.total == 6


def test_status_overview_filters(teacher, school):
    def totals(**filters):
        result = overviews.status_overview(teacher, school["group"], **filters)
        return {row.pupil.name.split()[0]: row.total for row in result.rows}

    assert totals(subject=school["spelling"].subject) == {"Cas": 0, "Bram": 1, "Anna": 1}
    assert totals(domain=school["getallen"]) == {"Cas": 1, "Bram": 2, "Anna": 1}
    assert totals(level=4) == {"Cas": 0, "Bram": 1, "Anna": 1}
    assert totals(level=5, period=2) == {"Cas": 0, "Bram": 1, "Anna": 0}


def test_status_overview_of_the_school_has_every_active_pupil(teacher, school):
    gone = make_pupil(first_name="Weg", last_name="Vertrokken", active=False)
    put_on_plan(gone, school["tellen"])
    result = overviews.status_overview(teacher)
    names = [row.pupil.name for row in result.rows]
    assert names == ["Cas Aalders", "Bram Bakker", "Olaf Buiten", "Anna de Visser"]
    assert result.total == 7


def test_archived_goals_are_left_out_of_overviews(teacher, school):
    school["spellen"].archived = True
    school["spellen"].save()
    assert overviews.status_overview(teacher, school["group"]).total == 4
    matrix = overviews.goal_matrix(teacher, group=school["group"])
    assert [g.title for g in matrix.goals] == ["Tellen", "Delen"]


def test_active_goals_counts_only_active_statuses(teacher, school):
    put_on_plan(school["cas"], school["delen"], "coming")
    make_group("Rekenclub", pupils=[school["cas"], school["outsider"]])
    result = overviews.active_goals(teacher, school["group"])
    assert [s.key for s in result.statuses] == ["current", "highlighted", "practising"]
    assert [(item.goal.subject, item.goal.title) for item in result.goals] == [
        ("Rekenen", "Tellen"),
        ("Taal", "Spellen"),
    ]  # Delen: achieved, coming, and the outsider's
    tellen = result.goals[0]
    assert tellen.counts == {"current": 2, "highlighted": 0, "practising": 1} and tellen.total == 3
    assert result.goals[1].counts["highlighted"] == 1
    assert result.pupil_count == 3
    assert [i.goal.title for i in overviews.active_goals(teacher, school["group"], level=4).goals] == ["Spellen"]


def test_goal_matrix_of_a_group(teacher, school):
    matrix = overviews.goal_matrix(teacher, group=school["group"].id)
    assert [p.name for p in matrix.pupils] == ["Cas Aalders", "Bram Bakker", "Anna de Visser"]
    assert [(g.subject, g.domain, g.title) for g in matrix.goals] == [
        ("Rekenen", "Getallen", "Tellen"),
        ("Rekenen", "Getallen", "Delen"),
        ("Taal", "Spelling", "Spellen"),
    ]
    bram, tellen = school["bram"], school["tellen"]
    plan_goal = PlanGoal.get(pupil=bram, goal=tellen)
    assert matrix.cell(bram.id, tellen.id) == (plan_goal.id, "current")
    assert matrix.cell(school["cas"].id, school["delen"].id) is None
    assert len(matrix.cells) == 6
    assert matrix.missing[school["delen"].id] == [school["cas"].id, school["anna"].id]
    assert matrix.missing[tellen.id] == []


def test_goal_matrix_says_whose_plans_the_user_may_change(teacher, school):
    """Teachers change the plans of pupils in groups they teach or follow; coaches and admins every plan;
    assistants none (SPEC 2): the matrix shows the others read-only."""
    group = school["group"]
    assert overviews.goal_matrix(teacher, group=group).editable == frozenset()
    own = make_group("Rekenclub", pupils=[school["bram"]], teachers=[teacher])
    assert overviews.goal_matrix(teacher, group=group).editable == {school["bram"].id}
    own.archived = True
    own.save()
    assert overviews.goal_matrix(teacher, group=group).editable == frozenset()
    everyone = {school[name].id for name in ("bram", "anna", "cas")}
    assert overviews.goal_matrix(make_teacher(is_coach=True), group=group).editable == everyone
    assert overviews.goal_matrix(make_user("admin"), group=group).editable == everyone
    assert overviews.goal_matrix(make_user("assistant"), group=group).editable == frozenset()


def test_goal_matrix_of_a_lesson_leaves_out_absent_pupils(teacher, school):
    lesson = make_lesson(school["group"], goals=[school["tellen"], school["unused"]], absent=[school["anna"]])
    Attendance.create(lesson=lesson, pupil=school["cas"], present=True)
    matrix = overviews.goal_matrix(teacher, lesson=lesson)
    assert [p.name for p in matrix.pupils] == ["Cas Aalders", "Bram Bakker"]
    assert [g.title for g in matrix.goals] == ["Nog van niemand", "Tellen"]  # by level, period, title
    assert set(matrix.cells) == {(school["cas"].id, school["tellen"].id), (school["bram"].id, school["tellen"].id)}
    assert matrix.missing[school["unused"].id] == [school["cas"].id, school["bram"].id]


def test_goal_matrix_of_a_goal_set_spans_its_groups(teacher, school):
    other = make_group("Groep 6", pupils=[school["outsider"], school["bram"]])
    goal_set = make_goal_set([school["delen"], school["unused"]], groups=[school["group"], other])
    matrix = overviews.goal_matrix(teacher, goal_set=goal_set.id)
    assert [p.name for p in matrix.pupils] == ["Cas Aalders", "Bram Bakker", "Olaf Buiten", "Anna de Visser"]
    assert [g.title for g in matrix.goals] == ["Nog van niemand", "Delen"]  # period 1 before 2
    assert {k: v[1] for k, v in matrix.cells.items()} == {
        (school["bram"].id, school["delen"].id): "achieved",
        (school["outsider"].id, school["delen"].id): "current",
    }


def test_goal_matrix_filters(teacher, school):
    group = school["group"]

    def titles(**filters):
        return [g.title for g in overviews.goal_matrix(teacher, group=group, **filters).goals]

    assert titles(subject=school["spelling"].subject) == ["Spellen"]
    assert titles(domain=school["getallen"], period=1) == ["Tellen"]
    assert titles(level=[4]) == ["Spellen"]
    assert titles(goals=[school["delen"].id, school["spellen"].id]) == ["Delen", "Spellen"]
    assert titles(status="practising") == ["Tellen"]
    assert titles(status=["highlighted", "achieved"]) == ["Delen", "Spellen"]
    practising = overviews.goal_matrix(teacher, group=group, status="practising")
    assert set(practising.cells) == {
        (p.id, school["tellen"].id) for p in (school["bram"], school["anna"], school["cas"])
    }


def _grow(school, pupils, goals):
    """A second, larger group: more pupils, each with more goals."""
    group = make_group("Groot")
    domain = make_domain("Lezen", "Begrijpend lezen")
    all_goals = [make_goal(domain, level=5) for _ in range(goals)]
    for n in range(pupils):
        pupil = make_pupil(groups=[group])
        for goal in all_goals[n % 3 :]:
            put_on_plan(pupil, goal, ("current", "practising", "achieved")[n % 3])
    lesson = make_lesson(group, goals=all_goals, absent=[pupil])
    return group, lesson, make_goal_set(all_goals, groups=[group])


def test_query_counts_do_not_grow_with_pupils_or_goals(teacher, school):
    small_lesson = make_lesson(school["group"], goals=[school["tellen"]])
    small_set = make_goal_set([school["tellen"]], groups=[school["group"]])
    views = {
        "status": lambda group, lesson, goal_set: overviews.status_overview(teacher, group),
        "school": lambda group, lesson, goal_set: overviews.status_overview(teacher),
        "active": lambda group, lesson, goal_set: overviews.active_goals(teacher, group),
        "matrix": lambda group, lesson, goal_set: overviews.goal_matrix(teacher, group=group),
        "filtered": lambda group, lesson, goal_set: overviews.goal_matrix(
            teacher, group=group, level=5, status="current"
        ),
        "lesson": lambda group, lesson, goal_set: overviews.goal_matrix(teacher, lesson=lesson),
        "goal_set": lambda group, lesson, goal_set: overviews.goal_matrix(teacher, goal_set=goal_set),
    }

    def measure(*args):
        counts, sizes = {}, {}
        for name, view in views.items():
            with QueryLog() as log:
                result = view(*args)
            counts[name] = log.count
            sizes[name] = len(getattr(result, "rows", None) or getattr(result, "goals", None) or ())
        return counts, sizes

    small, small_sizes = measure(school["group"], small_lesson, small_set)
    large, large_sizes = measure(*_grow(school, pupils=12, goals=15))
    assert small == large
    assert max(large.values()) <= 6
    assert all(large_sizes[name] > small_sizes[name] for name in ("status", "school", "matrix", "lesson"))
