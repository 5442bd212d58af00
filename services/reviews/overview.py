"""What the IB-er and the teachers see of the reviews: a round's overview (every group with its form's state,
its pupils to discuss and open agreements) and the due notices on a teacher's dashboard. Each in a fixed
number of queries, however many groups the school has.

    round_overview(actor, review_round) -> [OverviewRow]
    due_notices(user, today=None) -> [DueNotice]
"""

import datetime as dt
from dataclasses import dataclass

from peewee import fn

from models import (
    Group,
    GroupReview,
    GroupTeacher,
    Note,
    NoteCategory,
    ReviewAgreement,
    ReviewForm,
    ReviewRound,
    SchoolSettings,
    User,
)

from .. import clock, permissions
from ..notes import PUPIL_REVIEW
from .forms import STATE_NAMES, state_of
from .rounds import due_date, form_for, reviewed_groups, talk_date

NOTICE_DAYS = 7  # the dashboard reminds a teacher this many days before the form is due


@dataclass
class OverviewRow:
    group: Group
    teachers: str
    form: str
    state: str  # not_started, draft, ready
    state_name: str
    ready_at: object  # naive UTC moment, or None
    talk_on: object  # date, or None
    due_on: object
    pupils_to_discuss: int
    open_agreements: int


@dataclass
class DueNotice:
    group_id: int
    group_name: str
    round_id: int
    round_name: str
    due_on: object
    talk_on: object
    state: str
    overdue: bool


def _teacher_names(group_ids):
    names = {}
    if group_ids:
        rows = (
            GroupTeacher.select(GroupTeacher.group, User.first_name, User.infix, User.last_name)
            .join(User)
            .where(GroupTeacher.group.in_(group_ids))
            .order_by(User.last_name, User.first_name)
            .tuples()
        )
        for group_id, *name in rows:
            names.setdefault(group_id, []).append(" ".join(part for part in name if part))
    return {group_id: ", ".join(people) for group_id, people in names.items()}


def _counts(query, column):
    return dict(query.select(column, fn.COUNT(1)).group_by(column).tuples())


def round_overview(actor, review_round):
    """Every group the round reviews, with its form's state, pupils to discuss and open agreements."""
    permissions.require(actor, "prepare_group_reviews", message="Alleen de IB-er ziet alle formulieren van een ronde.")
    groups = list(reviewed_groups(review_round))
    ids = [g.id for g in groups]
    if not ids:
        return []
    reviews = {r.group_id: r for r in GroupReview.select().where(GroupReview.review_round == review_round.id)}
    forms = list(ReviewForm.select().order_by(ReviewForm.position, ReviewForm.id))
    form_names = {f.id: f.name for f in forms}
    to_discuss = _counts(
        Note.select()
        .join(NoteCategory)
        .where(Note.group.in_(ids) & (NoteCategory.name == PUPIL_REVIEW) & Note.pupil.is_null(False)),
        Note.group,
    )
    open_agreements = _counts(
        ReviewAgreement.select()
        .join(GroupReview)
        .join(ReviewRound)
        .where(
            GroupReview.group.in_(ids)
            & ReviewAgreement.done_at.is_null()
            & (ReviewRound.school_year == review_round.school_year)
            & (ReviewRound.position <= review_round.position)
        ),
        GroupReview.group,
    )
    teachers = _teacher_names(ids)
    rows = []
    for group in groups:
        review = reviews.get(group.id)
        state = state_of(review)
        rows.append(
            OverviewRow(
                group=group,
                teachers=teachers.get(group.id, ""),
                form=form_names.get(review.form_id) if review else (form_for(group, forms).name if forms else ""),
                state=state,
                state_name=STATE_NAMES[state],
                ready_at=review.filled_at if review else None,
                talk_on=talk_date(review_round, review),
                due_on=due_date(review_round, review),
                pupils_to_discuss=to_discuss.get(group.id, 0),
                open_agreements=open_agreements.get(group.id, 0),
            )
        )
    return rows


def due_notices(user, today=None):
    """The review forms of the groups `user` teaches that are not ready, from a week before they are due (two
    weeks before the talk) until the talk; `overdue` once the due date (a week before the talk) has passed.
    Three queries."""
    if getattr(user, "role", None) != "teacher":
        return []
    today = today or clock.today()
    school_year = SchoolSettings.get_current().school_year
    taught = list(
        Group.select()
        .join(GroupTeacher)
        .where(
            (GroupTeacher.teacher == user.id)
            & ~Group.archived
            & (Group.school_year == school_year)
            & Group.year_level.is_null(False)
        )
        .order_by(Group.name)
    )
    if not taught:
        return []
    rounds = list(
        ReviewRound.select()
        .where((ReviewRound.school_year == school_year) & ReviewRound.review_on.is_null(False))
        .order_by(ReviewRound.position)
    )
    reviews = {
        (r.group_id, r.review_round_id): r
        for r in GroupReview.select().where(
            GroupReview.group.in_([g.id for g in taught]) & GroupReview.review_round.in_([r.id for r in rounds])
        )
    }
    notices = []
    for review_round in rounds:
        for group in taught:
            review = reviews.get((group.id, review_round.id))
            talk, due = talk_date(review_round, review), due_date(review_round, review)
            state = state_of(review)
            if due - dt.timedelta(days=NOTICE_DAYS) <= today <= talk and state != "ready":
                notices.append(
                    DueNotice(group.id, group.name, review_round.id, review_round.name, due, talk, state, today > due)
                )
    return notices
