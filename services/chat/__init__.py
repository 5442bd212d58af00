"""Chats (SPEC 8): rooms, messages, unread counts and shared files. Callers use this package's names.

    rooms      room keys, what each belongs to, its title, who belongs to it
    messages   posting, history, hiding, assignments marked done, read marks and unread counts
    files      files shared in a chat, checked by name and by content

Who may read, write and hide is in `services.permissions`.
"""

from .files import ALLOWED_NAMES, CONTENT_TYPES, MAX_FILE_BYTES, share_file
from .messages import (
    HIDDEN_TEXT,
    MAX_LENGTH,
    NO_READ,
    NO_WRITE,
    PAGE_SIZE,
    allowed_kinds,
    announce,
    can_moderate,
    can_read,
    can_write,
    done_count,
    hide_message,
    history,
    mark_assignment_done,
    mark_read,
    message_payload,
    my_chats,
    post_message,
    store_message,
    unread_counts,
)
from .rooms import Room, key_for, parse_room, resolve, room_member_ids, room_title, room_titles, split_key

__all__ = [
    "ALLOWED_NAMES",
    "CONTENT_TYPES",
    "HIDDEN_TEXT",
    "MAX_FILE_BYTES",
    "MAX_LENGTH",
    "NO_READ",
    "NO_WRITE",
    "PAGE_SIZE",
    "Room",
    "allowed_kinds",
    "announce",
    "can_moderate",
    "can_read",
    "can_write",
    "done_count",
    "hide_message",
    "history",
    "key_for",
    "mark_assignment_done",
    "mark_read",
    "message_payload",
    "my_chats",
    "parse_room",
    "post_message",
    "resolve",
    "room_member_ids",
    "room_title",
    "room_titles",
    "share_file",
    "split_key",
    "store_message",
    "unread_counts",
]
