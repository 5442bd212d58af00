"""gunicorn's settings for the web process (the Procfile's `web:` line): `gunicorn -c gunicorn.conf.py`.

One gevent worker per process, as Flask-SocketIO asks: a WebSocket stays with the worker that accepted it,
and rooms live in that worker. For more capacity run more processes on their own ports behind nginx with
REDIS_URL set (README, Production). HOST and PORT choose the address, as for serve.py.
"""

import os

wsgi_app = "wsgi:build()"
bind = f"{os.environ.get('HOST', '127.0.0.1')}:{os.environ.get('PORT', '5000')}"
worker_class = "gevent"
workers = 1
# Open connections (WebSockets included) one process holds at once; each costs a greenlet, not a thread.
worker_connections = int(os.environ.get("WEB_CONNECTIONS", "2000"))
timeout = 30  # a worker whose event loop is stuck this long is restarted
graceful_timeout = 5  # on a restart, open WebSockets get this long before they are closed
keepalive = 5
accesslog = os.environ.get("ACCESS_LOG") or None  # "-": one line per request on stdout
errorlog = "-"
# gunicorn's control socket (one fixed path per user) would be shared by every web process on the machine.
control_socket_disable = True
