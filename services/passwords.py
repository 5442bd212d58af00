"""Password hashing (argon2id) and generation.

The parameters are the OWASP recommendation for argon2id on a web login (19 MiB, 2 passes, 1 lane): a
sign-in costs about 20 ms of one core. argon2-cffi's defaults (64 MiB, 3 passes, 4 lanes) took one web
process to 1.3 GB when a class of 30 signed in at once. A hash records its own parameters, so an older
hash still verifies; `needs_rehash` tells the sign-in to store a new one.

At most HASHING_AT_ONCE hashes (or verifications) run at a time in a process; the rest wait their turn. A
web process on gevent also hands them to real threads (`run_hashing_with`), so that its event loop keeps
serving while one is computed.
"""

import secrets
import threading

from argon2 import PasswordHasher, Type
from argon2.exceptions import InvalidHashError, VerificationError

TIME_COST, MEMORY_KIB, PARALLELISM = 2, 19 * 1024, 1
HASHING_AT_ONCE = 2  # the machine's cores: more at once only queue for the CPU, and each holds its memory


def _web_login_hasher():
    return PasswordHasher(time_cost=TIME_COST, memory_cost=MEMORY_KIB, parallelism=PARALLELISM, type=Type.ID)


_hasher = _web_login_hasher()
_turns = threading.BoundedSemaphore(HASHING_AT_ONCE)  # gevent's when the web process is monkey-patched
_runner = {"run": None}

# Letters and digits that cannot be mistaken for one another when read aloud or copied from paper.
_ALPHABET = "abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789"


def configure(fast=False):
    """Tests use cheap parameters; a hash records its own parameters, so either kind verifies."""
    global _hasher
    _hasher = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1) if fast else _web_login_hasher()


def run_hashing_with(runner):
    """Run every hash and verification as `runner(function, *args)` (which returns its result): the gevent
    web process passes a thread pool's apply, so that hashing does not block its event loop."""
    _runner["run"] = runner


def _bounded(work, *args):
    with _turns:
        run = _runner["run"]
        return run(work, *args) if run else work(*args)


def hash_password(password):
    return _bounded(_hasher.hash, password)


def _verify(password_hash, password):
    try:
        return _hasher.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def verify_password(password_hash, password):
    return _bounded(_verify, password_hash, password)


def needs_rehash(password_hash):
    return _hasher.check_needs_rehash(password_hash)


def generate_password(length=10):
    return "".join(secrets.choice(_ALPHABET) for _ in range(length))
