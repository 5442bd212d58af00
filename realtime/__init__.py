"""Live events for open browsers: the one way any process (web, worker, bot) pushes to Socket.IO clients.

Domain services announce what changed through `services.events` (blinker signals, sent after the commit).
The listener modules in this package turn those signals into Socket.IO events with
`emit(event, data, to=room)`; nothing else in the code base calls `socketio.emit` for a broadcast. Rooms:

    "group:7", "pupil_goal:12:40", "goal:40", "goal_set:3"   chat rooms (see services.chat)
    "user:5"                                                  one user's own room (unread counts, help)
    "watch:group:7", "watch:goal_set:3", "watch:pupil:12"     open overviews and pupil pages (realtime.live)

Every process calls `configure(app, process=...)` once at start-up: create_app does it for the web process;
the worker (`jobs/worker.py`) and the bot call `realtime.configure(app, process="worker")` or
`realtime.configure(app, process="bot")` right after `create_app()`. It connects the listeners and picks how
`emit` reaches the browsers, which are connected to the web processes only:

- web process: `socketio.emit`. With REDIS_URL, Flask-SocketIO's message queue (create_app passes it to
  `socketio.init_app`) carries every emit to all web processes.
- worker and bot with REDIS_URL: a write-only `flask_socketio.SocketIO(message_queue=REDIS_URL)` publishes to
  the same Redis channel; the web processes deliver it. No delay, nothing stored.
- worker and bot without Redis (the embedded set-up): the event is written to the outbox table `live_event`
  (models.LiveEvent). Each web process polls it every POLL_SECONDS in a Socket.IO background task, started
  with its first Socket.IO request, and emits the rows it has not seen (newer than the last id at start-up);
  rows older than KEEP_SECONDS are pruned. The trade-off: up to half a second of delay for changes made
  outside the web process, one small indexed query per web process every half second, and events from
  before a web process started are not replayed (a page loaded then shows them anyway). Events emitted by a
  web process itself reach only that process's clients, so without Redis run one web process.
"""

import datetime as dt
import json
import logging
import threading

from extensions import socketio

log = logging.getLogger(__name__)

POLL_SECONDS = 0.5
KEEP_SECONDS = 300  # outbox rows older than this are pruned
LATE_COMMIT_SECONDS = 10  # PostgreSQL ids can commit out of order: look back this far for rows missed
PROCESSES = ("web", "worker", "bot")

_route = {"mode": "web", "writer": None}


def emit(event, data, to):
    """Send `event` with JSON-safe `data` to everyone in room `to` (a room, or a list of rooms: each
    connection in any of them gets it once), from whichever process this is."""
    emit_many([(event, data, to)])


def emit_many(messages):
    """Send several (event, data, room or [rooms]) at once: in the outbox mode one INSERT for all of them.
    A list of rooms is one emit (one encoding, one Redis message), not one per room."""
    mode = _route["mode"]
    if mode == "outbox":
        _write_outbox(messages)
        return
    server = _route["writer"] if mode == "redis" else socketio
    for event, data, room in messages:
        if room:  # an empty list would mean "everyone" to Socket.IO
            server.emit(event, data, to=room)


def configure(app, process="web"):
    """Connect the listeners and choose how `emit` reaches browsers in this process (see the module doc)."""
    if process not in PROCESSES:
        raise ValueError(f"unknown process {process!r}; one of {', '.join(PROCESSES)}")
    redis_url = app.config.get("REDIS_URL")
    if process == "web":
        _route.update(mode="web", writer=None)
        if not redis_url:
            app.wsgi_app = _StartPollerMiddleware(app.wsgi_app)
    elif redis_url:
        from flask_socketio import SocketIO

        _route.update(mode="redis", writer=SocketIO(message_queue=redis_url, async_mode="threading"))
    else:
        _route.update(mode="outbox", writer=None)
    connect_listeners()


def mode():
    """ "web", "redis" or "outbox": how this process emits."""
    return _route["mode"]


