"""Every page and every action of the teacher, pupil and parent areas (the blueprints of web/), for every
role (issue 5, SPEC 2).

The tables in tests/web/roles/ (one module per area) list each endpoint's rule with the request to send and,
per role, what must happen: the login page (signed out), 403 (not allowed) or a normal answer (allowed: 200
or a redirect that is not the login page). A refused POST must write nothing. The test walks `app.url_map`:
an endpoint of these areas that no table lists fails the test, so that every new page gets its row. The
world and the vocabulary are in tests/support/roles.py.
"""

import importlib
import pkgutil

import pytest

from models import SchoolSettings
from services.permissions import can
from tests.support import roles
from tests.support.roles import DENIED, LOGIN, OK, ROLES
from tests.web import roles as tables

# Blueprints of web/ whose roles other tests cover (the back office in admin/ and static files are not
# web/ blueprints and are left out).
ELSEWHERE = {
    "chat": "tests/socket and the chat page tests (issue 6)",
    "bot_pages": "tests/web/test_bot_pages.py (issue 7)",
}
AREAS = [importlib.import_module(f"{tables.__name__}.{m.name}") for m in pkgutil.iter_modules(tables.__path__)]


def _merged(name):
    merged = {}
    for area in AREAS:
        for key, value in getattr(area, name, {}).items():
            assert key not in merged, f"{key} is in two tables of tests/web/roles/"
            merged[key] = value
    return merged


TABLE = _merged("TABLE")
ACTIONS = _merged("ACTIONS")
ALSO_GET = _merged("ALSO_GET")
POST_ELSEWHERE = {"auth.login": "tests/web/test_auth.py (sign-in, lockout)", **_merged("POST_ELSEWHERE")}
EXTENSIONS = [area.extend_world for area in AREAS if hasattr(area, "extend_world")]
CHANGED_IN_PLACE = roles.CHANGED_IN_PLACE + tuple(m for area in AREAS for m in getattr(area, "CHANGED_IN_PLACE", ()))


def _covered_rules(app):
    """The rules of the teacher, pupil and parent pages: every blueprint of the web package but ELSEWHERE."""
    ours = {
        name
        for name, blueprint in app.blueprints.items()
        if blueprint.import_name.startswith("web.") and name not in ELSEWHERE
    }
    return {rule.endpoint: rule for rule in app.url_map.iter_rules() if rule.endpoint.split(".")[0] in ours}


def test_the_table_lists_every_page_and_action(app):
    rules = _covered_rules(app)
    missing = sorted(set(rules) - set(TABLE))
    assert not missing, f"new endpoints without a row in TABLE (who may use them?): {missing}"
    assert not sorted(set(TABLE) - set(rules)), "TABLE lists endpoints that no longer exist"
    for endpoint, rule in rules.items():
        method = TABLE[endpoint][0]
        assert method in rule.methods, f"{endpoint}: {method} is not one of {sorted(rule.methods)}"
        if "GET" in rule.methods and method != "GET":
            assert endpoint in ALSO_GET, f"{endpoint} answers GET too: add it to ALSO_GET"
        if "POST" in rule.methods and method != "POST":
            assert endpoint in POST_ELSEWHERE, f"{endpoint} answers POST too: test it in TABLE"


def _cases():
    for endpoint, (method, url, form, expected) in TABLE.items():
        yield pytest.param(endpoint, method, url, form, expected, id=endpoint)
        extra = ALSO_GET.get(endpoint)
        if extra:
            yield pytest.param(endpoint, "GET", extra[0], None, extra[1], id=endpoint + "-GET")


@pytest.mark.parametrize("endpoint, method, url, form, expected", list(_cases()))
def test_every_role_gets_what_it_may(app, database, endpoint, method, url, form, expected):
    world = roles.build_world(EXTENSIONS)
    seen, wrote = {}, set()
    for role in ROLES:
        before = roles.snapshot(CHANGED_IN_PLACE) if method == "POST" else None
        response = roles.request_as(app, world, role, method, url(world), form(world) if form else None)
        seen[role] = roles.seen(response)
        if before is not None and roles.snapshot(CHANGED_IN_PLACE) != before:
            wrote.add(role)
            world = roles.fresh_world(database, EXTENSIONS)  # the next role finds the school as it was
    assert seen == expected
    if method == "POST" and endpoint != "auth.logout":
        # Who may, did (the view may answer with a redirect either way); who may not, wrote nothing.
        assert wrote == {role for role, answer in expected.items() if answer == OK}


@pytest.mark.parametrize("action", sorted(ACTIONS))
def test_every_role_may_what_the_page_actions_say(database, action):
    world = roles.build_world(EXTENSIONS)
    seen = {}
    for role in ROLES:
        if role == "parent_no_access":
            SchoolSettings.update(parent_access=False).where(SchoolSettings.id == 1).execute()
        allowed = can(roles.user_for(world, role), action)
        SchoolSettings.update(parent_access=True).where(SchoolSettings.id == 1).execute()
        seen[role] = LOGIN if role == "signed_out" and not allowed else OK if allowed else DENIED
    assert seen == ACTIONS[action]
