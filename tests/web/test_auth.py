"""Signing in and out through the web: start pages per role, one refusal message, throttling, CSRF, next."""

import pytest

from models import LoginAttempt, User
from services import accounts
from services.permissions import SYSTEM
from tests.support.factories import make_admin, make_parent, make_pupil, make_teacher, make_user

WRONG = "Onbekende combinatie van inlognaam en wachtwoord."


def signed_in(client):
    """Whether the client's session is signed in: the start page does not send it to the login page."""
    response = client.get("/")
    return response.status_code == 302 and not response.headers["Location"].startswith("/login")


def test_login_page_is_in_dutch_and_carries_a_csrf_token(client):
    response = client.get("/login")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert '<html lang="nl">' in page
    for text in ("Doelpunt", "Inlognaam", "Wachtwoord", "Inloggen"):
        assert text in page
    assert 'name="csrf_token"' in page
    assert 'autocomplete="current-password"' in page


@pytest.mark.parametrize(
    "role, start",
    [
        ("admin", "/admin/"),
        ("teacher", "/leraar"),
        ("assistant", "/leraar"),
        ("pupil", "/mijn-plan"),
        ("parent", "/mijn-kinderen"),
    ],
)
def test_each_role_signs_in_and_lands_on_its_start_page(client, auth, role, start):
    user = make_user(role, level=4 if role == "pupil" else None)
    response = auth.login(user.login)
    assert response.status_code == 302
    assert response.headers["Location"] == "/"
    home = client.get("/")
    assert home.status_code == 302 and home.headers["Location"] == start
    page = client.get(start)
    assert page.status_code == 200
    if role != "admin":  # the back office has its own layout
        assert user.full_name in page.get_data(as_text=True)


def test_the_top_bar_shows_name_role_in_dutch_and_a_sign_out_form(client, auth):
    make_teacher(login="ib@school.test", first_name="Ina", last_name="Bos", is_coach=True)
    auth.login("ib@school.test")
    page = client.get("/leraar").get_data(as_text=True)
    assert "Ina Bos" in page and "(IB-er)" in page and "leraar (IB-er)" not in page  # the glossary's title
    assert 'action="/logout"' in page and 'name="csrf_token"' in page and "Uitloggen" in page


def test_login_name_is_not_case_sensitive(client, auth):
    make_teacher(login="bas@school.test")
    assert auth.login("  BAS@School.test").headers["Location"] == "/"


@pytest.mark.parametrize(
    "login, password",
    [
        ("niemand@school.test", "geheim-wachtwoord-1"),  # unknown
        ("bas@school.test", "verkeerd-wachtwoord"),  # wrong password
        ("oud@school.test", "geheim-wachtwoord-1"),  # inactive
    ],
)
def test_unknown_wrong_and_inactive_give_the_same_message(client, auth, login, password):
    make_teacher(login="bas@school.test")
    make_teacher(login="oud@school.test", active=False)
    response = auth.login(login, password)
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert WRONG in page
    assert password not in page  # the password is never echoed back
    assert not signed_in(client)


def test_empty_fields_are_explained_in_dutch(client, auth):
    page = auth.login("", "").get_data(as_text=True)
    assert "Vul je inlognaam in." in page and "Vul je wachtwoord in." in page
    assert not LoginAttempt.select().exists()


def test_sign_in_is_throttled_after_the_configured_number_of_failures(app, client, auth):
    app.config["LOGIN_MAX_FAILURES"] = 2
    make_teacher(login="bas@school.test")
    for _ in range(2):
        assert WRONG in auth.login("bas@school.test", "fout-wachtwoord").get_data(as_text=True)
    response = auth.login("bas@school.test")  # the right password, too late
    assert response.status_code == 429
    assert "Te veel mislukte pogingen. Probeer het over enkele minuten opnieuw." in response.get_data(as_text=True)
    assert not signed_in(client)


