"""The chat rules (SPEC 8, 10): rooms and who may enter, posting, history pages, hiding, assignments, read
marks and unread counts, shared files, and the live pushes of realtime.chat."""

import io
import zipfile

import pytest

import realtime.chat
from models import AssignmentDone, AuditLog, ChatMessage, Document, GoalSet, GroupType, SchoolSettings
from services import chat, events
from services.errors import DomainError, NotFound, PermissionDenied
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
from tests.support.querycount import count_queries


def parent_access(on):
    SchoolSettings.update(parent_access=on).execute()


@pytest.fixture
def school(database):
    """Juf Ans teaches 5a (Sam, Noor); Bram teaches 6b (Piet). Sam's parent Linda; a goal on Sam's plan;
    goal set "Ruimte" linked to 5a."""
    ans, bram = make_teacher(first_name="Ans"), make_teacher(first_name="Bram")
    sam, noor, piet = (make_pupil(first_name=n) for n in ("Sam", "Noor", "Piet"))
    goal_set = GoalSet.create(name="Ruimte", created_by=bram)
    group_5a = make_group(name="Groep 5a", teachers=[ans], pupils=[sam, noor], goal_set=goal_set)
    group_6b = make_group(name="Groep 6b", teachers=[bram], pupils=[piet])
    goal = make_goal(title="Tafels van 3")
    put_on_plan(sam, goal)
    put_on_plan(piet, goal)
    return {
        "ans": ans,
        "bram": bram,
        "sam": sam,
        "noor": noor,
        "piet": piet,
        "5a": group_5a,
        "6b": group_6b,
        "goal": goal,
        "set": goal_set,
        "linda": make_parent(children=[sam]),
        "admin": make_admin(),
        "assistant": make_user("assistant"),
        "group_room": f"group:{group_5a.id}",
        "goal_room": f"pupil_goal:{sam.id}:{goal.id}",
        "colleagues": f"goal:{goal.id}",
        "set_room": f"goal_set:{goal_set.id}",
    }


# --- Rooms ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "key",
    [
        "",
        "group",
        "group:",
        "group:abc",
        "group:0",
        "group:1:2",
        "pupil_goal:1",
        "lesson:3",
        "group:12345678901",
        " group:1",
        "GROUP:1",
        None,
        7,
        "goal_set:-1",
    ],
)
def test_a_malformed_room_key_is_refused_in_dutch(database, key):
    with pytest.raises(DomainError, match="bestaat niet"):
        chat.parse_room(key)


def test_a_room_of_something_gone_is_not_found(school):
    for key in ("group:999", "goal:999", "goal_set:999", f"pupil_goal:999:{school['goal'].id}"):
        with pytest.raises(NotFound):
            chat.parse_room(key)


def test_a_pupil_goal_chat_needs_the_goal_on_that_pupils_plan(school):
    with pytest.raises(NotFound, match="niet op het plan"):
        chat.parse_room(f"pupil_goal:{school['noor'].id}:{school['goal'].id}")
    # a teacher is no pupil: no goal chat of theirs
    with pytest.raises(NotFound):
        chat.parse_room(f"pupil_goal:{school['ans'].id}:{school['goal'].id}")


def test_room_titles_for_many_rooms_in_a_few_queries(school):
    keys = [school["group_room"], school["goal_room"], school["colleagues"], school["set_room"], "group:999", "x"]
    with count_queries() as queries:
        titles = chat.room_titles(keys)
    assert len(queries) <= 4
    assert titles == {
        school["group_room"]: "Groepschat Groep 5a",
        school["goal_room"]: f"Tafels van 3 · {school['sam'].full_name}",
        school["colleagues"]: "Collega's over Tafels van 3",
        school["set_room"]: "Doelensetchat Ruimte",
    }


# --- Who may read and write ----------------------------------------------------------------------------


