"""Applying a LAS sync run's changes: one transaction of bulk statements, which also records the outcome."""

import json
from collections import defaultdict

from peewee import PostgresqlDatabase, chunked

from models import Group, GroupMember, GroupTeacher, LasSyncRun, ParentLink, User, db, now

from .. import statistics
from ..bulk import insert_dicts
from .compare import SyncRejected
from .match import plain_rows

MAX_CHANGE_LINES = 2000
_LOCK_ID = 0x1A5_5EC  # PostgreSQL advisory lock: one apply phase at a time


def apply_changes(run, changes, progress):
    with db.atomic():  # on SQLite BEGIN IMMEDIATE (database.bind_database): the write lock before any read
        if isinstance(db.obj, PostgresqlDatabase):
            db.execute_sql("SELECT pg_advisory_xact_lock(%s)", (_LOCK_ID,))
        overtaken = (
            LasSyncRun.select()
            .where(
                (LasSyncRun.id != run.id) & (LasSyncRun.outcome == "ok") & (LasSyncRun.finished_at >= run.started_at)
            )
            .exists()
        )
        if overtaken:
            raise SyncRejected(
                "Tegelijk is een andere synchronisatie doorgevoerd; deze run is daarom niet "
                "doorgevoerd. Start hem opnieuw."
            )
        insert_dicts(Group, changes.group_inserts)
        _update_grouped(Group, changes.group_updates)
        progress(70)
        insert_dicts(User, changes.user_inserts)
        _update_grouped(User, changes.user_updates)
        progress(80)
        _delete(GroupMember, changes.member_deletes)
        _delete(GroupTeacher, changes.teacher_deletes)
        _delete(ParentLink, changes.parent_deletes)
        group_ids = (
            _ids(Group, Group.las_key, Group.school_year == changes.year)
            if (changes.member_inserts or changes.teacher_inserts)
            else {}
        )
        user_ids = (
            _ids(User, User.las_key, None)
            if (changes.member_inserts or changes.teacher_inserts or changes.parent_inserts)
            else {}
        )
        insert_dicts(GroupMember, [{"group": group_ids[g], "pupil": user_ids[p]} for g, p in changes.member_inserts])
        insert_dicts(
            GroupTeacher, [{"group": group_ids[g], "teacher": user_ids[t]} for g, t in changes.teacher_inserts]
        )
        insert_dicts(ParentLink, [{"parent": user_ids[p], "pupil": user_ids[c]} for p, c in changes.parent_inserts])
        progress(95)
        # Runs that never finished (their process died) wrote nothing: say so.
        LasSyncRun.update(
            outcome="failed",
            finished_at=now(),
            errors="Onderbroken voordat de wijzigingen waren doorgevoerd; er is niets gewijzigd.",
        ).where((LasSyncRun.outcome == "running") & (LasSyncRun.id < run.id)).execute()
        finish(run, "ok", changes)
    statistics.refresh(Group, User, GroupMember, GroupTeacher, ParentLink)


def _ids(model, key_field, condition):
    """{las_key: id} of every row with a las_key (that meets `condition`)."""
    where = key_field.is_null(False) if condition is None else (key_field.is_null(False) & condition)
    return dict(plain_rows(model.select(key_field, model.id).where(where)))


def _update_grouped(model, updates):
    """One UPDATE … WHERE id IN (…) per distinct set of new values."""
    by_values = defaultdict(list)
    for row_id, values in updates:
        by_values[tuple(sorted(values.items(), key=lambda item: item[0]))].append(row_id)
    for values, ids in by_values.items():
        for chunk in chunked(ids, 500):
            model.update(**dict(values)).where(model.id.in_(chunk)).execute()


def _delete(model, ids):
    for chunk in chunked(ids, 500):
        model.delete().where(model.id.in_(chunk)).execute()


def finish(run, outcome, changes):
    LasSyncRun.update(
        outcome=outcome,
        finished_at=now(),
        progress=100,
        counts=json.dumps(dict(sorted(changes.counts.items()))),
        changes=_change_text(changes),
    ).where(LasSyncRun.id == run.id).execute()


def _change_text(changes):
    lines = changes.lines[:MAX_CHANGE_LINES]
    if len(changes.lines) > MAX_CHANGE_LINES:
        lines.append(f"… en nog {len(changes.lines) - MAX_CHANGE_LINES} wijzigingen.")
    return "\n".join(lines + [f"Let op: {note}" for note in changes.notes])
