"""The back office (Flask-Admin), built per app instance by `init_admin(app)`; admins only.

One module per area; each has `register(admin)` that adds its views.
"""

from flask_admin import Admin, AdminIndexView, expose

from . import imports, las, portfolio, records, rollover, school, timetable, users
from .base import AdminOnly


class HomeView(AdminOnly, AdminIndexView):
    @expose("/")
    def index(self):
        """Start page of the back office."""
        return self.render("admin/home.html")


def init_admin(app):
    admin = Admin(app, name="Doelpunt beheer", index_view=HomeView(name="Start", url="/admin"))
    for area in (users, school, timetable, imports, las, rollover, records, portfolio):
        area.register(admin)
    return admin
