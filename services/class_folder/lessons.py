"""The lessons of a week (SPEC 12): lessons already written and those the week templates still only plan, as
one list, in a fixed number of queries whatever the size of the school.

The week templates (back office: Rooster) plan a lesson for each of their blocks on every date the template is
valid that falls on the block's weekday. Nothing is stored for a planned lesson: it is known by its block and
date. The moment something is added to it (goals, a type, a note, attendance) it is written as a Lesson with
its own copy of the block's title, times, teacher and room; from then on a change to the timetable leaves it
as it was, and the block no longer plans a lesson beside it on that date.

    LessonRef.parse("12"), LessonRef.parse("b5-2026-12-07")   a written lesson, or a block's lesson on a date
    week_lessons(days, teacher=None, groups=None)    the LessonItems on those days, by time
    lesson_item(ref)                                 one LessonItem; NotFound when there is no such lesson
    lesson_for_writing(ref)                          the Lesson to write to, written now if it was only planned
"""

import dataclasses
import datetime as dt
import functools
import re

from peewee import JOIN, Case, IntegrityError, fn

from models import Domain, Goal, Group, Lesson, LessonBlock, LessonGoal, LessonType, Subject, User, WeekTemplate, db

from ..errors import NotFound

_REF = re.compile(r"^(?:(?P<lesson>[1-9]\d{0,9})|b(?P<block>[1-9]\d{0,9})-(?P<date>\d{4}-\d{2}-\d{2}))$")
NO_LESSON = "Deze les bestaat niet (meer)."
NOT_PLANNED = "Deze les staat niet (meer) in het rooster."


@dataclasses.dataclass(frozen=True)
class LessonRef:
    """A written lesson (`lesson_id`) or the lesson a block plans on a date (`block_id`, `date`)."""

    lesson_id: int = None
    block_id: int = None
    date: dt.date = None

    @functools.cached_property
    def key(self):
        return str(self.lesson_id) if self.lesson_id else f"b{self.block_id}-{self.date.isoformat()}"

    @classmethod
    def parse(cls, text):
        """The ref a key names; NotFound for anything else (a tampered address is a missing lesson)."""
        match = _REF.match(text or "")
        if match is None:
            raise NotFound(NO_LESSON)
        if match["lesson"]:
            return cls(lesson_id=int(match["lesson"]))
        try:
            return cls(block_id=int(match["block"]), date=dt.date.fromisoformat(match["date"]))
        except ValueError:
            raise NotFound(NO_LESSON) from None

    def __str__(self):
        return self.key


@dataclasses.dataclass(frozen=True)
class GoalOfLesson:
    id: int
    title: str
    subject: str


@dataclasses.dataclass
class LessonItem:
    """A lesson as the pages show it, written or planned."""

    ref: LessonRef
    lesson_id: int  # None while only planned
    block_id: int
    date: dt.date
    start: dt.time
    end: dt.time
    title: str
    room: str
    is_learning_square: bool
    group_id: int
    group_name: str
    teacher_id: int
    teacher_name: str
    type_id: int = None
    type_name: str = ""
    note: str = ""
    goals: list = dataclasses.field(default_factory=list)  # GoalOfLesson, in curriculum order

    @property
    def written(self):
        return self.lesson_id is not None

    @property
    def sort_key(self):
        return (self.date, self.start, self.end, self.group_name.lower(), self.title.lower(), self.ref.key)


def full_name(first, infix, last):
    return " ".join(part for part in (first, infix, last) if part)


def _planned_rows(days, blocks):
    """(block row, date) for each lesson the blocks matching `blocks` (a condition on LessonBlock) plan on
    `days` (not yet looked up as written)."""
    Teacher = User.alias()
    query = (
        LessonBlock.select(
            LessonBlock.id,
            LessonBlock.weekday,
            LessonBlock.start_time,
            LessonBlock.end_time,
            LessonBlock.title,
            LessonBlock.room,
            LessonBlock.is_learning_square,
            LessonBlock.group,
            Group.name,
            LessonBlock.teacher,
            Teacher.first_name,
            Teacher.infix,
            Teacher.last_name,
            WeekTemplate.valid_from,
            WeekTemplate.valid_until,
        )
        .join(WeekTemplate)
        .switch(LessonBlock)
        .join(Group)
        .join_from(LessonBlock, Teacher, JOIN.LEFT_OUTER, on=(LessonBlock.teacher == Teacher.id))
        .where(
            LessonBlock.weekday.in_(sorted({day.weekday() for day in days}))
            & (WeekTemplate.valid_from <= max(days))
            & (WeekTemplate.valid_until >= min(days))
            & ~Group.archived
            & blocks
        )
    )
    return [
        (row, day) for row in query.tuples() for day in days if day.weekday() == row[1] and row[13] <= day <= row[14]
    ]


def _planned_item(row, day):
    block_id, _weekday, start, end, title, room, square, group_id, group_name, teacher_id, *name, _f, _u = row
    where = (block_id, day, start, end, title, room, bool(square), group_id, group_name, teacher_id)
    return LessonItem(LessonRef(block_id=block_id, date=day), None, *where, full_name(*name))


