"""Real processes for the tests that need them: Redis (Debian's redis-server; scripts/test installs it) on a
free port, the web process on the test database (serve.py's main on Werkzeug, or the production server,
gunicorn with gevent as the Procfile runs it: `serve_command`, `gunicorn_command`), a
python process set up as the worker or the bot (`run_as_process`), and python-socketio clients signed in
over HTTP like a browser. bench/chat_fanout.py uses `free_port` and `stop_process` too.

The test database is shared: the tests write their data with their own connection and the processes read
it. Waiting is always a poll with a timeout (`wait_until`), never a fixed sleep.

Fixtures: `app_server` (one web process for the tests of a module), `own_app_server` (one for a single
test), `redis_server` (one per module), `clients` (signs in, connects, disconnects at the end) and
`quick_close` (which `clients` uses: no 3 s wait when a WebSocket closes).
"""

import functools
import os
import re
import shutil
import socket
import subprocess
import sys
import threading
import time
import uuid
from pathlib import Path

import pytest
import requests
import socketio

ROOT = Path(__file__).resolve().parents[2]
PASSWORD = "geheim-wachtwoord-1"
START_TIMEOUT = 60
EVENT_TIMEOUT = 10


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_until(check, timeout=EVENT_TIMEOUT, what="a condition"):
    """Poll `check()` until it returns something true; return that, or fail after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while True:
        result = check()
        if result:
            return result
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout} s waiting for {what}")
        time.sleep(0.02)


def stop_process(process):
    """SIGTERM, then SIGKILL when it has not ended within 10 s."""
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=10)


def environment(database_url, redis_url=None, **extra):
    """A child process's environment on the test database, with REDIS_URL only when `redis_url` is given."""
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "PYTHONPATH": str(ROOT),
        "DOELPUNT_ENV": "development",
        "SECRET_KEY": uuid.uuid4().hex,
        "PYTHONUNBUFFERED": "1",
        **extra,
    }
    env.pop("REDIS_URL", None)
    if redis_url:
        env["REDIS_URL"] = redis_url
    return env


class _Server:
    """A subprocess with its output in a log file (a pipe nobody reads would fill up and stall it)."""

    name = "the server"

    def _start(self, command, folder, env, answers):
        """Start `command` and wait until `answers()`; fail with the log when it stops or takes too long."""
        Path(folder).mkdir(parents=True, exist_ok=True)
        self.log = open(Path(folder) / f"{self.name.split()[-1]}-{self.port}.log", "w+")
        self.process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=self.log, stderr=subprocess.STDOUT)

        def started():
            if self.process.poll() is not None:
                raise AssertionError(f"{self.name} stopped")
            return answers()

        try:
            wait_until(started, START_TIMEOUT, f"{self.name} on port {self.port}")
        except AssertionError as error:
            self.stop()
            raise AssertionError(f"{error}:\n{self.output()[-3000:]}") from None

    def output(self):
        return Path(self.log.name).read_text(errors="replace")

    def stop(self):
        stop_process(self.process)
        self.log.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.stop()


class RedisServer(_Server):
    """redis-server on a free loopback port, without persistence."""

    name = "redis-server"

    def __init__(self, folder):
        import redis

        binary = shutil.which("redis-server") or "/usr/bin/redis-server"
        if not os.path.exists(binary):
            pytest.fail("redis-server not found: scripts/test installs Debian's redis-server package")
        self.port = free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        client = redis.Redis.from_url(self.url)

        def answers():
            try:
                return client.ping()
            except redis.ConnectionError:
                return False

        self._start(
            [
                binary,
                "--bind",
                "127.0.0.1",
                "--port",
                str(self.port),
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                str(folder),
            ],
            folder,
            None,
            answers,
        )


# The cheap password parameters the test users' hashes are made with (tests/conftest.py): otherwise every
# first sign-in re-hashes at full cost.
TEST_SETTINGS = {"FAST_PASSWORD_HASHING": True}


def serve_command(settings):
    """serve.py's main() on Werkzeug with create_app's `settings` changed."""
    return [
        "-c",
        f"import functools, serve; serve.create_app = functools.partial(serve.create_app, {settings!r}); serve.main()",
    ]


def gunicorn_command(settings):
    """The production server as the Procfile starts it (gunicorn.conf.py: one gevent worker, wsgi.py), with
    create_app's `settings` changed."""
    return ["-m", "gunicorn", "-c", "gunicorn.conf.py", f"wsgi:build({settings!r})"]


class AppServer(_Server):
    """The web process in a subprocess on a free port, with the given database (and Redis as message queue):
    serve.py on Werkzeug, or with `production=True` gunicorn with its gevent worker."""

    name = "the app server"

    def __init__(
        self,
        database_url,
        folder,
        redis_url=None,
        secret_key=None,
        sweep_seconds=3600,
        production=False,
        settings=TEST_SETTINGS,
        command=None,
    ):
        """`sweep_seconds`: how often the server takes idle connections out of rooms they lost (an hour by
        default, so that a test of what an event does on lost access is not raced by the sweep); `settings`:
        create_app's overrides (benchmarks raise limits, or hash with the real parameters); `command`: another
        server's python arguments (bench/web_servers.py), "{port}" in them replaced by the port."""
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.upload_folder = str(Path(folder) / "uploads")
        env = environment(
            database_url,
            redis_url,
            HOST="127.0.0.1",
            PORT=str(self.port),
            UPLOAD_FOLDER=self.upload_folder,
            CHAT_ACCESS_SWEEP_SECONDS=str(sweep_seconds),
            **({"SECRET_KEY": secret_key} if secret_key else {}),
        )

        def answers():
            try:
                return requests.get(self.url + "/login", timeout=5).status_code == 200
            except requests.RequestException:  # not listening yet, or still starting
                return False

        command = [part.replace("{port}", str(self.port)) for part in command] if command else None
        command = command or (gunicorn_command(settings) if production else serve_command(settings))
        self._start([sys.executable, *command], folder, env, answers)


