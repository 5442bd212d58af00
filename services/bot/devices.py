"""Who is speaking in a chat, and turns on shared learning-square devices (SPEC 9, issue 7).

A personal chat always speaks for its pupil. A device chat speaks for the pupil signed in with their
printed pupil code, until they sign out or have been idle for DEVICE_IDLE_MINUTES. Every message of a turn
is recorded so that the bot can delete the whole turn at sign-out. Wrong pupil codes are slowed down and then
lock the device until a teacher unlocks it.
"""

import datetime as dt

from peewee import IntegrityError

from models import BotLink, BotMessage, GroupMember, User, db
from models import now as utc_now

from .. import audit, permissions
from ..errors import Conflict, DomainError, NotFound
from .codes import DeviceRefused, code_hash, generate_code, normalise
from .links import link_for_chat, require_manage_link

DEVICE_IDLE_MINUTES = 3
DEVICE_SLOW_AFTER = 3  # wrong pupil codes before each next try has to wait
DEVICE_LOCK_AFTER = 8  # wrong pupil codes before the device is locked until a teacher unlocks it
LOCKED_FOR = dt.timedelta(days=365)  # "until a teacher unlocks it"
MAX_SLOW_DOWN_SECONDS = 120

WRONG_PUPIL_CODE = "Deze code klopt niet. Kijk goed op je kaartje en probeer het nog eens."
NOT_A_PUPIL_CODE = "Typ eerst je leerlingcode. Die staat op je kaartje: 8 letters en cijfers, zoals ABCD-EFGH."
LOCKED = "Dit apparaat is op slot gezet na te veel verkeerde codes. Vraag je juf of meester om het weer open te zetten."


def _idle_limit(now):
    return now - dt.timedelta(minutes=DEVICE_IDLE_MINUTES)


def is_locked(link, now=None):
    """True when the device is locked until a teacher unlocks it (not merely slowed down)."""
    now = now or utc_now()
    return (
        link.kind == "device"
        and link.failed_codes >= DEVICE_LOCK_AFTER
        and link.locked_until is not None
        and link.locked_until > now
    )


def current_pupil(chat_id, now=None):
    """The pupil this chat speaks for, or None (unlinked; a device with nobody signed in or idle too long)."""
    now = now or utc_now()
    link = link_for_chat(chat_id)
    if link is None:
        return None
    if link.kind == "personal":
        pupil = link.pupil
        return pupil if pupil.role == "pupil" and pupil.active else None
    if link.signed_in_pupil_id is None or link.last_activity < _idle_limit(now):
        return None
    pupil = User.get_or_none((User.id == link.signed_in_pupil_id) & (User.role == "pupil") & User.active)
    if pupil is None or link.group.archived or not _member(pupil, link.group_id):
        return None
    return pupil


def _member(pupil, group_id):
    return GroupMember.select().where((GroupMember.group == group_id) & (GroupMember.pupil == pupil)).exists()


def _device(chat_id):
    link = link_for_chat(chat_id)
    if link is None or link.kind != "device":
        raise NotFound("Dit is geen gedeeld apparaat van een groep.")
    return link


def _refuse(link, now):
    """Count a wrong pupil code on this device and raise DeviceRefused (stored before raising)."""
    failures = link.failed_codes + 1
    if failures >= DEVICE_LOCK_AFTER:
        until, wait = now + LOCKED_FOR, None
    elif failures >= DEVICE_SLOW_AFTER:
        wait = min(10 * 2 ** (failures - DEVICE_SLOW_AFTER), MAX_SLOW_DOWN_SECONDS)
        until = now + dt.timedelta(seconds=wait)
    else:
        until, wait = None, 0
    BotLink.update(failed_codes=failures, locked_until=until).where(BotLink.id == link.id).execute()
    if wait is None:
        raise DeviceRefused(LOCKED, retry_after=None, locked=True)
    if wait:
        raise DeviceRefused(f"{WRONG_PUPIL_CODE} Wacht eerst {wait} seconden.", retry_after=wait)
    raise DeviceRefused(WRONG_PUPIL_CODE)


def sign_in_on_device(chat_id, pupil_code, now=None):
    """Sign a pupil of the device's group in with their printed code; returns the pupil.

    Whoever was signed in before is replaced: the caller signs them out first (and deletes their turn)."""
    now = now or utc_now()
    link = _device(chat_id)
    if link.locked_until is not None and link.locked_until > now:
        if is_locked(link, now):
            raise DeviceRefused(LOCKED, retry_after=None, locked=True)
        wait = int((link.locked_until - now).total_seconds()) + 1
        raise DeviceRefused(f"Even wachten: probeer het over {wait} seconden opnieuw.", retry_after=wait)
    normal = normalise(pupil_code)
    if normal is None:  # "hoi", "ik ben Daan": no guess at a code, so not counted against the device
        raise DeviceRefused(NOT_A_PUPIL_CODE)
    pupil = User.get_or_none(
        (User.pupil_code_hash == code_hash("pupil", normal)) & (User.role == "pupil") & User.active
    )
    if pupil is None or link.group.archived or not _member(pupil, link.group_id):
        _refuse(link, now)
    BotLink.update(signed_in_pupil=pupil, last_activity=now, failed_codes=0, locked_until=None).where(
        BotLink.id == link.id
    ).execute()
    return pupil


