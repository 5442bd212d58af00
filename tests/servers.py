"""Real servers for the Socket.IO tests: Redis (Debian's redis-server; scripts/test installs it) on a free port,
and the app as its own process (serve.py, as the Procfile runs it) on the test database, with real
python-socketio clients signed in over HTTP like a browser.

The test database is shared: the tests write their data with their own connection and the server reads it.
Waiting is always a poll with a timeout (`wait_until`), never a fixed sleep.
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

ROOT = Path(__file__).resolve().parents[1]
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


class RedisServer:
    """redis-server on a free loopback port, without persistence."""

    def __init__(self, folder):
        binary = shutil.which("redis-server") or "/usr/bin/redis-server"
        if not os.path.exists(binary):
            pytest.fail("redis-server not found: scripts/test installs Debian's redis-server package")
        self.port = free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.log = open(Path(folder) / f"redis-{self.port}.log", "w+")
        self.process = subprocess.Popen(
            [binary, "--bind", "127.0.0.1", "--port", str(self.port), "--save", "", "--appendonly", "no",
             "--dir", str(folder)], stdout=self.log, stderr=subprocess.STDOUT)
        import redis

        client = redis.Redis.from_url(self.url)

        def answers():
            if self.process.poll() is not None:
                raise AssertionError("redis-server stopped: " + Path(self.log.name).read_text())
            try:
                return client.ping()
            except redis.ConnectionError:
                return False
        wait_until(answers, START_TIMEOUT, "redis-server to answer")

    def stop(self):
        self.process.terminate()
        self.process.wait(timeout=10)
        self.log.close()


class AppServer:
    """serve.py in a subprocess on HOST/PORT, with the given database (and Redis as message queue)."""

    def __init__(self, database_url, folder, redis_url=None, secret_key=None):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.upload_folder = str(Path(folder) / "uploads")
        env = {**os.environ, "HOST": "127.0.0.1", "PORT": str(self.port), "DATABASE_URL": database_url,
               "SECRET_KEY": secret_key or uuid.uuid4().hex, "UPLOAD_FOLDER": self.upload_folder,
               "DOELPUNT_ENV": "development", "PYTHONUNBUFFERED": "1"}
        env.pop("REDIS_URL", None)
        if redis_url:
            env["REDIS_URL"] = redis_url
        self.log = open(Path(folder) / f"server-{self.port}.log", "w+")
        self.process = subprocess.Popen([sys.executable, "serve.py"], cwd=ROOT, env=env, stdout=self.log,
                                        stderr=subprocess.STDOUT)

        def answers():
            if self.process.poll() is not None:
                raise AssertionError("the app server stopped:\n" + self.output())
            try:
                return requests.get(self.url + "/login", timeout=5).status_code == 200
            except requests.RequestException:  # not listening yet, or still starting
                return False
        wait_until(answers, START_TIMEOUT, f"the app server on port {self.port}")

    def output(self):
        return Path(self.log.name).read_text(errors="replace")

    def stop(self):
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(timeout=10)
        self.log.close()


def sign_in(base_url, login, password=PASSWORD):
    """A requests session signed in through the real login form (with its CSRF token)."""
    session = requests.Session()
    page = session.get(base_url + "/login", timeout=10).text
    token = re.search(r'<meta name="csrf-token" content="([^"]+)"', page).group(1)
    answer = session.post(base_url + "/login", data={"login": login, "password": password, "csrf_token": token},
                          allow_redirects=False, timeout=10)
    assert answer.status_code == 302, f"sign-in of {login} failed ({answer.status_code})"
    return session


def cookie_header(session):
    return "; ".join(f"{cookie.name}={cookie.value}" for cookie in session.cookies)


class Client:
    """A python-socketio client on the WebSocket transport that records every event it receives."""

    def __init__(self, base_url, session=None):
        self.events = []
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
            return [data for name, data in self.events
                    if name == event and (room is None or (isinstance(data, dict) and data.get("room") == room))]

    def wait_for(self, event, match=lambda data: True, what=None):
        """The first received `event` whose data satisfies `match`, waiting for it if need be."""
        def found():
            return next((data for data in self.received(event) if match(data)), None)
        return wait_until(found, EVENT_TIMEOUT, what or f"event {event!r}")

    def call(self, event, data=None):
        return self.sio.call(event, data, timeout=EVENT_TIMEOUT)

    def close(self):
        if self.sio.connected:
            websocket = self.sio.eio.ws
            if websocket is not None:
                # Werkzeug's server never answers the close frame: do not wait websocket-client's 3 s for it.
                websocket.close = functools.partial(websocket.close, timeout=0.2)
            self.sio.disconnect()


class Clients:
    """Signs users in on a server and connects their clients; disconnects them all at the end."""

    def __init__(self):
        self.clients = []

    def connect(self, server, login=None):
        session = sign_in(server.url, login) if login else None
        client = Client(server.url, session)
        self.clients.append(client)
        return client

    def close(self):
        for client in self.clients:
            client.close()


@pytest.fixture
def clients():
    registry = Clients()
    yield registry
    registry.close()


@pytest.fixture(scope="module")
def redis_server(tmp_path_factory):
    server = RedisServer(tmp_path_factory.mktemp("redis"))
    yield server
    server.stop()


@pytest.fixture(scope="module")
def app_server(database_url, tmp_path_factory):
    """The app in its own process (no Redis), for the tests of one module."""
    server = AppServer(database_url, tmp_path_factory.mktemp("server"))
    yield server
    server.stop()
