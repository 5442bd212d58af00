"""The learning-square assistant's page: a pupil's new question appears without a reload, in order, with the
pupil's name as plain text; "Geholpen" takes it off the list."""

from playwright.sync_api import expect

from models import HelpRequest
from services import bot
from tests.support.browser import sign_in
from tests.support.factories import make_goal, make_group, make_pupil, make_user, put_on_plan

HOSTILE = '<img src=x onerror="window.hacked=1">'


def test_the_assistant_sees_a_new_question_live_and_marks_it_helped(page, database):
    make_user("assistant", login="sanne@school.test")
    group = make_group("Groep 5a")
    daan = make_pupil(groups=[group], first_name="Daan", last_name="van Dijk")
    eva = make_pupil(groups=[group], first_name="Eva", last_name=HOSTILE)
    goal = make_goal(title="Tafels van 3")
    put_on_plan(daan, goal, "highlighted")
    put_on_plan(eva, goal, "current")
    bot.ask_for_help(daan, goal.id)

    sign_in(page, "sanne@school.test")
    page.goto("/leerplein/vragen")
    page.wait_for_function("window.doelpuntHelp && window.doelpuntHelp.joined")
    rows = page.locator(".help-list > li")
    expect(rows).to_have_count(1)

    bot.ask_for_help(eva, goal.id)  # from the bot, while the page is open
    expect(rows).to_have_count(2)
    expect(rows.nth(1).locator(".help-pupil")).to_have_text(f"Eva {HOSTILE}")
    expect(rows.nth(1).locator(".help-goal")).to_have_text("Tafels van 3")
    assert page.evaluate("window.hacked") is None

    rows.nth(0).get_by_role("button", name="Geholpen").click()
    expect(rows).to_have_count(1)
    expect(rows.nth(0).locator(".help-pupil")).to_contain_text("Eva")
    assert HelpRequest.get(HelpRequest.pupil == daan.id).helped_at is not None

    request = HelpRequest.get(HelpRequest.pupil == eva.id)
    bot.mark_helped(make_user("teacher"), request.id)  # helped from another screen
    expect(rows).to_have_count(0)
    expect(page.get_by_text("Er wacht nu niemand.")).to_be_visible()
