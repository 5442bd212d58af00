"""Taking connections out of rooms their user may no longer be in, while they sit idle there.

Every event checks access again (web/chat_events.py, live_events.py), but a connection that only listens
sends no events: a pupil taken out of a group, a parent after the school switched parent access off, or a
deactivated user would go on hearing a room's broadcasts. So each web process sweeps its own connections
every CHAT_ACCESS_SWEEP_SECONDS (default 10): a chat or watch room its user may no longer read is left, with
a "left" event {room, message} to that connection; a deactivated or deleted user, and a session that was
ended (sign-out, a new password: services.credentials), are disconnected. An ended session's connections in
this process are dropped at once, on `events.sessions_ended`; the sweep takes those of other processes.

The sweep runs in a Socket.IO background task of this process, started by the first connection, and knows
its connections from `remember()` in the connect handler. Rooms are per process (with Redis too), so each
process sweeps exactly the connections it serves. It reads one query for the users, each chat room and
its members once, and the events' own permission check only for a user who is no member of the room.
"""

import logging
import threading

from services import chat as chats
from services import credentials, events, permissions
from services.bot.help import HELP_ROOM
from services.chat.rooms import split_key
from services.errors import DomainError

log = logging.getLogger(__name__)

SWEEP_SECONDS = 10.0
LEFT = "Je hebt geen toegang meer tot deze chat."
LEFT_WATCH = "Je kunt dit niet meer live volgen."

_users = {}  # connection sid -> (user id, the session epoch it connected with), for this process's connections
_lock = threading.Lock()
_started = {}  # id() -> the Socket.IO servers of this process (each sweeps when the app says so)


def remember(sid, user_id, session_epoch=0):
    with _lock:
        _users[sid] = (user_id, session_epoch)


def _on_sessions_ended(sender, user, epoch, **kwargs):
    """A user signed out or got a new password: drop this process's connections of their ended sessions at
    once (other processes' sweeps drop theirs within CHAT_ACCESS_SWEEP_SECONDS)."""
    with _lock:
        ended = [sid for sid, (user_id, held) in _users.items() if user_id == user and held != epoch]
        servers = list(_started.values())
    for sid in ended:
        for server in servers:
            if server.manager.is_connected(sid, "/"):
                server.disconnect(sid)
        forget(sid)


events.sessions_ended.connect(_on_sessions_ended)


def forget(sid):
    with _lock:
        _users.pop(sid, None)


def start(socketio, app):
    """Know this server (for ended sessions) and start its sweep once (a new app in the same process gets its
    own); 0 seconds: no sweep."""
    seconds = float(app.config.get("CHAT_ACCESS_SWEEP_SECONDS", SWEEP_SECONDS))
    server = socketio.server
    with _lock:
        if id(server) in _started:
            return
        _started[id(server)] = server
    if seconds > 0:
        server.start_background_task(_run, server, app, seconds)


def _run(server, app, seconds):
    import models

    while True:
        server.sleep(seconds)
        try:
            with app.app_context(), models.db.connection_context():
                sweep(server)
        except Exception:  # a database hiccup must not end the sweep for good
            log.exception("socket access sweep failed")


def may_stay(user, room):
    """True when `user` may still be in `room`: their own user room, the help queue, a chat or a watched
    page, each by the rule its join event checks. A room of any other kind is left: a new kind of room needs
    its rule here (tests/socket/test_socket_access.py walks the kinds)."""
    return _Checks().may_stay(user, room)


class _Checks:
    """The rules of may_stay for one sweep, reading each chat room and its members once: a room's members
    (chats.room_member_ids) may read it, and only a non-member (a colleague reading along) costs a check of
    its own. Without this a sweep of 600 connections cost a query or two per connection and room."""

    def __init__(self):
        self.rooms, self.members = {}, {}

    def may_stay(self, user, room):
        if room == f"user:{user.id}":
            return True
        if room == HELP_ROOM:
            return permissions.can(user, "help_queue")
        if room.startswith("watch:"):
            from .live_events import may_watch

            kind, _, ident = room[len("watch:") :].rpartition(":")
            return ident.isdigit() and may_watch(user, kind, int(ident)) is None
        chat = self._chat(room)
        if chat is None:
            return False
        if room not in self.members:
            self.members[room] = frozenset(chats.room_member_ids(chat))
        return user.id in self.members[room] or chats.can_read(user, chat)

    def _chat(self, room):
        """The chat Room of a key, or None when the key is malformed or the chat is gone."""
        if room not in self.rooms:
            try:
                self.rooms[room] = chats.resolve(room) if split_key(room) is not None else None
            except DomainError:
                self.rooms[room] = None
        return self.rooms[room]


def _rooms_by_connection(server, namespace):
    """{sid: [rooms]} of this process, in one pass over its rooms (not one pass per connection)."""
    found = {}
    for room, participants in list(server.manager.rooms.get(namespace, {}).items()):
        for sid in list(participants):
            if room is not None and room != sid:
                found.setdefault(sid, []).append(room)
    return found


def sweep(server, namespace="/"):
    """One pass over this process's connections; returns (rooms left, connections dropped)."""
    from models import User

    with _lock:
        connected = dict(_users)
    if not connected:
        return 0, 0
    users = {u.id: u for u in User.select().where(User.id.in_(sorted({uid for uid, _ in connected.values()})))}
    rooms = _rooms_by_connection(server, namespace)
    checks, decided, left, dropped = _Checks(), {}, 0, 0
    for sid, (user_id, epoch) in connected.items():
        user = users.get(user_id)
        if user is None or not user.active or not credentials.session_is_current(user, epoch):
            server.disconnect(sid, namespace=namespace)
            forget(sid)
            dropped += 1
            continue
        for room in rooms.get(sid, ()):
            if (user_id, room) not in decided:
                decided[(user_id, room)] = checks.may_stay(user, room)
            if not decided[(user_id, room)]:
                server.leave_room(sid, room, namespace=namespace)
                message = LEFT_WATCH if room.startswith("watch:") else LEFT
                server.emit("left", {"room": room, "message": message}, to=sid, namespace=namespace)
                left += 1
    return left, dropped
