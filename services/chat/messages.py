"""Chats (SPEC 8): posting, history, hiding, assignments marked done, read marks and unread counts.

Rooms, their keys and who belongs to them are in `rooms.py`; who may read, write and hide is
in `services.permissions`; shared files in `files.py`. A message is stored first and announced
after its transaction (`events.message_posted`), so that a message the sender saw acknowledged is never
lost; the realtime layer (`realtime.chat`) turns the announcement into Socket.IO events.

    post_message(actor, "group:7", "Morgen gym!")          -> ChatMessage
    history(actor, "group:7", before_id=None, limit=30)   -> [payload, ...] oldest first
"""

import re

from peewee import JOIN, IntegrityError, fn

from models import AssignmentDone, ChatMessage, ChatRead, Document, User, db, now

from .. import audit, events, permissions
from ..errors import DomainError, NotFound, PermissionDenied
from .rooms import belonging_condition, parse_room, resolve, room_titles, standing_rooms

MAX_LENGTH = 2000
PAGE_SIZE = 30
MAX_PAGE_SIZE = 100
STAFF_KINDS = ("text", "assignment", "file")
PUPIL_KINDS = ("text", "progress")
HIDDEN_TEXT = "Dit bericht is verborgen door de leraar."
DOWNLOAD_PATH = "/chat/bestand/{id}"  # web.chat serves it, after checking that the reader may read the room
# Control characters other than tab and newline: PostgreSQL refuses NUL, and none of them is text.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")

NO_READ = "Je hebt geen toegang tot deze chat."
NO_WRITE = "Je kunt in deze chat niet schrijven."


def can_read(user, room):
    """True when `user` may read `room` (a Room or key); False for unknown or malformed rooms too."""
    try:
        return permissions.can(user, "chat_read", resolve(room))
    except DomainError:
        return False


def can_write(user, room):
    try:
        return permissions.can(user, "chat_write", resolve(room))
    except DomainError:
        return False


def can_moderate(user, room):
    try:
        return permissions.can(user, "chat_moderate", resolve(room))
    except DomainError:
        return False


def allowed_kinds(user):
    if user is permissions.SYSTEM:
        return STAFF_KINDS + PUPIL_KINDS
    return STAFF_KINDS if user.role in permissions.STAFF else PUPIL_KINDS if user.role == "pupil" else ()


def clean_body(body):
    """The message text as stored: a string, control characters removed, trimmed; DomainError if empty or
    longer than MAX_LENGTH."""
    if not isinstance(body, str):
        raise DomainError("Een bericht is tekst.")
    body = _CONTROL.sub("", body.replace("\r\n", "\n")).strip()
    if not body:
        raise DomainError("Een leeg bericht kan niet verstuurd worden.")
    if len(body) > MAX_LENGTH:
        raise DomainError(f"Een bericht mag hoogstens {MAX_LENGTH} tekens lang zijn (dit zijn er {len(body)}).")
    return body


def post_message(actor, room, body, kind="text", document=None, channel="web"):
    """Store a message in `room` and announce it; return the ChatMessage (with its author loaded)."""
    with db.atomic():
        message = store_message(actor, room, body, kind, document, channel)
    announce(message, actor)
    return message


def announce(message, actor):
    """Tell the listeners (live chats, unread counts) about a stored message; after its transaction."""
    events.message_posted.send(None, message=message, actor=actor)


def store_message(actor, room, body, kind="text", document=None, channel="web"):
    """Check and store a message without announcing it (for callers that store more in one transaction)."""
    room = resolve(room)
    permissions.require(actor, "chat_write", room, message=NO_WRITE)
    if kind not in allowed_kinds(actor):
        raise PermissionDenied(
            "Dit soort bericht kun je hier niet plaatsen."
            if kind in STAFF_KINDS + PUPIL_KINDS
            else "Onbekend soort bericht."
        )
    if (kind == "file") != (document is not None):
        raise DomainError("Een bestand deel je met de knop 'Bestand delen'.")
    body = clean_body(body)
    message = ChatMessage.create(
        room=room.key,
        room_kind=room.kind,
        author=permissions.recorded_as(actor),
        kind=kind,
        body=body,
        document=document,
        channel=channel,
        **room.columns(),
    )
    message.author = permissions.recorded_as(actor)
    return message


