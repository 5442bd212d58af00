"""Browser tests: the app served on a free localhost port in a thread, driven by Playwright in Debian's
Chromium (/usr/bin/chromium; scripts/test installs it). Test data is written by the test itself on the
same database before it opens a page."""

import os
import shutil
import threading

import pytest
from werkzeug.serving import make_server

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]


@pytest.fixture
def live_server(app):
    """The app on http://127.0.0.1:PORT for the length of one test, Socket.IO included; yields its base URL.

    create_app wrapped `app.wsgi_app` in Flask-SocketIO's middleware (threading mode, simple-websocket), so
    Werkzeug's threaded server answers Socket.IO on the WebSocket transport too, as `socketio.run` does.
    """
    import realtime

    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join(timeout=10)
    realtime.stop_outbox_poller()  # started by the first Socket.IO request (no Redis here)


@pytest.fixture(scope="session")
def browser():
    if not shutil.which(CHROMIUM) and not os.path.exists(CHROMIUM):
        pytest.fail(f"Chromium not found at {CHROMIUM}: scripts/test installs Debian's chromium package")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def new_page(browser, live_server):
    """new_page() -> a page in a fresh browser context (its own cookies) whose relative URLs go to the live
    server; as many as a test needs (two people chatting, say), all closed at the end."""
    contexts = []

    def open_page():
        context = browser.new_context(base_url=live_server, locale="nl-NL")
        context.set_default_timeout(10_000)
        contexts.append(context)
        return context.new_page()

    yield open_page
    for context in contexts:
        context.close()


@pytest.fixture
def page(new_page):
    """A fresh browser context (no cookies) whose relative URLs go to the live server."""
    return new_page()
