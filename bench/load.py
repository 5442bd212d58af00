"""Load test: a school's morning against the production set-up, PostgreSQL (or SQLite), Redis and two web
processes (gunicorn with its gevent worker, as the Procfile starts it).

    .venv/bin/python bench/load.py --database-url postgresql://USER@HOST:PORT/postgres
                                   [--teachers 40] [--pupils 400] [--seconds 60] [--capacity-seconds 8]

A generated school (bench/load_school.py: 16 base groups, 300 goals, 60 on each plan, a status history, one
password) in a scratch database; a throwaway redis-server; `--processes` web processes on their own ports
sharing it, as behind the nginx of the README. Two client processes (bench/load_pupils.py,
bench/load_teachers.py, each one asyncio loop) play the morning:

1. `pupils` Socket.IO clients sign in, connect and join their group chat and a goal chat of their own;
2. capacity: with the pupils connected, every teacher requests one page as fast as it answers, page after
   page, `capacity_seconds` each: the bare endpoint /health first (the floor), then dashboard, group
   status overview, active-goals overview, goal matrix, pupil page;
3. morning, `seconds` long: the teachers click through all of those and change statuses in the matrix,
   pausing 0 to 2 x `think` seconds between clicks, while every pupil posts in its chats every 0 to
   2 x `chat_interval` seconds.

Printed: per page the requests per second, p50/p95/p99 and errors of both phases; each page's capacity as a
ratio to the bare endpoint's (bare / page: 1.00 is the floor) and to the group status overview's (target:
no page below it, ratio <= 1.00); the chat's messages, deliveries lost and duplicated and its latency; the
errors in the servers' logs. Targets: 0 errors, 0 messages lost. The clients share the machine's cores with
the servers, PostgreSQL and Redis: their CPU share is printed too.
"""

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
import uuid

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from bench import load_school
from bench.common import bench_database
from bench.pages import database_url
from models import STATUS_KEYS
from tests.support.servers import AppServer, RedisServer

BENCH = os.path.dirname(os.path.abspath(__file__))
PAGES = ("dashboard", "status overview", "active goals", "goal matrix", "status change", "pupil page")


def start_clients(kind, plan, folder):
    path = os.path.join(folder, f"{kind}.json")
    with open(path, "w") as fh:
        json.dump(plan, fh)
    return subprocess.Popen(
        [sys.executable, os.path.join(BENCH, f"load_{kind}.py"), path],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )


def last_json(process, what):
    out, _ = process.communicate(timeout=600)
    lines = [line for line in out.splitlines() if line.startswith("{")]
    if process.returncode or not lines:
        raise SystemExit(f"the {what} failed (exit {process.returncode}):\n{out[-3000:]}")
    return json.loads(lines[-1])


def play(urls, school, args, folder):
    common = {"urls": urls, "password": load_school.PASSWORD, "morning_seconds": args.seconds}
    pupils = start_clients(
        "pupils",
        {**common, "pupils": school["pupils"], "chat_interval": args.chat_interval, "drain_seconds": 15},
        folder,
    )
    ready = pupils.stdout.readline()
    if not ready.startswith("ready"):
        pupils.kill()
        raise SystemExit(f"the pupils did not get ready: {ready}{pupils.stdout.read()[-3000:]}")
    print(f"pupils: {ready.strip()[len('ready ') :]}", flush=True)
    teachers = start_clients(
        "teachers",
        {
            **common,
            "teachers": school["teachers"],
            "capacity_seconds": args.capacity_seconds,
            "think": args.think,
            "statuses": list(STATUS_KEYS),
        },
        folder,
    )
    for line in teachers.stdout:
        if line.startswith("morning"):
            pupils.stdin.write("go\n")
            pupils.stdin.flush()
            break
    else:
        raise SystemExit("the teachers stopped before the morning")
    return last_json(teachers, "teachers"), last_json(pupils, "pupils")


def rate(row):
    return row["requests"] / row["seconds"]


def timings(row):
    return ", ".join(f"{cut} {row[cut] * 1000:.0f} ms" for cut in ("p50", "p95", "p99"))


