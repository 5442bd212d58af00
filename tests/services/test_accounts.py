"""Accounts: creating users, signing in with throttling, who may set whose password (SPEC 2)."""

import datetime as dt

import pytest
from argon2 import PasswordHasher

from models import AuditLog, LoginAttempt, ParentLink, User, now
from services import accounts, passwords
from services.errors import Conflict, DomainError, PermissionDenied
from services.permissions import SYSTEM
from tests.support.factories import PASSWORD, make_admin, make_group, make_parent, make_pupil, make_teacher, make_user

ADDRESS = "192.0.2.10"


def login(login, password=PASSWORD, address=ADDRESS, **kwargs):
    return accounts.authenticate(login, password, address, **kwargs)


# --- create_user ---------------------------------------------------------------------------------------


def test_create_user_stores_only_an_argon2_hash_and_shows_the_generated_password_once(database):
    admin = make_admin()
    user, password = accounts.create_user(admin, "teacher", "juf.anna@school.test", "Anna", "Bakker")
    assert password and len(password) >= 8
    stored = User.get_by_id(user.id)
    assert stored.password_hash.startswith("$argon2id$")
    assert password not in stored.password_hash
    assert passwords.verify_password(stored.password_hash, password)
    assert AuditLog.select().where((AuditLog.action == "user_created") & (AuditLog.entity_id == user.id)).exists()
    assert password not in AuditLog.get(AuditLog.entity_id == user.id).detail


def test_create_user_with_a_chosen_password_returns_no_password(database):
    user, password = accounts.create_user(
        make_admin(), "parent", "ouder@thuis.test", "Piet", "Vos", password="een-goed-wachtwoord"
    )
    assert password is None
    assert login("ouder@thuis.test", "een-goed-wachtwoord").id == user.id


def test_create_user_refuses_a_short_chosen_password(database):
    with pytest.raises(DomainError, match="minstens 8"):
        accounts.create_user(make_admin(), "parent", "ouder@thuis.test", "Piet", "Vos", password="kort")


def test_login_is_normalised_and_must_look_like_an_email_address(database):
    user, _ = accounts.create_user(SYSTEM, "teacher", "  Juf.Anna@School.TEST ", "Anna", "Bakker", infix="de")
    assert user.login == "juf.anna@school.test"
    assert user.full_name == "Anna de Bakker"
    for bad in ("anna", "anna@school", "an na@school.test", ""):
        with pytest.raises(DomainError, match="e-mailadres"):
            accounts.create_user(SYSTEM, "teacher", bad, "Anna", "Bakker")


def test_login_names_are_unique_whatever_their_case(database):
    accounts.create_user(SYSTEM, "teacher", "anna@school.test", "Anna", "Bakker")
    with pytest.raises(Conflict, match="Er is al een account"):
        accounts.create_user(SYSTEM, "parent", "ANNA@school.test", "Anna", "Vos")
    assert User.select().where(User.login == "anna@school.test").count() == 1


def test_a_pupil_needs_a_level_from_1_to_8(database):
    for level in (None, 0, 9, "4"):
        with pytest.raises(DomainError, match="niveau"):
            accounts.create_user(SYSTEM, "pupil", "kim@school.test", "Kim", "Smit", level=level)
    pupil, _ = accounts.create_user(SYSTEM, "pupil", "kim@school.test", "Kim", "Smit", level=8)
    assert pupil.level == 8


def test_only_a_teacher_can_be_coach(database):
    coach, _ = accounts.create_user(SYSTEM, "teacher", "ib@school.test", "Ina", "Bos", is_coach=True)
    assert coach.is_coach
    with pytest.raises(DomainError, match="IB-er"):
        accounts.create_user(SYSTEM, "parent", "p@school.test", "Pim", "Bos", is_coach=True)


@pytest.mark.parametrize("role", ["teacher", "assistant", "pupil", "parent"])
def test_only_admins_create_users(database, role):
    actor = make_user(role, level=4 if role == "pupil" else None)
    with pytest.raises(PermissionDenied):
        accounts.create_user(actor, "teacher", "nieuw@school.test", "Nieuw", "Account")
    with pytest.raises(PermissionDenied):
        accounts.create_user(None, "teacher", "nieuw@school.test", "Nieuw", "Account")
    assert not User.select().where(User.login == "nieuw@school.test").exists()


# --- authenticate --------------------------------------------------------------------------------------


def test_authenticate_returns_the_user_for_the_right_password_whatever_the_case_of_the_login(database):
    user = make_teacher(login="meester.bas@school.test")
    assert login(" Meester.Bas@School.test ").id == user.id


