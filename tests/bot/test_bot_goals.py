"""What a linked pupil does with the bot, end to end: goals, steps, notes (live for the teacher), photos,
rating, asking for help, today's lessons, reminders on/off."""

import datetime as dt
import os
import time

import realtime
from chatbot.chat import WAIT_MINUTES, WAITING
from models import ChatMessage, Document, GoalRating, Group, HelpRequest, LessonBlock, User, WeekTemplate
from services import bot as pupil_bot
from services import clock
from tests.support.bot import link

JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x00" * 2000


def open_goal(stub, chat_id, title):
    stub.tap(chat_id, "Mijn doelen")
    return stub.tap(chat_id, title)


def test_goals_come_highlighted_first_and_a_goal_shows_its_steps(bot, stub, school):
    link(stub, 601, school.daan)

    goals = stub.tap(601, "Mijn doelen")

    assert goals.labels[:2] == ["⭐ Ik kan breuken vergelijken", "Ik kan klokkijken tot op de minuut"]
    assert not any("ei en ij" in label for label in goals.labels)  # Sara's goal
    goal = stub.tap(601, "breuken")
    assert "Ik kan breuken vergelijken" in goal.text
    assert "1. Lees de uitleg\n2. Maak opdracht 1 tot 5" in goal.text
    assert goal.labels[:4] == ["✏️ Wat heb ik gedaan?", "📷 Foto toevoegen", "👍 Hoe ging het?", "🙋 Ik heb een vraag"]
    assert goal.last.method == "editMessageText"  # the list turned into the goal: a tidy chat


def test_a_progress_note_lands_in_the_goal_chat(bot, stub, school):
    link(stub, 602, school.daan)
    asked = open_goal(stub, 602, "breuken")
    asked = stub.tap(602, "Wat heb ik gedaan")
    assert "Schrijf in één bericht" in asked.text

    saved = stub.ask(602, "Ik heb opdracht 1 tot 3 gemaakt <b>echt</b>")

    assert "Dank je" in saved.text
    message = ChatMessage.get()
    assert (message.room, message.kind, message.channel, message.author_id) == (
        f"pupil_goal:{school.daan.id}:{school.breuken.id}",
        "progress",
        "bot",
        school.daan.id,
    )
    assert message.body == "Ik heb opdracht 1 tot 3 gemaakt <b>echt</b>"  # stored as text; pages escape it
    again = stub.ask(602, "nog een bericht")  # the note was posted: free text is no note any more
    assert "Kies eerst een doel" in again.text and ChatMessage.select().count() == 1


