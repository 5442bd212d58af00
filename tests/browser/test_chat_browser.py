"""The chat page in a real browser (Debian's Chromium through Playwright) against the live server of
tests/browser/conftest.py, which answers Socket.IO on the WebSocket transport: static/js/chat.js joins,
shows messages live, keeps user text as text, makes only http(s) links clickable, lets a pupil mark an
assignment done and a teacher hide a message, loads older messages when scrolling back, and closes the chat on
screen for a pupil taken out of the group; static/js/unread.js keeps the start page's unread count live."""

import pytest
from playwright.sync_api import expect

from extensions import socketio
from models import AssignmentDone, ChatMessage, GroupMember
from services import chat as chats
from tests.support.browser import sign_in
from tests.support.factories import make_group, make_pupil, make_teacher
from tests.support.servers import wait_until
from web import socket_access


@pytest.fixture
def school(database):
    ans = make_teacher(first_name="Ans")
    sam = make_pupil(first_name="Sam")
    group = make_group(name="Groep 5a", teachers=[ans], pupils=[sam])
    return {"ans": ans, "sam": sam, "group": group, "room": f"group:{group.id}"}


def open_chat(new_page, user, room):
    """A page of a fresh browser context, signed in as `user`, on the chat of `room`."""
    page = new_page()
    sign_in(page, user.login)
    page.goto(f"/chat/{room}")
    return page


def joined(page):
    """Wait until chat.js has joined the room over Socket.IO."""
    page.locator('#chat[data-joined="true"]').wait_for()


def test_two_people_chat_live_with_safe_text_and_links(new_page, school):
    chats.post_message(school["ans"], school["room"], "Eerder bericht")
    teacher = open_chat(new_page, school["ans"], school["room"])
    pupil = open_chat(new_page, school["sam"], school["room"])
    for page in (teacher, pupil):
        joined(page)
        assert page.locator(".chat-message", has_text="Eerder bericht").count() == 1

    text = "Kijk op https://example.org/les?a=1. <img src=x onerror=\"document.title='xss'\"> javascript:alert(1)"
    teacher.get_by_label("Bericht", exact=True).fill(text)
    teacher.get_by_role("button", name="Versturen").click()
    message = pupil.locator(".chat-message", has_text="Kijk op")
    message.wait_for()
    assert message.locator(".chat-body").inner_text() == text
    assert message.locator("img").count() == 0 and pupil.title() != "xss"
    link = message.locator(".chat-body a")
    assert link.count() == 1 and link.get_attribute("href") == "https://example.org/les?a=1"
    assert link.get_attribute("rel") == "noopener noreferrer nofollow" and link.get_attribute("target") == "_blank"
    expect(teacher.get_by_label("Bericht", exact=True)).to_have_value("")  # cleared once acknowledged
    # The open chat marks what the pupil has seen as read.
    wait_until(lambda: chats.unread_counts(school["sam"]) == {}, what="the pupil's chat to be marked read")

    pupil.get_by_label("Bericht", exact=True).fill("Ik snap het!")
    pupil.get_by_role("button", name="Versturen").click()
    teacher.locator(".chat-message", has_text="Ik snap het!").wait_for()
    assert [m.body for m in ChatMessage.select().order_by(ChatMessage.id)][-1] == "Ik snap het!"


def test_a_pupil_marks_an_assignment_done_and_a_teacher_hides_a_message(new_page, school):
    teacher = open_chat(new_page, school["ans"], school["room"])
    pupil = open_chat(new_page, school["sam"], school["room"])
    joined(teacher)
    joined(pupil)

    teacher.get_by_label("Bericht", exact=True).fill("Maak blz 12")
    teacher.get_by_label("Soort bericht").select_option("assignment")
    teacher.get_by_label("Bericht", exact=True).press("Control+Enter")  # sends, as the hint says
    # The teacher sees the count from the start, and the next message is a plain one again.
    teacher.locator(".chat-message", has_text="Maak blz 12").get_by_text("0 leerlingen zijn klaar").wait_for()
    expect(teacher.get_by_label("Soort bericht")).to_have_value("text")
    task = pupil.locator(".chat-message", has_text="Maak blz 12")
    task.get_by_role("button", name="Klaar").click()
    task.get_by_role("button", name="Klaar ✓").wait_for()
    assert AssignmentDone.select().count() == 1
    teacher.locator(".chat-message", has_text="Maak blz 12").get_by_text("1 leerling is klaar").wait_for()

    pupil.get_by_label("Bericht", exact=True).fill("iets wat weg moet")
    pupil.get_by_role("button", name="Versturen").click()
    rude = teacher.locator(".chat-message", has_text="iets wat weg moet")
    rude.get_by_role("button", name="Verbergen").click()
    pupil.locator(".chat-message", has_text=chats.HIDDEN_TEXT).wait_for()
    assert pupil.locator(".chat-message", has_text="iets wat weg moet").count() == 0
    teacher.locator(".chat-message.chat-hidden", has_text="iets wat weg moet").wait_for()


