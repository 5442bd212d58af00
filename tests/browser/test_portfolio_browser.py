"""The portfolio in Chromium (issue 17): the pupil, the teacher and the parent each write their own part of one
portfolio and read the others'; evidence uploaded on the web and sent through the bot stand under their goal;
a conversation recorded with two new goals puts them on the plan."""

from playwright.sync_api import expect

from models import PlanGoal
from services import clock, portfolio
from tests.support.bot import link, start_bot
from tests.support.browser import sign_in
from tests.support.factories import make_goal
from tests.support.portfolio import JPEG, PNG, make_periods
from tests.support.schools import build_school
from tests.support.telegram_stub import TelegramStub


def sign_out(page):
    page.get_by_role("button", name="Uitloggen").click()
    page.wait_for_url(lambda url: "/login" in url)


def write_own_text(page, heading, text):
    card = page.locator("section.card", has=page.get_by_role("heading", name=heading))
    card.get_by_label(heading).fill(text)
    card.get_by_role("button", name="Opslaan").click()
    expect(page.get_by_text(f"'{heading}' is bewaard.")).to_be_visible()


def test_pupil_teacher_and_parent_each_write_their_part_and_see_the_others(new_page, database):
    school = build_school()
    page = new_page()

    sign_in(page, "anna@school.test")
    page.get_by_role("link", name="Mijn portfolio").click()
    expect(page.get_by_role("heading", name="Mijn portfolio")).to_be_visible()
    write_own_text(page, "Dit ben ik", "Ik ben Anna. Ik teken graag <b>draken</b>.")
    assert page.locator("textarea[name=tekst]").count() == 1  # only her own part is a form
    sign_out(page)

    sign_in(page, "juf.in@school.test")
    page.goto(f"/leerlingen/{school.anna.id}")
    page.get_by_role("link", name="Portfolio bekijken").click()
    expect(page.get_by_text("Ik ben Anna. Ik teken graag <b>draken</b>.")).to_be_visible()  # as text, escaped
    write_own_text(page, "Wat ik zie", "Anna helpt anderen met de tafels.")
    sign_out(page)

    sign_in(page, "linda@school.test")
    page.get_by_role("link", name="Portfolio van Anna Aalders").first.click()
    write_own_text(page, "Wat wij thuis zien", "Thuis leest ze elke avond.")
    expect(page.get_by_text("Anna helpt anderen met de tafels.")).to_be_visible()
    expect(page.get_by_text("Ik ben Anna. Ik teken graag")).to_be_visible()
    assert page.locator("textarea[name=tekst]").count() == 1
    response = page.goto(f"/portfolio/{school.cas.id}")  # another family's child
    assert response.status == 403 and "Claassen" not in page.content()
    sign_out(page)

    sign_in(page, "anna@school.test")
    page.goto(f"/portfolio/{school.anna.id}")
    expect(page.get_by_text("Thuis leest ze elke avond.")).to_be_visible()
    expect(page.get_by_text("Anna helpt anderen met de tafels.")).to_be_visible()


