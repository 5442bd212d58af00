"""Chat messages live: a stored message goes to everyone who has its room open, and raises the unread count
of every other member wherever they are signed in (their own "user:<id>" room); a hidden message is
replaced by its placeholder in open chats; an assignment a pupil marked done shows its new count to the
teachers who have the chat open; a chat read to its end clears its unread count on the user's other pages.

Listens to `services.events.message_posted`, `message_hidden`, `assignment_done` and `chat_read` (sent
after the commit). A failure here is logged by the signal (services.events) and never reaches the sender:
the message is stored, and the chat shows it on the next load.
"""

from services import chat, events

from . import emit_many


def on_message_posted(sender, message, actor=None, **extra):
    """Broadcast the message to its room and one unread nudge to the own rooms of all members but the author."""
    payload = chat.message_payload(message)
    members = [f"user:{uid}" for uid in chat.room_member_ids(message.room) if uid != message.author_id]
    emit_many([("message", payload, message.room), ("unread", {"room": message.room}, members)])


def on_message_hidden(sender, message, actor=None, **extra):
    """Tell open chats that a message was hidden (or shown again): the room-wide, text-free payload."""
    emit_many([("hidden", chat.message_payload(message), message.room)])


def on_assignment_done(sender, message, actor=None, **extra):
    """Open chats learn how many pupils have done the assignment (a count, no names)."""
    emit_many(
        [("done_count", {"id": message.id, "room": message.room, "done": chat.done_count(message)}, message.room)]
    )


def on_chat_read(sender, room, user, **extra):
    """The user's other pages clear the chat's unread count: it was read up to its latest message."""
    emit_many([("chat_read", {"room": room}, f"user:{user}")])


def connect():
    events.message_posted.connect(on_message_posted)
    events.message_hidden.connect(on_message_hidden)
    events.assignment_done.connect(on_assignment_done)
    events.chat_read.connect(on_chat_read)
