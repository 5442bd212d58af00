"""Inline keyboards and the callback data behind their buttons.

Callback data carries only an action and ids, never a name or a text: "g:40" opens goal 40. Telegram hands
back whatever a client sends, so `parse()` accepts only the exact shapes below, and every id is checked
again by the services (a goal not on the speaking pupil's plan is refused there).

    m              the menu                 g          my goals          g:ID   one goal
    n:ID           write a progress note    p:ID       add a photo       h:ID   ask for help
    r:ID           how did it go: effort    r:ID:E     ... then quality  r:ID:E:Q  save the rating
    l              today's lessons          t          reminders on/off  k      done: sign out (device)
    w              my week                  w:ID       tick goal ID off (or take the tick back)
"""

import re
from dataclasses import dataclass

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from chatbot import texts

MAX_GOAL_BUTTONS = 30
MAX_LABEL = 60
_PATTERN = re.compile(
    r"^(?P<action>[mgnphrltkw])(?::(?P<goal>[1-9]\d{0,9}))?(?::(?P<effort>[1-3]))?"
    r"(?::(?P<quality>[1-3]))?$"
)
_WITH_GOAL = {"g", "n", "p", "h", "r", "w"}
_WITHOUT_GOAL = {"m", "g", "l", "t", "k", "w"}


@dataclass(frozen=True)
class Press:
    """A parsed button press."""

    action: str
    goal_id: int = None
    effort: int = None
    quality: int = None


def parse(data):
    """The Press behind callback data, or None when the data is not one of ours (tampered or outdated)."""
    match = _PATTERN.match(data or "")
    if not match:
        return None
    action, goal = match["action"], match["goal"]
    if goal is None and action not in _WITHOUT_GOAL:
        return None
    if goal is not None and action not in _WITH_GOAL:
        return None
    if (match["effort"] or match["quality"]) and action != "r":
        return None
    return Press(
        action,
        int(goal) if goal else None,
        int(match["effort"]) if match["effort"] else None,
        int(match["quality"]) if match["quality"] else None,
    )


def _button(label, data):
    return InlineKeyboardButton(label, callback_data=data)


def _short(text):
    return text if len(text) <= MAX_LABEL else text[: MAX_LABEL - 1] + "…"


def menu(device=False, reminders_on=True):
    rows = [[_button(texts.BUTTON_GOALS, "g")], [_button(texts.BUTTON_WEEK, "w")], [_button(texts.BUTTON_LESSONS, "l")]]
    rows.append([_button(texts.BUTTON_PORTFOLIO, "f")])  # chatbot/portfolio_keyboards.py
    if not device:
        label = texts.BUTTON_REMINDERS_OFF if reminders_on else texts.BUTTON_REMINDERS_ON
        rows.append([_button(label, "t")])
    if device:
        rows.append([_button(texts.BUTTON_DONE, "k")])
    return InlineKeyboardMarkup(rows)


def goals(bot_goals, action="g", device=False):
    """One button per goal (highlighted first, as the services order them), then the way back."""
    rows = [
        [_button(_short(("⭐ " if goal.status_key == "highlighted" else "") + goal.title), f"{action}:{goal.goal_id}")]
        for goal in bot_goals[:MAX_GOAL_BUTTONS]
    ]
    rows.append([_button(texts.BUTTON_MENU, "m")])
    if device:
        rows.append([_button(texts.BUTTON_DONE, "k")])
    return InlineKeyboardMarkup(rows)


def week(week_goals, device=False):
    """One button per goal of the week, ticked (✅) or not (⬜); a tap ticks it off or takes the tick back."""
    rows = [
        [_button(_short(("✅ " if goal.done else "⬜ ") + goal.title), f"w:{goal.goal_id}")]
        for goal in week_goals[:MAX_GOAL_BUTTONS]
    ]
    rows.append([_button(texts.BUTTON_MENU, "m")])
    if device:
        rows.append([_button(texts.BUTTON_DONE, "k")])
    return InlineKeyboardMarkup(rows)


def goal(goal_id, device=False):
    rows = [
        [_button(texts.BUTTON_NOTE, f"n:{goal_id}")],
        [_button(texts.BUTTON_PHOTO, f"p:{goal_id}")],
        [_button(texts.BUTTON_RATE, f"r:{goal_id}")],
        [_button(texts.BUTTON_HELP, f"h:{goal_id}")],
        [_button(texts.BUTTON_BACK_TO_GOALS, "g")],
    ]
    if device:
        rows.append([_button(texts.BUTTON_DONE, "k")])
    return InlineKeyboardMarkup(rows)


def effort(goal_id):
    """Three faces, and the way back to the goal for a pupil who changed their mind."""
    return InlineKeyboardMarkup(
        [[_button(label, f"r:{goal_id}:{n}")] for n, label in texts.EFFORT.items()]
        + [[_button(texts.BUTTON_BACK_TO_GOAL, f"g:{goal_id}")]]
    )


def quality(goal_id, effort_value):
    return InlineKeyboardMarkup(
        [[_button(label, f"r:{goal_id}:{effort_value}:{n}")] for n, label in texts.QUALITY.items()]
        + [[_button(texts.BUTTON_BACK_TO_GOAL, f"g:{goal_id}")]]
    )


def back(goal_id=None, device=False):
    rows = [[_button(texts.BUTTON_BACK_TO_GOALS, "g")]] if goal_id else [[_button(texts.BUTTON_MENU, "m")]]
    if device:
        rows.append([_button(texts.BUTTON_DONE, "k")])
    return InlineKeyboardMarkup(rows)
