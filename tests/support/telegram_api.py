"""The server half of the stand-in Telegram Bot API (tests/telegram_stub.py builds the test's half on it).

An HTTP server on 127.0.0.1 that the real python-telegram-bot Application talks to exactly as it would to
api.telegram.org (`base_url=stub.base_url`, `base_file_url=stub.base_file_url`). It answers getMe,
getUpdates (queued updates, long-poll), sendMessage, sendPhoto, getFile and the file download,
answerCallbackQuery, editMessageText, editMessageReplyMarkup, deleteMessage, setMyCommands and setWebhook,
and records every call (`calls`). It keeps each chat's transcript as the pupil's screen would show it
(`chats`), and `fail_next(method, ...)` makes the next call of a method fail (an API error or a time-out).
"""

import email.parser
import email.policy
import json
import threading
import time
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qsl, unquote

TOKEN = "123456:TEST-TOKEN"
BOT_USER = {
    "id": 123456,
    "is_bot": True,
    "first_name": "Doelpunt",
    "username": "doelpunt_test_bot",
    "can_join_groups": False,
    "can_read_all_group_messages": False,
    "supports_inline_queries": False,
}
NOT_FOUND = {"ok": False, "error_code": 404, "description": "Not Found"}


def _labels(reply_markup):
    """The labels of an inline keyboard, as the pupil sees them under a message."""
    return [b.get("text", "") for row in (reply_markup or {}).get("inline_keyboard", []) for b in row]


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


class TelegramApi:
    """The fake API server; start() it, point the bot at base_url, stop() it at the end."""

    def __init__(self, token=TOKEN):
        self.token = token
        self.calls = []
        self.updates = []  # queued for getUpdates (TelegramStub.push)
        self.files = {}
        self.faults = {}
        self.chats = {}  # chat id -> {message_id: {"from_bot", "text", "labels" (buttons), "deleted"}}
        self._message_ids = {}
        self._callback_chats = {}  # callback query id -> chat id, for answerCallbackQuery's record
        self._cond = threading.Condition()
        self._stopping = False
        self._server = None

    # --- Running --------------------------------------------------------------------------------------

    def start(self):
        api = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args):
                pass

            def do_POST(self):
                api._handle(self)

            do_GET = do_POST

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        # shutdown() waits for the loop to look at its flag: every 0.05 s instead of the default 0.5 s.
        threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True, name="telegram-stub"
        ).start()
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

    # --- What the server holds --------------------------------------------------------------------------

    def new_message(self, chat_id, from_bot, text, reply_markup=None):
        """Give a message the chat's next message id and keep it in the chat's transcript; returns the id."""
        with self._cond:
            message_id = self._message_ids[chat_id] = self._message_ids.get(chat_id, 0) + 1
            self.chats.setdefault(chat_id, {})[message_id] = {
                "from_bot": from_bot,
                "text": text,
                "deleted": False,
                "labels": _labels(reply_markup),
            }
            return message_id

    def fail_next(self, method, status=500, description="Internal Server Error", retry_after=None, hang=None):
        """The next call of `method` fails: an HTTP error `status`, or `hang` seconds without an answer."""
        with self._cond:
            self.faults.setdefault(method, []).append(
                {"status": status, "description": description, "retry_after": retry_after, "hang": hang}
            )

    # --- Serving ----------------------------------------------------------------------------------------

    def _handle(self, request):
        path = unquote(request.path.split("?", 1)[0])
        file_prefix = f"/file/bot{self.token}/"
        if path.startswith(file_prefix):
            return self._serve_file(request, path[len(file_prefix) :])
        prefix = f"/bot{self.token}/"
        if not path.startswith(prefix):
            return self._reply(request, 404, NOT_FOUND)
        method = path[len(prefix) :]
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
            return self._reply(request, 404, NOT_FOUND)
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
    def _reply(request, status, body, content_type="application/json"):
        data = body if isinstance(body, bytes) else json.dumps(body).encode()
        try:
            request.send_response(status)
            request.send_header("Content-Type", content_type)
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
                b"Content-Type: " + content_type.encode() + b"\r\n\r\n" + raw
            )
            pairs = [
                (
                    part.get_param("name", header="content-disposition"),
                    part.get_content() if part.get_filename() is None else part.get_payload(decode=True),
                )
                for part in message.iter_parts()
            ]
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
                return self._reply(request, 200, info["data"], "application/octet-stream")
        return self._reply(request, 404, NOT_FOUND)

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
        message_id = self.new_message(
            chat_id, True, params.get("text") or params.get("caption") or "[foto]", params.get("reply_markup")
        )
        message = {
            "message_id": message_id,
            "date": int(time.time()),
            "from": BOT_USER,
            "chat": {"id": chat_id, "type": "private", "first_name": "Leerling"},
            **content,
        }
        if params.get("reply_markup"):
            message["reply_markup"] = params["reply_markup"]
        return True, message

    def _api_sendMessage(self, params):
        return self._bot_message(params, text=params.get("text", ""))

    def _api_sendPhoto(self, params):
        return self._bot_message(
            params,
            photo=[{"file_id": "sent", "file_unique_id": "sent", "width": 1, "height": 1}],
            caption=params.get("caption", ""),
        )

    def _edit(self, params, text=None):
        chat_id, message_id = int(params["chat_id"]), int(params["message_id"])
        with self._cond:
            info = self.chats.get(chat_id, {}).get(message_id)
            if info is None or info["deleted"] or not info["from_bot"]:
                return False, "Bad Request: message to edit not found"
            if text is not None:
                info["text"] = text
            info["labels"] = _labels(params.get("reply_markup"))  # an edit without a keyboard removes it
        message = {
            "message_id": message_id,
            "date": int(time.time()),
            "from": BOT_USER,
            "chat": {"id": chat_id, "type": "private"},
            "text": info["text"],
        }
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
        return True, {
            "file_id": params["file_id"],
            "file_unique_id": "u" + params["file_id"],
            "file_size": info["size"],
            "file_path": info["path"],
        }