def _access(school, room):
    return {
        who: (chat.can_read(school[who], room), chat.can_write(school[who], room))
        for who in ("ans", "bram", "sam", "noor", "piet", "linda", "admin", "assistant")
    }


def test_a_group_chat_is_for_its_teachers_and_members_and_staff_may_read(school):
    parent_access(True)
    assert _access(school, school["group_room"]) == {
        "ans": (True, True),
        "bram": (True, False),
        "sam": (True, True),
        "noor": (True, True),
        "piet": (False, False),
        "linda": (False, False),
        "admin": (True, False),
        "assistant": (True, False),
    }


def test_group_types_hidden_from_pupils_have_no_group_chat(school):
    hidden_type = GroupType.create(name="Zorggroep", visible_to_pupils=False)
    group = make_group(type_name=hidden_type.name, teachers=[school["ans"]], pupils=[school["sam"]])
    for who in ("ans", "sam", "admin"):
        assert not chat.can_read(school[who], f"group:{group.id}")
    assert chat.room_member_ids(f"group:{group.id}") == []


def test_an_archived_groups_chat_stays_with_it_for_teachers_only(school):
    chat.post_message(school["sam"], school["group_room"], "Tot morgen!")
    school["5a"].archived = True
    school["5a"].save()
    access = _access(school, school["group_room"])
    assert access["ans"] == (True, False) and access["admin"] == (True, False)
    assert access["sam"] == access["noor"] == (False, False)
    assert chat.room_member_ids(school["group_room"]) == [school["ans"].id]
    assert chat.history(school["ans"], school["group_room"])[0]["body"] == "Tot morgen!"
    with pytest.raises(PermissionDenied):
        chat.history(school["sam"], school["group_room"])


def test_a_pupils_goal_chat_is_theirs_with_staff_and_parents_reading_where_allowed(school):
    parent_access(False)
    access = _access(school, school["goal_room"])
    assert access["sam"] == (True, True) and access["ans"] == (True, True) and access["bram"] == (True, True)
    assert access["noor"] == access["piet"] == access["linda"] == (False, False)
    parent_access(True)
    assert _access(school, school["goal_room"])["linda"] == (True, False)
    assert not chat.can_read(make_parent(children=[school["piet"]]), school["goal_room"])


def test_a_goals_colleague_chat_is_for_staff_only(school):
    parent_access(True)
    access = _access(school, school["colleagues"])
    assert all(access[who] == (True, True) for who in ("ans", "bram", "admin", "assistant"))
    assert all(access[who] == (False, False) for who in ("sam", "noor", "piet", "linda"))


def test_a_goal_set_chat_is_for_staff_and_the_pupils_of_its_linked_groups(school):
    access = _access(school, school["set_room"])
    assert access["ans"] == access["bram"] == (True, True)
    assert access["sam"] == access["noor"] == (True, True)
    assert access["piet"] == access["linda"] == (False, False)


# --- Posting -------------------------------------------------------------------------------------------


def test_a_message_is_stored_before_it_is_announced(school):
    seen = []

    def listener(sender, message, actor, **extra):
        seen.append((ChatMessage.get_by_id(message.id).body, message.author.full_name, actor))

    events.message_posted.connect(listener)
    try:
        message = chat.post_message(school["ans"], school["group_room"], "  Morgen gym!  ")
    finally:
        events.message_posted.disconnect(listener)
    assert seen == [("Morgen gym!", school["ans"].full_name, school["ans"])]
    stored = ChatMessage.get_by_id(message.id)
    assert (stored.room, stored.room_kind, stored.group_id, stored.author_id, stored.kind, stored.channel) == (
        school["group_room"],
        "group",
        school["5a"].id,
        school["ans"].id,
        "text",
        "web",
    )


