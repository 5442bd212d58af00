"""What the portfolio's modules share: the three voices, cleaning text, the running period and school year,
looking up the pupil, and removing stored files once their rows are gone for good."""

import dataclasses
import os
import re

from models import Period, SchoolSettings, User, db

from .. import clock, events, permissions
from ..errors import DomainError, NotFound

# Whose voice a user writes in: the pupil "Dit ben ik", the teachers "Wat ik zie", the parents "Wat wij thuis zien".
VOICE_OF_ROLE = {"pupil": "pupil", "teacher": "teacher", "admin": "teacher", "parent": "parent"}
VOICE_TITLES = {"pupil": "Dit ben ik", "teacher": "Wat ik zie", "parent": "Wat wij thuis zien"}
VOICE_NAMES = {"pupil": "leerling", "teacher": "leraar", "parent": "ouder"}
VOICE_OWNERS = {
    "pupil": "de leerling zelf",
    "teacher": "een leraar van deze leerling",
    "parent": "de ouders van deze leerling, als de school de toegang voor ouders heeft aangezet",
}
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")  # no text, and PostgreSQL refuses NUL


@dataclasses.dataclass(frozen=True)
class Voice:
    """A voice on a pupil's portfolio: what services.permissions' write_portfolio_text and rate_skill judge."""

    pupil: User
    voice: str


def voice_of(user):
    """The voice `user` writes in on a portfolio, or None (an assistant reads only)."""
    return VOICE_OF_ROLE.get(getattr(user, "role", None))


def require_voice(actor, action, pupil, voice):
    """Refuse, with who may instead, unless `actor` owns `voice` on `pupil`'s portfolio."""
    if voice not in VOICE_TITLES:
        raise DomainError("Onbekend onderdeel van het portfolio.")
    permissions.require(
        actor,
        action,
        Voice(pupil, voice),
        message=f"Alleen {VOICE_OWNERS[voice]} schrijft bij '{VOICE_TITLES[voice]}'.",
    )


def clean_text(text, limit, what="Deze tekst"):
    """The text as stored: control characters removed, trimmed; DomainError when longer than `limit`."""
    if text is None:
        return ""
    if not isinstance(text, str):
        raise DomainError(f"{what} is geen tekst.")
    text = _CONTROL.sub("", text.replace("\r\n", "\n")).strip()
    if len(text) > limit:
        raise DomainError(f"{what} is te lang: hoogstens {limit} tekens (dit zijn er {len(text)}).")
    return text


def the_pupil(pupil):
    """The pupil (a User with role pupil) for an instance or id; NotFound otherwise."""
    if isinstance(pupil, User) and pupil.role == "pupil":
        return pupil
    found = User.get_or_none((User.id == getattr(pupil, "id", pupil)) & (User.role == "pupil"))
    if found is None:
        raise NotFound("Deze leerling bestaat niet (meer).")
    return found


def school_year():
    return SchoolSettings.get_current().school_year


def current_period(today=None):
    """The period `today` falls in, else the last one that started before it (a holiday); DomainError when
    the school has no periods yet."""
    today = today or clock.today()
    found = Period.on(today) or (
        Period.select().where(Period.start_date <= today).order_by(Period.start_date.desc()).first()
    )
    if found is None:
        raise DomainError("De school heeft nog geen perioden ingesteld. Vraag de beheerder om ze in te stellen.")
    return found


def announce(actor, pupil, part):
    """Tell listeners that a part of the pupil's portfolio changed (after the commit)."""
    events.portfolio_changed.send(None, pupil=getattr(pupil, "id", pupil), part=part, actor=actor)


def remove_files(upload_folder, stored_names):
    """Delete stored files from the upload folder once the rows that named them are committed away (at
    once outside a transaction; never when the transaction rolls back)."""
    names = [name for name in stored_names if name]
    if not upload_folder or not names:
        return

    def remove():
        for name in names:
            path = os.path.join(upload_folder, os.path.basename(name))
            if os.path.isfile(path):
                os.remove(path)

    database = db.obj
    if database.in_transaction():
        database.after_commit(remove)
    else:
        remove()
