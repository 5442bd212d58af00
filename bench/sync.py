"""Benchmark of the LAS sync on a generated 1,000-pupil school (issue 4, point 6).

    .venv/bin/python bench/sync.py [--pupils 1000] [--database-url postgresql://...] [--repeat 5]

Times, in one run, parsing the file alone, the first sync into an empty database and a second sync of the
same file, and prints each sync as a ratio to the parse (targets: within 3x and within 1.5x). The second
sync's writes to school data are counted by wrapping `models.db.obj.execute_sql`; the run record it keeps
of itself (las_sync_run) is counted apart. Without --database-url an empty temporary SQLite file is used;
a PostgreSQL database given by URL is emptied first (use a throwaway one).
"""
import argparse
import datetime as dt
import gc
import os
import statistics
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

import migrations  # noqa: E402
import models  # noqa: E402
from services import edexml, las_sync, school  # noqa: E402
from services.permissions import SYSTEM  # noqa: E402
from tests.edexml import generate  # noqa: E402

WRITES = ("INSERT", "UPDATE", "DELETE")


def _empty(database):
    tables = [m._meta.table_name for m in models.ALL_MODELS if m is not models.SchemaVersion]
    if isinstance(database, models.PostgresqlDatabase):
        database.execute_sql("TRUNCATE " + ", ".join(f'"{t}"' for t in tables) + " RESTART IDENTITY CASCADE")
    else:
        database.execute_sql("PRAGMA foreign_keys = OFF")
        for table in tables:
            database.execute_sql(f'DELETE FROM "{table}"')
        database.execute_sql("PRAGMA foreign_keys = ON")


class WriteCounter:
    """Counts INSERT/UPDATE/DELETE statements sent through the bound database while active."""

    def __init__(self, database):
        self.database, self.data, self.run_log = database, 0, 0
        self._original = database.execute_sql

    def __enter__(self):
        def counting(sql, params=None, *args, **kwargs):
            if sql.lstrip().upper().startswith(WRITES):
                if "las_sync_run" in sql:
                    self.run_log += 1
                else:
                    self.data += 1
            return self._original(sql, params, *args, **kwargs)

        self.database.execute_sql = counting
        return self

    def __exit__(self, *exc):
        del self.database.execute_sql  # back to the class's method


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pupils", type=int, default=1000)
    parser.add_argument("--database-url")
    parser.add_argument("--repeat", type=int, default=7, help="timed repetitions (the median counts)")
    args = parser.parse_args()

    data = generate(args.pupils)
    today = dt.date(2026, 10, 1)
    with tempfile.TemporaryDirectory() as folder:
        url = args.database_url or "sqlite:///" + os.path.join(folder, "bench.db")
        database = models.bind_database(url)
        migrations.upgrade()
        parse_times, first_times, second_times, writes = [], [], [], []
        for _ in range(args.repeat):
            with database.connection_context():
                _empty(database)
                school.ensure_defaults()
            gc.collect()
            gc.disable()
            try:
                started = time.perf_counter()
                edexml.parse(data)
                parse_times.append(time.perf_counter() - started)
                # Connected as the scheduled job and a web request are: the sync uses the open connection.
                with database.connection_context():
                    started = time.perf_counter()
                    first = las_sync.run_sync(SYSTEM, data, "upload", "bench.xml", today=today)
                    first_times.append(time.perf_counter() - started)
                    assert first.outcome == "ok", first.errors
                    with WriteCounter(models.db.obj) as counter:
                        started = time.perf_counter()
                        second = las_sync.run_sync(SYSTEM, data, "upload", "bench.xml", today=today)
                        second_times.append(time.perf_counter() - started)
                    assert second.outcome == "unchanged", second.errors
                writes.append((counter.data, counter.run_log))
            finally:
                gc.enable()

    parse, first, second = (statistics.median(t) for t in (parse_times, first_times, second_times))
    # Each ratio is taken within one repetition (parse, first and second sync back to back), then the
    # median over repetitions: a busy machine slows all three alike.
    first_ratio = statistics.median(f / p for f, p in zip(first_times, parse_times))
    second_ratio = statistics.median(s / p for s, p in zip(second_times, parse_times))
    kind = "PostgreSQL" if url.startswith("postgres") else "SQLite"
    print(f"{kind}, {args.pupils} pupils, {len(data) / 1024:.0f} KiB, median of {args.repeat}: "
          f"parse {parse * 1000:.1f} ms, first sync {first * 1000:.1f} ms, second sync {second * 1000:.1f} ms")
    print(f"first sync {args.pupils} pupils vs parse: ratio {first_ratio:.2f}")
    data_writes, log_writes = max(writes)
    print(f"second unchanged sync vs parse: ratio {second_ratio:.2f} (writes {data_writes}; "
          f"its own run record: {log_writes} statements)")


if __name__ == "__main__":
    main()
