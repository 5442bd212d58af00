"""build_application(flask_app): the python-telegram-bot Application with every handler and job.

All registration lives here; the handlers are in handlers.py (what a chat sends) and buttons.py (taps).
Handler group -1 runs first for every update: it drops anything that is not a private chat and stops a
chat that floods the bot (guard.FloodGuard).
"""

import logging

from telegram import BotCommand, Update
from telegram.error import TelegramError
from telegram.ext import (
    Application,
    ApplicationHandlerStop,
    CallbackQueryHandler,
    CommandHandler,
    MessageHandler,
    TypeHandler,
    filters,
)

from chatbot import background, bridge, buttons, guard, handlers, reminders, texts
from chatbot.chat import KIND
from services import bot

log = logging.getLogger("chatbot")

FLOOD = "flood_guard"
COMMANDS = [
    BotCommand("start", "Beginnen, of koppelen met je code"),
    BotCommand("menu", "Het menu"),
    BotCommand("doelen", "Mijn doelen"),
    BotCommand("klaar", "Klaar: afmelden op een gedeelde tablet"),
]


async def _set_commands(application):
    try:
        await application.bot.set_my_commands(COMMANDS)
    except TelegramError as exc:  # the menu of commands is a nicety: never a reason not to start
        log.warning("Could not set the bot's commands: %r", exc)


async def check_flood(update, context):
    """Group -1: only private chats, and a calm "rustig aan" for a chat that sends too much."""
    chat = update.effective_chat
    if chat is None or chat.type != "private":
        raise ApplicationHandlerStop
    flood = context.bot_data[FLOOD]
    if flood.allow(chat.id):
        return
    device = context.chat_data.get(KIND) == "device"
    if device and update.message:  # even an ignored message must disappear with the turn
        await bridge.call(context, bot.record_message, chat.id, update.message.message_id)
    if flood.warn_once(chat.id):
        if update.callback_query:
            await update.callback_query.answer(texts.SLOW_DOWN)
        else:
            message = await guard.send(context.bot, chat.id, texts.SLOW_DOWN)
            if device:
                await bridge.call(context, bot.record_message, chat.id, message.message_id)
    raise ApplicationHandlerStop


def build_application(
    flask_app,
    token=None,
    api_url=None,
    flood=(12, 10),
    idle_check_seconds=30,
    help_check_seconds=5,
    reminder_check_seconds=reminders.INTERVAL_SECONDS,
    timeout=None,
):
    """The bot for `flask_app`'s school. Token and API URL default to the app's settings
    (TELEGRAM_BOT_TOKEN, TELEGRAM_API_URL); `flood` is (updates, seconds) per chat; `timeout` (seconds)
    bounds each Bot API call; the *_check_seconds say how often the background jobs run."""
    token = token or flask_app.config["TELEGRAM_BOT_TOKEN"]
    api_url = (api_url or flask_app.config.get("TELEGRAM_API_URL") or "").rstrip("/")
    builder = Application.builder().token(token).post_init(_set_commands)
    if api_url:
        builder = builder.base_url(api_url + "/bot").base_file_url(api_url + "/file/bot")
    if timeout:
        builder = (
            builder.connect_timeout(timeout)
            .read_timeout(timeout)
            .write_timeout(timeout)
            .pool_timeout(timeout)
            .media_write_timeout(timeout)
        )
    application = builder.build()
    application.bot_data[bridge.FLASK_APP] = flask_app
    application.bot_data[FLOOD] = guard.FloodGuard(*flood)

    application.add_handler(TypeHandler(Update, check_flood), group=-1)
    messages = filters.UpdateType.MESSAGE & filters.ChatType.PRIVATE
    application.add_handler(CommandHandler("start", handlers.start, filters=messages))
    application.add_handler(CommandHandler(["menu", "help"], handlers.menu, filters=messages))
    application.add_handler(CommandHandler("doelen", handlers.goals, filters=messages))
    application.add_handler(CommandHandler("klaar", handlers.done, filters=messages))
    application.add_handler(CallbackQueryHandler(buttons.on_button))
    application.add_handler(MessageHandler(messages & filters.COMMAND, handlers.unknown_command))
    application.add_handler(MessageHandler(messages & filters.TEXT, handlers.text))
    application.add_handler(MessageHandler(messages & (filters.PHOTO | filters.Document.ALL), handlers.photo))
    application.add_handler(MessageHandler(messages, handlers.other))
    application.add_error_handler(guard.on_error)

    application.job_queue.run_repeating(
        background.idle_job, interval=idle_check_seconds, first=idle_check_seconds, name="idle_devices"
    )
    application.job_queue.run_repeating(
        background.help_job, interval=help_check_seconds, first=help_check_seconds, name="help_notices"
    )
    application.job_queue.run_repeating(
        reminders.reminders_job, interval=reminder_check_seconds, first=reminder_check_seconds, name=reminders.JOB
    )
    return application
