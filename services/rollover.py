"""Period rollover (periodewissel) and year rollover (jaarovergang), SPEC.md 3 and 10.

    period_rollover(actor, period) -> PeriodRolloverResult
    due_periods(today=None) -> query of the periods of this school year whose rollover is due
    year_rollover_preview(actor, new_school_year, today=None) -> YearRolloverReport   (writes nothing)
    year_rollover(actor, new_school_year, today=None) -> YearRolloverReport            (one transaction)
    relink_candidates(actor) -> [RelinkEntry]
    relink_group(actor, old_group, new_source_group) -> Group

The year rollover never moves data from one group to another: it archives the old groups with everything
attached to them (chat, notes, documents, lessons, analyses), so that a new group, even one with the same
name, starts empty and its members and parents never see the old group's data (seeds/004).
"""
import dataclasses
import datetime as dt
import json
import re

from peewee import Value, fn

from models import (Attendance, ChatMessage, Document, ExitLevel, Group, GroupMember, GroupReview, GroupTeacher,
                    LeaveRecord, Lesson, LessonBlock, Note, ParentLink, Period, Plan, SchoolSettings, TestResult, User,
                    WeekTemplate, db, now)

from . import audit, permissions
from .errors import Conflict, DomainError, NotFound

LAST_LEVEL = 8
_YEAR = re.compile(r"^(\d{4})-(\d{4})$")


# --- Period rollover -----------------------------------------------------------------------------------


@dataclasses.dataclass
class PeriodRolloverResult:
    period_id: int
    period_name: str
    done: bool  # False when it had run already: nothing was written
    plans: int = 0  # plans of this period after the rollover (one per pupil)


def current_school_year():
    return SchoolSettings.get_current().school_year


def due_periods(today=None):
    """The periods of the running school year that have started and were not rolled over yet."""
    today = today or dt.date.today()
    return (Period.select()
            .where((Period.school_year == current_school_year()) & (Period.start_date <= today)
                   & Period.rolled_over_at.is_null())
            .order_by(Period.start_date, Period.number))


def period_rollover(actor, period):
    """Generate every active pupil's plan for `period` in one transaction; a second call does nothing."""
    from . import plans  # written alongside; imported late so that this module loads on its own

    permissions.require(actor, "admin")
    if period.school_year != current_school_year():
        raise DomainError(f"{period.name} hoort niet bij het lopende schooljaar {current_school_year()}.")
    with db.atomic():
        # Claiming the period first makes a concurrent or repeated run find nothing to do.
        claimed = (Period.update(rolled_over_at=now())
                   .where((Period.id == period.id) & Period.rolled_over_at.is_null())
                   .execute())
        if not claimed:
            return PeriodRolloverResult(period.id, period.name, done=False)
        plans.generate_plans(actor, period, channel="rollover")
        count = Plan.select().where(Plan.period == period).count()
        audit.record(permissions.recorded_as(actor), "period_rollover", period,
                     detail=json.dumps({"plans": count}))
    period.rolled_over_at = Period.get_by_id(period.id).rolled_over_at
    return PeriodRolloverResult(period.id, period.name, done=True, plans=count)


def running_period():
    """The period pupils work in now: the latest of this school year that has been rolled over."""
    return (Period.select()
            .where((Period.school_year == current_school_year()) & Period.rolled_over_at.is_null(False))
            .order_by(Period.start_date.desc(), Period.number.desc()).first())


def plans_for_newcomers(actor, channel="rollover"):
    """Give pupils who arrived after the running period's rollover (import, LAS sync, back office) their
    plan for it, as the rollover would have; pupils with a plan are left alone. Returns the
    GenerationResult, or None when no period is running yet."""
    from . import plans

    period = running_period()
    return plans.generate_plans(actor, period, channel=channel) if period else None


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
        return {"moving_up": len(self.moving_up), "staying": len(self.staying), "leaving": len(self.leaving),
                "parents_leaving": len(self.parents_leaving),
                "groups_archived": len(self.groups_to_archive), "groups_to_relink": len(self.groups_to_relink),
                "attendance_deleted": self.attendance_deleted,
                "leave_records_deleted": self.leave_records_deleted, **self.group_data}


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
    return (_active_pupil() & _not_left(today) & ~User.stays_back & User.level.is_null(False)
            & (User.level < LAST_LEVEL))


