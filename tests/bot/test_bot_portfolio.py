"""The bot's "Mijn portfolio", end to end against the stand-in Bot API (issue 17): evidence as a note or a photo
on a goal, stars in an open rating round, the preparation of a coming conversation; on a shared tablet the
next pupil sees nothing of it."""

import datetime as dt

from models import ChatMessage, Conversation, Document, Skill, SkillRating
from services import bot as pupil_bot
from services import clock, portfolio
from tests.support.bot import link, link_device
from tests.support.portfolio import JPEG, make_periods

TODAY = clock.today()
TABLET = 871


def test_a_pupil_adds_a_note_and_a_photo_as_evidence_and_both_stand_under_their_goal(app, bot, stub, school):
    link(stub, 701, school.daan)
    menu = stub.tap(701, "Mijn portfolio")
    assert "Mijn portfolio" in menu.text and menu.labels[0] == "📷 Bewijs toevoegen"
    assert "⭐ Sterren geven" not in menu.labels  # no rating round open
    goals = stub.tap(701, "Bewijs toevoegen")
    assert "Bij welk doel" in goals.text and "Ik schrijf woorden met ei en ij goed" not in goals.labels  # Sara's
    asked = stub.tap(701, "breuken")
    assert "Stuur een foto van je werk, of schrijf" in asked.text

    saved = stub.ask(701, "Ik heb een breukenmuur geplakt")
    assert "Je bewijs staat in je portfolio" in saved.text
    stub.tap(701, "Bewijs toevoegen")
    stub.tap(701, "klokkijken")
    photo = stub.ask_with(701, lambda: stub.send_photo(701, JPEG, caption="Mijn klok"))
    assert "Je foto staat bij je doel" in photo.text

    pieces = portfolio.pieces_of(school.teacher, school.daan)
    assert {(p.goal_title, p.title, p.channel, p.has_file) for p in pieces} == {
        ("Ik kan breuken vergelijken", "Ik heb een breukenmuur geplakt", "bot", False),
        ("Ik kan klokkijken tot op de minuut", "Mijn klok", "bot", True),
    }
    assert {m.body for m in ChatMessage.select()} == {
        "Ik heb een breukenmuur geplakt",
        "Mijn klok",
    }  # live in the goal chats
    again = stub.ask(701, "nog een bericht")  # the note was saved: free text is no evidence any more
    assert "Kies eerst een doel" in again.text and Document.select().count() == 2


def test_a_pupil_answers_the_preparation_questions_of_a_coming_conversation(bot, stub, school):
    planned = portfolio.plan_conversation(school.teacher, school.daan, TODAY + dt.timedelta(days=3))
    link(stub, 702, school.daan)
    menu = stub.tap(702, "Mijn portfolio")
    assert f"leergesprek op {planned.held_on:%d-%m}" in menu.text
    questions = stub.tap(702, "Mijn leergesprek voorbereiden")
    assert questions.labels[:3] == ["✏️ Wat ging goed?", "✏️ Wat was moeilijk?", "✏️ Wat wil ik hierna leren?"]

    for label, answer in (
        ("Wat ging goed", "Tafels oefenen"),
        ("Wat was moeilijk", "Breuken"),
        ("hierna leren", "Klok"),
    ):
        assert "Schrijf je antwoord" in stub.tap(702, label).text
        saved = stub.ask(702, answer)
        assert "Bewaard!" in saved.text and answer in saved.text

    conversation = Conversation.get_by_id(planned.id)
    assert (conversation.went_well, conversation.was_hard, conversation.learn_next) == (
        "Tafels oefenen",
        "Breuken",
        "Klok",
    )
    assert conversation.prepared_at is not None
    assert stub.button(702, "✅ Wat ging goed?")


