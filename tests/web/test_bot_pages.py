"""The pupil bot's web pages: linking Telegram (pupil and teacher), reminders, learning-square devices,
printable pupil codes and the assistant's help queue; each action for each role, CSRF, escaping."""

import re

import pytest

from models import BotLink, HelpRequest, LinkCode, User
from services import bot
from tests.support.factories import (
    make_admin,
    make_goal,
    make_group,
    make_parent,
    make_pupil,
    make_teacher,
    make_user,
    put_on_plan,
)

ROLES = ["admin", "teacher", "other_teacher", "coach", "assistant", "anna", "bram", "parent"]
STAFF = {"admin", "teacher", "other_teacher", "coach", "assistant"}
DEVICE_MANAGERS = {"admin", "teacher", "coach"}
XSS = '<script>alert("x")</script>'


@pytest.fixture
def school(database):
    anna = make_pupil(first_name="Anna", last_name=XSS)
    bram = make_pupil(first_name="Bram", last_name="Bakker")
    teacher = make_teacher(first_name="Juf", last_name="In")
    group = make_group(name="Groep 5a", teachers=[teacher], pupils=[anna, bram])
    other_teacher = make_teacher(first_name="Meester", last_name="Uit", groups=[make_group(name="Groep 6b")])
    goal = make_goal(title="Tafels <b>van</b> 3")
    put_on_plan(anna, goal, "highlighted")
    return {
        "anna": anna,
        "bram": bram,
        "teacher": teacher,
        "other_teacher": other_teacher,
        "group": group,
        "goal": goal,
        "admin": make_admin(),
        "coach": make_teacher(is_coach=True),
        "assistant": make_user("assistant"),
        "parent": make_parent(children=[anna]),
    }


def login(auth, school, role):
    auth.login(school[role].login)


def code_on(page):
    """The bare code in a code page (the /start instruction)."""
    return re.search(r"/start ([A-Z0-9]{8})", page).group(1)


# --- the pupil's own page ------------------------------------------------------------------------------


def test_the_pupils_plan_offers_to_link_telegram(client, auth, school):
    login(auth, school, "anna")
    page = client.get("/mijn-plan").get_data(as_text=True)
    assert "Koppel je Telegram" in page and "Niet gekoppeld" in page and "/mijn-plan/telegram/code" in page
    assert "herinneringen uit" in page.lower()


def test_a_pupil_makes_a_code_that_links_their_chat(client, auth, school):
    login(auth, school, "anna")
    response = auth.post("/mijn-plan/telegram/code")
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and response.headers["Cache-Control"] == "no-store"
    assert "10 minuten" in page and "t.me/" not in page  # no bot username configured: the /start instruction
    link = bot.link_chat("4242", code_on(page))
    assert link.pupil_id == school["anna"].id
    page = client.get("/mijn-plan").get_data(as_text=True)
    assert "Gekoppeld" in page and "Ontkoppelen" in page


def test_the_deep_link_when_the_bot_username_is_configured(app, client, auth, school):
    app.config["TELEGRAM_BOT_USERNAME"] = "doelpunt_school_bot"
    login(auth, school, "anna")
    page = auth.post("/mijn-plan/telegram/code").get_data(as_text=True)
    assert f'href="https://t.me/doelpunt_school_bot?start={code_on(page)}"' in page


def test_a_pupil_switches_reminders_off_and_on(client, auth, school):
    login(auth, school, "anna")
    auth.post("/mijn-plan/telegram/herinneringen", data={"aan": "0"})
    assert not User.get_by_id(school["anna"].id).bot_reminders
    assert "Zet herinneringen aan" in client.get("/mijn-plan").get_data(as_text=True)
    auth.post("/mijn-plan/telegram/herinneringen", data={"aan": "1"})
    assert User.get_by_id(school["anna"].id).bot_reminders


def test_a_pupil_unlinks_themself(client, auth, school):
    code, _ = bot.new_link_code(school["anna"], school["anna"])
    bot.link_chat("4242", code)
    login(auth, school, "anna")
    assert auth.post("/mijn-plan/telegram/ontkoppelen").status_code == 302
    assert bot.current_pupil("4242") is None


