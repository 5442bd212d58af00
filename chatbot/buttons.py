"""Handlers for taps on inline buttons (see keyboards.py for the callback data).

Every tap is answered (answerCallbackQuery), so the button stops spinning. Data that is not one of our
shapes gets a friendly notice and the menu; a goal id is checked by the services against the speaking
pupil's own plan, so a tampered id finds nothing and writes nothing.
"""

import logging

from telegram.error import TelegramError

from chatbot import bridge, keyboards, portfolio, portfolio_keyboards, texts
from chatbot.chat import Chat
from services import bot
from services.errors import DomainError

log = logging.getLogger("chatbot")


async def _answer(query, text=None):
    """Stop the button's spinner (with a short notice); a failure here must not stop the action."""
    try:
        await query.answer(text)
    except TelegramError as exc:
        log.warning("Could not answer a button tap: %r", exc)


async def on_button(update, context):
    """Route a tap to its action, after checking who is speaking and what the data says."""
    query = update.callback_query
    chat = await Chat.open(update, context)
    press = keyboards.parse(query.data) or portfolio_keyboards.parse(query.data)
    if not chat.linked:
        await _answer(query)
        await chat.say(texts.NOT_LINKED)
        return
    if chat.device and chat.pupil is None:
        await _answer(query, texts.DEVICE_NOT_SIGNED_IN)
        await chat.say(texts.DEVICE_IDLE_SIGNED_OUT if chat.speaker.ended_turn else texts.DEVICE_WELCOME)
        return
    if press is None:
        await _answer(query, texts.UNKNOWN_BUTTON)
        await chat.menu()
        return
    await _answer(query)
    try:
        await ACTIONS[press.action](chat, query, press)
    except DomainError as exc:  # a goal not on this pupil's plan, a rating out of range ...
        await chat.show(query, str(exc), keyboards.back(None, chat.device))


async def show_menu(chat, query, press=None):
    chat.forget()
    await chat.menu(query)


async def show_goals(chat, query, press=None):
    chat.forget()
    goals = await bridge.call(chat.context, bot.goals_for_bot, chat.pupil)
    if not goals:
        await chat.show(query, texts.NO_GOALS, keyboards.back(None, chat.device))
        return
    await chat.show(query, texts.GOALS, keyboards.goals(goals, device=chat.device))


def goal_text(goal):
    lines = [texts.GOAL.format(title=goal.title, subject=goal.subject, status=goal.status_name), ""]
    if goal.steps:
        lines.append(texts.STEPS)
        lines += [f"{n}. {step}" for n, step in enumerate(goal.steps, 1)]
    else:
        lines.append(texts.NO_STEPS)
    return "\n".join(lines)


async def _goal(chat, press):
    """The pupil's own goal behind the pressed id (NotFound for any other id)."""
    return await bridge.call(chat.context, bot.goal_for_bot, chat.pupil, press.goal_id)


async def show_goal(chat, query, press):
    if press.goal_id is None:
        await show_goals(chat, query)
        return
    goal = await _goal(chat, press)
    chat.forget()
    await chat.show(query, goal_text(goal), keyboards.goal(goal.goal_id, chat.device))


async def ask_note(chat, query, press):
    goal = await _goal(chat, press)
    chat.wait_for("note", goal.goal_id)
    await chat.show(query, texts.ASK_NOTE.format(title=goal.title), keyboards.back(goal.goal_id, chat.device))


async def ask_photo(chat, query, press):
    goal = await _goal(chat, press)
    chat.wait_for("photo", goal.goal_id)
    await chat.show(query, texts.ASK_PHOTO.format(title=goal.title), keyboards.back(goal.goal_id, chat.device))


async def rate(chat, query, press):
    """Three small steps: effort, then quality, then save."""
    goal = await _goal(chat, press)
    chat.forget()
    if press.effort is None:
        await chat.show(query, texts.ASK_EFFORT.format(title=goal.title), keyboards.effort(goal.goal_id))
    elif press.quality is None:
        await chat.show(query, texts.ASK_QUALITY, keyboards.quality(goal.goal_id, press.effort))
    else:
        await bridge.call(chat.context, bot.rate_goal, chat.pupil, goal.goal_id, press.effort, press.quality)
        await chat.show(query, texts.RATED, keyboards.goal(goal.goal_id, chat.device))


async def ask_help(chat, query, press):
    goal = await _goal(chat, press)
    await bridge.call(chat.context, bot.ask_for_help, chat.pupil, goal.goal_id)
    await chat.show(query, texts.HELP_ASKED.format(title=goal.title), keyboards.goal(goal.goal_id, chat.device))


def lesson_lines(lesson):
    """A lesson of today, and under it each of its goals with the pupil's own status."""
    line = texts.LESSON.format(start=f"{lesson.start:%H:%M}", end=f"{lesson.end:%H:%M}", title=lesson.title)
    lines = [line + (f" ({lesson.room})" if lesson.room else "")]
    for goal in lesson.goals:
        if goal.status_name:
            lines.append(texts.LESSON_GOAL.format(title=goal.title, symbol=goal.symbol, status=goal.status_name))
        else:
            lines.append(texts.LESSON_GOAL_NOT_ON_PLAN.format(title=goal.title))
    return lines


async def show_lessons(chat, query, press):
    lessons = await bridge.call(chat.context, bot.lessons_today, chat.pupil)
    if not lessons:
        text = texts.NO_LESSONS
    else:
        text = "\n".join([texts.LESSONS] + [line for lesson in lessons for line in lesson_lines(lesson)])
    await chat.show(query, text, keyboards.back(None, chat.device))


async def show_week(chat, query, press):
    """Mijn week; with a goal, tick it off (or take the tick back) first."""
    chat.forget()
    said = ""
    if press is not None and press.goal_id is not None:
        goal, week = await bridge.call(chat.context, bot.toggle_week_goal, chat.pupil, press.goal_id)
        said = (texts.WEEK_TICKED if goal.done else texts.WEEK_UNTICKED).format(title=goal.title) + "\n\n"
    else:
        week = await bridge.call(chat.context, bot.week_for_bot, chat.pupil)
    if not week.goals:
        await chat.show(query, texts.NO_WEEK_GOALS, keyboards.back(None, chat.device))
        return
    text = said + texts.WEEK.format(week=week.label, done=week.done, total=len(week.goals))
    await chat.show(query, text, keyboards.week(week.goals, chat.device))


async def toggle_reminders(chat, query, press):
    on = not chat.pupil.bot_reminders
    chat.speaker.pupil = await bridge.call(chat.context, bot.set_reminders, chat.pupil, on)
    await chat.show(
        query, texts.REMINDERS_ON if on else texts.REMINDERS_OFF, keyboards.menu(chat.device, chat.pupil.bot_reminders)
    )


async def finish(chat, query, press):
    """Klaar: on a device the turn ends and is wiped; a personal chat just gets the menu."""
    if chat.device:
        await chat.end_turn(texts.DEVICE_SIGNED_OUT)
    else:
        await show_menu(chat, query)


ACTIONS = {
    "m": show_menu,
    "g": show_goal,
    "n": ask_note,
    "p": ask_photo,
    "r": rate,
    "h": ask_help,
    "l": show_lessons,
    "w": show_week,
    "t": toggle_reminders,
    "k": finish,
    portfolio_keyboards.ACTION: portfolio.on_press,  # "Mijn portfolio"
}
