"""Admin views of the chats' bookkeeping and the learning square's bot (SPEC 8, 9): assignments marked done,
how far each user has read, Telegram links and their one-time codes, the bot's messages on shared devices,
help questions, reminders sent, and chats slowed down after wrong link codes.

Read only, but what the services allow a teacher: a Telegram link can be undone (services.bot.unlink), a
locked shared device opened again (unlock_device), and a waiting question marked helped (mark_helped),
each audit-logged by the service and live where a page shows it. Link codes are kept hashed and shown
without their hash.
"""

from flask import flash
from flask_admin.actions import action
from flask_admin.contrib.peewee.filters import FilterEqual

from models import (
    AssignmentDone,
    BotLink,
    BotMessage,
    ChatRead,
    HelpNotice,
    HelpRequest,
    LinkAttempt,
    LinkCode,
    ReminderSent,
)
from services import bot
from services.errors import DomainError

from . import lookups
from .base import ReadOnlyView, actor
from .labels import CHOICES
from .shown import count, hhmm

CATEGORY = "Chats en leerplein"


def _message(view, context, model, name):
    body = model.message.body
    return body if len(body) <= 80 else body[:80] + "…"


class AssignmentDoneView(ReadOnlyView):
    """Which pupils marked a chat assignment "klaar"."""

    column_list = ("message", "pupil", "done_at")
    column_labels = {"message": "Opdracht"}
    column_formatters = {"message": _message}
    column_formatters_export = column_formatters
    column_searchable_list = (lookups.person(AssignmentDone.pupil, "pupil"),)
    column_filters = (lookups.person_filter(AssignmentDone.pupil, "Leerling"), "done_at")
    column_default_sort = ("done_at", True)


class ChatReadView(ReadOnlyView):
    """How far each user has read each chat (what their unread counts are made of)."""

    column_list = ("user", "room", "last_read_id")
    column_labels = {"room": "Chat"}
    column_searchable_list = ("room", lookups.person(ChatRead.user, "user"))
    column_filters = (lookups.person_filter(ChatRead.user, "Gebruiker"), "room")


class BotLinkView(ReadOnlyView):
    """Telegram chats linked to a pupil or, as a shared device, to a group."""

    can_delete = True
    column_list = (
        "kind",
        "pupil",
        "group",
        "signed_in_pupil",
        "last_activity",
        "locked_until",
        "linked_by",
        "linked_at",
    )
    column_details_list = (
        "kind",
        "chat_id",
        "pupil",
        "group",
        "signed_in_pupil",
        "last_activity",
        "failed_codes",
        "locked_until",
        "linked_by",
        "linked_at",
    )
    column_searchable_list = (lookups.person(BotLink.pupil, "pupil"), lookups.group(BotLink.group))
    column_filters = (
        FilterEqual(BotLink.kind, "Soort", options=[(k, CHOICES["kind"][k]) for k in ("personal", "device")]),
        lookups.group_filter(BotLink.group),
        "linked_at",
    )
    column_default_sort = ("linked_at", True)

    def remove(self, model):
        """Unlink through the service: a device's turn is wiped from the tablet by the bot."""
        bot.unlink(actor(), model)

    @action("unlock", "Apparaat weer openen", "De gekozen gedeelde apparaten weer openen voor leerlingcodes?")
    def action_unlock(self, ids):
        """Open shared devices that were locked after too many wrong pupil codes."""
        opened = 0
        for link in self.get_query().where(BotLink.id.in_(ids) & (BotLink.kind == "device")):
            try:
                bot.unlock_device(actor(), link)
            except DomainError as refused:
                flash(refused.message, "error")
                continue
            opened += 1
        flash(f"{count(opened, 'apparaten', 'apparaat').capitalize()} weer open.", "success")


class LinkCodeView(ReadOnlyView):
    """One-time codes that link a chat to a pupil or a device to a group (the codes themselves are kept hashed)."""

    column_list = ("pupil", "group", "created_by", "expires_at", "used_at")
    column_details_list = column_list
    column_searchable_list = (lookups.person(LinkCode.pupil, "pupil"), lookups.group(LinkCode.group))
    column_filters = ("expires_at", "used_at")
    column_default_sort = ("expires_at", True)


