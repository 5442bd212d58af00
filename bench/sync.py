"""Benchmark of the LAS sync on a generated 1,000-pupil school (issue 4, point 6).

    .venv/bin/python bench/sync.py [--pupils 1000] [--database-url postgresql://...] [--repeat 5]

Times, in one run, parsing the file alone, the first sync into an empty database and a second sync of the
same file, and prints each sync as a ratio to the parse (targets: within 3x and within 1.5x). The second
sync's writes to school data are counted from the statements it sends (bench.common.QueryLog); the run
record it keeps of itself (las_sync_run) is counted apart. Without --database-url a temporary SQLite file is
used; with a PostgreSQL server URL a scratch database is created on that server and dropped afterwards.
Every repetition starts from empty tables.
"""

import argparse
import datetime as dt
import gc
import os
import statistics
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

import models
from bench.common import QueryLog, bench_database
from services import las, school
from services.las import edexml
from services.permissions import SYSTEM
from tests.support.edexml import generate

WRITES = ("INSERT", "UPDATE", "DELETE")


def count_writes(statements):
    """(writes to school data, writes to the run record) among the recorded statements."""
    writes = [sql for sql, _params in statements if sql.lstrip().upper().startswith(WRITES)]
    run_log = sum(1 for sql in writes if "las_sync_run" in sql)
    return len(writes) - run_log, run_log


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pupils", type=int, default=1000)
    parser.add_argument("--database-url")
    parser.add_argument("--repeat", type=int, default=7, help="timed repetitions (the median counts)")
    args = parser.parse_args()

    data = generate(args.pupils)
    today = dt.date(2026, 10, 1)
    with bench_database(args.database_url, "sync") as database:
        database.close()  # each repetition connects as the scheduled job and a web request do
        parse_times, first_times, second_times, writes = [], [], [], []
        for _ in range(args.repeat):
            with database.connection_context():
                models.empty_all_tables(database)
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
                    first = las.run_sync(SYSTEM, data, "upload", "bench.xml", today=today)
                    first_times.append(time.perf_counter() - started)
                    assert first.outcome == "ok", first.errors
                    with QueryLog(models.db.obj) as log:
                        started = time.perf_counter()
                        second = las.run_sync(SYSTEM, data, "upload", "bench.xml", today=today)
                        second_times.append(time.perf_counter() - started)
                    assert second.outcome == "unchanged", second.errors
                writes.append(count_writes(log.statements))
            finally:
                gc.enable()

    parse, first, second = (statistics.median(t) for t in (parse_times, first_times, second_times))
    # Each ratio is taken within one repetition (parse, first and second sync back to back), then the
    # median over repetitions: a busy machine slows all three alike.
    first_ratio = statistics.median(f / p for f, p in zip(first_times, parse_times))
    second_ratio = statistics.median(s / p for s, p in zip(second_times, parse_times))
    kind = "PostgreSQL" if isinstance(database, models.PostgresqlDatabase) else "SQLite"
    print(
        f"{kind}, {args.pupils} pupils, {len(data) / 1024:.0f} KiB, median of {args.repeat}: "
        f"parse {parse * 1000:.1f} ms, first sync {first * 1000:.1f} ms, second sync {second * 1000:.1f} ms"
    )
    print(f"first sync {args.pupils} pupils vs parse: ratio {first_ratio:.2f}")
    data_writes, log_writes = max(writes)
    print(
        f"second unchanged sync vs parse: ratio {second_ratio:.2f} (writes {data_writes}; "
        f"its own run record: {log_writes} statements)"
    )


if __name__ == "__main__":
    main()