@pytest.mark.parametrize(
    "body, error",
    [
        ("", "leeg"),
        ("   \n\t ", "leeg"),
        ("x" * 2001, "2000 tekens"),
        (None, "tekst"),
        (42, "tekst"),
        ("\x00\x01", "leeg"),
    ],
)
def test_empty_oversized_and_non_text_messages_are_refused_and_nothing_is_stored(school, body, error):
    with pytest.raises(DomainError, match=error):
        chat.post_message(school["ans"], school["group_room"], body)
    assert ChatMessage.select().count() == 0


def test_a_message_of_exactly_the_limit_is_fine_and_control_characters_are_dropped(school):
    assert chat.post_message(school["sam"], school["group_room"], "y" * 2000).body == "y" * 2000
    assert chat.post_message(school["sam"], school["group_room"], "a\x00b\r\nc").body == "ab\nc"


def test_kinds_per_role(school):
    assert chat.post_message(school["ans"], school["group_room"], "Maak blz 12", kind="assignment").kind == "assignment"
    assert (
        chat.post_message(
            school["sam"], school["goal_room"], "Ik kan de tafel van 3!", kind="progress", channel="bot"
        ).channel
        == "bot"
    )
    for who, kind in (("sam", "assignment"), ("sam", "file"), ("ans", "progress"), ("ans", "<script>")):
        with pytest.raises(PermissionDenied):
            chat.post_message(school[who], school["group_room"], "tekst", kind=kind)
    with pytest.raises(DomainError):  # a file message only comes with its file
        chat.post_message(school["ans"], school["group_room"], "tekst", kind="file")


def test_outsiders_and_readers_cannot_post(school):
    parent_access(True)
    for who, room in (
        ("piet", "group_room"),
        ("bram", "group_room"),
        ("linda", "goal_room"),
        ("sam", "colleagues"),
        ("admin", "group_room"),
    ):
        with pytest.raises(PermissionDenied):
            chat.post_message(school[who], school[room], "hallo")
    assert ChatMessage.select().count() == 0


# --- History, hiding, assignments ----------------------------------------------------------------------


def test_history_comes_in_pages_oldest_first(school):
    ids = [chat.post_message(school["ans"], school["group_room"], f"bericht {n}").id for n in range(70)]
    latest = chat.history(school["sam"], school["group_room"])
    assert [m["id"] for m in latest] == ids[40:]
    older = chat.history(school["sam"], school["group_room"], before_id=latest[0]["id"])
    assert [m["id"] for m in older] == ids[10:40]
    oldest = chat.history(school["sam"], school["group_room"], before_id=older[0]["id"])
    assert [m["id"] for m in oldest] == ids[:10]
    ids += [chat.post_message(school["ans"], school["group_room"], f"meer {n}").id for n in range(40)]
    assert [m["id"] for m in chat.history(school["sam"], school["group_room"], limit=5000)] == ids[10:]
    for bad in (0, -1, "12", True, 1.5):
        with pytest.raises(DomainError):
            chat.history(school["sam"], school["group_room"], before_id=bad)


def test_history_of_another_room_or_for_an_outsider(school):
    chat.post_message(school["bram"], f"group:{school['6b'].id}", "Alleen voor 6b")
    assert chat.history(school["sam"], school["group_room"]) == []
    with pytest.raises(PermissionDenied):
        chat.history(school["piet"], school["group_room"])


def test_the_payload_is_json_safe_and_complete(school):
    message = chat.post_message(school["ans"], school["group_room"], "Hallo <b>groep</b>")
    payload = chat.message_payload(message)
    assert payload == {
        "id": message.id,
        "room": school["group_room"],
        "author": school["ans"].full_name,
        "author_id": school["ans"].id,
        "role": "teacher",
        "kind": "text",
        "body": "Hallo <b>groep</b>",
        "created_at": payload["created_at"],
        "hidden": False,
        "document": None,
    }
    assert payload["created_at"].endswith("Z") and "T" in payload["created_at"]


