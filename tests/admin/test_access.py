"""Every back-office URL is for admins only: anonymous users go to the login page, everyone else gets 403.

The URLs come from the app's own rules, so a view added later is covered without touching this test.
"""

import re

import pytest

from tests.support.factories import make_admin, make_parent, make_pupil, make_teacher


def admin_urls(app):
    """(url, methods) for every rule under /admin, with a sample value for each URL argument."""
    found = []
    for rule in app.url_map.iter_rules():
        if not rule.rule.startswith("/admin") or rule.rule.startswith("/admin/static"):
            continue
        url = re.sub(r"<(?:[^:<>]+:)?([^<>]+)>", lambda m: "xlsx" if m.group(1) == "export_type" else "1", rule.rule)
        found.append((url, sorted(rule.methods & {"GET", "POST"})))
    return found


def test_the_rule_list_covers_the_screens(app):
    urls = [url for url, _ in admin_urls(app)]
    for expected in (
        "/admin/",
        "/admin/pupils/",
        "/admin/groups/new/",
        "/admin/goals/delete/",
        "/admin/chat-messages/action/",
        "/admin/pupils/erase/",
        "/admin/teachers/password/",
        "/admin/audit-log/export/xlsx/",
    ):
        assert expected in urls


@pytest.mark.parametrize("make_user", [make_teacher, make_pupil, make_parent], ids=["teacher", "pupil", "parent"])
def test_others_get_403_everywhere(app, client, auth, make_user):
    user = make_user()
    assert auth.login(user.login).status_code == 302
    for url, methods in admin_urls(app):
        if "GET" in methods:
            assert client.get(url).status_code == 403, url
        if "POST" in methods:
            assert auth.post(url, {"id": "1"}).status_code == 403, url


def test_anonymous_goes_to_login_everywhere(app, client, auth):
    for url, methods in admin_urls(app):
        if "GET" in methods:
            response = client.get(url)
            assert response.status_code == 302 and "/login" in response.headers["Location"], url
        if "POST" in methods:
            response = auth.post(url, {"id": "1"})
            assert response.status_code == 302 and "/login" in response.headers["Location"], url


def test_a_deactivated_admin_is_refused(app, client, auth):
    admin = make_admin()
    auth.login(admin.login)
    admin.active = False
    admin.save()
    response = client.get("/admin/pupils/")
    assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_an_admin_reaches_every_list(app, client, auth):
    auth.login(make_admin().login)
    for view in app.extensions["admin"][0]._views:
        if hasattr(view, "index_view") and hasattr(view, "model"):
            response = client.get(view.url + "/")
            assert response.status_code == 200, view.url


def test_post_without_csrf_token_is_refused(app, client, auth):
    auth.login(make_admin().login)
    response = client.post("/admin/subjects/new/", data={"name": "Rekenen", "position": "0"})
    assert response.status_code == 400
    from models import Subject

    assert not Subject.select().where(Subject.name == "Rekenen").exists()
