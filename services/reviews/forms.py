"""A group's review form in a round: the teacher fills it in (a draft, then ready for the IB-er), the IB-er
prepares from it and plans the talk.

    review_of(group, review_round) -> GroupReview or None
    save_answers(actor, group, review_round, answers, ready=False) -> GroupReview
    prepare(actor, group, review_round, preparation, planned_on=None, held_on=None) -> GroupReview
    state_of(review) -> "not_started" | "draft" | "ready"
"""

from peewee import EXCLUDED, IntegrityError

from models import GroupReview, ReviewAnswer, ReviewQuestion, db, now

from .. import audit, events, permissions
from ..errors import Conflict, DomainError
from ..groups import fetch_group
from .rounds import check_round_of_group, fetch_round, form_for

MAX_ANSWER = 5000
STATE_NAMES = {"not_started": "niet begonnen", "draft": "concept", "ready": "klaar"}


def state_of(review):
    """Not started (no form saved by a teacher yet), a draft, or ready for the IB-er."""
    if review is None or (review.filled_at is None and review.updated_at is None):
        return "not_started"
    return "ready" if review.filled_at else "draft"


def review_of(group, review_round):
    return GroupReview.get_or_none(
        (GroupReview.group == getattr(group, "id", group)) & (GroupReview.review_round == review_round.id)
    )


def _review_for_writing(group, review_round):
    """The group's review in the round, made (with the group's form) when it is the first write."""
    review = review_of(group, review_round)
    if review is not None:
        return review
    try:
        with db.atomic():
            return GroupReview.create(group=group.id, review_round=review_round.id, form=form_for(group))
    except IntegrityError:  # someone else started it at the same moment
        return review_of(group, review_round)


def _checked_answers(form_id, answers, ready):
    """{question id: text} of the form's questions, checked whole: a question of another form, an answer too
    long, or (for a form marked ready) an open question refuses everything."""
    asked = {
        q.id: q for q in ReviewQuestion.select().where((ReviewQuestion.form == form_id) & ~ReviewQuestion.archived)
    }
    cleaned = {}
    for question_id, text in answers.items():
        if question_id not in asked:
            raise DomainError("Dit formulier klopt niet (meer): laad de pagina opnieuw en probeer het nog eens.")
        text = (text or "").strip()
        if len(text) > MAX_ANSWER:
            raise DomainError(f"Het antwoord bij '{asked[question_id].text}' is langer dan {MAX_ANSWER} tekens.")
        cleaned[question_id] = text
    if ready:
        open_questions = [q.text for q in asked.values() if not cleaned.get(q.id)]
        if open_questions:
            raise DomainError(
                "Vul eerst alle vragen in voordat het formulier klaar is voor de IB-er. Nog open: "
                + "; ".join(open_questions)
                + "."
            )
    return cleaned


def save_answers(actor, group, review_round, answers, ready=False):
    """Save the form's answers ({question id: text}) as a draft, or as ready for the IB-er (every question
    answered). Saving a draft again after "ready" makes it a draft again."""
    group, review_round = fetch_group(group), fetch_round(review_round)
    permissions.require(actor, "fill_group_review", group, message="Alleen de leraren van deze groep vullen dit in.")
    check_round_of_group(review_round, group)
    review = review_of(group, review_round)
    cleaned = _checked_answers(review.form_id if review else form_for(group).id, answers, ready)
    by, at = permissions.recorded_as(actor), now()
    with db.atomic():
        review = review or _review_for_writing(group, review_round)
        if cleaned:
            ReviewAnswer.insert_many(
                [{"review": review.id, "question": qid, "body": body} for qid, body in cleaned.items()]
            ).on_conflict(
                conflict_target=[ReviewAnswer.review, ReviewAnswer.question],
                update={ReviewAnswer.body: EXCLUDED.body},
            ).execute()
        review.updated_by, review.updated_at = by, at
        review.filled_by, review.filled_at = (by, at) if ready else (None, None)
        review.save()
        audit.record(by, "group_review_ready" if ready else "group_review_saved", review, detail=review_round.name)
    events.group_cycle_changed.send(None, group=group.id, what="review", actor=actor)
    return review


def prepare(actor, group, review_round, preparation, planned_on=None, held_on=None):
    """The IB-er's preparation of a group's review, and the date of the talk (and when it was held)."""
    group, review_round = fetch_group(group), fetch_round(review_round)
    permissions.require(actor, "prepare_group_reviews", message="Alleen de IB-er bereidt de groepsbespreking voor.")
    check_round_of_group(review_round, group)
    preparation = (preparation or "").strip()
    if len(preparation) > MAX_ANSWER:
        raise DomainError(f"De voorbereiding is hoogstens {MAX_ANSWER} tekens lang.")
    review = _review_for_writing(group, review_round)  # a form not started by the teacher stays "not started"
    review.preparation, review.planned_on, review.held_on = preparation, planned_on, held_on
    with db.atomic():
        if (
            not GroupReview.update(preparation=preparation, planned_on=planned_on, held_on=held_on)
            .where(GroupReview.id == review.id)
            .execute()
        ):
            raise Conflict("Deze groepsbespreking is intussen verwijderd.")
        audit.record(permissions.recorded_as(actor), "group_review_prepared", review, detail=review_round.name)
    events.group_cycle_changed.send(None, group=group.id, what="review", actor=actor)
    return review