def _unchanged(today):
    return _active_pupil() & _not_left(today) & ~User.stays_back & User.level.is_null()


def _parents_leaving(today):
    """Parents with linked children of whom none stays: with the last child, the parent account ends."""
    remaining = User.select(User.id).where(_moving_up(today) | _staying(today) | _unchanged(today))
    return ((User.role == "parent") & User.active
            & User.id.in_(ParentLink.select(ParentLink.parent))
            & User.id.not_in(ParentLink.select(ParentLink.parent).where(ParentLink.pupil.in_(remaining))))


def _groups_to_archive(new_school_year):
    return ~Group.archived & (Group.school_year != new_school_year)


def _ended_lessons(new_school_year):
    old_groups = Group.select(Group.id).where(Group.school_year != new_school_year)
    old_blocks = (LessonBlock.select(LessonBlock.id).join(WeekTemplate)
                  .where(WeekTemplate.school_year != new_school_year))
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
)


def _pupil_entries(condition, new_level=None, reason=None, today=None):
    pupils = User.select().where(condition).order_by(User.level, User.last_name, User.first_name, User.id)
    entries = []
    for pupil in pupils:
        why = ""
        if reason:
            why = (f"uitgeschreven per {pupil.left_on:%d-%m-%Y}" if pupil.left_on and pupil.left_on < today
                   else f"groep {pupil.level} afgerond")
        entries.append(PupilEntry(pupil.id, pupil.full_name, pupil.level,
                                  new_level(pupil) if new_level else pupil.level, why))
    return entries


def _group_entries(condition):
    groups = list(Group.select().where(condition).order_by(Group.name, Group.id))
    ids = [g.id for g in groups]
    if not ids:
        return []
    data = {g.id: {} for g in groups}
    for kind, model, column in GROUP_DATA:
        for group_id, count in (model.select(column, fn.COUNT(model.id)).where(column.in_(ids))
                                .group_by(column).tuples()):
            data[group_id][kind] = count
    members = dict(GroupMember.select(GroupMember.group, fn.COUNT(GroupMember.id))
                   .where(GroupMember.group.in_(ids)).group_by(GroupMember.group).tuples())
    sources = {g.id: g.name for g in Group.select(Group.id, Group.name)
               .where(Group.id.in_([g.source_group_id for g in groups if g.source_group_id]))}
    return [GroupEntry(g.id, g.name, g.group_type.name, g.school_year, members.get(g.id, 0),
                       sources.get(g.source_group_id, ""), data[g.id]) for g in groups]


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
        parents_leaving=[user.full_name for user in User.select().where(_parents_leaving(today))
                         .order_by(User.last_name, User.first_name, User.id)],
        groups_to_archive=groups,
        groups_to_relink=_group_entries(_groups_to_archive(new_school_year) & _from_las_group()),
        attendance_deleted=Attendance.select().where(_attendance_to_delete(new_school_year)).count(),
        leave_records_deleted=LeaveRecord.select().where(_leave_to_delete(new_school_year)).count(),
        group_data=group_data,
    )


def year_rollover_preview(actor, new_school_year, today=None):
    """What `year_rollover` would change, without writing anything."""
    permissions.require(actor, "admin")
    today = today or dt.date.today()
    return _report(_check_year(new_school_year), new_school_year, today)


# --- Year rollover: the steps, each a bulk statement -------------------------------------------------------


