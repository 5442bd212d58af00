"""Linking Telegram chats (SPEC 9, issue 7): one-time codes, linking, unlinking, the link of a chat.

A personal code links a chat to one pupil (a pupil has at most one linked chat: a new link replaces the
old one); a device code links a learning-square tablet's chat to a group. Codes are valid ten minutes and
single use. Wrong codes from one chat are slowed down and then blocked for a while, stored in LinkAttempt so
that a restart of the bot does not reset the count.
"""

import datetime as dt

from peewee import JOIN

from models import BotLink, Group, LinkAttempt, LinkCode, User, db
from models import now as utc_now

from .. import audit, permissions
from ..errors import DomainError, NotFound
from .codes import LinkRefused, code_hash, generate_code, normalise

LINK_CODE_MINUTES = 10
LINK_SLOW_AFTER = 3  # wrong codes before each next try has to wait
LINK_BLOCK_AFTER = 10  # wrong codes before the chat is blocked for LINK_BLOCK_MINUTES
LINK_BLOCK_MINUTES = 60
LINK_FAILURE_WINDOW = dt.timedelta(hours=1)  # failures older than this are forgotten
MAX_SLOW_DOWN_SECONDS = 300

WRONG_CODE = (
    "Deze code klopt niet, is verlopen of is al gebruikt. Vraag een nieuwe code op je "
    "Doelpunt-pagina (of aan je juf of meester) en stuur /start met die code."
)


def _new_code(actor, expires_at, **owner):
    """Store a fresh code for `owner` (pupil= or group=); return the code itself, shown once."""
    for _ in range(5):
        code = generate_code()
        digest = code_hash("link", code)
        if not LinkCode.select().where(LinkCode.code_hash == digest).exists():
            LinkCode.create(code_hash=digest, created_by=permissions.recorded_as(actor), expires_at=expires_at, **owner)
            return code
    raise DomainError("Er kon geen nieuwe code gemaakt worden. Probeer het opnieuw.")  # pragma: no cover


def new_link_code(actor, pupil, now=None):
    """A one-time code that links a pupil's own Telegram chat: (code, expires_at). Voids their older codes."""
    permissions.require(
        actor,
        "manage_pupil_bot",
        pupil,
        message="Je kunt alleen een koppelcode maken voor jezelf of voor een leerling die je mag bekijken.",
    )
    now = now or utc_now()
    expires_at = now + dt.timedelta(minutes=LINK_CODE_MINUTES)
    with db.atomic():
        LinkCode.delete().where(
            ((LinkCode.pupil == pupil) & LinkCode.used_at.is_null())
            | (LinkCode.expires_at < now - dt.timedelta(days=1))
        ).execute()
        code = _new_code(actor, expires_at, pupil=pupil)
    return code, expires_at


def new_device_code(actor, group, now=None):
    """A one-time code that links a learning-square tablet's chat to `group`: (code, expires_at)."""
    permissions.require(
        actor,
        "manage_devices",
        group,
        message="Alleen een leraar van deze groep, de IB-er of een beheerder koppelt apparaten.",
    )
    if group.archived:
        raise DomainError("Deze groep is gearchiveerd: koppel het apparaat aan een groep van dit schooljaar.")
    now = now or utc_now()
    expires_at = now + dt.timedelta(minutes=LINK_CODE_MINUTES)
    with db.atomic():
        code = _new_code(actor, expires_at, group=group)
    return code, expires_at


def _wait_message(seconds):
    if seconds >= 120:
        return f"Te vaak een verkeerde code. Probeer het over {round(seconds / 60)} minuten opnieuw."
    return f"Te vaak een verkeerde code. Wacht {seconds} seconden en probeer het dan opnieuw."


def _record_failure(chat_id, now):
    """Count a wrong code from this chat; return the seconds it must now wait (0: it may try again at once)."""
    with db.atomic():
        attempt = LinkAttempt.get_or_none(LinkAttempt.chat_id == chat_id)
        if attempt is None:
            attempt = LinkAttempt(chat_id=chat_id, failures=0)
        elif attempt.last_failed_at < now - LINK_FAILURE_WINDOW:
            attempt.failures = 0
        attempt.failures += 1
        attempt.last_failed_at = now
        if attempt.failures >= LINK_BLOCK_AFTER:
            wait = LINK_BLOCK_MINUTES * 60
        elif attempt.failures >= LINK_SLOW_AFTER:
            wait = min(5 * 2 ** (attempt.failures - LINK_SLOW_AFTER), MAX_SLOW_DOWN_SECONDS)
        else:
            wait = 0
        attempt.next_try_at = now + dt.timedelta(seconds=wait) if wait else None
        attempt.save()
    return wait


def _usable(row, now):
    if row is None or row.used_at is not None or row.expires_at <= now:
        return False
    if row.pupil_id is not None:
        return row.pupil.role == "pupil" and row.pupil.active
    return row.group_id is not None and not row.group.archived