@pytest.mark.parametrize("role", sorted(set(ROLES) - {"anna", "bram"}))
@pytest.mark.parametrize(
    "url", ["/mijn-plan/telegram/code", "/mijn-plan/telegram/herinneringen", "/mijn-plan/telegram/ontkoppelen"]
)
def test_the_pupils_own_actions_are_for_pupils(client, auth, school, role, url):
    login(auth, school, role)
    assert auth.post(url, data={"aan": "0"}).status_code == 403
    assert LinkCode.select().count() == 0


# --- the teacher's pupil page ----------------------------------------------------------------------------


@pytest.mark.parametrize("role", ROLES)
def test_who_may_make_a_code_for_a_pupil(client, auth, school, role):
    login(auth, school, role)
    response = auth.post(f"/leerlingen/{school['anna'].id}/telegram/code")
    assert response.status_code == (200 if role in STAFF else 403)
    assert LinkCode.select().count() == (1 if role in STAFF else 0)
    if role in STAFF:
        assert bot.link_chat("77", code_on(response.get_data(as_text=True))).pupil_id == school["anna"].id


def test_the_pupil_page_shows_link_status_and_unlinks(client, auth, school):
    login(auth, school, "teacher")
    url = f"/leerlingen/{school['anna'].id}"
    assert "Niet gekoppeld" in client.get(url).get_data(as_text=True)
    code, _ = bot.new_link_code(school["teacher"], school["anna"])
    bot.link_chat("4242", code)
    assert "Gekoppeld" in client.get(url).get_data(as_text=True)
    assert auth.post(f"{url}/telegram/ontkoppelen").status_code == 302
    assert BotLink.select().count() == 0


@pytest.mark.parametrize("role", ["anna", "bram", "parent"])
def test_pupils_and_parents_cannot_unlink_via_the_teacher_route(client, auth, school, role):
    code, _ = bot.new_link_code(school["anna"], school["anna"])
    bot.link_chat("4242", code)
    login(auth, school, role)
    assert auth.post(f"/leerlingen/{school['anna'].id}/telegram/ontkoppelen").status_code == 403
    assert BotLink.select().count() == 1


def test_the_code_page_escapes_the_pupils_name(client, auth, school):
    login(auth, school, "teacher")
    page = auth.post(f"/leerlingen/{school['anna'].id}/telegram/code").get_data(as_text=True)
    assert XSS not in page and "&lt;script&gt;" in page


# --- the group profile: devices and pupil codes ----------------------------------------------------------


def device_for(school, chat_id="5000"):
    code, _ = bot.new_device_code(school["teacher"], school["group"])
    return bot.link_chat(chat_id, code)


@pytest.mark.parametrize("role", ["admin", "teacher", "other_teacher", "coach", "assistant"])
def test_the_devices_card_is_for_those_who_manage_devices(client, auth, school, role):
    device_for(school)
    login(auth, school, role)
    page = client.get(f"/groepen/{school['group'].id}").get_data(as_text=True)
    assert ("Leerplein-apparaten" in page) == (role in DEVICE_MANAGERS)
    if role in DEVICE_MANAGERS:
        assert "Apparaat 1" in page and "Leerlingcodes printen" in page


@pytest.mark.parametrize("role", ROLES)
def test_who_may_link_a_device(client, auth, school, role):
    login(auth, school, role)
    response = auth.post(f"/groepen/{school['group'].id}/apparaten/code")
    assert response.status_code == (200 if role in DEVICE_MANAGERS else 403)
    if role in DEVICE_MANAGERS:
        link = bot.link_chat("5001", code_on(response.get_data(as_text=True)))
        assert link.kind == "device" and link.group_id == school["group"].id


