"""The back office's one access check, shared by every admin view."""
from flask import abort, redirect, request, url_for
from flask_login import current_user

from services import permissions


class AdminOnly:
    """Mixin for every admin view: signed-in admins pass, anonymous users go to login, others get 403."""

    def is_accessible(self):
        return permissions.can(current_user, "admin")

    def inaccessible_callback(self, name, **kwargs):
        if not current_user.is_authenticated:
            return redirect(url_for("auth.login", next=request.full_path))
        abort(403)