def _claim_year(ended, new_school_year):
    claimed = (SchoolSettings.update(school_year=new_school_year, updated_at=now())
               .where((SchoolSettings.id == SchoolSettings.get_current().id)
                      & (SchoolSettings.school_year == ended))
               .execute())
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
    today = today or dt.date.today()
    at = now()
    with db.atomic():
        ended = _check_year(new_school_year)
        report = _report(ended, new_school_year, today)
        _claim_year(ended, new_school_year)
        _move_pupils(today, at)
        _archive_groups(new_school_year, at)
        _delete_year_records(new_school_year)
        audit.record(permissions.recorded_as(actor), "year_rollover", None,
                     detail=json.dumps({"from": ended, "to": new_school_year, **report.counts()}))
    report.done = True
    return report


# --- Re-linking groups that were made from a LAS group -------------------------------------------------


@dataclasses.dataclass
class RelinkEntry:
    old_group: Group
    old_source: Group
    suggested: Group | None  # the new year's LAS group with the old source's LAS key, once synced
    relinked: Group | None  # the fresh group made for it already, if any


def las_groups_of_year(school_year):
    return (Group.select().where(~Group.archived & Group.las_key.is_null(False) & (Group.school_year == school_year))
            .order_by(Group.name))


def _relinked(old_group, school_year):
    source = Group.alias()
    return (Group.select().join(source, on=(Group.source_group == source.id))
            .where((Group.school_year == school_year) & ~Group.archived & (Group.name == old_group.name)
                   & (Group.group_type == old_group.group_type_id) & source.las_key.is_null(False))
            .first())


def relink_candidates(actor):
    """Archived groups of earlier years that were made from a LAS group, with the new LAS group to use."""
    permissions.require(actor, "admin")
    year = current_school_year()
    source = Group.alias()
    old_groups = (Group.select(Group, source).join(source, on=(Group.source_group == source.id))
                  .where(Group.archived & (Group.school_year != year) & source.las_key.is_null(False))
                  .order_by(Group.name, Group.id))
    by_key = {g.las_key: g for g in las_groups_of_year(year)}
    return [RelinkEntry(g, g.source_group, by_key.get(g.source_group.las_key), _relinked(g, year))
            for g in old_groups]


def relink_group(actor, old_group, new_source_group):
    """A fresh group for the new year made from `new_source_group`: same name, type and teachers, the new
    LAS group's members, and none of the old group's data (it is a new row)."""
    permissions.require(actor, "admin")
    year = current_school_year()
    old_group = Group.get_or_none(Group.id == getattr(old_group, "id", old_group))
    new_source_group = Group.get_or_none(Group.id == getattr(new_source_group, "id", new_source_group))
    if old_group is None or new_source_group is None:
        raise NotFound("Deze groep bestaat niet.")
    if not old_group.archived or old_group.source_group is None or old_group.source_group.las_key is None:
        raise DomainError(f"{old_group.name} staat niet op de lijst om opnieuw te koppelen.")
    if new_source_group.archived or new_source_group.las_key is None or new_source_group.school_year != year:
        raise DomainError(f"Kies een LAS-groep van schooljaar {year}.")
    with db.atomic():
        if _relinked(old_group, year) is not None:
            raise Conflict(f"{old_group.name} is al opnieuw gekoppeld.")
        group = Group.create(name=old_group.name, group_type=old_group.group_type_id, school_year=year,
                             year_level=new_source_group.year_level, source_group=new_source_group,
                             created_by=permissions.recorded_as(actor))
        teachers = (GroupTeacher.select(Value(group.id), GroupTeacher.teacher)
                    .join(User).where((GroupTeacher.group == old_group) & User.active))
        GroupTeacher.insert_from(teachers, [GroupTeacher.group, GroupTeacher.teacher]).execute()
        members = (GroupMember.select(Value(group.id), GroupMember.pupil, Value(group.created_at))
                   .join(User).where((GroupMember.group == new_source_group) & User.active))
        GroupMember.insert_from(members, [GroupMember.group, GroupMember.pupil, GroupMember.added_at]).execute()
        audit.record(permissions.recorded_as(actor), "group_relinked", group,
                     detail=json.dumps({"old_group": old_group.id, "source_group": new_source_group.id}))
    return group
