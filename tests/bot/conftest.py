"""Fixtures for the bot's end-to-end tests: the stand-in Telegram API (tests/telegram_stub.py), the real
Application polling it (tests/bot/bot_helpers.py) and a small school.
"""

import pytest

from tests.support.bot import School, start_bot
from tests.support.telegram_stub import TelegramStub


@pytest.fixture
def stub():
    server = TelegramStub().start()
    yield server
    server.stop()


@pytest.fixture
def bot(app, stub):
    running = start_bot(app, stub)
    yield running
    running.stop()


@pytest.fixture
def school(database):
    return School()
