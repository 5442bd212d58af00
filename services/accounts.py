"""Accounts: creating users, signing in, passwords, deactivation and parent links (SPEC.md 2).

Passwords are stored only as argon2 hashes. Sign-in failures are counted per login name and per address
(LoginAttempt) so that guessing is slowed down, and every refusal reads the same, so that the sign-in page
never tells whether an account exists.
"""

import datetime as dt
import re

from peewee import IntegrityError

from models import ROLES, LoginAttempt, ParentLink, User, db, now

from . import audit, credentials, passwords
from .errors import Conflict, DomainError
from .permissions import recorded_as, require

MIN_PASSWORD_LENGTH = credentials.MIN_PASSWORD_LENGTH
KEEP_FAILURES_MINUTES = 24 * 60
LOGIN_SHAPE = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s.]+$")  # e-mail-shaped; need not be a real address
ROLE_NAMES = {
    "admin": "beheerder",
    "teacher": "leraar",
    "assistant": "assistent",
    "pupil": "leerling",
    "parent": "ouder",
}

WRONG_COMBINATION = "Onbekende combinatie van inlognaam en wachtwoord."
TOO_MANY_FAILURES = "Te veel mislukte pogingen. Probeer het over enkele minuten opnieuw."


class LoginFailed(DomainError):
    """Sign-in refused; the message never says whether the account exists."""

    status_code = 401


class LoginThrottled(LoginFailed):
    """Too many recent failures for this login name or address: refused without checking the password."""

    status_code = 429

    def __init__(self, message=TOO_MANY_FAILURES):
        super().__init__(message)


def normalise_login(login):
    return (login or "").strip().lower()


def role_name(user):
    """The user's role as the screens say it: "leraar", "IB-er", "leerling", ..."""
    name = ROLE_NAMES.get(user.role, user.role)
    return "IB-er" if user.role == "teacher" and user.is_coach else name


def _check_chosen_password(password):
    if len(password or "") < MIN_PASSWORD_LENGTH:
        raise DomainError(f"Een wachtwoord heeft minstens {MIN_PASSWORD_LENGTH} tekens.")


def create_user(actor, role, login, first_name, last_name, infix="", level=None, is_coach=False, password=None):
    """Create an account; return `(user, generated_password)`, the latter None when `password` was given.

    A generated password is returned once, to be shown once ("noteer het wachtwoord"); only its hash is kept.
    """
    require(actor, "admin", message="Alleen een beheerder kan accounts aanmaken.")
    login = normalise_login(login)
    if not LOGIN_SHAPE.match(login) or len(login) > 255:
        raise DomainError("Een inlognaam heeft de vorm van een e-mailadres, bijvoorbeeld naam@school.nl.")
    if role not in ROLES:
        raise DomainError(f"Onbekende rol: {role}.")
    first_name, infix, last_name = (first_name or "").strip(), (infix or "").strip(), (last_name or "").strip()
    if not first_name or not last_name:
        raise DomainError("Vul een voornaam en een achternaam in.")
    if role == "pupil":
        if isinstance(level, bool) or not isinstance(level, int) or not 1 <= level <= 8:
            raise DomainError("Een leerling heeft een niveau van 1 tot en met 8.")
    else:
        level = None
    if is_coach and role != "teacher":
        raise DomainError("Alleen een leraar kan IB-er zijn.")
    generated = None
    if password is None:
        password = generated = passwords.generate_password()
    else:
        _check_chosen_password(password)

    taken = Conflict(f"Er is al een account met de inlognaam {login}.")
    try:
        with db.atomic():
            if User.select().where(User.login == login).exists():
                raise taken
            user = User.create(
                login=login,
                password_hash=passwords.hash_password(password),
                role=role,
                first_name=first_name,
                infix=infix,
                last_name=last_name,
                level=level,
                is_coach=bool(is_coach),
            )
            audit.record(recorded_as(actor), "user_created", user, detail=f"{role} {login}")
    except IntegrityError:  # created by someone else between the check and the insert
        raise taken from None
    return user, generated


_dummy_hash = None


def _verify_for_nobody(password):
    """Spend the time a real check takes, so that timing does not tell whether an account exists."""
    global _dummy_hash
    if _dummy_hash is None or passwords.needs_rehash(_dummy_hash):
        _dummy_hash = passwords.hash_password(passwords.generate_password(16))
    passwords.verify_password(_dummy_hash, password or "")


