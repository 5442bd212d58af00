"""The inline keyboards of "Mijn portfolio" and the callback data behind them (keyboards.py holds the rest of the
bot's). Data carries only ids and numbers, and `parse()` accepts only these shapes; every id is checked again
by services.bot.portfolio against the speaking pupil's own portfolio.

    f            my portfolio            f:b        evidence: choose a goal      f:b:ID    evidence for goal ID
    f:s          stars: my skills        f:s:ID     stars for skill ID           f:s:ID:N  give N stars (1-3)
    f:v          prepare my conversation f:v:N      answer preparation question N (1-3)
"""

import re
from dataclasses import dataclass

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from chatbot import texts

ACTION = "f"  # the one action of buttons.ACTIONS that this module's presses carry
_PATTERN = re.compile(r"^f(?::(?P<what>[bsv]))?(?::(?P<id>[1-9]\d{0,9}))?(?::(?P<stars>[1-3]))?$")
MAX_BUTTONS = 30
MAX_LABEL = 60


@dataclass(frozen=True)
class Press:
    """A parsed portfolio button press: `what` is None (the portfolio), "b", "s" or "v"."""

    what: str = None
    id: int = None
    stars: int = None
    action: str = ACTION


def parse(data):
    """The Press behind callback data, or None when the data is not one of these shapes."""
    match = _PATTERN.match(data or "")
    if not match:
        return None
    what, ident, stars = match["what"], match["id"], match["stars"]
    if (ident and not what) or (stars and what != "s") or (stars and not ident):
        return None
    if what == "v" and ident and int(ident) > 3:
        return None
    return Press(what, int(ident) if ident else None, int(stars) if stars else None)


def _button(label, data):
    label = label if len(label) <= MAX_LABEL else label[: MAX_LABEL - 1] + "…"
    return InlineKeyboardButton(label, callback_data=data)


def _closing(rows, device, back="m"):
    rows.append([_button(texts.BUTTON_BACK_TO_PORTFOLIO if back == ACTION else texts.BUTTON_MENU, back)])
    if device:
        rows.append([_button(texts.BUTTON_DONE, "k")])
    return InlineKeyboardMarkup(rows)


def portfolio(offer, device=False):
    """The portfolio's menu: evidence always; stars while a round is open; the conversation when one comes."""
    rows = [[_button(texts.BUTTON_EVIDENCE, "f:b")]]
    if offer.round_until:
        rows.append([_button(texts.BUTTON_STARS, "f:s")])
    if offer.conversation:
        rows.append([_button(texts.BUTTON_PREPARE, "f:v")])
    return _closing(rows, device)


def evidence_goals(bot_goals, device=False):
    rows = [[_button(goal.title, f"f:b:{goal.goal_id}")] for goal in bot_goals[:MAX_BUTTONS]]
    return _closing(rows, device, back=ACTION)


def skills(bot_skills, device=False):
    rows = [
        [_button(f"{skill.name} {texts.STARS_SHOWN.get(skill.stars, '')}".strip(), f"f:s:{skill.skill_id}")]
        for skill in bot_skills[:MAX_BUTTONS]
    ]
    return _closing(rows, device, back=ACTION)


def stars(skill_id, device=False):
    rows = [[_button(label, f"f:s:{skill_id}:{n}")] for n, label in texts.STAR_CHOICES.items()]
    return _closing(rows, device, back=ACTION)


def preparation(conversation, device=False):
    rows = [
        [_button(("✅ " if answer else "✏️ ") + question, f"f:v:{n}")]
        for n, (question, answer) in enumerate(conversation.answers, 1)
    ]
    return _closing(rows, device, back=ACTION)


def back(device=False):
    return _closing([], device, back=ACTION)
