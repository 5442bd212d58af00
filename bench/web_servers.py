"""Benchmark: the web servers Flask-SocketIO supports, on one school in one run, to choose the production one.

    .venv/bin/python bench/web_servers.py [--database-url postgresql://...] [--sockets 500] [--seconds 5]

One generated school (bench/load_school.py) with `--sockets` pupils, one Redis; then each server in turn on
one port, with Redis as its message queue:

- werkzeug: serve.py, Werkzeug's development server, a thread per request and per WebSocket (threading);
- gthread: gunicorn's gthread worker, 2 workers x 8 threads (threading; a WebSocket holds a thread);
- gevent: gunicorn with one gevent worker, as the Procfile starts it (gunicorn.conf.py, wsgi.py).

Against each: 40 teachers request the bare endpoint /health, then the dashboard, each again as soon as it
is answered, `--seconds` each (bench/load_teachers.py); then `--sockets` pupils sign in, connect on the
WebSocket transport and join their group chat, and chat for `--seconds` (bench/load_pupils.py). Printed per
server: requests per second and p95 of both, the dashboard as a ratio to the bare endpoint on the same
server, each server's bare endpoint as a ratio to gevent's (1.00), the WebSockets it held, messages lost.
"""

import argparse
import os
import sys
import tempfile
import time
import uuid

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from bench import load, load_school
from bench.common import bench_database
from bench.pages import database_url
from bench.sign_in_memory import memory
from tests.support.servers import AppServer, RedisServer, gunicorn_command, serve_command

SETTINGS = {"FAST_PASSWORD_HASHING": True, "LOGIN_MAX_FAILURES_PER_ADDRESS": 10**6}
GTHREAD = ["-m", "gunicorn", "-k", "gthread", "-w", "2", "--threads", "8", "--no-control-socket"]


def command(kind):
    if kind == "werkzeug":
        return serve_command(SETTINGS)
    if kind == "gthread":  # gunicorn.conf.py is gevent's: the address and the app given here instead
        bind = "127.0.0.1:{port}"
        return [*GTHREAD, "-c", "/dev/null", "--bind", bind, f"app:create_app({SETTINGS!r})"]
    return gunicorn_command(SETTINGS)


def tree_memory(pid):
    """Resident MB of a process and its children (gunicorn's master and workers)."""
    children = open(f"/proc/{pid}/task/{pid}/children").read().split()
    return memory(pid)[0] + sum(tree_memory(int(child)) for child in children)


def measure(kind, url, redis_url, school, args, folder):
    server = AppServer(
        url, folder, redis_url=redis_url, secret_key=uuid.uuid4().hex, sweep_seconds=10, command=command(kind)
    )
    try:
        common = {"urls": [server.url], "password": load_school.PASSWORD}
        plan = {
            **common,
            "teachers": school["teachers"],
            "capacity_seconds": args.seconds,
            "think": 0,
            "statuses": [],
            "morning_seconds": 0,
            "pages": ["bare endpoint", "dashboard"],
        }
        pupils = {
            **common,
            "pupils": [{**p, "rooms": p["rooms"][:1]} for p in school["pupils"]],
            "morning_seconds": args.seconds,
            "chat_interval": 2,
            "drain_seconds": 10,
            "connect_timeout": 10,
        }
        teachers = load.last_json(load.start_clients("teachers", plan, folder), "teachers")
        clients = load.start_clients("pupils", pupils, folder)
        ready = clients.stdout.readline()
        resident = tree_memory(server.process.pid)
        clients.stdin.write("go\n")
        clients.stdin.flush()
        chat = load.last_json(clients, "pupils")
        print(f"  {kind}: {ready.strip()}", flush=True)
        return teachers["capacity"], {**chat, "resident": resident}
    finally:
        server.stop()


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", help="postgresql://... server URL (default: a temporary SQLite file)")
    parser.add_argument("--sockets", type=int, default=500)
    parser.add_argument("--seconds", type=float, default=5)
    parser.add_argument("--servers", nargs="+", default=["werkzeug", "gthread", "gevent"])
    args = parser.parse_args(argv)
    started = time.perf_counter()
    results = {}
    with bench_database(args.database_url, name="servers") as database, tempfile.TemporaryDirectory() as folder:
        school = load_school.build(args.sockets, 40, max(2, args.sockets // 25))
        if args.database_url:
            database.execute_sql("ANALYZE")
        database.close()
        with RedisServer(folder) as redis:
            for kind in args.servers:
                results[kind] = measure(
                    kind, database_url(database, args.database_url), redis.url, school, args, folder
                )
    floor = load.rate(results["gevent"][0]["bare endpoint"]) if "gevent" in results else None
    for kind, (capacity, chat) in results.items():
        bare, dashboard = capacity["bare endpoint"], capacity["dashboard"]
        print(
            f"{kind}: bare endpoint {load.rate(bare):.0f} requests/s (p95 {bare['p95'] * 1000:.0f} ms), dashboard "
            f"{load.rate(dashboard):.0f} requests/s (p95 {dashboard['p95'] * 1000:.0f} ms), errors "
            f"{bare['errors'] + dashboard['errors']}"
        )
        print(f"{kind}: dashboard vs bare endpoint (bare / page) ratio {load.rate(bare) / load.rate(dashboard):.2f}")
        if floor:
            print(f"{kind}: bare endpoint vs gevent's (gevent / this) ratio {floor / load.rate(bare):.2f}")
        print(
            f"{kind}: WebSockets held {chat['connected']} of {args.sockets} ({chat['resident']:.0f} MB resident "
            f"with them); chat messages {chat['sent']}, deliveries lost {chat['missing']} of {chat['expected']}"
        )
    print(f"(took {time.perf_counter() - started:.0f} s)")


if __name__ == "__main__":
    main()