class BotMessageView(ReadOnlyView):
    """The bot's messages in shared devices' chats, kept so that a pupil's turn can be wiped at sign-out."""

    column_list = ("chat_id", "message_id", "pupil", "created_at")
    column_searchable_list = ("chat_id", lookups.person(BotMessage.pupil, "pupil"))
    column_filters = ("chat_id", "created_at")
    column_default_sort = ("created_at", True)


class HelpRequestView(ReadOnlyView):
    """ "Ik heb een vraag": who asked for help on which goal, and who helped."""

    column_list = ("pupil", "goal", "asked_at", "helped_at", "helped_by")
    column_searchable_list = (lookups.person(HelpRequest.pupil, "pupil"), lookups.goal(HelpRequest.goal))
    column_filters = (lookups.person_filter(HelpRequest.pupil, "Leerling"), "asked_at", "helped_at")
    column_default_sort = ("asked_at", True)

    @action("helped", "Geholpen", "De gekozen vragen als geholpen markeren? De leerlingen krijgen bericht.")
    def action_helped(self, ids):
        """Mark questions helped, as the assistant would: off every open queue, and the bot tells the pupil."""
        helped = 0
        for request in self.get_query().where(HelpRequest.id.in_(ids) & HelpRequest.helped_at.is_null()):
            bot.mark_helped(actor(), request.id)
            helped += 1
        flash(f"{count(helped, 'vragen').capitalize()} als geholpen gemarkeerd.", "success")


class HelpNoticeView(ReadOnlyView):
    """ "Je vraag is gezien": the bot's notice to a helped pupil, and when it went out."""

    column_list = ("request", "created_at", "sent_at")
    column_formatters = {"request": lambda v, c, m, n: f"{m.request.pupil.full_name}, {m.request.asked_at:%d-%m %H:%M}"}
    column_formatters_export = column_formatters
    column_searchable_list = (
        lookups.Search(
            "pupil",
            lambda t: HelpNotice.request.in_(
                HelpRequest.select(HelpRequest.id).where(HelpRequest.pupil.in_(lookups.users_named(t)))
            ),
        ),
    )
    column_filters = ("created_at", "sent_at")
    column_default_sort = ("created_at", True)


class ReminderSentView(ReadOnlyView):
    """Learning-square reminders handed out: once per pupil or device, block and day."""

    column_list = ("date", "block", "recipient", "pupil", "sent_at")
    column_formatters = {
        "block": lambda v, c, m, n: f"{hhmm(m.block.start_time)} {m.block.title}, {m.block.group.name}"
    }
    column_formatters_export = column_formatters
    column_searchable_list = ("recipient", lookups.person(ReminderSent.pupil, "pupil"))
    column_filters = ("date", lookups.person_filter(ReminderSent.pupil, "Leerling"))
    column_default_sort = ("sent_at", True)


class LinkAttemptView(ReadOnlyView):
    """Telegram chats that sent wrong link codes: slowed down, then blocked for a while."""

    column_list = ("chat_id", "failures", "last_failed_at", "next_try_at")
    column_searchable_list = ("chat_id",)
    column_filters = ("failures", "last_failed_at")
    column_default_sort = ("last_failed_at", True)


def register(admin):
    views = (
        (AssignmentDoneView, AssignmentDone, "Afgevinkte opdrachten", "assignments_done"),
        (ChatReadView, ChatRead, "Gelezen tot", "chat_reads"),
        (BotLinkView, BotLink, "Telegram-koppelingen", "bot_links"),
        (LinkCodeView, LinkCode, "Koppelcodes", "link_codes"),
        (LinkAttemptView, LinkAttempt, "Foute koppelcodes per chat", "link_attempts"),
        (BotMessageView, BotMessage, "Botberichten op apparaten", "bot_messages"),
        (HelpRequestView, HelpRequest, "Hulpvragen", "help_requests"),
        (HelpNoticeView, HelpNotice, "Berichten 'geholpen'", "help_notices"),
        (ReminderSentView, ReminderSent, "Herinneringen", "reminders"),
    )
    for view, model, name, endpoint in views:
        admin.add_view(view(model, name, category=CATEGORY, endpoint=endpoint, url=endpoint.replace("_", "-")))
