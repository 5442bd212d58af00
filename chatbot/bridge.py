"""Calling the services from the bot's event loop.

Every service call runs in a worker thread (asyncio.to_thread) inside the Flask app's context with its own
database connection, so that peewee's blocking work never stalls the event loop, and so that what the
services announce (a progress note, a help request) goes out through the app's Socket.IO set-up.

Model objects that come back are only read for their own columns (`pupil.first_name`); anything that would
need another query is read inside the thread.
"""

import asyncio

from services.connection import connection

FLASK_APP = "flask_app"


def run_in_app(flask_app, work, *args, **kwargs):
    """Run `work(*args, **kwargs)` in `flask_app`'s context with a database connection (blocking)."""
    with flask_app.app_context(), connection():
        return work(*args, **kwargs)


def setting(context, name):
    """One of the app's settings (UPLOAD_FOLDER, ...), for a service call that takes it as an argument."""
    application = getattr(context, "application", context)
    return application.bot_data[FLASK_APP].config[name]


async def call(context, work, *args, **kwargs):
    """Run a service function (or a small composition of them) off the event loop; returns its result.

    `context` is a handler's CallbackContext or the Application itself."""
    application = getattr(context, "application", context)
    return await asyncio.to_thread(run_in_app, application.bot_data[FLASK_APP], work, *args, **kwargs)