def authenticate(login, password, address, max_failures=5, window_minutes=15, max_failures_per_address=None):
    """Return the active user with this login and password, or raise LoginFailed.

    After `max_failures` failures within `window_minutes` for the login name, or `max_failures_per_address`
    for the address (a whole class may sign in behind one school router, so that limit is higher), even
    the right password is refused until the window has passed.
    """
    if max_failures_per_address is None:
        max_failures_per_address = max_failures
    login = normalise_login(login)[:255]
    address = (address or "")[:255]
    recent = LoginAttempt.select().where(LoginAttempt.at >= now() - dt.timedelta(minutes=window_minutes))
    if (
        recent.where(LoginAttempt.login == login).count() >= max_failures
        or recent.where(LoginAttempt.address == address).count() >= max_failures_per_address
    ):
        raise LoginThrottled()

    user = User.get_or_none(User.login == login)
    if user is None:
        _verify_for_nobody(password)
        valid = False
    else:
        valid = passwords.verify_password(user.password_hash, password or "") and user.active
    if not valid:
        with db.atomic():
            LoginAttempt.create(login=login, address=address)
            # Old failures count for nothing; dropping them keeps the table small.
            kept_minutes = max(window_minutes, KEEP_FAILURES_MINUTES)
            LoginAttempt.delete().where(LoginAttempt.at < now() - dt.timedelta(minutes=kept_minutes)).execute()
        raise LoginFailed(WRONG_COMBINATION)

    # Hashed before the transaction: on SQLite a write transaction holds the whole database's write lock.
    new_hash = passwords.hash_password(password) if passwords.needs_rehash(user.password_hash) else None
    with db.atomic():
        LoginAttempt.delete().where(LoginAttempt.login == login).execute()
        if new_hash:
            user.password_hash = new_hash
            user.save(only=[User.password_hash])
    return user


def set_password(actor, target, new_password=None):
    """Give `target` a new password (generated when None) and return it; SPEC 2 says who may. Every session
    of `target` ends (credentials.end_sessions)."""
    require(actor, "reset_password", target, message="Je mag het wachtwoord van dit account niet wijzigen.")
    if new_password is None:
        new_password = passwords.generate_password()
    else:
        credentials.check_chosen_password(new_password, target)
    with db.atomic():
        target.password_hash = passwords.hash_password(new_password)
        target.save(only=[User.password_hash])
        # A fresh password is a fresh start: earlier failures no longer lock the account.
        LoginAttempt.delete().where(LoginAttempt.login == target.login).execute()
        audit.record(recorded_as(actor), "password_set", target)
        credentials.end_sessions(target)
    return new_password


def deactivate(actor, user):
    """Switch an account off (a pupil who leaves is deactivated, never deleted); it can no longer sign in."""
    require(actor, "admin", message="Alleen een beheerder kan accounts uitzetten.")
    if user.id == getattr(actor, "id", None):
        raise DomainError("Je kunt je eigen account niet uitzetten.")
    with db.atomic():
        user.active = False
        user.deactivated_at = now()
        user.save(only=[User.active, User.deactivated_at])
        audit.record(recorded_as(actor), "user_deactivated", user)
    return user


def reactivate(actor, user):
    """Switch an account on again."""
    require(actor, "admin", message="Alleen een beheerder kan accounts weer aanzetten.")
    with db.atomic():
        user.active = True
        user.deactivated_at = None
        user.save(only=[User.active, User.deactivated_at])
        audit.record(recorded_as(actor), "user_reactivated", user)
    return user


def link_parent(actor, parent, pupil):
    """Link a parent to a pupil (idempotent) and return the link."""
    require(actor, "admin", message="Alleen een beheerder kan ouders aan leerlingen koppelen.")
    if parent.role != "parent" or pupil.role != "pupil":
        raise DomainError("Alleen een ouder kan aan een leerling gekoppeld worden.")
    with db.atomic():
        link, created = ParentLink.get_or_create(parent=parent, pupil=pupil)
        if created:
            audit.record(recorded_as(actor), "parent_linked", link, detail=f"{parent.login} -> {pupil.login}")
    return link


def unlink_parent(actor, parent, pupil):
    """Remove the link between a parent and a pupil; return whether there was one."""
    require(actor, "admin", message="Alleen een beheerder kan ouders ontkoppelen.")
    with db.atomic():
        removed = ParentLink.delete().where((ParentLink.parent == parent) & (ParentLink.pupil == pupil)).execute()
        if removed:
            audit.record(recorded_as(actor), "parent_unlinked", parent, detail=f"{parent.login} -x {pupil.login}")
    return bool(removed)


# Read on every request for whoever is signed in: every column but the secrets and the pupil's national
# number, which no page needs from the signed-in user (a row saved later leaves columns it lacks untouched).
SIGNED_IN_COLUMNS = [
    field for field in User._meta.sorted_fields if field.name not in ("password_hash", "pupil_code_hash", "eckid")
]


def load_user(user_id, session_epoch=0):
    """The active user with this id whose sessions up to `session_epoch` have not been ended, or None
    (Flask-Login's user loader), without SIGNED_IN_COLUMNS' omissions."""
    try:
        user_id = int(user_id)
    except (TypeError, ValueError):
        return None
    user = User.select(*SIGNED_IN_COLUMNS).where((User.id == user_id) & User.active).first()
    return user if user is not None and credentials.session_is_current(user, session_epoch) else None
