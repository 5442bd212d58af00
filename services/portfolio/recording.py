"""Recording a reflection conversation (leergesprek): the day, the pupil's answers to the school's questions,
the teacher's notes, the evidence discussed and the goals agreed, which go straight onto the pupil's current
or coming plan with "leergesprek" as the channel in their history. Everything is checked before anything is
written; a planned conversation is recorded once (conversations.py plans it and takes the preparation).
"""

import dataclasses

from models import Conversation, ConversationAnswer, ConversationEvidence, ConversationGoal, Document, db, now

from .. import audit, clock, events, permissions
from ..errors import Conflict, DomainError, NotFound
from ..plans.goals import put_goals_on_plans
from ..plans.lookups import fetch_goals, ids_of
from .common import announce, clean_text, the_pupil
from .conversations import NOT_YOURS, PLANS, day, find_conversation, questions
from .evidence import KIND as EVIDENCE

MAX_ANSWER = 2000
MAX_NOTES = 4000


@dataclasses.dataclass(frozen=True)
class Recorded:
    """What recording a conversation did: the Conversation, and how many agreed goals went onto the plan
    (the others were on it already)."""

    conversation: Conversation
    goals_added: int
    goals_already: int


def _chosen_evidence(pupil, ids):
    """The ids of the pupil's own evidence; NotFound for any other document."""
    ids = ids_of(ids)
    if not ids:
        return []
    mine = Document.select(Document.id).where(
        Document.id.in_(ids) & (Document.pupil == pupil.id) & (Document.kind == EVIDENCE)
    )
    if mine.count() != len(ids):
        raise NotFound("Dit bewijs hoort niet bij deze leerling.")
    return ids


def _answers(given):
    """[(position, question, answer)] for the template's questions; unknown question ids are refused."""
    template = questions()
    known = {q.id for q in template}
    try:
        given = {int(key): value for key, value in (given or {}).items()}
    except (TypeError, ValueError):
        raise NotFound("Deze vraag staat niet (meer) in de vragenlijst van de school.") from None
    if set(given) - known:
        raise NotFound("Deze vraag staat niet (meer) in de vragenlijst van de school.")
    return [(i, q.text, clean_text(given.get(q.id, ""), MAX_ANSWER, "Een antwoord")) for i, q in enumerate(template)]


def record_conversation(
    actor,
    pupil,
    held_on,
    *,
    conversation=None,
    answers=None,
    notes="",
    evidence=(),
    goals=(),
    plan="current",
    today=None,
):
    """Record a conversation with `pupil` (a planned one, or a new one); the agreed `goals` go onto the pupil's
    `plan` ("current" or "coming"). Everything is checked before anything is written. Returns Recorded."""
    pupil = the_pupil(pupil)
    permissions.require(actor, "keep_portfolio", pupil, message=NOT_YOURS)
    held_on = day(held_on)
    if held_on > (today or clock.today()):
        raise DomainError("Een leergesprek leg je vast op of na de dag van het gesprek.")
    if plan not in PLANS:
        raise DomainError("Kies het huidige of het komende plan voor de nieuwe doelen.")
    if conversation is not None:
        conversation = find_conversation(conversation)
        if conversation.pupil_id != pupil.id:
            raise NotFound("Dit leergesprek hoort niet bij deze leerling.")
    rows = _answers(answers)
    notes = clean_text(notes, MAX_NOTES, "De notities")
    evidence_ids = _chosen_evidence(pupil, evidence)
    goal_ids = [g.id for g in fetch_goals(goals)]
    by = permissions.recorded_as(actor)
    with db.atomic():
        if conversation is None:
            conversation = Conversation.create(pupil=pupil.id, teacher=by, held_on=held_on, created_at=now())
        claimed = (
            Conversation.update(teacher=by, held_on=held_on, notes=notes, recorded_at=now())
            .where((Conversation.id == conversation.id) & Conversation.recorded_at.is_null())
            .execute()
        )
        if not claimed:
            raise Conflict("Dit leergesprek is al vastgelegd.")
        if rows:
            ConversationAnswer.insert_many(
                [{"conversation": conversation.id, "position": i, "question": q, "answer": a} for i, q, a in rows]
            ).execute()
        if evidence_ids:
            ConversationEvidence.insert_many(
                [{"conversation": conversation.id, "document": d} for d in evidence_ids]
            ).execute()
        added = 0
        if goal_ids:
            ConversationGoal.insert_many(
                [{"conversation": conversation.id, "goal": g, "plan": plan} for g in goal_ids]
            ).execute()
            added = put_goals_on_plans(
                actor, [pupil.id], goal_ids, status=plan, source="manual", channel="conversation"
            )
        audit.record(by, "conversation_recorded", conversation, detail=f"{len(goal_ids)} doelen, {added} nieuw")
    if added:
        events.plans_changed.send(None, pupils=[pupil.id], goals=goal_ids, actor=actor)
    announce(actor, pupil, "conversations")
    return Recorded(Conversation.get_by_id(conversation.id), added, len(goal_ids) - added)
