"""The web pages for teachers, pupils and parents (one blueprint per area) and the Socket.IO events."""


def register_blueprints(app):
    from . import auth, curriculum, dashboard, errors, goal_sets, groups, home, overviews, pupils

    errors.register(app)
    for area in (auth, home, dashboard, groups, overviews, pupils, goal_sets, curriculum):
        app.register_blueprint(area.bp)
