"""Real servers for the live-update tests and the fan-out benchmark: the web process (`serve.py`) as a
subprocess, a throwaway Redis, a plain python process acting as the worker or the bot, and signed-in
python-socketio clients that collect what they receive."""
import contextlib
import os
import pathlib
import queue
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time

import requests
import socketio

ROOT = pathlib.Path(__file__).resolve().parents[1]
PASSWORD = "geheim-wachtwoord-1"
START_TIMEOUT = 30


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _wait_until(ready, process, what):
    """Poll `ready()` until it is true; fail early when the process died, or after START_TIMEOUT."""
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{what} exited with {process.returncode}")
        if ready():
            return
        time.sleep(0.05)
    raise RuntimeError(f"{what} did not start within {START_TIMEOUT} s")


def _stop(process):
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


@contextlib.contextmanager
def redis_server():
    """A private redis-server on a free port, without persistence; yields its URL."""
    binary = shutil.which("redis-server")
    if binary is None:
        raise RuntimeError("redis-server not found: scripts/test installs Debian's redis-server package")
    port = free_port()
    with tempfile.TemporaryDirectory(prefix="doelpunt-redis-") as folder:
        process = subprocess.Popen([binary, "--port", str(port), "--bind", "127.0.0.1", "--save", "",
                                    "--appendonly", "no", "--dir", folder], stdout=subprocess.DEVNULL)
        try:
            def answers():
                try:
                    with socket.create_connection(("127.0.0.1", port), timeout=1) as conn:
                        conn.sendall(b"PING\r\n")
                        return conn.recv(16).startswith(b"+PONG")
                except OSError:
                    return False
            _wait_until(answers, process, "redis-server")
            yield f"redis://127.0.0.1:{port}/0"
        finally:
            _stop(process)


def _environment(database_url, redis_url=None, **extra):
    env = {**os.environ, "DATABASE_URL": database_url, "SECRET_KEY": "live-test-secret",
           "PYTHONPATH": str(ROOT), **extra}
    env.pop("REDIS_URL", None)
    if redis_url:
        env["REDIS_URL"] = redis_url
    return env


@contextlib.contextmanager
def web_server(database_url, redis_url=None, script=None, env=None):
    """`serve.py` (or `script`, a python file) on a free port against `database_url`; yields its base URL.
    Its log goes to a temporary file (a pipe nobody reads would fill up and stall it)."""
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    with tempfile.TemporaryFile() as log:
        process = subprocess.Popen([sys.executable, script or str(ROOT / "serve.py")], cwd=ROOT,
                                   env=_environment(database_url, redis_url, HOST="127.0.0.1", PORT=str(port),
                                                    **(env or {})),
                                   stdout=log, stderr=subprocess.STDOUT)

        def answers():
            try:
                return requests.get(url + "/login", timeout=2).status_code == 200
            except requests.RequestException:
                return False
        try:
            try:
                _wait_until(answers, process, "the web server")
            except RuntimeError as error:
                _stop(process)
                log.seek(0)
                raise RuntimeError(f"{error}: {log.read().decode()[-3000:]}") from None
            yield url
        finally:
            _stop(process)


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
    result = subprocess.run([sys.executable, "-c", program], cwd=ROOT, env=_environment(database_url, redis_url),
                            capture_output=True, text=True, timeout=60)
    if result.returncode != 0:
        raise RuntimeError(result.stderr[-3000:])
    return result.stdout


def signed_in_session(base_url, login, password=PASSWORD):
    """A requests session signed in through the login form, as a browser would be."""
    session = requests.Session()
    page = session.get(base_url + "/login", timeout=10).text
    token = re.search(r'<meta name="csrf-token" content="([^"]+)"', page).group(1)
    answer = session.post(base_url + "/login", data={"login": login, "password": password, "csrf_token": token},
                          allow_redirects=False, timeout=10)
    if answer.status_code != 302 or "/login" in answer.headers.get("Location", "/login"):
        raise RuntimeError(f"sign-in of {login} failed ({answer.status_code})")
    return session


def csrf_of(session, base_url, path="/"):
    """The CSRF token a page of ours carries for this session (its meta tag)."""
    page = session.get(base_url + path, timeout=10).text
    return re.search(r'<meta name="csrf-token" content="([^"]+)"', page).group(1)


class LiveClient:
    """A python-socketio client on the WebSocket transport that queues every event it receives."""

    def __init__(self, base_url, session=None):
        self.events = queue.Queue()
        self.received = []  # every (event, data), in order
        self.client = socketio.Client(reconnection=False)

        def collect(event, data=None):
            self.received.append((event, data))
            self.events.put((event, data))
        self.client.on("*", collect)
        cookie = "; ".join(f"{c.name}={c.value}" for c in session.cookies) if session else ""
        self.client.connect(base_url, transports=["websocket"], headers={"Cookie": cookie} if cookie else {},
                            wait_timeout=10)

    def call(self, event, data, timeout=10):
        """Emit and wait for the acknowledgement."""
        return self.client.call(event, data, timeout=timeout)

    def next(self, name, timeout=10):
        """The data of the next `name` event (others received meanwhile are skipped and returned too)."""
        skipped = []
        deadline = time.monotonic() + timeout
        while True:
            try:
                event, data = self.events.get(timeout=max(0.01, deadline - time.monotonic()))
            except queue.Empty:
                raise AssertionError(f"no {name!r} event within {timeout} s; got {skipped}") from None
            if event == name:
                return data
            skipped.append((event, data))

    def close(self):
        self.client.disconnect()
