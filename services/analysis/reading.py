"""The group analysis as the pages read it, in a fixed number of queries however large the group: the test
moments of the group's school year, every pupil's score and level on each, the expected exit levels for the
core subjects and the notes per test moment; and one pupil's levels over all test moments (for staff).

    moments_for(group, members) -> [TestMoment]
    group_analysis(actor, group) -> Analysis
    pupil_levels(actor, pupil) -> [LevelSeries]
"""

import datetime as dt
from dataclasses import dataclass, field

from peewee import JOIN, SQL

from models import ExitLevel, GroupMember, Note, Subject, TestMoment, TestResult, User, db

from .. import permissions
from .scale import level_rank, level_scale

_LAST_DAY = dt.date.max


@dataclass
class Analysis:
    group: object
    pupils: list  # PupilRow
    moments: list  # TestMoment (with subject), by subject, date, level
    subjects: list  # the school's core subjects (exit levels)
    results: dict  # {(pupil id, moment id): (score, level)}
    exit_levels: dict  # {(pupil id, subject id): level}
    notes: dict  # {moment id: [Note]}, newest first
    scale: tuple


@dataclass(frozen=True)
class PupilRow:
    """A pupil as the analysis shows them: enough to name and link them (a full User costs 20 columns)."""

    id: int
    full_name: str


def _members(group):
    """The group's members as a subquery rendered once (peewee renders an IN subquery twice, and an id list
    costs more to render than the database takes to run the query)."""
    sql, params = GroupMember.select(GroupMember.pupil).where(GroupMember.group == group.id).sql()
    return SQL(f"({sql})", params)


def _pupil_rows(group, members):
    """The group's pupils in the grid's order, as `results.members` picks them, in one light query."""
    query = User.select(User.id, User.first_name, User.infix, User.last_name).where(
        User.id.in_(members) & (User.role == "pupil")
    )
    if not group.archived:
        query = query.where(User.active)
    rows = db.execute(query.order_by(User.last_name, User.first_name, User.id)).fetchall()
    return [PupilRow(pid, " ".join(part for part in names if part)) for pid, *names in rows]


@dataclass
class LevelSeries:
    subject: str
    points: list = field(default_factory=list)  # [(moment name, school year, level, rank 0-4)], oldest first


def _moment_order(moment):
    subject = moment.subject
    return (
        subject.position if subject else 1 << 30,
        subject.name if subject else "",
        moment.date or _LAST_DAY,
        moment.level,
        moment.id,  # in the order the school made them: M5 before E5
    )


def moments_for(group, members):
    """The test moments of the group's school year at its year level (or, without one, its pupils' levels),
    and any other moment of that year with a result of one of its pupils (`members`: a query of their ids).
    One query."""
    levels = {group.year_level} if group.year_level else set()
    if not levels and not group.archived:
        levels = {level for (level,) in User.select(User.level).where(User.id.in_(members)).tuples() if level}
    with_results = TestResult.select(TestResult.test_moment).where(TestResult.pupil.in_(members))
    moments = (
        TestMoment.select(TestMoment, Subject)
        .join(Subject, JOIN.LEFT_OUTER)
        .where(
            (TestMoment.school_year == group.school_year)
            & (TestMoment.level.in_(list(levels) or [0]) | TestMoment.id.in_(with_results))
        )
    )
    return sorted(moments, key=_moment_order)


def group_analysis(actor, group):
    """Everything the analysis page of a group shows (teachers and admins), in seven queries."""
    permissions.require(actor, "view_group_notes")
    members = _members(group)
    pupils = _pupil_rows(group, members)
    moments = moments_for(group, members)
    moment_ids = [m.id for m in moments]
    subjects = list(Subject.select().where(Subject.is_core).order_by(Subject.position, Subject.name))
    results, notes = {}, {}
    if pupils and moment_ids:
        rows = TestResult.select(TestResult.pupil, TestResult.test_moment, TestResult.score, TestResult.grade).where(
            TestResult.pupil.in_(members) & TestResult.test_moment.in_(moment_ids)
        )
        results = {(pupil, moment): (score, grade) for pupil, moment, score, grade in db.execute(rows).fetchall()}
    exit_levels = {}
    if pupils and subjects:
        rows = ExitLevel.select(ExitLevel.pupil, ExitLevel.subject, ExitLevel.level).where(
            ExitLevel.pupil.in_(members) & ExitLevel.subject.in_([s.id for s in subjects])
        )
        exit_levels = {(pupil, subject): level for pupil, subject, level in db.execute(rows).fetchall()}
    if moment_ids:
        author = User.alias()
        for note in (
            Note.select(Note, author)
            .join_from(Note, author, JOIN.LEFT_OUTER, on=(Note.author == author.id), attr="author")
            .where((Note.group == group.id) & Note.test_moment.in_(moment_ids))
            .order_by(Note.created_at.desc(), Note.id.desc())
        ):
            notes.setdefault(note.test_moment_id, []).append(note)
    return Analysis(group, pupils, moments, subjects, results, exit_levels, notes, level_scale())


def pupil_levels(actor, pupil):
    """A pupil's levels on every test moment with a level, per subject, oldest first (one query)."""
    permissions.require(actor, "view_group_notes")
    rows = (
        TestResult.select(TestResult.id, TestResult.grade, TestMoment, Subject)
        .join(TestMoment)
        .join(Subject, JOIN.LEFT_OUTER, on=(TestMoment.subject == Subject.id))
        .where((TestResult.pupil == getattr(pupil, "id", pupil)) & (TestResult.grade != ""))
    )
    series = {}
    for row in sorted(rows, key=lambda r: (r.test_moment.school_year, r.test_moment.date or _LAST_DAY, r.id)):
        moment = row.test_moment
        subject = moment.subject.name if moment.subject_id else "Overig"
        points = series.setdefault(subject, LevelSeries(subject)).points
        points.append((moment.name, moment.school_year, row.grade, level_rank(row.grade)))
    return sorted(series.values(), key=lambda s: s.subject)
