"""Reminders five minutes before the end of a learning-square block, sent by the bot's own minute job."""

import datetime as dt
import json

import pytest
from apscheduler.schedulers.background import BackgroundScheduler

from chatbot import reminders
from chatbot.app import build_application
from jobs import worker
from models import BotLink, ChatMessage, JobRun, LessonBlock, User, WeekTemplate
from services import bot as pupil_bot
from tests.support.bot import link, link_device
from tests.support.telegram_stub import TOKEN

WEDNESDAY = dt.date(2027, 3, 10)  # winter time: the school's 11:00 is 10:00 UTC


def utc(hour, minute):
    return dt.datetime.combine(WEDNESDAY, dt.time(hour, minute))


@pytest.fixture
def learning_square(school):
    template = WeekTemplate.create(
        name="Rooster", school_year="2026-2027", valid_from=dt.date(2026, 8, 24), valid_until=dt.date(2027, 7, 9)
    )
    return LessonBlock.create(
        week_template=template,
        weekday=WEDNESDAY.weekday(),
        start_time=dt.time(10, 0),
        end_time=dt.time(11, 0),
        title="Leerplein",
        group=school.group,
        is_learning_square=True,
    )


def link_quietly(chat_id, pupil):
    """Link a chat as /start CODE does, without the pupil saying anything in it."""
    pupil_bot.link_chat(chat_id, pupil_bot.new_link_code(pupil, pupil)[0])


def remind(bot, now):
    """One run of the bot's minute job at `now` (naive UTC): the JobRun, or None for a quiet minute."""
    return bot.run(reminders.send_due(bot.application, now=now))


def test_a_reminder_comes_five_minutes_before_the_end_once_and_leads_to_a_note(bot, stub, school, learning_square):
    link(stub, 701, school.daan)
    link(stub, 702, school.sara)
    User.update(bot_reminders=False).where(User.id == school.sara.id).execute()
    link_device(stub, 703, school.teacher, school.group)
    since = stub.mark()

    assert remind(bot, utc(9, 54)) is None  # 10:54 at school: not yet
    run = remind(bot, utc(9, 55))

    assert (run.job, run.outcome) == ("bot_reminders", "ok")
    assert json.loads(run.counts) == {"due": 2, "sent": 2, "failed": 0, "retried": 0}
    reminder = stub.wait_for("sendMessage", 701, since=since)
    assert "Wat heb je gedaan?" in reminder.text
    assert reminder.labels == ["⭐ Ik kan breuken vergelijken", "🏠 Menu"]  # the highlighted goals
    device = stub.wait_for("sendMessage", 703, since=since)
    assert "Typ je leerlingcode" in device.text and device.labels == []  # nobody signed in: no one's goals
    assert not [c for c in stub.calls[since:] if c.chat_id == 702]  # Sara switched reminders off
    assert remind(bot, utc(9, 57)) is None  # once per block and day
    assert JobRun.select().count() == 1  # quiet minutes leave no trace

    asked = stub.tap(701, "breuken")
    assert "Schrijf in één bericht" in asked.text
    stub.ask(701, "Ik heb de uitleg gelezen")
    assert ChatMessage.get().room == f"pupil_goal:{school.daan.id}:{school.breuken.id}"


def test_no_reminder_outside_a_learning_square_block(bot, stub, school, learning_square):
    LessonBlock.update(is_learning_square=False).where(LessonBlock.id == learning_square.id).execute()
    assert remind(bot, utc(9, 56)) is None
    assert not [c for c in stub.calls if c.method == "sendMessage"]


def test_an_unreachable_telegram_fails_the_run_and_the_next_minute_tries_again(bot, stub, school, learning_square):
    link_quietly(704, school.daan)
    since = stub.mark()
    stub.fail_next("sendMessage", status=502, description="Bad Gateway")

    run = remind(bot, utc(9, 57))

    assert run.outcome == "failed" and "1 worden de volgende minuut opnieuw geprobeerd" in run.error
    assert [c.result for c in stub.calls[since:] if c.method == "sendMessage"] == [None]  # refused
    run = remind(bot, utc(9, 58))
    assert json.loads(run.counts) == {"due": 1, "sent": 1, "failed": 0, "retried": 0}
    assert (
        "Wat heb je gedaan?" in stub.wait_for("sendMessage", 704, since=since, predicate=lambda call: call.result).text
    )
    assert remind(bot, utc(9, 59)) is None  # delivered: not again


def test_a_chat_that_blocked_the_bot_is_not_tried_again(bot, stub, school, learning_square):
    link_quietly(705, school.daan)
    link_quietly(706, school.sara)
    since = stub.mark()
    stub.fail_next("sendMessage", status=403, description="Forbidden: bot was blocked by the user")

    run = remind(bot, utc(9, 57))

    assert json.loads(run.counts) == {"due": 2, "sent": 1, "failed": 1, "retried": 0}
    assert remind(bot, utc(9, 58)) is None
    assert len([c for c in stub.calls[since:] if c.method == "sendMessage"]) == 2


def test_the_bot_reminds_every_minute_and_the_worker_does_not(app, stub):
    application = build_application(app, token=TOKEN, api_url=stub.url)
    job = application.job_queue.get_jobs_by_name("bot_reminders")[0]
    assert job.trigger.interval.total_seconds() == 60  # the bot process talks to Telegram, not the worker

    app.config.update(TELEGRAM_BOT_TOKEN=TOKEN)
    scheduler = worker.build_scheduler(app, scheduler_class=BackgroundScheduler)
    scheduler.start(paused=True)
    assert "bot_reminders" not in {job.id for job in scheduler.get_jobs()}
    scheduler.shutdown(wait=False)


def test_a_reminder_on_a_tablet_shows_the_signed_in_pupils_goals_and_goes_with_their_turn(
    bot, stub, school, learning_square
):
    tablet = 707
    link_device(stub, tablet, school.teacher, school.group)
    codes = {p.first_name: c for p, c in pupil_bot.new_pupil_codes(school.teacher, school.group)}
    stub.ask(tablet, codes["Daan"])
    BotLink.update(last_activity=utc(9, 56)).where(BotLink.chat_id == str(tablet)).execute()  # Daan at work
    since = stub.mark()

    run = remind(bot, utc(9, 57))

    assert json.loads(run.counts)["sent"] == 1
    reminder = stub.wait_for("sendMessage", tablet, since=since)
    assert reminder.labels[0] == "⭐ Ik kan breuken vergelijken"  # Daan's own goal, for Daan
    asked = stub.tap(tablet, "breuken")
    assert "Schrijf in één bericht" in asked.text
    stub.ask(tablet, "Ik heb de uitleg gelezen")  # posting signs Daan out

    assert ChatMessage.get().author_id == school.daan.id
    screen = stub.screen(tablet)
    assert "breuken" not in screen and "Wat heb je gedaan" not in screen  # the reminder went with the turn
