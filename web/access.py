"""The one access check of the pages, and the one way they fetch what a URL names.

    @bp.route("/leerlingen")
    @allowed("view_pupil_list")
    def index(): ...

    group = get_or_404(Group, group_id)
    permissions.require(current_user, "manage_group", group)

`allowed(action)` asks services.permissions whether the signed-in user may open the page at all (an area of
their role); what they may do to the thing the page is about is the services' question, or the view's, with
`permissions.require` on the thing that `get_or_404` found. So a user who may never open such a page gets 403
before any lookup, and only a user who may learns whether an id exists.
"""

import functools

from flask import abort
from flask_login import current_user, login_required

from models import Goal, GoalSet, Group, Lesson, User
from services import permissions
from services.errors import NotFound, PermissionDenied

from .errors import PAGES

# What a 404 says per model, unless the caller says more precisely what is missing.
MISSING = {
    Goal: "Dit leerdoel bestaat niet (meer).",
    GoalSet: "Deze doelenset bestaat niet (meer).",
    Group: "Deze groep bestaat niet (meer).",
    Lesson: "Deze les bestaat niet (meer).",
}
NO_PUPIL = "Deze leerling bestaat niet (meer)."


def allowed(action, message=None):
    """A view for signed-in users whom `permissions.can(user, action)` allows: anyone signed out goes to the
    login page (Flask-Login's login_required), anyone else gets the Dutch 403 page (or `message`)."""

    def decorate(view):
        @functools.wraps(view)
        def checked(*args, **kwargs):
            if not permissions.can(current_user, action):
                if message:
                    raise PermissionDenied(message)
                abort(403)
            return view(*args, **kwargs)

        return login_required(checked)

    return decorate


def get_or_404(source, ident, *conditions, message=None):
    """The row with this id of `source` (a model, or a query of one with its joins) that also meets
    `conditions`, else a Dutch 404: `message`, or what MISSING says for the model."""
    model, query = (source, source.select()) if isinstance(source, type) else (source.model, source)
    found = query.where(model.id == ident, *conditions).first() if ident is not None else None
    if found is None:
        raise NotFound(message or MISSING.get(model, PAGES[404][1]))
    return found


def pupil_or_404(pupil_id):
    """The pupil with this id; a user of another role is as unknown here as a missing one."""
    return get_or_404(User, pupil_id, User.role == "pupil", message=NO_PUPIL)
