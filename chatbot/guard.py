"""Keeping the bot up: flood control per chat, Telegram calls retried where that is safe, one error handler.

- A chat that sends more than `limit` updates within `seconds` gets one calm "rustig aan" and is ignored
  until it slows down (the counter keeps running while it floods).
- sendMessage is retried only after RetryAfter (Telegram's own flood limit: nothing was sent); after a
  time-out the message may have arrived, so it is not sent twice. deleteMessage is retried on network
  errors and time-outs too: deleting twice is harmless, and a shared device's turn must really disappear.
- Whatever a handler raises reaches `on_error`, which logs it (chat id and update id, never the pupil's
  text) and, when the failure was ours rather than Telegram's, tells the pupil something went wrong.
"""

import asyncio
import collections
import datetime as dt
import logging
import time
import warnings

from telegram.error import BadRequest, Forbidden, NetworkError, RetryAfter, TelegramError, TimedOut
from telegram.warnings import PTBDeprecationWarning

from chatbot import texts

log = logging.getLogger("chatbot")

RETRIES = 3
MAX_RETRY_WAIT = 30  # seconds; a longer RetryAfter gives up instead of stalling every chat
BACKOFF = 0.5


class FloodGuard:
    """A sliding window of update times per chat, in this process's memory."""

    def __init__(self, limit=12, seconds=10, clock=time.monotonic):
        self.limit, self.seconds, self.clock = limit, seconds, clock
        self._seen = collections.defaultdict(collections.deque)
        self._warned = set()

    def allow(self, chat_id):
        """Count one update of `chat_id`; False while the chat sends more than the limit."""
        now = self.clock()
        seen = self._seen[chat_id]
        while seen and seen[0] <= now - self.seconds:
            seen.popleft()
        seen.append(now)
        if len(seen) <= self.limit:
            self._warned.discard(chat_id)
            return True
        return False

    def warn_once(self, chat_id):
        """True the first time a flooding chat is stopped (so it hears "rustig aan" once, not each time)."""
        if chat_id in self._warned:
            return False
        self._warned.add(chat_id)
        return True


def _seconds(error):
    """RetryAfter's wait in seconds (an int in PTB 22, a timedelta later)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", PTBDeprecationWarning)
        retry_after = error.retry_after
    if isinstance(retry_after, dt.timedelta):
        return retry_after.total_seconds()
    return float(retry_after)


async def send(bot, chat_id, text, reply_markup=None):
    """sendMessage; waits and tries again after RetryAfter. Other errors are raised to the error handler."""
    for attempt in range(RETRIES):
        try:
            return await bot.send_message(chat_id, text, reply_markup=reply_markup)
        except RetryAfter as exc:
            wait = _seconds(exc)
            if attempt == RETRIES - 1 or wait > MAX_RETRY_WAIT:
                raise
            log.warning("Telegram asks to wait %.0f s before sending to chat %s", wait, chat_id)
            await asyncio.sleep(wait)
    return None  # pragma: no cover - the loop returns or raises


async def delete(bot, chat_id, message_id):
    """deleteMessage, retried on network errors; True when the message is gone (or was already)."""
    for attempt in range(RETRIES):
        try:
            await bot.delete_message(chat_id, message_id)
            return True
        except BadRequest as exc:  # already deleted, or too old to delete: nothing more to do
            log.info("Message %s in chat %s not deleted: %s", message_id, chat_id, exc)
            return False
        except Forbidden as exc:
            log.warning("Chat %s blocked the bot; message %s stays: %s", chat_id, message_id, exc)
            return False
        except RetryAfter as exc:
            await asyncio.sleep(min(_seconds(exc), MAX_RETRY_WAIT))
        except (TimedOut, NetworkError) as exc:
            log.warning("Deleting message %s in chat %s failed (try %s): %s", message_id, chat_id, attempt + 1, exc)
            await asyncio.sleep(BACKOFF * (attempt + 1))
    log.error("Message %s in chat %s could not be deleted after %s tries", message_id, chat_id, RETRIES)
    return False


async def on_error(update, context):
    """Log what went wrong; tell the chat when it was our fault and Telegram is reachable."""
    error = context.error
    chat = getattr(update, "effective_chat", None)
    chat_id = chat.id if chat else None
    update_id = getattr(update, "update_id", None)
    if isinstance(error, (TimedOut, NetworkError, RetryAfter)):
        log.warning("Telegram API trouble (update %s, chat %s): %r", update_id, chat_id, error)
        return
    if isinstance(error, TelegramError):
        log.error("Telegram refused a call (update %s, chat %s): %r", update_id, chat_id, error)
        return
    log.error("Handling update %s of chat %s failed", update_id, chat_id, exc_info=error)
    if chat_id is not None:
        try:
            await context.bot.send_message(chat_id, texts.SOMETHING_WRONG)
        except TelegramError as exc:
            log.warning("Could not tell chat %s about the error: %r", chat_id, exc)
