"""The chats over Socket.IO, with real python-socketio clients (WebSocket transport) signed in over HTTP
against the app running as its own process (tests/support/servers.py): who receives, who may not join, history
pages, hidden messages, and bad input that must leave the server and the other clients undisturbed.

Proving that someone received *nothing*: the server writes a connection's packets in order, so once a
client's own round trip (`settle`) has come back, everything emitted to it before has arrived too.
"""

import pytest
import socketio

from models import ChatMessage, GoalSet, Group, GroupMember, SchoolSettings, User
from services import chat
from tests.support.factories import make_goal, make_group, make_parent, make_pupil, make_teacher, put_on_plan
from tests.support.servers import wait_until
from web.chat_events import EVENT_LIMIT, RATE_LIMIT, TOO_BUSY, TOO_MANY


@pytest.fixture
def school(database):
    ans, bram = make_teacher(first_name="Ans"), make_teacher(first_name="Bram")
    sam, noor, piet = (make_pupil(first_name=n) for n in ("Sam", "Noor", "Piet"))
    group_5a = make_group(name="Groep 5a", teachers=[ans], pupils=[sam, noor])
    group_6b = make_group(name="Groep 6b", teachers=[bram], pupils=[piet])
    goal = make_goal(title="Tafels van 3")
    put_on_plan(sam, goal)
    SchoolSettings.update(parent_access=False).execute()
    return {
        "ans": ans,
        "bram": bram,
        "sam": sam,
        "noor": noor,
        "piet": piet,
        "goal": goal,
        "linda": make_parent(children=[sam]),
        "5a": f"group:{group_5a.id}",
        "6b": f"group:{group_6b.id}",
        "goal_room": f"pupil_goal:{sam.id}:{goal.id}",
        "group_5a": group_5a,
    }


@pytest.fixture
def connect(app_server, clients, school):
    """connect("sam") -> a signed-in client of that user; connect(None) -> a signed-out attempt."""
    return lambda who: clients.connect(app_server, school[who].login)


def test_members_receive_live_and_outsiders_receive_nothing(connect, school):
    ans, sam, noor, piet = (connect(who) for who in ("ans", "sam", "noor", "piet"))
    for client in (ans, sam, noor):
        client.join(school["5a"])
    piet.join(school["6b"])
    answer = sam.call("send", {"room": school["5a"], "body": "Hoi groep 5a"})
    assert answer["ok"] and ChatMessage.get_by_id(answer["id"]).body == "Hoi groep 5a"
    for client in (ans, noor, sam):
        message = client.wait_for("message", lambda m: m["id"] == answer["id"])
        assert message["body"] == "Hoi groep 5a" and message["author"] == school["sam"].full_name
        assert message["room"] == school["5a"] and message["role"] == "pupil"
    piet.settle()
    assert piet.received("message") == []
    assert piet.call("join", {"room": school["5a"]}) == {"ok": False, "error": chat.NO_READ}
    sam.call("send", {"room": school["5a"], "body": "nog een"})
    piet.settle()
    assert piet.received("message") == []


def test_a_refused_join_gets_one_error_event_and_nothing_else(connect, school):
    piet = connect("piet")
    assert piet.call("join", {"room": school["5a"]}) == {"ok": False, "error": chat.NO_READ}
    piet.settle()
    assert [name for name, data in piet.events if name != "error"] == []
    assert piet.received("error")[0] == {"event": "join", "message": chat.NO_READ}


def test_the_colleague_chat_of_a_goal_is_for_staff_only(connect, school):
    room = f"goal:{school['goal'].id}"
    ans, bram, sam = connect("ans"), connect("bram"), connect("sam")
    ans.join(room)
    bram.join(room)
    assert sam.call("join", {"room": room}) == {"ok": False, "error": chat.NO_READ}
    sent = bram.call("send", {"room": room, "body": "Hoe leg jij de tafel van 3 uit?"})
    assert ans.wait_for("message", lambda m: m["id"] == sent["id"])["author"] == school["bram"].full_name
    sam.settle()
    assert sam.received("message") == []


