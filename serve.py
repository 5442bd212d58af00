"""The web process on Werkzeug's development server, for the tests and for debugging (`python serve.py`).

Listens on HOST:PORT (default 127.0.0.1:5000). It runs a thread per request and per WebSocket with no bound
on either: the Procfile and production use gunicorn with its gevent worker instead (gunicorn.conf.py,
wsgi.py; README, Production).
"""

import os

from app import create_app
from extensions import socketio


def main():
    app = create_app()
    host = os.environ.get("HOST", "127.0.0.1")
    port = int(os.environ.get("PORT", "5000"))
    socketio.run(app, host=host, port=port, allow_unsafe_werkzeug=True)


if __name__ == "__main__":
    main()