def test_a_teacher_hides_a_message_staff_still_read_it_pupils_see_a_placeholder(school):
    message = chat.post_message(school["sam"], school["group_room"], "iets naars")
    hidden_seen = []

    def listener(sender, message, actor, **extra):
        hidden_seen.append(message.id)

    events.message_hidden.connect(listener)
    try:
        chat.hide_message(school["ans"], message.id)
    finally:
        events.message_hidden.disconnect(listener)
    for_pupil = chat.history(school["noor"], school["group_room"])[0]
    assert for_pupil["hidden"] and for_pupil["body"] == chat.HIDDEN_TEXT and "naars" not in str(for_pupil)
    for_staff = chat.history(school["bram"], school["group_room"])[0]
    assert for_staff["hidden"] and for_staff["body"] == "iets naars"
    assert chat.message_payload(ChatMessage.get_by_id(message.id))["body"] == chat.HIDDEN_TEXT
    audit = AuditLog.get(AuditLog.action == "chat_message_hidden")
    assert audit.actor_id == school["ans"].id and audit.entity_id == message.id and "iets naars" in audit.detail
    assert hidden_seen[-1] == message.id
    chat.hide_message(school["ans"], message.id, hidden=False)
    assert chat.history(school["noor"], school["group_room"])[0]["body"] == "iets naars"
    assert AuditLog.select().where(AuditLog.action == "chat_message_shown").count() == 1


def test_only_the_rooms_teachers_hide_messages(school):
    message = chat.post_message(school["sam"], school["group_room"], "hallo")
    for who in ("sam", "noor", "bram", "assistant", "piet"):
        with pytest.raises(PermissionDenied):
            chat.hide_message(school[who], message.id)
    assert not ChatMessage.get_by_id(message.id).hidden
    chat.hide_message(school["admin"], message.id)
    assert ChatMessage.get_by_id(message.id).hidden
    with pytest.raises(NotFound):
        chat.hide_message(school["ans"], 99999)


def test_pupils_mark_an_assignment_done_once_and_teachers_see_the_count(school):
    task = chat.post_message(school["ans"], school["group_room"], "Maak blz 12", kind="assignment")
    assert chat.mark_assignment_done(school["sam"], task.id) is True
    assert chat.mark_assignment_done(school["sam"], task.id) is False  # a double click
    assert AssignmentDone.select().count() == 1
    assert chat.history(school["sam"], school["group_room"])[0]["done"] is True
    assert chat.history(school["noor"], school["group_room"])[0]["done"] is False
    assert chat.history(school["ans"], school["group_room"])[0]["done"] == 1
    text = chat.post_message(school["ans"], school["group_room"], "gewoon een bericht")
    with pytest.raises(DomainError, match="geen opdracht"):
        chat.mark_assignment_done(school["sam"], text.id)
    for who in ("ans", "piet"):
        with pytest.raises(PermissionDenied):
            chat.mark_assignment_done(school[who], task.id)


# --- Read marks and unread counts ----------------------------------------------------------------------


def test_unread_counts_over_the_rooms_a_user_belongs_to(school):
    parent_access(True)
    chat.post_message(school["ans"], school["group_room"], "1")
    chat.post_message(school["ans"], school["group_room"], "2")
    chat.post_message(school["ans"], school["goal_room"], "goed bezig")
    chat.post_message(school["bram"], school["set_room"], "welkom")
    chat.post_message(school["sam"], school["group_room"], "eigen bericht telt niet")
    chat.post_message(school["bram"], f"group:{school['6b'].id}", "alleen 6b")
    assert chat.unread_counts(school["sam"]) == {school["group_room"]: 2, school["goal_room"]: 1, school["set_room"]: 1}
    assert chat.unread_counts(school["noor"]) == {school["group_room"]: 3, school["set_room"]: 1}
    assert chat.unread_counts(school["linda"]) == {school["goal_room"]: 1}
    assert chat.unread_counts(school["ans"]) == {school["group_room"]: 1, school["set_room"]: 1}
    assert chat.unread_counts(school["piet"]) == {f"group:{school['6b'].id}": 1}
    parent_access(False)
    assert chat.unread_counts(school["linda"]) == {}