def test_a_goal_sets_chat_is_for_its_teachers_and_the_pupils_of_its_linked_groups(connect, school):
    goal_set = GoalSet.create(name="Breuken", created_by=school["ans"])
    Group.update(goal_set=goal_set).where(Group.id == school["group_5a"].id).execute()
    room = f"goal_set:{goal_set.id}"
    ans, sam, piet = connect("ans"), connect("sam"), connect("piet")
    ans.join(room)
    assert sam.join(room)["can_write"] is True
    assert piet.call("join", {"room": room}) == {"ok": False, "error": chat.NO_READ}  # 6b is not linked
    sent = ans.call("send", {"room": room, "body": "Morgen starten we met breuken"})
    assert sam.wait_for("message", lambda m: m["id"] == sent["id"])["body"] == "Morgen starten we met breuken"
    piet.settle()
    assert piet.received("message") == []


def test_a_parent_without_access_cannot_join_and_with_access_reads_only(connect, school):
    linda, sam, ans = connect("linda"), connect("sam"), connect("ans")
    sam.join(school["goal_room"])
    ans.join(school["goal_room"])
    assert "error" in linda.call("join", {"room": school["goal_room"]})
    sam.call("send", {"room": school["goal_room"], "body": "Ik oefen elke dag"})
    linda.settle()
    assert linda.received("message") == [] and linda.received("unread") == []

    SchoolSettings.update(parent_access=True).execute()
    answer = linda.join(school["goal_room"])
    assert answer["can_write"] is False and answer["messages"][-1]["body"] == "Ik oefen elke dag"
    assert "error" in linda.call("send", {"room": school["goal_room"], "body": "Goed zo!"})
    ans.call("send", {"room": school["goal_room"], "body": "Knap gedaan, Sam"})
    linda.wait_for("message", lambda m: m["body"] == "Knap gedaan, Sam")


def test_a_signed_out_client_cannot_connect(app_server, school, quick_close):
    for headers in ({}, {"Cookie": "session=forged"}):
        client = socketio.Client(reconnection=False)
        with pytest.raises(socketio.exceptions.ConnectionError):
            client.connect(app_server.url, headers=headers, transports=["websocket"], wait_timeout=10)
        assert not client.connected


def test_members_not_in_the_chat_get_an_unread_nudge(connect, school):
    sam, noor, piet = connect("sam"), connect("noor"), connect("piet")
    sam.join(school["5a"])
    sam.call("send", {"room": school["5a"], "body": "wie helpt?"})
    assert noor.wait_for("unread") == {"room": school["5a"]}
    sam.settle()
    piet.settle()
    assert sam.received("unread") == [] and piet.received("unread") == []


def test_reading_a_chat_to_its_end_clears_its_count_on_the_users_other_pages(connect, school):
    dashboard, chat_tab, ans = connect("noor"), connect("noor"), connect("ans")  # Noor has two pages open
    ans.join(school["5a"])
    first = ans.call("send", {"room": school["5a"], "body": "een"})["id"]
    last = ans.call("send", {"room": school["5a"], "body": "twee"})["id"]
    dashboard.wait_for("unread")
    chat_tab.join(school["5a"])
    assert chat_tab.call("read", {"room": school["5a"], "last_id": first}) == {"ok": True}  # not to the end yet
    chat_tab.call("read", {"room": school["5a"], "last_id": last})
    assert dashboard.wait_for("chat_read") == {"room": school["5a"]}
    chat_tab.call("read", {"room": school["5a"], "last_id": last})  # again: nothing new to tell
    ans.settle()
    dashboard.settle()
    assert len(dashboard.received("chat_read")) == 1 and ans.received("chat_read") == []


