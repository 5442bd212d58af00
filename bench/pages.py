"""Helpers for the page benchmarks: a signed-in test client on the bench database, a checked GET, the best of
several measurements, the command line and the printed times every page benchmark shares, and a status history
for a generated school."""

import argparse
import datetime as dt
import random
import uuid

import models
from bench.common import CHUNK, Measurement
from models import PlanGoal, Status, StatusChange

STEPS = ("coming", "current", "highlighted", "practising", "achieved")


def database_url(database, server_url=None):
    """The URL of the bench database bound as `database` (a scratch database on `server_url`'s server)."""
    if server_url:
        return server_url.rsplit("/", 1)[0] + "/" + database.database
    return "sqlite:///" + database.database


def page_client(url, user):
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


def get(client, url):
    response = client.get(url)
    if response.status_code != 200:
        raise SystemExit(f"GET {url}: {response.status_code}")
    return response


def best_of(run, rounds):
    """`rounds` measurements combined: the page's fastest time against the bare SQL's fastest time, so that
    a burst of load on a shared machine during one of them does not decide the ratio."""
    results = [run() for _ in range(rounds)]
    return Measurement(results[0].queries, min(r.seconds for r in results), min(r.bare_seconds for r in results))


def page_arguments(doc, argv=None, **extra):
    """The arguments of a page benchmark: --database-url, --repeat, --rounds, and `extra` (name: default)."""
    parser = argparse.ArgumentParser(description=doc.splitlines()[0])
    parser.add_argument("--database-url", help="postgresql://... (default: a temporary SQLite file)")
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--rounds", type=int, default=3, help="measurements; the fastest of each side counts")
    for name, default in extra.items():
        parser.add_argument(f"--{name}", type=type(default), default=default)
    return parser.parse_args(argv)


def print_page_times(name, result, repeat):
    """The two lines every page benchmark prints: the ratio to the bare SQL, and both times per page."""
    print(f"{name}: server time vs bare SQL ratio {result.ratio:.2f}")
    print(
        f"{name}: {result.seconds / repeat * 1000:.1f} ms a page, bare SQL {result.bare_seconds / repeat * 1000:.1f} ms"
    )


def generate_history(author, seed=2026, most=3):
    """Give every plan goal of the bound database 1 to `most` status changes, the last at its changed_at
    (as the services keep it), by `author` or the system; returns the number of changes."""
    rng = random.Random(seed)
    position = {s.id: STEPS.index(s.key) for s in Status.select()}
    status_of = {STEPS.index(s.key): s.id for s in Status.select()}
    rows = []
    names = ("plan_goal", "from_status", "to_status", "changed_by", "changed_at", "channel")
    fields = [getattr(StatusChange, name) for name in names]
    query = PlanGoal.select(PlanGoal.id, PlanGoal.status, PlanGoal.changed_at).tuples()
    with models.db.atomic():
        for plan_goal, status, changed_at in query.iterator():
            last = position[status]
            steps = sorted(rng.sample(range(last), min(last, rng.randrange(most))) + [last])
            moment = changed_at - dt.timedelta(days=len(steps))
            before = None
            for step in steps:
                moment += dt.timedelta(days=1)
                at = changed_at if step == last else moment
                by = author.id if rng.random() < 0.7 else None
                rows.append((plan_goal, before, status_of[step], by, at, "web" if by else "rollover"))
                before = status_of[step]
            if len(rows) >= CHUNK * 10:
                _insert(fields, rows)
                rows = []
        _insert(fields, rows)
    return StatusChange.select().count()


def _insert(fields, rows):
    for start in range(0, len(rows), CHUNK):
        StatusChange.insert_many(rows[start : start + CHUNK], fields=fields).execute()
