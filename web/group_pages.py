"""What the pages of a group's notes, documents, analysis, review and group plan share: fetching the group of
the URL, the row of links between these pages, and the links on the Groepsprofiel (only those the user may
open: assistants see documents, teachers everything; pupils and parents none of it)."""

from flask import flash, url_for
from flask_login import current_user

from models import Group, GroupType
from services import permissions
from services.errors import DomainError, NotFound, PermissionDenied

from .access import get_or_404

# label, endpoint, the page-level permission, key of the page (for aria-current)
PAGES = (
    ("Groepsnotities", "group_notes.notes", "view_group_notes", "notes"),
    ("Groepsdocumenten", "group_documents.documents", "view_group_documents", "documents"),
    ("Groepsanalyse", "analysis.overview", "view_group_notes", "analysis"),
    ("Groepsbespreking", "reviews.group_review_start", "view_group_notes", "review"),
    ("Groepsplan", "group_plan.proposal", "view_group_notes", "plan"),
)


def group_or_404(group_id, action="view_group"):
    """The group of the URL (with its type), if the user may do `action` to it: 404 unknown, 403 not allowed."""
    group = get_or_404(Group.select(Group, GroupType).join(GroupType), group_id)
    permissions.require(current_user, action, group)
    return group


def attempt(do, done):
    """Run `do()` (a service call, given whatever it reads from the form); flash `done` (a text, or a function
    of the result) or the service's Dutch refusal, and return the result (None when refused). Who may not do it
    at all, or asks for what does not exist, still gets the 403 or 404 page."""
    try:
        result = do()
    except (PermissionDenied, NotFound):
        raise
    except DomainError as refused:
        flash(refused.message, "error")
        return None
    flash(done(result) if callable(done) else done, "success")
    return result


def cycle_links(group_id, current=None):
    """The links between a group's pages that the signed-in user may open, with the current one marked."""
    links = [{"label": "Groepsprofiel", "url": url_for("teacher_groups.profile", group_id=group_id), "current": False}]
    for label, endpoint, action, key in PAGES:
        if permissions.can(current_user, action):
            links.append({"label": label, "url": url_for(endpoint, group_id=group_id), "current": key == current})
    return links


def register(bp):
    """Make `group_cycle_links(group_id)` available to every template (the Groepsprofiel's include)."""

    @bp.app_template_global()
    def group_cycle_links(group_id):
        return cycle_links(group_id)[1:]
