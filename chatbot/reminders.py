"""Sending the learning-square reminders (SPEC 9): "Wat heb je gedaan?" with the goals as buttons.

The scheduler process (jobs.tasks.bot_reminders_job) asks the services which reminders are due and calls
`send_reminders` with a plain telegram.Bot. Each button opens "Wat heb ik gedaan?" for that goal in the bot;
on a shared device with nobody signed in the reminder asks for the pupil code instead.
"""

import logging
from dataclasses import dataclass

from telegram import Bot
from telegram.error import BadRequest, NetworkError, TelegramError, TimedOut

from chatbot import guard, keyboards, texts

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


def bot_for(config):
    """A telegram.Bot for the app's settings (TELEGRAM_BOT_TOKEN, TELEGRAM_API_URL), or None without a token."""
    token = config.get("TELEGRAM_BOT_TOKEN")
    if not token:
        return None
    api_url = (config.get("TELEGRAM_API_URL") or "").rstrip("/")
    if api_url:
        return Bot(token, base_url=api_url + "/bot", base_file_url=api_url + "/file/bot")
    return Bot(token)
