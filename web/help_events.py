"""Socket.IO events of the learning-square assistant's page (static/js/help.js sends them).

    help_join    {}  staff only (`help_queue`): joins "help:school" -> {ok, queue} (the queue as it is now,
                 so that a page that reconnects is in step again); realtime.help broadcasts "help" there
    help_leave   {}  leaves it -> {ok}

A signed-out client or another role gets an "error" event {event, message} and joins nothing.
"""

from flask_login import current_user
from flask_socketio import join_room, leave_room

from services import bot, permissions
from services.bot.help import HELP_ROOM

from . import socket_tools

REFUSED = "Alleen medewerkers van de school zien de vragen van het leerplein."


@socket_tools.with_database
def help_join(data=None):
    """The assistant's page asks for the live queue."""
    if not current_user.is_authenticated or not permissions.can(current_user, "help_queue"):
        return socket_tools.refuse("help_join", REFUSED)
    join_room(HELP_ROOM)
    return {"ok": True, "queue": bot.help_queue(current_user._get_current_object())}


def help_leave(data=None):
    """The page stops following the queue."""
    leave_room(HELP_ROOM)
    return {"ok": True}


def register(socketio):
    """Attach the handlers to this app's Socket.IO server (register_blueprints calls it)."""
    socket_tools.register(socketio, {"help_join": help_join, "help_leave": help_leave})
