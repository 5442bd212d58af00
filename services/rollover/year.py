"""Year rollover (jaarovergang), SPEC.md 10: pupils move up, stay back or leave, and the old groups are archived.

    year_rollover_preview(actor, new_school_year, today=None) -> YearRolloverReport   (writes nothing)
    year_rollover(actor, new_school_year, today=None) -> YearRolloverReport            (one transaction)
    next_school_year(school_year) -> the school year after it, "2027-2028" after "2026-2027"

The year rollover never moves data from one group to another: it archives the old groups with everything
attached to them (chat, notes, documents, lessons, analyses), so that a new group, even one with the same
name, starts empty and its members and parents never see the old group's data (seeds/004). Groups made from
a LAS group are re-linked afterwards (relink.py); the period rollover is period.py.
"""

import dataclasses
import datetime as dt
import json
import re

from peewee import fn

from models import (
    Attendance,
    ChatMessage,
    Document,
    ExitLevel,
    ExitLevelChange,
    Group,
    GroupMember,
    GroupReview,
    LeaveRecord,
    Lesson,
    LessonBlock,
    Note,
    ParentLink,
    RatingRound,
    SchoolSettings,
    TestResult,
    User,
    WeekTemplate,
    db,
    now,
)

from .. import audit, clock, permissions, statistics
from ..errors import Conflict, DomainError
from ..reviews import carry_rounds_forward
from .period import current_school_year

LAST_LEVEL = 8
_YEAR = re.compile(r"^(\d{4})-(\d{4})$")


# --- Year rollover: what it does, as conditions shared by the preview and the rollover -------------------


@dataclasses.dataclass
class PupilEntry:
    id: int
    name: str
    level: int | None
    new_level: int | None
    reason: str = ""


@dataclasses.dataclass
class GroupEntry:
    id: int
    name: str
    type_name: str
    school_year: str
    members: int
    source_group: str = ""  # name of the LAS group it was made from, if any
    data: dict = dataclasses.field(default_factory=dict)  # group-bound data staying with it, per kind


@dataclasses.dataclass
class YearRolloverReport:
    ended_school_year: str
    new_school_year: str
    today: dt.date
    moving_up: list
    staying: list
    leaving: list
    unchanged: list  # active pupils without a level: left as they are
    parents_leaving: list  # names of parents whose every child leaves: their accounts end too
    groups_to_archive: list
    groups_to_relink: list
    attendance_deleted: int
    leave_records_deleted: int
    group_data: dict  # totals of group-bound data that stays with the archived groups
    done: bool = False

    def counts(self):
        return {
            "moving_up": len(self.moving_up),
            "staying": len(self.staying),
            "leaving": len(self.leaving),
            "parents_leaving": len(self.parents_leaving),
            "groups_archived": len(self.groups_to_archive),
            "groups_to_relink": len(self.groups_to_relink),
            "attendance_deleted": self.attendance_deleted,
            "leave_records_deleted": self.leave_records_deleted,
            **self.group_data,
        }


def next_school_year(school_year):
    match = _YEAR.match(school_year or "")
    if not match:
        raise DomainError(f"Schooljaar {school_year!r} heeft niet de vorm 2026-2027.")
    start = int(match.group(1)) + 1
    return f"{start}-{start + 1}"


def _active_pupil():
    return (User.role == "pupil") & User.active


def _left(today):
    return User.left_on.is_null(False) & (User.left_on < today)


def _not_left(today):
    return User.left_on.is_null() | (User.left_on >= today)


def _leaving(today):
    return _active_pupil() & (_left(today) | ((User.level >= LAST_LEVEL) & ~User.stays_back))


def _staying(today):
    return _active_pupil() & _not_left(today) & User.stays_back


def _moving_up(today):
    return _active_pupil() & _not_left(today) & ~User.stays_back & User.level.is_null(False) & (User.level < LAST_LEVEL)


