"""Benchmark: chat fan-out through the real web process against a bare python-socketio server, same run.

    .venv/bin/python bench/chat_fanout.py [--database-url postgresql://...] [--rooms 20] [--clients 30]
                                          [--messages 20] [--rounds 3] [--rate 0] [--server gunicorn]

A school of `rooms` group chats (type Stamgroep), each with one teacher and `clients - 1` pupils, in a
throwaway database (a temporary SQLite file, or a scratch database on the --database-url server). Two
servers, one after the other, each a subprocess on its own port:

- the floor, bench/fanout_floor.py: a bare python-socketio Server on the app's stack and server (by default
  the production one: gunicorn with one gevent worker, simple-websocket; `--server werkzeug`: threading
  mode on Werkzeug's threaded server) that puts a client in its room and re-emits each "send" to the room;
  no sign-in, no database;
- the app: the web process as the Procfile starts it (gunicorn.conf.py and wsgi.py; `--server werkzeug`:
  serve.py), on the bench database, with its real "join" and "send" events (web/chat_events.py):
  permission checks, the message stored before it is broadcast, an unread nudge to every other member's own
  room.

Against each, the same clients in a third process (bench/fanout_clients.py: one asyncio loop of
python-socketio AsyncClients on the WebSocket transport; for the app each signs in through the login form
and connects with its session cookie) play the same pattern: every member joins its room, one warm-up
message per room goes round, then `rounds` times: in all rooms at once the teacher sends `messages`
messages, each as soon as the previous one is acknowledged; the fastest round counts.

Why that closed loop: it keeps one message per room in flight, 20 at once, so the server is always busy
and deliveries per second is its fan-out capacity, with the latency at that load. A flood without waiting
for acknowledgements would measure hundreds of queued handler threads; a fixed pace below capacity would
make both servers deliver at the pace (ratio 1.00 by construction). --rate R caps each room at R messages
per second, for the latency at a lighter load.

Each body carries its send time; every arrival is timed. Printed: deliveries per second and the 95th
percentile of send-to-arrival latency, raw and as `ratio X.XX` where 1.00 is the floor and higher is
slower in both lines (throughput: floor rate / app rate; latency: app p95 / floor p95), and the count
check: every message reached every member of its room exactly once and no other room (exits 1 if not).

The app is serve.py with three settings changed through create_app's overrides: CHAT_RATE_LIMIT and
CHAT_EVENT_LIMIT raised (the flood limit would stop a sender after 10 messages), and FAST_PASSWORD_HASHING
on, the parameters the bench school's hashes are made with (600 sign-ins stay cheap; sign-in is not
measured). Limits: the clients share the machine's 2 cores with the server. Were they the bottleneck, the
floor's rate would be understated and the ratio flattered: their CPU share (of one core) is printed.
"""

import argparse
import contextlib
import json
import os
import socket
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
from tests.support.servers import free_port, gunicorn_command, serve_command, stop_process

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BENCH = os.path.join(ROOT, "bench")
PASSWORD = "bench-wachtwoord-1"
NO_LIMIT = 10**9
# Two settings changed: the chat's flood limits raised, and the cheap password parameters the bench school's
# hashes were made with (otherwise each first sign-in re-hashes at full cost).
APP_SETTINGS = {"CHAT_RATE_LIMIT": NO_LIMIT, "CHAT_EVENT_LIMIT": NO_LIMIT, "FAST_PASSWORD_HASHING": True}
GUNICORN_FLOOR = ["-m", "gunicorn", "-k", "gevent", "-w", "1", "--worker-connections", "4000", "--no-control-socket"]


def commands(kind, port, web_server):
    """The command line of the floor or the app on `web_server` ("gunicorn" or "werkzeug")."""
    if kind == "floor" and web_server == "gunicorn":
        return [sys.executable, *GUNICORN_FLOOR, "-b", f"127.0.0.1:{port}", "bench.fanout_floor:build('gevent')"]
    if kind == "floor":
        return [sys.executable, os.path.join(BENCH, "fanout_floor.py"), str(port)]
    return [sys.executable, *(gunicorn_command if web_server == "gunicorn" else serve_command)(APP_SETTINGS)]


