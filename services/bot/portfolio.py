"""The pupil bot's "Mijn portfolio" (issue 17): evidence on a goal, stars in an open rating round, and the
preparation of a coming reflection conversation. Only ever the speaking pupil's own portfolio: `pupil` is the
User that devices.current_pupil returned for the chat, and every id from a button is checked again here.

The work itself is services.portfolio's (the one store of evidence, the rating rules); this module gives the
bot what it shows, as plain values.
"""

import dataclasses
import datetime as dt

from .. import portfolio
from ..errors import DomainError
from .goals import _plan_goal

PREPARATION_KEYS = tuple(portfolio.PREPARATION)  # button 1, 2, 3 are these questions


@dataclasses.dataclass(frozen=True)
class BotSkill:
    skill_id: int
    name: str
    stars: int | None  # the pupil's stars in the open round's period, None when not given yet


@dataclasses.dataclass(frozen=True)
class BotConversation:
    held_on: dt.date
    answers: list  # [(question, answer or "")] in PREPARATION's order


@dataclasses.dataclass(frozen=True)
class BotPortfolio:
    round_until: dt.date | None  # the open rating round's last day; None when no round is open
    skills: list  # [BotSkill]
    conversation: BotConversation | None  # the coming conversation to prepare, if any


def portfolio_for_bot(pupil):
    """What "Mijn portfolio" offers the pupil now."""
    round_ = portfolio.open_round_for(pupil)
    skills = [BotSkill(s.id, s.name, s.now["pupil"]) for s in portfolio.skills_of(pupil, pupil)] if round_ else []
    coming = portfolio.coming_conversation(pupil)
    conversation = None
    if coming is not None:
        answers = [(question, getattr(coming, key)) for key, question in portfolio.PREPARATION.items()]
        conversation = BotConversation(coming.held_on, answers)
    return BotPortfolio(round_.closes_on if round_ else None, skills, conversation)


def rate_skill(pupil, skill_id, stars):
    """The pupil's stars for one of their skills, in the open round (DomainError without one)."""
    return portfolio.rate_skill(pupil, pupil, skill_id, "pupil", stars)


def add_evidence_note(pupil, goal_id, text):
    """A written piece of evidence on a goal of the pupil's plan (also in the goal's chat): the Document."""
    plan_goal = _plan_goal(pupil, goal_id)
    if not (text or "").strip():
        raise DomainError("Je bericht is leeg. Schrijf wat je hebt gemaakt.")
    return portfolio.add_evidence(pupil, pupil, plan_goal.goal_id, note=text, channel="bot")


def preparation_question(number):
    """The preparation question behind button `number` (1, 2, 3); DomainError for any other."""
    try:
        return portfolio.PREPARATION[PREPARATION_KEYS[int(number) - 1]]
    except (TypeError, ValueError, IndexError):
        raise DomainError("Die vraag ken ik niet.") from None


def prepare_answer(pupil, number, text):
    """The pupil's answer to preparation question `number` (1, 2, 3) of their coming conversation."""
    preparation_question(number)
    coming = portfolio.coming_conversation(pupil)
    if coming is None:
        raise DomainError("Er staat nu geen leergesprek voor je klaar.")
    if not (text or "").strip():
        raise DomainError("Je antwoord is leeg. Schrijf het in één bericht.")
    return portfolio.prepare(pupil, coming, **{PREPARATION_KEYS[int(number) - 1]: text})
