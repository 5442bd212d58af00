"""Extensions, created unbound and attached to an app in `create_app`."""

from flask_babel import Babel
from flask_login import LoginManager
from flask_socketio import SocketIO
from flask_wtf import CSRFProtect

babel = Babel()
csrf = CSRFProtect()
login_manager = LoginManager()
# Pinned: with gevent installed the default would silently change. create_app passes the app's
# SOCKETIO_ASYNC_MODE: "threading" on Werkzeug, "gevent" under gunicorn (wsgi.py).
socketio = SocketIO(async_mode="threading")
