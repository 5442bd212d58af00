"""The web pages for teachers, pupils and parents (one blueprint per area) and the Socket.IO events."""


def register_blueprints(app):
    from . import auth, errors, home

    errors.register(app)
    app.register_blueprint(auth.bp)
    app.register_blueprint(home.bp)
