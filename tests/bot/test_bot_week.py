"""The bot's lessons and "Mijn week" (issue 13), end to end through the real python-telegram-bot application:
today's lessons with each linked goal and the pupil's own status, the week's goals, and a tap that ticks a goal
off into the goal's history (channel bot); another pupil's goal finds nothing."""

from models import PlanGoal, StatusChange, WeekTick
from services import class_folder, clock, plans
from tests.support.bot import link
from tests.support.timetables import make_timetable, planned


def plan_goal(pupil, goal):
    return PlanGoal.get((PlanGoal.pupil == pupil) & (PlanGoal.goal == goal))


def test_todays_lessons_show_their_goals_with_the_pupils_own_status(bot, stub, school):
    blocks = make_timetable(school)
    class_folder.edit_lesson(school.teacher, planned(blocks["rekenen"].on()), [school.breuken.id, school.spelling.id])
    link(stub, 701, school.daan)

    lessons = stub.tap(701, "Lessen vandaag")

    assert lessons.text == (
        "Je lessen van vandaag:\n"
        "08:30–09:30 Rekenen (Lokaal 5)\n"
        "   • Ik kan breuken vergelijken: U uitgelicht\n"
        "   • Ik schrijf woorden met ei en ij goed\n"  # Sara's goal: not on Daan's plan, so no status
        "09:30–10:30 Taal (Lokaal 5)\n"
        "11:00–12:00 Leerplein (Leerplein)"
    )


def test_mijn_week_lists_the_weeks_goals_and_a_tap_ticks_one_off_into_its_history(bot, stub, school):
    blocks = make_timetable(school)
    class_folder.edit_lesson(school.teacher, planned(blocks["taal"].on()), [school.klok.id])
    link(stub, 702, school.daan)
    statuses_before = StatusChange.select().count()

    week = stub.tap(702, "Mijn week")

    assert f"Mijn week, {class_folder.week_label(class_folder.monday(clock.today()))}" in week.text
    assert "0 van de 2 doelen klaar" in week.text
    assert week.labels[:2] == ["⬜ Ik kan breuken vergelijken", "⬜ Ik kan klokkijken tot op de minuut"]

    ticked = stub.tap(702, "klokkijken")

    assert "Goed zo! Klaar: Ik kan klokkijken tot op de minuut" in ticked.text
    assert "1 van de 2 doelen klaar" in ticked.text
    assert "✅ Ik kan klokkijken tot op de minuut" in ticked.labels
    tick = WeekTick.get()
    assert (tick.plan_goal_id, tick.ticked_by_id, tick.channel, tick.done) == (
        plan_goal(school.daan, school.klok).id,
        school.daan.id,
        "bot",
        True,
    )
    entry = plans.history(school.teacher, plan_goal(school.daan, school.klok))[-1]
    assert (entry["kind"], entry["by"].id, entry["channel"]) == ("tick", school.daan.id, "bot")
    assert plan_goal(school.daan, school.klok).status.key == "current"  # a tick is no status change
    assert StatusChange.select().count() == statuses_before

    again = stub.tap(702, "klokkijken")
    assert "weer open" in again.text and "0 van de 2 doelen klaar" in again.text
    assert [t.done for t in WeekTick.select().order_by(WeekTick.id)] == [True, False]


def test_another_pupils_goal_in_mijn_week_finds_nothing_and_writes_nothing(bot, stub, school):
    link(stub, 703, school.daan)
    for data in (f"w:{school.spelling.id}", "w:999999"):  # Sara's highlighted goal; no goal at all
        answers = stub.ask_with(703, lambda: stub.press(703, data))
        assert "Dit leerdoel staat niet in jouw week." in answers.text, data
        assert "ei en ij" not in answers.text
    assert WeekTick.select().count() == 0


def test_an_empty_week_says_what_to_do(bot, stub, school):
    link(stub, 704, school.sara)
    PlanGoal.delete().where(PlanGoal.pupil == school.sara).execute()
    answers = stub.tap(704, "Mijn week")
    assert "nog geen doelen in je weekplanning" in answers.text
