"""A chat message hidden (or shown again) in the back office changes live in open chats: the admin's action
goes through services.chat like a teacher's, against the app running as its own process (tests/support/servers.py).
"""

import re

import pytest

from models import AuditLog, ChatMessage
from services import chat
from tests.support.factories import make_admin, make_group, make_pupil, make_teacher
from tests.support.servers import sign_in


@pytest.fixture
def school(database):
    ans = make_teacher(first_name="Ans")
    sam, noor = make_pupil(first_name="Sam"), make_pupil(first_name="Noor")
    group = make_group(name="Groep 5a", teachers=[ans], pupils=[sam, noor])
    return {"ans": ans, "sam": sam, "noor": noor, "admin": make_admin(), "room": f"group:{group.id}"}


def admin_action(server, session, action, message_id):
    """Post one of the chat-message list's actions, as the admin's browser does (with the page's CSRF token)."""
    page = session.get(f"{server.url}/admin/chat-messages/", timeout=10).text
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    answer = session.post(
        f"{server.url}/admin/chat-messages/action/",
        data={"action": action, "rowid": str(message_id), "csrf_token": token},
        allow_redirects=False,
        timeout=10,
    )
    assert answer.status_code == 302, answer.status_code


def test_a_message_hidden_in_the_back_office_disappears_live_and_comes_back(app_server, clients, school):
    ans, sam = clients.connect(app_server, school["ans"].login), clients.connect(app_server, school["sam"].login)
    for client in (ans, sam):
        client.join(school["room"])
    sent = clients.connect(app_server, school["noor"].login)
    sent.join(school["room"])
    message_id = sent.call("send", {"room": school["room"], "body": "iets gemeens"})["id"]
    admin = sign_in(app_server.url, school["admin"].login)

    admin_action(app_server, admin, "hide", message_id)
    update = sam.wait_for("hidden", lambda data: data["id"] == message_id)
    assert update["hidden"] and update["body"] == chat.HIDDEN_TEXT
    assert "gemeens" not in str(sam.received("hidden"))
    assert ans.wait_for("hidden", lambda data: data["id"] == message_id)["hidden"]
    assert sam.join(school["room"])["messages"][-1]["body"] == chat.HIDDEN_TEXT
    stored = ChatMessage.get_by_id(message_id)
    assert stored.hidden and stored.hidden_by_id == school["admin"].id

    admin_action(app_server, admin, "unhide", message_id)
    shown = sam.wait_for("hidden", lambda data: data["id"] == message_id and not data["hidden"])
    assert shown["body"] == "iets gemeens"
    assert [(line.action, line.actor_id) for line in AuditLog.select().order_by(AuditLog.id)] == [
        ("chat_message_hidden", school["admin"].id),
        ("chat_message_shown", school["admin"].id),
    ]
