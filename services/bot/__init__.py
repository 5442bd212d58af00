"""The pupil bot's services (SPEC 9, issue 7): the only functions chatbot/ calls (see the README).

The work lives in small modules by area; this module gathers them under one name:

    codes          codes, their hashes, LinkRefused and DeviceRefused
    links          one-time link codes, linking a chat, unlinking
    devices        who is speaking; turns on shared learning-square devices; printed pupil codes
    goals          the pupil's goals, progress notes, evidence, ratings, today's lessons, reminders on/off
    week           "Mijn week": the goals of this week's planning, ticked off with a tap
    help           "ik heb een vraag": the assistant's queue and telling the pupil
    reminders      reminders five minutes before the end of a learning-square block
    portfolio      "Mijn portfolio": evidence notes, stars in a rating round, preparing a conversation
                   (imported by its module name: `from services.bot import portfolio`)

Every error is a DomainError with a Dutch message the bot can show as it is.
"""

from .codes import DeviceRefused, LinkRefused, looks_like_code, readable
from .devices import (
    DEVICE_IDLE_MINUTES,
    DEVICE_LOCK_AFTER,
    chats_with_leftover_messages,
    current_pupil,
    idle_device_chats,
    is_locked,
    new_pupil_codes,
    record_message,
    sign_in_on_device,
    sign_out_from_device,
    take_recorded_messages,
    touch,
    unlock_device,
)
from .goals import (
    EVIDENCE_MAX_BYTES,
    NOTE_MAX_LENGTH,
    BotGoal,
    LessonGoalToday,
    LessonToday,
    add_evidence,
    goal_for_bot,
    goals_for_bot,
    lessons_today,
    post_progress_note,
    rate_goal,
    set_reminders,
)
from .help import HelpAnswer, ask_for_help, help_notices_due, help_queue, mark_helped
from .links import LINK_CODE_MINUTES, link_chat, link_for_chat, new_device_code, new_link_code, personal_link, unlink
from .reminders import REMINDER_MINUTES, Reminder, reminders_due
from .reminders import release as release_reminders
from .week import BotWeek, BotWeekGoal, toggle_week_goal, week_for_bot

__all__ = [
    "add_evidence",
    "ask_for_help",
    "BotGoal",
    "BotWeek",
    "BotWeekGoal",
    "chats_with_leftover_messages",
    "current_pupil",
    "DEVICE_IDLE_MINUTES",
    "DEVICE_LOCK_AFTER",
    "DeviceRefused",
    "EVIDENCE_MAX_BYTES",
    "goal_for_bot",
    "goals_for_bot",
    "help_notices_due",
    "help_queue",
    "HelpAnswer",
    "idle_device_chats",
    "is_locked",
    "lessons_today",
    "LessonGoalToday",
    "LessonToday",
    "link_chat",
    "LINK_CODE_MINUTES",
    "link_for_chat",
    "LinkRefused",
    "looks_like_code",
    "mark_helped",
    "new_device_code",
    "new_link_code",
    "new_pupil_codes",
    "NOTE_MAX_LENGTH",
    "personal_link",
    "post_progress_note",
    "rate_goal",
    "readable",
    "record_message",
    "release_reminders",
    "Reminder",
    "REMINDER_MINUTES",
    "reminders_due",
    "set_reminders",
    "sign_in_on_device",
    "sign_out_from_device",
    "take_recorded_messages",
    "toggle_week_goal",
    "touch",
    "unlink",
    "unlock_device",
    "week_for_bot",
]
