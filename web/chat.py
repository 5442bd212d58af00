"""The chat pages (SPEC 8): a room's page (history, a form, live through static/js/chat.js and the Socket.IO
events of web/chat_events.py), sharing a file, downloading one, and the way from a plan goal to its chat.

Room keys ("group:7", "pupil_goal:12:40", "goal:40", "goal_set:3") are part of the URL: /chat/group:7.
"""

import datetime as dt

from flask import Blueprint, current_app, flash, redirect, render_template, request, send_from_directory, url_for
from flask_login import current_user, login_required

from models import ChatMessage, Document, PlanGoal
from services import chat, permissions
from services.errors import DomainError, NotFound, PermissionDenied

from . import plan_view
from .access import get_or_404

bp = Blueprint("chat", __name__, url_prefix="/chat")

ROLE_LABELS = {
    "admin": "beheerder",
    "teacher": "leraar",
    "assistant": "leerpleinassistent",
    "pupil": "leerling",
    "parent": "ouder",
    "system": "Doelpunt",
}


def _room(key):
    """The room of the URL, readable by the signed-in user, else a Dutch 403/404."""
    room = chat.parse_room(key)
    if not chat.can_read(current_user, room):
        raise PermissionDenied(chat.NO_READ)
    return room


def _back_link(room):
    """Where the chat was opened from, for the breadcrumb: the page of the room's group, pupil, goal or goal
    set that the user may open, else their start page."""

    def may(action):
        return permissions.can(current_user, action)

    if room.kind == "group" and may("view_group_list"):
        return {"url": url_for("teacher_groups.profile", group_id=room.group.id), "label": room.group.name}
    if room.kind == "pupil_goal":
        if may("view_pupil_list"):
            return {"url": url_for("teacher_pupils.pupil", pupil_id=room.pupil.id), "label": room.pupil.full_name}
        if may("view_own_children"):
            return {"url": url_for("home.my_child", pupil_id=room.pupil.id), "label": room.pupil.full_name}
        return {"url": url_for("home.my_plan"), "label": "Mijn plan"}
    if room.kind == "goal":
        return {"url": url_for("teacher_curriculum.goal", goal_id=room.goal.id), "label": room.goal.title}
    if room.kind == "goal_set" and may("view_goal_set_list"):
        return {"url": url_for("teacher_goal_sets.detail", goal_set_id=room.goal_set.id), "label": room.goal_set.name}
    return {"url": url_for("home.index"), "label": "Mijn plan"}


@bp.app_template_global()
def chat_link(kind, *ids):
    """The URL of a chat the signed-in user may read, else None: for a page's one chat button."""
    key = chat.key_for(kind, *ids)
    return url_for("chat.room", room_key=key) if chat.can_read(current_user, key) else None


@bp.app_template_global()
def chat_room_url(kind, *ids):
    """The URL of a chat, unchecked: for the many goal-chat links of a plan its reader may see (the chat
    page checks again)."""
    return url_for("chat.room", room_key=chat.key_for(kind, *ids))


def message_view(payload):
    """A message payload with what the page shows besides: the local time and the author's role."""
    moment = dt.datetime.fromisoformat(payload["created_at"].rstrip("Z"))
    return {**payload, "when": plan_view.when(moment), "role_label": ROLE_LABELS.get(payload["role"], "")}


@bp.route("")
@login_required
def index():
    """Mijn chats: the chats of my groups and goal sets, and every chat I belong to with unread messages."""
    rows = [{**row, "url": url_for(".room", room_key=row["room"])} for row in chat.my_chats(current_user)]
    return render_template("chat/index.html", chats=rows)


