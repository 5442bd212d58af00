"""A stand-in for the Telegram Bot API on 127.0.0.1, for the bot's end-to-end tests (tests/bot/).

The real python-telegram-bot Application talks to it over HTTP exactly as it would to api.telegram.org
(`base_url=stub.base_url`, `base_file_url=stub.base_file_url`). It answers getMe, getUpdates (queued
updates, long-poll), sendMessage, sendPhoto, getFile and the file download, answerCallbackQuery,
editMessageText, editMessageReplyMarkup, deleteMessage, setMyCommands and setWebhook, and records every
call.

It also keeps each chat's transcript as the pupil's screen would show it: messages from the pupil and
from the bot, minus the deleted ones (`visible(chat_id)`), so a test can check what the next pupil on a
shared tablet could scroll back to.

Tests push updates as a chat would send them (`send`, `tap`, `send_photo`, `send_document`) and read the
bot's answers with `ask`/`answers`, which wait until the bot has handled everything pushed so far: updates
are handled one at a time in order, so a marker /start from a fresh chat is answered only after them.
`fail_next(method, ...)` makes the next call of a method fail (an API error or a time-out).
"""
import email.parser
import email.policy
import itertools
import json
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qsl, unquote

TOKEN = "123456:TEST-TOKEN"
BOT_USER = {"id": 123456, "is_bot": True, "first_name": "Doelpunt", "username": "doelpunt_test_bot",
            "can_join_groups": False, "can_read_all_group_messages": False, "supports_inline_queries": False}
MARKER_CHATS = itertools.count(9_000_000)
ANSWER_METHODS = ("sendMessage", "sendPhoto", "editMessageText", "editMessageReplyMarkup")


@dataclass
class Call:
    """One request the bot made: its method and its parameters (JSON values decoded)."""

    index: int
    method: str
    params: dict
    result: object = None
    chat_id: int = None

    @property
    def text(self):
        return self.params.get("text") or self.params.get("caption") or ""

    @property
    def buttons(self):
        """The inline keyboard as [(label, callback_data)], row after row."""
        markup = self.params.get("reply_markup") or {}
        return [(b["text"], b.get("callback_data")) for row in markup.get("inline_keyboard", []) for b in row]

    @property
    def labels(self):
        return [label for label, _ in self.buttons]


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


