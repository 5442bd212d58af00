"""The bot process, `python -m chatbot`: off without a token, and a real polling process with one."""

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import requests

from chatbot.__main__ import webhook_secret
from tests.support.servers import free_port
from tests.support.telegram_stub import TOKEN

ROOT = Path(__file__).resolve().parents[2]


def environment(**extra):
    env = {**os.environ, "PYTHONPATH": str(ROOT), "SECRET_KEY": "bot-process-test", **extra}
    env.pop("TELEGRAM_BOT_TOKEN", None)
    env.pop("REDIS_URL", None)
    env.update({key: value for key, value in extra.items() if value is not None})
    return env


def test_without_a_token_the_bot_says_it_is_off_and_exits_cleanly(tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "chatbot"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        env=environment(DATABASE_URL=f"sqlite:///{tmp_path / 'x.db'}"),
    )
    assert result.returncode == 0
    assert "TELEGRAM_BOT_TOKEN is not set: the pupil bot is off" in result.stderr


def test_the_procfile_line_stays_up_while_off_until_it_is_stopped(tmp_path):
    """honcho ends every process when one ends: the Procfile's bot waits quietly instead."""
    assert "bot: python -m chatbot --stay-when-off" in (ROOT / "Procfile").read_text().splitlines()
    process = subprocess.Popen(
        [sys.executable, "-m", "chatbot", "--stay-when-off"],
        cwd=ROOT,
        text=True,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        env=environment(DATABASE_URL=f"sqlite:///{tmp_path / 'x.db'}"),
    )
    try:
        assert "the pupil bot is off" in process.stdout.readline()
        assert process.poll() is None
    finally:
        process.send_signal(signal.SIGTERM)
        output, _ = process.communicate(timeout=30)
    assert process.returncode == 0, output


def test_with_a_token_the_process_polls_and_answers(app, stub, database_url):
    process = subprocess.Popen(
        [sys.executable, "-m", "chatbot"],
        cwd=ROOT,
        text=True,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        env=environment(DATABASE_URL=database_url, TELEGRAM_BOT_TOKEN=TOKEN, TELEGRAM_API_URL=stub.url),
    )
    try:
        stub.wait_for("setMyCommands", timeout=60)
        answers = stub.ask(950, "/start")
        assert "/start JOUWCODE" in answers.text
    finally:
        process.send_signal(signal.SIGTERM)
        output, _ = process.communicate(timeout=30)
    assert process.returncode == 0, output
    assert "Pupil bot started: polling" in output and "Pupil bot stopped" in output
    assert TOKEN not in output  # polling is not logged with the token in the URL


def test_webhook_mode_takes_updates_with_telegrams_secret_only(app, stub, database_url):
    port = free_port()
    hook = f"http://127.0.0.1:{port}/telegram/hook"
    process = subprocess.Popen(
        [sys.executable, "-m", "chatbot"],
        cwd=ROOT,
        text=True,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        env=environment(
            DATABASE_URL=database_url,
            TELEGRAM_BOT_TOKEN=TOKEN,
            TELEGRAM_API_URL=stub.url,
            TELEGRAM_WEBHOOK_URL=hook,
            TELEGRAM_WEBHOOK_PORT=str(port),
        ),
    )
    update = {
        "update_id": 1,
        "message": {
            "message_id": 1,
            "date": int(time.time()),
            "text": "/start",
            "entities": [{"type": "bot_command", "offset": 0, "length": 6}],
            "chat": {"id": 951, "type": "private"},
            "from": {"id": 951, "is_bot": False, "first_name": "x"},
        },
    }
    try:
        registered = stub.wait_for("setWebhook", timeout=60)
        assert registered.params["url"] == hook
        assert registered.params["secret_token"] == webhook_secret(TOKEN)

        def post(headers):
            return requests.post(
                hook, data=json.dumps(update), timeout=10, headers={"Content-Type": "application/json", **headers}
            )

        deadline = time.monotonic() + 30
        while True:  # the webhook server starts listening just after setWebhook
            try:
                refused = post({"X-Telegram-Bot-Api-Secret-Token": "guess"})
                break
            except requests.ConnectionError:
                assert time.monotonic() < deadline, "the webhook server did not start"
                time.sleep(0.1)
        assert refused.status_code == 403
        assert post({"X-Telegram-Bot-Api-Secret-Token": webhook_secret(TOKEN)}).status_code == 200
        answer = stub.wait_for("sendMessage", 951)
        assert "/start JOUWCODE" in answer.text
        assert len([c for c in stub.calls if c.chat_id == 951]) == 1  # the refused update was not handled
    finally:
        process.send_signal(signal.SIGTERM)
        output, _ = process.communicate(timeout=30)
    assert process.returncode == 0, output
    assert "webhook" in output
