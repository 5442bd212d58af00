"""A teacher reads a group's overviews in a real browser, changes one cell of the goal matrix by clicking it
and sets a whole column at once; the database holds the changes and the page shows them without a reload."""

from playwright.sync_api import expect

from models import PlanGoal, Status, StatusChange
from tests.support.browser import sign_in
from tests.support.factories import make_domain, make_goal, make_group, make_pupil, make_teacher, put_on_plan


def status_of(plan_goal):
    return PlanGoal.get_by_id(plan_goal.id).status.key


def test_a_teacher_reads_the_overviews_and_changes_statuses_in_the_matrix(page, database):
    group = make_group("Groep 5a")
    make_teacher(groups=[group], login="juf@school.test", first_name="Juf", last_name="Ans")
    anna = make_pupil(groups=[group], first_name="Anna", last_name="Aalders")
    bram = make_pupil(groups=[group], first_name="Bram", last_name="Bos")
    sums = make_goal(make_domain("Rekenen", "Getallen"), title="Optellen tot 100")
    tables = make_goal(make_domain("Rekenen", "Meten"), title="Tafels van 3")
    anna_sums = put_on_plan(anna, sums, "current")
    anna_tables = put_on_plan(anna, tables, "practising")
    bram_tables = put_on_plan(bram, tables, "current")

    sign_in(page, "juf@school.test")
    page.goto(f"/groepen/{group.id}/statussen")
    expect(page.get_by_role("heading", name="Groepsoverzicht statussen")).to_be_visible()
    expect(page.locator("table.status-table tbody tr")).to_have_count(2)
    expect(page.locator("canvas#status-chart")).to_have_count(1)
    page.wait_for_function("window.Chart && Chart.getChart(document.getElementById('status-chart'))")

    page.get_by_role("link", name="Groepsoverzicht leerdoelen").click()
    expect(page.get_by_role("heading", name="Groepsoverzicht leerdoelen")).to_be_visible()
    page.get_by_label("Tafels van 3").check()
    page.get_by_label("Optellen tot 100").check()
    page.get_by_role("button", name="Leerdoelenoverzicht van de gekozen leerdoelen").click()
    expect(page.get_by_role("heading", name="Leerdoelenoverzicht Groep 5a")).to_be_visible()

    # One cell: Anna on "Optellen tot 100", huidig -> uitgelicht, through the cell's menu.
    cell = page.locator(f'td[data-pg="{anna_sums.id}"]')
    expect(cell).to_have_text("H")
    cell.click()
    page.get_by_role("menuitem", name="uitgelicht").click()
    expect(cell).to_have_text("U")
    expect(cell).to_have_attribute("title", "uitgelicht")
    expect(page.locator("#matrix-message")).to_have_text("'Optellen tot 100' bij Anna Aalders staat nu op uitgelicht.")
    assert status_of(anna_sums) == "highlighted"

    # A whole column in bulk: "Tafels van 3" for everyone -> behaald.
    page.get_by_role("button", name="Tafels van 3").click()
    page.get_by_role("menuitem", name="Selecteer de hele kolom").click()
    expect(page.locator("#selection-count")).to_have_text("2 cellen gekozen")
    page.get_by_label("Zet op").select_option("achieved")
    page.get_by_role("button", name="Toepassen").click()
    expect(page.locator("#matrix-message")).to_have_text("2 cellen gewijzigd.")
    for plan_goal in (anna_tables, bram_tables):
        expect(page.locator(f'td[data-pg="{plan_goal.id}"]')).to_have_text("B")
        assert status_of(plan_goal) == "achieved"
    assert StatusChange.select().count() == 3

    # Someone else changes Anna's cell meanwhile: the newer change wins and the page says so.
    PlanGoal.update(status=PlanGoal.select(PlanGoal.status).where(PlanGoal.id == bram_tables.id)).where(
        PlanGoal.id == anna_sums.id
    ).execute()
    page.get_by_label("Cellen selecteren").uncheck()  # a column selection switched it on
    cell.click()
    page.get_by_role("menuitem", name="oefenen").click()
    expect(page.locator("#matrix-message")).to_contain_text("intussen gewijzigd naar behaald")
    expect(cell).to_have_text("B")
    assert status_of(anna_sums) == "achieved"

    # A bulk change of Anna's row while someone made her "Tafels van 3" uitgelicht: that cell keeps the newer
    # status, the other one changes, and the page names the cell it left alone.
    PlanGoal.update(status=Status.by_key("highlighted")).where(PlanGoal.id == anna_tables.id).execute()
    page.locator(f'tr[data-pupil="{anna.id}"] button.row-select').click()
    expect(page.locator("#selection-count")).to_have_text("2 cellen gekozen")
    page.get_by_label("Zet op").select_option("practising")
    page.get_by_role("button", name="Toepassen").click()
    expect(page.locator("#matrix-message")).to_contain_text("1 cel gewijzigd. Intussen is 1 cel door iemand anders")
    expect(page.locator("#matrix-message")).to_contain_text("'Tafels van 3' bij Anna Aalders (nu uitgelicht)")
    expect(cell).to_have_text("O")
    expect(page.locator(f'td[data-pg="{anna_tables.id}"]')).to_have_text("U")
    assert (status_of(anna_sums), status_of(anna_tables)) == ("practising", "highlighted")
    page.get_by_label("Cellen selecteren").uncheck()

    # Pick everyone with a status on a goal for a new group.
    page.get_by_role("button", name="Tafels van 3").click()
    page.get_by_role("menuitem", name="Selecteer iedereen met status behaald op dit doel").click()
    expect(page.locator("#pupil-count")).to_have_text("1 leerling gekozen")  # Bram; Anna's is uitgelicht
    expect(page.locator(f'tr[data-pupil="{bram.id}"] .pupil-pick')).to_be_checked()
