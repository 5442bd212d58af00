"""What the Socket.IO event modules (chat_events, live_events, help_events) share.

Handlers are attached per app with `register(socketio, handlers)`: `init_app` makes a new Socket.IO server
for every `create_app()`, and a handler added with `@socketio.on` at import time would reach only the first.
"""

import functools

from flask_socketio import emit

import models


def register(socketio, handlers):
    """Attach `handlers` ({event: function}) to `socketio`'s current server."""
    for event, handler in handlers.items():
        socketio.on_event(event, handler)


def with_database(handler):
    """Socket events do not pass Flask's before_request: open the connection here (teardown closes it)."""

    @functools.wraps(handler)
    def wrapper(*args):
        models.db.connect(reuse_if_open=True)
        return handler(*args)

    return wrapper


def refuse(event, message):
    """Tell the sender only, with an "error" event, and return the acknowledgement of a refusal."""
    emit("error", {"event": event, "message": message})
    return {"ok": False, "error": message}