@contextlib.contextmanager
def server(kind, database_url=None, web_server="gunicorn"):
    """The floor or the app as a subprocess on a free port; yields (its base URL once it accepts, a function
    that returns the end of its log)."""
    port = free_port()
    env = {**os.environ, "PYTHONPATH": ROOT, "SECRET_KEY": "bench-secret", "HOST": "127.0.0.1", "PORT": str(port)}
    env.pop("REDIS_URL", None)  # one web process, no message queue
    if database_url:
        env["DATABASE_URL"] = database_url
    command = commands(kind, port, web_server)
    with tempfile.TemporaryFile() as log:
        process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)

        def tail():
            log.seek(0)
            return log.read().decode(errors="replace")[-4000:]

        try:
            deadline = time.monotonic() + 30
            while True:
                if process.poll() is not None or time.monotonic() > deadline:
                    raise SystemExit(f"{kind} server did not start:\n{tail()}")
                try:
                    with socket.create_connection(("127.0.0.1", port), timeout=1):
                        break
                except OSError:
                    time.sleep(0.05)
            yield f"http://127.0.0.1:{port}", tail
        finally:
            stop_process(process)


def build_school(rooms, clients):
    """`rooms` groups (Stamgroep: its chat is open to pupils), one teacher and `clients - 1` pupils each,
    all with one password. Returns [{"room", "logins", "sender"}] for the clients."""
    import models
    from models import Group, GroupMember, GroupTeacher, GroupType, User
    from services import passwords

    passwords.configure(fast=True)  # the server runs with the same cheap parameters (APP_SETTINGS)
    password_hash = passwords.hash_password(PASSWORD)
    stamgroep = GroupType.get(name="Stamgroep")
    layout = []
    with models.db.atomic():
        for n in range(1, rooms + 1):
            group = Group.create(name=f"Groep {n}", group_type=stamgroep, school_year="2026-2027")
            teacher = User.create(
                login=f"leraar{n}@bench.test",
                password_hash=password_hash,
                role="teacher",
                first_name="Juf",
                last_name=f"Leraar {n}",
            )
            GroupTeacher.create(group=group, teacher=teacher)
            logins = [teacher.login]
            for m in range(1, clients):
                pupil = User.create(
                    login=f"leerling{n}.{m}@bench.test",
                    password_hash=password_hash,
                    role="pupil",
                    first_name="Leerling",
                    last_name=f"{n}.{m}",
                    level=5,
                )
                GroupMember.create(group=group, pupil=pupil)
                logins.append(pupil.login)
            layout.append({"room": f"group:{group.id}", "logins": logins, "sender": teacher.login})
    return layout


def play(base_url, server_log, layout, args, sign_in):
    """Run the clients against one server; returns their JSON result, or exits with what they said."""
    plan = {
        "url": base_url,
        "password": PASSWORD,
        "sign_in": sign_in,
        "messages": args.messages,
        "rounds": args.rounds,
        "rate": args.rate,
        "timeout": args.timeout,
        "rooms": layout,
    }
    with tempfile.NamedTemporaryFile("w", suffix=".json") as fh:
        json.dump(plan, fh)
        fh.flush()
        done = subprocess.run(
            [sys.executable, os.path.join(BENCH, "fanout_clients.py"), fh.name],
            cwd=ROOT,
            stdout=subprocess.PIPE,
            text=True,
            timeout=args.timeout + 120,
        )
    lines = done.stdout.strip().splitlines()
    result = json.loads(lines[-1]) if lines else {"error": f"the clients exited with {done.returncode}"}
    if done.returncode or "error" in result:
        raise SystemExit(
            f"FAILED: {result['error'] if 'error' in result else result}\n"
            f"--- end of the server's log ---\n{server_log()}"
        )
    return result


