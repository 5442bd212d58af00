"""Attendance per lesson block (SPEC 12): present, or absent with a reason from the school's own list.

An Attendance row is what a teacher set for one pupil in one lesson. The later lessons of that day follow it
until another row changes it: a pupil marked "ziek" at 8:30 is absent in every later block of the day, and a
pupil who arrives late is marked present in the block they arrive in, which the blocks after it then follow.
So a pupil's attendance in a lesson is the row of that lesson, else the row of the latest earlier lesson of
the same day (in any of the pupil's groups), else present. Only what a teacher changes is written.

Attendance is for staff: pupils and parents never see it (no page of theirs reads this module).

    presence(item, pupil_ids)                  {pupil id: Presence} in one lesson, in one query
    absent_count(items, members)               {ref key: number absent} for a week's lessons, in one query
    record_attendance(actor, ref, marks)       marks: {pupil id: reason id, or None for present}
    record_for_group(actor, ref, reason=None)  the whole group present, or absent with one reason
"""

import dataclasses
import datetime as dt

from peewee import Value, fn

from models import AbsenceReason, Attendance, GroupMember, Lesson, LessonBlock, User, db, now

from .. import audit, clock, events, permissions
from ..errors import DomainError
from .lessons import lesson_for_writing, lesson_item

PRESENT = None


@dataclasses.dataclass(frozen=True)
class Presence:
    present: bool = True
    reason: str = ""
    set_here: bool = False  # set in this lesson (else carried from an earlier one, or never set)
    carried_from: str = ""  # the earlier lesson it carries over from ("Rekenen 08:30")


@dataclasses.dataclass(frozen=True)
class _Row:
    lesson_id: int
    start: dt.time
    title: str
    recorded_at: dt.datetime
    id: int
    present: bool
    reason: str


def reasons():
    """The school's reasons of absence, in its order (archived ones are no longer offered)."""
    return list(
        AbsenceReason.select().where(~AbsenceReason.archived).order_by(AbsenceReason.position, AbsenceReason.name)
    )


def _rows(first, last, pupil_ids):
    """{(pupil id, date): [_Row]} of the attendance rows from `first` to `last` for these pupils (ids, or a
    query of them), in one query."""
    if isinstance(pupil_ids, list | tuple | set) and not pupil_ids:
        return {}
    query = (
        Attendance.select(
            Attendance.pupil,
            Lesson.date,
            Attendance.lesson,
            Lesson.start_time,
            LessonBlock.start_time,
            Lesson.title,
            LessonBlock.title,
            Attendance.recorded_at,
            Attendance.id,
            Attendance.present,
            Attendance.reason,
        )
        .join(Lesson)
        .join(LessonBlock)
        .where(Lesson.date.between(first, last) & Attendance.pupil.in_(pupil_ids))
    )
    rows = {}
    for pupil_id, day, lesson_id, start, block_start, title, block_title, at, row_id, present, reason in query.tuples():
        own = start is not None
        rows.setdefault((pupil_id, day), []).append(
            _Row(
                lesson_id,
                start if own else block_start,
                title if own else block_title,
                at,
                row_id,
                bool(present),
                reason,
            )
        )
    return rows


def _effective(rows, lesson_id, start):
    """The Presence in a lesson (id or None while planned) starting at `start`, from the pupil's rows of the day."""
    for row in rows:
        if row.lesson_id == lesson_id:
            return Presence(row.present, row.reason, True)
    earlier = [row for row in rows if row.start < start]
    if not earlier:
        return Presence()
    row = max(earlier, key=lambda r: (r.start, r.recorded_at, r.id))
    return Presence(row.present, row.reason, False, f"{row.title} {row.start:%H:%M}")


def presence(item, pupil_ids):
    """{pupil id: Presence} of these pupils in the lesson `item`, in one query."""
    rows = _rows(item.date, item.date, list(pupil_ids))
    return {pid: _effective(rows.get((pid, item.date), []), item.lesson_id, item.start) for pid in pupil_ids}


def absent_count(items, members):
    """{ref key: how many of the lesson's group are absent} for the lessons up to today, in one query
    (`members`: {group id: [pupil ids]})."""
    past = [item for item in items if item.date <= clock.today()]
    if not past:
        return {}
    pupils = sorted({pid for item in past for pid in members.get(item.group_id, ())})
    rows = _rows(min(item.date for item in past), max(item.date for item in past), pupils)
    return {
        item.ref.key: sum(
            not _effective(rows.get((pid, item.date), []), item.lesson_id, item.start).present
            for pid in members.get(item.group_id, ())
            if (pid, item.date) in rows
        )
        for item in past
    }


