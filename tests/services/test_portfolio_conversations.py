"""Reflection conversations (issue 17): planned by a teacher, prepared by the pupil, recorded with the
school's questions, notes, the evidence discussed and the goals agreed, which go straight onto the plan."""

import datetime as dt

import pytest

from models import (
    Conversation,
    ConversationAnswer,
    ConversationEvidence,
    ConversationGoal,
    ConversationQuestion,
    PlanGoal,
    StatusChange,
)
from services import clock, events, portfolio
from services.errors import Conflict, DomainError, NotFound, PermissionDenied
from tests.support.factories import make_goal
from tests.support.schools import build_school

TODAY = clock.today()


@pytest.fixture
def school(database):
    school = build_school()
    school["klok"] = make_goal(school.tafels.domain, title="Klokkijken tot op de minuut", level=5, period=3)
    school["evidence"] = portfolio.add_evidence(school.anna, school.anna, school.tafels.id, note="Mijn tafelkaart")
    return school


def answers_for(*texts):
    return {q.id: text for q, text in zip(portfolio.questions(), texts)}


def test_planned_prepared_then_recorded_with_two_new_goals_on_the_plan(school):
    seen = []

    def remember(sender, **announced):
        seen.append(announced["pupils"])

    planned = portfolio.plan_conversation(school.teacher, school.anna, TODAY + dt.timedelta(days=2), today=TODAY)
    portfolio.prepare(school.anna, planned, went_well="De tafels!", was_hard="Breuken", learn_next="Klokkijken")
    assert portfolio.coming_conversation(school.anna).id == planned.id

    with events.plans_changed.connected_to(remember):
        recorded = portfolio.record_conversation(
            school.teacher,
            school.anna,
            TODAY,
            conversation=planned,
            answers=answers_for("Mijn tafelkaart", "Tafel van 3"),
            notes="Anna is trots en wil verder met de klok.",
            evidence=[school.evidence.id],
            goals=[school.breuken.id, school.klok.id],
            plan="coming",
            today=TODAY,
        )

    assert (recorded.goals_added, recorded.goals_already) == (2, 0)
    conversation = Conversation.get_by_id(planned.id)
    assert conversation.recorded_at is not None and conversation.held_on == TODAY
    assert (conversation.went_well, conversation.learn_next) == ("De tafels!", "Klokkijken")
    on_plan = {
        pg.goal_id: (pg.status.key, pg.source)
        for pg in PlanGoal.select().where(PlanGoal.pupil == school.anna)
        if pg.goal_id in (school.breuken.id, school.klok.id)
    }
    assert on_plan == {school.breuken.id: ("coming", "manual"), school.klok.id: ("coming", "manual")}
    history = StatusChange.select().join(PlanGoal).where(PlanGoal.goal == school.klok.id).get()
    assert (history.channel, history.changed_by_id) == ("conversation", school.teacher.id)
    assert seen == [[school.anna.id]]  # the pupil's open pages follow live
    assert portfolio.coming_conversation(school.anna) is None

    detail = portfolio.conversation_detail(school.parent, planned)
    assert detail["answers"][:2] == [
        ("Op welk werk ben je trots, en waarom?", "Mijn tafelkaart"),
        ("Welk doel heb je behaald, en hoe heb je dat gedaan?", "Tafel van 3"),
    ]
    assert len(detail["answers"]) == ConversationQuestion.select().count()  # every question as it was asked
    assert detail["goals"] == [("Breuken vergelijken", "komende plan"), ("Klokkijken tot op de minuut", "komende plan")]
    assert [d.id for d in detail["evidence"]] == [school.evidence.id]
    assert detail["notes"] is None  # the teacher's notes are for staff
    assert (
        portfolio.conversation_detail(school.assistant, planned)["notes"] == "Anna is trots en wil verder met de klok."
    )
    assert [c["goals"] for c in portfolio.conversations_of(school.anna, school.anna)] == [
        ["Breuken vergelijken", "Klokkijken tot op de minuut"]
    ]


