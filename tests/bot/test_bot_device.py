"""A shared learning-square tablet: pupils take turns with their printed codes, and each turn is wiped."""

import datetime as dt

import pytest

from chatbot import texts
from chatbot.background import sign_out_idle, tell_helped, wipe_leftovers
from models import BotLink, ChatMessage, Document, GoalRating, HelpRequest, now
from services import bot as pupil_bot
from tests.support.bot import link_device

JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x00" * 500

TABLET = 801


@pytest.fixture
def tablet(bot, stub, school):
    link_device(stub, TABLET, school.teacher, school.group)
    return {pupil.first_name: code for pupil, code in pupil_bot.new_pupil_codes(school.teacher, school.group)}


def shown_text(stub):
    """The tablet's screen: texts and button labels (a goal list shows its titles on buttons)."""
    return stub.screen(TABLET)


def deleted_ids(stub, since=0):
    return {int(c.params["message_id"]) for c in stub.calls[since:] if c.method == "deleteMessage"}


def ids_in_chat(stub):
    return set(stub.chats[TABLET])


def test_two_pupils_take_turns_and_the_second_sees_nothing_of_the_first(bot, stub, school, tablet):
    first_turn_start = max(ids_in_chat(stub)) + 1
    welcome = stub.ask(TABLET, tablet["Daan"])
    assert "Hoi Daan" in welcome.text and "⭐ Mijn doelen" in welcome.labels
    assert tablet["Daan"] not in shown_text(stub)  # the typed code is gone at once
    stub.tap(TABLET, "Mijn doelen")
    stub.tap(TABLET, "breuken")
    stub.tap(TABLET, "Wat heb ik gedaan")
    since = stub.mark()

    done = stub.ask(TABLET, "Daan: opdracht 1 tot 5 af")

    assert "Je bent nu afgemeld" in done.text
    daans_turn = {m for m in ids_in_chat(stub) if first_turn_start <= m < max(ids_in_chat(stub))}
    assert daans_turn <= deleted_ids(stub) and deleted_ids(stub, since)  # every message of the turn, both ways
    assert stub.visible(TABLET) == [(True, done.text)]  # the next pupil sees only the greeting
    assert "Daan" not in shown_text(stub) and "breuken" not in shown_text(stub)

    welcome = stub.ask(TABLET, tablet["Sara"])
    assert "Hoi Sara" in welcome.text
    goals = stub.tap(TABLET, "Mijn doelen")
    assert goals.labels[0] == "⭐ Ik schrijf woorden met ei en ij goed"
    assert not any("breuken" in label or "klok" in label for label in goals.labels)
    stub.tap(TABLET, "ei en ij")
    stub.tap(TABLET, "Wat heb ik gedaan")
    stub.ask(TABLET, "Sara: tien woorden geoefend")

    notes = {m.room: m.body for m in ChatMessage.select()}
    assert notes == {
        f"pupil_goal:{school.daan.id}:{school.breuken.id}": "Daan: opdracht 1 tot 5 af",
        f"pupil_goal:{school.sara.id}:{school.spelling.id}": "Sara: tien woorden geoefend",
    }
    assert [m.author_id for m in ChatMessage.select().order_by(ChatMessage.id)] == [school.daan.id, school.sara.id]
    assert "Sara" not in shown_text(stub)


def test_klaar_signs_out_and_a_button_left_from_the_first_pupil_shows_nothing_to_the_second(bot, stub, school, tablet):
    stub.ask(TABLET, tablet["Daan"])
    stub.tap(TABLET, "Mijn doelen")
    daans_goal, _ = stub.button(TABLET, "breuken")

    out = stub.tap(TABLET, "Klaar")

    assert "Je bent afgemeld" in out.text and "Daan" not in shown_text(stub)
    assert BotLink.get(BotLink.chat_id == str(TABLET)).signed_in_pupil_id is None
    stub.ask(TABLET, tablet["Sara"])
    tampered = stub.ask_with(TABLET, lambda: stub.press(TABLET, daans_goal))
    assert "niet op jouw plan" in tampered.text and "breuken" not in tampered.text


def test_an_idle_pupil_is_signed_out_by_the_repeating_job(bot, stub, school, tablet):
    stub.ask(TABLET, tablet["Daan"])
    stub.tap(TABLET, "Mijn doelen")
    stub.tap(TABLET, "breuken")
    stub.tap(TABLET, "Wat heb ik gedaan")  # ... and walks away
    since = stub.mark()

    assert bot.run(sign_out_idle(bot.application, now() + dt.timedelta(minutes=1))) == []  # not idle yet
    later = now() + dt.timedelta(minutes=pupil_bot.DEVICE_IDLE_MINUTES + 1)
    assert bot.run(sign_out_idle(bot.application, later)) == [str(TABLET)]

    assert deleted_ids(stub, since)
    assert "Daan" not in shown_text(stub) and "breuken" not in shown_text(stub)
    assert "vorige leerling is afgemeld" in shown_text(stub)
    stub.ask(TABLET, tablet["Sara"])
    hint = stub.ask(TABLET, "dit is geen bericht voor Daan")  # Daan's "what did you do" is not Sara's
    assert "Kies eerst een doel" in hint.text and ChatMessage.select().count() == 0


