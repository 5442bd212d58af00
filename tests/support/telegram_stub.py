"""A stand-in for the Telegram Bot API on 127.0.0.1, for the bot's end-to-end tests (tests/bot/): the server
of tests/telegram_api.py (HTTP, the API methods, the recorded calls, the chats' transcripts, faults) plus
what a test does with it, as the pupil at the other end of a chat.

Tests push updates as a chat would send them (`send`, `tap`, `send_photo`, `send_document`) and read the
bot's answers with `ask`/`answers`, which wait until the bot has handled everything pushed so far: updates
are handled one at a time in order, so a marker /start from a fresh chat is answered only after them.
`visible(chat_id)` is the chat as the pupil's screen shows it, minus the deleted messages, and `screen(chat_id)`
the same with the buttons' labels, so a test can check what the next pupil on a shared tablet could scroll
back to.
"""

import itertools
import time
from dataclasses import dataclass, field

from tests.support.telegram_api import BOT_USER, TOKEN, TelegramApi

MARKER_CHATS = itertools.count(9_000_000)
ANSWER_METHODS = ("sendMessage", "sendPhoto", "editMessageText", "editMessageReplyMarkup")


@dataclass
class Answers:
    """What the bot did in one chat in answer to one action."""

    calls: list = field(default_factory=list)

    @property
    def messages(self):
        return [c for c in self.calls if c.method in ANSWER_METHODS]

    @property
    def text(self):
        return "\n".join(c.text for c in self.messages)

    @property
    def last(self):
        return self.messages[-1] if self.messages else None

    @property
    def labels(self):
        return self.last.labels if self.last else []

    @property
    def popups(self):
        """The texts of answerCallbackQuery calls (the short notices on top of the chat)."""
        return [c.params.get("text", "") for c in self.calls if c.method == "answerCallbackQuery"]

    def of(self, method):
        return [c for c in self.calls if c.method == method]


