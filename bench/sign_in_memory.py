"""Benchmark: the web process's memory while a class of 30 signs in at once, on the production server.

    .venv/bin/python bench/sign_in_memory.py [--database-url postgresql://...] [--pupils 30] [--server gunicorn]

A database with `pupils` pupils; the web process (gunicorn with its gevent worker, as the Procfile starts it;
`--server werkzeug` for serve.py) hashes with the real parameters. Two mornings, each with every pupil
signing in at the same moment (their sign-in pages fetched first, then all the POSTs released together):

- "old hashes": the passwords were hashed with argon2-cffi's defaults (64 MiB each), as before this change;
  each sign-in verifies one and stores an upgraded hash;
- "new hashes": the next morning, the upgraded (OWASP, 19 MiB) hashes.

Printed per morning: the worker's resident memory before, its peak (VmHWM) after, the peak as a ratio to
the memory before (1.00 is the floor: no growth), how long the last sign-in took, and the target: under
300 MB.
"""

import argparse
import concurrent.futures
import os
import re
import sys
import tempfile
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

import requests
from argon2 import PasswordHasher

from bench.common import bench_database
from bench.pages import database_url
from models import User
from tests.support.servers import AppServer

PASSWORD = "bench-wachtwoord-1"
TARGET_MB = 300


def memory(pid):
    """(resident MB now, peak resident MB) of a process, from /proc."""
    fields = dict(line.split(":", 1) for line in open(f"/proc/{pid}/status"))
    return int(fields["VmRSS"].split()[0]) / 1024, int(fields["VmHWM"].split()[0]) / 1024


def reset_peak(pid):
    """Start the peak (VmHWM) again from the present resident size, so that each morning has its own."""
    with open(f"/proc/{pid}/clear_refs", "w") as fh:
        fh.write("5")


def web_process(server):
    """The process that serves requests: gunicorn's worker (the master's child), or serve.py itself."""
    children = open(f"/proc/{server.process.pid}/task/{server.process.pid}/children").read().split()
    return int(children[0]) if children else server.process.pid


def sign_in_together(url, logins):
    """Every login signs in at the same moment; returns the seconds until the last was done."""
    sessions = []
    for login in logins:
        session = requests.Session()
        page = session.get(url + "/login", timeout=30).text
        token = re.search(r'<meta name="csrf-token" content="([^"]+)"', page).group(1)
        sessions.append((session, {"login": login, "password": PASSWORD, "csrf_token": token}))
    start = threading.Barrier(len(sessions) + 1)

    def post(session, form):
        start.wait()
        answer = session.post(url + "/login", data=form, allow_redirects=False, timeout=120)
        if answer.status_code != 302 or "/login" in answer.headers["Location"]:
            raise SystemExit(f"sign-in of {form['login']} failed ({answer.status_code})")

    with concurrent.futures.ThreadPoolExecutor(len(sessions)) as pool:
        done = [pool.submit(post, session, form) for session, form in sessions]
        start.wait()
        began = time.perf_counter()
        for future in done:
            future.result()
    return time.perf_counter() - began


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", help="postgresql://... server URL (default: a temporary SQLite file)")
    parser.add_argument("--pupils", type=int, default=30)
    parser.add_argument("--server", choices=("gunicorn", "werkzeug"), default="gunicorn")
    args = parser.parse_args(argv)
    ok = True
    with bench_database(args.database_url, name="signin") as database, tempfile.TemporaryDirectory() as folder:
        old_hash = PasswordHasher().hash(PASSWORD)  # argon2-cffi's defaults: what every hash was made with
        logins = [f"leerling{n}@bench.test" for n in range(1, args.pupils + 1)]
        User.insert_many(
            [
                {
                    "login": login,
                    "password_hash": old_hash,
                    "role": "pupil",
                    "first_name": "L",
                    "last_name": "B",
                    "level": 5,
                }
                for login in logins
            ]
        ).execute()
        database.close()
        settings = {"LOGIN_MAX_FAILURES_PER_ADDRESS": 10**6}
        with AppServer(
            database_url(database, args.database_url),
            folder,
            production=args.server == "gunicorn",
            settings=settings,
            sweep_seconds=10,
        ) as server:
            pid = web_process(server)
            print(f"{args.server}: {args.pupils} pupils sign in at once, twice", flush=True)
            for morning in ("old hashes", "new hashes"):
                reset_peak(pid)
                before, _ = memory(pid)
                seconds = sign_in_together(server.url, logins)
                _, peak = memory(pid)
                ok &= peak < TARGET_MB
                print(f"{morning}: resident before {before:.0f} MB, peak {peak:.0f} MB (target < {TARGET_MB} MB)")
                print(f"{morning}: peak vs before ratio {peak / before:.2f}")
                print(f"{morning}: the last of {args.pupils} sign-ins done after {seconds:.2f} s")
        upgraded = User.select().where(User.password_hash.startswith("$argon2id$v=19$m=19456,t=2,p=1$")).count()
        print(f"hashes upgraded to the web-login parameters: {upgraded} of {args.pupils}")
        ok &= upgraded == args.pupils
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