def run_as_process(database_url, code, redis_url=None, process="worker"):
    """Run `code` in a fresh python process set up like the worker (or the bot): create_app, then
    realtime.configure(app, process=...), inside a database connection. Returns its stdout."""
    program = (
        "import models, realtime\n"
        "from app import create_app\n"
        "app = create_app()\n"
        f"realtime.configure(app, process={process!r})\n"
        "with app.app_context(), models.db.connection_context():\n"
        + "".join(f"    {line}\n" for line in code.strip().splitlines())
    )
    result = subprocess.run(
        [sys.executable, "-c", program],
        cwd=ROOT,
        env=environment(database_url, redis_url),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, f"the {process} process failed:\n{result.stderr[-3000:]}"
    return result.stdout


def csrf_of(session, base_url, path="/"):
    """The CSRF token a page of ours carries for this session (its meta tag)."""
    page = session.get(base_url + path, timeout=10).text
    return re.search(r'<meta name="csrf-token" content="([^"]+)"', page).group(1)


def sign_in(base_url, login, password=PASSWORD):
    """A requests session signed in through the real login form (with its CSRF token)."""
    session = requests.Session()
    answer = session.post(
        base_url + "/login",
        allow_redirects=False,
        timeout=10,
        data={"login": login, "password": password, "csrf_token": csrf_of(session, base_url, "/login")},
    )
    assert answer.status_code == 302 and "/login" not in answer.headers["Location"], (
        f"sign-in of {login} failed ({answer.status_code})"
    )
    return session


def cookie_header(session):
    return "; ".join(f"{cookie.name}={cookie.value}" for cookie in session.cookies)


class Client:
    """A python-socketio client on the WebSocket transport that records every event it receives."""

    def __init__(self, base_url, session=None):
        self.events = []  # every (event, data), in order
        self._lock = threading.Lock()
        self.sio = socketio.Client(reconnection=False)
        self.sio.on("*", self._record)
        headers = {"Cookie": cookie_header(session)} if session is not None else {}
        self.sio.connect(base_url, headers=headers, transports=["websocket"], wait_timeout=EVENT_TIMEOUT)

    def _record(self, event, data=None):
        with self._lock:
            self.events.append((event, data))

    def received(self, event, room=None):
        """The data of every `event` received so far (of `room` only, when given)."""
        with self._lock:
            return [
                data
                for name, data in self.events
                if name == event and (room is None or (isinstance(data, dict) and data.get("room") == room))
            ]

    def wait_for(self, event, match=lambda data: True, what=None, timeout=EVENT_TIMEOUT):
        """The first received `event` whose data satisfies `match`, waiting for it if need be."""

        def found():  # in a list: data may be falsy ({}, None)
            return next(([data] for data in self.received(event) if match(data)), None)

        try:
            return wait_until(found, timeout, what or f"event {event!r}")[0]
        except AssertionError as error:
            with self._lock:
                raise AssertionError(f"{error}; received: {[name for name, _ in self.events]}") from None

    def call(self, event, data=None, timeout=EVENT_TIMEOUT):
        """Emit `event` and return the server's acknowledgement."""
        return self.sio.call(event, data, timeout=timeout)

    def join(self, room):
        """Open chat `room`; fails the test when the server refuses. Returns the acknowledgement."""
        answer = self.call("join", {"room": room})
        assert answer.get("ok"), answer
        return answer

    def settle(self):
        """A round trip: the server writes a connection's packets in order, so afterwards every event
        emitted to this client before has arrived (how a test proves that someone received nothing)."""
        self.call("read", {"room": "group:999999", "last_id": 0})

    def close(self):
        if self.sio.connected:
            self.sio.disconnect()


class Clients:
    """Signs users in on a server and connects their clients; disconnects them all at the end."""

    def __init__(self):
        self.clients = []

    def connect(self, server, login=None, session=None):
        """A client of `server` signed in as `login`, or with `session`; with neither, a signed-out one."""
        if login:
            session = sign_in(server.url, login)
        client = Client(server.url, session)
        self.clients.append(client)
        return client

    def close(self):
        for client in self.clients:
            client.close()


@pytest.fixture
def quick_close(monkeypatch):
    """Werkzeug's server never answers a WebSocket close frame, and websocket-client waits 3 s for that answer
    on every close (a disconnect, or a refused connection): on the loopback 0.2 s is plenty."""
    import websocket

    monkeypatch.setattr(websocket.WebSocket, "close", functools.partialmethod(websocket.WebSocket.close, timeout=0.2))


@pytest.fixture
def clients(quick_close):
    """Clients.connect(server, login) -> a connected client; all are disconnected at the end of the test."""
    registry = Clients()
    yield registry
    registry.close()


@pytest.fixture(scope="module")
def redis_server(tmp_path_factory):
    with RedisServer(tmp_path_factory.mktemp("redis")) as server:
        yield server


@pytest.fixture(scope="module")
def app_server(database_url, tmp_path_factory):
    """The app in its own process (no Redis), shared by the tests of one module.

    Fine for what the web process emits itself. A test of the outbox (a change made in another process)
    needs `own_app_server`: each test empties the tables, so ids start again from 1, and a poller started in
    an earlier test would take the new rows for ones it has already emitted.
    """
    with AppServer(database_url, tmp_path_factory.mktemp("server")) as server:
        yield server


@pytest.fixture
def own_app_server(database_url, tmp_path):
    """The app in its own process (no Redis) for one test: its outbox poller starts on this test's rows."""
    with AppServer(database_url, tmp_path / "server") as server:
        yield server