def test_a_pupil_gives_stars_while_the_round_is_open(bot, stub, school):
    make_periods(TODAY)
    skill = Skill.get(name="samenwerken")
    portfolio.give_skills(school.teacher, [school.daan], [skill])
    link(stub, 703, school.daan)
    portfolio.open_round(school.teacher, school.group, TODAY + dt.timedelta(days=3))

    menu = stub.tap(703, "Mijn portfolio")
    assert "De sterrenronde is open" in menu.text
    stub.tap(703, "Sterren geven")
    asked = stub.tap(703, "samenwerken")
    assert asked.labels[:3] == ["⭐ Dat vind ik nog lastig", "⭐⭐ Dat gaat best goed", "⭐⭐⭐ Dat kan ik goed"]
    saved = stub.tap(703, "Dat kan ik goed")
    assert "Dank je! ⭐⭐⭐ bij samenwerken." in saved.text and "samenwerken ⭐⭐⭐" in saved.labels
    assert [(r.voice, r.stars, r.rated_by_id) for r in SkillRating.select()] == [("pupil", 3, school.daan.id)]


def test_without_a_round_there_are_no_stars_and_tampered_buttons_write_nothing(bot, stub, school):
    make_periods(TODAY)
    skill = Skill.get(name="samenwerken")
    portfolio.give_skills(school.teacher, [school.daan], [skill])
    link(stub, 704, school.daan)
    since = stub.mark()
    stub.press(704, f"f:s:{skill.id}:3")
    assert "Er is nu geen sterrenronde" in stub.answers(704, since).text
    since = stub.mark()
    stub.press(704, f"f:b:{school.spelling.id}")  # Sara's goal
    assert "staat niet op jouw plan" in stub.answers(704, since).text
    since = stub.mark()
    stub.press(704, "f:v:4")
    assert "Die knop werkt niet (meer)" in stub.answers(704, since).popups[0]
    since = stub.mark()
    stub.press(704, "f:v:1")
    assert "Er staat nu geen leergesprek" in stub.answers(704, since).text
    assert SkillRating.select().count() == Document.select().count() == 0


def test_a_photo_while_a_preparation_answer_is_awaited_is_no_evidence(bot, stub, school):
    portfolio.plan_conversation(school.teacher, school.daan, TODAY)
    link(stub, 705, school.daan)
    stub.tap(705, "Mijn portfolio")
    stub.tap(705, "Mijn leergesprek voorbereiden")
    stub.tap(705, "Wat ging goed")
    answers = stub.ask_with(705, lambda: stub.send_photo(705, JPEG))
    assert "Kies eerst een doel" in answers.text and Document.select().count() == 0


def test_on_a_shared_tablet_the_next_pupil_sees_nothing_of_the_portfolio(bot, stub, school):
    portfolio.plan_conversation(school.teacher, school.daan, TODAY + dt.timedelta(days=1))
    link_device(stub, TABLET, school.teacher, school.group)
    codes = {pupil.first_name: code for pupil, code in pupil_bot.new_pupil_codes(school.teacher, school.group)}

    stub.ask(TABLET, codes["Daan"])
    stub.tap(TABLET, "Mijn portfolio")
    stub.tap(TABLET, "Bewijs toevoegen")
    stub.tap(TABLET, "breuken")
    stub.ask(TABLET, "Daans geheime breukenmuur")
    stub.tap(TABLET, "Mijn leergesprek voorbereiden")
    stub.tap(TABLET, "Wat was moeilijk")
    stub.ask(TABLET, "Daan vindt breuken moeilijk")
    daans_buttons = {label: stub.button(TABLET, label) for label in ("Wat ging goed",)}
    out = stub.tap(TABLET, "Klaar")

    assert "Je bent afgemeld" in out.text
    screen = stub.screen(TABLET)
    for secret in ("breukenmuur", "breuken", "Daan", "leergesprek", "Wat was moeilijk"):
        assert secret not in screen, secret
    assert stub.visible(TABLET) == [(True, out.text)]

    stub.ask(TABLET, codes["Sara"])
    menu = stub.tap(TABLET, "Mijn portfolio")
    assert "leergesprek" not in menu.text and "Mijn leergesprek voorbereiden" not in menu.labels
    data, message_id = daans_buttons["Wat ging goed"]  # Daan's old button, tapped in Sara's turn
    since = stub.mark()
    stub.press(TABLET, data, message_id)
    assert "Er staat nu geen leergesprek" in stub.answers(TABLET, since).text
    assert "breukenmuur" not in stub.screen(TABLET) and "Daan" not in stub.screen(TABLET)
    assert Conversation.get().was_hard == "Daan vindt breuken moeilijk"  # kept on Daan's portfolio, not shown
    assert [d.body for d in Document.select()] == ["Daans geheime breukenmuur"]
