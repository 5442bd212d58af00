"""Extensions, created unbound and attached to an app in `create_app`."""

from flask_babel import Babel
from flask_login import LoginManager
from flask_socketio import SocketIO
from flask_wtf import CSRFProtect

babel = Babel()
csrf = CSRFProtect()
login_manager = LoginManager()
# Pinned: installing eventlet or gevent would otherwise silently change the async mode.
socketio = SocketIO(async_mode="threading")
