"""A group plan from the data (services.group_plan): three instruction groups proposed from goal statuses and
the latest test level, adjusted by the teacher and saved as groups through the matrix's "make a group"."""

import pytest

from models import Domain, Group, GroupMember, GroupType, Subject, TestMoment
from services import analysis, group_plan, overviews
from services.errors import DomainError, PermissionDenied
from tests.support.factories import make_goal, make_pupil, put_on_plan
from tests.support.querycount import count_queries
from tests.support.schools import build_school


@pytest.fixture
def school(database):
    school = build_school()
    getallen = Domain.get(name="Getallen")
    extra = [make_goal(getallen, level=5, title=f"Rekendoel {n}") for n in range(4)]
    school["extra"] = extra
    school["rekenen"] = Subject.get(name="Rekenen")
    # Anna: most goals achieved, level I -> meer; Bram: practising a lot -> intensief; Daan: level III -> basis;
    # Eva: no goals, no test -> basis; Finn: level V despite achieved goals -> intensief
    school["daan"] = make_pupil(level=5, groups=[school.group], first_name="Daan", last_name="Dekker")
    school["eva"] = make_pupil(level=5, groups=[school.group], first_name="Eva", last_name="Evers")
    school["finn"] = make_pupil(level=5, groups=[school.group], first_name="Finn", last_name="Fransen")
    for goal in extra[:3]:
        put_on_plan(school.anna, goal, "achieved")
    for goal in extra[:2]:
        put_on_plan(school.bram, goal, "practising")
    put_on_plan(school.bram, extra[2], "current")
    put_on_plan(school.bram, extra[3], "coming")  # the coming plan does not count
    for goal in extra[:2]:
        put_on_plan(school.daan, goal, "current")
    for goal in extra:
        put_on_plan(school.finn, goal, "achieved")
    moment = TestMoment.create(name="M5", subject=school.rekenen, school_year="2026-2027", level=5)
    grades = {"anna": "I", "daan": "III", "finn": "V"}
    analysis.save_results(school.teacher, school.group, moment, {school[k].id: ("100", g) for k, g in grades.items()})
    return school


def bands(proposal):
    return {signal.pupil.first_name: signal.band for signal in proposal.pupils}


def test_the_proposal_follows_the_rule_the_page_explains(school):
    proposal = group_plan.propose(school.teacher, school.group, subject=school.rekenen.id)
    assert bands(proposal) == {
        "Anna": "meer",
        "Bram": "intensief",
        "Daan": "basis",
        "Eva": "basis",
        "Finn": "intensief",
    }
    bram = next(s for s in proposal.pupils if s.pupil.first_name == "Bram")
    assert (bram.goals, bram.achieved, bram.practising, bram.level) == (4, 0, 3, "")  # tafels (oefenen) too
    assert bram.why == "nog geen toets; 0 van 4 behaald, 3 op oefenen"
    assert proposal.default_name("basis") == "Rekenen basis Groep 5a"


def test_a_domain_narrows_the_goals_that_count(school):
    spelling = Domain.get(name="Spelling")
    proposal = group_plan.propose(school.coach, school.group, domain=spelling.id)
    assert proposal.area == "Spelling"
    anna = next(s for s in proposal.pupils if s.pupil.first_name == "Anna")
    assert (anna.goals, anna.achieved) == (1, 0)  # only "Woorden met ei en ij" (huidig); the test is Rekenen's
    with pytest.raises(DomainError, match="Kies een hoofdgebied"):
        group_plan.propose(school.coach, school.group)


def test_the_teacher_moves_pupils_and_saves_three_groups_that_the_matrix_uses(school):
    proposal = group_plan.propose(school.teacher, school.group, subject=school.rekenen.id)
    moved = {s.pupil.id: s.band for s in proposal.pupils}
    moved[school.finn.id] = "basis"  # the teacher knows Finn better than one test
    del moved[school.eva.id]  # and leaves Eva out
    timetable = GroupType.get(name="Roostergroep")
    names = {band: proposal.default_name(band) for band in group_plan.BANDS}
    made = group_plan.save_plan(school.teacher, school.group, moved, names, timetable.id)
    assert [(g.name, g.group_type_id, g.source_group_id) for g in made] == [
        ("Rekenen intensief Groep 5a", timetable.id, school.group.id),
        ("Rekenen basis Groep 5a", timetable.id, school.group.id),
        ("Rekenen meer Groep 5a", timetable.id, school.group.id),
    ]
    members = {g.name: {m.pupil.first_name for m in GroupMember.select().where(GroupMember.group == g)} for g in made}
    assert members == {
        "Rekenen intensief Groep 5a": {"Bram"},
        "Rekenen basis Groep 5a": {"Daan", "Finn"},
        "Rekenen meer Groep 5a": {"Anna"},
    }
    matrix = overviews.goal_matrix(school.teacher, group=made[0])  # the matrix opens it like any group
    assert [p.name for p in matrix.pupils] == ["Bram Bakker"]


def test_a_plan_with_a_stranger_or_an_unknown_band_creates_nothing(school):
    before = Group.select().count()
    for wrong in ({school.cas.id: "basis"}, {school.anna.id: "plus"}, {}):
        with pytest.raises(DomainError):
            group_plan.save_plan(school.teacher, school.group, wrong, {"basis": "X"}, "Projectgroep")
    with pytest.raises(DomainError, match="naam"):  # the second group has no name: the first is not kept either
        group_plan.save_plan(
            school.teacher,
            school.group,
            {school.anna.id: "intensief", school.bram.id: "basis"},
            {"intensief": "A"},
            "Projectgroep",
        )
    for outsider in (school.other_teacher, school.assistant, school.anna):
        with pytest.raises(PermissionDenied):
            group_plan.save_plan(outsider, school.group, {school.anna.id: "basis"}, {"basis": "X"}, "Projectgroep")
    assert Group.select().count() == before


def test_the_proposal_reads_in_a_fixed_number_of_queries(school):
    counts = []
    for extra_pupils in (0, 25):
        for _ in range(extra_pupils):
            pupil = make_pupil(level=5, groups=[school.group])
            put_on_plan(pupil, school.extra[0], "practising")
        with count_queries() as queries:
            group_plan.propose(school.teacher, school.group.id, subject=school.rekenen.id)
        counts.append(len(queries))
    assert counts[0] == counts[1]
