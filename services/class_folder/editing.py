"""Editing a lesson (SPEC 12, seed 001 "Les bewerken"): goals from any subjects, a lesson type and a lesson
note. The pupils see the same on their plan page and in the bot; with a goal linked the lesson offers its goal
matrix (services.overviews.goal_matrix, the pupils present by the lesson's goals).

    edit_lesson(actor, ref, goals, lesson_type=None, note="")   the Lesson, written if it was only planned
    status_counts(group_ids, goal_ids)   {(group id, goal id): {status key: pupils}}: the picker's and the
                                         week's counts of how the lesson's pupils stand on each goal
"""

import json

from peewee import fn

from models import GroupMember, LessonGoal, LessonType, PlanGoal, Status, User, db

from .. import audit, events, permissions
from ..errors import DomainError
from ..plans import fetch_goals
from .lessons import lesson_for_writing, lesson_item

NOTE_MAX_LENGTH = 2000


def lesson_types():
    return list(LessonType.select().order_by(LessonType.name))


def _lesson_type(value):
    if value in (None, ""):
        return None
    found = LessonType.get_or_none(LessonType.id == value)
    if found is None:
        raise DomainError("Kies een lestype uit de lijst van de school.")
    return found


def _note(text):
    text = (text or "").strip()
    if len(text) > NOTE_MAX_LENGTH:
        raise DomainError(f"De lesnotitie is te lang: gebruik hoogstens {NOTE_MAX_LENGTH} tekens.")
    return text


def edit_lesson(actor, ref, goals, lesson_type=None, note=""):
    """Link exactly `goals` (ids, from any subjects) to the lesson, with its type and note; returns the Lesson.
    A goal that is not (or no longer) in the curriculum refuses the whole edit."""
    item = lesson_item(ref)
    permissions.require(actor, "edit_lesson", item, "Alleen de leraar van deze les of van de groep kan haar bewerken.")
    chosen = fetch_goals(goals)
    kind, note = _lesson_type(lesson_type), _note(note)
    wanted = [goal.id for goal in chosen]
    with db.atomic():
        lesson = lesson_for_writing(item)
        had = {goal_id for (goal_id,) in LessonGoal.select(LessonGoal.goal).where(LessonGoal.lesson == lesson).tuples()}
        LessonGoal.delete().where((LessonGoal.lesson == lesson) & LessonGoal.goal.not_in(wanted or [0])).execute()
        new = [goal_id for goal_id in wanted if goal_id not in had]
        if new:
            LessonGoal.insert_many([{"lesson": lesson.id, "goal": goal_id} for goal_id in new]).execute()
        lesson.lesson_type, lesson.note = kind, note
        lesson.save(only=[type(lesson).lesson_type, type(lesson).note])
        audit.record(
            permissions.recorded_as(actor),
            "lesson_edited",
            lesson,
            detail=json.dumps(
                {
                    "leerdoelen": [goal.title for goal in chosen],
                    "lestype": kind.name if kind else "",
                    "lesnotitie": note,
                },
                ensure_ascii=False,
            ),
        )
    events.lesson_changed.send(None, lesson=lesson.id, group=lesson.group_id, actor=actor)
    return lesson


def status_counts(group_ids, goal_ids):
    """{(group id, goal id): {status key: number of the group's active pupils}} in one query."""
    group_ids, goal_ids = sorted(set(group_ids)), sorted(set(goal_ids))
    if not group_ids or not goal_ids:
        return {}
    query = (
        PlanGoal.select(GroupMember.group, PlanGoal.goal, Status.key, fn.COUNT(PlanGoal.id))
        .join(Status)
        .switch(PlanGoal)
        .join(GroupMember, on=(GroupMember.pupil == PlanGoal.pupil))
        .join(User, on=(User.id == PlanGoal.pupil))
        .where(GroupMember.group.in_(group_ids) & PlanGoal.goal.in_(goal_ids) & (User.role == "pupil") & User.active)
        .group_by(GroupMember.group, PlanGoal.goal, Status.key)
    )
    counts = {}
    for group_id, goal_id, key, number in db.execute(query).fetchall():  # ints and strings: no converters
        counts.setdefault((group_id, goal_id), {})[key] = number
    return counts