def test_mark_read_lowers_the_count_and_never_moves_back(school):
    first = chat.post_message(school["ans"], school["group_room"], "1")
    second = chat.post_message(school["ans"], school["group_room"], "2")
    chat.mark_read(school["sam"], school["group_room"], first.id)
    assert chat.unread_counts(school["sam"]) == {school["group_room"]: 1}
    chat.mark_read(school["sam"], school["group_room"], second.id + 1000)  # clamped to the latest
    chat.mark_read(school["sam"], school["group_room"], first.id)  # an old tab: no step back
    assert chat.unread_counts(school["sam"]) == {}
    third = chat.post_message(school["ans"], school["group_room"], "3")
    assert chat.unread_counts(school["sam"]) == {school["group_room"]: 1} and third.id > second.id
    with pytest.raises(PermissionDenied):
        chat.mark_read(school["piet"], school["group_room"], second.id)


def test_a_goal_colleague_chat_counts_once_opened_and_hidden_messages_do_not_count(school):
    chat.post_message(school["bram"], school["colleagues"], "Wie heeft materiaal?")
    assert chat.unread_counts(school["ans"]) == {}
    chat.mark_read(school["ans"], school["colleagues"], 0)
    chat.post_message(school["bram"], school["colleagues"], "Nog iemand?")
    assert chat.unread_counts(school["ans"]) == {school["colleagues"]: 2}
    latest = chat.post_message(school["bram"], school["colleagues"], "foei")
    chat.hide_message(school["admin"], latest.id)
    assert chat.unread_counts(school["ans"]) == {school["colleagues"]: 2}


def test_unread_counts_take_a_fixed_number_of_queries(school):
    chat.post_message(school["sam"], school["goal_room"], "hoi")
    with count_queries() as few:
        chat.unread_counts(school["ans"])
    for n in range(5):
        pupil = make_pupil(groups=[school["5a"]])
        goal = make_goal()
        put_on_plan(pupil, goal)
        chat.post_message(pupil, f"pupil_goal:{pupil.id}:{goal.id}", f"vraag {n}")
        group = make_group(teachers=[school["ans"]], pupils=[pupil])
        chat.post_message(school["ans"], f"group:{group.id}", "welkom")
    with count_queries() as many:
        counts = chat.unread_counts(school["ans"])
    assert len(many) == len(few) == 1
    assert sum(counts.values()) == 6


def test_room_members_are_who_belongs(school):
    parent_access(True)
    assert chat.room_member_ids(school["group_room"]) == sorted([school["ans"].id, school["sam"].id, school["noor"].id])
    assert chat.room_member_ids(school["goal_room"]) == sorted([school["sam"].id, school["ans"].id, school["linda"].id])
    assert chat.room_member_ids(school["set_room"]) == sorted(
        [school["ans"].id, school["bram"].id, school["sam"].id, school["noor"].id]
    )
    parent_access(False)
    assert school["linda"].id not in chat.room_member_ids(school["goal_room"])


# --- Live pushes (realtime.chat) -----------------------------------------------------------------------


def test_a_posted_message_goes_to_its_room_and_nudges_every_other_member(school, monkeypatch):
    sent = []
    monkeypatch.setattr(realtime.chat, "emit_many", lambda messages: sent.extend(messages))
    realtime.chat.connect()
    message = chat.post_message(school["sam"], school["group_room"], "<script>alert(1)</script>")
    assert sent[0] == ("message", chat.message_payload(message), school["group_room"])
    assert [(event, data, sorted(rooms)) for event, data, rooms in sent[1:]] == [  # one emit for them all
        ("unread", {"room": school["group_room"]}, sorted([f"user:{school['ans'].id}", f"user:{school['noor'].id}"]))
    ]
    sent.clear()
    chat.hide_message(school["ans"], message.id)
    assert sent == [("hidden", chat.message_payload(ChatMessage.get_by_id(message.id)), school["group_room"])]
    assert "script" not in str(sent)