def _written_rows(condition, blocks=None, first=None, last=None):
    """Written lessons matching `condition` and, to hide the planned lessons they replace, those of the blocks
    matching `blocks` (a condition on LessonBlock); each row ends with 1 when it matches `condition`."""
    Teacher = User.alias()
    teacher = fn.COALESCE(Lesson.teacher, LessonBlock.teacher)
    where = condition | blocks if blocks is not None else condition
    query = (
        Lesson.select(
            Lesson.id,
            Lesson.block,
            Lesson.date,
            Lesson.start_time,
            Lesson.end_time,
            Lesson.title,
            Lesson.room,
            LessonBlock.start_time,
            LessonBlock.end_time,
            LessonBlock.title,
            LessonBlock.room,
            LessonBlock.is_learning_square,
            Lesson.group,
            Group.name,
            teacher,
            Teacher.first_name,
            Teacher.infix,
            Teacher.last_name,
            Lesson.lesson_type,
            LessonType.name,
            Lesson.note,
            Case(None, [(condition, 1)], 0),
        )
        .join(LessonBlock)
        .switch(Lesson)
        .join(Group)
        .switch(Lesson)
        .join(LessonType, JOIN.LEFT_OUTER)
        .join_from(Lesson, Teacher, JOIN.LEFT_OUTER, on=(Teacher.id == teacher))
        .where(where)
    )
    if first is not None:
        query = query.where(Lesson.date.between(first, last) & ~Group.archived)
    return list(query.tuples())


def _written_item(row):
    lesson_id, block_id, day, start, end, title, room, b_start, b_end, b_title, b_room, square, *rest = row
    group_id, group_name, teacher_id, first, infix, last, type_id, type_name, note, _mine = rest
    if start is None:  # written before lessons kept their own copy of the block
        start, end, title, room = b_start, b_end, b_title, b_room
    where = (block_id, day, start, end, title, room, bool(square), group_id, group_name, teacher_id)
    lesson = (full_name(first, infix, last), type_id, type_name or "", note or "")
    return LessonItem(LessonRef(lesson_id=lesson_id), lesson_id, *where, *lesson)


def _attach_goals(items):
    """Fill each written item's goals, in one query."""
    by_id = {item.lesson_id: item for item in items if item.written}
    if not by_id:
        return items
    query = (
        LessonGoal.select(LessonGoal.lesson, Goal.id, Goal.title, Subject.name)
        .join(Goal)
        .join(Domain)
        .join(Subject)
        .where(LessonGoal.lesson.in_(list(by_id)))
        .order_by(Subject.position, Subject.name, Domain.position, Domain.name, Goal.level, Goal.position, Goal.id)
    )
    for lesson_id, goal_id, title, subject in db.execute(query).fetchall():  # ints and strings: no converters
        by_id[lesson_id].goals.append(GoalOfLesson(goal_id, title, subject))
    return items


def week_lessons(days, teacher=None, groups=None):
    """The lessons on `days` (written, or planned by the week templates) of `teacher` (an id) or of the groups
    in `groups` (ids, or a query of them), with their goals, in time order: four queries at most."""
    teacher_id = getattr(teacher, "id", teacher)
    condition, blocks = Lesson.date.is_null(False), LessonBlock.id.is_null(False)
    if teacher_id is not None:
        condition &= fn.COALESCE(Lesson.teacher, LessonBlock.teacher) == teacher_id
        blocks &= LessonBlock.teacher == teacher_id
    if groups is not None:
        condition &= Lesson.group.in_(groups)
        blocks &= LessonBlock.group.in_(groups)
    planned = _planned_rows(days, blocks)
    rows = _written_rows(condition, blocks, min(days), max(days))
    taken = {(row[1], row[2]) for row in rows}
    items = [_written_item(row) for row in rows if row[-1]]
    items += [_planned_item(row, day) for row, day in planned if (row[0], day) not in taken]
    return sorted(_attach_goals(items), key=lambda item: item.sort_key)


def lesson_item(ref):
    """The lesson `ref` names, with its goals; NotFound when it was never written and no block plans it."""
    if ref.lesson_id is not None:
        rows = _written_rows(Lesson.id == ref.lesson_id)
    else:
        rows = _written_rows((Lesson.block == ref.block_id) & (Lesson.date == ref.date))
    if rows:
        return _attach_goals([_written_item(rows[0])])[0]
    if ref.lesson_id is not None:
        raise NotFound(NO_LESSON)
    planned = _planned_rows([ref.date], LessonBlock.id == ref.block_id)
    if not planned:
        raise NotFound(NOT_PLANNED)
    return _planned_item(*planned[0])


def lesson_for_writing(item):
    """The Lesson behind a LessonItem, written now (with its copy of the block) if it was only planned. Call it
    inside the transaction that adds something to the lesson."""
    if item.written:
        return Lesson.get_by_id(item.lesson_id)
    found = Lesson.get_or_none((Lesson.block == item.block_id) & (Lesson.date == item.date))
    if found is not None:
        return found
    fields = {
        "block": item.block_id,
        "group": item.group_id,
        "date": item.date,
        "title": item.title,
        "start_time": item.start,
        "end_time": item.end,
        "teacher": item.teacher_id,
        "room": item.room,
    }
    try:
        with db.atomic():
            return Lesson.create(**fields)
    except IntegrityError:  # written by someone else a moment ago
        return Lesson.get((Lesson.block == item.block_id) & (Lesson.date == item.date))
