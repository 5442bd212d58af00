"""A teacher's way through the group pages in a real browser: dashboard, the new-group wizard, Mijn groepen,
adding a member on the Groepsprofiel (with htmx search), and a LAS group that explains its locked members."""

import re

from playwright.sync_api import expect

from models import Group, GroupMember
from tests.support.browser import sign_in
from tests.support.factories import make_group, make_pupil, make_teacher


def test_a_teacher_creates_a_group_and_adds_a_member(page, database):
    make_teacher(login="juf@school.test", first_name="Juf", last_name="Ans")
    make_pupil(first_name="Anna", last_name="Aalders")
    make_pupil(first_name="Bram", last_name="Bakker")
    make_pupil(first_name="Cas", last_name="Claassen")
    make_pupil(first_name="Dirk", last_name="Dekker")

    sign_in(page, "juf@school.test")
    expect(page).to_have_url(re.compile(r"/leraar$"))
    expect(page.get_by_role("heading", name="Mijn dashboard")).to_be_visible()
    expect(page.get_by_text("Je hebt nog geen groepen.")).to_be_visible()

    page.get_by_role("link", name="Nieuwe groep").click()
    page.get_by_label("Naam van de groep").fill("Rekenclub")
    page.get_by_label("Groepstype").select_option(label="Projectgroep")
    expect(page.get_by_label("Groepstype").locator("option", has_text="Parnassys-groep")).to_have_count(0)
    expect(page.get_by_label("Juf Ans")).to_be_checked()
    page.get_by_role("button", name="Volgende").click()

    page.get_by_label("Anna Aalders").check()
    page.get_by_label("Bram Bakker").check()
    page.get_by_role("button", name="Volgende").click()
    expect(page.get_by_role("heading", name="Controleer de gegevens")).to_be_visible()
    expect(page.get_by_text("Anna Aalders, Bram Bakker")).to_be_visible()
    page.get_by_role("button", name="Groep aanmaken").click()

    expect(page.get_by_text("De groep Rekenclub is aangemaakt.")).to_be_visible()
    expect(page.get_by_role("heading", name="Rekenclub")).to_be_visible()

    page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Mijn groepen").click()
    row = page.get_by_role("row", name=re.compile("Rekenclub"))
    expect(row).to_contain_text("Projectgroep")
    expect(row.get_by_role("cell").nth(1)).to_have_text("2")
    row.get_by_role("link", name="Rekenclub").click()

    expect(page.locator("#kandidaten")).to_contain_text("Dirk Dekker")
    search = page.get_by_label("Zoek een leerling")
    search.fill("Claas")  # htmx narrows the list as you type; Enter searches too (also before htmx is loaded)
    search.press("Enter")
    expect(page.locator("#kandidaten")).not_to_contain_text("Dirk Dekker")
    page.get_by_label("Cas Claassen").check()
    page.get_by_role("button", name="Leerlingen toevoegen").click()
    expect(page.get_by_text("1 leerling toegevoegd.")).to_be_visible()
    expect(page.get_by_role("row", name=re.compile("Cas Claassen"))).to_be_visible()
    group = Group.get(Group.name == "Rekenclub")
    assert GroupMember.select().where(GroupMember.group == group).count() == 3


def test_the_my_groups_button_works_in_place_with_htmx(page, database):
    make_teacher(login="juf@school.test")
    make_group(name="Groep 7", pupils=[make_pupil()])
    sign_in(page, "juf@school.test")
    page.goto("/groepen/alle")
    page.get_by_role("row", name=re.compile("Groep 7")).get_by_role("button", name="Toevoegen aan Mijn groepen").click()
    expect(page.get_by_role("button", name="Uit Mijn groepen")).to_be_visible()
    expect(page).to_have_url(re.compile(r"/groepen/alle$"))
    page.goto("/leraar")
    expect(page.get_by_role("link", name="Groep 7")).to_be_visible()


def test_a_las_groups_profile_explains_that_members_cannot_change(page, database):
    teacher = make_teacher(login="juf@school.test")
    group = make_group(
        name="Groep 6b",
        type_name="Parnassys-groep",
        teachers=[teacher],
        pupils=[make_pupil(first_name="Cas")],
        las_key="LAS-6b",
    )
    sign_in(page, "juf@school.test")
    page.goto(f"/groepen/{group.id}")
    expect(page.get_by_role("note")).to_contain_text("kunnen hier niet worden gewijzigd")
    expect(page.get_by_role("button", name=re.compile("^Verwijder Cas"))).to_have_count(0)
    expect(page.get_by_label("Zoek een leerling")).to_have_count(0)


def test_removing_a_pupil_from_a_group_asks_first(page, database):
    teacher = make_teacher(login="juf@school.test")
    cas = make_pupil(first_name="Cas", last_name="Claassen")
    group = make_group(name="Rekenclub", type_name="Projectgroep", teachers=[teacher], pupils=[cas])
    sign_in(page, "juf@school.test")
    page.goto(f"/groepen/{group.id}")
    questions = []

    def answer(dialog, accept):
        questions.append(dialog.message)
        dialog.accept() if accept else dialog.dismiss()

    page.once("dialog", lambda dialog: answer(dialog, False))
    page.get_by_role("button", name="Verwijder Cas Claassen").click()
    page.wait_for_load_state("networkidle")
    expect(page.get_by_role("button", name="Verwijder Cas Claassen")).to_be_visible()
    assert questions == ["Cas Claassen uit Rekenclub halen?"]
    assert GroupMember.select().where(GroupMember.group == group).count() == 1  # "Annuleren": nothing sent

    page.once("dialog", lambda dialog: answer(dialog, True))
    page.get_by_role("button", name="Verwijder Cas Claassen").click()
    expect(page.get_by_role("button", name="Verwijder Cas Claassen")).to_have_count(0)
    assert GroupMember.select().where(GroupMember.group == group).count() == 0
