"""The bot's "Mijn portfolio" (issue 17): a photo or a note as evidence on a goal, stars for one's skills while
the teacher has a rating round open, and the answers to the preparation questions of a coming reflection
conversation. Taps arrive through buttons.on_button (action "f", portfolio_keyboards.parse); typed answers
through handlers.text while the chat waits for one (`TEXT_WAITS`); photos through handlers.photo.

Everything is about the speaking pupil only, and on a shared tablet every message is recorded by chat.py and
deleted with the turn, so the next pupil never sees this portfolio.
"""

from chatbot import bridge, texts
from chatbot import portfolio_keyboards as keys
from services import bot
from services.bot import portfolio as bot_portfolio
from services.errors import DomainError

EVIDENCE, PREPARE = "evidence", "prepare"
TEXT_WAITS = (EVIDENCE, PREPARE)  # what a typed message answers here (chat.wait_for)
PHOTO_WAITS = (EVIDENCE,)


async def on_press(chat, query, press):
    """Route a portfolio tap (a Press of portfolio_keyboards)."""
    if press.what is None:
        await show(chat, query)
    elif press.what == "b":
        await evidence(chat, query, press.id)
    elif press.what == "s":
        await rate(chat, query, press.id, press.stars)
    else:
        await prepare(chat, query, press.id)


async def show(chat, query, notice=None):
    """The portfolio's menu, with what is open now (a round, a coming conversation)."""
    chat.forget()
    offer = await bridge.call(chat.context, bot_portfolio.portfolio_for_bot, chat.pupil)
    lines = [notice] if notice else []
    lines.append(texts.PORTFOLIO)
    if offer.round_until:
        lines.append(texts.PORTFOLIO_ROUND.format(until=f"{offer.round_until:%d-%m}"))
    if offer.conversation:
        lines.append(texts.PORTFOLIO_CONVERSATION.format(day=f"{offer.conversation.held_on:%d-%m}"))
    await chat.show(query, "\n\n".join(lines), keys.portfolio(offer, chat.device))


async def evidence(chat, query, goal_id):
    """Choose the goal, then wait for a photo or a note on it."""
    if goal_id is None:
        chat.forget()
        goals = await bridge.call(chat.context, bot.goals_for_bot, chat.pupil)
        if not goals:
            await chat.show(query, texts.NO_GOALS, keys.back(chat.device))
            return
        await chat.show(query, texts.CHOOSE_EVIDENCE_GOAL, keys.evidence_goals(goals, chat.device))
        return
    goal = await bridge.call(chat.context, bot.goal_for_bot, chat.pupil, goal_id)
    chat.wait_for(EVIDENCE, goal.goal_id)
    await chat.show(query, texts.ASK_EVIDENCE.format(title=goal.title), keys.back(chat.device))


async def rate(chat, query, skill_id, stars):
    """The pupil's skills (with this round's stars), then 1-3 stars for one, then saved."""
    chat.forget()
    offer = await bridge.call(chat.context, bot_portfolio.portfolio_for_bot, chat.pupil)
    if not offer.round_until:
        await chat.show(query, texts.NO_ROUND, keys.back(chat.device))
        return
    if not offer.skills:
        await chat.show(query, texts.NO_SKILLS, keys.back(chat.device))
        return
    skill = next((s for s in offer.skills if s.skill_id == skill_id), None)
    if skill_id is None or skill is None:
        await chat.show(query, texts.CHOOSE_SKILL, keys.skills(offer.skills, chat.device))
        return
    if stars is None:
        await chat.show(query, texts.ASK_STARS.format(skill=skill.name), keys.stars(skill.skill_id, chat.device))
        return
    await bridge.call(chat.context, bot_portfolio.rate_skill, chat.pupil, skill.skill_id, stars)
    offer = await bridge.call(chat.context, bot_portfolio.portfolio_for_bot, chat.pupil)
    await chat.show(
        query,
        texts.STARS_SAVED.format(stars=texts.STARS_SHOWN[stars], skill=skill.name) + "\n\n" + texts.CHOOSE_SKILL,
        keys.skills(offer.skills, chat.device),
    )


async def prepare(chat, query, number):
    """The three preparation questions with what the pupil answered so far; a question waits for its answer."""
    chat.forget()
    offer = await bridge.call(chat.context, bot_portfolio.portfolio_for_bot, chat.pupil)
    conversation = offer.conversation
    if conversation is None:
        await chat.show(query, texts.NO_CONVERSATION, keys.back(chat.device))
        return
    if number is None:
        await chat.show(query, preparation_text(conversation), keys.preparation(conversation, chat.device))
        return
    question = bot_portfolio.preparation_question(number)
    chat.wait_for(PREPARE, number)
    await chat.show(query, texts.ASK_PREPARATION.format(question=question), keys.back(chat.device))


def preparation_text(conversation):
    lines = [texts.PREPARATION.format(day=f"{conversation.held_on:%d-%m}")]
    for question, answer in conversation.answers:
        lines += ["", question, answer or texts.NOT_ANSWERED]
    return "\n".join(lines)


async def on_text(chat, what, waiting_id, text):
    """A typed message while the chat waits for a note as evidence or a preparation answer."""
    try:
        if what == EVIDENCE:
            await bridge.call(chat.context, bot_portfolio.add_evidence_note, chat.pupil, waiting_id, text)
        else:
            await bridge.call(chat.context, bot_portfolio.prepare_answer, chat.pupil, waiting_id, text)
    except DomainError as exc:
        await chat.say(str(exc), keys.back(chat.device))
        return
    chat.forget()
    if what == EVIDENCE:
        await show(chat, None, notice=texts.EVIDENCE_SAVED)
        return
    offer = await bridge.call(chat.context, bot_portfolio.portfolio_for_bot, chat.pupil)
    notice = texts.PREPARATION_SAVED + "\n\n" + preparation_text(offer.conversation)
    await chat.say(notice, keys.preparation(offer.conversation, chat.device))
