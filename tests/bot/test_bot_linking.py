"""Linking a Telegram chat to a pupil with a one-time code, end to end through the stand-in Telegram API."""

from models import BotLink, User
from services import bot as pupil_bot
from tests.support.bot import link


def test_an_unlinked_chat_gets_the_linking_instructions_only(bot, stub, school):
    answers = stub.ask(501, "/start")
    assert "/start JOUWCODE" in answers.text
    assert answers.labels == []  # no menu, no goals
    for text in ("hallo", "/doelen", "/menu"):
        assert stub.ask(501, text).text == answers.text


def test_start_with_the_code_from_the_pupil_page_links_the_chat(bot, stub, school):
    code, _ = pupil_bot.new_link_code(school.daan, school.daan)

    answers = stub.ask(502, f"/start {code}")

    assert "Gelukt" in answers.text and "Hoi Daan" in answers.text
    assert "⭐ Mijn doelen" in answers.labels
    link = BotLink.get(BotLink.chat_id == "502")
    assert (link.kind, link.pupil_id) == ("personal", school.daan.id)
    assert any(c.method == "setMyCommands" for c in stub.calls)


def test_a_code_works_once(bot, stub, school):
    code, _ = pupil_bot.new_link_code(school.daan, school.daan)
    assert "Gelukt" in stub.ask(503, f"/start {code}").text

    again = stub.ask(504, f"/start {code}")

    assert "klopt niet" in again.text and "Gelukt" not in again.text
    assert BotLink.get(BotLink.pupil == school.daan).chat_id == "503"


def test_wrong_codes_are_slowed_down_then_blocked(bot, stub, school):
    answers = [stub.ask(505, "/start ABCD-EFGH").text for _ in range(4)]

    assert "klopt niet" in answers[0]
    assert "Wacht" in answers[2] and "seconden" in answers[2]  # the third wrong code: wait
    code, _ = pupil_bot.new_link_code(school.daan, school.daan)
    refused = stub.ask(505, f"/start {code}").text  # even a right code must wait now
    assert "Gelukt" not in refused and "Te vaak" in refused
    assert not BotLink.select().where(BotLink.chat_id == "505").exists()


def test_a_new_link_replaces_the_old_chat_which_then_gets_only_instructions(bot, stub, school):
    link(stub, 506, school.daan)
    link(stub, 507, school.daan)

    old = stub.ask(506, "/doelen")

    assert "/start JOUWCODE" in old.text and "breuken" not in old.text
    assert "⭐ Ik kan breuken vergelijken" in stub.tap(507, "Mijn doelen").labels


def test_after_a_teacher_unlinks_the_chat_gets_only_instructions(bot, stub, school):
    link(stub, 508, school.daan)
    pupil_bot.unlink(school.teacher, school.daan)

    for answers in (stub.ask(508, "/menu"), stub.ask(508, "wat moet ik doen")):
        assert "/start JOUWCODE" in answers.text and answers.labels == []
    data, message_id = stub.button(508, "Mijn doelen")  # a button from before the unlink
    tapped = stub.ask_with(508, lambda: stub.press(508, data, message_id))
    assert "/start JOUWCODE" in tapped.text and "breuken" not in tapped.text


def test_the_code_typed_without_start_links_too(bot, stub, school):
    code, _ = pupil_bot.new_link_code(school.daan, school.daan)

    answers = stub.ask(509, pupil_bot.readable(code).lower())  # as a child copies it from the screen

    assert "Gelukt" in answers.text and "Hoi Daan" in answers.text and "⭐ Mijn doelen" in answers.labels
    assert BotLink.get(BotLink.chat_id == "509").pupil_id == school.daan.id
    wrong = stub.ask(510, "ABCD-EFGH")
    assert "klopt niet" in wrong.text and not BotLink.select().where(BotLink.chat_id == "510").exists()


def test_a_pupil_who_left_school_gets_only_instructions(bot, stub, school):
    link(stub, 511, school.daan)
    data, message_id = stub.button(511, "Mijn doelen")
    User.update(active=False).where(User.id == school.daan.id).execute()

    for answers in (stub.ask(511, "/doelen"), stub.ask_with(511, lambda: stub.press(511, data, message_id))):
        assert "/start JOUWCODE" in answers.text and "breuken" not in answers.text and answers.labels == []
