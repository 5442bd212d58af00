"""Shared benchmark helpers: a throwaway database, a generated school, query counting and timing.

Every benchmark prints ratios to a floor measured in the same run: the floor of a view is the SQL it sent,
run bare through the DB-API cursor the same number of times.
"""

import argparse
import contextlib
import datetime as dt
import os
import random
import tempfile
import time
import uuid
from dataclasses import dataclass

import migrations
import models
from database import bind_database, release_database
from models import Domain, Goal, Group, GroupMember, GroupType, PlanGoal, Status, Subject, User
from services import school
from tests.support.databases import QueryLog, postgres_database

CHUNK = 1000  # rows per bulk insert: well under SQLite's limit on bound parameters


@dataclass
class Measurement:
    queries: int
    seconds: float  # the view, `repeat` times
    bare_seconds: float  # its recorded SQL through the DB-API cursor, `repeat` times

    @property
    def ratio(self):
        return self.seconds / self.bare_seconds if self.bare_seconds else float("inf")


def run_bare(statements, repeat, database=None):
    """Seconds to run the recorded statements `repeat` times through a plain cursor, fetching every row."""
    database = database or models.db.obj
    start = time.perf_counter()
    for _ in range(repeat):
        for sql, params in statements:
            cursor = database.cursor()
            cursor.execute(sql, params)
            cursor.fetchall()
    return time.perf_counter() - start


def measure(view, repeat=20, warmup=3):
    """Count the queries of `view()` and time it against its bare SQL; the best of three rounds each."""
    for _ in range(warmup):
        view()
    with QueryLog() as log:
        view()
    run_bare(log.statements, warmup)
    seconds, bare = [], []
    for _ in range(3):
        start = time.perf_counter()
        for _ in range(repeat):
            view()
        seconds.append(time.perf_counter() - start)
        bare.append(run_bare(log.statements, repeat))
    return Measurement(log.count, min(seconds), min(bare))


def signed_in_client(url, user):
    """A test client of a fresh app on the bench database, signed in as `user`."""
    from app import create_app

    app = create_app(
        {
            "TESTING": True,
            "DATABASE_URL": url,
            "SECRET_KEY": uuid.uuid4().hex,
            "FAST_PASSWORD_HASHING": True,
            "WTF_CSRF_ENABLED": False,
        }
    )
    client = app.test_client()
    with client.session_transaction() as session:
        session["_user_id"] = str(user.id)
        session["_fresh"] = True
    return client


def get_page(client, url):
    """GET `url`; a page that does not answer 200 ends the benchmark."""
    response = client.get(url)
    if response.status_code != 200:
        raise SystemExit(f"GET {url}: {response.status_code}")
    return response


def best_of(run, rounds):
    """`rounds` measurements combined: the page's fastest time against the bare SQL's fastest time, so that
    a burst of load on a shared machine during one of them does not decide the ratio."""
    results = [run() for _ in range(rounds)]
    return Measurement(results[0].queries, min(r.seconds for r in results), min(r.bare_seconds for r in results))