def _unchanged(today):
    return _active_pupil() & _not_left(today) & ~User.stays_back & User.level.is_null()


def _parents_leaving(today):
    """Parents with linked children of whom none stays: with the last child, the parent account ends."""
    remaining = User.select(User.id).where(_moving_up(today) | _staying(today) | _unchanged(today))
    return (
        (User.role == "parent")
        & User.active
        & User.id.in_(ParentLink.select(ParentLink.parent))
        & User.id.not_in(ParentLink.select(ParentLink.parent).where(ParentLink.pupil.in_(remaining)))
    )


def _groups_to_archive(new_school_year):
    return ~Group.archived & (Group.school_year != new_school_year)


def _ended_lessons(new_school_year):
    old_groups = Group.select(Group.id).where(Group.school_year != new_school_year)
    old_blocks = (
        LessonBlock.select(LessonBlock.id).join(WeekTemplate).where(WeekTemplate.school_year != new_school_year)
    )
    return Lesson.select(Lesson.id).where(Lesson.group.in_(old_groups) | Lesson.block.in_(old_blocks))


def _attendance_to_delete(new_school_year):
    return Attendance.lesson.in_(_ended_lessons(new_school_year))


def _leave_to_delete(new_school_year):
    return LeaveRecord.school_year != new_school_year


GROUP_DATA = (  # kind shown to the admin, model, its group column
    ("berichten", ChatMessage, ChatMessage.group),
    ("notities", Note, Note.group),
    ("documenten", Document, Document.group),
    ("lessen", Lesson, Lesson.group),
    ("toetsresultaten", TestResult, TestResult.group),
    ("uitstroomniveaus", ExitLevel, ExitLevel.group),
    ("groepsbesprekingen", GroupReview, GroupReview.group),
    ("uitstroomwijzigingen", ExitLevelChange, ExitLevelChange.group),
    ("sterrenrondes", RatingRound, RatingRound.group),  # the pupils' portfolios themselves are not group-bound
)


def _pupil_entries(condition, new_level=None, reason=None, today=None):
    pupils = User.select().where(condition).order_by(User.level, User.last_name, User.first_name, User.id)
    entries = []
    for pupil in pupils:
        why = ""
        if reason:
            why = (
                f"uitgeschreven per {pupil.left_on:%d-%m-%Y}"
                if pupil.left_on and pupil.left_on < today
                else f"groep {pupil.level} afgerond"
            )
        entries.append(
            PupilEntry(pupil.id, pupil.full_name, pupil.level, new_level(pupil) if new_level else pupil.level, why)
        )
    return entries


def _group_entries(condition):
    groups = list(Group.select().where(condition).order_by(Group.name, Group.id))
    ids = [g.id for g in groups]
    if not ids:
        return []
    data = {g.id: {} for g in groups}
    for kind, model, column in GROUP_DATA:
        for group_id, count in (
            model.select(column, fn.COUNT(model.id)).where(column.in_(ids)).group_by(column).tuples()
        ):
            data[group_id][kind] = count
    members = dict(
        GroupMember.select(GroupMember.group, fn.COUNT(GroupMember.id))
        .where(GroupMember.group.in_(ids))
        .group_by(GroupMember.group)
        .tuples()
    )
    sources = {
        g.id: g.name
        for g in Group.select(Group.id, Group.name).where(
            Group.id.in_([g.source_group_id for g in groups if g.source_group_id])
        )
    }
    return [
        GroupEntry(
            g.id,
            g.name,
            g.group_type.name,
            g.school_year,
            members.get(g.id, 0),
            sources.get(g.source_group_id, ""),
            data[g.id],
        )
        for g in groups
    ]


def _from_las_group():
    source = Group.alias()
    return Group.source_group.in_(source.select(source.id).where(source.las_key.is_null(False)))


