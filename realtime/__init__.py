"""Live events for open browsers: the one way any process (web, worker, bot) pushes to Socket.IO clients.

Domain services announce what changed through `services.events` (blinker signals). The listener modules in
this package turn those signals into Socket.IO events with `emit(event, data, to=room)`; nothing else in
the code base calls `socketio.emit` for a broadcast. Room names:

    "group:7", "pupil_goal:12:40", "goal:40", "goal_set:3"   chat rooms (see services.chats)
    "user:5"                                                  one user's own room (unread counts, help)
    "watch:group:7", "watch:goal_set:3", "watch:pupil:12"     open overviews and pupil pages

`connect_listeners()` is called once per process at start-up (create_app does it).
"""
from extensions import socketio


def emit(event, data, to):
    """Send `event` with JSON-safe `data` to everyone in room `to`, from whichever process this is."""
    socketio.emit(event, data, to=to)


def connect_listeners():
    """Connect every signal listener of this package (idempotent: blinker ignores a second connect)."""
    import importlib
    import pkgutil

    for info in pkgutil.iter_modules(__path__):
        if not info.name.startswith("_"):
            importlib.import_module(f"{__name__}.{info.name}").connect()
