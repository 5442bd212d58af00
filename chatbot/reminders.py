"""The learning-square reminders (SPEC 9): "Wat heb je gedaan?" with the goals as buttons.

Every minute the bot's JobQueue runs `send_due`: it asks the services which reminders are due (five minutes
before a learning-square block ends), sends them, and records the run as a JobRun ("bot_reminders") when
there was something to send or finding out failed: not 1,440 empty runs a day. Each button opens "Wat heb
ik gedaan?" for that goal; on a shared device with nobody signed in the reminder asks for the pupil code.
A reminder Telegram surely did not get is handed back, so that the next minute tries it again.
"""

import logging
from dataclasses import dataclass

from telegram.error import BadRequest, NetworkError, TelegramError, TimedOut

from chatbot import bridge, guard, keyboards, texts
from services import bot, job_runs

JOB = "bot_reminders"
INTERVAL_SECONDS = 60

log = logging.getLogger("chatbot")


@dataclass
class Sent:
    chat_id: str
    message_id: int
    pupil: object


def reminder_text_and_keyboard(reminder):
    if reminder.pupil is None:
        return texts.REMINDER_DEVICE, None
    if not reminder.goals:
        return texts.REMINDER_NO_GOALS, None
    return texts.REMINDER, keyboards.goals(reminder.goals, action="n")


def worth_retrying(error):
    """True when Telegram surely did not deliver and may next time: a refused connection, a bad gateway, a
    flood wait too long to sit out. Not after a time-out (the message may have arrived: no doubles), nor
    when the chat blocked the bot or the request was wrong (it would fail again)."""
    return isinstance(error, NetworkError) and not isinstance(error, (TimedOut, BadRequest))


async def send_reminders(bot, reminders):
    """Send each reminder; returns (sent: [Sent], failed: [(reminder, worth retrying)]).

    A failed chat never stops the others."""
    sent, failed = [], []
    for reminder in reminders:
        text, keyboard = reminder_text_and_keyboard(reminder)
        try:
            message = await guard.send(bot, reminder.chat_id, text, reply_markup=keyboard)
        except TelegramError as exc:
            retry = worth_retrying(exc)
            log.warning(
                "Reminder to chat %s not sent%s: %r",
                reminder.chat_id,
                " (tried again next minute)" if retry else "",
                exc,
            )
            failed.append((reminder, retry))
            continue
        sent.append(Sent(reminder.chat_id, message.message_id, reminder.pupil))
    return sent, failed


def _after_sending(sent, failed):
    """(In a worker thread.) Record the device chats' messages for their sign-out and hand back what
    Telegram surely did not get; returns the run's counts, or raises JobFailed when nothing got through."""
    for message in sent:
        bot.record_message(message.chat_id, message.message_id, message.pupil)
    again = [reminder for reminder, retry in failed if retry]
    bot.release_reminders(again)
    if failed and not sent:
        raise job_runs.JobFailed(
            f"Geen van de {len(failed)} herinneringen kon verstuurd worden (Telegram onbereikbaar?); "
            f"{len(again)} worden de volgende minuut opnieuw geprobeerd."
        )
    return {"due": len(sent) + len(failed), "sent": len(sent), "failed": len(failed), "retried": len(again)}


def _recorded(sent, failed):
    """(In a worker thread.) The JobRun of one minute that had reminders to send."""
    return job_runs.run_recorded(JOB, lambda: _after_sending(sent, failed))


async def send_due(application, now=None):
    """Send the reminders due now and record the run; None for a quiet minute."""
    try:
        due = await bridge.call(application, bot.reminders_due, now)
    except Exception as exc:
        log.exception("Finding the due reminders failed")
        return await bridge.call(application, job_runs.record, JOB, error=exc)
    if not due:
        return None
    sent, failed = await send_reminders(application.bot, due)
    return await bridge.call(application, _recorded, sent, failed)


async def reminders_job(context):
    """JobQueue callback for send_due."""
    await send_due(context.application)
