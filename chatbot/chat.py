"""One chat while the bot handles one update: who is speaking, what the chat waits for, and answering.

`Chat.open` asks the services who speaks for the chat (nobody, the linked pupil, or the pupil signed in on
a shared device) and, on a device, records the incoming message and the activity in the same thread. Every
answer goes through `say`/`show`, which record the bot's own messages on a device, so that `end_turn` can
delete the whole turn (`sign_out_from_device`) and the next pupil cannot scroll back into it.

What the chat waits for (a note, a photo) lives in the chat's `chat_data`, tied to the pupil who chose it:
on a device another pupil never inherits it. It expires after WAIT_MINUTES, so that a pupil who tapped
"Wat heb ik gedaan?" and walked away does not post tomorrow's "hoi" as a progress note.
"""

import logging
import time
from dataclasses import dataclass, field

from telegram.error import BadRequest

from chatbot import bridge, guard, keyboards, texts
from services import bot

log = logging.getLogger("chatbot")

WAITING = "waiting"
KIND = "kind"  # cached link kind, so that a flooding device chat is still recorded without a lookup
WAIT_MINUTES = 30  # a chosen note or photo is forgotten after this long (about one learning-square block)


@dataclass
class Speaker:
    """Who speaks for a chat right now. `pupil` is None for an unlinked chat or an empty device."""

    chat_id: int
    kind: str = None  # None (not linked), "personal" or "device"
    pupil: object = None
    group_name: str = ""
    ended_turn: list = field(default_factory=list)  # an idle turn just ended: its message ids to delete


def who_is_speaking(chat_id, message_id=None):
    """(In a worker thread.) The Speaker of `chat_id`; on a device the incoming message is recorded."""
    link = bot.link_for_chat(chat_id)
    if link is None:
        return Speaker(chat_id)
    if link.kind == "personal":
        pupil = bot.current_pupil(chat_id)
        return Speaker(chat_id, "personal" if pupil else None, pupil)
    pupil = bot.current_pupil(chat_id)
    ended = []
    if pupil is None and link.signed_in_pupil_id is not None:  # idle too long: that turn is over
        ended = bot.sign_out_from_device(chat_id)
    if message_id is not None:
        bot.record_message(chat_id, message_id, pupil)
    if pupil is not None:
        bot.touch(chat_id)
    return Speaker(chat_id, "device", pupil, link.group.name, ended)


class Chat:
    """The chat of the update being handled, with the services' view of who speaks."""

    def __init__(self, context, speaker):
        self.context = context
        self.speaker = speaker

    @classmethod
    async def open(cls, update, context):
        chat_id = update.effective_chat.id
        message_id = update.message.message_id if update.message else None
        speaker = await bridge.call(context, who_is_speaking, chat_id, message_id)
        context.chat_data[KIND] = speaker.kind
        chat = cls(context, speaker)
        if speaker.ended_turn:
            await chat.delete(speaker.ended_turn)
            chat.forget()
        return chat

    async def refresh(self):
        """Ask again who speaks (after linking or signing in)."""
        self.speaker = await bridge.call(self.context, who_is_speaking, self.chat_id)
        self.context.chat_data[KIND] = self.speaker.kind

    @property
    def chat_id(self):
        return self.speaker.chat_id

    @property
    def pupil(self):
        return self.speaker.pupil

    @property
    def linked(self):
        return self.speaker.kind is not None

    @property
    def device(self):
        return self.speaker.kind == "device"

    # --- What the chat waits for ----------------------------------------------------------------------

    def wait_for(self, what, goal_id):
        self.context.chat_data[WAITING] = {
            "pupil": self.pupil.id,
            "what": what,
            "goal": goal_id,
            "since": time.monotonic(),
        }

    def waiting(self):
        """(what, goal id) this pupil chose last, or (None, None) when nothing was chosen, or by someone else,
        or longer than WAIT_MINUTES ago."""
        waiting = self.context.chat_data.get(WAITING)
        if not waiting or self.pupil is None or waiting["pupil"] != self.pupil.id:
            return None, None
        if time.monotonic() - waiting["since"] > WAIT_MINUTES * 60:
            self.forget()
            return None, None
        return waiting["what"], waiting["goal"]

    def forget(self):
        self.context.chat_data.pop(WAITING, None)

    # --- Answering ------------------------------------------------------------------------------------

    async def record(self, message):
        if self.device and message is not None:
            await bridge.call(self.context, bot.record_message, self.chat_id, message.message_id, self.pupil)

    async def say(self, text, keyboard=None):
        """Send a new message (recorded on a device)."""
        message = await guard.send(self.context.bot, self.chat_id, text, reply_markup=keyboard)
        await self.record(message)
        return message

    async def show(self, query, text, keyboard=None):
        """Replace the message whose button was tapped; a new message when it cannot be edited."""
        if query is not None and query.message is not None:
            try:
                return await query.edit_message_text(text, reply_markup=keyboard)
            except BadRequest as exc:  # too old, deleted, or unchanged: say it anew
                log.info("Could not edit message in chat %s: %s", self.chat_id, exc)
        return await self.say(text, keyboard)

    async def menu(self, query=None, hello=False):
        text = texts.MENU_HELLO.format(name=self.pupil.first_name) if hello else texts.MENU
        return await self.show(query, text, keyboards.menu(self.device, self.pupil.bot_reminders))

    async def delete(self, message_ids):
        for message_id in message_ids:
            await guard.delete(self.context.bot, self.chat_id, message_id)

    async def wipe_turn(self):
        """Sign the pupil out of the device and delete the turn's messages."""
        ids = await bridge.call(self.context, bot.sign_out_from_device, self.chat_id)
        self.forget()
        await self.delete(ids)
        self.speaker = Speaker(self.chat_id, "device", None, self.speaker.group_name)

    async def end_turn(self, farewell):
        """Wipe the turn, then greet the next pupil."""
        await self.wipe_turn()
        await self.say(farewell)
