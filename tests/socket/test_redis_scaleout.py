"""Scale-out: two web processes on the production server (gunicorn with its gevent worker, as the Procfile
starts it) sharing a real Redis (REDIS_URL) serve one school. A message sent through one
process reaches clients connected to the other, and so does the unread nudge to a member's own room."""

import uuid

import pytest

from tests.support.factories import make_group, make_pupil, make_teacher
from tests.support.servers import AppServer, sign_in


@pytest.fixture(scope="module")
def two_servers(database_url, redis_server, tmp_path_factory):
    """Two gunicorn processes on one database and one Redis, with one secret key, as behind a proxy."""
    settings = {"redis_url": redis_server.url, "secret_key": uuid.uuid4().hex, "production": True}
    with AppServer(database_url, tmp_path_factory.mktemp("web"), **settings) as first:
        with AppServer(database_url, tmp_path_factory.mktemp("web"), **settings) as second:
            yield first, second


@pytest.fixture
def school(database):
    ans = make_teacher(first_name="Ans")
    sam, noor = make_pupil(first_name="Sam"), make_pupil(first_name="Noor")
    group = make_group(name="Groep 5a", teachers=[ans], pupils=[sam, noor])
    return {"ans": ans, "sam": sam, "noor": noor, "room": f"group:{group.id}"}


def test_a_message_through_one_process_reaches_clients_on_the_other(two_servers, clients, school):
    first, second = two_servers
    ans = clients.connect(first, school["ans"].login)
    sam = clients.connect(second, school["sam"].login)
    for client in (ans, sam):
        assert client.call("join", {"room": school["room"]})["ok"]

    sent = sam.call("send", {"room": school["room"], "body": "Hallo vanaf proces 2"})
    assert ans.wait_for("message", lambda m: m["id"] == sent["id"])["body"] == "Hallo vanaf proces 2"

    reply = ans.call("send", {"room": school["room"], "body": "En terug vanaf proces 1"})
    assert sam.wait_for("message", lambda m: m["id"] == reply["id"])["author"] == school["ans"].full_name


def test_the_unread_nudge_crosses_processes_too(two_servers, clients, school):
    first, second = two_servers
    noor = clients.connect(first, school["noor"].login)  # signed in, chat not open
    sam = clients.connect(second, school["sam"].login)
    assert sam.call("join", {"room": school["room"]})["ok"]
    sam.call("send", {"room": school["room"], "body": "Wie weet het antwoord?"})
    assert noor.wait_for("unread") == {"room": school["room"]}


def test_a_session_from_one_process_is_valid_on_the_other(two_servers, clients, school):
    """Behind a proxy without sticky sessions a browser may reach either process with the same cookie."""
    first, second = two_servers
    session = sign_in(first.url, school["sam"].login)
    on_second = clients.connect(second, session=session)
    assert on_second.call("join", {"room": school["room"]})["ok"]