class TelegramStub(TelegramApi):
    """The fake API server with the chats' side: start() it, point the bot at base_url, stop() it at the end."""

    def __init__(self, token=TOKEN):
        super().__init__(token)
        self._update_ids = itertools.count(1)
        self._file_ids = itertools.count(1)
        self._callback_ids = itertools.count(1)

    # --- Pushing updates, as chats send them ------------------------------------------------------------

    def _user_message(self, chat_id, **content):
        message_id = self.new_message(chat_id, False, content.get("text") or content.get("caption") or "[bestand]")
        user = {"id": chat_id, "is_bot": False, "first_name": "Leerling"}
        message = {
            "message_id": message_id,
            "date": int(time.time()),
            "from": user,
            "chat": {"id": chat_id, "type": "private", "first_name": "Leerling"},
            **content,
        }
        self.push({"message": message})
        return message_id

    def push(self, update):
        """Queue a raw update (without update_id) for getUpdates; returns its update_id."""
        with self._cond:
            update = {"update_id": next(self._update_ids), **update}
            self.updates.append(update)
            self._cond.notify_all()
            return update["update_id"]

    def send(self, chat_id, text):
        """The chat sends a text message (a command when it starts with "/")."""
        content = {"text": text}
        if text.startswith("/"):
            content["entities"] = [{"type": "bot_command", "offset": 0, "length": len(text.split()[0])}]
        return self._user_message(chat_id, **content)

    def add_file(self, data, file_size=None, suffix="jpg"):
        """Store a file the bot can fetch with getFile; returns (file_id, declared size)."""
        with self._cond:
            n = next(self._file_ids)
            file_id = f"file-{n}"
            size = len(data) if file_size is None else file_size
            self.files[file_id] = {"data": data, "size": size, "path": f"photos/file_{n}.{suffix}"}
            return file_id, size

    def send_photo(self, chat_id, data, file_size=None, caption=None):
        """The chat sends a photo (Telegram offers it in sizes; here one size)."""
        file_id, size = self.add_file(data, file_size)
        content = {
            "photo": [
                {"file_id": file_id, "file_unique_id": "u" + file_id, "width": 640, "height": 480, "file_size": size}
            ]
        }
        if caption:
            content["caption"] = caption
        return self._user_message(chat_id, **content)

    def send_document(self, chat_id, data, file_name, mime_type, file_size=None):
        """The chat sends a file as a document."""
        file_id, size = self.add_file(data, file_size, suffix=file_name.rsplit(".", 1)[-1])
        return self._user_message(
            chat_id,
            document={
                "file_id": file_id,
                "file_unique_id": "u" + file_id,
                "file_name": file_name,
                "mime_type": mime_type,
                "file_size": size,
            },
        )

    def press(self, chat_id, data, message_id=None):
        """The chat taps an inline button with callback data `data` (on `message_id`, else the last one)."""
        with self._cond:
            shown = self.chats.get(chat_id, {})
            if message_id is None:
                message_id = max((m for m, info in shown.items() if info["from_bot"]), default=1)
            text = shown.get(message_id, {}).get("text", "")
        message = {
            "message_id": message_id,
            "date": int(time.time()),
            "from": BOT_USER,
            "text": text,
            "chat": {"id": chat_id, "type": "private", "first_name": "Leerling"},
        }
        user = {"id": chat_id, "is_bot": False, "first_name": "Leerling"}
        callback_id = str(next(self._callback_ids))
        self._callback_chats[callback_id] = chat_id
        return self.push(
            {
                "callback_query": {
                    "id": callback_id,
                    "from": user,
                    "chat_instance": str(chat_id),
                    "data": data,
                    "message": message,
                }
            }
        )

    def button(self, chat_id, label):
        """(callback_data, message_id) of the newest visible bot button in the chat whose label holds `label`."""
        for call in reversed(self.calls):
            if call.method in ANSWER_METHODS and call.chat_id == chat_id and call.result:
                message_id = call.result["message_id"]
                if self.chats.get(chat_id, {}).get(message_id, {}).get("deleted"):
                    continue
                for text, data in call.buttons:
                    if label.lower() in text.lower():
                        return data, message_id
        raise AssertionError(f"no button {label!r} in chat {chat_id}")

    def tap(self, chat_id, label, timeout=20):
        """Tap the newest button labelled `label` and return the bot's answers."""
        data, message_id = self.button(chat_id, label)
        return self.ask_with(chat_id, lambda: self.press(chat_id, data, message_id), timeout)

    # --- Waiting for answers ----------------------------------------------------------------------------

    def mark(self):
        with self._cond:
            return len(self.calls)

    def wait_for(self, method, chat_id=None, since=0, timeout=20, predicate=None):
        """The first call of `method` (to `chat_id`) made at or after index `since`; waits up to `timeout`."""
        deadline = time.monotonic() + timeout
        with self._cond:
            while True:
                for call in self.calls[since:]:
                    if (
                        call.method == method
                        and (chat_id is None or call.chat_id == chat_id)
                        and (predicate is None or predicate(call))
                    ):
                        return call
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    raise AssertionError(
                        f"the bot made no {method} call to {chat_id} within {timeout} s; "
                        f"calls: {[(c.method, c.chat_id) for c in self.calls[since:]]}"
                    )
                self._cond.wait(remaining)

    def drain(self, timeout=20):
        """Return once the bot has handled every update pushed so far (a marker chat's /start is answered)."""
        marker = next(MARKER_CHATS)
        since = self.mark()
        self.send(marker, "/start")
        self.wait_for("sendMessage", marker, since=since, timeout=timeout)

    def answers(self, chat_id, since):
        """Everything the bot did to `chat_id` since index `since`, once it has handled all updates."""
        self.drain()
        with self._cond:
            return Answers([c for c in self.calls[since:] if c.chat_id == chat_id])

    def ask_with(self, chat_id, action, timeout=20):
        since = self.mark()
        action()
        return self.answers(chat_id, since)

    def ask(self, chat_id, text):
        """Send `text` from `chat_id` and return the bot's answers."""
        return self.ask_with(chat_id, lambda: self.send(chat_id, text))

    def screen(self, chat_id):
        """Everything the chat's screen shows now, texts and button labels, as one string (for `in` checks)."""
        with self._cond:
            return "\n".join(
                line
                for _, m in sorted(self.chats.get(chat_id, {}).items())
                if not m["deleted"]
                for line in [m["text"], *m.get("labels", [])]
            )

    def visible(self, chat_id):
        """The chat's messages as its screen shows them now: [(from_bot, text)], deleted ones left out."""
        with self._cond:
            return [
                (m["from_bot"], m["text"]) for _, m in sorted(self.chats.get(chat_id, {}).items()) if not m["deleted"]
            ]