def test_unknown_wrong_and_inactive_are_refused_with_the_same_message(database):
    make_teacher(login="bas@school.test")
    make_teacher(login="oud@school.test", active=False)
    messages = set()
    for name, password in (
        ("niemand@school.test", PASSWORD),
        ("bas@school.test", "fout-wachtwoord"),
        ("oud@school.test", PASSWORD),
    ):
        with pytest.raises(accounts.LoginFailed) as refused:
            login(name, password)
        messages.add(refused.value.message)
    assert messages == {"Onbekende combinatie van inlognaam en wachtwoord."}


def test_failures_are_recorded_per_login_and_address(database):
    with pytest.raises(accounts.LoginFailed):
        login("Niemand@School.test", "x")
    attempt = LoginAttempt.get()
    assert (attempt.login, attempt.address) == ("niemand@school.test", ADDRESS)


def test_too_many_failures_for_a_login_refuse_even_the_right_password(database):
    make_teacher(login="bas@school.test")
    for n in range(3):
        with pytest.raises(accounts.LoginFailed):
            login("bas@school.test", "fout", address=f"198.51.100.{n}", max_failures=3)
    with pytest.raises(accounts.LoginThrottled, match="Te veel mislukte pogingen"):
        login("bas@school.test", address="203.0.113.1", max_failures=3)
    assert issubclass(accounts.LoginThrottled, accounts.LoginFailed)


def test_too_many_failures_from_an_address_refuse_other_logins_from_it(database):
    make_teacher(login="bas@school.test")
    for n in range(3):
        with pytest.raises(accounts.LoginFailed):
            login(f"raden{n}@school.test", "fout", max_failures=3)
    with pytest.raises(accounts.LoginThrottled):
        login("bas@school.test", max_failures=3)
    assert login("bas@school.test", address="203.0.113.1", max_failures=3).login == "bas@school.test"


def test_failures_outside_the_window_do_not_count(database):
    make_teacher(login="bas@school.test")
    long_ago = now() - dt.timedelta(minutes=16)
    for _ in range(5):
        LoginAttempt.create(login="bas@school.test", address=ADDRESS, at=long_ago)
    assert login("bas@school.test", window_minutes=15).login == "bas@school.test"


def test_failures_older_than_a_day_are_dropped(database):
    LoginAttempt.create(login="oud@school.test", address=ADDRESS, at=now() - dt.timedelta(days=2))
    with pytest.raises(accounts.LoginFailed):
        login("niemand@school.test", "fout")
    assert [a.login for a in LoginAttempt.select()] == ["niemand@school.test"]


def test_a_successful_login_clears_that_logins_failures(database):
    make_teacher(login="bas@school.test")
    for _ in range(2):
        with pytest.raises(accounts.LoginFailed):
            login("bas@school.test", "fout", max_failures=3)
    login("bas@school.test", max_failures=3)
    assert not LoginAttempt.select().where(LoginAttempt.login == "bas@school.test").exists()
    for _ in range(2):  # the count starts again: two more failures do not lock the account
        with pytest.raises(accounts.LoginFailed):
            login("bas@school.test", "fout", address="203.0.113.9", max_failures=3)
    assert login("bas@school.test", address="203.0.113.9", max_failures=3)


def test_an_outdated_hash_is_replaced_at_sign_in(database):
    user = make_teacher(login="bas@school.test")
    old_hash = PasswordHasher(time_cost=1, memory_cost=512, parallelism=1).hash(PASSWORD)
    User.update(password_hash=old_hash).where(User.id == user.id).execute()
    login("bas@school.test")
    new_hash = User.get_by_id(user.id).password_hash
    assert new_hash != old_hash and not passwords.needs_rehash(new_hash)
    assert passwords.verify_password(new_hash, PASSWORD)


# --- set_password (SPEC 2: who may change whose password) ---------------------------------------------


@pytest.fixture
def people(database):
    pupil = make_pupil()
    make_group(pupils=[pupil], teachers=[make_teacher(login="eigen@school.test")])
    return {
        "admin": make_admin(),
        "other_admin": make_admin(),
        "teacher": User.get(User.login == "eigen@school.test"),  # teaches the pupil's group
        "other_teacher": make_teacher(),  # does not reach the pupil
        "coach": make_teacher(is_coach=True),
        "assistant": make_user("assistant"),
        "pupil": pupil,
        "other_pupil": make_pupil(),
        "parent": make_parent(children=[pupil]),
        "other_parent": make_parent(),
    }


ALLOWED = [
    ("teacher", "pupil"),
    ("coach", "pupil"),
    ("admin", "pupil"),
    ("teacher", "parent"),
    ("other_teacher", "parent"),
    ("admin", "parent"),
    ("parent", "parent"),
    ("admin", "teacher"),
    ("teacher", "teacher"),
    ("admin", "other_admin"),
    ("admin", "admin"),
    ("admin", "assistant"),
    ("assistant", "assistant"),
]
REFUSED = [
    ("other_teacher", "pupil"),
    ("assistant", "pupil"),
    ("pupil", "pupil"),
    ("other_pupil", "pupil"),
    ("parent", "pupil"),
    ("assistant", "parent"),
    ("pupil", "parent"),
    ("other_parent", "parent"),
    ("other_teacher", "teacher"),
    ("coach", "teacher"),
    ("assistant", "teacher"),
    ("pupil", "teacher"),
    ("parent", "teacher"),
    ("teacher", "admin"),
    ("coach", "admin"),
    ("pupil", "admin"),
    ("parent", "admin"),
    ("teacher", "assistant"),
]


