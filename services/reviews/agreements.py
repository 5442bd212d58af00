"""Agreements made at a group review (afspraken): what, who owns it, by when, optionally about one pupil.
An open agreement comes back at the group's next rounds until someone marks it done.

    add_agreement(actor, group, review_round, text, owner=None, due_on=None, pupil=None) -> ReviewAgreement
    mark_done(actor, agreement, done=True) -> ReviewAgreement
    agreements_for(group, review_round) -> [ReviewAgreement]   this round's, and the open ones of earlier rounds
"""

from peewee import JOIN

from models import GroupReview, ReviewAgreement, ReviewRound, User, db, now

from .. import audit, events, permissions
from ..errors import DomainError, NotFound
from ..groups import fetch_group, member_of
from .forms import _review_for_writing
from .rounds import check_round_of_group, fetch_round

MAX_TEXT = 2000


def _owner(owner):
    if owner in (None, "", 0):
        return None
    found = User.get_or_none((User.id == getattr(owner, "id", owner)) & User.role.in_(permissions.STAFF) & User.active)
    if found is None:
        raise DomainError("Kies wie de afspraak uitvoert uit de lijst van leraren.")
    return found


def add_agreement(actor, group, review_round, text, owner=None, due_on=None, pupil=None):
    """Record an agreement of a group's review (the IB-er or the group's teachers)."""
    group, review_round = fetch_group(group), fetch_round(review_round)
    permissions.require(actor, "record_agreement", group, message="Je kunt bij deze groep geen afspraken maken.")
    check_round_of_group(review_round, group)
    text = (text or "").strip()
    if not text:
        raise DomainError("Schrijf op wat er is afgesproken.")
    if len(text) > MAX_TEXT:
        raise DomainError(f"Een afspraak is hoogstens {MAX_TEXT} tekens lang.")
    owner, pupil = _owner(owner), member_of(group, pupil)
    review = _review_for_writing(group, review_round)
    by = permissions.recorded_as(actor)
    with db.atomic():
        agreement = ReviewAgreement.create(
            review=review.id, text=text, owner=owner, due_on=due_on, pupil=pupil, created_by=by
        )
        audit.record(by, "agreement_recorded", agreement, detail=f"{group.name}, {review_round.name}")
    events.group_cycle_changed.send(None, group=group.id, what="agreements", actor=actor)
    return agreement


def fetch_agreement(agreement):
    found = (
        ReviewAgreement.select(ReviewAgreement, GroupReview)
        .join(GroupReview)
        .where(ReviewAgreement.id == getattr(agreement, "id", agreement))
        .first()
    )
    if found is None:
        raise NotFound("Deze afspraak bestaat niet (meer).")
    return found


def mark_done(actor, agreement, done=True):
    """Mark an agreement done (or open again); a done agreement no longer comes back."""
    agreement = fetch_agreement(agreement)
    group = fetch_group(agreement.review.group_id)
    permissions.require(actor, "record_agreement", group, message="Je kunt bij deze groep geen afspraken wijzigen.")
    by = permissions.recorded_as(actor)
    agreement.done_at, agreement.done_by = (now(), by) if done else (None, None)
    with db.atomic():
        agreement.save(only=[ReviewAgreement.done_at, ReviewAgreement.done_by])
        audit.record(by, "agreement_done" if done else "agreement_reopened", agreement)
    events.group_cycle_changed.send(None, group=group.id, what="agreements", actor=actor)
    return agreement


def agreements_for(group, review_round):
    """This round's agreements and the open ones of the group's earlier rounds, oldest round first; with their
    round, owner and pupil (one query)."""
    owner, pupil = User.alias(), User.alias()
    earlier = (ReviewRound.position < review_round.position) | (
        (ReviewRound.position == review_round.position) & (ReviewRound.id < review_round.id)
    )
    return list(
        ReviewAgreement.select(ReviewAgreement, GroupReview, ReviewRound, owner, pupil)
        .join(GroupReview)
        .join(ReviewRound)
        .join_from(ReviewAgreement, owner, JOIN.LEFT_OUTER, on=(ReviewAgreement.owner == owner.id), attr="owner")
        .join_from(ReviewAgreement, pupil, JOIN.LEFT_OUTER, on=(ReviewAgreement.pupil == pupil.id), attr="pupil")
        .where(
            (GroupReview.group == group.id)
            & (
                (GroupReview.review_round == review_round.id)
                | ((ReviewRound.school_year == review_round.school_year) & earlier & ReviewAgreement.done_at.is_null())
            )
        )
        .order_by(ReviewRound.position, ReviewRound.id, ReviewAgreement.id)
    )