def test_a_message_needs_the_chat_to_be_joined_first(connect, school):
    sam = connect("sam")
    answer = sam.call("send", {"room": school["5a"], "body": "hallo"})
    assert "eerst" in answer["error"] and ChatMessage.select().count() == 0


def test_history_loads_in_pages_when_joining_and_scrolling_back(connect, school):
    ids = [chat.post_message(school["ans"], school["5a"], f"bericht {n}").id for n in range(45)]
    sam = connect("sam")
    answer = sam.join(school["5a"])
    assert [m["id"] for m in answer["messages"]] == ids[15:]
    older = sam.call("history", {"room": school["5a"], "before_id": answer["messages"][0]["id"]})
    assert [m["id"] for m in older["messages"]] == ids[:15]
    assert "error" in connect("piet").call("history", {"room": school["5a"]})


def test_a_hidden_message_disappears_for_pupils_and_stays_for_teachers(connect, school):
    ans, sam, noor = connect("ans"), connect("sam"), connect("noor")
    for client in (ans, sam, noor):
        client.join(school["5a"])
    sent = noor.call("send", {"room": school["5a"], "body": "iets gemeens"})
    assert "error" in sam.call("hide", {"message_id": sent["id"]})
    assert ans.call("hide", {"message_id": sent["id"]}) == {"ok": True}
    update = sam.wait_for("hidden")
    assert update["id"] == sent["id"] and update["hidden"] and update["body"] == chat.HIDDEN_TEXT
    assert "gemeens" not in str(sam.received("hidden"))
    assert sam.join(school["5a"])["messages"][-1]["body"] == chat.HIDDEN_TEXT
    assert ans.join(school["5a"])["messages"][-1]["body"] == "iets gemeens"


def test_pupils_mark_an_assignment_done(connect, school):
    ans, sam = connect("ans"), connect("sam")
    ans.join(school["5a"])
    assert sam.join(school["5a"])["can_mark_done"] is True
    task = ans.call("send", {"room": school["5a"], "body": "Lees blz 4", "kind": "assignment"})
    assert sam.wait_for("message", lambda m: m["id"] == task["id"])["kind"] == "assignment"
    assert sam.call("send", {"room": school["5a"], "body": "x", "kind": "assignment"})["error"]
    assert sam.call("done", {"message_id": task["id"]}) == {"ok": True}
    live = ans.wait_for("done_count")  # the teacher's count follows without a reload
    assert live == {"id": task["id"], "room": school["5a"], "done": 1}
    assert sam.call("done", {"message_id": task["id"]}) == {"ok": True}  # a double click counts once
    assert ans.join(school["5a"])["messages"][-1]["done"] == 1
    assert len(ans.received("done_count")) == 1
    assert sam.join(school["5a"])["messages"][-1]["done"] is True


@pytest.mark.parametrize(
    "event, data",
    [
        ("send", "not a dict"),
        ("send", None),
        ("send", ["group:1"]),
        ("send", {"room": 5, "body": "x"}),
        ("send", {"room": "group:1", "body": ["x"]}),
        ("send", {"body": "x"}),
        ("join", {"room": {"$ne": 1}}),
        ("join", 42),
        ("history", {"room": "group:1", "before_id": "x"}),
        ("hide", {"message_id": "1"}),
        ("done", {"message_id": True}),
        ("read", {"room": "group:1", "last_id": None}),
        ("leave", {"room": None}),
    ],
)
def test_malformed_data_gets_an_error_and_the_server_stays_up(connect, school, event, data):
    ans, sam = connect("ans"), connect("sam")
    ans.join(school["5a"])
    sam.join(school["5a"])
    answer = sam.call(event, data)
    assert isinstance(answer, dict) and answer.get("error")
    assert sam.wait_for("error")["event"] == event
    sent = sam.call("send", {"room": school["5a"], "body": "nog steeds hier"})
    assert ans.wait_for("message", lambda m: m["id"] == sent["id"])
    assert [m["body"] for m in ans.received("message")] == ["nog steeds hier"]


