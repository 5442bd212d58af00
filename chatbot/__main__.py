"""The bot process: `python -m chatbot` (Procfile: `bot: python -m chatbot --stay-when-off`).

Without TELEGRAM_BOT_TOKEN the bot is off: it says so and exits 0, and the rest of Doelpunt runs as usual.
With `--stay-when-off` it then waits quietly until it is stopped (SIGTERM, Ctrl-C) and exits 0: honcho (and
`scripts/start`) stops every process as soon as one of them ends, and process managers restart one that
ends, so the Procfile line must not end.
With a token it polls Telegram for updates; with TELEGRAM_WEBHOOK_URL set it receives them by webhook
instead: it listens on 127.0.0.1:TELEGRAM_WEBHOOK_PORT at the URL's path, behind the web server that
terminates HTTPS, and checks Telegram's secret header (derived from the token) on every request.
"""

import hashlib
import importlib.util
import logging
import os
import signal
import sys
import threading
from urllib.parse import urlsplit

log = logging.getLogger("chatbot")


def webhook_secret(token):
    """The secret Telegram sends back with every webhook request (A-Z, a-z, 0-9 only)."""
    return hashlib.sha256(("doelpunt-webhook:" + token).encode()).hexdigest()


def stop_event():
    """An event set by SIGTERM or SIGINT."""
    stopped = threading.Event()
    for signum in (signal.SIGTERM, signal.SIGINT):
        signal.signal(signum, lambda *args: stopped.set())
    return stopped


def main(argv=None):
    argv = sys.argv[1:] if argv is None else argv
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    logging.getLogger("httpx").setLevel(logging.WARNING)  # every poll would be logged, with the token in it
    if not os.environ.get("TELEGRAM_BOT_TOKEN"):
        stopped = stop_event() if "--stay-when-off" in argv else None
        log.info("TELEGRAM_BOT_TOKEN is not set: the pupil bot is off. Set it to turn the bot on.")
        if stopped is not None:
            while not stopped.wait(3600):
                pass
            log.info("Pupil bot (off) stopped")
        return 0

    from telegram import Update

    import realtime
    from app import create_app
    from chatbot.app import build_application

    app = create_app()
    realtime.configure(app, process="bot")
    application = build_application(app)
    webhook_url = app.config.get("TELEGRAM_WEBHOOK_URL")
    if webhook_url and importlib.util.find_spec("tornado") is None:
        log.error("TELEGRAM_WEBHOOK_URL is set, but webhook mode needs python-telegram-bot[webhooks] (tornado).")
        return 1
    if webhook_url:
        port = app.config["TELEGRAM_WEBHOOK_PORT"]
        path = urlsplit(webhook_url).path.strip("/")
        log.info("Pupil bot started: webhook %s, listening on 127.0.0.1:%s/%s", webhook_url, port, path)
        application.run_webhook(
            listen="127.0.0.1",
            port=port,
            url_path=path,
            webhook_url=webhook_url,
            secret_token=webhook_secret(app.config["TELEGRAM_BOT_TOKEN"]),
            allowed_updates=Update.ALL_TYPES,
        )
    else:
        log.info("Pupil bot started: polling")
        application.run_polling(allowed_updates=Update.ALL_TYPES)
    log.info("Pupil bot stopped")
    return 0


if __name__ == "__main__":
    sys.exit(main())