def _check(kind, result, expected):
    """Every round delivered every message to every member of its room exactly once, and to no other room."""
    delivered = [r["deliveries"] for r in result["rounds"]]
    ok = (
        all(d == expected for d in delivered)
        and not result["missing"]
        and not result["duplicates"]
        and not result["foreign"]
    )
    print(
        f"count check {kind}: {' + '.join(map(str, delivered))} deliveries of {expected} per round, "
        f"missing {result['missing']}, duplicates {result['duplicates']}, other rooms {result['foreign']}"
        f"{', short in ' + ', '.join(result['rooms_short']) if result['rooms_short'] else ''}: "
        f"{'ok' if ok else 'FAILED'}"
    )
    return ok


def fastest(result):
    """The round that took least time (the other benchmarks take the fastest of their rounds too)."""
    return min(result["rounds"], key=lambda r: r["seconds"])


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", help="postgresql://... server URL (default: a temporary SQLite file)")
    parser.add_argument("--rooms", type=int, default=20)
    parser.add_argument("--clients", type=int, default=30, help="clients per room: one teacher, the rest pupils")
    parser.add_argument("--messages", type=int, default=20, help="messages each room's teacher sends per round")
    parser.add_argument("--rounds", type=int, default=3, help="measured rounds; the fastest counts")
    parser.add_argument(
        "--rate",
        type=float,
        default=0,
        help="at most this many messages per second per room (default 0: next on acknowledgement)",
    )
    parser.add_argument("--timeout", type=int, default=60, help="seconds a round may take before it fails")
    parser.add_argument("--server", choices=("gunicorn", "werkzeug"), default="gunicorn", help="for both")
    args = parser.parse_args(argv)

    from bench.common import bench_database

    started = time.perf_counter()
    with bench_database(args.database_url, name="chat") as database:
        layout = build_school(args.rooms, args.clients)
        url = "sqlite:///" + database.database
        if args.database_url:
            url = args.database_url.rsplit("/", 1)[0] + "/" + database.database
        database.close()  # the server is the only one using it from here on
        expected = args.rooms * args.clients * args.messages
        pace = f" at most {args.rate:g}/s" if args.rate else ""
        print(
            f"{type(database).__name__}, {args.server}: {args.rooms} rooms x {args.clients} clients, "
            f"{args.rounds} rounds of {args.messages} messages per room{pace}: {expected} deliveries per round",
            flush=True,
        )
        results = {}
        for kind in ("floor", "app"):
            with server(kind, url if kind == "app" else None, args.server) as (base_url, server_log):
                results[kind] = play(base_url, server_log, layout, args, sign_in=(kind == "app"))
    ok = all([_check("floor", results["floor"], expected), _check("app", results["app"], expected)])
    floor, app = fastest(results["floor"]), fastest(results["app"])
    floor_rate, rate = floor["deliveries"] / floor["seconds"], app["deliveries"] / app["seconds"]
    print(
        f"delivered per second: app {rate:.0f}, bare python-socketio {floor_rate:.0f} "
        f"(floor / app) ratio {floor_rate / rate:.2f}"
    )
    print(
        f"p95 delivery latency: app {app['p95'] * 1000:.1f} ms, bare python-socketio "
        f"{floor['p95'] * 1000:.1f} ms (app / floor) ratio {app['p95'] / floor['p95']:.2f}"
    )
    print(
        f"p50 delivery latency: app {app['p50'] * 1000:.1f} ms, bare {floor['p50'] * 1000:.1f} ms; "
        f"client process CPU (of one core): app run {app['client_cpu']:.0%}, "
        f"floor run {floor['client_cpu']:.0%}; "
        f"the app also sent {results['app']['unread']} unread nudges"
    )
    print(
        "all rounds, seconds: app "
        + " ".join(f"{r['seconds']:.2f}" for r in results["app"]["rounds"])
        + ", floor "
        + " ".join(f"{r['seconds']:.2f}" for r in results["floor"]["rounds"])
    )
    print(f"total {time.perf_counter() - started:.0f} s")
    if not ok:
        raise SystemExit("FAILED: not every message reached every member of its room exactly once")


if __name__ == "__main__":
    main()
