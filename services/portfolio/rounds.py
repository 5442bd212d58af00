"""Rating rounds (sterrenrondes): a teacher opens one for a group; while it is open, its pupils and their parents
give stars for the pupils' skills, for the round's period. A round is group-bound: it ends with its group's
archiving at the year rollover and stays with that group.
"""

import datetime as dt

from peewee import fn

from models import Group, GroupMember, Period, PupilSkill, RatingRound, Skill, SkillRating, User, db, now

from .. import audit, clock, permissions
from ..errors import Conflict, DomainError, NotFound
from .common import current_period

MAX_ROUND_DAYS = 42  # a round is for a few days or weeks, not for the rest of the year


def is_open(today):
    """The condition on RatingRound (joined with Group) of a round that is open on `today`."""
    return RatingRound.closed_at.is_null() & (RatingRound.closes_on >= today) & ~Group.archived


def open_rounds_for(pupil, today=None):
    """The open rounds of the pupil's groups, latest opened first (a query)."""
    today = today or clock.today()
    groups = GroupMember.select(GroupMember.group).where(GroupMember.pupil == getattr(pupil, "id", pupil))
    return (
        RatingRound.select(RatingRound, Period, Group)
        .join(Group)
        .switch(RatingRound)
        .join(Period)
        .where(RatingRound.group.in_(groups) & is_open(today))
        .order_by(RatingRound.opened_at.desc(), RatingRound.id.desc())
    )


def open_round_for(pupil, today=None):
    """The round the pupil (and their parents) give stars in now, or None."""
    return open_rounds_for(pupil, today).first()


def open_round_of_group(group, today=None):
    today = today or clock.today()
    return (
        RatingRound.select(RatingRound, Period, Group)
        .join(Group)
        .switch(RatingRound)
        .join(Period)
        .where((RatingRound.group == getattr(group, "id", group)) & is_open(today))
        .first()
    )


def _closes_on(value, today):
    if isinstance(value, str):
        try:
            value = dt.date.fromisoformat(value.strip())
        except ValueError:
            raise DomainError("Kies een geldige datum waarop de sterrenronde sluit.") from None
    if not isinstance(value, dt.date):
        raise DomainError("Kies de datum waarop de sterrenronde sluit.")
    if value < today:
        raise DomainError("De sterrenronde kan niet sluiten voor vandaag.")
    if value > today + dt.timedelta(days=MAX_ROUND_DAYS):
        raise DomainError(f"Een sterrenronde duurt hoogstens {MAX_ROUND_DAYS // 7} weken.")
    return value


def open_round(actor, group, closes_on, today=None):
    """Open a rating round for `group` until `closes_on` (a date or "YYYY-MM-DD"); returns the RatingRound."""
    group = Group.get_or_none(Group.id == getattr(group, "id", group))
    if group is None:
        raise NotFound("Deze groep bestaat niet (meer).")
    permissions.require(
        actor, "open_rating_round", group, message="Alleen een leraar van deze groep opent een sterrenronde."
    )
    if group.archived:
        raise DomainError("Deze groep is gearchiveerd: er kan geen sterrenronde meer open.")
    today = today or clock.today()
    closes_on = _closes_on(closes_on, today)
    period = current_period(today)
    with db.atomic():
        already = open_round_of_group(group, today)
        if already is not None:
            raise Conflict(f"Er is al een sterrenronde open tot en met {already.closes_on:%d-%m-%Y}.")
        round_ = RatingRound.create(
            group=group, period=period, opened_by=permissions.recorded_as(actor), opened_at=now(), closes_on=closes_on
        )
        audit.record(permissions.recorded_as(actor), "rating_round_opened", group, detail=f"tot {closes_on}")
    return round_


def close_round(actor, rating_round, today=None):
    """Close an open round before its end date."""
    found = (
        RatingRound.select(RatingRound, Group)
        .join(Group)
        .where(RatingRound.id == getattr(rating_round, "id", rating_round))
        .first()
    )
    if found is None:
        raise NotFound("Deze sterrenronde bestaat niet (meer).")
    permissions.require(
        actor, "open_rating_round", found.group, message="Alleen een leraar van deze groep sluit de sterrenronde."
    )
    if found.closed_at is not None or found.closes_on < (today or clock.today()):
        raise Conflict("Deze sterrenronde is al gesloten.")
    with db.atomic():
        RatingRound.update(closed_at=now()).where(RatingRound.id == found.id).execute()
        audit.record(permissions.recorded_as(actor), "rating_round_closed", found.group)
    return RatingRound.get_by_id(found.id)


def group_skills(actor, group, today=None):
    """A group's page of skills: its active pupils, each with the skills given to them and, while a round is
    open, how many of those they and their parents have rated in it. A fixed number of queries."""
    permissions.require(actor, "view_group", group)
    members = list(
        User.select()
        .join(GroupMember, on=(GroupMember.pupil == User.id))
        .where((GroupMember.group == group.id) & (User.role == "pupil") & User.active)
        .order_by(User.last_name, User.first_name, User.id)
    )
    ids = [m.id for m in members] or [0]
    given = {}
    for link in (
        PupilSkill.select(PupilSkill, Skill)
        .join(Skill)
        .where(PupilSkill.pupil.in_(ids) & ~Skill.archived)
        .order_by(Skill.position, Skill.name)
    ):
        given.setdefault(link.pupil_id, []).append(link.skill.name)
    round_ = open_round_of_group(group, today)
    rated = {}
    if round_ is not None:
        counts = (
            SkillRating.select(SkillRating.pupil, SkillRating.voice, fn.COUNT(fn.DISTINCT(SkillRating.skill)))
            .where(
                SkillRating.pupil.in_(ids)
                & (SkillRating.period == round_.period_id)
                & (SkillRating.rated_at >= round_.opened_at)
            )
            .group_by(SkillRating.pupil, SkillRating.voice)
            .tuples()
        )
        for pupil_id, voice, count in counts:
            rated[(pupil_id, voice)] = count
    return {
        "round": round_,
        "pupils": [
            {
                "id": m.id,
                "name": m.sort_name,
                "skills": given.get(m.id, []),
                "rated": {voice: rated.get((m.id, voice), 0) for voice in ("pupil", "parent")},
            }
            for m in members
        ],
    }
