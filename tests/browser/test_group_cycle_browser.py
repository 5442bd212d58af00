"""The internal coach's cycle in a real browser (issue 15): a teacher fills the review form; the IB-er opens the
round, reads it and records an agreement that comes back at the next round; a result grid filled by pasting
from a spreadsheet; an exit level changed with its history; a note found by a word; a group plan adjusted and
saved as groups."""

import datetime as dt
import re

import pytest
from playwright.sync_api import expect

from models import Group, GroupMember, ReviewAgreement, Subject, TestMoment, TestResult
from services import clock, notes, reviews
from tests.support.browser import sign_in
from tests.support.factories import put_on_plan
from tests.support.schools import build_school


@pytest.fixture
def school(database):
    school = build_school()
    today = clock.today()
    for n, review_round in enumerate(reviews.rounds_of("2026-2027")):
        review_round.review_on = today + dt.timedelta(days=10 + 60 * n)  # the first form is due in three days
        review_round.save()
    school["rounds"] = reviews.rounds_of("2026-2027")
    Subject.update(is_core=True).where(Subject.name == "Rekenen").execute()
    school["rekenen"] = Subject.get(name="Rekenen")
    return school


def test_a_teacher_fills_the_review_form_and_the_ib_er_records_an_agreement_that_comes_back(school, new_page):
    teacher = new_page()
    sign_in(teacher, school.teacher.login)
    notice = teacher.get_by_role("status").filter(has_text="groepsbespreking van Groep 5a")
    expect(notice).to_contain_text("Vul uiterlijk")
    notice.get_by_role("link", name="Naar het formulier").click()
    expect(teacher.get_by_role("heading", name="Groepsbespreking September · Groep 5a")).to_be_visible()
    teacher.get_by_label("Sfeer").fill("Rustig na de zomer; de nieuwe leerlingen horen er al bij.")
    teacher.get_by_role("button", name="Klaar voor de IB-er").click()
    expect(teacher.get_by_role("alert")).to_contain_text("Vul eerst alle vragen in")
    expect(teacher.get_by_label("Sfeer")).to_have_value("Rustig na de zomer; de nieuwe leerlingen horen er al bij.")
    for textarea in teacher.locator("textarea[name^=vraag-]").all():
        if not textarea.input_value():
            textarea.fill("Gaat goed, met aandacht voor de tafels.")
    teacher.get_by_role("button", name="Klaar voor de IB-er").click()
    expect(teacher.get_by_text("Het formulier is klaar voor de IB-er.")).to_be_visible()
    expect(teacher.locator(".lead .state")).to_have_text("klaar")

    coach = new_page()
    sign_in(coach, school.coach.login)
    coach.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Besprekingen").click()
    row = coach.get_by_role("row", name=re.compile("Groep 5a"))
    expect(row).to_contain_text("klaar")
    expect(coach.get_by_role("row", name=re.compile("Groep 6b"))).to_contain_text("niet begonnen")
    row.get_by_role("link", name="Groep 5a").click()
    expect(coach.get_by_text("Rustig na de zomer; de nieuwe leerlingen horen er al bij.")).to_be_visible()
    agreements = coach.locator("#afspraken")
    agreements.get_by_label("Nieuwe afspraak").fill("Instructietafel voor de tafels van 3, twee keer per week")
    agreements.get_by_label("Wie").select_option(label="Juf In")
    agreements.get_by_label("Uiterlijk").fill("2026-11-01")
    agreements.get_by_role("button", name="Afspraak vastleggen").click()
    expect(coach.get_by_text("De afspraak is vastgelegd.")).to_be_visible()

    coach.get_by_role("navigation", name="Rondes van 2026-2027").get_by_role("link", name="Februari").click()
    came_back = coach.locator("#afspraken li").filter(has_text="Instructietafel voor de tafels van 3")
    expect(came_back).to_contain_text("uit September")
    came_back.get_by_role("button", name=re.compile("Afgerond")).click()
    expect(coach.get_by_text("De afspraak is afgerond.")).to_be_visible()
    expect(coach.locator("#afspraken")).not_to_contain_text("Instructietafel")
    assert ReviewAgreement.get().done_at is not None


def test_a_result_grid_is_filled_by_pasting_from_a_spreadsheet(school, page):
    TestMoment.create(name="M5", subject=school.rekenen, school_year="2026-2027", level=5, max_score=150)
    sign_in(page, school.teacher.login)
    page.goto(f"/groepen/{school.group.id}/analyse")
    page.get_by_role("link", name="M5").click()
    expect(page.get_by_role("heading", name="M5 · Rekenen · Groep 5a")).to_be_visible()

    def paste(label, text):
        page.get_by_label(label).evaluate(
            """(input, text) => {
                const data = new DataTransfer();
                data.setData("text/plain", text);
                input.focus();
                const event = {clipboardData: data, bubbles: true, cancelable: true};
                input.dispatchEvent(new ClipboardEvent("paste", event));
            }""",
            text,
        )

    paste("Score van Bram Bakker", "98\tIII\n87\tIV\n")  # from Bram on: one row too many
    expect(page.locator("#grid-message")).to_contain_text("maar 1 leerlingen. Er is niets ingevuld.")
    expect(page.get_by_label("Score van Bram Bakker")).to_have_value("")
    paste("Score van Anna Aalders", "112\tII\r\n87,5\tiv\r\n")  # as Excel copies a block: CRLF, a closing line break
    expect(page.locator("#grid-message")).to_contain_text("4 cellen ingevuld")
    expect(page.get_by_label("Niveau van Bram Bakker")).to_have_value("iv")
    page.get_by_role("button", name="Opslaan").click()
    expect(page.get_by_text("M5 is opgeslagen (2 resultaten gewijzigd).")).to_be_visible()
    row = page.get_by_role("row", name=re.compile("Bram Bakker"))
    expect(row).to_contain_text("IV")
    expect(row).to_contain_text("87,5")
    assert sorted(TestResult.select(TestResult.score, TestResult.grade).tuples()) == [("112", "II"), ("87.5", "IV")]


