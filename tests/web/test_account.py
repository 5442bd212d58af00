"""Accounts as SPEC 2 says (issue 12): everyone changes their own password (pupils where the school allows
it), a teacher resets a parent's, and signing out or a new password ends every other session of that user,
pages and Socket.IO connections alike."""

import pytest

from extensions import socketio
from models import AuditLog, SchoolSettings, User
from services import accounts, passwords
from tests.support.auth import AuthActions
from tests.support.factories import PASSWORD, make_admin, make_parent, make_pupil, make_teacher, make_user

NEW = "een lange zin als wachtwoord"


@pytest.fixture
def second(app):
    """A second browser of the same person: its own test client and sign-in."""
    client = app.test_client()
    return client, AuthActions(app, client)


def hash_of(user):
    return User.get_by_id(user.id).password_hash


def signed_in(client, url="/account"):
    response = client.get(url)
    return response.status_code == 200


def change(auth, current=PASSWORD, new=NEW, repeat=None):
    return auth.post(
        "/account/wachtwoord", {"current": current, "new": new, "repeat": new if repeat is None else repeat}
    )


# --- Changing one's own password ----------------------------------------------------------------------------


@pytest.mark.parametrize("role", ["teacher", "assistant", "parent", "admin"])
def test_every_role_changes_their_own_password_and_signs_in_with_it(client, auth, role):
    user = make_user(role)
    auth.login(user.login)
    assert "Wachtwoord wijzigen" in client.get("/account").get_data(as_text=True)
    response = change(auth)
    assert response.status_code == 302 and response.headers["Location"].endswith("/account")
    assert passwords.verify_password(hash_of(user), NEW)
    assert signed_in(client)  # this session goes on
    assert AuditLog.select().where(AuditLog.action == "password_changed", AuditLog.entity_id == user.id).exists()


def test_pupils_change_their_password_only_where_the_school_allows_it(client, auth):
    pupil = make_pupil()
    auth.login(pupil.login)
    assert "zelf kan dat op deze school niet" in client.get("/account").get_data(as_text=True)
    assert change(auth).status_code == 403
    assert passwords.verify_password(hash_of(pupil), PASSWORD)
    SchoolSettings.update(pupils_change_password=True).execute()
    assert change(auth).status_code == 302 and passwords.verify_password(hash_of(pupil), NEW)


BAD = {
    "wrong current password": ({"current": "niet-mijn-wachtwoord"}, "huidige wachtwoord klopt niet"),
    "too short": ({"new": "kort12"}, "minstens 8 tekens"),
    "common": ({"new": "Wachtwoord123"}, "te makkelijk te raden"),
    "a sequence": ({"new": "12345678"}, "te makkelijk te raden"),
    "one character": ({"new": "aaaaaaaaaaaa"}, "te makkelijk te raden"),
    "own name": ({"new": "ikbenjuffrouwkim!"}, "naam of inlognaam"),
    "the same as now": ({"new": PASSWORD}, "ander wachtwoord"),
    "repeated differently": ({"repeat": "een andere lange zin"}, "verschillen"),
    "empty current": ({"current": ""}, "huidige wachtwoord in"),
}


@pytest.mark.parametrize("name", list(BAD))
def test_a_bad_change_is_refused_with_a_dutch_reason_and_nothing_written(client, auth, name):
    teacher = make_teacher(first_name="Kim", login="juffrouwkim@school.test")
    auth.login(teacher.login)
    before = (hash_of(teacher), User.get_by_id(teacher.id).session_epoch)
    values, reason = BAD[name]
    response = change(auth, **values)
    assert response.status_code in (400, 403) and reason in response.get_data(as_text=True)
    assert (hash_of(teacher), User.get_by_id(teacher.id).session_epoch) == before
    assert signed_in(client)


def test_guessing_the_current_password_is_slowed_down(client, auth):
    teacher = make_teacher()
    auth.login(teacher.login)
    for _ in range(5):
        change(auth, current="geraden-wachtwoord")
    response = change(auth)  # even the right one waits now
    assert response.status_code == 400 and "Te vaak" in response.get_data(as_text=True)
    assert passwords.verify_password(hash_of(teacher), PASSWORD)


def test_the_change_needs_the_csrf_token(client, auth):
    teacher = make_teacher()
    auth.login(teacher.login)
    response = client.post("/account/wachtwoord", data={"current": PASSWORD, "new": NEW, "repeat": NEW})
    assert response.status_code == 400 and passwords.verify_password(hash_of(teacher), PASSWORD)


# --- A teacher resets a parent's password -----------------------------------------------------------------


