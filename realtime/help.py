"""The help queue live: a pupil's question (or its answer) reaches every open assistant's page.

Listens to `services.events.help_requests_changed` (sent after the commit, from the bot or the web process)
and emits "help" to the room "help:school", which staff join from the assistant's page (web.help_events):

    {"action": "asked", "request": {id, pupil, goal, group, asked_at, time}}   a new question, at the end
    {"action": "helped", "id": 7}                                              gone from the queue

A failure is logged by the signal (services.events) and never reaches the sender: the page shows the queue
on its next load anyway.
"""

from services import events
from services.bot.help import HELP_ROOM, help_item

from . import emit


def on_help_requests_changed(sender, request, actor=None, **extra):
    """Push the change of the queue to the assistants' pages."""
    if request.helped_at is not None:
        emit("help", {"action": "helped", "id": request.id}, HELP_ROOM)
    else:
        emit("help", {"action": "asked", "request": help_item(request)}, HELP_ROOM)


def connect():
    events.help_requests_changed.connect(on_help_requests_changed)
