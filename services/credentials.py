"""What keeps an account to its owner (SPEC 2): passwords people choose, and sessions that end.

    check_chosen_password(password, user=None)          DomainError (Dutch) for a weak password
    change_own_password(user, current, new, address)    a signed-in user's own change; ends their other sessions
    end_sessions(user) -> int                           every session of `user` is over; the new epoch
    sign_out(user)                                      the same, as the user signs out
    session_is_current(user, epoch) -> bool             does a session carrying `epoch` still hold

A session carries the user's `session_epoch` from the moment they signed in (the web channels keep it under
SESSION_KEY). Signing out, and every password change or reset, raises the epoch: each session that carries an
older one, wherever its cookie was copied to, is over for the pages (the user loader) and for Socket.IO
(web/socket_access.py drops its connections on `events.sessions_ended`, and its sweep in other processes).
"""

import datetime as dt

from models import LoginAttempt, User, db, now

from . import audit, events, passwords
from .errors import DomainError, PermissionDenied
from .permissions import can, recorded_as

SESSION_KEY = "session_epoch"  # where the web channels keep a session's epoch
MIN_PASSWORD_LENGTH = 8
MAX_PASSWORD_LENGTH = 200
MAX_WRONG_CURRENT = 5  # wrong current passwords within the window, then the change form waits
WRONG_CURRENT_WINDOW_MINUTES = 15
# Passwords that guessers try first (lower case): refused whatever their length.
COMMON = frozenset(
    {
        "wachtwoord",
        "wachtwoord1",
        "wachtwoord123",
        "welkom123",
        "welkom01",
        "password",
        "password1",
        "passw0rd",
        "qwertyuiop",
        "azertyuiop",
        "iloveyou",
        "voetbal123",
        "school123",
        "doelpunt",
        "doelpunt1",
        "doelpunt123",
        "geheim123",
        "zomer2026",
        "winter2026",
    }
)
_SEQUENCES = ("0123456789", "abcdefghijklmnopqrstuvwxyz", "qwertyuiopasdfghjklzxcvbnm")


def check_chosen_password(password, user=None):
    """Refuse, in Dutch, a password a person chose that is too short or easy to guess."""
    password = password or ""
    if len(password) < MIN_PASSWORD_LENGTH:
        raise DomainError(f"Een wachtwoord heeft minstens {MIN_PASSWORD_LENGTH} tekens.")
    if len(password) > MAX_PASSWORD_LENGTH:
        raise DomainError(f"Een wachtwoord heeft hoogstens {MAX_PASSWORD_LENGTH} tekens.")
    lowered = password.lower()
    if lowered in COMMON or len(set(lowered)) <= 2 or any(lowered in run for run in _SEQUENCES):
        raise DomainError("Dit wachtwoord is te makkelijk te raden; kies een langere zin of meer verschillende tekens.")
    if user is not None:
        names = [user.login.split("@")[0], user.first_name, user.last_name]
        if any(len(name) >= 3 and name.lower() in lowered for name in names if name):
            raise DomainError("Gebruik je naam of inlognaam niet in je wachtwoord.")


def session_is_current(user, epoch):
    """True when a session carrying `epoch` (0 for one made before epochs existed) has not been ended."""
    try:
        return int(epoch or 0) == user.session_epoch
    except (TypeError, ValueError):
        return False


def end_sessions(user):
    """End every session of `user` now; return the new epoch (a caller keeping its own session stores it)."""
    with db.atomic():
        User.update(session_epoch=User.session_epoch + 1).where(User.id == user.id).execute()
        user.session_epoch = User.select(User.session_epoch).where(User.id == user.id).scalar()
        events.sessions_ended.send(None, user=user.id, epoch=user.session_epoch)
    return user.session_epoch


def sign_out(user):
    """The user signs out: this session and every copy of it, and their other sessions, end."""
    if getattr(user, "id", None) is not None:
        end_sessions(user)


def may_change_own_password(user):
    """Everyone signed in, pupils where the school allows it (a school setting)."""
    return can(user, "change_own_password")


def change_own_password(user, current, new, address=""):
    """A signed-in user changes their own password: the current one must be right, the new one strong. Their
    other sessions end; the caller keeps this one with the returned epoch."""
    if not may_change_own_password(user):
        raise PermissionDenied("Je juf of meester kan je wachtwoord veranderen; zelf kan dat op deze school niet.")
    key, address = f"wachtwoord:{user.login}"[:255], (address or "")[:255]
    window = now() - dt.timedelta(minutes=WRONG_CURRENT_WINDOW_MINUTES)
    if (
        LoginAttempt.select().where((LoginAttempt.login == key) & (LoginAttempt.at >= window)).count()
        >= MAX_WRONG_CURRENT
    ):
        raise DomainError("Te vaak een verkeerd huidig wachtwoord. Probeer het over een kwartier opnieuw.")
    stored = User.select(User.password_hash).where(User.id == user.id).scalar()  # the signed-in row lacks it
    if not passwords.verify_password(stored, current or ""):
        LoginAttempt.create(login=key, address=address)
        raise DomainError("Je huidige wachtwoord klopt niet; er is niets gewijzigd.")
    if new == current:
        raise DomainError("Kies een ander wachtwoord dan je huidige.")
    check_chosen_password(new, user)
    new_hash = passwords.hash_password(new)  # before the transaction: SQLite holds its write lock meanwhile
    with db.atomic():
        user.password_hash = new_hash
        user.save(only=[User.password_hash])
        LoginAttempt.delete().where(LoginAttempt.login.in_([key, user.login])).execute()
        audit.record(recorded_as(user), "password_changed", user, detail="eigen wachtwoord")
        return end_sessions(user)