def test_an_exit_level_is_changed_and_its_history_shows(school, page):
    sign_in(page, school.teacher.login)
    page.goto(f"/groepen/{school.group.id}/analyse")
    form = page.locator("#uitstroom")
    form.get_by_label("Leerling").select_option(label="Anna Aalders")
    form.get_by_label("Uitstroom", exact=True).select_option("HAVO")
    form.get_by_role("button", name="Uitstroom opslaan").click()
    expect(page.get_by_text("De uitstroom is gewijzigd.")).to_be_visible()
    expect(page.get_by_role("row", name=re.compile("Anna Aalders")).first).to_contain_text("HAVO")

    form = page.locator("#uitstroom")
    form.get_by_label("Uitstroom", exact=True).select_option("HAVO/VWO")
    form.get_by_label("Waarom").fill("Sterke groei op M5 en E5")
    form.get_by_role("button", name="Uitstroom opslaan").click()
    history = page.get_by_role("table").filter(has_text="Waarom")
    expect(history.get_by_role("row").nth(1)).to_contain_text("HAVO")
    expect(history.get_by_role("row").nth(1)).to_contain_text("HAVO/VWO")
    expect(history.get_by_role("row").nth(1)).to_contain_text("Sterke groei op M5 en E5")
    expect(history.get_by_role("row").nth(1)).to_contain_text("Juf In")

    page.get_by_role("link", name="Anna Aalders").first.click()
    card = page.locator("section#uitstroom")
    expect(card).to_contain_text("Rekenen: HAVO/VWO")
    expect(card).to_contain_text("Sterke groei op M5 en E5")


def test_a_note_is_found_by_a_word_in_its_text(school, page):
    notes.write_note(school.teacher, school.group, "Bram oefent de tafels met de rekenmuurtjes.", pupil=school.bram)
    notes.write_note(school.other_teacher, school.other_group, "Overdracht: gym op dinsdag.")
    sign_in(page, school.coach.login)
    page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Notities").click()
    page.get_by_label("Woorden").fill("rekenmuur")
    page.get_by_role("button", name="Zoeken").click()
    expect(page.get_by_role("heading", name="1 notitie gevonden")).to_be_visible()
    expect(page.get_by_text("Bram oefent de tafels met de rekenmuurtjes.")).to_be_visible()
    expect(page.get_by_text("Overdracht: gym op dinsdag.")).to_have_count(0)


def test_a_proposed_group_plan_is_adjusted_and_saved_as_groups(school, page):
    put_on_plan(school.bram, school.breuken, "practising")  # both of Bram's goals at oefenen: intensief
    sign_in(page, school.teacher.login)
    page.goto(f"/groepen/{school.group.id}/groepsplan")
    page.get_by_label("Hoofdgebied", exact=True).select_option(label="Rekenen")
    page.get_by_role("button", name="Voorstel maken").click()
    intensief = page.locator('.band[data-band="intensief"]')
    basis = page.locator('.band[data-band="basis"]')
    expect(intensief).to_contain_text("Bram Bakker")
    expect(basis).to_contain_text("Anna Aalders")  # one goal uitgelicht: not yet half achieved
    page.get_by_label("Anna Aalders").select_option("meer")  # the teacher knows Anna better
    expect(page.locator('.band[data-band="meer"]')).to_contain_text("Anna Aalders")
    expect(basis.locator(".band-count")).to_have_text("0")
    page.get_by_label("Naam van de groep").nth(2).fill("Rekenen plus 5a")
    page.get_by_label("Groepstype").select_option(label="Roostergroep")
    page.get_by_role("button", name="Instructiegroepen opslaan").click()
    expect(page.get_by_text("Instructiegroepen gemaakt: Rekenen intensief Groep 5a, Rekenen plus 5a.")).to_be_visible()
    plus = Group.get(Group.name == "Rekenen plus 5a")
    assert [m.pupil_id for m in GroupMember.select().where(GroupMember.group == plus)] == [school.anna.id]
    page.get_by_role("link", name="Rekenen plus 5a").click()
    page.get_by_role("link", name="Leerdoelenoverzicht").first.click()
    expect(page.locator("#matrix")).to_contain_text("Anna Aalders")  # the matrix uses the new group
