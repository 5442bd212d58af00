"""Bad input and the privacy rules (issue 7, point 6): a friendly Dutch answer or a logged retry, the bot
stays up, and nothing is written for the wrong pupil."""

import datetime as dt
import time

import pytest

from models import BotLink, ChatMessage, Document, GoalRating, HelpRequest, now
from services import bot as pupil_bot
from tests.support.bot import link, link_device, start_bot

JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x00" * 500


def nothing_written():
    return (
        ChatMessage.select().count(),
        Document.select().count(),
        GoalRating.select().count(),
        HelpRequest.select().count(),
    ) == (0, 0, 0, 0)


def test_unknown_commands_and_free_text_get_a_hint_and_write_nothing(bot, stub, school):
    link(stub, 901, school.daan)

    unknown = stub.ask(901, "/geheim")
    free = stub.ask(901, "ik ben klaar met alles")

    assert "Dat commando ken ik niet" in unknown.text and "⭐ Mijn doelen" in unknown.labels
    assert "Kies eerst een doel" in free.text and "⭐ Mijn doelen" in free.labels
    assert "Wat wil je doen" in stub.ask(901, "/menu").text
    sticker = stub.ask_with(
        901,
        lambda: stub.push(
            {
                "message": {
                    "message_id": 77,
                    "date": int(time.time()),
                    "chat": {"id": 901, "type": "private"},
                    "from": {"id": 901, "is_bot": False, "first_name": "x"},
                    "sticker": {
                        "file_id": "s",
                        "file_unique_id": "s",
                        "width": 1,
                        "height": 1,
                        "is_animated": False,
                        "is_video": False,
                        "type": "regular",
                    },
                }
            }
        ),
    )
    assert "Daar kan ik niets mee" in sticker.text
    assert nothing_written()


def test_another_pupils_goal_id_finds_nothing_and_writes_nothing(bot, stub, school):
    link(stub, 902, school.daan)
    saras = school.spelling.id
    for data in (f"g:{saras}", f"n:{saras}", f"p:{saras}", f"h:{saras}", f"r:{saras}", f"r:{saras}:3:3", "g:999999"):
        answers = stub.ask_with(902, lambda: stub.press(902, data))
        assert "niet op jouw plan" in answers.text, data
        assert "ei en ij" not in answers.text
    after = stub.ask(902, "dit mag nergens terechtkomen")  # no note was awaited for Sara's goal
    assert "Kies eerst een doel" in after.text
    assert nothing_written()


@pytest.mark.parametrize(
    "data", ["x", "g:abc", "r:1:9", "g:1:2:3:4", "n:", "n:-4", "h:0", "g:" + "9" * 40, "k:1", "\u0000", ""]
)
def test_a_tampered_button_payload_gets_a_friendly_answer(bot, stub, school, data):
    link(stub, 903, school.daan)

    answers = stub.ask_with(903, lambda: stub.press(903, data))

    assert answers.popups == ["Die knop werkt niet (meer). Hier is het menu."]
    assert "Wat wil je doen" in answers.text
    assert nothing_written()


def choose_photo(stub, chat_id):
    stub.tap(chat_id, "Mijn doelen")
    stub.tap(chat_id, "breuken")
    stub.tap(chat_id, "Foto toevoegen")


def test_oversized_and_non_image_files_are_refused(bot, stub, school):
    link(stub, 904, school.daan)
    choose_photo(stub, 904)

    big = stub.ask_with(904, lambda: stub.send_photo(904, JPEG, file_size=30 * 1024 * 1024))
    pdf = stub.ask_with(904, lambda: stub.send_document(904, b"%PDF-1.4 ...", "werk.pdf", "application/pdf"))
    fake = stub.ask_with(904, lambda: stub.send_document(904, b"MZ\x90\x00 not a png", "foto.png", "image/png"))

    assert "te groot" in big.text
    assert "Dat is geen foto" in pdf.text
    assert "JPEG of PNG" in fake.text  # the content decides, not the name or the claimed type
    assert [c.method for c in stub.calls if c.method == "getFile"] == ["getFile"]  # only the fake was fetched
    assert nothing_written()
    ok = stub.ask_with(904, lambda: stub.send_photo(904, JPEG))
    assert "Je foto staat bij je doel" in ok.text and Document.select().count() == 1


def test_a_photo_without_a_chosen_goal_gets_a_hint(bot, stub, school):
    link(stub, 905, school.daan)
    answers = stub.ask_with(905, lambda: stub.send_photo(905, JPEG))
    assert "Kies eerst een doel" in answers.text and nothing_written()


