"""A session that was ended (sign-out, a new password) loses its Socket.IO connections at once and cannot
connect again: real python-socketio clients against serve.py, signed in through the real login form."""

import pytest
import socketio

from tests.support.factories import PASSWORD, make_teacher
from tests.support.servers import Client, csrf_of, sign_in, wait_until

NEW = "een lange zin als wachtwoord"


@pytest.mark.parametrize("ending", ["sign-out", "password change"])
def test_an_ended_session_is_disconnected_and_refused(app_server, clients, database, ending):
    teacher = make_teacher()
    here, there = sign_in(app_server.url, teacher.login), sign_in(app_server.url, teacher.login)
    listening = clients.connect(app_server, session=there)
    assert listening.sio.connected
    if ending == "sign-out":
        here.post(app_server.url + "/logout", data={"csrf_token": csrf_of(here, app_server.url, "/account")})
    else:
        answer = here.post(
            app_server.url + "/account/wachtwoord",
            allow_redirects=False,
            data={
                "current": PASSWORD,
                "new": NEW,
                "repeat": NEW,
                "csrf_token": csrf_of(here, app_server.url, "/account"),
            },
        )
        assert answer.status_code == 302
    wait_until(lambda: not listening.sio.connected, what="the ended session's connection to be dropped")
    with pytest.raises(socketio.exceptions.ConnectionError):
        Client(app_server.url, there)
    assert there.get(app_server.url + "/account", allow_redirects=False).status_code == 302  # pages too
    if ending == "password change":
        assert clients.connect(app_server, session=here).sio.connected  # the changing session goes on
