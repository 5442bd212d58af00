"""Browser walk: a teacher makes a goal set and links it to a group, adds a goal to two pupils' plans; then the
pupil and the parent see what changed (and the parent nothing of another family)."""

import re

from playwright.sync_api import expect

from models import SchoolSettings
from tests.support.browser import sign_in
from tests.support.factories import (
    make_domain,
    make_goal,
    make_group,
    make_parent,
    make_pupil,
    make_teacher,
    put_on_plan,
)


def sign_out(page):
    page.get_by_role("button", name="Uitloggen").click()
    page.wait_for_load_state()


def test_goal_set_and_plans_from_teacher_to_pupil_and_parent(page):
    SchoolSettings.update(parent_access=True).execute()
    anna = make_pupil(first_name="Anna", last_name="Aalders", login="anna@school.test")
    bram = make_pupil(first_name="Bram", last_name="Bakker")
    cas = make_pupil(first_name="Cas", last_name="Claassen")
    make_teacher(login="juf@school.test", first_name="Juf", groups=[make_group(name="Groep 5a", pupils=[anna, bram])])
    make_group(name="Groep 6b", pupils=[cas])
    make_parent(login="ouder@thuis.test", children=[anna])
    natuur, rekenen = make_domain("Wereldoriëntatie", "Natuur"), make_domain("Rekenen", "Tafels")
    make_goal(natuur, title="Waterkringloop uitleggen")
    make_goal(natuur, title="Drijven en zinken", period=2)
    make_goal(rekenen, title="Tafel van 7")
    put_on_plan(anna, make_goal(make_domain("Taal", "Lezen"), title="Vlot lezen", steps="Lees hardop"), "highlighted")
    put_on_plan(cas, make_goal(rekenen, title="Geheim doel van Cas"), "highlighted")

    # the teacher creates a goal set with two goals and links it to a group
    sign_in(page, "juf@school.test")
    page.goto("/doelensets/nieuw")
    page.get_by_label("Naam").fill("Thema water")
    page.get_by_label("Waterkringloop uitleggen").check()
    page.get_by_label("Drijven en zinken").check()
    page.get_by_role("button", name="Volgende").click()
    expect(page.get_by_role("heading", name="Doelenset controleren")).to_be_visible()
    page.get_by_role("button", name="Doelenset aanmaken").click()
    expect(page.get_by_text("Doelenset Thema water is aangemaakt.")).to_be_visible()
    page.get_by_label("Koppelen aan groep").select_option(label="Groep 5a")
    page.get_by_role("button", name="Koppelen").click()
    expect(page.get_by_text("gekoppeld aan Groep 5a; 4 leerdoelen")).to_be_visible()

    # then selects two pupils and adds a goal to their plans
    page.goto("/leerlingen")
    page.get_by_label("Kies Aalders, Anna").check()
    page.get_by_label("Kies Bakker, Bram").check()
    page.get_by_role("button", name="PLP toevoegen").click()
    page.get_by_label("Tafel van 7").check()
    page.get_by_role("button", name="Volgende").click()
    page.get_by_role("button", name="Toevoegen").click()
    expect(page.get_by_text("2 leerdoelen toegevoegd aan het huidige plan.")).to_be_visible()

    # the pupil's page shows the new goal, and its history who added it, through which channel
    page.goto(f"/leerlingen/{anna.id}")
    row = page.locator("li.plan-goal", has_text="Tafel van 7")
    expect(row).to_contain_text("met de hand")
    row.locator("summary", has_text="Geschiedenis").click()  # htmx loads the timeline into the row
    expect(row.locator(".timeline")).to_contain_text("Op het plan gezet")
    expect(row.locator(".timeline")).to_contain_text("Juf Jansen · via web")
    sign_out(page)

    # the pupil sees the new goals, highlighted ones first
    sign_in(page, "anna@school.test")
    page.goto("/mijn-plan")
    text = page.locator("main").inner_text()
    assert "Tafel van 7" in text and "Waterkringloop uitleggen" in text
    assert text.index("Vlot lezen") < text.index("Tafel van 7")
    assert "Geheim doel van Cas" not in text
    sign_out(page)

    # the parent sees the child's plan, and not another family's child
    sign_in(page, "ouder@thuis.test")
    page.goto("/mijn-kinderen")
    expect(page.get_by_role("heading", name="Het plan van Anna Aalders")).to_be_visible()
    expect(page.locator(".goal-title", has_text="Tafel van 7")).to_be_visible()
    assert "Geheim doel van Cas" not in page.content()
    response = page.goto(f"/mijn-kinderen/{cas.id}")
    assert response.status == 403
    expect(page.get_by_text(re.compile("eigen kind"))).to_be_visible()
    assert "Geheim doel van Cas" not in page.content()