def test_a_conversation_recorded_without_planning_and_a_goal_already_on_the_plan(school):
    recorded = portfolio.record_conversation(
        school.teacher, school.anna, TODAY, goals=[school.tafels.id, school.breuken.id], today=TODAY
    )
    assert (recorded.goals_added, recorded.goals_already) == (1, 1)
    assert PlanGoal.get(PlanGoal.pupil == school.anna, PlanGoal.goal == school.tafels).status.key == "highlighted"
    assert PlanGoal.get(PlanGoal.pupil == school.anna, PlanGoal.goal == school.breuken).status.key == "current"


def _nothing_written():
    assert Conversation.select().count() == 0
    assert ConversationAnswer.select().count() == ConversationGoal.select().count() == 0
    assert ConversationEvidence.select().count() == 0
    assert PlanGoal.select().count() == 4  # build_school's


@pytest.mark.parametrize(
    "change, error",
    [
        ({"who": "anna"}, PermissionDenied),
        ({"who": "other_teacher"}, PermissionDenied),
        ({"who": "parent"}, PermissionDenied),
        ({"held_on": TODAY + dt.timedelta(days=1)}, DomainError),
        ({"held_on": "gisteren"}, DomainError),
        ({"plan": "later"}, DomainError),
        ({"answers": {999999: "?"}}, NotFound),
        ({"answers": {"vraag": "?"}}, NotFound),
        ({"answers": "too long"}, DomainError),
        ({"notes": "x" * 4001}, DomainError),
        ({"evidence": "other pupil's"}, NotFound),
        ({"goals": [999999]}, NotFound),
    ],
)
def test_bad_input_is_refused_whole(school, change, error):
    other_evidence = portfolio.add_evidence(school.bram, school.bram, note="Van Bram")
    arguments = {
        "who": "teacher",
        "held_on": TODAY,
        "answers": answers_for("Goed"),
        "notes": "",
        "evidence": [school.evidence.id],
        "goals": [school.breuken.id],
        "plan": "current",
        **change,
    }
    if arguments["answers"] == "too long":
        arguments["answers"] = answers_for("x" * 2001)
    if arguments["evidence"] == "other pupil's":
        arguments["evidence"] = [school.evidence.id, other_evidence.id]
    who = school[arguments.pop("who")]
    with pytest.raises(error):
        portfolio.record_conversation(who, school.anna, arguments.pop("held_on"), today=TODAY, **arguments)
    _nothing_written()


def test_planning_needs_a_day_to_come_and_one_at_a_time(school):
    with pytest.raises(DomainError, match="vandaag of een dag die nog komt"):
        portfolio.plan_conversation(school.teacher, school.anna, TODAY - dt.timedelta(days=1), today=TODAY)
    with pytest.raises(PermissionDenied):
        portfolio.plan_conversation(school.other_teacher, school.anna, TODAY, today=TODAY)
    portfolio.plan_conversation(school.teacher, school.anna, TODAY + dt.timedelta(days=5), today=TODAY)
    with pytest.raises(Conflict, match="al een leergesprek gepland"):
        portfolio.plan_conversation(school.teacher, school.anna, TODAY + dt.timedelta(days=6), today=TODAY)
    assert Conversation.select().count() == 1


def test_only_the_pupil_prepares_and_only_before_the_conversation(school):
    planned = portfolio.plan_conversation(school.teacher, school.anna, TODAY, today=TODAY)
    for refused in (school.bram, school.teacher, school.parent):
        with pytest.raises(PermissionDenied):
            portfolio.prepare(refused, planned, went_well="Niet van mij")
    with pytest.raises(DomainError, match="te lang"):
        portfolio.prepare(school.anna, planned, went_well="x" * 1001)
    assert Conversation.get_by_id(planned.id).prepared_at is None

    portfolio.record_conversation(school.teacher, school.anna, TODAY, conversation=planned, today=TODAY)
    with pytest.raises(DomainError, match="al gehouden"):
        portfolio.prepare(school.anna, planned, went_well="Te laat")
    with pytest.raises(Conflict, match="al vastgelegd"):
        portfolio.record_conversation(school.teacher, school.anna, TODAY, conversation=planned, today=TODAY)


def test_a_conversation_of_another_pupil_is_not_recorded_here(school):
    planned = portfolio.plan_conversation(school.teacher, school.bram, TODAY, today=TODAY)
    with pytest.raises(NotFound):
        portfolio.record_conversation(school.teacher, school.anna, TODAY, conversation=planned, today=TODAY)
    assert Conversation.get_by_id(planned.id).recorded_at is None
