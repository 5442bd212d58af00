""" "Ik heb een vraag" (SPEC 9, issue 7): pupils wait in order; the learning-square assistant helps them.

A pupil asks from the bot on a goal of their plan (one open question per pupil and goal). Staff see the
queue on the assistant's page, live through `events.help_requests_changed`, and mark a question as helped;
the bot then tells the pupil (`help_notices_due`, polled by the bot).
"""

import dataclasses

from peewee import JOIN

from models import BotLink, Goal, Group, GroupMember, GroupType, HelpNotice, HelpRequest, User, db
from models import now as utc_now

from .. import clock, events, permissions
from ..errors import NotFound
from .devices import current_pupil
from .goals import _plan_goal

HELP_ROOM = "help:school"  # the Socket.IO room of the assistant's page (realtime.help, web.help_events)


@dataclasses.dataclass(frozen=True)
class HelpAnswer:
    """Tell this chat that the pupil's question about `goal_title` has been seen."""

    chat_id: str
    pupil: User
    goal_title: str
    request_id: int


def ask_for_help(pupil, goal_id):
    """Put the pupil in the queue for this goal of their plan; asking again while waiting changes nothing."""
    plan_goal = _plan_goal(pupil, goal_id)
    with db.atomic():
        waiting = HelpRequest.get_or_none(
            (HelpRequest.pupil == pupil.id) & (HelpRequest.goal == plan_goal.goal_id) & HelpRequest.helped_at.is_null()
        )
        if waiting is not None:
            return waiting
        request = HelpRequest.create(pupil=pupil.id, goal=plan_goal.goal_id, asked_at=utc_now())
        events.help_requests_changed.send(None, request=request, actor=pupil)
    return request


def _group_names(pupil_ids):
    """The names of each pupil's current groups that pupils see (their class first), for the queue."""
    names = {}
    rows = (
        GroupMember.select(GroupMember.pupil, Group.name)
        .join(Group)
        .join(GroupType)
        .where(GroupMember.pupil.in_(pupil_ids) & ~Group.archived & GroupType.visible_to_pupils)
        .order_by(Group.year_level.is_null(), Group.name)
    )
    for row in rows:
        names.setdefault(row.pupil_id, []).append(row.group.name)
    return {pupil: ", ".join(group_names[:2]) for pupil, group_names in names.items()}


def help_item(request, group_names=None):
    """A question as the assistant's page and its live updates show it (JSON-safe; text is untrusted)."""
    if group_names is None:
        group_names = _group_names([request.pupil_id])
    return {
        "id": request.id,
        "pupil": request.pupil.full_name,
        "goal": request.goal.title if request.goal_id else "",
        "group": group_names.get(request.pupil_id, ""),
        "asked_at": request.asked_at.isoformat() + "Z",
        "time": clock.local(request.asked_at).strftime("%H:%M"),
    }


def _open_requests():
    return (
        HelpRequest.select(HelpRequest, User, Goal)
        .join(User, on=(HelpRequest.pupil == User.id))
        .switch(HelpRequest)
        .join(Goal, JOIN.LEFT_OUTER, on=(HelpRequest.goal == Goal.id))
        .where(HelpRequest.helped_at.is_null() & User.active)
        .order_by(HelpRequest.asked_at, HelpRequest.id)
    )


def help_queue(actor):
    """Who is waiting on which goal, longest waiting first: a list of help_item dicts. Staff only."""
    permissions.require(actor, "help_queue", message="Alleen medewerkers van de school zien de vragen.")
    requests = list(_open_requests())
    group_names = _group_names([r.pupil_id for r in requests]) if requests else {}
    return [help_item(request, group_names) for request in requests]


def mark_helped(actor, request_id):
    """The assistant has helped: the question leaves the queue and the pupil is told. Twice changes nothing."""
    permissions.require(actor, "help_queue", message="Alleen medewerkers van de school helpen bij vragen.")
    try:
        request_id = int(getattr(request_id, "id", request_id))
    except (TypeError, ValueError):
        raise NotFound("Deze vraag bestaat niet.") from None
    with db.atomic():
        request = HelpRequest.get_or_none(HelpRequest.id == request_id)
        if request is None:
            raise NotFound("Deze vraag bestaat niet.")
        if request.helped_at is not None:
            return request
        stamp = utc_now()
        updated = (
            HelpRequest.update(helped_at=stamp, helped_by=permissions.recorded_as(actor))
            .where((HelpRequest.id == request.id) & HelpRequest.helped_at.is_null())
            .execute()
        )
        if not updated:
            return HelpRequest.get_by_id(request.id)
        request.helped_at, request.helped_by = stamp, permissions.recorded_as(actor)
        HelpNotice.create(request=request, created_at=stamp)
        events.help_requests_changed.send(None, request=request, actor=actor)
    return request


def _chat_of(pupil, now):
    """The chat where the pupil can be told now: their own, or a device they are signed in on."""
    link = BotLink.get_or_none((BotLink.pupil == pupil.id) & (BotLink.kind == "personal"))
    if link is not None:
        return link.chat_id
    for device in BotLink.select().where((BotLink.kind == "device") & (BotLink.signed_in_pupil == pupil.id)):
        if current_pupil(device.chat_id, now) == pupil:
            return device.chat_id
    return None


def help_notices_due(now=None):
    """Helped questions the bot has not told yet: [HelpAnswer]. Each is handed out once (claimed here);
    a pupil who is in no chat now (not linked, not signed in) is not told."""
    now = now or utc_now()
    answers = []
    pending = (
        HelpNotice.select(HelpNotice, HelpRequest, User)
        .join(HelpRequest)
        .join(User, on=(HelpRequest.pupil == User.id))
        .where(HelpNotice.sent_at.is_null())
        .order_by(HelpNotice.id)
    )
    for notice in pending:
        claimed = (
            HelpNotice.update(sent_at=now).where((HelpNotice.id == notice.id) & HelpNotice.sent_at.is_null()).execute()
        )
        pupil = notice.request.pupil
        chat_id = _chat_of(pupil, now) if claimed and pupil.active else None
        if chat_id is not None:
            goal = Goal.get_or_none(Goal.id == notice.request.goal_id)
            answers.append(HelpAnswer(chat_id, pupil, goal.title if goal else "", notice.request_id))
    return answers
