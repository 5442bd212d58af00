"""SQLite in the gevent web process (database._CooperativeSqliteMixin): a writer waiting for another
greenlet's write lock must let that greenlet run and finish, not freeze the event loop in SQLite's busy
handler until the timeout. Run in a fresh, monkey-patched python process, as wsgi.py runs the app."""

import subprocess
import sys
import textwrap

from tests.support.servers import ROOT

PROGRAM = textwrap.dedent(
    """
    from gevent import monkey
    monkey.patch_all()
    import sys, time
    import gevent
    import models
    from database import bind_database
    from models import Subject

    database = bind_database("sqlite:///" + sys.argv[1])
    with database.connection_context():
        database.create_tables([Subject])
    assert type(database).__mro__[1].__name__ == "_CooperativeSqliteMixin"

    def holder():
        with database.connection_context(), database.atomic():
            Subject.create(name="first")
            gevent.sleep(0.5)  # yields while holding SQLite's write lock, as any I/O in a transaction does

    def second_writer():
        gevent.sleep(0.05)
        with database.connection_context():
            with database.atomic():  # BEGIN IMMEDIATE: waits for the holder
                Subject.create(name="second")
            Subject.create(name="third")  # a write outside a transaction

    ticks = []

    def clock():
        while len(ticks) < 10:
            ticks.append(time.monotonic())
            gevent.sleep(0.05)

    start = time.monotonic()
    gevent.joinall([gevent.spawn(holder), gevent.spawn(second_writer), gevent.spawn(clock)], raise_error=True)
    with database.connection_context():
        print(sorted(s.name for s in Subject.select()), round(time.monotonic() - start, 2), len(ticks))
    """
)


def test_a_writer_waits_for_another_greenlets_lock_without_freezing_the_loop(tmp_path):
    done = subprocess.run(
        [sys.executable, "-c", PROGRAM, str(tmp_path / "gevent.db")],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    names, seconds, ticks = done.stdout.rsplit(" ", 2)
    assert names == "['first', 'second', 'third']"
    assert float(seconds) < 2  # not the 10 s busy timeout
    assert int(ticks) == 10  # the loop kept running while the second writer waited
