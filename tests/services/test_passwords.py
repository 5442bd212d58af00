"""Password hashing for a web login: OWASP's argon2id parameters, old hashes upgraded at the next sign-in,
and no more than HASHING_AT_ONCE hashes computed at a time (a class signing in at once queues)."""

import threading
import time

import pytest
from argon2 import PasswordHasher

from models import User
from services import passwords
from tests.support.factories import PASSWORD, make_teacher

# What every hash was made with before: argon2-cffi's defaults, 64 MiB of memory per hash.
OLD_HASHER = PasswordHasher()


@pytest.fixture
def web_login_parameters():
    """The production parameters for one test (the suite hashes with cheap ones, tests/conftest.py)."""
    passwords.configure(fast=False)
    yield
    passwords.configure(fast=True)


def test_a_hash_uses_owasps_argon2id_parameters_for_a_web_login(web_login_parameters):
    stored = passwords.hash_password("correct horse")
    assert stored.startswith("$argon2id$v=19$m=19456,t=2,p=1$")
    assert passwords.verify_password(stored, "correct horse")
    assert not passwords.needs_rehash(stored)
    assert passwords.needs_rehash(OLD_HASHER.hash("correct horse"))


def test_a_password_hashed_with_the_old_parameters_is_upgraded_at_sign_in(app, auth, web_login_parameters):
    teacher = make_teacher(login="bas@school.test")
    old_hash = OLD_HASHER.hash(PASSWORD)
    User.update(password_hash=old_hash).where(User.id == teacher.id).execute()

    answer = auth.login("bas@school.test", PASSWORD)

    assert answer.status_code == 302 and "/login" not in answer.headers["Location"]
    upgraded = User.get_by_id(teacher.id).password_hash
    assert upgraded != old_hash and upgraded.startswith("$argon2id$v=19$m=19456,t=2,p=1$")
    assert passwords.verify_password(upgraded, PASSWORD)
    auth.logout()
    assert auth.login("bas@school.test", PASSWORD).status_code == 302  # and the new hash signs in
    assert User.get_by_id(teacher.id).password_hash == upgraded  # not hashed again


def test_no_more_than_hashing_at_once_hashes_run_at_a_time():
    running, most = [0], [0]
    lock = threading.Lock()

    def runner(work, *args):
        with lock:
            running[0] += 1
            most[0] = max(most[0], running[0])
        time.sleep(0.02)  # long enough for the others to pile up
        try:
            return work(*args)
        finally:
            with lock:
                running[0] -= 1

    passwords.run_hashing_with(runner)
    try:
        threads = [threading.Thread(target=passwords.hash_password, args=("geheim",)) for _ in range(8)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    finally:
        passwords.run_hashing_with(None)
    assert most[0] == passwords.HASHING_AT_ONCE