def page_arguments(description, argv=None):
    """The options of a page benchmark: --database-url, --repeat (page loads a measurement), --rounds."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--database-url", help="postgresql://... (default: a temporary SQLite file)")
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--rounds", type=int, default=3, help="measurements; the fastest of each side counts")
    return parser.parse_args(argv)


def app_database_url(database, server_url=None):
    """The URL an app uses for the bench database `database` (made by bench_database from `server_url`)."""
    if server_url:
        return server_url.rsplit("/", 1)[0] + "/" + database.database
    return "sqlite:///" + database.database


@contextlib.contextmanager
def bench_database(url=None, name="matrix"):
    """Bind the models to a fresh database with schema and defaults, connected; dropped afterwards.

    With a postgresql:// url, a new database `doelpunt_bench_<name>_<pid>` on that server; otherwise a
    temporary SQLite file (WAL, foreign keys).
    """
    with contextlib.ExitStack() as stack:
        if url and url.startswith("postgres"):
            url = stack.enter_context(postgres_database(url, f"doelpunt_bench_{name}_{os.getpid()}"))
        else:
            folder = stack.enter_context(tempfile.TemporaryDirectory(prefix="doelpunt-bench-"))
            url = "sqlite:///" + os.path.join(folder, "bench.db")
        database = bind_database(url)
        migrations.upgrade()
        database.connect()
        try:
            school.ensure_defaults()
            yield database
        finally:
            release_database()  # the app's pool too, before the database is dropped


@dataclass
class BenchSchool:
    teacher: User
    group_ids: list  # the base groups; the first has `matrix_group_size` pupils
    small_group_id: int  # a small project group, for showing that query counts stay fixed
    pupil_count: int
    goal_count: int
    plan_goal_count: int


STATUS_WEIGHTS = {"coming": 15, "current": 25, "highlighted": 10, "practising": 15, "achieved": 35}


def _insert(model, fields, rows):
    for start in range(0, len(rows), CHUNK):
        model.insert_many(rows[start : start + CHUNK], fields=fields).execute()


def generate_school(
    pupils=400,
    groups=16,
    matrix_group_size=30,
    small_group_size=5,
    goals=300,
    subjects=4,
    domains_per_subject=3,
    goals_per_pupil=150,
    seed=2026,
):
    """Fill the bound (empty) database with a school, with bulk inserts; return what was made."""
    rng = random.Random(seed)
    base = dt.datetime(2026, 9, 1, 8, 0)
    with models.db.atomic():
        teacher = User.create(
            login="leraar@bench.test", password_hash="-", role="teacher", first_name="Lies", last_name="Leraar"
        )
        stamgroep = GroupType.get(name="Stamgroep")
        group_ids = [
            Group.create(
                name=f"Groep {n + 1}", group_type=stamgroep, school_year="2026-2027", year_level=1 + n * 8 // groups
            ).id
            for n in range(groups)
        ]
        rest = pupils - matrix_group_size
        sizes = [matrix_group_size] + [rest // (groups - 1) + (n < rest % (groups - 1)) for n in range(groups - 1)]
        rows, membership = [], []
        for n, size in enumerate(sizes):
            level = 1 + n * 8 // groups
            for _ in range(size):
                number = len(rows) + 1
                rows.append(
                    (
                        f"leerling{number}@bench.test",
                        "-",
                        "pupil",
                        f"Voornaam{rng.randrange(10**6)}",
                        rng.choice(("", "de", "van", "van der")),
                        f"Achternaam{number:04d}",
                        level,
                    )
                )
                membership.append(n)
        _insert(
            User,
            [User.login, User.password_hash, User.role, User.first_name, User.infix, User.last_name, User.level],
            rows,
        )
        ids = dict(User.select(User.login, User.id).where(User.role == "pupil").tuples())
        pupil_ids = [ids[row[0]] for row in rows]
        _insert(
            GroupMember,
            [GroupMember.group, GroupMember.pupil],
            [(group_ids[n], pid) for n, pid in zip(membership, pupil_ids)],
        )
        project = GroupType.get(name="Projectgroep")
        small = Group.create(name="Instructiegroepje", group_type=project, school_year="2026-2027")
        _insert(
            GroupMember,
            [GroupMember.group, GroupMember.pupil],
            [(small.id, pid) for pid in pupil_ids[:small_group_size]],
        )

        domain_ids = []
        for s in range(subjects):
            subject = Subject.create(name=f"Hoofdgebied {s + 1}", position=s)
            domain_ids += [
                Domain.create(subject=subject, name=f"Deelgebied {s + 1}.{d + 1}", position=d).id
                for d in range(domains_per_subject)
            ]
        _insert(
            Goal,
            [Goal.domain, Goal.title, Goal.level, Goal.period, Goal.position],
            [
                (
                    domain_ids[n % len(domain_ids)],
                    f"Leerdoel {n + 1}: ik kan iets nieuws",
                    1 + n * 8 // goals,
                    1 + n % 4,
                    n,
                )
                for n in range(goals)
            ],
        )
        goal_ids = [g for (g,) in Goal.select(Goal.id).tuples()]

        status_ids = {s.key: s.id for s in Status.select()}
        keys, weights = list(STATUS_WEIGHTS), list(STATUS_WEIGHTS.values())
        plan_rows = []
        for pid in pupil_ids:
            for goal_id in rng.sample(goal_ids, min(goals_per_pupil, len(goal_ids))):
                changed = base + dt.timedelta(seconds=rng.randrange(10**7), microseconds=rng.randrange(10**6))
                plan_rows.append((pid, goal_id, status_ids[rng.choices(keys, weights)[0]], changed, changed))
        _insert(
            PlanGoal,
            [PlanGoal.pupil, PlanGoal.goal, PlanGoal.status, PlanGoal.added_at, PlanGoal.changed_at],
            plan_rows,
        )
    return BenchSchool(teacher, group_ids, small.id, len(pupil_ids), len(goal_ids), len(plan_rows))
