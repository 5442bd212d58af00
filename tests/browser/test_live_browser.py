"""Two teachers on the same goal matrix in two browsers: one changes a status, the other sees the cell change
without reloading, with a notice of who changed what; the pupil page follows the same change live."""

from playwright.sync_api import expect

from tests.support.browser import sign_in
from tests.support.factories import make_domain, make_goal, make_group, make_pupil, make_teacher, put_on_plan


def wait_until_watching(page):
    """The page's socket is connected and its watch acknowledged (live.js joins on connect)."""
    page.wait_for_function("window.doelpuntLive && window.doelpuntLive.socket.connected")
    page.evaluate("""() => new Promise((resolve, reject) => window.doelpuntLive.socket.timeout(5000)
        .emit("watch", window.doelpuntLive.target, (err, answer) => err || !answer.ok ? reject(err || answer)
                                                                         : resolve()))""")


def highlighted_count(page, pupil):
    """The status overview's number in the "uitgelicht" column of the row of `pupil`."""
    return page.evaluate(
        """pupil => {
        const heads = [...document.querySelectorAll("table.status-table thead th")].map(th => th.textContent);
        const column = heads.findIndex(text => text.includes("uitgelicht"));
        const row = [...document.querySelectorAll("table.status-table tbody tr")]
            .find(tr => tr.querySelector("th").textContent.includes(pupil));
        return row.children[column].textContent.trim();
    }""",
        pupil,
    )


def test_a_teacher_sees_a_colleagues_status_change_on_the_same_matrix(new_page, database):
    group = make_group("Groep 5a")
    make_teacher(groups=[group], login="anna@school.test", first_name="Anna", last_name="de Vries")
    make_teacher(groups=[group], login="bert@school.test", first_name="Bert", last_name="Smit")
    daan = make_pupil(groups=[group], first_name="Daan", last_name="van Dijk")
    eva = make_pupil(groups=[group], first_name="Eva", last_name="Bakker")
    sums = make_goal(make_domain("Rekenen", "Getallen"), title="Optellen tot 100")
    tables = make_goal(make_domain("Rekenen", "Meten"), title="Tafels van 3")
    daan_sums = put_on_plan(daan, sums, "current")
    put_on_plan(eva, sums, "current")
    eva_tables = put_on_plan(eva, tables, "current")

    anna, bert, pupil_page = new_page(), new_page(), new_page()
    sign_in(anna, "anna@school.test")
    anna.goto(f"/groepen/{group.id}/matrix")
    wait_until_watching(anna)
    sign_in(pupil_page, "anna@school.test")
    pupil_page.goto(f"/leerlingen/{daan.id}")
    wait_until_watching(pupil_page)

    overview = pupil_page.context.new_page()  # a second tab, signed in as well
    overview.goto(f"/groepen/{group.id}/statussen")
    wait_until_watching(overview)
    assert highlighted_count(overview, "Daan") == "0"

    sign_in(bert, "bert@school.test")
    bert.goto(f"/groepen/{group.id}/matrix")
    cell = bert.locator(f'td[data-pg="{daan_sums.id}"]')
    cell.click()
    bert.get_by_role("menuitem", name="uitgelicht").click()
    expect(cell).to_have_text("U")

    seen = anna.locator(f'td[data-pg="{daan_sums.id}"]')
    expect(seen).to_have_text("U")
    expect(seen).to_have_attribute("title", "uitgelicht")
    expect(seen).to_have_class("s-highlighted live-changed")
    expect(anna.locator(".live-notice")).to_have_text(
        "Bert Smit wijzigde 'Optellen tot 100' bij Daan van Dijk naar uitgelicht."
    )
    expect(anna.locator(f'td[data-pg="{eva_tables.id}"]')).to_have_text("H")  # the rest stays

    row = pupil_page.locator(f"#doel-{daan_sums.id}")
    expect(row.locator(".status-badge")).to_have_text("U uitgelicht")
    expect(row.locator('select[name="status"]')).to_have_value("highlighted")
    expect(pupil_page.locator(".live-notice")).to_contain_text("Bert Smit wijzigde 'Optellen tot 100'")

    # The status overview re-reads its counts: Daan now has one goal "uitgelicht".
    expect(overview.locator(".live-notice")).to_have_text("Bert Smit wijzigde een status; het overzicht is bijgewerkt.")
    assert highlighted_count(overview, "Daan") == "1"

    # Bert's own page is not told about his own change.
    expect(bert.locator(".live-notice")).to_be_hidden()
