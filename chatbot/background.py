"""The bot's own repeating jobs (the Application's JobQueue): idle shared devices and helped questions.

- `sign_out_idle`: a pupil who walked away from a shared tablet is signed out after DEVICE_IDLE_MINUTES,
  and their turn is deleted from the chat before the next pupil picks it up.
- `wipe_leftovers`: a tablet that a teacher unlinked (or linked anew) while a pupil's turn was on it has that
  turn deleted too; it runs with the idle check.
- `tell_helped`: when the learning-square assistant marks a question as helped on the web, the pupil hears
  it in their chat (`help_notices_due` hands each notice out once).

Both take the Application and an optional `now`, so tests can drive them directly.
"""

import logging

from telegram.error import TelegramError

from chatbot import bridge, guard, keyboards, texts
from chatbot.chat import WAITING
from services import bot

log = logging.getLogger("chatbot")


def _sign_out_if_idle(chat_id, now):
    """(In a worker thread.) End the device turn unless its pupil became active again meanwhile."""
    if bot.current_pupil(chat_id, now) is not None:
        return None
    return bot.sign_out_from_device(chat_id)


async def sign_out_idle(application, now=None):
    """Sign out every device pupil idle for too long and delete their turn; returns the chats done."""
    done = []
    for chat_id in await bridge.call(application, bot.idle_device_chats, now):
        message_ids = await bridge.call(application, _sign_out_if_idle, chat_id, now)
        if message_ids is None:
            continue
        chat_data = application.chat_data.get(int(chat_id))
        if chat_data is not None:
            chat_data.pop(WAITING, None)
        for message_id in message_ids:
            await guard.delete(application.bot, chat_id, message_id)
        try:
            message = await guard.send(application.bot, chat_id, texts.DEVICE_IDLE_SIGNED_OUT)
            await bridge.call(application, bot.record_message, chat_id, message.message_id)
        except TelegramError as exc:
            log.warning("Could not greet the next pupil in chat %s: %r", chat_id, exc)
        done.append(chat_id)
    return done


async def wipe_leftovers(application):
    """Delete the recorded turns of chats that are no shared device any more; returns the chats done."""
    done = []
    for chat_id in await bridge.call(application, bot.chats_with_leftover_messages):
        for message_id in await bridge.call(application, bot.take_recorded_messages, chat_id):
            await guard.delete(application.bot, chat_id, message_id)
        done.append(chat_id)
    return done


async def tell_helped(application, now=None):
    """Tell pupils whose question the assistant has handled; returns the number told."""
    told = 0
    for answer in await bridge.call(application, bot.help_notices_due, now):
        try:
            message = await guard.send(
                application.bot,
                answer.chat_id,
                texts.HELPED.format(title=answer.goal_title or "je doel"),
                reply_markup=keyboards.back(),
            )
        except TelegramError as exc:
            log.warning("Could not tell chat %s that its question was handled: %r", answer.chat_id, exc)
            continue
        await bridge.call(application, bot.record_message, answer.chat_id, message.message_id, answer.pupil)
        told += 1
    return told


async def idle_job(context):
    """JobQueue callback for sign_out_idle and wipe_leftovers."""
    await sign_out_idle(context.application)
    await wipe_leftovers(context.application)


async def help_job(context):
    """JobQueue callback for tell_helped."""
    await tell_helped(context.application)