@bp.route("/<room_key>")
@login_required
def room(room_key):
    """A chat: its latest messages, a form to write (for those who may), live updates while open."""
    room = _room(room_key)
    can_write = chat.can_write(current_user, room)
    return render_template(
        "chat/room.html",
        chat={
            "key": room.key,
            "title": chat.room_title(room),
            "back": _back_link(room),
            "messages": [message_view(p) for p in chat.history(current_user, room)],
            "page_size": chat.PAGE_SIZE,
            "max_length": chat.MAX_LENGTH,
            "staff": permissions.can(current_user, "chat_read_hidden"),
            "can_write": can_write,
            "can_moderate": chat.can_moderate(current_user, room),
            "can_assign": can_write and "assignment" in chat.allowed_kinds(current_user),
            "can_share": can_write and "file" in chat.allowed_kinds(current_user),
            "can_mark_done": can_write and permissions.can(current_user, "chat_mark_done", room),
            "accept": ",".join("." + ext for ext in chat.CONTENT_TYPES),
            "allowed_files": chat.ALLOWED_NAMES,
            "max_file_mb": chat.MAX_FILE_BYTES // (1024 * 1024),
        },
    )


@bp.route("/<room_key>", methods=["POST"])
@login_required
def send(room_key):
    """Post a message from the form (without JavaScript; with it, chat.js sends over Socket.IO)."""
    room = _room(room_key)
    kind = request.form.get("soort", "text")
    try:
        chat.post_message(current_user, room, request.form.get("tekst", ""), kind=kind)
    except DomainError as refused:
        return _back_with(room, refused)
    return redirect(url_for(".room", room_key=room.key, _anchor="chat-einde"))


@bp.route("/<room_key>/bestand", methods=["POST"])
@login_required
def upload(room_key):
    """Share a file in the chat (teachers): checked by type, content and size before it is kept."""
    room = _room(room_key)
    uploaded = request.files.get("bestand")
    if uploaded is None or not uploaded.filename:
        flash("Kies eerst een bestand.", "error")
        return redirect(url_for(".room", room_key=room.key))
    try:
        chat.share_file(
            current_user, room, uploaded, current_app.config["UPLOAD_FOLDER"], body=request.form.get("tekst", "")
        )
    except DomainError as refused:
        return _back_with(room, refused)
    flash("Het bestand is gedeeld.", "success")
    return redirect(url_for(".room", room_key=room.key, _anchor="chat-einde"))


def _back_with(room, refused):
    """Back to the chat with the refusal's Dutch message on top (a wrong file type or an empty message),
    rather than an error page that loses the chat; who may not write at all still gets the 403 page."""
    if isinstance(refused, (PermissionDenied, NotFound)):
        raise refused
    flash(refused.message, "error")
    return redirect(url_for(".room", room_key=room.key))


@bp.route("/bestand/<int:document_id>")
@login_required
def download(document_id):
    """A file shared in a chat, or a pupil's evidence photo in a goal chat, for those who may read that chat
    (staff only once the message is hidden)."""
    message = (
        ChatMessage.select(ChatMessage, Document)
        .join(Document)
        .where((ChatMessage.document == document_id) & Document.kind.in_(("chat", "evidence")))
        .first()
    )
    if message is None or not message.document.stored_name:
        raise NotFound("Dit bestand bestaat niet (meer).")
    _room(message.room)
    if message.hidden and not permissions.can(current_user, "chat_read_hidden"):
        raise NotFound("Dit bestand bestaat niet (meer).")
    return send_document(message.document, as_attachment=True)


def send_document(document, as_attachment):
    """A stored Document's file, with its checked content type, never sniffed into something else."""
    response = send_from_directory(
        current_app.config["UPLOAD_FOLDER"],
        document.stored_name,
        as_attachment=as_attachment,
        download_name=document.filename or document.title,
        mimetype=document.content_type or "application/octet-stream",
    )
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response


@bp.route("/leerdoel/<int:plan_goal_id>")
@login_required
def plan_goal(plan_goal_id):
    """From a goal on a pupil's plan to its chat."""
    found = get_or_404(PlanGoal, plan_goal_id)
    room = _room(chat.key_for("pupil_goal", found.pupil_id, found.goal_id))
    return redirect(url_for(".room", room_key=room.key))
