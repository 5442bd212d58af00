"""What a pupil sees and does through the bot (SPEC 9, issue 7): only ever about this pupil's own plan.

`pupil` is the User that `devices.current_pupil` returned for the chat; every function looks only at
that pupil's plan goals, so a tampered button payload (another goal id) finds nothing: NotFound.
"""

import dataclasses
import datetime as dt
from typing import NamedTuple

from models import (
    Domain,
    Goal,
    GoalRating,
    Group,
    LessonBlock,
    PlanGoal,
    Status,
    Subject,
    User,
    WeekTemplate,
)
from models import now as utc_now

from .. import chat, class_folder, clock, portfolio
from ..chat.files import MAX_FILE_BYTES, safe_filename
from ..chat.rooms import key_for
from ..errors import DomainError, NotFound

BOT_STATUSES = ("highlighted", "current")  # what the bot lists, in this order
NOTE_MAX_LENGTH = chat.MAX_LENGTH  # a note is a chat message
EVIDENCE_MAX_BYTES = MAX_FILE_BYTES  # the portfolio's limit for every stored file


@dataclasses.dataclass(frozen=True)
class BotGoal:
    """A goal on the pupil's plan as the bot shows it."""

    plan_goal_id: int
    goal_id: int
    title: str
    status_key: str
    status_name: str
    symbol: str
    subject: str
    steps: list


class LessonGoalToday(NamedTuple):
    title: str
    status_name: str  # the pupil's own status; None when the goal is not on their plan
    symbol: str


class LessonToday(NamedTuple):
    start: dt.time
    end: dt.time
    title: str
    room: str
    goals: tuple = ()  # LessonGoalToday: what the teacher linked to the lesson (services.class_folder)


def _plan_goals(pupil):
    return (
        PlanGoal.select(PlanGoal, Goal, Domain, Subject, Status)
        .join(Goal)
        .join(Domain)
        .join(Subject)
        .switch(PlanGoal)
        .join(Status)
        .where((PlanGoal.pupil == pupil.id) & ~Goal.archived)
    )


def _bot_goal(plan_goal):
    goal = plan_goal.goal
    return BotGoal(
        plan_goal_id=plan_goal.id,
        goal_id=goal.id,
        title=goal.title,
        status_key=plan_goal.status.key,
        status_name=plan_goal.status.name,
        symbol=plan_goal.status.symbol,
        subject=goal.domain.subject.name,
        steps=goal.step_list,
    )


def goals_for_bot(pupil):
    """The pupil's highlighted goals first, then the current ones, each in curriculum order."""
    rows = (
        _plan_goals(pupil)
        .where(Status.key.in_(BOT_STATUSES))
        .order_by(
            Subject.position,
            Subject.name,
            Domain.position,
            Domain.name,
            Goal.level,
            Goal.period,
            Goal.position,
            Goal.id,
        )
    )
    goals = [_bot_goal(row) for row in rows]
    return sorted(goals, key=lambda g: BOT_STATUSES.index(g.status_key))  # stable: keeps curriculum order


def _plan_goal(pupil, goal_id):
    try:
        goal_id = int(goal_id)
    except (TypeError, ValueError):
        raise NotFound("Dit leerdoel staat niet op jouw plan.") from None
    row = _plan_goals(pupil).where(PlanGoal.goal == goal_id).first()
    if row is None:
        raise NotFound("Dit leerdoel staat niet op jouw plan.")
    return row


def goal_for_bot(pupil, goal_id):
    """One goal of the pupil's plan (any status); NotFound when it is not on this pupil's plan."""
    return _bot_goal(_plan_goal(pupil, goal_id))


def goal_room(pupil, goal_id):
    """The chat room of a pupil's goal (services.chat)."""
    return key_for("pupil_goal", pupil, int(goal_id))


def _clean_note(text):
    text = (text or "").strip()
    if not text:
        raise DomainError("Je bericht is leeg. Schrijf wat je hebt gedaan.")
    if len(text) > NOTE_MAX_LENGTH:
        raise DomainError(f"Je bericht is te lang: gebruik hoogstens {NOTE_MAX_LENGTH} tekens.")
    return text


def post_progress_note(pupil, goal_id, text, channel="bot"):
    """The pupil's note on what they worked on, in the goal's chat (live for the teachers): a ChatMessage."""
    plan_goal = _plan_goal(pupil, goal_id)
    return chat.post_message(
        pupil, goal_room(pupil, plan_goal.goal_id), _clean_note(text), kind="progress", channel=channel
    )


def add_evidence(pupil, goal_id, data, filename, content_type, *, upload_folder, caption=""):
    """Keep a photo as evidence with the goal, on the pupil's portfolio, and post it in the goal's chat: the
    Document. Through the portfolio's one store (services.portfolio): only JPEG and PNG, judged by content
    whatever `content_type` claims, up to EVIDENCE_MAX_BYTES."""
    plan_goal = _plan_goal(pupil, goal_id)
    photo = portfolio.photo_file(data, safe_filename(filename, "foto"))
    note = (caption or "").strip()[:NOTE_MAX_LENGTH]
    return portfolio.add_evidence(
        pupil, pupil, plan_goal.goal_id, photo=photo, note=note, upload_folder=upload_folder, channel="bot"
    )


def rate_goal(pupil, goal_id, effort, quality):
    """How it went (effort and quality, 1 to 3), kept in the goal's history: the GoalRating."""
    plan_goal = _plan_goal(pupil, goal_id)
    try:
        effort, quality = int(effort), int(quality)
    except (TypeError, ValueError):
        raise DomainError("Kies 1, 2 of 3.") from None
    if not (1 <= effort <= 3 and 1 <= quality <= 3):
        raise DomainError("Kies 1, 2 of 3.")
    return GoalRating.create(plan_goal=plan_goal.id, effort=effort, quality=quality, channel="bot", rated_at=utc_now())


def blocks_on(day):
    """Lesson blocks of the week templates valid on `day` that fall on its weekday (a query)."""
    return (
        LessonBlock.select(LessonBlock, Group)
        .join(WeekTemplate)
        .switch(LessonBlock)
        .join(Group)
        .where(
            (LessonBlock.weekday == day.weekday())
            & (WeekTemplate.valid_from <= day)
            & (WeekTemplate.valid_until >= day)
            & ~Group.archived
        )
    )


def lessons_today(pupil, today=None):
    """Today's lessons of the pupil's groups in time order, written or planned by the timetable, each with the
    goals linked to it and the pupil's own status on them: [LessonToday]."""
    today = today or clock.today()
    return [
        LessonToday(
            view.item.start,
            view.item.end,
            view.item.title,
            view.item.room,
            tuple(
                LessonGoalToday(goal.title, *((goal.own["name"], goal.own["symbol"]) if goal.own else (None, None)))
                for goal in view.goals
            ),
        )
        for view in class_folder.pupil_lessons(pupil, [today])
    ]


def set_reminders(pupil, on):
    """The pupil switches the learning-square reminders on or off."""
    User.update(bot_reminders=bool(on)).where(User.id == pupil.id).execute()
    pupil.bot_reminders = bool(on)
    return pupil
