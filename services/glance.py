"""The school at a glance, for the back office's start page (issue 12): how many pupils, groups and teachers,
the last LAS sync, the next period rollover, scheduled jobs whose last run failed, and groups waiting to be
re-linked after the year rollover. Read only, admins only, in a fixed number of queries whatever the size of
the school (no query per pupil, group, period or job).

    school_at_a_glance(actor, today=None) -> Glance
"""

import dataclasses
import datetime as dt

from peewee import fn

from models import Group, JobRun, LasSyncRun, Period, SchoolSettings, User

from . import clock, permissions


@dataclasses.dataclass
class Glance:
    school_year: str
    pupils: int
    groups: int
    teachers: int
    parents: int
    last_sync: LasSyncRun | None
    due_period: Period | None  # a period that has started and still waits for its rollover
    next_period: Period | None  # the next period to start
    failing_jobs: list  # the latest JobRun of each job whose latest run failed
    to_relink: int  # archived groups made from a LAS group, not re-linked for this school year yet


def _counts():
    """Active pupils, teachers (with assistants) and parents, and this year's groups: one query."""
    year = SchoolSettings.get_current().school_year
    role = User.role
    people = User.select(role, fn.COUNT(User.id)).where(User.active & User.erased_at.is_null()).group_by(role).tuples()
    by_role = dict(people)
    groups = Group.select().where(~Group.archived & (Group.school_year == year)).count()
    return year, by_role, groups


def _periods(year, today):
    periods = list(
        Period.select()
        .where((Period.school_year == year) & Period.rolled_over_at.is_null())
        .order_by(Period.start_date, Period.number)
    )
    due = next((p for p in periods if p.start_date <= today), None)
    upcoming = next((p for p in periods if p.start_date > today), None)
    return due, upcoming


def _failing_jobs():
    latest = JobRun.select(fn.MAX(JobRun.id)).where(JobRun.outcome != "running").group_by(JobRun.job)
    return list(JobRun.select().where(JobRun.id.in_(latest) & (JobRun.outcome == "failed")).order_by(JobRun.job))


def _to_relink(year):
    """Archived groups of earlier years made from a LAS group, for which no group of this year with the same
    name and type has been made from a LAS group yet (services/rollover/relink.py)."""
    source, fresh, fresh_source = Group.alias(), Group.alias(), Group.alias()
    done = (
        fresh.select(fresh.id)
        .join(fresh_source, on=(fresh.source_group == fresh_source.id))
        .where(
            (fresh.school_year == year)
            & ~fresh.archived
            & (fresh.name == Group.name)
            & (fresh.group_type == Group.group_type)
            & fresh_source.las_key.is_null(False)
        )
    )
    return (
        Group.select()
        .join(source, on=(Group.source_group == source.id))
        .where(Group.archived & (Group.school_year != year) & source.las_key.is_null(False) & ~fn.EXISTS(done))
        .count()
    )


def school_at_a_glance(actor, today=None):
    permissions.require(actor, "admin")
    today = today or clock.today()
    year, by_role, groups = _counts()
    due, upcoming = _periods(year, today)
    return Glance(
        school_year=year,
        pupils=by_role.get("pupil", 0),
        groups=groups,
        teachers=by_role.get("teacher", 0) + by_role.get("assistant", 0),
        parents=by_role.get("parent", 0),
        last_sync=LasSyncRun.select().order_by(LasSyncRun.id.desc()).first(),
        due_period=due,
        next_period=upcoming,
        failing_jobs=_failing_jobs(),
        to_relink=_to_relink(year),
    )


def days_until(day, today=None):
    return (day - (today or clock.today())) // dt.timedelta(days=1)
