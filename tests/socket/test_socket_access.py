"""Connections that only listen lose the rooms their user may no longer be in (web/socket_access.py): a pupil
taken out of a group, a parent after the school switched parent access off, a deactivated user. The server
here sweeps every 0.2 s; real python-socketio clients against serve.py, as in test_chat_socket.py."""

import pytest

from models import GoalSet, GroupMember, SchoolSettings, User
from services.bot.help import HELP_ROOM
from services.chat.rooms import _PATTERNS as CHAT_KINDS
from tests.support.factories import make_goal, make_group, make_parent, make_pupil, make_teacher, put_on_plan
from tests.support.servers import AppServer, wait_until
from web.live_events import KINDS as WATCH_KINDS
from web.socket_access import LEFT, LEFT_WATCH, may_stay


@pytest.fixture(scope="module")
def sweeping_server(database_url, tmp_path_factory):
    with AppServer(database_url, tmp_path_factory.mktemp("server"), sweep_seconds=0.2) as server:
        yield server


@pytest.fixture
def school(database):
    ans = make_teacher(first_name="Ans")
    sam, noor = make_pupil(first_name="Sam"), make_pupil(first_name="Noor")
    group = make_group(name="Groep 5a", teachers=[ans], pupils=[sam, noor])
    goal = make_goal(title="Tafels van 3")
    put_on_plan(sam, goal)
    SchoolSettings.update(parent_access=True).execute()
    return {
        "ans": ans,
        "sam": sam,
        "noor": noor,
        "linda": make_parent(children=[sam]),
        "group": group,
        "goal": goal,
        "room": f"group:{group.id}",
        "goal_room": f"pupil_goal:{sam.id}:{goal.id}",
    }


@pytest.fixture
def connect(sweeping_server, clients, school):
    return lambda who: clients.connect(sweeping_server, school[who].login)


def test_a_pupil_taken_out_of_the_group_stops_hearing_its_chat_without_doing_anything(connect, school):
    ans, sam, noor = connect("ans"), connect("sam"), connect("noor")
    for client in (ans, sam, noor):
        client.join(school["room"])
    GroupMember.delete().where(GroupMember.pupil == school["sam"].id).execute()

    assert sam.wait_for("left") == {"room": school["room"], "message": LEFT}
    sent = ans.call("send", {"room": school["room"], "body": "alleen voor de groep"})
    noor.wait_for("message", lambda m: m["id"] == sent["id"])  # who keeps access keeps hearing
    sam.settle()
    assert sam.received("message") == [] and sam.sio.connected
    assert noor.received("left") == [] and ans.received("left") == []


def test_a_parent_stops_hearing_the_goal_chat_and_the_pupil_page_when_access_is_switched_off(connect, school):
    linda, ans = connect("linda"), connect("ans")
    linda.join(school["goal_room"])
    ans.join(school["goal_room"])
    assert linda.call("watch", {"kind": "pupil", "id": school["sam"].id}) == {"ok": True}
    SchoolSettings.update(parent_access=False).execute()

    wait_until(lambda: len(linda.received("left")) == 2, what="the parent to leave both rooms")
    assert sorted((e["room"], e["message"]) for e in linda.received("left")) == [
        (school["goal_room"], LEFT),
        (f"watch:pupil:{school['sam'].id}", LEFT_WATCH),
    ]
    ans.call("send", {"room": school["goal_room"], "body": "Sam oefent goed"})
    linda.settle()
    assert linda.received("message") == []


def test_a_deactivated_user_who_sends_nothing_is_disconnected(connect, school):
    ans, noor = connect("ans"), connect("noor")
    noor.join(school["room"])
    User.update(active=False).where(User.id == school["noor"].id).execute()

    wait_until(lambda: not noor.sio.connected, what="the server to disconnect the deactivated user")
    assert ans.sio.connected and ans.join(school["room"])["ok"]


def test_staff_on_the_help_queue_stay_there_through_the_sweeps(connect, school):
    ans, sam, noor = connect("ans"), connect("sam"), connect("noor")
    assert ans.call("help_join", {})["ok"]
    ans.join(school["room"])
    for pupil, client in (("sam", sam), ("noor", noor)):  # two sweeps that take someone out, one after another
        client.join(school["room"])
        GroupMember.delete().where(GroupMember.pupil == school[pupil].id).execute()
        client.wait_for("left")
    ans.settle()
    assert ans.received("left") == []


def test_every_kind_of_room_has_its_rule(school):
    """The rules by kind; a kind of room without a rule would be left by everyone, so each is listed here."""
    ans, sam, linda = school["ans"], school["sam"], school["linda"]
    goal_set = GoalSet.create(name="Breuken")
    rooms = {  # room: (may the teacher stay, may the pupil stay)
        f"user:{ans.id}": (True, False),
        HELP_ROOM: (True, False),
        school["room"]: (True, True),
        school["goal_room"]: (True, True),
        f"goal:{school['goal'].id}": (True, False),
        f"goal_set:{goal_set.id}": (True, False),  # the set is linked to no group of Sam's
        f"watch:group:{school['group'].id}": (True, False),
        f"watch:goal_set:{goal_set.id}": (True, False),
        f"watch:pupil:{sam.id}": (True, True),
        "lobby": (False, False),
    }
    assert {room.split(":")[0] for room in rooms} >= set(CHAT_KINDS) | {"user", "watch", HELP_ROOM.split(":")[0]}
    assert {room.split(":")[1] for room in rooms if room.startswith("watch:")} == set(WATCH_KINDS)
    for room, (teacher, pupil) in rooms.items():
        assert (may_stay(ans, room), may_stay(sam, room)) == (teacher, pupil), room
    assert may_stay(linda, school["goal_room"]) and may_stay(linda, f"watch:pupil:{sam.id}")
    assert not may_stay(linda, school["room"])


class FakeServer:
    """The part of a Socket.IO server a sweep uses: this process's rooms, and what it does to connections."""

    def __init__(self, rooms):
        self.manager = type("Manager", (), {"rooms": {"/": rooms}})()
        self.left, self.dropped, self.sent = [], [], []

    def leave_room(self, sid, room, namespace=None):
        self.left.append((sid, room))

    def disconnect(self, sid, namespace=None):
        self.dropped.append(sid)

    def emit(self, event, data, to=None, namespace=None):
        self.sent.append((event, data, to))


def test_a_sweep_reads_each_room_once_whatever_the_number_of_connections(school):
    from tests.support.querycount import count_queries
    from web import socket_access

    def sweep_with(pupils):
        socket_access._users.clear()
        room = {}
        for number, pupil in enumerate([school["ans"]] + pupils):
            sid = f"sid-{number}"
            socket_access.remember(sid, pupil.id)
            room[sid] = f"eio-{number}"
        server = FakeServer({school["room"]: room})
        with count_queries() as queries:
            assert socket_access.sweep(server) == (0, 0)
        socket_access._users.clear()
        return len(queries)

    few = sweep_with([school["sam"]])
    many = sweep_with([school["sam"], school["noor"]] + [make_pupil(groups=[school["group"]]) for _ in range(20)])
    assert few == many
