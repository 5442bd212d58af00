"""The chat page in a real browser (Debian's Chromium through Playwright) against the app as its own process:
static/js/chat.js joins over the WebSocket transport, shows messages live, keeps user text as text, makes
only http(s) links clickable, lets a pupil mark an assignment done and a teacher hide a message."""
import os
import shutil

import pytest
from factories import make_group, make_pupil, make_teacher
from playwright.sync_api import expect
from servers import app_server, wait_until  # noqa: F401  (fixture)

from models import AssignmentDone, ChatMessage
from services import chats

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync",
                 "--disable-dev-shm-usage"]


@pytest.fixture(scope="module")
def browser():
    if not shutil.which(CHROMIUM) and not os.path.exists(CHROMIUM):
        pytest.fail(f"Chromium not found at {CHROMIUM}: scripts/test installs Debian's chromium package")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def open_as(browser, app_server):  # noqa: F811
    """open_as(user, path) -> a page of a fresh browser context, signed in through the login form."""
    contexts = []

    def open_page(user, path):
        context = browser.new_context(base_url=app_server.url, locale="nl-NL")
        context.set_default_timeout(20_000)  # a busy test machine
        contexts.append(context)
        page = context.new_page()
        page.goto("/login")
        page.get_by_label("Inlognaam").fill(user.login)
        page.get_by_label("Wachtwoord").fill("geheim-wachtwoord-1")
        page.get_by_role("button", name="Inloggen").click()
        page.wait_for_url(lambda url: "/login" not in url)
        page.goto(path)
        return page
    yield open_page
    for context in contexts:
        context.close()


@pytest.fixture
def school(database):
    ans = make_teacher(first_name="Ans")
    sam = make_pupil(first_name="Sam")
    group = make_group(name="Groep 5a", teachers=[ans], pupils=[sam])
    return {"ans": ans, "sam": sam, "room": f"group:{group.id}"}


def joined(page):
    """Wait until chat.js has joined the room over Socket.IO."""
    page.locator('#chat[data-joined="true"]').wait_for()


def test_two_people_chat_live_with_safe_text_and_links(open_as, school):
    chats.post_message(school["ans"], school["room"], "Eerder bericht")
    teacher = open_as(school["ans"], f"/chat/{school['room']}")
    pupil = open_as(school["sam"], f"/chat/{school['room']}")
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


def test_a_pupil_marks_an_assignment_done_and_a_teacher_hides_a_message(open_as, school):
    teacher = open_as(school["ans"], f"/chat/{school['room']}")
    pupil = open_as(school["sam"], f"/chat/{school['room']}")
    joined(teacher)
    joined(pupil)

    teacher.get_by_label("Bericht", exact=True).fill("Maak blz 12")
    teacher.get_by_label("Soort bericht").select_option("assignment")
    teacher.get_by_role("button", name="Versturen").click()
    task = pupil.locator(".chat-message", has_text="Maak blz 12")
    task.get_by_role("button", name="Klaar").click()
    task.get_by_role("button", name="Klaar ✓").wait_for()
    assert AssignmentDone.select().count() == 1

    pupil.get_by_label("Bericht", exact=True).fill("iets wat weg moet")
    pupil.get_by_role("button", name="Versturen").click()
    rude = teacher.locator(".chat-message", has_text="iets wat weg moet")
    rude.get_by_role("button", name="Verbergen").click()
    pupil.locator(".chat-message", has_text=chats.HIDDEN_TEXT).wait_for()
    assert pupil.locator(".chat-message", has_text="iets wat weg moet").count() == 0
    teacher.locator(".chat-message.chat-hidden", has_text="iets wat weg moet").wait_for()
