"""The back office (Flask-Admin), built per app instance by `init_admin(app)`; admins only."""
from flask import abort, redirect, request, url_for
from flask_admin import Admin, AdminIndexView, expose
from flask_login import current_user

from services import permissions


class AdminOnly:
    """The one access check of the back office: signed-in admins pass, others go to login or get 403."""

    def is_accessible(self):
        return permissions.can(current_user, "admin")

    def inaccessible_callback(self, name, **kwargs):
        if not current_user.is_authenticated:
            return redirect(url_for("auth.login", next=request.full_path))
        abort(403)


class HomeView(AdminOnly, AdminIndexView):
    @expose("/")
    def index(self):
        """Start page of the back office."""
        return self.render("admin/home.html")


def init_admin(app):
    admin = Admin(app, name="Doelpunt beheer", index_view=HomeView(name="Start", url="/admin"))
    return admin
