"""Socket.IO events of the live pages: an open overview or pupil page asks to watch what it shows.

    "watch"   {kind: "group" | "goal_set" | "pupil", id}  -> joins "watch:<kind>:<id>"; acknowledged {ok: true}
    "unwatch" {kind, id}                                  -> leaves it

A group or goal set is watched from the teacher overviews (the goal matrix, the status and active-goals
overviews): staff who may open those pages. A pupil is watched from the pupil page: whoever may view that
pupil (`view_pupil`: staff, the pupil, a parent where the school allows it). Anything else, a signed-out
client or malformed data get one "error" event {event, message} and join nothing; realtime.live sends the
"status" and "plans" events these rooms receive.
"""

from flask_login import current_user
from flask_socketio import join_room, leave_room

from models import GoalSet, Group, User
from services import permissions

from . import socket_tools
from .socket_tools import refuse as _refuse

KINDS = ("group", "goal_set", "pupil")
REFUSED = "Je mag deze gegevens niet live volgen."
MALFORMED = "Ongeldig verzoek: kies een groep, doelenset of leerling."
GONE = "Deze {} bestaat niet (meer)."
NAMES = {"group": "groep", "goal_set": "doelenset", "pupil": "leerling"}


def _target(data):
    """(kind, id) from the event's data, or None when it is malformed."""
    if not isinstance(data, dict):
        return None
    kind, ident = data.get("kind"), data.get("id")
    if kind not in KINDS or isinstance(ident, bool):
        return None
    if isinstance(ident, str) and ident.isdigit() and len(ident) <= 9:
        ident = int(ident)
    if not isinstance(ident, int) or not 0 < ident < 2**31:
        return None
    return kind, ident


def may_watch(user, kind, ident):
    """None when `user` may watch it, else the Dutch reason."""
    if not permissions.can(user, "view_overviews") and kind != "pupil":
        return REFUSED
    model = {"group": Group, "goal_set": GoalSet, "pupil": User}[kind]
    target = model.get_or_none(model.id == ident)
    if target is None:
        return GONE.format(NAMES[kind]) if permissions.can(user, "view_overviews") else REFUSED
    if kind == "group" and not permissions.can(user, "view_group", target):
        return REFUSED
    if kind == "pupil" and not permissions.can(user, "view_pupil", target):
        return REFUSED
    return None


@socket_tools.with_database
def watch(data=None):
    target = _target(data)
    if target is None:
        return _refuse("watch", MALFORMED)
    if not current_user.is_authenticated:
        return _refuse("watch", REFUSED)
    reason = may_watch(current_user, *target)
    if reason:
        return _refuse("watch", reason)
    join_room("watch:{}:{}".format(*target))
    return {"ok": True}


def unwatch(data=None):
    target = _target(data)
    if target is None:
        return _refuse("unwatch", MALFORMED)
    leave_room("watch:{}:{}".format(*target))
    return {"ok": True}


def register(socketio):
    """Attach "watch" and "unwatch" to this app's Socket.IO server (register_blueprints calls it)."""
    socket_tools.register(socketio, {"watch": watch, "unwatch": unwatch})