@pytest.mark.parametrize("role", ROLES)
def test_who_may_unlock_and_unlink_a_device(client, auth, school, role):
    link = device_for(school)
    BotLink.update(failed_codes=bot.DEVICE_LOCK_AFTER, locked_until="2099-01-01 00:00:00").execute()
    login(auth, school, role)
    if role in DEVICE_MANAGERS:
        assert "op slot" in client.get(f"/groepen/{school['group'].id}").get_data(as_text=True)
    response = auth.post(f"/groepen/{school['group'].id}/apparaten/{link.id}/ontgrendelen")
    assert response.status_code == (302 if role in DEVICE_MANAGERS else 403)
    assert (BotLink.get_by_id(link.id).failed_codes == 0) == (role in DEVICE_MANAGERS)
    response = auth.post(f"/groepen/{school['group'].id}/apparaten/{link.id}/ontkoppelen")
    assert response.status_code == (302 if role in DEVICE_MANAGERS else 403)
    assert BotLink.select().count() == (0 if role in DEVICE_MANAGERS else 1)


def test_a_device_of_another_group_is_not_found_through_this_group(client, auth, school):
    link = device_for(school)
    other = make_group(name="Groep 7", teachers=[school["teacher"]])
    login(auth, school, "teacher")
    assert auth.post(f"/groepen/{other.id}/apparaten/{link.id}/ontkoppelen").status_code == 404
    assert BotLink.select().count() == 1


@pytest.mark.parametrize("role", ROLES)
def test_who_may_print_pupil_codes(client, auth, school, role):
    login(auth, school, role)
    response = auth.post(f"/groepen/{school['group'].id}/leerlingcodes")
    assert response.status_code == (200 if role in DEVICE_MANAGERS else 403)
    assert (User.get_by_id(school["bram"].id).pupil_code_hash is not None) == (role in DEVICE_MANAGERS)


def test_printed_codes_work_once_shown_escaped_with_a_warning(client, auth, school):
    device_for(school)
    login(auth, school, "teacher")
    response = auth.post(f"/groepen/{school['group'].id}/leerlingcodes")
    page = response.get_data(as_text=True)
    assert response.headers["Cache-Control"] == "no-store" and "werken niet meer" in page and "@media print" in page
    assert XSS not in page and "&lt;script&gt;" in page
    codes = re.findall(r'<p class="code mb-1">([A-Z0-9]{4}-[A-Z0-9]{4})</p>', page)
    assert len(codes) == 2
    signed_in = {bot.sign_in_on_device("5000", code).id for code in codes}
    assert signed_in == {school["anna"].id, school["bram"].id}


@pytest.mark.parametrize(
    "url",
    [
        "/mijn-plan/telegram/code",
        "/mijn-plan/telegram/herinneringen",
        "/leerlingen/{anna}/telegram/code",
        "/groepen/{group}/apparaten/code",
        "/groepen/{group}/leerlingcodes",
        "/leerplein/vragen/{request}/geholpen",
    ],
)
def test_every_form_needs_the_csrf_token(client, auth, school, url):
    request = bot.ask_for_help(school["anna"], school["goal"].id)
    role = "anna" if url.startswith("/mijn-plan") else "teacher"
    login(auth, school, role)
    response = client.post(
        url.format(anna=school["anna"].id, group=school["group"].id, request=request.id), data={"aan": "0"}
    )
    assert response.status_code == 400
    assert LinkCode.select().count() == 0 and User.get_by_id(school["anna"].id).bot_reminders
    assert User.get_by_id(school["bram"].id).pupil_code_hash is None
    assert HelpRequest.get_by_id(request.id).helped_at is None


def test_signed_out_visitors_are_sent_to_sign_in(client, school):
    for url in ("/leerplein/vragen", "/bewijs/1"):
        response = client.get(url)
        assert response.status_code == 302 and response.headers["Location"].startswith("/login")


