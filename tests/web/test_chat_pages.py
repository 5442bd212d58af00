"""The chat pages: a room's page for those who may read it, the form without JavaScript, sharing and
downloading files (type, size, permission, CSRF), the links to the chats, and unread counts on the
dashboard."""

import io
import re

import pytest

from models import ChatMessage, Document, GoalSet, PlanGoal, SchoolSettings
from services import bot, chat
from tests.support.factories import make_goal, make_group, make_parent, make_pupil, make_teacher, put_on_plan


@pytest.fixture
def school(database):
    ans, bram = make_teacher(first_name="Ans"), make_teacher(first_name="Bram")
    sam, noor, piet = (make_pupil(first_name=n) for n in ("Sam", "Noor", "Piet"))
    goal_set = GoalSet.create(name="Ruimte")
    group_5a = make_group(name="Groep 5a", teachers=[ans], pupils=[sam, noor], goal_set=goal_set)
    group_6b = make_group(name="Groep 6b", teachers=[bram], pupils=[piet])
    goal = make_goal(title="Tafels van 3")
    put_on_plan(sam, goal)
    return {
        "ans": ans,
        "bram": bram,
        "sam": sam,
        "noor": noor,
        "piet": piet,
        "goal": goal,
        "set": goal_set,
        "linda": make_parent(children=[sam]),
        "group_5a": group_5a,
        "group_6b": group_6b,
        "5a": f"group:{group_5a.id}",
        "6b": f"group:{group_6b.id}",
        "goal_room": f"pupil_goal:{sam.id}:{goal.id}",
    }


def page(client, room):
    return client.get(f"/chat/{room}")


def pdf_upload(name="werkblad.pdf", data=b"%PDF-1.7 werkblad"):
    return (io.BytesIO(data), name)


# --- The room page -------------------------------------------------------------------------------------


def test_a_teacher_opens_the_group_chat_with_its_history_escaped(client, auth, school):
    chat.post_message(school["sam"], school["5a"], "<script>alert('x')</script> zie https://example.org")
    auth.login(school["ans"].login)
    response = page(client, school["5a"])
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and "Groepschat Groep 5a" in html
    assert "<script>alert" not in html and "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;" in html
    assert f'data-room="{school["5a"]}"' in html and 'data-can-moderate="true"' in html
    assert "vendor/socket.io.min.js" in html and "js/chat.js" in html and "//cdn" not in html
    assert 'name="bestand"' in html and 'value="assignment"' in html and 'name="csrf_token"' in html


def test_a_pupil_member_writes_but_shares_no_files_and_sets_no_assignments(client, auth, school):
    auth.login(school["sam"].login)
    html = page(client, school["5a"]).get_data(as_text=True)
    assert 'name="tekst"' in html and 'name="bestand"' not in html and 'value="assignment"' not in html
    assert 'data-can-mark-done="true"' in html and 'data-can-moderate="false"' in html


def test_a_teacher_of_another_group_reads_without_a_form(client, auth, school):
    auth.login(school["bram"].login)
    html = page(client, school["5a"]).get_data(as_text=True)
    assert "kunt deze chat lezen" in html and 'name="tekst"' not in html


@pytest.mark.parametrize(
    "who, room, status",
    [
        ("piet", "5a", 403),
        ("linda", "5a", 403),
        ("linda", "goal_room", 403),
        ("noor", "goal_room", 403),
        ("sam", "6b", 403),
    ],
)
def test_outsiders_get_403(client, auth, school, who, room, status):
    auth.login(school[who].login)
    response = page(client, school[room])
    assert response.status_code == status and "geen toegang" in response.get_data(as_text=True)


def test_a_parent_reads_their_childs_goal_chat_where_the_school_allows_it(client, auth, school):
    chat.post_message(school["ans"], school["goal_room"], "Sam oefent goed")
    SchoolSettings.update(parent_access=True).execute()
    auth.login(school["linda"].login)
    html = page(client, school["goal_room"]).get_data(as_text=True)
    assert "Sam oefent goed" in html and 'name="tekst"' not in html


