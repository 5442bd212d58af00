"""Reflection conversations (leergesprekken, SPEC 13 and seed 003): a teacher plans one with a pupil; before
it the pupil prepares (what went well, what was hard, what I want to learn next; on the web or in the bot);
then the teacher records it: the day, the pupil's answers to the school's questions (a template kept in the
back office), the teacher's notes (for staff), the evidence discussed and the new goals agreed, which go
straight onto the pupil's current or coming plan, with "leergesprek" in their history.
"""

import datetime as dt

from peewee import JOIN

from models import (
    Conversation,
    ConversationAnswer,
    ConversationEvidence,
    ConversationGoal,
    ConversationQuestion,
    Document,
    Goal,
    User,
    db,
    now,
)

from .. import audit, clock, permissions
from ..errors import Conflict, DomainError, NotFound
from .common import announce, clean_text, the_pupil

PREPARATION = {  # the pupil's three questions before the conversation
    "went_well": "Wat ging goed?",
    "was_hard": "Wat was moeilijk?",
    "learn_next": "Wat wil ik hierna leren?",
}
MAX_PREPARATION = 1000
PLANS = {"current": "huidige plan", "coming": "komende plan"}
NOT_YOURS = "Alleen een leraar van deze leerling plant een leergesprek of legt het vast."


def questions():
    """The school's template, in its order."""
    return list(
        ConversationQuestion.select()
        .where(~ConversationQuestion.archived)
        .order_by(ConversationQuestion.position, ConversationQuestion.id)
    )


def day(value, what="Kies de dag van het gesprek."):
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, str):
        try:
            value = dt.date.fromisoformat(value.strip())
        except ValueError:
            raise DomainError(what) from None
    if not isinstance(value, dt.date):
        raise DomainError(what)
    return value


def find_conversation(conversation):
    found = (
        Conversation.select(Conversation, User)
        .join(User, on=(Conversation.pupil == User.id))
        .where(Conversation.id == getattr(conversation, "id", conversation))
        .first()
    )
    if found is None:
        raise NotFound("Dit leergesprek bestaat niet (meer).")
    return found


def coming_conversation(pupil):
    """The pupil's next conversation that is planned but not yet recorded, or None."""
    return (
        Conversation.select()
        .where((Conversation.pupil == getattr(pupil, "id", pupil)) & Conversation.recorded_at.is_null())
        .order_by(Conversation.held_on, Conversation.id)
        .first()
    )


def plan_conversation(actor, pupil, held_on, today=None):
    """Plan a conversation on a day to come (the pupil can prepare from now on); returns the Conversation."""
    pupil = the_pupil(pupil)
    permissions.require(actor, "keep_portfolio", pupil, message=NOT_YOURS)
    held_on = day(held_on)
    if held_on < (today or clock.today()):
        raise DomainError("Een leergesprek plan je op vandaag of een dag die nog komt.")
    with db.atomic():
        planned = coming_conversation(pupil)
        if planned is not None:
            raise Conflict(f"Er staat al een leergesprek gepland op {planned.held_on:%d-%m-%Y}.")
        conversation = Conversation.create(
            pupil=pupil.id, teacher=permissions.recorded_as(actor), held_on=held_on, created_at=now()
        )
        audit.record(permissions.recorded_as(actor), "conversation_planned", conversation, detail=f"{held_on}")
    announce(actor, pupil, "conversations")
    return conversation


def prepare(actor, conversation, **answers):
    """The pupil answers (some of) the preparation questions, keyed as PREPARATION, before the conversation."""
    conversation = find_conversation(conversation)
    permissions.require(
        actor, "prepare_conversation", conversation.pupil, message="Alleen de leerling zelf bereidt dit gesprek voor."
    )
    if conversation.recorded_at is not None:
        raise DomainError("Dit leergesprek is al gehouden: voorbereiden kan niet meer.")
    unknown = set(answers) - set(PREPARATION)
    if unknown:
        raise ValueError(f"unknown preparation questions: {sorted(unknown)}")
    cleaned = {key: clean_text(text, MAX_PREPARATION, "Je antwoord") for key, text in answers.items()}
    with db.atomic():
        Conversation.update(**cleaned, prepared_at=now()).where(Conversation.id == conversation.id).execute()
    announce(actor, conversation.pupil, "conversations")
    return Conversation.get_by_id(conversation.id)


def conversations_of(actor, pupil):
    """The pupil's conversations, newest first, each with its agreed goals' titles (two queries)."""
    pupil = the_pupil(pupil)
    permissions.require(actor, "view_portfolio", pupil)
    rows = list(
        Conversation.select(Conversation, User)
        .join(User, JOIN.LEFT_OUTER, on=(Conversation.teacher == User.id))
        .where(Conversation.pupil == pupil.id)
        .order_by(Conversation.held_on.desc(), Conversation.id.desc())
    )
    goals = {}
    if rows:
        for link in (
            ConversationGoal.select(ConversationGoal, Goal)
            .join(Goal)
            .where(ConversationGoal.conversation.in_([c.id for c in rows]))
            .order_by(ConversationGoal.id)
        ):
            goals.setdefault(link.conversation_id, []).append(link.goal.title)
    return [
        {
            "id": c.id,
            "held_on": c.held_on,
            "recorded": c.recorded_at is not None,
            "prepared": c.prepared_at is not None,
            "teacher": c.teacher.full_name if c.teacher_id else "",
            "goals": goals.get(c.id, []),
        }
        for c in rows
    ]


def conversation_detail(actor, conversation):
    """One conversation as its page shows it; the teacher's notes only for staff."""
    conversation = find_conversation(conversation)
    permissions.require(actor, "view_portfolio", conversation.pupil)
    answers = ConversationAnswer.select().where(ConversationAnswer.conversation == conversation.id)
    documents = (
        Document.select()
        .join(ConversationEvidence)
        .where(ConversationEvidence.conversation == conversation.id)
        .order_by(Document.created_at, Document.id)
    )
    goals = (
        ConversationGoal.select(ConversationGoal, Goal)
        .join(Goal)
        .where(ConversationGoal.conversation == conversation.id)
    )
    teacher = User.get_or_none(User.id == conversation.teacher_id) if conversation.teacher_id else None
    return {
        "conversation": conversation,
        "pupil": conversation.pupil,
        "teacher": teacher.full_name if teacher else "",
        "recorded": conversation.recorded_at is not None,
        "preparation": [(question, getattr(conversation, key)) for key, question in PREPARATION.items()],
        "answers": [(a.question, a.answer) for a in answers.order_by(ConversationAnswer.position)],
        "notes": conversation.notes if permissions.can(actor, "read_teacher_notes") else None,
        "evidence": list(documents),
        "goals": [(link.goal.title, PLANS[link.plan]) for link in goals.order_by(ConversationGoal.id)],
    }