def _author_name(message):
    if message.author_id is None:
        return "Doelpunt"
    return message.author.full_name


def message_payload(message, for_user=None, done=None):
    """A message as JSON-safe data. Hidden messages keep their text only for staff (`for_user`); everyone
    else, and a broadcast to the whole room (`for_user=None`), gets a placeholder without text or file.

    `done`: for an assignment, True/False for a pupil, or the number of pupils who marked it done for staff.
    """
    staff = for_user is permissions.SYSTEM or (for_user is not None and for_user.role in permissions.STAFF)
    shown = not message.hidden or staff
    document = None
    if shown and message.document_id is not None:
        document = {
            "id": message.document_id,
            "name": message.document.filename or message.document.title,
            "url": DOWNLOAD_PATH.format(id=message.document_id),
            "size": message.document.size,
        }
    payload = {
        "id": message.id,
        "room": message.room,
        "author": _author_name(message),
        "author_id": message.author_id,
        "role": message.author.role if message.author_id else "system",
        "kind": message.kind,
        "body": message.body if shown else HIDDEN_TEXT,
        "created_at": message.created_at.isoformat(timespec="seconds") + "Z",
        "hidden": message.hidden,
        "document": document,
    }
    if message.kind == "assignment" and done is not None:
        payload["done"] = done
    return payload


def _done_marks(actor, messages):
    """{message id: done} for the assignments among `messages`, in one query."""
    ids = [m.id for m in messages if m.kind == "assignment"]
    if not ids or actor is permissions.SYSTEM:
        return {}
    if actor.role == "pupil":
        mine = {
            row[0]
            for row in AssignmentDone.select(AssignmentDone.message)
            .where(AssignmentDone.message.in_(ids) & (AssignmentDone.pupil == actor.id))
            .tuples()
        }
        return {i: i in mine for i in ids}
    if actor.role in permissions.STAFF:
        return _done_counts(ids)
    return {}


def _done_counts(message_ids):
    """{assignment id: number of pupils who marked it done}, in one query."""
    counts = dict(
        AssignmentDone.select(AssignmentDone.message, fn.COUNT(AssignmentDone.id))
        .where(AssignmentDone.message.in_(message_ids))
        .group_by(AssignmentDone.message)
        .tuples()
    )
    return {i: counts.get(i, 0) for i in message_ids}


def _messages(condition):
    return (
        ChatMessage.select(ChatMessage, User, Document)
        .join(User, JOIN.LEFT_OUTER, on=(ChatMessage.author == User.id))
        .switch(ChatMessage)
        .join(Document, JOIN.LEFT_OUTER, on=(ChatMessage.document == Document.id))
        .where(condition)
    )


def _page_args(before_id, limit):
    if before_id is not None and (isinstance(before_id, bool) or not isinstance(before_id, int) or before_id < 1):
        raise DomainError("Ongeldig bericht om vanaf terug te lezen.")
    if isinstance(limit, bool) or not isinstance(limit, int) or limit < 1:
        raise DomainError("Ongeldig aantal berichten.")
    return min(limit, MAX_PAGE_SIZE)


def history(actor, room, before_id=None, limit=PAGE_SIZE):
    """One page of `room`'s messages before message `before_id` (the latest page without it), oldest first,
    as payloads for `actor`. Fewer than `limit` messages means there are no older ones."""
    room = resolve(room)
    permissions.require(actor, "chat_read", room, message=NO_READ)
    limit = _page_args(before_id, limit)
    condition = ChatMessage.room == room.key
    if before_id is not None:
        condition &= ChatMessage.id < before_id
    messages = list(_messages(condition).order_by(ChatMessage.id.desc()).limit(limit))
    messages.reverse()
    done = _done_marks(actor, messages)
    return [message_payload(m, actor, done.get(m.id)) for m in messages]


def get_message(message_id):
    """The message with its author and document loaded; NotFound when there is none."""
    if isinstance(message_id, bool) or not isinstance(message_id, int):
        raise DomainError("Ongeldig bericht.")
    message = _messages(ChatMessage.id == message_id).first()
    if message is None:
        raise NotFound("Dit bericht bestaat niet (meer).")
    return message


