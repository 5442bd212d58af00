"""Benchmark of the period rollover on a generated school.

    .venv/bin/python bench/rollover.py [--pupils 1000] [--goals 300] [--small 100] [--database-url postgresql://...]

Prints the number of SQL statements for `--pupils` and `--small` pupils (they must be equal: the rollover
works in bulk statements), the time for `--pupils` pupils, and that time as a ratio to two floors measured in
the same run: the INSERT ... SELECT statements the rollover wrote with, replayed directly in one transaction,
and a plain multi-row insert of the same plan goals and plans (without the status history).
Without --database-url the school lives in a temporary SQLite file; with a PostgreSQL server URL a scratch
database is created on that server and dropped afterwards, and the same rollover is then measured on SQLite
too: PostgreSQL's time as a ratio to SQLite's in the same run (target: within 2x). The school is built with
bulk inserts just before, as after an import: PostgreSQL's statistics of the new rows are whatever the
rollover itself makes sure of.
"""

import argparse
import datetime as dt
import os
import sys
import time

from peewee import Value, fn

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

import models
from bench.common import QueryLog, bench_database
from models import (
    AuditLog,
    Domain,
    Goal,
    Group,
    GroupMember,
    GroupType,
    Period,
    Plan,
    PlanGoal,
    SchoolSettings,
    StatusChange,
    Subject,
    User,
    db,
)
from services import passwords, permissions, rollover

ROUNDS = 3
SUBJECTS = {"Rekenen": 4, "Taal": 4, "Lezen": 2}  # domains per subject