def test_a_failing_push_does_not_fail_the_post(school, monkeypatch):
    def broken(messages):
        raise ConnectionError("redis down")

    monkeypatch.setattr(realtime.chat, "emit_many", broken)
    realtime.chat.connect()
    message = chat.post_message(school["ans"], school["group_room"], "toch opgeslagen")
    assert ChatMessage.get_by_id(message.id).body == "toch opgeslagen"


# --- Shared files --------------------------------------------------------------------------------------


class Upload:
    def __init__(self, filename, data):
        self.filename = filename
        self.stream = io.BytesIO(data)


def docx_bytes():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<document/>")
    return buffer.getvalue()


def test_a_teacher_shares_a_file_it_is_stored_and_posted(school, tmp_path):
    message = chat.share_file(
        school["ans"], school["goal_room"], Upload("werkblad.pdf", b"%PDF-1.7 ..."), upload_folder=str(tmp_path)
    )
    document = Document.get_by_id(message.document_id)
    assert message.kind == "file" and message.body == "werkblad.pdf"
    assert (document.kind, document.filename, document.content_type, document.size, document.pupil_id) == (
        "chat",
        "werkblad.pdf",
        "application/pdf",
        12,
        school["sam"].id,
    )
    assert (tmp_path / document.stored_name).read_bytes() == b"%PDF-1.7 ..."
    payload = chat.message_payload(message)
    assert payload["document"] == {
        "id": document.id,
        "name": "werkblad.pdf",
        "url": f"/chat/bestand/{document.id}",
        "size": 12,
    }
    word = chat.share_file(
        school["ans"],
        school["group_room"],
        Upload("Brief.DOCX", docx_bytes()),
        upload_folder=str(tmp_path),
        body="De brief voor thuis",
    )
    assert word.body == "De brief voor thuis" and word.document.group_id == school["5a"].id


@pytest.mark.parametrize(
    "filename, data, error",
    [
        ("virus.exe", b"MZ\x90\x00", "Dit soort bestand"),
        ("pagina.html", b"<script>alert(1)</script>", "Dit soort bestand"),
        ("geen-extensie", b"%PDF-1.4", "Dit soort bestand"),
        ("nep.pdf", b"MZ\x90\x00 a program", "past niet bij .pdf"),
        ("nep.png", b"<svg onload=alert(1)>", "past niet bij .png"),
        ("nep.docx", b"PK\x03\x04 not really a zip", "past niet bij .docx"),
        ("leeg.pdf", b"", "leeg"),
    ],
)
def test_forbidden_types_and_disguised_content_are_refused_and_nothing_is_kept(school, tmp_path, filename, data, error):
    with pytest.raises(DomainError, match=error):
        chat.share_file(school["ans"], school["group_room"], Upload(filename, data), upload_folder=str(tmp_path))
    assert ChatMessage.select().count() == Document.select().count() == 0
    assert not list(tmp_path.iterdir())


def test_a_file_over_the_size_limit_is_refused(school, tmp_path):
    data = b"%PDF-" + b"0" * chat.MAX_FILE_BYTES
    with pytest.raises(DomainError, match="te groot"):
        chat.share_file(school["ans"], school["group_room"], Upload("groot.pdf", data), upload_folder=str(tmp_path))
    assert Document.select().count() == 0 and not list(tmp_path.iterdir())


def test_pupils_and_readers_do_not_share_files(school, tmp_path):
    for who in ("sam", "bram"):
        with pytest.raises(PermissionDenied):
            chat.share_file(school[who], school["group_room"], Upload("a.pdf", b"%PDF-1"), upload_folder=str(tmp_path))
    assert not list(tmp_path.iterdir())