def connect_listeners():
    """Connect every signal listener of this package (idempotent: blinker ignores a second connect)."""
    import importlib
    import pkgutil

    for info in pkgutil.iter_modules(__path__):
        if not info.name.startswith("_"):
            importlib.import_module(f"{__name__}.{info.name}").connect()


# --- The outbox ----------------------------------------------------------------------------------------


def _write_outbox(messages):
    import models

    rows = [
        {"event": event, "room": one, "data": json.dumps(data)}
        for event, data, rooms in messages
        for one in ([rooms] if isinstance(rooms, str) else rooms)
    ]
    if not rows:
        return
    if models.db.is_closed():
        with models.db.connection_context():
            models.LiveEvent.insert_many(rows).execute()
    else:
        models.LiveEvent.insert_many(rows).execute()


class OutboxPoller:
    """Emits the outbox rows other processes write, to this web process's clients (see the module doc)."""

    def __init__(self):
        self.stopped = threading.Event()
        self.start_id = self.last_id = None
        self.recent = {}  # id -> created_at of rows emitted within LATE_COMMIT_SECONDS
        self.pruned_at = None

    def start(self):
        socketio.start_background_task(self.run)

    def stop(self):
        self.stopped.set()

    def run(self):
        import models

        while not self.stopped.is_set():
            try:
                models.db.connect(reuse_if_open=True)
                self.poll_once()
            except Exception:  # a database hiccup must not end live updates for good
                log.exception("live-event outbox poll failed")
                try:
                    models.db.close()
                except Exception:
                    pass
            self.stopped.wait(POLL_SECONDS)
        if not models.db.is_closed():
            models.db.close()

    def poll_once(self):
        """Emit the rows not seen yet; returns how many were emitted."""
        from peewee import fn

        from models import LiveEvent, now

        if self.start_id is None:
            self.start_id = self.last_id = LiveEvent.select(fn.MAX(LiveEvent.id)).scalar() or 0
            return 0
        stamp = now()
        since = stamp - dt.timedelta(seconds=LATE_COMMIT_SECONDS)
        rows = (
            LiveEvent.select()
            .where((LiveEvent.id > self.start_id) & ((LiveEvent.id > self.last_id) | (LiveEvent.created_at >= since)))
            .order_by(LiveEvent.id)
            .limit(1000)
        )
        fresh = [row for row in rows if row.id not in self.recent]
        for row in fresh:
            socketio.emit(row.event, json.loads(row.data), to=row.room)
            self.recent[row.id] = row.created_at
            self.last_id = max(self.last_id, row.id)
        self.recent = {i: at for i, at in self.recent.items() if at >= since}
        if self.pruned_at is None or stamp - self.pruned_at > dt.timedelta(seconds=60):
            # The newest row stays: SQLite would otherwise hand out ids from 1 again once the table is empty.
            LiveEvent.delete().where(
                (LiveEvent.created_at < stamp - dt.timedelta(seconds=KEEP_SECONDS))
                & (LiveEvent.id < LiveEvent.select(fn.MAX(LiveEvent.id)))
            ).execute()
            self.pruned_at = stamp
        return len(fresh)


_poller = {"instance": None, "lock": threading.Lock()}


def start_outbox_poller():
    """Start this process's outbox poller once (the web process without Redis); returns it."""
    with _poller["lock"]:
        if _poller["instance"] is None:
            _poller["instance"] = OutboxPoller()
            _poller["instance"].start()
        return _poller["instance"]


def stop_outbox_poller():
    """Stop the poller (tests that serve an app in a thread, at their end)."""
    with _poller["lock"]:
        poller, _poller["instance"] = _poller["instance"], None
    if poller is not None:
        poller.stop()


class _StartPollerMiddleware:
    """Starts the outbox poller with the first Socket.IO request: only a serving web process needs it, and
    apps built for scripts or the test client never start one."""

    def __init__(self, wsgi_app):
        self.wsgi_app = wsgi_app

    def __call__(self, environ, start_response):
        if _poller["instance"] is None and environ.get("PATH_INFO", "").startswith("/socket.io"):
            start_outbox_poller()
        return self.wsgi_app(environ, start_response)