def test_throttling_counts_per_address_with_its_own_higher_limit(app, auth):
    app.config["LOGIN_MAX_FAILURES"] = 2
    app.config["LOGIN_MAX_FAILURES_PER_ADDRESS"] = 3
    make_teacher(login="bas@school.test")
    LoginAttempt.create(login="ander@school.test", address="127.0.0.1")
    LoginAttempt.create(login="nog-een@school.test", address="127.0.0.1")
    # Two failures from the school's address are not yet enough to lock out a classmate...
    assert auth.login("bas@school.test").status_code == 302  # the test client signs in from 127.0.0.1
    auth.logout()
    LoginAttempt.create(login="derde@school.test", address="127.0.0.1")
    # ...but the address's own limit is.
    assert auth.login("bas@school.test").status_code == 429


def test_login_without_csrf_token_is_refused(client):
    make_teacher(login="bas@school.test")
    response = client.post("/login", data={"login": "bas@school.test", "password": "geheim-wachtwoord-1"})
    assert response.status_code == 400
    assert "Het formulier is verlopen. Laad de pagina opnieuw." in response.get_data(as_text=True)
    assert not signed_in(client)


def test_logout_needs_post_and_a_csrf_token(client, auth):
    make_teacher(login="bas@school.test")
    auth.login("bas@school.test")
    assert client.get("/logout").status_code == 405
    assert signed_in(client)
    assert client.post("/logout").status_code == 400
    assert signed_in(client)
    response = auth.logout()
    assert response.status_code == 302 and response.headers["Location"] == "/login"
    assert not signed_in(client)
    assert "Je bent uitgelogd." in client.get("/login").get_data(as_text=True)


def test_a_signed_in_user_visiting_login_goes_to_the_start_page(client, auth):
    make_teacher(login="bas@school.test")
    auth.login("bas@school.test")
    response = client.get("/login")
    assert response.status_code == 302 and response.headers["Location"] == "/"


def test_after_sign_in_the_user_returns_to_the_page_they_asked_for(client, auth):
    make_teacher(login="bas@school.test")
    response = client.get("/leraar")
    assert response.status_code == 302
    assert response.headers["Location"] == "/login?next=%2Fleraar"
    response = client.post(
        response.headers["Location"],
        data={"login": "bas@school.test", "password": "geheim-wachtwoord-1", "csrf_token": auth.token()},
    )
    assert response.headers["Location"] == "/leraar"


@pytest.mark.parametrize(
    "target",
    [
        "//evil.example",
        "https://evil.example/",
        "http://localhost.evil.example/",
        "/\\evil.example",
        "/\t/evil.example",
        "javascript:alert(1)",
        "evil.example",
    ],
)
def test_next_cannot_send_anyone_to_another_site(client, auth, target):
    make_teacher(login="bas@school.test")
    response = client.post(
        "/login",
        query_string={"next": target},
        data={"login": "bas@school.test", "password": "geheim-wachtwoord-1", "csrf_token": auth.token()},
    )
    assert response.status_code == 302
    assert response.headers["Location"] == "/"


def test_sign_in_starts_a_fresh_session(client, auth):
    make_teacher(login="bas@school.test")
    with client.session_transaction() as session:
        session["planted"] = "door een ander"
    auth.login("bas@school.test")
    with client.session_transaction() as session:
        assert "planted" not in session
        assert session["_user_id"]


def test_password_is_stored_hashed_and_signs_in(client, auth):
    user, password = accounts.create_user(SYSTEM, "parent", "ouder@thuis.test", "Piet", "Vos")
    stored = User.get_by_id(user.id).password_hash
    assert stored.startswith("$argon2") and password not in stored
    assert auth.login("ouder@thuis.test", password).headers["Location"] == "/"


def test_a_deactivated_user_is_signed_out_on_the_next_request(client, auth):
    teacher = make_teacher(login="bas@school.test")
    auth.login("bas@school.test")
    accounts.deactivate(make_admin(), teacher)
    response = client.get("/leraar")
    assert response.status_code == 302 and response.headers["Location"].startswith("/login")


def test_pupils_and_parents_do_not_reach_the_back_office(client, auth):
    pupil = make_pupil()
    make_parent(login="ouder@thuis.test", children=[pupil])
    auth.login(pupil.login)
    assert client.get("/admin/").status_code == 403
    auth.logout()
    auth.login("ouder@thuis.test")
    assert client.get("/admin/").status_code == 403
