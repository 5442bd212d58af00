"""Reminders five minutes before the end of a learning-square block (SPEC 9, issue 7).

The worker asks `reminders_due()` every minute and the bot sends what it returns. Every linked pupil of the
block's group with reminders on gets one in their own chat; a shared device of the group gets one (for the
pupil signed in on it, or for whoever picks it up). Each recipient is reminded once per block and date:
handing a reminder out records it, and `release()` gives back one that Telegram did not deliver, so that the
next minute's run tries it again while the block has not ended.
"""

import dataclasses
import datetime as dt

from models import BotLink, GroupMember, LessonBlock, ReminderSent, User
from models import now as utc_now

from .. import clock
from .devices import current_pupil
from .goals import blocks_on, goals_for_bot

REMINDER_MINUTES = 5


@dataclasses.dataclass(frozen=True)
class Reminder:
    """Send this chat the reminder; `pupil` is None for a shared device with nobody signed in."""

    chat_id: str
    pupil: User
    goals: list  # BotGoal: the highlighted goals, or the current ones when none is highlighted
    block_title: str = ""
    ends_at: dt.time = None
    claim: tuple = ()  # (block id, date, recipient): the ReminderSent row that hands it out


def _goals(pupil):
    goals = goals_for_bot(pupil)
    highlighted = [g for g in goals if g.status_key == "highlighted"]
    return highlighted or goals


def _ending_soon(block, local):
    end = dt.datetime.combine(local.date(), block.end_time)
    return end - dt.timedelta(minutes=REMINDER_MINUTES) <= local < end


def _claim(block_id, day, recipient, pupil):
    """Record the reminder; False when it was handed out before (by this or another worker)."""
    return (
        ReminderSent.insert(block=block_id, date=day, recipient=recipient, pupil=getattr(pupil, "id", None))
        .on_conflict_ignore()
        .as_rowcount()
        .execute()
        > 0
    )


def reminders_due(now=None):
    """The reminders to send now: [Reminder], each (recipient, block, date) only once."""
    now = now or utc_now()
    local = clock.local(now)
    blocks = [b for b in blocks_on(local.date()).where(LessonBlock.is_learning_square) if _ending_soon(b, local)]
    due = []
    for block in blocks:
        pupils = (
            User.select(User, BotLink.chat_id.alias("chat_id"))
            .join(GroupMember, on=(GroupMember.pupil == User.id))
            .join(BotLink, on=((BotLink.pupil == User.id) & (BotLink.kind == "personal")))
            .where((GroupMember.group == block.group_id) & (User.role == "pupil") & User.active & User.bot_reminders)
            .order_by(User.id)
            .objects()
        )
        for pupil in pupils:
            claim = (block.id, local.date(), f"pupil:{pupil.id}")
            if _claim(*claim, pupil):
                due.append(Reminder(pupil.chat_id, pupil, _goals(pupil), block.title, block.end_time, claim))
        for device in BotLink.select().where((BotLink.kind == "device") & (BotLink.group == block.group_id)):
            pupil = current_pupil(device.chat_id, now)
            claim = (block.id, local.date(), f"chat:{device.chat_id}")
            if _claim(*claim, pupil):
                due.append(
                    Reminder(device.chat_id, pupil, _goals(pupil) if pupil else [], block.title, block.end_time, claim)
                )
    return due


def release(reminders):
    """Hand these reminders out again: the next run within their block sends them once more."""
    for block_id, day, recipient in (r.claim for r in reminders if r.claim):
        ReminderSent.delete().where(
            (ReminderSent.block == block_id) & (ReminderSent.date == day) & (ReminderSent.recipient == recipient)
        ).execute()