def absent_pupils(lesson):
    """A subquery of the ids of the pupils of a written lesson's group who are absent from it (for the lesson's
    goal matrix, which then stays at its own number of queries). The rule of the module's docstring, in SQL:
    the pupil's row in this lesson, else that of the latest earlier lesson of the day, else present."""
    here, here_block = Lesson.alias(), LessonBlock.alias()
    own, earlier_row = Attendance.alias(), Attendance.alias()
    earlier, earlier_block = Lesson.alias(), LessonBlock.alias()
    start = fn.COALESCE(earlier.start_time, earlier_block.start_time)
    this_start = (
        here.select(fn.COALESCE(here.start_time, here_block.start_time))
        .join(here_block, on=(here.block == here_block.id))
        .where(here.id == lesson.id)
    )
    set_here = own.select(own.present).where((own.lesson == lesson.id) & (own.pupil == GroupMember.pupil))
    carried = (
        earlier_row.select(earlier_row.present)
        .join(earlier, on=(earlier_row.lesson == earlier.id))
        .join(earlier_block, on=(earlier.block == earlier_block.id))
        .where((earlier_row.pupil == GroupMember.pupil) & (earlier.date == lesson.date) & (start < this_start))
        .order_by(start.desc(), earlier_row.recorded_at.desc(), earlier_row.id.desc())
        .limit(1)
    )
    return GroupMember.select(GroupMember.pupil).where(
        (GroupMember.group == lesson.group_id) & (fn.COALESCE(set_here, carried, Value(True)) == Value(False))
    )


def members_of(group_id):
    """The active pupils of a group, in name order, as User rows."""
    return list(
        User.select()
        .join(GroupMember, on=(GroupMember.pupil == User.id))
        .where((GroupMember.group == group_id) & (User.role == "pupil") & User.active)
        .order_by(User.last_name, User.first_name, User.infix, User.id)
    )


def _check_marks(item, marks):
    """Refuse, before anything is written, a pupil who is not in the lesson or a reason not on the list."""
    members = {pupil.id: pupil for pupil in members_of(item.group_id)}
    strangers = [pid for pid in marks if pid not in members]
    if strangers:
        names = [u.full_name for u in User.select().where(User.id.in_(strangers) & (User.role == "pupil"))]
        who = ", ".join(names) if names else "Deze leerling"
        raise DomainError(f"{who} zit niet in deze les ({item.group_name}). Er is niets opgeslagen.")
    wanted = {reason for reason in marks.values() if reason is not PRESENT}
    known = {r.id: r.name for r in reasons() if r.id in wanted}
    if len(known) != len(wanted):
        raise DomainError("Kies een reden van afwezigheid uit de lijst van de school. Er is niets opgeslagen.")
    return members, known


def record_attendance(actor, ref, marks):
    """Set attendance in one lesson: `marks` maps pupil ids to a reason id (absent) or None (present).
    Only changes are written (a pupil already shown so keeps following the earlier blocks); returns how many
    pupils changed. Bad input is refused whole."""
    item = lesson_item(ref)
    permissions.require(actor, "take_attendance", item, "Alleen de leraar van deze les kan de aanwezigheid bijhouden.")
    if item.date > clock.today():
        raise DomainError("Aanwezigheid houd je bij op de dag van de les zelf, niet vooruit.")
    marks = {int(pid): (None if reason is None else int(reason)) for pid, reason in marks.items()}
    members, names = _check_marks(item, marks)
    current = presence(item, list(marks))
    changes = {
        pid: reason
        for pid, reason in marks.items()
        if (reason is None) != current[pid].present or (reason is not None and names[reason] != current[pid].reason)
    }
    if not changes:
        return 0
    stamp, by = now(), permissions.recorded_as(actor)
    with db.atomic():
        lesson = lesson_for_writing(item)
        for pid, reason in changes.items():
            fields = {
                "present": reason is None,
                "reason": names.get(reason, ""),
                "recorded_by": by,
                "recorded_at": stamp,
            }
            updated = Attendance.update(**fields).where((Attendance.lesson == lesson) & (Attendance.pupil == pid))
            if not updated.execute():
                Attendance.create(lesson=lesson, pupil=pid, **fields)
        audit.record(
            by,
            "attendance",
            lesson,
            detail="; ".join(
                f"{members[pid].full_name}: " + ("aanwezig" if reason is None else f"afwezig ({names[reason]})")
                for pid, reason in changes.items()
            ),
        )
    events.attendance_changed.send(None, lesson=lesson.id, pupils=list(changes), actor=actor)
    return len(changes)


def record_for_group(actor, ref, reason=PRESENT):
    """The whole group at once: everyone present, or everyone absent with one reason."""
    item = lesson_item(ref)
    return record_attendance(actor, ref, {pupil.id: reason for pupil in members_of(item.group_id)})
