"""The app factory. Entry points (the WSGI server, the worker, the bot, tests) call `create_app()`."""

from flask import Flask
from werkzeug.middleware.proxy_fix import ProxyFix

import config
import models
from database import bind_database
from extensions import babel, csrf, login_manager, socketio
from services import passwords


def create_app(test_config=None):
    """Create and configure a Doelpunt app; `test_config` overrides the environment's settings."""
    app = Flask(__name__, instance_relative_config=True)
    app.config.update(config.from_environment(app.instance_path))
    if test_config:
        app.config.update(test_config)

    if app.config["TRUSTED_PROXIES"]:
        n = app.config["TRUSTED_PROXIES"]
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=n, x_proto=n, x_host=n)

    bind_database(app.config["DATABASE_URL"], pool_size=app.config["DATABASE_POOL_SIZE"])
    passwords.configure(fast=app.config["FAST_PASSWORD_HASHING"])

    @app.before_request
    def _open_db():
        models.db.connect(reuse_if_open=True)

    @app.teardown_appcontext
    def _close_db(exc):
        if not models.db.is_closed():
            models.db.close()

    babel.init_app(app, locale_selector=lambda: "nl")  # the interface speaks Dutch
    csrf.init_app(app)
    login_manager.init_app(app)
    # "threading" on Werkzeug (serve.py, tests); wsgi.py, the production entry, sets "gevent".
    socketio.init_app(app, message_queue=app.config["REDIS_URL"], async_mode=app.config["SOCKETIO_ASYNC_MODE"])

    from web import register_blueprints

    register_blueprints(app)

    from admin import init_admin

    init_admin(app)

    import realtime

    realtime.configure(app)  # live pushes from this web process; the worker and the bot pass process=

    import commands

    commands.register(app)
    return app
