"""Admin views over what the system records: LAS sync runs, job runs, the audit log and chat messages.

All are read-only. Chat messages can be hidden (and shown again) through services.chat, as a teacher would:
open chats update live and the service records it in the audit log. The audit log shows a change made in
the back office field by field (admin/trail.py), in Dutch.
"""

from flask import flash
from flask_admin.actions import action
from flask_admin.contrib.peewee.filters import FilterEqual
from markupsafe import Markup, escape

from models import AuditLog, ChatMessage, JobRun, LasSyncRun, User
from services import chat, las
from services.errors import DomainError

from . import runs, trail
from .base import ReadOnlyView, actor
from .labels import LABELS
from .shown import count


def _pre_text(text):
    return Markup("<pre class='mb-0' style='white-space: pre-wrap'>%s</pre>") % escape(text or "")


def _pre(view, context, model, name):
    return _pre_text(getattr(model, name))


def _job_counts(view, context, model, name):
    return runs.job_counts(model.job, model.counts)


def _las_counts(view, context, model, name):
    return ", ".join(runs.las_counts(las.counts_of(model))) or "geen wijzigingen"


class LasSyncRunView(ReadOnlyView):
    column_list = ("started_at", "finished_at", "source", "filename", "outcome", "progress", "started_by")
    column_details_list = (
        "started_at",
        "finished_at",
        "source",
        "filename",
        "file_sha256",
        "outcome",
        "counts",
        "changes",
        "errors",
        "started_by",
    )
    column_labels = {"progress": "Voortgang (%)", "started_by": "Gestart door", "file_sha256": "SHA-256"}
    column_filters = (
        FilterEqual(LasSyncRun.outcome, "Resultaat", options=list(runs.LAS_OUTCOMES.items())),
        FilterEqual(LasSyncRun.source, "Bron", options=list(runs.LAS_SOURCES.items())),
        "started_at",
    )
    column_searchable_list = ("filename", "errors")
    column_default_sort = ("started_at", True)
    column_formatters = {
        "outcome": lambda v, c, m, n: runs.las_outcome(m.outcome),
        "source": lambda v, c, m, n: runs.LAS_SOURCES.get(m.source, m.source),
    }
    column_formatters_export = column_formatters
    column_formatters_detail = {**column_formatters, "changes": _pre, "errors": _pre, "counts": _las_counts}


class JobRunView(ReadOnlyView):
    column_list = ("job", "scheduled_for", "started_at", "finished_at", "outcome", "counts", "error")
    column_details_list = ("job", "scheduled_for", "started_at", "finished_at", "outcome", "counts", "error")
    column_labels = {"job": "Taak", "scheduled_for": "Gepland voor", "counts": "Uitkomst"}
    column_filters = (
        FilterEqual(JobRun.job, "Taak", options=list(runs.JOB_NAMES.items())),
        FilterEqual(JobRun.outcome, "Resultaat", options=list(runs.JOB_OUTCOMES.items())),
        "started_at",
    )
    column_searchable_list = ("error",)
    column_default_sort = ("started_at", True)
    column_formatters = {
        "job": lambda v, c, m, n: runs.job_name(m.job),
        "outcome": lambda v, c, m, n: runs.job_outcome(m.outcome),
        "counts": _job_counts,
        "error": lambda v, c, m, n: runs.first_line(m.error),
    }
    column_formatters_export = column_formatters
    column_formatters_detail = {**column_formatters, "error": _pre}


def _changes(view, context, model, name):
    """A back-office change line by line ("Kleur: #fdd835 → #ff0000"); any other detail as it was written."""
    found = trail.lines(model.detail)
    return _pre_text(model.detail if found is None else "\n".join(found))


class AuditLogView(ReadOnlyView):
    column_list = ("at", "actor", "action", "entity", "entity_id", "detail")
    column_filters = ("action", "entity", "at", User.login)
    column_searchable_list = ("action", "detail")
    column_sortable_list = ("at", ("actor", User.last_name), "action", "entity")
    column_default_sort = ("at", True)
    related_joins = {User: AuditLog.actor}
    column_formatters = {
        "action": lambda v, c, m, n: trail.ACTION_NAMES.get(m.action, m.action),
        "entity": lambda v, c, m, n: LABELS.get(m.entity, m.entity),
        "detail": lambda v, c, m, n: trail.summary(m.detail),
    }
    column_formatters_export = column_formatters
    column_formatters_detail = {**column_formatters, "detail": _changes}


class ChatMessageView(ReadOnlyView):
    """Chat messages, readable by admins; a message can be hidden from the room, never edited."""

    column_list = ("created_at", "room", "author", "kind", "body", "hidden")
    column_details_list = (
        "created_at",
        "room",
        "room_kind",
        "author",
        "kind",
        "channel",
        "body",
        "hidden",
        "hidden_by",
        "hidden_at",
    )
    column_labels = {"room_kind": "Soort chat"}
    column_filters = ("hidden", "room_kind", "room", "created_at", User.login)
    column_searchable_list = ("body", "room")
    column_sortable_list = ("created_at", "room", ("author", User.last_name), "hidden")
    column_default_sort = ("created_at", True)
    related_joins = {User: ChatMessage.author}
    column_formatters = {"body": lambda v, c, m, n: (m.body[:120] + "…") if len(m.body) > 120 else m.body}

    @action("hide", "Verbergen", "De gekozen berichten verbergen voor iedereen in de chat?")
    def action_hide(self, ids):
        """Hide messages from their rooms, live in open chats; the audit log says who did it."""
        hidden = self._set_hidden(ids, True)
        flash(f"{count(hidden, 'berichten').capitalize()} verborgen.", "success")

    @action("unhide", "Weer tonen")
    def action_unhide(self, ids):
        """Show hidden messages again, live in open chats."""
        shown = self._set_hidden(ids, False)
        flash(f"{count(shown, 'berichten').capitalize()} weer zichtbaar.", "success")

    def _set_hidden(self, ids, hidden):
        """Hide or show each message through services.chat; the number changed. A refusal is shown and the
        other messages still go."""
        changed = 0
        for message in ChatMessage.select().where(ChatMessage.id.in_(ids) & (ChatMessage.hidden != hidden)):
            try:
                chat.hide_message(actor(), message.id, hidden)
            except DomainError as refused:
                flash(f"Bericht van {message.created_at:%d-%m-%Y %H:%M}: {refused.message}", "error")
                continue
            changed += 1
        return changed


def register(admin):
    admin.add_view(
        ChatMessageView(
            ChatMessage, "Chatberichten", category="Chats en leerplein", endpoint="chat_messages", url="chat-messages"
        )
    )
    admin.add_view(
        LasSyncRunView(LasSyncRun, "LAS-synchronisaties", category="Logboeken", endpoint="las_runs", url="las-runs")
    )
    admin.add_view(JobRunView(JobRun, "Geplande taken", category="Logboeken", endpoint="job_runs", url="job-runs"))
    admin.add_view(AuditLogView(AuditLog, "Auditlog", category="Logboeken", endpoint="audit_log", url="audit-log"))