def build_school(pupils, goals=300):
    """Fill the bound database: `goals` goals over levels 1-8 and periods 1-4, pupils in base groups."""
    year = SchoolSettings.get_current().school_year
    with db.atomic():
        for number in range(1, 5):
            start = dt.date(2026, 8, 24) + dt.timedelta(weeks=10 * (number - 1))
            Period.create(
                school_year=year,
                number=number,
                name=f"Periode {number}",
                start_date=start,
                end_date=start + dt.timedelta(weeks=10, days=-1),
            )
        domains = []
        for position, (name, count) in enumerate(SUBJECTS.items()):
            subject = Subject.create(name=name, position=position)
            domains += [Domain.create(subject=subject, name=f"{name} {i + 1}") for i in range(count)]
        Goal.insert_many(
            [
                {
                    "domain": domains[i % len(domains)].id,
                    "title": f"Leerdoel {i + 1}",
                    "level": 1 + (i // 4) % 8,
                    "period": 1 + i % 4,
                }
                for i in range(goals)
            ]
        ).execute()
        password_hash = passwords.hash_password("bench-wachtwoord-1")
        rows = [
            {
                "login": f"leerling{i}@bench.test",
                "password_hash": password_hash,
                "role": "pupil",
                "first_name": f"Leerling{i}",
                "last_name": "Bench",
                "level": 1 + i % 8,
            }
            for i in range(pupils)
        ]
        for start in range(0, len(rows), 500):
            User.insert_many(rows[start : start + 500]).execute()
        base = GroupType.get(GroupType.name == "Stamgroep")
        groups = {}
        for level in range(1, 9):
            for letter in "abcd":
                groups[(level, letter)] = Group.create(
                    name=f"Groep {level}{letter}", group_type=base, school_year=year, year_level=level
                )
        members = [
            {"group": groups[(pupil.level, "abcd"[pupil.id % 4])].id, "pupil": pupil.id}
            for pupil in User.select(User.id, User.level).where(User.role == "pupil")
        ]
        for start in range(0, len(members), 500):
            GroupMember.insert_many(members[start : start + 500]).execute()
    # Period 1 is behind us: its plans exist, and every pupil has two goals on the coming plan, so that the
    # rollover of period 2 also moves coming goals to current and skips goals that are on plans already.
    rollover.period_rollover(permissions.SYSTEM, Period.get(Period.number == 1))
    coming = models.Status.by_key("coming")
    ahead = Goal.alias()
    stamp = models.now()
    pairs = (
        User.select(User.id, ahead.id, Value(coming.id), Value("manual"), Value(stamp), Value(stamp))
        .join(ahead, on=(ahead.level == User.level) & (ahead.period == 3))
        .where(
            (User.role == "pupil")
            & (
                ahead.id.in_(
                    Goal.select(Goal.id)
                    .where((Goal.level == User.level) & (Goal.period == 3))
                    .order_by(Goal.id)
                    .limit(2)
                )
            )
        )
    )
    PlanGoal.insert_from(
        pairs, [PlanGoal.pupil, PlanGoal.goal, PlanGoal.status, PlanGoal.source, PlanGoal.added_at, PlanGoal.changed_at]
    ).execute()
    return Period.get(Period.number == 2)


def undo_rollover(period, coming_ids, since_plan_goal, since_change, since_audit):
    """Put the school back as it was before `period` was rolled over, so that it can be measured again."""
    with db.atomic():
        Plan.delete().where(Plan.period == period).execute()
        StatusChange.delete().where(StatusChange.id > since_change).execute()
        PlanGoal.delete().where(PlanGoal.id > since_plan_goal).execute()
        PlanGoal.update(status=models.Status.by_key("coming")).where(PlanGoal.id.in_(coming_ids)).execute()
        AuditLog.delete().where(AuditLog.id > since_audit).execute()
        Period.update(rolled_over_at=None).where(Period.id == period.id).execute()


def last_id(model):
    return model.select(fn.MAX(model.id)).scalar() or 0


def measure(pupils, goals=300):
    """Statements and best time of the rollover, and the best time of replaying its INSERT statements."""
    period = build_school(pupils, goals)
    coming = models.Status.by_key("coming")
    coming_ids = PlanGoal.select(PlanGoal.id).where(PlanGoal.status == coming)
    coming_ids = [row.id for row in coming_ids]
    marks = coming_ids, last_id(PlanGoal), last_id(StatusChange), last_id(AuditLog)
    rollover_times, replay_times, bulk_times, statements = [], [], [], []
    for _ in range(ROUNDS):
        with QueryLog() as log:
            started = time.perf_counter()
            result = rollover.period_rollover(permissions.SYSTEM, Period.get_by_id(period.id))
            rollover_times.append(time.perf_counter() - started)
        statements = log.statements
        assert result.done and result.plans == pupils, result
        added = list(
            PlanGoal.select(PlanGoal.pupil, PlanGoal.goal, PlanGoal.status, PlanGoal.added_at)
            .where(PlanGoal.id > marks[1])
            .dicts()
        )
        plans = list(Plan.select(Plan.pupil, Plan.period).where(Plan.period == period).dicts())
        plan_goals = len(added)
        undo_rollover(period, *marks)
        started = time.perf_counter()
        with db.atomic():
            for start in range(0, len(added), 1000):
                PlanGoal.insert_many(
                    [{**row, "changed_at": row["added_at"]} for row in added[start : start + 1000]]
                ).execute()
            Plan.insert_many(plans).execute()
        bulk_times.append(time.perf_counter() - started)
        undo_rollover(period, *marks)
        inserts = [
            (sql, params)
            for sql, params in statements
            if sql.lstrip().upper().startswith("INSERT") and 'INTO "audit_log"' not in sql
        ]
        started = time.perf_counter()
        with db.atomic():
            for sql, params in inserts:
                db.execute_sql(sql, params)
        replay_times.append(time.perf_counter() - started)
        undo_rollover(period, *marks)
    db.close()
    return len(statements), min(rollover_times), min(replay_times), min(bulk_times), plan_goals


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--database-url", help="PostgreSQL server URL (default: a temporary SQLite file)")
    parser.add_argument("--pupils", type=int, default=1000)
    parser.add_argument("--goals", type=int, default=300)
    parser.add_argument("--small", type=int, default=100)
    args = parser.parse_args(argv)
    passwords.configure(fast=True)

    with bench_database(args.database_url, "rollover_small"):
        small_queries = measure(args.small, args.goals)[0]
    with bench_database(args.database_url, "rollover_large") as database:
        queries, seconds, floor, bulk, plan_goals = measure(args.pupils, args.goals)
    backend = "PostgreSQL" if isinstance(database, models.PostgresqlDatabase) else "SQLite"
    print(f"database: {backend}")
    print(f"period rollover {args.pupils} pupils: queries {queries} ({args.small} pupils: {small_queries})")
    print(f"period rollover {args.pupils} pupils: {seconds * 1000:.0f} ms ({plan_goals} goals added to plans)")
    print(f"bare INSERT ... SELECT statements of that rollover: {floor * 1000:.0f} ms")
    print(f"plain bulk insert of the same plan goals and plans (no history): {bulk * 1000:.0f} ms")
    print(f"period rollover {args.pupils} pupils vs bare inserts: ratio {seconds / floor:.2f}")
    print(f"period rollover {args.pupils} pupils vs plain bulk insert: ratio {seconds / bulk:.2f}")
    within = True
    if backend == "PostgreSQL":
        with bench_database(None, "rollover_sqlite"):
            sqlite_seconds = measure(args.pupils, args.goals)[1]
        within = seconds <= 2 * sqlite_seconds
        print(f"the same rollover on SQLite: {sqlite_seconds * 1000:.0f} ms")
        print(
            f"period rollover {args.pupils} pupils x {args.goals} goals: PostgreSQL vs SQLite "
            f"ratio {seconds / sqlite_seconds:.2f}"
        )
    return 0 if queries == small_queries and within else 1


if __name__ == "__main__":
    sys.exit(main())
