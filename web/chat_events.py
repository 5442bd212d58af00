"""Socket.IO events of the chats (SPEC 8). The browser (static/js/chat.js) sends them; each answers with an
acknowledgement, {"ok": true, ...} or {"error": "..."}, and on a refusal also emits "error"
{"event", "message"} to the sender only. Broadcasts to rooms go out through `realtime.chat`, never here.

Every event checks again who is signed in and what they may do: a user may lose access while connected
(web/socket_access.py takes idle connections out of rooms they lost).
Data that is not a dict or has wrong types is refused the same way; the server stays up.

    connect                       refused (False) when not signed in; joins the user's own room "user:<id>"
    join {room}                   -> {ok, room, title, can_write, can_moderate, can_mark_done, messages}
    leave {room}                  -> {ok}
    send {room, body, kind}       room must be joined; rate limited; -> {ok, id}
    history {room, before_id}     -> {ok, messages} (oldest first; fewer than a page: nothing older)
    hide {message_id, hidden}     teachers; -> {ok}
    done {message_id}             pupils mark an assignment done; -> {ok}; the room gets "done_count"
    read {room, last_id}          -> {ok}
"""

import collections
import functools
import logging
import threading
import time

from flask import current_app, request, session
from flask_login import current_user
from flask_socketio import disconnect, join_room, leave_room, rooms

import models
from services import chat, credentials, permissions
from services.chat.rooms import split_key
from services.errors import DomainError, PermissionDenied

from . import socket_access, socket_tools
from .socket_tools import refuse as _refuse

log = logging.getLogger(__name__)

# Defaults; the app settings CHAT_RATE_LIMIT and CHAT_EVENT_LIMIT override them (a benchmark may raise them).
RATE_LIMIT = 10  # messages per connection ...
RATE_WINDOW = 10.0  # ... within this many seconds
EVENT_LIMIT = 100  # events of any kind per connection within the window (history pages, joins, ...)
TOO_MANY = "Je stuurt te veel berichten, wacht even."
TOO_BUSY = "Te veel verzoeken tegelijk, wacht even."
SIGNED_OUT = "Je bent niet (meer) ingelogd. Laad de pagina opnieuw."
BAD_DATA = "Ongeldige gegevens."

_recent = {}  # (connection sid, "send" or "any") -> times of its recent events
_recent_lock = threading.Lock()


def _allow(sid, bucket, limit):
    """Count one event of `bucket` for this connection; False when it has had `limit` in the window."""
    moment = time.monotonic()
    with _recent_lock:
        times = _recent.setdefault((sid, bucket), collections.deque())
        while times and moment - times[0] > RATE_WINDOW:
            times.popleft()
        if len(times) >= limit:
            return False
        times.append(moment)
        return True


def _event(name):
    """Wrap a handler(user, data): signed-in check, a dict of data, one database connection, and every
    refusal (or unexpected failure) turned into an error event and an error acknowledgement."""

    def decorate(handler):
        @functools.wraps(handler)
        def wrapper(*args):
            data = args[0] if args else None
            try:
                with models.db.connection_context():
                    if not current_user.is_authenticated:  # deactivated while connected
                        answer = _refuse(name, SIGNED_OUT)
                        disconnect()  # and out of every room it had joined
                        return answer
                    if not _allow(request.sid, "any", current_app.config.get("CHAT_EVENT_LIMIT", EVENT_LIMIT)):
                        raise DomainError(TOO_BUSY)
                    if not isinstance(data, dict):
                        raise DomainError(BAD_DATA)
                    try:
                        return handler(current_user._get_current_object(), data)
                    except PermissionDenied:
                        _leave_if_locked_out(current_user, data.get("room"))
                        raise
            except DomainError as error:
                return _refuse(name, error.message)
            except Exception:
                log.exception("chat event %s failed", name)
                return _refuse(name, "Er ging iets mis. Probeer het opnieuw.")

        return wrapper

    return decorate


def _leave_if_locked_out(user, room):
    """A user who lost access to a joined room while connected gets no more of its broadcasts."""
    if isinstance(room, str) and room in (rooms() or []) and not chat.can_read(user, room):
        leave_room(room)