def _check_year(new_school_year):
    ended = current_school_year()
    if new_school_year == ended:
        raise Conflict(f"De jaarovergang naar {new_school_year} is al uitgevoerd.")
    expected = next_school_year(ended)
    if new_school_year != expected:
        raise DomainError(f"Het nieuwe schooljaar moet {expected} zijn (het lopende schooljaar is {ended}).")
    return ended


def _report(ended, new_school_year, today):
    groups = _group_entries(_groups_to_archive(new_school_year))
    group_data = {kind: sum(g.data.get(kind, 0) for g in groups) for kind, _, _ in GROUP_DATA}
    return YearRolloverReport(
        ended_school_year=ended,
        new_school_year=new_school_year,
        today=today,
        moving_up=_pupil_entries(_moving_up(today), new_level=lambda p: p.level + 1),
        staying=_pupil_entries(_staying(today)),
        leaving=_pupil_entries(_leaving(today), reason=True, today=today),
        unchanged=_pupil_entries(_unchanged(today)),
        parents_leaving=[
            user.full_name
            for user in User.select().where(_parents_leaving(today)).order_by(User.last_name, User.first_name, User.id)
        ],
        groups_to_archive=groups,
        groups_to_relink=_group_entries(_groups_to_archive(new_school_year) & _from_las_group()),
        attendance_deleted=Attendance.select().where(_attendance_to_delete(new_school_year)).count(),
        leave_records_deleted=LeaveRecord.select().where(_leave_to_delete(new_school_year)).count(),
        group_data=group_data,
    )


def year_rollover_preview(actor, new_school_year, today=None):
    """What `year_rollover` would change, without writing anything."""
    permissions.require(actor, "admin")
    today = today or clock.today()
    return _report(_check_year(new_school_year), new_school_year, today)


# --- Year rollover: the steps, each a bulk statement -------------------------------------------------------


def _claim_year(ended, new_school_year):
    claimed = (
        SchoolSettings.update(school_year=new_school_year, updated_at=now())
        .where((SchoolSettings.id == SchoolSettings.get_current().id) & (SchoolSettings.school_year == ended))
        .execute()
    )
    if not claimed:
        raise Conflict(f"De jaarovergang naar {new_school_year} is al uitgevoerd.")


def _move_pupils(today, at):
    # Parents first, while their children still are who they were; then leavers: once deactivated they
    # can no longer match "moving up" after their level changed.
    User.update(active=False, deactivated_at=at).where(_parents_leaving(today)).execute()
    User.update(active=False, deactivated_at=at).where(_leaving(today)).execute()
    User.update(level=User.level + 1).where(_moving_up(today)).execute()
    User.update(stays_back=False).where(_staying(today)).execute()


def _archive_groups(new_school_year, at):
    # Memberships, teachers and all group-bound data stay attached: archived groups give no reach.
    Group.update(archived=True, archived_at=at).where(_groups_to_archive(new_school_year)).execute()


def _delete_year_records(new_school_year):
    Attendance.delete().where(_attendance_to_delete(new_school_year)).execute()
    LeaveRecord.delete().where(_leave_to_delete(new_school_year)).execute()


def year_rollover(actor, new_school_year, today=None):
    """Turn the school year over, whole or not at all; returns the report of what it did."""
    permissions.require(actor, "admin")
    today = today or clock.today()
    at = now()
    with db.atomic():
        ended = _check_year(new_school_year)
        report = _report(ended, new_school_year, today)
        _claim_year(ended, new_school_year)
        _move_pupils(today, at)
        _archive_groups(new_school_year, at)
        _delete_year_records(new_school_year)
        carry_rounds_forward(ended, new_school_year)  # the group reviews' rounds, a year later
        audit.record(
            permissions.recorded_as(actor),
            "year_rollover",
            None,
            detail=json.dumps({"from": ended, "to": new_school_year, **report.counts()}),
        )
    statistics.refresh(User, Group, GroupMember, ParentLink)
    report.done = True
    return report
