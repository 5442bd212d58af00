"""Handlers for what a chat sends: commands, text, photos and files, and everything else.

An unlinked chat only ever gets the linking instructions (text shaped like a code is tried as a link code,
for a child who leaves out /start). On a shared device with nobody signed in, text is taken as a pupil code;
text shaped like a pupil code (8 letters and digits) while someone is still signed in ends that turn and
signs the new pupil in. Text from a pupil is a progress note only right after "Wat heb ik gedaan?" (for
WAIT_MINUTES, chat.py); a photo is evidence only right after "Foto toevoegen" (or while a note is awaited);
otherwise the pupil gets a hint.
"""

import logging

from telegram.error import TelegramError

from chatbot import bridge, buttons, guard, keyboards, portfolio, texts
from chatbot.chat import Chat
from services import bot
from services.bot import DeviceRefused, LinkRefused
from services.errors import DomainError

log = logging.getLogger("chatbot")


async def open_chat(update, context):
    """The Chat of a pupil, or None after answering a chat that cannot do anything yet."""
    chat = await Chat.open(update, context)
    if not chat.linked:
        await chat.say(texts.NOT_LINKED)
        return None
    if chat.device and chat.pupil is None:
        await chat.say(texts.DEVICE_IDLE_SIGNED_OUT if chat.speaker.ended_turn else texts.DEVICE_NOT_SIGNED_IN)
        return None
    return chat


async def start(update, context):
    """/start [CODE]: link the chat with a one-time code, or show where we are."""
    chat = await Chat.open(update, context)
    code = " ".join(context.args or [])
    if code and not await link_with(chat, update.message, code):
        return
    if not chat.linked:
        await chat.say(texts.NOT_LINKED)
    elif chat.device and chat.pupil is None:
        await chat.say(texts.DEVICE_IDLE_SIGNED_OUT if chat.speaker.ended_turn else texts.DEVICE_WELCOME)
    else:
        await chat.menu(hello=True)


async def link_with(chat, message, code):
    """Link the chat with a one-time code (from /start CODE, or typed alone); False when the code is refused
    or the chat became a device (which then waits for a pupil code)."""
    context = chat.context
    was_device = chat.device
    if was_device:  # a code must not stay readable on a shared tablet
        await guard.delete(context.bot, chat.chat_id, message.message_id)
    try:
        await bridge.call(context, bot.link_chat, chat.chat_id, code)
    except LinkRefused as exc:
        await chat.say(str(exc) + ("\n\n" + texts.DEVICE_CODE_WITHOUT_START if was_device else ""))
        return False
    if was_device:  # linked anew: the turn that was on the tablet goes first
        await chat.delete(await bridge.call(context, bot.take_recorded_messages, chat.chat_id))
    chat.forget()
    await chat.refresh()
    if chat.device:
        await chat.record(message)  # the teacher's /start goes with the first turn
        await chat.say(texts.LINKED_DEVICE.format(group=chat.speaker.group_name) + "\n\n" + texts.DEVICE_WELCOME)
        return False
    await chat.say(texts.LINKED_PERSONAL)
    return True


async def menu(update, context):
    """/menu: the main menu."""
    chat = await open_chat(update, context)
    if chat:
        chat.forget()
        await chat.menu()


async def goals(update, context):
    """/doelen: my goals."""
    chat = await open_chat(update, context)
    if chat:
        await buttons.show_goals(chat, None)


async def done(update, context):
    """/klaar: sign out of a shared device (a personal chat just gets the menu)."""
    chat = await open_chat(update, context)
    if chat and chat.device:
        await chat.end_turn(texts.DEVICE_SIGNED_OUT)
    elif chat:
        chat.forget()
        await chat.menu()


async def unknown_command(update, context):
    """Any other command: a hint."""
    chat = await open_chat(update, context)
    if chat:
        await chat.say(texts.UNKNOWN_COMMAND, keyboards.menu(chat.device, chat.pupil.bot_reminders))