@pytest.mark.parametrize("actor, target", ALLOWED)
def test_set_password_allowed(people, actor, target):
    user = people[target]
    password = accounts.set_password(people[actor], user, "nieuw-wachtwoord-9")
    assert password == "nieuw-wachtwoord-9"
    assert passwords.verify_password(User.get_by_id(user.id).password_hash, "nieuw-wachtwoord-9")
    assert AuditLog.select().where((AuditLog.action == "password_set") & (AuditLog.entity_id == user.id)).exists()


@pytest.mark.parametrize("actor, target", REFUSED)
def test_set_password_refused(people, actor, target):
    user = people[target]
    with pytest.raises(PermissionDenied):
        accounts.set_password(people[actor], user, "nieuw-wachtwoord-9")
    assert passwords.verify_password(User.get_by_id(user.id).password_hash, PASSWORD)


def test_set_password_generates_one_when_none_is_chosen(people):
    password = accounts.set_password(people["teacher"], people["pupil"])
    assert len(password) >= 8
    assert login(people["pupil"].login, password).id == people["pupil"].id


def test_a_chosen_password_has_at_least_8_characters(people):
    with pytest.raises(DomainError, match="minstens 8"):
        accounts.set_password(people["parent"], people["parent"], "1234567")
    assert passwords.verify_password(User.get_by_id(people["parent"].id).password_hash, PASSWORD)


def test_anonymous_cannot_set_a_password(people):
    with pytest.raises(PermissionDenied):
        accounts.set_password(None, people["pupil"], "nieuw-wachtwoord-9")


def test_a_new_password_unlocks_a_throttled_login(people):
    pupil = people["pupil"]
    for _ in range(3):
        with pytest.raises(accounts.LoginFailed):
            login(pupil.login, "fout", max_failures=3)
    password = accounts.set_password(people["teacher"], pupil)
    assert login(pupil.login, password, address="203.0.113.5", max_failures=3).id == pupil.id


# --- deactivation, parent links, the user loader -------------------------------------------------------


def test_deactivated_users_cannot_sign_in_or_load_until_reactivated(database):
    admin, teacher = make_admin(), make_teacher(login="bas@school.test")
    accounts.deactivate(admin, teacher)
    assert User.get_by_id(teacher.id).deactivated_at is not None
    with pytest.raises(accounts.LoginFailed, match="Onbekende combinatie"):
        login("bas@school.test")
    assert accounts.load_user(str(teacher.id)) is None
    accounts.reactivate(admin, teacher)
    assert login("bas@school.test").id == teacher.id
    assert accounts.load_user(str(teacher.id)).id == teacher.id


def test_only_admins_deactivate_and_not_themselves(database):
    admin, teacher, pupil = make_admin(), make_teacher(), make_pupil()
    with pytest.raises(PermissionDenied):
        accounts.deactivate(teacher, pupil)
    with pytest.raises(DomainError, match="eigen account"):
        accounts.deactivate(admin, admin)
    with pytest.raises(PermissionDenied):
        accounts.reactivate(teacher, pupil)
    assert User.get_by_id(pupil.id).active and User.get_by_id(admin.id).active


def test_link_and_unlink_parent(database):
    admin, pupil, parent = make_admin(), make_pupil(), make_parent()
    accounts.link_parent(admin, parent, pupil)
    accounts.link_parent(admin, parent, pupil)  # linking twice keeps one link
    assert ParentLink.select().where(ParentLink.parent == parent).count() == 1
    with pytest.raises(DomainError):
        accounts.link_parent(admin, pupil, parent)
    with pytest.raises(PermissionDenied):
        accounts.unlink_parent(make_teacher(), parent, pupil)
    assert accounts.unlink_parent(admin, parent, pupil)
    assert not ParentLink.select().exists()


def test_only_admins_link_parents(database):
    pupil, parent = make_pupil(), make_parent()
    with pytest.raises(PermissionDenied):
        accounts.link_parent(make_teacher(), parent, pupil)
    with pytest.raises(PermissionDenied):
        accounts.link_parent(parent, parent, pupil)
    assert not ParentLink.select().exists()


def test_load_user_ignores_unknown_and_malformed_ids(database):
    assert accounts.load_user("999") is None
    assert accounts.load_user("abc") is None
    assert accounts.load_user(None) is None