@pytest.mark.parametrize("body, error", [("", "leeg"), ("   ", "leeg"), ("x" * 2001, "2000 tekens")])
def test_empty_and_oversized_messages_are_refused(connect, school, body, error):
    ans, sam = connect("ans"), connect("sam")
    ans.join(school["5a"])
    sam.join(school["5a"])
    assert error in sam.call("send", {"room": school["5a"], "body": body})["error"]
    assert error in sam.wait_for("error")["message"]
    ans.settle()
    assert ans.received("message") == [] and ChatMessage.select().count() == 0


def test_a_flood_from_one_client_is_rate_limited(connect, school):
    ans, sam = connect("ans"), connect("sam")
    ans.join(school["5a"])
    sam.join(school["5a"])
    answers = [sam.call("send", {"room": school["5a"], "body": f"spam {n}"}) for n in range(RATE_LIMIT + 5)]
    assert [bool(a.get("ok")) for a in answers] == [True] * RATE_LIMIT + [False] * 5
    assert answers[-1] == {"ok": False, "error": TOO_MANY}
    ans.wait_for("message", lambda m: m["body"] == f"spam {RATE_LIMIT - 1}")
    ans.settle()
    assert len(ans.received("message")) == RATE_LIMIT
    other = connect("noor")  # another connection is not slowed down
    other.join(school["5a"])
    assert other.call("send", {"room": school["5a"], "body": "ik mag nog"})["ok"]


def test_a_flood_of_other_events_is_limited_too(connect, school):
    sam = connect("sam")
    answers = [sam.call("history", {"room": school["5a"]}) for _ in range(EVENT_LIMIT + 3)]
    assert all(a.get("ok") for a in answers[:EVENT_LIMIT])
    assert answers[EVENT_LIMIT:] == [{"ok": False, "error": TOO_BUSY}] * 3


def test_a_script_in_a_message_travels_as_plain_text(connect, school):
    ans, sam = connect("ans"), connect("sam")
    ans.join(school["5a"])
    sam.join(school["5a"])
    script = '<script>alert("x")</script><img src=x onerror=alert(1)>'
    sam.call("send", {"room": school["5a"], "body": script})
    assert ans.wait_for("message")["body"] == script  # data, never markup: chat.js sets it as textContent


def test_a_pupil_who_loses_access_while_connected_is_refused_and_leaves_the_room(connect, school):
    ans, sam = connect("ans"), connect("sam")
    ans.join(school["5a"])
    sam.join(school["5a"])
    GroupMember.delete().where(GroupMember.pupil == school["sam"].id).execute()
    assert sam.call("send", {"room": school["5a"], "body": "hallo?"}) == {"ok": False, "error": chat.NO_WRITE}
    ans.call("send", {"room": school["5a"], "body": "alleen voor de groep"})
    sam.settle()
    assert sam.received("message") == []


def test_a_teacher_of_another_group_reads_but_cannot_write(connect, school):
    bram = connect("bram")
    answer = bram.join(school["5a"])
    assert answer["can_write"] is False and answer["can_moderate"] is False
    assert bram.call("send", {"room": school["5a"], "body": "hoi"}) == {"ok": False, "error": chat.NO_WRITE}


def test_a_user_deactivated_while_connected_is_refused_and_disconnected(connect, school):
    ans, noor = connect("ans"), connect("noor")
    ans.join(school["5a"])
    noor.join(school["5a"])
    User.update(active=False).where(User.id == school["noor"].id).execute()
    noor.sio.emit("history", {"room": school["5a"]})  # no acknowledgement: the server hangs up first
    assert noor.wait_for("error")["message"].startswith("Je bent niet (meer) ingelogd")
    wait_until(lambda: not noor.sio.connected, what="the server to disconnect the deactivated user")
    assert ans.call("send", {"room": school["5a"], "body": "nog iemand?"})["ok"]