@pytest.mark.parametrize(
    "room, status", [("onzin", 400), ("group:abc", 400), ("group:99999", 404), ("goal:99999", 404)]
)
def test_malformed_and_unknown_rooms(client, auth, school, room, status):
    auth.login(school["ans"].login)
    assert page(client, room).status_code == status


def test_signed_out_visitors_are_sent_to_sign_in(client, school):
    response = page(client, school["5a"])
    assert response.status_code == 302 and response.headers["Location"].startswith("/login")


def test_the_form_posts_a_message_without_javascript_and_needs_its_csrf_token(client, auth, school):
    auth.login(school["sam"].login)
    response = auth.post(f"/chat/{school['5a']}", {"tekst": "Ik ben klaar met blz 4"})
    assert response.status_code == 302
    assert ChatMessage.get().body == "Ik ben klaar met blz 4"
    refused = client.post(f"/chat/{school['5a']}", data={"tekst": "zonder token"})
    assert refused.status_code == 400 and ChatMessage.select().count() == 1
    assert auth.post(f"/chat/{school['5a']}", {"tekst": "x", "soort": "assignment"}).status_code == 403
    assert ChatMessage.select().count() == 1


def test_an_empty_message_without_javascript_goes_back_to_the_chat_with_the_reason(client, auth, school):
    auth.login(school["sam"].login)
    response = auth.post(f"/chat/{school['5a']}", {"tekst": "   "})
    assert response.status_code == 302 and response.headers["Location"] == f"/chat/{school['5a']}"
    html = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Een leeg bericht kan niet verstuurd worden." in html
    assert 'name="tekst"' in html  # the chat itself, not an error page
    assert ChatMessage.select().count() == 0


# --- Files ---------------------------------------------------------------------------------------------


def test_a_teacher_shares_a_file_and_members_download_it(client, auth, school, app):
    auth.login(school["ans"].login)
    response = auth.post(
        f"/chat/{school['5a']}/bestand",
        {"bestand": pdf_upload(), "tekst": "Voor morgen"},
        content_type="multipart/form-data",
    )
    assert response.status_code == 302
    assert "Het bestand is gedeeld." in client.get(response.headers["Location"]).get_data(as_text=True)
    message = ChatMessage.get()
    assert (message.kind, message.body) == ("file", "Voor morgen")
    url = chat.message_payload(message)["document"]["url"]
    assert url == f"/chat/bestand/{message.document_id}"
    auth.logout()
    auth.login(school["noor"].login)
    download = client.get(url)
    assert download.status_code == 200 and download.data == b"%PDF-1.7 werkblad"
    assert (
        download.headers["Content-Disposition"].startswith("attachment")
        and "werkblad.pdf" in download.headers["Content-Disposition"]
    )
    assert download.headers["X-Content-Type-Options"] == "nosniff"
    assert download.mimetype == "application/pdf"
    download.close()


def test_a_download_needs_read_access_to_its_chat(client, auth, school, app):
    message = chat.share_file(
        school["ans"],
        school["5a"],
        type("U", (), {"filename": "a.pdf", "stream": io.BytesIO(b"%PDF-1 a")})(),
        app.config["UPLOAD_FOLDER"],
    )
    url = f"/chat/bestand/{message.document_id}"
    assert client.get(url).status_code == 302  # signed out: to the sign-in page
    auth.login(school["piet"].login)
    assert client.get(url).status_code == 403
    auth.logout()
    chat.hide_message(school["ans"], message.id)
    auth.login(school["sam"].login)
    assert client.get(url).status_code == 404  # hidden from pupils, file and all
    auth.logout()
    auth.login(school["bram"].login)  # staff may still read it
    with client.get(url) as download:
        assert download.status_code == 200
    assert client.get("/chat/bestand/99999").status_code == 404


def test_an_evidence_photo_from_the_bot_opens_from_the_goal_chat(client, auth, school, app):
    png = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
    document = bot.add_evidence(
        school["sam"], school["goal"].id, png, "foto.png", "image/png", upload_folder=app.config["UPLOAD_FOLDER"]
    )
    message = ChatMessage.get(ChatMessage.document == document.id)
    url = chat.message_payload(message)["document"]["url"]
    for who, status in (("ans", 200), ("sam", 200), ("linda", 403), ("piet", 403)):
        SchoolSettings.update(parent_access=False).execute()
        auth.login(school[who].login)
        with client.get(url) as response:
            assert response.status_code == status, who
            if status == 200:
                assert response.data == png
        auth.logout()