def hide_message(actor, message_id, hidden=True):
    """Hide a message from pupils and parents (or show it again with `hidden=False`); kept in the audit log and
    announced to open chats (`events.message_hidden`). The room's teachers, and admins (the back office)."""
    message = get_message(message_id)
    room = parse_room(message.room)
    permissions.require(
        actor, "chat_moderate", room, message="Alleen een leraar van deze chat kan berichten verbergen."
    )
    if message.hidden == bool(hidden):
        return message
    with db.atomic():
        message.hidden = bool(hidden)
        message.hidden_by = permissions.recorded_as(actor) if hidden else None
        message.hidden_at = now() if hidden else None
        message.save(only=[ChatMessage.hidden, ChatMessage.hidden_by, ChatMessage.hidden_at])
        audit.record(
            permissions.recorded_as(actor),
            "chat_message_hidden" if hidden else "chat_message_shown",
            message,
            detail=f"{message.room}: {message.body[:200]}",
        )
    events.message_hidden.send(None, message=message, actor=actor)
    return message


def mark_assignment_done(actor, message_id):
    """A pupil of the room marks an assignment done; a second mark changes nothing. Returns True if new."""
    message = get_message(message_id)
    room = parse_room(message.room)
    if getattr(actor, "role", None) != "pupil" or not permissions.can(actor, "chat_write", room):
        raise PermissionDenied("Alleen leerlingen van deze chat kunnen een opdracht afvinken.")
    if message.kind != "assignment" or message.hidden:
        raise DomainError("Dit bericht is geen opdracht.")
    try:
        with db.atomic():
            AssignmentDone.create(message=message, pupil=actor)
    except IntegrityError:
        return False  # marked already (a double click)
    events.assignment_done.send(None, message=message, actor=actor)
    return True


def done_count(message):
    """How many pupils marked this assignment done."""
    return _done_counts([message.id])[message.id]


def mark_read(actor, room, last_id):
    """Remember that `actor` has seen `room` up to message `last_id` (never moves back)."""
    room = resolve(room)
    permissions.require(actor, "chat_read", room, message=NO_READ)
    if isinstance(last_id, bool) or not isinstance(last_id, int) or last_id < 0:
        raise DomainError("Ongeldig bericht.")
    latest = ChatMessage.select(fn.MAX(ChatMessage.id)).where(ChatMessage.room == room.key).scalar() or 0
    last_id = min(last_id, latest)
    with db.atomic():
        moved = (
            ChatRead.update(last_read_id=last_id)
            .where((ChatRead.user == actor.id) & (ChatRead.room == room.key) & (ChatRead.last_read_id < last_id))
            .execute()
        )
        if not moved:
            try:
                with db.atomic():
                    ChatRead.create(user=actor.id, room=room.key, last_read_id=last_id)
                moved = 1
            except IntegrityError:
                pass  # the row is there and already as far or further
    if moved and last_id == latest:
        events.chat_read.send(None, room=room.key, user=actor.id)


def unread_counts(actor):
    """{room key: number of unread messages} over the rooms `actor` belongs to, in one query (two for
    parents: the school's setting). Hidden messages and the actor's own do not count; rooms without unread
    messages are left out."""
    condition = belonging_condition(actor)
    if condition is None:
        return {}
    query = (
        ChatMessage.select(ChatMessage.room, fn.COUNT(ChatMessage.id))
        .join(ChatRead, JOIN.LEFT_OUTER, on=((ChatRead.room == ChatMessage.room) & (ChatRead.user == actor.id)))
        .where(
            condition
            & ~ChatMessage.hidden
            & (ChatMessage.author.is_null() | (ChatMessage.author != actor.id))
            & (ChatMessage.id > fn.COALESCE(ChatRead.last_read_id, 0))
        )
        .group_by(ChatMessage.room)
    )
    return dict(query.tuples())


def my_chats(actor):
    """The chats `actor` belongs to, for a list: [{"room", "title", "unread"}], those with unread messages
    first, then by title. A fixed number of queries (at most eight)."""
    unread = unread_counts(actor)
    keys = list(dict.fromkeys(standing_rooms(actor) + list(unread)))
    titles = room_titles(keys)
    rows = [{"room": key, "title": titles[key], "unread": unread.get(key, 0)} for key in keys if key in titles]
    return sorted(rows, key=lambda row: (row["unread"] == 0, row["title"].lower()))
