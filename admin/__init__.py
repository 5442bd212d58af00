"""The back office (Flask-Admin), built per app instance by `init_admin(app)`; admins only.

One module per area; each has `register(admin)` that adds its views, in the menu's order. Every screen is
framed by templates/admin/doelpunt/base.html (sign-out, the way to the teacher screens, no favicon request)
and every model list is an `AdminModelView` (admin/base.py): what a view added later needs, it gets there.
"""

from flask_admin import Admin
from flask_admin.theme import Bootstrap4Theme

from . import (
    class_folder,
    group_cycle,
    group_data,
    imports,
    las,
    learning_square,
    memberships,
    plans,
    portfolio,
    pupil_records,
    records,
    rollover,
    school,
    shown,
    timetable,
    users,
)
from .home import HomeView

# The menu's order: people, the school, its groups and curriculum, the pupils' data, the link and the year, logs.
AREAS = (
    users,
    imports,
    school,
    memberships,
    group_data,
    group_cycle,
    plans,
    timetable,
    class_folder,
    pupil_records,
    portfolio,
    las,
    rollover,
    records,
    learning_square,
)


def init_admin(app):
    admin = Admin(
        app,
        name="Doelpunt beheer",
        index_view=HomeView(name="Start", url="/admin"),
        theme=Bootstrap4Theme(base_template="admin/doelpunt/base.html", fluid=True),
    )
    app.add_template_filter(shown.count, "aantal")  # {{ 3|aantal("notities") }}: "3 notities", "1 notitie"
    for area in AREAS:
        area.register(admin)
    return admin
