"""A database connection for work outside a web request: the bot's worker threads and scheduled jobs.

Web requests get theirs from the app (`app.py`); the bot process reaches the database only through the
services, so it asks here instead of importing the models.
"""

from models import db


def connection():
    """A context manager: this thread's own connection for the work inside it, closed afterwards."""
    return db.connection_context()