class TelegramStub:
    """The fake API server; start() it, point the bot at base_url, stop() it at the end."""

    def __init__(self, token=TOKEN):
        self.token = token
        self.calls = []
        self.updates = []
        self.files = {}
        self.faults = {}
        self.chats = {}  # chat id -> {message_id: {"from_bot": bool, "text": str, "deleted": bool}}
        self._message_ids = {}
        self._update_ids = itertools.count(1)
        self._file_ids = itertools.count(1)
        self._callback_ids = itertools.count(1)
        self._callback_chats = {}
        self._cond = threading.Condition()
        self._stopping = False
        self._server = None

    # --- Running --------------------------------------------------------------------------------------

    def start(self):
        stub = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args):
                pass

            def do_POST(self):
                stub._handle(self)

            do_GET = do_POST

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        threading.Thread(target=self._server.serve_forever, daemon=True, name="telegram-stub").start()
        return self

    def stop(self):
        with self._cond:
            self._stopping = True
            self._cond.notify_all()
        if self._server:
            self._server.shutdown()
            self._server.server_close()

    @property
    def url(self):
        return f"http://127.0.0.1:{self._server.server_address[1]}"

    @property
    def base_url(self):
        return self.url + "/bot"

    @property
    def base_file_url(self):
        return self.url + "/file/bot"

    # --- Pushing updates, as chats send them ------------------------------------------------------------

    def _next_message_id(self, chat_id):
        self._message_ids[chat_id] = self._message_ids.get(chat_id, 0) + 1
        return self._message_ids[chat_id]

    def _user_message(self, chat_id, **content):
        with self._cond:
            message_id = self._next_message_id(chat_id)
            self.chats.setdefault(chat_id, {})[message_id] = {
                "from_bot": False, "text": content.get("text") or content.get("caption") or "[bestand]",
                "deleted": False}
        user = {"id": chat_id, "is_bot": False, "first_name": "Leerling"}
        message = {"message_id": message_id, "date": int(time.time()), "from": user,
                   "chat": {"id": chat_id, "type": "private", "first_name": "Leerling"}, **content}
        self.push({"message": message})
        return message_id

    def push(self, update):
        """Queue a raw update (without update_id); returns its update_id."""
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
        content = {"photo": [{"file_id": file_id, "file_unique_id": "u" + file_id, "width": 640,
                              "height": 480, "file_size": size}]}
        if caption:
            content["caption"] = caption
        return self._user_message(chat_id, **content)

    def send_document(self, chat_id, data, file_name, mime_type, file_size=None):
        """The chat sends a file as a document."""
        file_id, size = self.add_file(data, file_size, suffix=file_name.rsplit(".", 1)[-1])
        return self._user_message(chat_id, document={
            "file_id": file_id, "file_unique_id": "u" + file_id, "file_name": file_name,
            "mime_type": mime_type, "file_size": size})

    def press(self, chat_id, data, message_id=None):
        """The chat taps an inline button with callback data `data` (on `message_id`, else the last one)."""
        with self._cond:
            shown = self.chats.get(chat_id, {})
            if message_id is None:
                message_id = max((m for m, info in shown.items() if info["from_bot"]), default=1)
            text = shown.get(message_id, {}).get("text", "")
        message = {"message_id": message_id, "date": int(time.time()), "from": BOT_USER, "text": text,
                   "chat": {"id": chat_id, "type": "private", "first_name": "Leerling"}}
        user = {"id": chat_id, "is_bot": False, "first_name": "Leerling"}
        callback_id = str(next(self._callback_ids))
        self._callback_chats[callback_id] = chat_id
        return self.push({"callback_query": {"id": callback_id, "from": user,
                                             "chat_instance": str(chat_id), "data": data,
                                             "message": message}})

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
                    if call.method == method and (chat_id is None or call.chat_id == chat_id) and (
                            predicate is None or predicate(call)):
                        return call
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    raise AssertionError(f"the bot made no {method} call to {chat_id} within {timeout} s; "
                                         f"calls: {[(c.method, c.chat_id) for c in self.calls[since:]]}")
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

    def visible(self, chat_id):
        """The chat's messages as its screen shows them now: [(from_bot, text)], deleted ones left out."""
        with self._cond:
            return [(m["from_bot"], m["text"]) for _, m in sorted(self.chats.get(chat_id, {}).items())
                    if not m["deleted"]]

    # --- Faults -----------------------------------------------------------------------------------------

    def fail_next(self, method, status=500, description="Internal Server Error", retry_after=None, hang=None):
        """The next call of `method` fails: an HTTP error `status`, or `hang` seconds without an answer."""
        with self._cond:
            self.faults.setdefault(method, []).append(
                {"status": status, "description": description, "retry_after": retry_after, "hang": hang})

    # --- Serving ----------------------------------------------------------------------------------------

    def _handle(self, request):
        path = unquote(request.path.split("?", 1)[0])
        file_prefix = f"/file/bot{self.token}/"
        if path.startswith(file_prefix):
            return self._serve_file(request, path[len(file_prefix):])
        prefix = f"/bot{self.token}/"
        if not path.startswith(prefix):
            return self._reply(request, 404, {"ok": False, "error_code": 404, "description": "Not Found"})
        method = path[len(prefix):]
        params = self._params(request)
        with self._cond:
            faults = self.faults.get(method)
            fault = faults.pop(0) if faults else None
        if fault and fault["hang"]:
            time.sleep(fault["hang"])  # the client gives up first: a time-out
            self._record(method, params, None)
            return self._reply(request, 200, {"ok": True, "result": True})
        if fault:
            self._record(method, params, None)
            body = {"ok": False, "error_code": fault["status"], "description": fault["description"]}
            if fault["retry_after"] is not None:
                body["parameters"] = {"retry_after": fault["retry_after"]}
            return self._reply(request, fault["status"], body)
        handler = getattr(self, "_api_" + method, None)
        if handler is None:
            self._record(method, params, None)
            return self._reply(request, 404, {"ok": False, "error_code": 404, "description": "Not Found"})
        ok, result = handler(params)
        if method != "getUpdates":
            self._record(method, params, result)
        if not ok:
            return self._reply(request, 400, {"ok": False, "error_code": 400, "description": result})
        return self._reply(request, 200, {"ok": True, "result": result})

    def _record(self, method, params, result):
        chat = params.get("chat_id")
        if method == "answerCallbackQuery":
            chat = self._callback_chats.get(params.get("callback_query_id"))
        chat = int(chat) if chat not in (None, "") else None
        with self._cond:
            self.calls.append(Call(len(self.calls), method, params, result, chat))
            self._cond.notify_all()

    @staticmethod
    def _reply(request, status, body):
        data = json.dumps(body).encode()
        try:
            request.send_response(status)
            request.send_header("Content-Type", "application/json")
            request.send_header("Content-Length", str(len(data)))
            request.end_headers()
            request.wfile.write(data)
        except OSError:  # the client gave up (a time-out, or the bot stopping): nothing to answer
            request.close_connection = True

    @staticmethod
    def _params(request):
        length = int(request.headers.get("Content-Length") or 0)
        raw = request.rfile.read(length) if length else b""
        content_type = request.headers.get("Content-Type", "")
        if content_type.startswith("application/json"):
            pairs = json.loads(raw or b"{}").items()
        elif content_type.startswith("multipart/form-data"):
            message = email.parser.BytesParser(policy=email.policy.HTTP).parsebytes(
                b"Content-Type: " + content_type.encode() + b"\r\n\r\n" + raw)
            pairs = [(part.get_param("name", header="content-disposition"),
                      part.get_content() if part.get_filename() is None else part.get_payload(decode=True))
                     for part in message.iter_parts()]
        else:
            pairs = parse_qsl(raw.decode(), keep_blank_values=True)
        params = {}
        for key, value in pairs:
            if isinstance(value, str) and value[:1] in "{[":
                try:
                    value = json.loads(value)
                except ValueError:
                    pass
            params[key] = value
        return params

    def _serve_file(self, request, file_path):
        for info in list(self.files.values()):
            if info["path"] == file_path:
                request.send_response(200)
                request.send_header("Content-Type", "application/octet-stream")
                request.send_header("Content-Length", str(len(info["data"])))
                request.end_headers()
                request.wfile.write(info["data"])
                return None
        return self._reply(request, 404, {"ok": False, "error_code": 404, "description": "Not Found"})

    # --- The API methods --------------------------------------------------------------------------------

    def _api_getMe(self, params):
        return True, BOT_USER

    def _api_setMyCommands(self, params):
        return True, True

    def _api_deleteWebhook(self, params):
        return True, True

    def _api_setWebhook(self, params):
        return True, True

    def _api_getUpdates(self, params):
        offset = int(params.get("offset") or 0)
        timeout = float(params.get("timeout") or 0)
        deadline = time.monotonic() + timeout
        with self._cond:
            self.updates = [u for u in self.updates if u["update_id"] >= offset]  # confirmed ones go
            while not self.updates and not self._stopping:
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    break
                self._cond.wait(remaining)
            return True, list(self.updates[: int(params.get("limit") or 100)])

    def _bot_message(self, params, **content):
        chat_id = int(params["chat_id"])
        with self._cond:
            message_id = self._next_message_id(chat_id)
            self.chats.setdefault(chat_id, {})[message_id] = {
                "from_bot": True, "text": params.get("text") or params.get("caption") or "[foto]",
                "deleted": False}
        message = {"message_id": message_id, "date": int(time.time()), "from": BOT_USER,
                   "chat": {"id": chat_id, "type": "private", "first_name": "Leerling"}, **content}
        if params.get("reply_markup"):
            message["reply_markup"] = params["reply_markup"]
        return True, message

    def _api_sendMessage(self, params):
        return self._bot_message(params, text=params.get("text", ""))

    def _api_sendPhoto(self, params):
        return self._bot_message(params, photo=[{"file_id": "sent", "file_unique_id": "sent", "width": 1,
                                                  "height": 1}], caption=params.get("caption", ""))

    def _edit(self, params, text=None):
        chat_id, message_id = int(params["chat_id"]), int(params["message_id"])
        with self._cond:
            info = self.chats.get(chat_id, {}).get(message_id)
            if info is None or info["deleted"] or not info["from_bot"]:
                return False, "Bad Request: message to edit not found"
            if text is not None:
                info["text"] = text
        message = {"message_id": message_id, "date": int(time.time()), "from": BOT_USER,
                   "chat": {"id": chat_id, "type": "private"}, "text": info["text"]}
        if params.get("reply_markup"):
            message["reply_markup"] = params["reply_markup"]
        return True, message

    def _api_editMessageText(self, params):
        return self._edit(params, params.get("text", ""))

    def _api_editMessageReplyMarkup(self, params):
        return self._edit(params)

    def _api_deleteMessage(self, params):
        chat_id, message_id = int(params["chat_id"]), int(params["message_id"])
        with self._cond:
            info = self.chats.get(chat_id, {}).get(message_id)
            if info is None or info["deleted"]:
                return False, "Bad Request: message to delete not found"
            info["deleted"] = True
        return True, True

    def _api_answerCallbackQuery(self, params):
        return True, True

    def _api_getFile(self, params):
        info = self.files.get(params.get("file_id"))
        if info is None:
            return False, "Bad Request: invalid file_id"
        return True, {"file_id": params["file_id"], "file_unique_id": "u" + params["file_id"],
                      "file_size": info["size"], "file_path": info["path"]}