async def text(update, context):
    """Plain text: a pupil code on an empty device, a progress note when one is awaited, else a hint."""
    chat = await Chat.open(update, context)
    if chat.device and chat.pupil is None and chat.speaker.kind:
        if chat.speaker.ended_turn and not bot.looks_like_code(update.message.text):
            await chat.say(texts.DEVICE_IDLE_SIGNED_OUT)
        else:  # a code right after an idle turn ended signs in too: it must not stay readable
            await sign_in(chat, update.message)
        return
    if not chat.linked:
        if bot.looks_like_code(update.message.text):  # the code typed without /start: fine too
            if await link_with(chat, update.message, update.message.text):
                await chat.menu(hello=True)
            return
        await chat.say(texts.NOT_LINKED)
        return
    if chat.device and bot.looks_like_code(update.message.text):
        # A pupil code while someone is still signed in: the next pupil found the tablet as it was left.
        # The old turn is wiped first, so the code is never kept as the old pupil's note.
        await chat.wipe_turn()
        await sign_in(chat, update.message)
        return
    what, goal_id = chat.waiting()
    if what in portfolio.TEXT_WAITS:  # a note as evidence, or a preparation answer
        await portfolio.on_text(chat, what, goal_id, update.message.text)
        return
    if what != "note":
        await chat.say(
            texts.CHOOSE_GOAL_FIRST if what is None else texts.ASK_PHOTO_AGAIN,
            keyboards.menu(chat.device, chat.pupil.bot_reminders)
            if what is None
            else keyboards.back(goal_id, chat.device),
        )
        return
    try:
        await bridge.call(context, bot.post_progress_note, chat.pupil, goal_id, update.message.text)
    except DomainError as exc:
        await chat.say(str(exc), keyboards.back(goal_id, chat.device))
        return
    chat.forget()
    if chat.device:
        await chat.end_turn(texts.DEVICE_NOTE_THEN_OUT)
    else:
        await chat.say(texts.NOTE_SAVED, keyboards.goal(goal_id))


async def sign_in(chat, message):
    """A pupil types their code on a shared device; the code's message is deleted at once either way."""
    try:
        pupil = await bridge.call(chat.context, bot.sign_in_on_device, chat.chat_id, message.text)
    except DeviceRefused as exc:
        await guard.delete(chat.context.bot, chat.chat_id, message.message_id)
        await chat.say(str(exc))
        return
    await guard.delete(chat.context.bot, chat.chat_id, message.message_id)
    chat.forget()
    await chat.refresh()
    if chat.pupil is None or chat.pupil.id != pupil.id:  # pragma: no cover - signed out meanwhile
        await chat.say(texts.DEVICE_WELCOME)
        return
    await chat.say(texts.DEVICE_SIGNED_IN.format(name=chat.pupil.first_name))
    await chat.menu()


async def photo(update, context):
    """A photo (or an image sent as a file): evidence for the goal the pupil chose."""
    chat = await open_chat(update, context)
    if chat is None:
        return
    what, goal_id = chat.waiting()
    if what is None or (what in portfolio.TEXT_WAITS and what not in portfolio.PHOTO_WAITS):
        await chat.say(texts.CHOOSE_GOAL_FIRST, keyboards.menu(chat.device, chat.pupil.bot_reminders))
        return
    message = update.message
    if message.photo:
        item, filename, content_type = message.photo[-1], "foto.jpg", "image/jpeg"  # the largest size
    else:
        item, filename, content_type = message.document, message.document.file_name, message.document.mime_type
        if not (content_type or "").startswith("image/"):
            await chat.say(texts.PHOTO_NOT_AN_IMAGE, keyboards.back(goal_id, chat.device))
            return
    if item.file_size and item.file_size > bot.EVIDENCE_MAX_BYTES:
        await chat.say(texts.PHOTO_TOO_BIG, keyboards.back(goal_id, chat.device))
        return
    try:
        file = await item.get_file()
        data = bytes(await file.download_as_bytearray())
    except TelegramError as exc:
        log.warning("Could not fetch a photo from chat %s: %r", chat.chat_id, exc)
        await chat.say(texts.PHOTO_FAILED, keyboards.back(goal_id, chat.device))
        return
    try:
        await bridge.call(
            context,
            bot.add_evidence,
            chat.pupil,
            goal_id,
            data,
            filename,
            content_type,
            upload_folder=bridge.setting(context, "UPLOAD_FOLDER"),
            caption=message.caption or "",
        )
    except DomainError as exc:
        await chat.say(str(exc), keyboards.back(goal_id, chat.device))
        return
    chat.forget()
    await chat.say(texts.PHOTO_SAVED, keyboards.goal(goal_id, chat.device))


async def other(update, context):
    """Stickers, voice messages, locations ...: a hint."""
    chat = await open_chat(update, context)
    if chat:
        await chat.say(texts.SEND_TEXT, keyboards.menu(chat.device, chat.pupil.bot_reminders))
