"""Review rounds and forms: which rounds a school year has, which groups a round reviews, which form a group
fills in, and when its form is due (a week before the talk: seeds/002).

A round reviews the groups of its school year that have a year level (the base groups, jaargroepen), and
any other group whose review was started in it.
"""

import datetime as dt
from collections import Counter

from models import Group, GroupMember, GroupReview, ReviewForm, ReviewQuestion, ReviewRound, User

from ..curriculum.writing import fetch_row
from ..errors import DomainError

DUE_DAYS_BEFORE = 7


def fetch_round(review_round):
    return fetch_row(ReviewRound, review_round, "Deze ronde van de groepsbesprekingen bestaat niet (meer).")


def rounds_of(school_year):
    """The rounds of a school year in their order."""
    return list(
        ReviewRound.select()
        .where(ReviewRound.school_year == school_year)
        .order_by(ReviewRound.position, ReviewRound.id)
    )


def check_round_of_group(review_round, group):
    if review_round.school_year != group.school_year:
        raise DomainError(
            f"Ronde {review_round.name} hoort bij schooljaar {review_round.school_year}, "
            f"de groep bij {group.school_year}."
        )


def next_round(school_year, today):
    """The first round of the year whose talk is today or later (or the last one), for a page's default."""
    rounds = rounds_of(school_year)
    upcoming = [r for r in rounds if r.review_on and r.review_on >= today]
    return upcoming[0] if upcoming else (rounds[-1] if rounds else None)


def talk_date(review_round, review=None):
    """When the group's review is held: its own date, else the round's (None while the admin set none)."""
    return (review.planned_on if review is not None and review.planned_on else None) or review_round.review_on


def due_date(review_round, review=None):
    """The day the form must be ready: a week before the talk."""
    talk = talk_date(review_round, review)
    return talk - dt.timedelta(days=DUE_DAYS_BEFORE) if talk else None


def reviewed_groups(review_round):
    """Query of the groups a round reviews, by name."""
    started = GroupReview.select(GroupReview.group).where(GroupReview.review_round == review_round.id)
    return (
        Group.select()
        .where(
            ((Group.school_year == review_round.school_year) & Group.year_level.is_null(False)) | Group.id.in_(started)
        )
        .order_by(Group.year_level, Group.name, Group.id)
    )


def _level_of(group):
    if group.year_level:
        return group.year_level
    levels = Counter(
        level
        for (level,) in User.select(User.level)
        .join(GroupMember, on=(GroupMember.pupil == User.id))
        .where((GroupMember.group == group.id) & User.level.is_null(False))
        .tuples()
    )
    return levels.most_common(1)[0][0] if levels else None


def form_for(group, forms=None):
    """The school's form for a group: the first (by position) whose levels hold the group's year level (or its
    members' most common level); the first form when none does."""
    forms = forms if forms is not None else list(ReviewForm.select().order_by(ReviewForm.position, ReviewForm.id))
    if not forms:
        raise DomainError("De school heeft nog geen formulier voor groepsbesprekingen (beheer: Groepsbesprekingen).")
    level = _level_of(group)
    return next((f for f in forms if level is not None and f.level_from <= level <= f.level_to), forms[0])


def questions_of(form, answered_ids=()):
    """The form's questions in order: those still asked, and archived ones that were answered here."""
    query = ReviewQuestion.select().where(
        (ReviewQuestion.form == form.id) & (~ReviewQuestion.archived | ReviewQuestion.id.in_(list(answered_ids)))
    )
    return list(query.order_by(ReviewQuestion.position, ReviewQuestion.id))