def test_a_message_after_the_idle_time_ends_the_old_turn_first(bot, stub, school, tablet):
    stub.ask(TABLET, tablet["Daan"])
    stub.tap(TABLET, "Mijn doelen")
    BotLink.update(last_activity=now() - dt.timedelta(minutes=pupil_bot.DEVICE_IDLE_MINUTES + 1)).where(
        BotLink.chat_id == str(TABLET)
    ).execute()

    answer = stub.ask(TABLET, "hallo")

    assert "vorige leerling is afgemeld" in answer.text
    assert "Daan" not in shown_text(stub) and "breuken" not in shown_text(stub)
    assert BotLink.get(BotLink.chat_id == str(TABLET)).signed_in_pupil_id is None


def test_the_next_pupil_typing_their_code_ends_a_turn_left_open(bot, stub, school, tablet):
    stub.ask(TABLET, tablet["Daan"])
    stub.tap(TABLET, "Mijn doelen")
    stub.tap(TABLET, "breuken")
    stub.tap(TABLET, "Wat heb ik gedaan")  # ... and Daan walks away without writing or tapping Klaar

    welcome = stub.ask(TABLET, tablet["Sara"].lower())  # Sara finds the tablet as Daan left it

    assert "Hoi Sara" in welcome.text
    assert ChatMessage.select().count() == 0  # Sara's code is not Daan's note
    assert BotLink.get(BotLink.chat_id == str(TABLET)).signed_in_pupil_id == school.sara.id
    shown = shown_text(stub)
    assert "Daan" not in shown and "breuken" not in shown  # Daan's turn is gone
    assert tablet["Sara"] not in shown.upper()  # and so is Sara's code
    hint = stub.ask(TABLET, "ik heb tien woorden geoefend")
    assert "Kies eerst een doel" in hint.text and ChatMessage.select().count() == 0


def test_text_that_is_no_code_on_an_empty_tablet_gets_a_hint_and_counts_no_wrong_code(bot, stub, school, tablet):
    for text in ("hoi", "ik ben Daan", "?"):
        answer = stub.ask(TABLET, text)
        assert "Typ eerst je leerlingcode" in answer.text and "kaartje" in answer.text

    assert BotLink.get(BotLink.chat_id == str(TABLET)).failed_codes == 0  # a child saying hoi locks nothing
    assert "ik ben Daan" not in shown_text(stub)
    assert "Hoi Daan" in stub.ask(TABLET, tablet["Daan"]).text


def test_every_action_works_on_the_tablet_and_klaar_wipes_it_all(bot, stub, school, tablet):
    stub.ask(TABLET, tablet["Daan"])
    stub.tap(TABLET, "Mijn doelen")
    stub.tap(TABLET, "klokkijken")
    stub.tap(TABLET, "Foto toevoegen")
    photo = stub.ask_with(TABLET, lambda: stub.send_photo(TABLET, JPEG))
    assert "Je foto staat bij je doel" in photo.text and "✅ Klaar (afmelden)" in photo.labels
    stub.tap(TABLET, "Hoe ging het")
    stub.tap(TABLET, "Goed")
    assert "Dank je" in stub.tap(TABLET, "Heel goed").text
    assert "leerpleinassistent weet" in stub.tap(TABLET, "Ik heb een vraag").text
    stub.tap(TABLET, "Mijn doelen")
    stub.tap(TABLET, "Menu")
    assert "Je hebt vandaag geen lessen" in stub.tap(TABLET, "Lessen vandaag").text
    pupil_bot.mark_helped(school.teacher, HelpRequest.get().id)
    assert bot.run(tell_helped(bot.application)) == 1  # told on the tablet, while Daan is signed in

    stub.tap(TABLET, "Klaar")

    document, rating, request = Document.get(), GoalRating.get(), HelpRequest.get()
    assert (document.pupil_id, document.goal_id) == (school.daan.id, school.klok.id)
    assert (rating.plan_goal.pupil_id, rating.plan_goal.goal_id, rating.effort, rating.quality) == (
        school.daan.id,
        school.klok.id,
        2,
        3,
    )
    assert (request.pupil_id, request.goal_id) == (school.daan.id, school.klok.id)
    assert stub.visible(TABLET)[-1] == (True, texts.DEVICE_SIGNED_OUT)
    shown = shown_text(stub)
    assert "Daan" not in shown and "klok" not in shown and "vraag" not in shown and "foto" not in shown


def test_a_tablet_unlinked_during_a_turn_has_that_turn_deleted(bot, stub, school, tablet):
    stub.ask(TABLET, tablet["Daan"])
    stub.tap(TABLET, "Mijn doelen")
    assert "breuken" in shown_text(stub)

    pupil_bot.unlink(school.teacher, BotLink.get(BotLink.chat_id == str(TABLET)))
    assert bot.run(wipe_leftovers(bot.application)) == [str(TABLET)]

    assert "Daan" not in shown_text(stub) and "breuken" not in shown_text(stub)
    assert bot.run(wipe_leftovers(bot.application)) == []  # once
    assert "/start JOUWCODE" in stub.ask(TABLET, "hallo").text


def test_linking_the_tablet_anew_wipes_the_turn_and_the_code_does_not_stay(bot, stub, school, tablet):
    stub.ask(TABLET, tablet["Daan"])
    stub.tap(TABLET, "Mijn doelen")
    code, _ = pupil_bot.new_device_code(school.teacher, school.group)

    relinked = stub.ask(TABLET, f"/start {code}")

    assert "Gelukt" in relinked.text
    shown = shown_text(stub)
    assert "Daan" not in shown and "breuken" not in shown and code not in shown
    refused = stub.ask(TABLET, f"/start {tablet['Sara']}")  # a pupil who types /start before their code
    assert "zonder /start" in refused.text and tablet["Sara"] not in shown_text(stub)