@pytest.mark.parametrize(
    "name, data, message",
    [
        ("script.html", b"<script>alert(1)</script>", "Dit soort bestand kan niet gedeeld worden"),
        ("programma.exe", b"MZ\x90\x00", "Dit soort bestand kan niet gedeeld worden"),
        ("vermomd.pdf", b"MZ\x90\x00 een programma", "De inhoud van dit bestand past niet bij .pdf"),
    ],
)
def test_forbidden_file_types_are_refused_with_a_dutch_message(client, auth, school, name, data, message):
    auth.login(school["ans"].login)
    response = auth.post(
        f"/chat/{school['5a']}/bestand", {"bestand": (io.BytesIO(data), name)}, content_type="multipart/form-data"
    )
    # Back on the chat with the reason on top, not an error page that loses the chat.
    assert response.status_code == 302 and response.headers["Location"] == f"/chat/{school['5a']}"
    html = client.get(response.headers["Location"]).get_data(as_text=True)
    assert message in html and 'name="bestand"' in html
    assert Document.select().count() == 0 and ChatMessage.select().count() == 0


def test_a_file_over_ten_megabytes_is_refused(client, auth, school):
    auth.login(school["ans"].login)
    big = b"%PDF-" + b"0" * (10 * 1024 * 1024)
    response = auth.post(
        f"/chat/{school['5a']}/bestand", {"bestand": (io.BytesIO(big), "groot.pdf")}, content_type="multipart/form-data"
    )
    assert response.status_code == 302
    assert "te groot" in client.get(response.headers["Location"]).get_data(as_text=True)
    assert Document.select().count() == 0


def test_sharing_without_choosing_a_file_says_so(client, auth, school):
    auth.login(school["ans"].login)
    response = auth.post(
        f"/chat/{school['5a']}/bestand", {"tekst": "zonder bestand"}, content_type="multipart/form-data"
    )
    assert response.status_code == 302
    assert "Kies eerst een bestand." in client.get(response.headers["Location"]).get_data(as_text=True)
    assert ChatMessage.select().count() == 0


def test_uploads_need_the_csrf_token_and_a_teacher(client, auth, school):
    auth.login(school["ans"].login)
    refused = client.post(
        f"/chat/{school['5a']}/bestand", data={"bestand": pdf_upload()}, content_type="multipart/form-data"
    )
    assert refused.status_code == 400
    auth.logout()
    auth.login(school["sam"].login)
    response = auth.post(f"/chat/{school['5a']}/bestand", {"bestand": pdf_upload()}, content_type="multipart/form-data")
    assert response.status_code == 403 and Document.select().count() == 0


# --- Links to the chats --------------------------------------------------------------------------------


def test_the_pages_link_to_their_chats(client, auth, school):
    auth.login(school["ans"].login)
    assert f'href="/chat/{school["5a"]}"' in client.get(f"/groepen/{school['group_5a'].id}").get_data(as_text=True)
    assert f'href="/chat/goal:{school["goal"].id}"' in client.get(
        f"/curriculum/leerdoelen/{school['goal'].id}"
    ).get_data(as_text=True)
    assert f'href="/chat/goal_set:{school["set"].id}"' in client.get(f"/doelensets/{school['set'].id}").get_data(
        as_text=True
    )
    plan_goal = PlanGoal.get(PlanGoal.pupil == school["sam"])
    pupil_page = client.get(f"/leerlingen/{school['sam'].id}").get_data(as_text=True)
    assert f'href="/chat/leerdoel/{plan_goal.id}"' in pupil_page
    redirect = client.get(f"/chat/leerdoel/{plan_goal.id}")
    assert redirect.status_code == 302 and redirect.headers["Location"].endswith(f"/chat/{school['goal_room']}")


