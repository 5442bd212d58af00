"""The production web process: gunicorn with one gevent worker runs `build()` (see gunicorn.conf.py).

Gevent's monkey-patching comes first, before anything else is imported: sockets, locks, sleeps and threads
become cooperative, so one process serves hundreds of open WebSockets on one event loop. psycopg2 talks to
PostgreSQL in C, so psycogreen makes it wait on the loop too. Argon2 hashing is CPU-bound C code that
would block the loop: it runs in a small pool of real threads (services.passwords bounds it).
"""

from gevent import monkey

monkey.patch_all()

from psycogreen.gevent import patch_psycopg

patch_psycopg()

from gevent.threadpool import ThreadPool

from app import create_app
from services import passwords


def build(test_config=None):
    """The app for gunicorn: Socket.IO on gevent, password hashing in real threads; `test_config` as for
    create_app (tests pass cheap password parameters: `gunicorn "wsgi:build({...})"`)."""
    app = create_app({"SOCKETIO_ASYNC_MODE": "gevent", **(test_config or {})})
    hashing_threads = ThreadPool(passwords.HASHING_AT_ONCE)
    passwords.run_hashing_with(lambda work, *args: hashing_threads.apply(work, args))
    return app