def test_a_teacher_gives_a_parent_a_new_password_shown_once(client, auth, second):
    pupil = make_pupil()
    parent = make_parent(children=[pupil], first_name="Linda")
    other_client, other_auth = second
    other_auth.login(parent.login)
    teacher = make_teacher()
    auth.login(teacher.login)
    page = client.get(f"/leerlingen/{pupil.id}").get_data(as_text=True)
    assert "Linda" in page and f"/ouders/{parent.id}/wachtwoord" in page
    response = auth.post(f"/ouders/{parent.id}/wachtwoord", {"terug": f"/leerlingen/{pupil.id}"})
    assert response.status_code == 200 and response.headers["Cache-Control"] == "no-store"
    shown = response.get_data(as_text=True).split('new-password">')[1].split("<")[0]
    assert passwords.verify_password(hash_of(parent), shown)
    assert not signed_in(other_client)  # the parent's session ended with the reset


@pytest.mark.parametrize("who", ["assistant", "pupil", "other parent"])
def test_a_reset_by_someone_not_allowed_is_refused_and_writes_nothing(client, auth, who):
    parent = make_parent(children=[make_pupil()])
    user = {"assistant": lambda: make_user("assistant"), "pupil": make_pupil, "other parent": make_parent}[who]()
    auth.login(user.login)
    response = auth.post(f"/ouders/{parent.id}/wachtwoord")
    assert response.status_code == 403
    assert passwords.verify_password(hash_of(parent), PASSWORD) and User.get_by_id(parent.id).session_epoch == 0


def test_a_reset_of_a_teacher_by_a_parent_id_is_a_dutch_404(client, auth):
    auth.login(make_teacher().login)
    response = auth.post(f"/ouders/{make_teacher().id}/wachtwoord")
    assert response.status_code == 404 and "Deze ouder bestaat niet" in response.get_data(as_text=True)


# --- Sessions that end ---------------------------------------------------------------------------------------


def test_signing_out_ends_the_copied_cookie_and_every_other_session(app, client, auth, second):
    teacher = make_teacher()
    other_client, other_auth = second
    auth.login(teacher.login)
    other_auth.login(teacher.login)
    copy = app.test_client()
    copy.set_cookie("session", client.get_cookie("session").value)  # the cookie, copied off the machine
    assert signed_in(copy) and signed_in(other_client)
    auth.logout()
    assert not signed_in(client) and not signed_in(copy) and not signed_in(other_client)
    assert client.get("/account").headers["Location"].startswith("/login")
    auth.login(teacher.login)  # signing in again works
    assert signed_in(client)


def test_a_password_change_ends_the_other_sessions_and_keeps_this_one(client, auth, second):
    teacher = make_teacher()
    other_client, other_auth = second
    auth.login(teacher.login)
    other_auth.login(teacher.login)
    assert change(auth).status_code == 302
    assert signed_in(client) and not signed_in(other_client)


def test_a_reset_in_the_back_office_ends_the_users_sessions_and_keeps_the_admins_own(client, auth, second):
    admin, teacher = make_admin(), make_teacher()
    other_client, other_auth = second
    other_auth.login(teacher.login)
    auth.login(admin.login)
    assert auth.post(f"/admin/teachers/password/?id={teacher.id}").status_code == 200
    assert not signed_in(other_client)
    assert auth.post(f"/admin/admins/password/?id={admin.id}").status_code == 200  # the admin's own
    assert client.get("/admin/").status_code == 200


@pytest.mark.parametrize("ending", ["sign-out", "password change"])
def test_socket_io_connections_of_an_ended_session_are_dropped_and_refused(app, client, auth, second, ending):
    teacher = make_teacher()
    other_client, other_auth = second
    auth.login(teacher.login)
    other_auth.login(teacher.login)
    listening = socketio.test_client(app, flask_test_client=other_client)
    assert listening.is_connected()
    if ending == "sign-out":
        auth.logout()
    else:
        assert change(auth).status_code == 302
    assert not listening.is_connected()  # dropped at once, in this process
    again = socketio.test_client(app, flask_test_client=other_client)
    assert not again.is_connected()  # and the ended session cannot connect anew
    if ending == "password change":  # the session that changed it goes on, Socket.IO too
        assert socketio.test_client(app, flask_test_client=client).is_connected()


def test_the_loader_refuses_a_session_of_an_older_epoch(database):
    teacher = make_teacher()
    assert accounts.load_user(str(teacher.id), 0).id == teacher.id
    User.update(session_epoch=2).where(User.id == teacher.id).execute()
    assert accounts.load_user(str(teacher.id), 0) is None and accounts.load_user(str(teacher.id), "x") is None
    assert accounts.load_user(str(teacher.id), 2).id == teacher.id