def _room_key(data):
    key = data.get("room")
    if split_key(key) is None:
        raise DomainError("Deze chat bestaat niet.")
    return key


def _id(data, name, required=True):
    value = data.get(name)
    if value is None and not required:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or not 0 < value < 2**31:
        raise DomainError(BAD_DATA)
    return value


def on_connect(auth=None):
    """A browser connects: only when signed in (Flask-Login session); it joins its own user room."""
    with models.db.connection_context():
        if not current_user.is_authenticated:
            return False
        join_room(f"user:{current_user.id}")
    socket_access.remember(request.sid, current_user.id, session.get(credentials.SESSION_KEY, 0))
    socket_access.start(current_app.extensions["socketio"], current_app._get_current_object())
    return True


def on_disconnect(*args):
    """Forget the connection's rate counts and user."""
    socket_access.forget(request.sid)
    with _recent_lock:
        for bucket in ("send", "any"):
            _recent.pop((request.sid, bucket), None)


@_event("join")
def on_join(user, data):
    """Open a chat: checked, joined, and the latest page of its history in the acknowledgement."""
    key = _room_key(data)
    room = chat.parse_room(key)
    if not chat.can_read(user, room):
        raise PermissionDenied(chat.NO_READ)
    join_room(key)
    return {
        "ok": True,
        "room": key,
        "title": chat.room_title(room),
        "can_write": chat.can_write(user, room),
        "can_moderate": chat.can_moderate(user, room),
        "can_mark_done": permissions.can(user, "chat_mark_done", room),
        "messages": chat.history(user, room),
    }


@_event("leave")
def on_leave(user, data):
    """Close a chat."""
    leave_room(_room_key(data))
    return {"ok": True}


@_event("send")
def on_send(user, data):
    """Post a message in a joined room; everyone in it receives "message" from realtime.chat."""
    key = _room_key(data)
    if key not in (rooms() or []):
        raise DomainError("Open deze chat eerst voordat je er een bericht in stuurt.")
    kind = data.get("kind", "text")
    if not isinstance(kind, str) or not isinstance(data.get("body"), str):
        raise DomainError(BAD_DATA)
    if not _allow(request.sid, "send", current_app.config.get("CHAT_RATE_LIMIT", RATE_LIMIT)):
        raise DomainError(TOO_MANY)
    message = chat.post_message(user, key, data["body"], kind=kind)
    return {"ok": True, "id": message.id}


@_event("history")
def on_history(user, data):
    """An older page of a chat, before message `before_id`."""
    key = _room_key(data)
    return {"ok": True, "messages": chat.history(user, key, before_id=_id(data, "before_id", required=False))}


@_event("hide")
def on_hide(user, data):
    """A teacher hides a message (or shows it again with hidden: false)."""
    hidden = data.get("hidden", True)
    if not isinstance(hidden, bool):
        raise DomainError(BAD_DATA)
    chat.hide_message(user, _id(data, "message_id"), hidden=hidden)
    return {"ok": True}


@_event("done")
def on_done(user, data):
    """A pupil marks an assignment done."""
    chat.mark_assignment_done(user, _id(data, "message_id"))
    return {"ok": True}


@_event("read")
def on_read(user, data):
    """The browser has shown a chat up to message `last_id`."""
    key = _room_key(data)
    last_id = data.get("last_id")
    if isinstance(last_id, bool) or not isinstance(last_id, int):
        raise DomainError(BAD_DATA)
    chat.mark_read(user, key, last_id)
    return {"ok": True}


HANDLERS = {
    "connect": on_connect,
    "disconnect": on_disconnect,
    "join": on_join,
    "leave": on_leave,
    "send": on_send,
    "history": on_history,
    "hide": on_hide,
    "done": on_done,
    "read": on_read,
}


def register(socketio):
    """Attach the handlers to this app's Socket.IO server (register_blueprints calls it, per app)."""
    socket_tools.register(socketio, HANDLERS)