def test_older_messages_load_when_scrolling_back_and_the_reader_keeps_their_place(new_page, school):
    for n in range(chats.PAGE_SIZE + 15):
        chats.post_message(school["ans"], school["room"], f"bericht {n}")
    pupil = open_chat(new_page, school["sam"], school["room"])
    joined(pupil)
    messages = pupil.locator(".chat-messages .chat-message")
    expect(messages).to_have_count(chats.PAGE_SIZE)
    expect(messages.first.locator(".chat-body")).to_have_text("bericht 15")
    pupil.locator(".chat-messages").evaluate("list => { list.scrollTop = 0; }")
    expect(messages).to_have_count(chats.PAGE_SIZE + 15)
    expect(messages.first.locator(".chat-body")).to_have_text("bericht 0")
    assert pupil.locator(".chat-messages").evaluate("list => list.scrollTop") > 0  # not thrown to the top
    expect(pupil.get_by_role("button", name="Oudere berichten laden")).to_be_hidden()  # nothing older


def test_a_pupil_taken_out_of_the_group_sees_the_chat_close_with_a_way_back(new_page, app, school):
    chats.post_message(school["ans"], school["room"], "Alleen voor groep 5a")
    pupil = open_chat(new_page, school["sam"], school["room"])
    joined(pupil)
    pupil.get_by_label("Bericht", exact=True).fill("half getypt")
    GroupMember.delete().where(GroupMember.pupil == school["sam"].id).execute()
    with app.app_context():
        socket_access.sweep(socketio.server)  # what the server does every few seconds

    notice = pupil.get_by_role("alert")
    expect(notice).to_contain_text(socket_access.LEFT)
    expect(pupil.locator(".chat-message")).to_have_count(0)  # what was on screen goes too
    expect(pupil.get_by_label("Bericht", exact=True)).to_have_count(0)
    notice.get_by_role("link", name="Naar mijn chats").click()
    pupil.wait_for_url("**/chat")
    expect(pupil.get_by_text("Groepschat Groep 5a")).to_have_count(0)


def test_the_unread_count_on_the_pupils_start_page_rises_live_and_clears_when_read_elsewhere(new_page, school):
    start = new_page()
    sign_in(start, school["sam"].login)
    start.goto("/mijn-plan")
    badge = start.locator(f'[data-unread-room="{school["room"]}"]')
    expect(badge).to_be_hidden()
    start.wait_for_function("window.doelpuntUnread && window.doelpuntUnread.socket.connected")
    teacher = open_chat(new_page, school["ans"], school["room"])
    joined(teacher)
    teacher.get_by_label("Bericht", exact=True).fill("Morgen gym!")
    teacher.get_by_role("button", name="Versturen").click()
    expect(badge).to_be_visible()
    expect(badge.locator(".count")).to_have_text("1")

    chat = open_chat(new_page, school["sam"], school["room"])  # Sam reads it on another page
    chat.locator(".chat-message", has_text="Morgen gym!").wait_for()
    expect(badge).to_be_hidden()


def test_a_half_typed_message_survives_sharing_a_file(new_page, school, tmp_path):
    worksheet = tmp_path / "werkblad.pdf"
    worksheet.write_bytes(b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n")
    teacher = open_chat(new_page, school["ans"], school["room"])
    joined(teacher)
    box = teacher.get_by_label("Bericht", exact=True)
    box.fill("Maak eerst opgave 3 en dan")
    teacher.get_by_text("Bestand delen", exact=True).first.click()  # opens the details
    teacher.get_by_label("Bestand (", exact=False).set_input_files(str(worksheet))
    teacher.get_by_role("button", name="Bestand delen").click()
    expect(teacher.get_by_text("Het bestand is gedeeld.")).to_be_visible()
    expect(teacher.get_by_label("Bericht", exact=True)).to_have_value("Maak eerst opgave 3 en dan")

    teacher.get_by_label("Bericht", exact=True).fill("Maak eerst opgave 3 en dan opgave 4.")
    joined(teacher)
    teacher.get_by_role("button", name="Versturen").click()
    teacher.locator(".chat-message", has_text="opgave 4.").wait_for()
    teacher.reload()
    joined(teacher)
    expect(teacher.get_by_label("Bericht", exact=True)).to_have_value("")  # sent: not kept


def test_a_draft_stays_with_its_writer_on_a_shared_computer(new_page, school):
    page = open_chat(new_page, school["ans"], school["room"])
    joined(page)
    page.get_by_label("Bericht", exact=True).fill("Cijfers van Sam: nog niet delen")
    page.get_by_role("button", name="Uitloggen").click()
    sign_in(page, school["sam"].login)  # the next one at the same computer, in the same tab
    page.goto(f"/chat/{school['room']}")
    joined(page)
    expect(page.get_by_label("Bericht", exact=True)).to_have_value("")