def test_evidence_from_the_web_and_the_bot_stands_under_its_goal(app, new_page, database, tmp_path):
    school = build_school()
    stub = TelegramStub().start()
    running = start_bot(app, stub)
    try:
        link(stub, 781, school.anna)
        stub.tap(781, "Mijn portfolio")
        stub.tap(781, "Bewijs toevoegen")
        stub.tap(781, "Woorden met ei en ij")
        stub.ask_with(781, lambda: stub.send_photo(781, JPEG, caption="Mijn ei-ij-woordenlijst"))
    finally:
        running.stop()
        stub.stop()

    page = new_page()
    sign_in(page, "anna@school.test")
    page.goto(f"/portfolio/{school.anna.id}")
    photo = tmp_path / "tafelkaart.png"
    photo.write_bytes(PNG)
    form = page.locator("form.evidence-form")
    form.get_by_label("Bij welk leerdoel?").select_option(label="Rekenen · Tafels van 3")
    form.get_by_label("Foto of bestand").set_input_files(str(photo))
    form.get_by_label("Wat heb je gedaan?").fill("Mijn tafelkaart van 3")
    form.get_by_role("button", name="Bewijs toevoegen").click()
    expect(page.get_by_text("Het bewijs staat in het portfolio.")).to_be_visible()

    rekenen = page.locator("section.evidence-subject", has=page.get_by_role("heading", name="Rekenen"))
    expect(rekenen.get_by_role("link", name="Tafels van 3")).to_be_visible()
    expect(rekenen.locator("article.piece")).to_contain_text("Mijn tafelkaart van 3")
    taal = page.locator("section.evidence-subject", has=page.get_by_role("heading", name="Taal"))
    expect(taal.get_by_role("link", name="Woorden met ei en ij")).to_be_visible()
    expect(taal.locator("article.piece")).to_contain_text("Mijn ei-ij-woordenlijst")
    expect(taal.locator("article.piece")).to_contain_text("via de bot")
    for image in page.locator("img.piece-photo").all():  # both photos load from the one store
        assert image.evaluate("img => img.complete && img.naturalWidth > 0")

    taal.get_by_role("link", name="Woorden met ei en ij").click()
    expect(page.get_by_role("heading", name="Bewijs (1)")).to_be_visible()
    expect(page.get_by_role("heading", name="Mijn ei-ij-woordenlijst")).to_be_visible()


def test_a_conversation_recorded_with_two_new_goals_puts_them_on_the_plan(new_page, database):
    school = build_school()
    make_periods(clock.today())
    klok = make_goal(school.tafels.domain, title="Klokkijken tot op de minuut", level=5, period=3)
    piece = portfolio.add_evidence(school.anna, school.anna, school.tafels.id, note="Mijn tafelkaart")
    planned = portfolio.plan_conversation(school.teacher, school.anna, clock.today())
    portfolio.prepare(school.anna, planned, went_well="De tafel van 3", learn_next="Klokkijken")
    page = new_page()

    sign_in(page, "juf.in@school.test")
    page.goto(f"/portfolio/{school.anna.id}/leergesprekken/{planned.id}")
    page.get_by_role("link", name="Gesprek vastleggen").click()
    expect(page.get_by_text("De voorbereiding van Anna")).to_be_visible()
    first = portfolio.questions()[0]
    page.get_by_label(first.text).fill("Op mijn tafelkaart")
    page.get_by_label("Notities van de leraar").fill("Wil verder met tijd.")
    page.get_by_label("Mijn tafelkaart").check()
    page.get_by_label("Breuken vergelijken").check()
    page.get_by_label("Hoofdgebied").select_option(label="Rekenen")  # htmx swaps the goals, keeping the ticked one
    expect(page.locator("#doelen")).to_contain_text("Klokkijken tot op de minuut")
    page.get_by_label("Klokkijken tot op de minuut").check()
    expect(page.get_by_label("Breuken vergelijken")).to_be_checked()
    page.get_by_role("button", name="Leergesprek vastleggen").click()

    expect(page.get_by_text("2 nieuwe doelen staan op het huidige plan.")).to_be_visible()
    expect(page.locator("main")).to_contain_text("Klokkijken tot op de minuut (op het huidige plan)")
    on_plan = {pg.goal_id: pg.status.key for pg in PlanGoal.select().where(PlanGoal.pupil == school.anna)}
    assert (on_plan[school.breuken.id], on_plan[klok.id]) == ("current", "current")
    page.goto(f"/leerlingen/{school.anna.id}")
    expect(page.locator("li.plan-goal", has_text="Klokkijken tot op de minuut")).to_be_visible()
    expect(page.locator(".conversation-list")).to_contain_text("Nieuwe doelen: Breuken vergelijken, Klokkijken")
    assert piece.id in {d.id for d in portfolio.conversation_detail(school.teacher, planned)["evidence"]}
