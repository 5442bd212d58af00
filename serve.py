"""The web process: Flask and Socket.IO in one server (the Procfile's `web:` line).

Listens on HOST:PORT (default 127.0.0.1:5000). Werkzeug's server is fine for a school's demo and for small
set-ups; the README says what to change for production.
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