def link_chat(chat_id, code, now=None):
    """Link the chat to the pupil or group of `code`; single use. Wrong codes: LinkRefused (with retry_after)."""
    chat_id, now = str(chat_id), now or utc_now()
    attempt = LinkAttempt.get_or_none(LinkAttempt.chat_id == chat_id)
    if attempt is not None and attempt.next_try_at is not None and attempt.next_try_at > now:
        wait = int((attempt.next_try_at - now).total_seconds()) + 1
        raise LinkRefused(_wait_message(wait), retry_after=wait)
    normal = normalise(code)
    row = None
    if normal is not None:
        row = (
            LinkCode.select(LinkCode, User, Group)
            .join(User, JOIN.LEFT_OUTER, on=(LinkCode.pupil == User.id))
            .switch(LinkCode)
            .join(Group, JOIN.LEFT_OUTER, on=(LinkCode.group == Group.id))
            .where(LinkCode.code_hash == code_hash("link", normal))
            .first()
        )
    link = _use(row, chat_id, now) if _usable(row, now) else None
    if link is None:
        wait = _record_failure(chat_id, now)
        raise LinkRefused(_wait_message(wait) if wait else WRONG_CODE, retry_after=wait)
    return link


def _use(row, chat_id, now):
    """Spend the code and make the link; None when someone else spent it first."""
    with db.atomic():
        spent = LinkCode.update(used_at=now).where((LinkCode.id == row.id) & LinkCode.used_at.is_null()).execute()
        if not spent:
            return None
        # A device's recorded turn stays recorded: the bot deletes those messages (chats_with_leftover_messages).
        BotLink.delete().where(BotLink.chat_id == chat_id).execute()
        if row.pupil_id is not None:
            BotLink.delete().where(BotLink.pupil == row.pupil_id).execute()  # the old chat gets nothing anymore
            link = BotLink.create(
                chat_id=chat_id,
                kind="personal",
                pupil=row.pupil_id,
                linked_by=row.created_by_id,
                linked_at=now,
                last_activity=now,
            )
        else:
            link = BotLink.create(
                chat_id=chat_id,
                kind="device",
                group=row.group_id,
                linked_by=row.created_by_id,
                linked_at=now,
                last_activity=now,
            )
        LinkAttempt.delete().where(LinkAttempt.chat_id == chat_id).execute()
        audit.record(
            row.created_by_id and row.created_by,
            f"bot_link_{link.kind}",
            link,
            detail=f"pupil {row.pupil_id}" if row.pupil_id else f"group {row.group_id}",
        )
    return link_for_chat(chat_id)


def link_for_chat(chat_id):
    """The BotLink of this chat (with its pupil or group loaded), or None."""
    Pupil = User.alias()
    return (
        BotLink.select(BotLink, Pupil, Group)
        .join(Pupil, JOIN.LEFT_OUTER, on=(BotLink.pupil == Pupil.id))
        .switch(BotLink)
        .join(Group, JOIN.LEFT_OUTER, on=(BotLink.group == Group.id))
        .where(BotLink.chat_id == str(chat_id))
        .first()
    )


def personal_link(pupil):
    """The pupil's own linked chat (BotLink), or None."""
    return BotLink.get_or_none((BotLink.pupil == getattr(pupil, "id", pupil)) & (BotLink.kind == "personal"))


def _load_link(link_or_pupil):
    if isinstance(link_or_pupil, User):
        link = personal_link(link_or_pupil)
        if link is None:
            raise NotFound(f"{link_or_pupil.full_name} heeft geen gekoppeld Telegram-account.")
        return link
    link = BotLink.get_or_none(BotLink.id == getattr(link_or_pupil, "id", link_or_pupil))
    if link is None:
        raise NotFound("Deze koppeling bestaat niet (meer).")
    return link


def require_manage_link(actor, link):
    if link.kind == "personal":
        permissions.require(
            actor,
            "manage_pupil_bot",
            link.pupil,
            message="Je mag de Telegram-koppeling van deze leerling niet wijzigen.",
        )
    else:
        permissions.require(
            actor,
            "manage_devices",
            link.group,
            message="Alleen een leraar van deze groep, de IB-er of een beheerder beheert apparaten.",
        )


def unlink(actor, link_or_pupil):
    """Remove a personal link (the pupil themself or staff) or a device (the group's teachers); returns it.

    A device's recorded messages stay recorded, so that the bot deletes the turn that was on the tablet
    (chats_with_leftover_messages): the tablet must not keep showing a pupil's goals."""
    link = _load_link(link_or_pupil)
    require_manage_link(actor, link)
    with db.atomic():
        link.delete_instance()
        audit.record(
            permissions.recorded_as(actor),
            f"bot_unlink_{link.kind}",
            link,
            detail=f"pupil {link.pupil_id}" if link.pupil_id else f"group {link.group_id}",
        )
    return link
