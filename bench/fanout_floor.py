"""The floor of bench/chat_fanout.py: a bare python-socketio server doing the chat's broadcast and nothing else.

    gunicorn -k gevent -w 1 -b 127.0.0.1:PORT "bench.fanout_floor:build('gevent')"   (the production server)
    .venv/bin/python bench/fanout_floor.py PORT                                      (Werkzeug, threads)

The same stack as the web process (python-socketio's Server, simple-websocket for the WebSocket transport,
on the same server in the same async mode), with no sign-in, permission checks, database, unread nudges or
Flask: "join" puts the client in its room, "send" re-emits the message to the room as "message". Both
acknowledge with {"ok": true} like the chat does.
"""

import itertools
import sys

import socketio
from werkzeug.serving import make_server


def build(async_mode="threading"):
    server = socketio.Server(async_mode=async_mode)
    numbers = itertools.count(1)

    @server.on("join")
    def join(sid, data):
        server.enter_room(sid, data["room"])
        return {"ok": True, "room": data["room"]}

    @server.on("send")
    def send(sid, data):
        number = next(numbers)
        server.emit("message", {"id": number, "room": data["room"], "body": data["body"]}, to=data["room"])
        return {"ok": True, "id": number}

    return socketio.WSGIApp(server)


if __name__ == "__main__":
    make_server("127.0.0.1", int(sys.argv[1]), build(), threaded=True).serve_forever()