def _wait_until_live(client, teacher, timeout=20):
    """The web process polls the outbox from its first Socket.IO request on: probe until a probe arrives."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        realtime.emit("probe", {}, f"user:{teacher.id}")
        try:
            client.wait_for("probe", timeout=1)
            return
        except AssertionError:
            continue
    raise AssertionError("the web process did not pick up the outbox")


def test_a_teacher_sees_the_note_live(app, bot, stub, school, own_app_server, clients):
    link(stub, 603, school.daan)
    room = f"pupil_goal:{school.daan.id}:{school.breuken.id}"
    teacher = clients.connect(own_app_server, school.teacher.login)
    assert teacher.call("join", {"room": room})["ok"]
    realtime.configure(app, process="bot")  # as `python -m chatbot` does: no Redis, so the outbox
    try:
        _wait_until_live(teacher, school.teacher)
        open_goal(stub, 603, "breuken")
        stub.tap(603, "Wat heb ik gedaan")
        stub.ask(603, "Breuken met gelijke noemers gaan goed")
        live = teacher.wait_for("message")
    finally:
        realtime.configure(app, process="web")
    assert (live["room"], live["kind"], live["body"], live["author_id"]) == (
        room,
        "progress",
        "Breuken met gelijke noemers gaan goed",
        school.daan.id,
    )


def test_a_photo_is_kept_as_evidence_with_the_goal(app, bot, stub, school):
    link(stub, 604, school.daan)
    open_goal(stub, 604, "klokkijken")
    assert "Stuur nu een foto" in stub.tap(604, "Foto toevoegen").text

    saved = stub.ask_with(604, lambda: stub.send_photo(604, JPEG, caption="Mijn klok"))

    assert "Je foto staat bij je doel" in saved.text
    assert [c.method for c in stub.calls if c.method == "getFile"] == ["getFile"]
    document = Document.get()
    assert (document.kind, document.pupil_id, document.goal_id, document.content_type, document.size) == (
        "evidence",
        school.daan.id,
        school.klok.id,
        "image/jpeg",
        len(JPEG),
    )
    with open(os.path.join(app.config["UPLOAD_FOLDER"], document.stored_name), "rb") as fh:
        assert fh.read() == JPEG
    message = ChatMessage.get()
    assert (message.document_id, message.body, message.room) == (
        document.id,
        "Mijn klok",
        f"pupil_goal:{school.daan.id}:{school.klok.id}",
    )


def test_how_did_it_go_takes_three_taps_and_is_kept(bot, stub, school):
    link(stub, 605, school.daan)
    open_goal(stub, 605, "breuken")

    effort = stub.tap(605, "Hoe ging het")
    assert "Hoe hard heb je gewerkt" in effort.text
    quality = stub.tap(605, "Heel hard")
    assert "hoe goed ging het" in quality.text
    done = stub.tap(605, "Best goed")

    assert "Dank je" in done.text
    rating = GoalRating.get()
    assert (rating.plan_goal.pupil_id, rating.plan_goal.goal_id, rating.effort, rating.quality, rating.channel) == (
        school.daan.id,
        school.breuken.id,
        3,
        2,
        "bot",
    )


def test_how_did_it_go_can_be_left_on_each_step_without_saving(bot, stub, school):
    link(stub, 609, school.daan)
    open_goal(stub, 609, "breuken")

    stub.tap(609, "Hoe ging het")
    back = stub.tap(609, "Terug naar dit doel")  # changed their mind at the first question
    assert "1. Lees de uitleg" in back.text and "✏️ Wat heb ik gedaan?" in back.labels
    stub.tap(609, "Hoe ging het")
    stub.tap(609, "Een beetje")
    back = stub.tap(609, "Terug naar dit doel")  # ... or at the second

    assert "Ik kan breuken vergelijken" in back.text and "👍 Hoe ging het?" in back.labels
    assert GoalRating.select().count() == 0


def test_a_chosen_note_is_forgotten_after_a_while(bot, stub, school):
    link(stub, 610, school.daan)
    open_goal(stub, 610, "breuken")
    stub.tap(610, "Wat heb ik gedaan")
    waiting = bot.application.chat_data[610][WAITING]
    waiting["since"] -= WAIT_MINUTES * 60 + 1  # the pupil walked away and comes back the next lesson

    later = stub.ask(610, "hoi")

    assert "Kies eerst een doel" in later.text and "⭐ Mijn doelen" in later.labels
    assert ChatMessage.select().count() == 0  # "hoi" did not land in the goal's chat


def test_asking_for_help_queues_the_pupil_and_they_are_told_when_helped(bot, stub, school):
    link(stub, 606, school.daan)
    open_goal(stub, 606, "breuken")

    asked = stub.tap(606, "Ik heb een vraag")

    assert "leerpleinassistent weet" in asked.text
    request = HelpRequest.get()
    assert (request.pupil_id, request.goal_id, request.helped_at) == (school.daan.id, school.breuken.id, None)
    assert [item["pupil"] for item in pupil_bot.help_queue(school.teacher)] == ["Daan Visser"]
    pupil_bot.mark_helped(school.teacher, request.id)

    since = stub.mark()
    assert bot.run(_tell_helped(bot)) == 1
    told = stub.wait_for("sendMessage", 606, since=since)
    assert "heeft je geholpen met je vraag over:\nIk kan breuken vergelijken" in told.text
    assert told.labels == ["🏠 Menu"]  # and on from there
    assert bot.run(_tell_helped(bot)) == 0  # told once


async def _tell_helped(bot):
    from chatbot.background import tell_helped

    return await tell_helped(bot.application)


def test_todays_lessons(bot, stub, school):
    link(stub, 607, school.daan)
    today = clock.today()
    template = WeekTemplate.create(
        name="Rooster",
        school_year="2026-2027",
        valid_from=today - dt.timedelta(days=7),
        valid_until=today + dt.timedelta(days=7),
    )
    LessonBlock.create(
        week_template=template,
        weekday=today.weekday(),
        start_time=dt.time(10, 30),
        end_time=dt.time(11, 30),
        title="Leerplein",
        group=school.group,
        room="Leerplein 1",
        is_learning_square=True,
    )
    LessonBlock.create(
        week_template=template,
        weekday=today.weekday(),
        start_time=dt.time(8, 30),
        end_time=dt.time(10, 0),
        title="Rekenen",
        group=school.group,
    )
    LessonBlock.create(
        week_template=template,
        weekday=today.weekday(),
        start_time=dt.time(9, 0),
        end_time=dt.time(10, 0),
        title="Gym",
        group=Group.create(name="Groep 8", group_type=school.group.group_type, school_year="2026-2027"),
    )

    lessons = stub.tap(607, "Lessen vandaag")

    assert lessons.text == "Je lessen van vandaag:\n08:30–10:00 Rekenen\n10:30–11:30 Leerplein (Leerplein 1)"


def test_reminders_can_be_switched_off_and_on(bot, stub, school):
    link(stub, 608, school.daan)

    off = stub.tap(608, "Herinneringen uit")

    assert "Herinneringen staan uit" in off.text and "🔔 Zet herinneringen aan" in off.labels
    assert User.get_by_id(school.daan.id).bot_reminders is False
    stub.tap(608, "Herinneringen aan")
    assert User.get_by_id(school.daan.id).bot_reminders is True