def test_wrong_pupil_codes_slow_down_then_lock_the_device_until_a_teacher_unlocks_it(bot, stub, school):
    link_device(stub, 906, school.teacher, school.group)
    codes = {p.first_name: c for p, c in pupil_bot.new_pupil_codes(school.teacher, school.group)}

    answers = [stub.ask(906, "ABCD2345").text for _ in range(3)]

    assert "klopt niet" in answers[0] and "Wacht eerst" in answers[2]
    assert "Even wachten" in stub.ask(906, codes["Daan"]).text  # even the right code must wait
    assert all(text != "ABCD2345" and text != codes["Daan"] for _, text in stub.visible(906))  # codes wiped
    link_row = BotLink.get(BotLink.chat_id == "906")
    BotLink.update(
        locked_until=now() - dt.timedelta(seconds=1),  # the wait is over; more wrong codes later
        failed_codes=pupil_bot.DEVICE_LOCK_AFTER - 1,
    ).where(BotLink.id == link_row.id).execute()
    assert "op slot" in stub.ask(906, "ZZZZ2345").text
    assert "op slot" in stub.ask(906, codes["Daan"]).text
    assert BotLink.get_by_id(link_row.id).signed_in_pupil_id is None

    pupil_bot.unlock_device(school.teacher, link_row)
    assert "Hoi Daan" in stub.ask(906, codes["Daan"]).text


def test_a_group_chat_gets_nothing(bot, stub, school):
    since = stub.mark()
    stub.push(
        {
            "message": {
                "message_id": 1,
                "date": int(time.time()),
                "text": "/start",
                "entities": [{"type": "bot_command", "offset": 0, "length": 6}],
                "chat": {"id": -100907, "type": "group", "title": "Klas"},
                "from": {"id": 907, "is_bot": False, "first_name": "x"},
            }
        }
    )
    stub.drain()
    assert not [c for c in stub.calls[since:] if c.chat_id == -100907]


def test_the_bot_never_sends_markup_that_pupil_text_could_turn_into(bot, stub, school):
    link(stub, 908, school.daan)
    stub.tap(908, "Mijn doelen")
    stub.tap(908, "breuken")
    stub.tap(908, "Wat heb ik gedaan")
    stub.ask(908, "<a href='https://x.test'>klik</a> *vet*")
    assert ChatMessage.get().body == "<a href='https://x.test'>klik</a> *vet*"
    assert not [c for c in stub.calls if "parse_mode" in c.params]


def test_a_flood_gets_one_calm_answer_and_is_ignored(app, stub, school):
    running = start_bot(app, stub, flood=(5, 60))
    try:
        link(stub, 909, school.daan)  # the first of five updates in the window
        since = stub.mark()
        for n in range(12):
            stub.send(909, f"spam {n}")
        answers = stub.answers(909, since)
        assert "/start JOUWCODE" in stub.ask(910, "/start").text  # other chats are still answered
    finally:
        running.stop()
    texts = [c.text for c in answers.messages]
    assert sum("Kies eerst een doel" in t for t in texts) == 4
    assert sum("Rustig aan" in t for t in texts) == 1
    assert len(texts) == 5


def test_an_api_error_is_logged_and_the_bot_stays_up(bot, stub, school, caplog):
    link(stub, 911, school.daan)
    stub.fail_next("sendMessage", status=500, description="Internal Server Error")

    lost = stub.ask(911, "/menu")
    answered = stub.ask(911, "/menu")

    assert lost.messages[0].result is None  # that answer never arrived
    assert "Wat wil je doen" in answered.text
    assert "Telegram API trouble" in caplog.text or "Telegram refused" in caplog.text


def test_telegrams_flood_limit_is_waited_out_and_the_answer_sent(bot, stub, school):
    link(stub, 912, school.daan)
    stub.fail_next("sendMessage", status=429, description="Too Many Requests: retry after 1", retry_after=1)

    answers = stub.ask(912, "/menu")

    assert [c.result is not None for c in answers.messages] == [False, True]
    assert "Wat wil je doen" in answers.last.text


def test_a_time_out_is_logged_and_the_next_message_is_answered(app, stub, school, caplog):
    running = start_bot(app, stub, timeout=1)
    try:
        link(stub, 913, school.daan)
        stub.fail_next("sendMessage", hang=3)
        stub.ask(913, "/menu")
        answered = stub.ask(913, "/menu")
    finally:
        running.stop()
    assert "Wat wil je doen" in answered.text
    assert "TimedOut" in caplog.text


def test_a_failed_delete_on_sign_out_is_retried(bot, stub, school):
    link_device(stub, 914, school.teacher, school.group)
    codes = {p.first_name: c for p, c in pupil_bot.new_pupil_codes(school.teacher, school.group)}
    stub.ask(914, codes["Daan"])
    stub.tap(914, "Mijn doelen")
    stub.fail_next("deleteMessage", status=502, description="Bad Gateway")

    since = stub.mark()

    stub.tap(914, "Klaar")

    deletes = [int(c.params["message_id"]) for c in stub.calls[since:] if c.method == "deleteMessage"]
    assert deletes[0] == deletes[1]  # the failed one was tried again
    assert "Daan" not in stub.screen(914) and "breuken" not in stub.screen(914)
