"""Settings, read from the environment with safe defaults; tests override them with a dict."""

import os
import secrets

from services import clock


class ConfigError(RuntimeError):
    pass


def _secret_key(instance_path, environment):
    key = os.environ.get("SECRET_KEY")
    if key:
        return key
    if environment == "production":
        raise ConfigError("SECRET_KEY must be set in production (DOELPUNT_ENV=production).")
    # Development: generate once and keep it in the instance folder, so sessions survive a restart.
    path = os.path.join(instance_path, "secret_key")
    if not os.path.exists(path):
        with open(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600), "w") as fh:
            fh.write(secrets.token_hex(32))
    with open(path) as fh:
        return fh.read().strip()


def from_environment(instance_path):
    """Build the settings dict for an app whose instance folder is `instance_path`."""
    os.makedirs(instance_path, exist_ok=True)
    environment = os.environ.get("DOELPUNT_ENV", "development")
    database_url = os.environ.get("DATABASE_URL") or "sqlite:///" + os.path.join(instance_path, "doelpunt.db")
    if database_url.startswith("postgres://"):
        database_url = "postgresql://" + database_url[len("postgres://") :]
    return {
        "ENV_NAME": environment,
        "SECRET_KEY": _secret_key(instance_path, environment),
        "DATABASE_URL": database_url,
        # PostgreSQL connections kept open per process for the next request; 0 connects and closes every time.
        "DATABASE_POOL_SIZE": int(os.environ.get("DATABASE_POOL_SIZE", "20")),
        "REDIS_URL": os.environ.get("REDIS_URL") or None,
        "UPLOAD_FOLDER": os.environ.get("UPLOAD_FOLDER") or os.path.join(instance_path, "uploads"),
        # gzip level of pages and JSON (web/compression.py); 0: off, for a proxy that compresses itself.
        "GZIP_LEVEL": int(os.environ.get("GZIP_LEVEL", "1")),
        "MAX_CONTENT_LENGTH": int(os.environ.get("MAX_UPLOAD_MB", "20")) * 1024 * 1024,
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "SESSION_COOKIE_SECURE": environment == "production",
        "REMEMBER_COOKIE_SECURE": environment == "production",
        "WTF_CSRF_TIME_LIMIT": None,  # a token lives as long as the session: teachers keep pages open
        "BABEL_DEFAULT_LOCALE": "nl",
        "BABEL_DEFAULT_TIMEZONE": clock.TIMEZONE_NAME,
        # Sign-in throttling: this many failures per login name or address within the window lock it.
        "LOGIN_MAX_FAILURES": int(os.environ.get("LOGIN_MAX_FAILURES", "5")),
        "LOGIN_FAILURE_WINDOW_MINUTES": int(os.environ.get("LOGIN_FAILURE_WINDOW_MINUTES", "15")),
        # A whole class may sign in from behind one school router: the limit per address is higher.
        "LOGIN_MAX_FAILURES_PER_ADDRESS": int(os.environ.get("LOGIN_MAX_FAILURES_PER_ADDRESS", "50")),
        # Number of reverse proxies in front of the app (nginx: 1), so that client addresses are right.
        "TRUSTED_PROXIES": int(os.environ.get("TRUSTED_PROXIES", "0")),
        "FAST_PASSWORD_HASHING": False,
        # The server decides, not the environment: wsgi.py (gunicorn's gevent worker) sets "gevent".
        "SOCKETIO_ASYNC_MODE": "threading",  # tests only: cheaper argon2 parameters
        # The LAS link is configured by the system administrator, never from the screens (SPEC 6).
        "LAS_SYNC_FOLDER": os.environ.get("LAS_SYNC_FOLDER") or None,
        "LAS_SYNC_URL": os.environ.get("LAS_SYNC_URL") or None,
        "LAS_SYNC_PARENTS": os.environ.get("LAS_SYNC_PARENTS", "0") == "1",
        "LAS_SYNC_TIME": os.environ.get("LAS_SYNC_TIME", "06:00"),
        "TELEGRAM_BOT_TOKEN": os.environ.get("TELEGRAM_BOT_TOKEN") or None,
        # The bot's @username (without @): pupil pages then show a t.me deep link that links in one tap.
        "TELEGRAM_BOT_USERNAME": (os.environ.get("TELEGRAM_BOT_USERNAME") or "").lstrip("@") or None,
        # The Bot API server's root (default Telegram's); a self-hosted server, or the stand-in in tests.
        "TELEGRAM_API_URL": (os.environ.get("TELEGRAM_API_URL") or "").rstrip("/") or None,
        # Set: the bot receives updates by webhook at this public HTTPS URL instead of polling.
        "TELEGRAM_WEBHOOK_URL": os.environ.get("TELEGRAM_WEBHOOK_URL") or None,
        "TELEGRAM_WEBHOOK_PORT": int(os.environ.get("TELEGRAM_WEBHOOK_PORT", "8081")),
        # Per Socket.IO connection, within 10 seconds: chat messages, and events of any kind.
        "CHAT_RATE_LIMIT": int(os.environ.get("CHAT_RATE_LIMIT", "10")),
        "CHAT_EVENT_LIMIT": int(os.environ.get("CHAT_EVENT_LIMIT", "100")),
        "CHAT_ACCESS_SWEEP_SECONDS": float(os.environ.get("CHAT_ACCESS_SWEEP_SECONDS", "10")),
    }
