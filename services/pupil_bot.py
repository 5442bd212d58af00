"""The pupil bot's services (SPEC 9, issue 7): the only functions chatbot/ calls (see the README).

The work lives in small modules by area; this module gathers them under one name:

    bot_codes      codes, their hashes, LinkRefused and DeviceRefused
    bot_links      one-time link codes, linking a chat, unlinking
    bot_devices    who is speaking; turns on shared learning-square devices; printed pupil codes
    bot_goals      the pupil's goals, progress notes, evidence, ratings, today's lessons, reminders on/off
    bot_help       "ik heb een vraag": the assistant's queue and telling the pupil
    bot_reminders  reminders five minutes before the end of a learning-square block

Every error is a DomainError with a Dutch message the bot can show as it is.
"""
from .bot_codes import DeviceRefused, LinkRefused, looks_like_code, readable  # noqa: F401
from .bot_devices import (DEVICE_IDLE_MINUTES, DEVICE_LOCK_AFTER, chats_with_leftover_messages,  # noqa: F401
                          current_pupil, idle_device_chats, is_locked, new_pupil_codes, record_message,
                          sign_in_on_device, sign_out_from_device, take_recorded_messages, touch, unlock_device)
from .bot_goals import (EVIDENCE_MAX_BYTES, NOTE_MAX_LENGTH, BotGoal, LessonToday, add_evidence,  # noqa: F401
                        goal_for_bot, goals_for_bot, lessons_today, post_progress_note, rate_goal, set_reminders)
from .bot_help import HelpAnswer, ask_for_help, help_notices_due, help_queue, mark_helped  # noqa: F401
from .bot_links import (LINK_CODE_MINUTES, link_chat, link_for_chat, new_device_code, new_link_code,  # noqa: F401
                        personal_link, unlink)
from .bot_reminders import (REMINDER_MINUTES, Reminder, release as release_reminders,  # noqa: F401
                            reminders_due)