def sign_out_from_device(chat_id):
    """End the turn on a device: returns the Telegram message ids to delete, and forgets them."""
    link = _device(chat_id)
    with db.atomic():
        ids = take_recorded_messages(link.chat_id)
        BotLink.update(signed_in_pupil=None).where(BotLink.id == link.id).execute()
    return ids


def take_recorded_messages(chat_id):
    """The recorded message ids of a chat, forgotten here: the caller deletes them from the chat."""
    chat_id = str(chat_id)
    with db.atomic():
        ids = [
            row.message_id
            for row in BotMessage.select(BotMessage.message_id)
            .where(BotMessage.chat_id == chat_id)
            .order_by(BotMessage.message_id)
        ]
        BotMessage.delete().where(BotMessage.chat_id == chat_id).execute()
    return ids


def chats_with_leftover_messages():
    """Chats that are no shared device (any more) but still hold a recorded turn: a teacher unlinked the
    tablet, or linked it anew, while a pupil's messages were on it. The bot deletes them."""
    devices = BotLink.select(BotLink.chat_id).where(BotLink.kind == "device")
    return [
        row.chat_id
        for row in BotMessage.select(BotMessage.chat_id)
        .distinct()
        .where(BotMessage.chat_id.not_in(devices))
        .order_by(BotMessage.chat_id)
    ]


def record_message(chat_id, message_id, pupil=None):
    """Remember a message of a device chat (either direction) for deletion at sign-out; personal chats: no-op."""
    link = link_for_chat(chat_id)
    if link is None or link.kind != "device":
        return None
    pupil_id = getattr(pupil, "id", pupil) if pupil is not None else link.signed_in_pupil_id
    return BotMessage.create(chat_id=link.chat_id, message_id=int(message_id), pupil=pupil_id)


def touch(chat_id, now=None):
    """The chat was active now (for the idle timer of a device turn)."""
    BotLink.update(last_activity=now or utc_now()).where(BotLink.chat_id == str(chat_id)).execute()


def idle_device_chats(now=None):
    """Device chats whose signed-in pupil has been idle longer than DEVICE_IDLE_MINUTES."""
    now = now or utc_now()
    return [
        link.chat_id
        for link in BotLink.select(BotLink.chat_id)
        .where(
            (BotLink.kind == "device")
            & BotLink.signed_in_pupil.is_null(False)
            & (BotLink.last_activity < _idle_limit(now))
        )
        .order_by(BotLink.id)
    ]


def unlock_device(actor, link):
    """A teacher opens a device again after too many wrong pupil codes."""
    link = BotLink.get_or_none(BotLink.id == getattr(link, "id", link))
    if link is None or link.kind != "device":
        raise NotFound("Dit apparaat bestaat niet (meer).")
    require_manage_link(actor, link)
    BotLink.update(failed_codes=0, locked_until=None).where(BotLink.id == link.id).execute()
    audit.record(permissions.recorded_as(actor), "bot_device_unlocked", link, detail=f"group {link.group_id}")
    return BotLink.get_by_id(link.id)


def new_pupil_codes(actor, group):
    """New printed pupil codes for every active member of `group`: [(pupil, code)], shown once.

    The old codes of these pupils stop working."""
    permissions.require(
        actor,
        "manage_devices",
        group,
        message="Alleen een leraar van deze groep, de IB-er of een beheerder print leerlingcodes.",
    )
    pupils = list(
        User.select()
        .join(GroupMember, on=(GroupMember.pupil == User.id))
        .where((GroupMember.group == group) & (User.role == "pupil") & User.active)
        .order_by(User.last_name, User.first_name, User.id)
    )
    if not pupils:
        raise DomainError("Deze groep heeft geen leerlingen om codes voor te maken.")
    for _ in range(3):
        codes = {}
        while len(codes) < len(pupils):
            codes[generate_code()] = None
        pairs = list(zip(pupils, codes))
        try:
            with db.atomic():
                for pupil, code in pairs:
                    User.update(pupil_code_hash=code_hash("pupil", code)).where(User.id == pupil.id).execute()
                audit.record(
                    permissions.recorded_as(actor), "pupil_codes_printed", group, detail=f"{len(pairs)} leerlingen"
                )
            return pairs
        except IntegrityError:  # pragma: no cover - a clash with another pupil's code: about 1 in 10^10
            continue
    raise Conflict("Er konden geen nieuwe codes gemaakt worden. Probeer het opnieuw.")  # pragma: no cover