def test_a_pupil_finds_the_chat_of_each_goal_on_their_own_plan(client, auth, school):
    auth.login(school["sam"].login)
    html = client.get("/mijn-plan").get_data(as_text=True)
    assert f'href="/chat/{school["goal_room"]}"' in html
    auth.logout()
    auth.login(school["noor"].login)
    assert client.get(f"/chat/leerdoel/{PlanGoal.get().id}").status_code == 403


def test_no_group_chat_link_for_group_types_pupils_do_not_see(client, auth, school):
    from models import GroupType

    hidden = GroupType.create(name="Zorggroep", visible_to_pupils=False)
    group = make_group(type_name=hidden.name, teachers=[school["ans"]])
    auth.login(school["ans"].login)
    assert f'href="/chat/group:{group.id}"' not in client.get(f"/groepen/{group.id}").get_data(as_text=True)


# --- Unread counts on the dashboard --------------------------------------------------------------------


def _unread(html, room):
    match = re.search(rf'data-unread-room="{re.escape(room)}"( hidden)?><span class="count">(\d+)</span>', html)
    return None if match is None else (0 if match.group(1) else int(match.group(2)))


def test_the_dashboard_shows_unread_counts_per_chat(client, auth, school):
    chat.post_message(school["sam"], school["5a"], "vraag 1")
    chat.post_message(school["noor"], school["5a"], "vraag 2")
    chat.post_message(school["sam"], school["goal_room"], "ik snap het niet")
    auth.login(school["ans"].login)
    html = client.get("/leraar").get_data(as_text=True)
    assert _unread(html, school["5a"]) == 2 and _unread(html, school["goal_room"]) == 1
    assert f"Tafels van 3 · {school['sam'].full_name}" in html and "vendor/socket.io.min.js" in html
    chat.mark_read(school["ans"], school["5a"], ChatMessage.select().order_by(ChatMessage.id.desc()).first().id)
    html = client.get("/leraar").get_data(as_text=True)
    assert _unread(html, school["5a"]) == 0 and _unread(html, school["goal_room"]) == 1


def test_the_dashboard_chats_take_a_fixed_number_of_queries(client, auth, school):
    from tests.support.querycount import count_queries

    chat.post_message(school["sam"], school["goal_room"], "hoi")
    auth.login(school["ans"].login)
    client.get("/leraar")
    with count_queries() as few:
        client.get("/leraar")
    for n in range(4):
        pupil = make_pupil(groups=[school["group_5a"]])
        goal = make_goal()
        put_on_plan(pupil, goal)
        chat.post_message(pupil, f"pupil_goal:{pupil.id}:{goal.id}", f"vraag {n}")
        make_group(teachers=[school["ans"]])
    with count_queries() as many:
        html = client.get("/leraar").get_data(as_text=True)
    assert len(many) == len(few)
    assert html.count('data-unread-room="pupil_goal:') == 5


def test_my_chats_lists_a_pupils_group_and_goal_set_chats_with_unread_counts(client, auth, school):
    chat.post_message(school["ans"], school["5a"], "Welkom")
    chat.post_message(school["ans"], school["goal_room"], "Goed bezig")
    auth.login(school["sam"].login)
    html = client.get("/chat").get_data(as_text=True)
    assert "Groepschat Groep 5a" in html and "Doelensetchat Ruimte" in html and "Groep 6b" not in html
    assert _unread(html, school["5a"]) == 1 and _unread(html, school["goal_room"]) == 1
    assert _unread(html, f"goal_set:{school['set'].id}") == 0
    assert html.index("Groepschat Groep 5a") < html.index("Doelensetchat Ruimte")  # unread first
    assert '<a class="nav-link active" href="/chat" aria-current="page">Chats</a>' in html
    assert ">Mijn plan</a>" in html and "Alle groepen" not in html


def test_my_chats_of_a_parent_follow_the_schools_parent_access(client, auth, school):
    chat.post_message(school["ans"], school["goal_room"], "Sam oefent goed")
    auth.login(school["linda"].login)
    assert "Tafels van 3" not in client.get("/chat").get_data(as_text=True)
    SchoolSettings.update(parent_access=True).execute()
    assert _unread(client.get("/chat").get_data(as_text=True), school["goal_room"]) == 1
