"""Issue 12 in a real browser: an admin reads the back office's start page, opens the LAS page from the menu and
signs out from the back office; a pupil's own plan page repaints when a teacher changes a status."""

import re

from playwright.sync_api import expect

from models import LasSyncRun
from tests.support.browser import sign_in
from tests.support.schools import build_school


def test_an_admin_reads_the_start_page_opens_the_las_page_and_signs_out(page, database):
    school = build_school()
    LasSyncRun.create(
        source="upload",
        filename="export.xml",
        outcome="failed",
        errors="Dit bestand is van "
        "schooljaar 2027-2028, de school zit nog in 2026-2027: voer eerst de jaarovergang uit.",
    )
    page.set_viewport_size({"width": 1366, "height": 800})  # a school laptop
    sign_in(page, school.admin.login)
    expect(page).to_have_url(re.compile(r"/admin/$"))
    expect(page.get_by_role("heading", name=re.compile("De school in één oogopslag"))).to_be_visible()
    expect(page.locator(".start-cards")).to_contain_text("3 leerlingen")
    expect(page.get_by_text("voer eerst de jaarovergang uit")).to_be_visible()

    page.get_by_role("link", name="LAS en jaar").click()
    page.get_by_role("link", name="LAS-koppeling", exact=True).click()
    expect(page.get_by_role("heading", name="LAS-koppeling").first).to_be_visible()
    expect(page.locator("table").last).to_contain_text("mislukt")
    assert page.locator("nav").bounding_box()["height"] < 60  # the menu stays on one line at 1366 pixels

    page.get_by_role("button", name=school.admin.full_name).or_(
        page.get_by_role("link", name=school.admin.full_name)
    ).click()
    page.get_by_role("button", name="Uitloggen").click()
    expect(page).to_have_url(re.compile(r"/login"))
    page.goto("/admin/")
    expect(page).to_have_url(re.compile(r"/login"))  # signed out for real


def test_a_pupils_plan_repaints_when_a_teacher_changes_a_status(new_page, database):
    school = build_school()
    anna, teacher = new_page(), new_page()
    sign_in(anna, school.anna.login)
    anna.goto("/mijn-plan")
    anna.wait_for_function("window.doelpuntLive && window.doelpuntLive.socket.connected")
    anna.evaluate("""() => new Promise((resolve, reject) => window.doelpuntLive.socket.timeout(5000)
        .emit("watch", window.doelpuntLive.target, (err, answer) => err || !answer.ok ? reject(err || answer)
                                                                         : resolve()))""")
    highlighted = anna.locator("section.plan-highlighted")
    expect(highlighted).to_contain_text("Tafels van 3")

    sign_in(teacher, school.teacher.login)
    teacher.goto(f"/leerlingen/{school.anna.id}")
    row = teacher.locator(f"#doel-{school.anna_tafels.id}")
    row.get_by_label("Nieuwe status voor Tafels van 3").select_option("achieved")
    row.get_by_role("button", name="Opslaan").click()
    expect(row.locator(".status-badge")).to_contain_text("behaald")

    # Anna's page moves the goal out of "uitgelicht" without a reload, and says who changed what.
    expect(anna.locator(".live-notice")).to_have_text(
        "Juf In wijzigde 'Tafels van 3' naar behaald. Het plan is bijgewerkt."
    )
    expect(anna.locator("section.plan-highlighted")).to_have_count(0)
    expect(anna.get_by_text("1 behaald doel is verborgen.")).to_be_visible()
