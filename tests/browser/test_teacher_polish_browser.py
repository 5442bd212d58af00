"""What only a browser shows on the teacher pages: the goal matrix keeps its toolbar in sight while the page
scrolls, the "new group" form lays out from the left and says so when nobody is ticked (nothing is sent),
and the pupil list's header box ticks every pupil at once."""

from playwright.sync_api import expect

from models import Group
from tests.support.browser import sign_in
from tests.support.factories import make_domain, make_goal, make_group, make_pupil, make_teacher, put_on_plan


def _class_of_25():
    group = make_group("Groep 5a")
    make_teacher(groups=[group], login="juf@school.test", first_name="Juf", last_name="Ans")
    goal = make_goal(make_domain("Rekenen", "Getallen"), title="Tafels van 3")
    pupils = [make_pupil(groups=[group], first_name=f"Kind{n:02d}", last_name="Jansen") for n in range(25)]
    for pupil in pupils:
        put_on_plan(pupil, goal, "current")
    return group, pupils


def test_the_matrix_toolbar_stays_in_sight_and_an_empty_new_group_is_refused_on_the_page(page, database):
    group, _pupils = _class_of_25()
    page.set_viewport_size({"width": 820, "height": 600})
    sign_in(page, "juf@school.test")
    page.goto(f"/groepen/{group.id}/matrix")
    expect(page.get_by_role("link", name="Groepsprofiel")).to_have_attribute("href", f"/groepen/{group.id}")

    # Select the last pupil's row after scrolling the page down: the count is still in sight.
    last_row = page.get_by_role("button", name="rij van Kind24 Jansen selecteren")
    last_row.scroll_into_view_if_needed()
    last_row.click()
    expect(page.locator("#selection-count")).to_have_text("1 cel gekozen")
    expect(page.locator("#selection-count")).to_be_in_viewport()
    assert page.evaluate("window.scrollY") > 0

    # The "new group" form: heading at the left edge of its card, not pushed to the right.
    form = page.locator("#cluster-form")
    form.scroll_into_view_if_needed()
    form_box, heading_box = form.bounding_box(), form.locator("h2").bounding_box()
    assert heading_box["x"] - form_box["x"] < 40

    groups_before = Group.select().count()
    form.get_by_label("Naam van de groep").fill("Instructie tafels")
    form.get_by_role("button", name="Groep maken").click()
    expect(page.locator("#pupil-count")).to_have_text(
        "Kies eerst leerlingen: zet een vinkje voor hun naam in het overzicht."
    )
    assert page.url.endswith(f"/groepen/{group.id}/matrix")
    assert Group.select().count() == groups_before

    # Ticking a pupil clears the warning and counts again.
    page.get_by_role("checkbox", name="Kind03 Jansen").check()
    expect(page.locator("#pupil-count")).to_have_text("1 leerling gekozen")


def test_the_pupil_lists_header_box_ticks_every_pupil_in_the_list(page, database):
    group, pupils = _class_of_25()
    sign_in(page, "juf@school.test")
    page.goto(f"/leerlingen?groep={group.id}")
    boxes = page.locator('input[name="leerling"]')
    expect(boxes).to_have_count(len(pupils))
    page.get_by_label("Alle leerlingen in deze lijst kiezen").check()
    assert all(boxes.nth(i).is_checked() for i in range(len(pupils)))
    page.get_by_role("button", name="PLP toevoegen").click()
    expect(page.get_by_role("heading", name="Leerdoelen toevoegen aan het plan")).to_be_visible()
    assert page.url.count("leerling=") == len(pupils)
    page.goto(f"/leerlingen?groep={group.id}")
    page.get_by_role("button", name="PLP toevoegen").click()
    expect(page.get_by_text("Kies eerst een of meer leerlingen met de vakjes voor hun naam.")).to_be_visible()
    assert page.url.endswith(f"/leerlingen?groep={group.id}")