# --- the help queue --------------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ROLES)
def test_the_help_queue_is_for_staff(client, auth, school, role):
    bot.ask_for_help(school["anna"], school["goal"].id)
    login(auth, school, role)
    response = client.get("/leerplein/vragen")
    assert response.status_code == (200 if role in STAFF else 403)
    if role in STAFF:
        page = response.get_data(as_text=True)
        assert "Tafels &lt;b&gt;van&lt;/b&gt; 3" in page and XSS not in page and "Groep 5a" in page
        assert 'href="/leerplein/vragen"' in page  # the menu link


@pytest.mark.parametrize("role", ROLES)
def test_who_may_mark_a_question_helped(client, auth, school, role):
    request = bot.ask_for_help(school["anna"], school["goal"].id)
    login(auth, school, role)
    response = auth.post(f"/leerplein/vragen/{request.id}/geholpen")
    assert response.status_code == (302 if role in STAFF else 403)
    assert (HelpRequest.get_by_id(request.id).helped_at is not None) == (role in STAFF)


def test_marking_helped_from_the_page_script_answers_json(client, auth, school):
    request = bot.ask_for_help(school["anna"], school["goal"].id)
    login(auth, school, "assistant")
    response = client.post(
        f"/leerplein/vragen/{request.id}/geholpen",
        headers={"X-CSRFToken": auth.token(), "X-Requested-With": "fetch", "Accept": "application/json"},
    )
    assert response.status_code == 200 and response.get_json() == {"ok": True}
    assert "Er wacht nu niemand" in client.get("/leerplein/vragen").get_data(as_text=True)


def test_the_menu_has_no_help_link_for_pupils(client, auth, school):
    login(auth, school, "anna")
    assert "/leerplein/vragen" not in client.get("/mijn-plan").get_data(as_text=True)


# --- live: the Socket.IO room of the queue ---------------------------------------------------------------


def socket_for(app, client):
    from extensions import socketio

    return socketio.test_client(app, flask_test_client=client)


def test_staff_join_the_queue_live_and_see_new_questions_and_helped_ones(app, client, auth, school):
    login(auth, school, "assistant")
    socket = socket_for(app, client)
    answer = socket.emit("help_join", {}, callback=True)
    assert answer == {"ok": True, "queue": []}
    request = bot.ask_for_help(school["anna"], school["goal"].id)
    received = [m for m in socket.get_received() if m["name"] == "help"]
    assert received[0]["args"][0]["action"] == "asked"
    assert received[0]["args"][0]["request"]["goal"] == "Tafels <b>van</b> 3"  # raw: help.js sets textContent
    bot.mark_helped(school["assistant"], request.id)
    received = [m for m in socket.get_received() if m["name"] == "help"]
    assert received == [{"name": "help", "args": [{"action": "helped", "id": request.id}], "namespace": "/"}]
    socket.disconnect()


@pytest.mark.parametrize("role", ["anna", "parent"])
def test_pupils_and_parents_cannot_join_the_queue(app, client, auth, school, role):
    login(auth, school, role)
    socket = socket_for(app, client)
    answer = socket.emit("help_join", {}, callback=True)
    assert answer["ok"] is False
    bot.ask_for_help(school["anna"], school["goal"].id)
    assert [m for m in socket.get_received() if m["name"] == "help"] == []
    socket.disconnect()


def test_a_signed_out_client_cannot_join_the_queue(app, client, school):
    socket = socket_for(app, client)
    assert not socket.is_connected()  # the chats' connect handler refuses signed-out clients outright


# --- evidence photos ---------------------------------------------------------------------------------


def test_evidence_photos_are_shown_to_those_who_may_view_the_pupil(app, client, auth, school):
    document = bot.add_evidence(
        school["anna"],
        school["goal"].id,
        b"\xff\xd8\xff\xe0" + b"1" * 50,
        "x.jpg",
        "image/jpeg",
        upload_folder=app.config["UPLOAD_FOLDER"],
    )
    login(auth, school, "teacher")
    response = client.get(f"/bewijs/{document.id}")
    assert response.status_code == 200 and response.mimetype == "image/jpeg"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    response.close()
    auth.logout()
    login(auth, school, "bram")
    assert client.get(f"/bewijs/{document.id}").status_code == 403