def report(teachers, pupils, server_errors):
    capacity, morning = teachers["capacity"], teachers["morning"]
    bare, overview = rate(capacity["bare endpoint"]), rate(capacity["status overview"])
    errors = sum(r["errors"] for phase in (capacity, morning) for r in phase.values())
    slower = []
    print("capacity (each page alone, every teacher again as soon as it answered):")
    for page, row in capacity.items():
        print(f"  {page}: {rate(row):.0f} requests/s, {timings(row)}, errors {row['errors']}")
        if page != "bare endpoint":
            print(f"  {page}: throughput vs bare endpoint (bare / page) ratio {bare / rate(row):.2f}")
            print(f"  {page}: throughput vs group status overview (overview / page) ratio {overview / rate(row):.2f}")
            if rate(row) < overview * 0.95:  # within the noise of one run
                slower.append(page)
    print("morning (teachers clicking through with pauses, pupils chatting):")
    for page in PAGES:
        row = morning.get(page)
        if row:
            statuses = f" {row['statuses']}" if row["errors"] else ""
            print(f"  {page}: {rate(row):.1f} requests/s, {timings(row)}, errors {row['errors']}{statuses}")
    refusals = f" {pupils['refusals']}" if pupils["refused"] else ""
    print(
        f"chat: {pupils['sent']} messages sent, {pupils['refused']} refused{refusals}; deliveries "
        f"{pupils['received']} of {pupils['expected']}, lost {pupils['missing']}, duplicated {pupils['duplicates']}; "
        f"latency {timings(pupils)}; {pupils['connected']} clients still connected"
    )
    print(f"client CPU (of one core): teachers {teachers['client_cpu']:.0%}, pupils {pupils['client_cpu']:.0%}")
    print(
        f"errors: requests {errors}, chat refusals {pupils['refused']}, connections refused "
        f"{pupils['not_connected']}, server log errors {server_errors}"
    )
    print(f"messages lost: {pupils['missing']}")
    print(f"pages slower than the group status overview: {', '.join(slower) or 'none'}")
    ok = not (errors or pupils["refused"] or pupils["not_connected"] or pupils["missing"] or server_errors or slower)
    return 0 if ok else 1


def log_errors(server):
    """(number of errors in the server's log, the distinct last lines of its tracebacks)."""
    lines = server.output().splitlines()
    starts = [n for n, line in enumerate(lines) if "Traceback" in line or "[ERROR]" in line]
    causes = set()
    for n in starts:
        following = lines[n + 1 :]
        end = next((i for i, line in enumerate(following) if line and not line.startswith(" ")), None)
        if end is not None:
            causes.add(following[end][:200])
    return len(starts), causes


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", help="postgresql://... server URL (default: a temporary SQLite file)")
    parser.add_argument("--teachers", type=int, default=40)
    parser.add_argument("--pupils", type=int, default=400)
    parser.add_argument("--groups", type=int, default=16)
    parser.add_argument("--processes", type=int, default=2, help="web processes sharing one Redis")
    parser.add_argument("--seconds", type=float, default=60, help="length of the morning")
    parser.add_argument("--capacity-seconds", type=float, default=8, help="per page in the capacity phase")
    parser.add_argument("--think", type=float, default=0.5, help="mean pause between a teacher's clicks")
    parser.add_argument("--chat-interval", type=float, default=20, help="mean seconds between a pupil's messages")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    with bench_database(args.database_url, name="load") as database, tempfile.TemporaryDirectory() as folder:
        school = load_school.build(args.pupils, args.teachers, args.groups)
        if args.database_url:
            database.execute_sql("ANALYZE")
        print(
            f"{type(database).__name__}: {args.pupils} pupils in {args.groups} groups, {args.teachers} teachers, "
            f"{args.processes} web processes (gunicorn, gevent) with Redis; built in "
            f"{time.perf_counter() - started:.0f} s",
            flush=True,
        )
        database.close()
        url, secret = database_url(database, args.database_url), uuid.uuid4().hex
        with RedisServer(folder) as redis:
            servers = [
                AppServer(
                    url,
                    folder,
                    redis_url=redis.url,
                    secret_key=secret,
                    sweep_seconds=10,
                    production=True,
                    settings={"FAST_PASSWORD_HASHING": True, "LOGIN_MAX_FAILURES_PER_ADDRESS": 10**6},
                )
                for _ in range(args.processes)
            ]
            try:
                teachers, pupils = play([s.url for s in servers], school, args, folder)
                found = [log_errors(s) for s in servers]
                server_errors = sum(count for count, _ in found)
                for cause in sorted(set().union(*(causes for _, causes in found)))[:5]:
                    print(f"server log: {cause}")
            finally:
                for server in servers:
                    server.stop()
        status = report(teachers, pupils, server_errors)
    print(f"(load test took {time.perf_counter() - started:.0f} s)")
    return status


if __name__ == "__main__":
    sys.exit(main())
