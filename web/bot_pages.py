"""Web pages of the pupil bot (SPEC 9, issue 7): linking Telegram, reminders, shared learning-square devices,
printable pupil codes and the learning-square assistant's live help queue.

The pupil's plan, the teacher's pupil page and the group profile include small cards of this blueprint
(templates/bot/_*.html); the values they show come from the context functions below.
"""

from flask import Blueprint, current_app, flash, make_response, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from models import BotLink, Document, Group, User
from models import now as utc_now
from services import bot, clock, permissions

from .access import allowed, get_or_404, pupil_or_404
from .chat import send_document

bp = Blueprint("bot_pages", __name__)


def _local(stamp):
    """A naive UTC timestamp as the school's clock shows it ("23-11-2026 10:05")."""
    return clock.local_text(stamp)


def _device(group, link_id):
    return get_or_404(
        BotLink,
        link_id,
        BotLink.kind == "device",
        BotLink.group == group.id,
        message="Dit apparaat is niet (meer) gekoppeld aan deze groep.",
    )


# --- the cards on other blueprints' pages ----------------------------------------------------------------


def telegram_card(pupil_id):
    """The "Telegram" card of a pupil: link status and the actions the signed-in user may take."""
    pupil = User.get_or_none((User.id == pupil_id) & (User.role == "pupil"))
    if pupil is None or not permissions.can(current_user, "manage_pupil_bot", pupil):
        return None
    link = bot.personal_link(pupil)
    own = current_user.id == pupil.id
    return {
        "pupil_id": pupil.id,
        "own": own,
        "linked": link is not None,
        "linked_at": _local(link.linked_at) if link else "",
        "reminders": pupil.bot_reminders,
        "code_url": url_for("bot_pages.my_code") if own else url_for("bot_pages.pupil_code", pupil_id=pupil.id),
        "unlink_url": (url_for("bot_pages.my_unlink") if own else url_for("bot_pages.pupil_unlink", pupil_id=pupil.id)),
        "reminders_url": url_for("bot_pages.my_reminders") if own else None,
    }


def devices_card(group_id):
    """The "Leerplein-apparaten" card of a group, for those who manage its devices; else None."""
    group = Group.get_or_none(Group.id == group_id)
    if group is None or not permissions.can(current_user, "manage_devices", group):
        return None
    now = utc_now()
    devices = []
    for number, link in enumerate(
        BotLink.select()
        .where((BotLink.kind == "device") & (BotLink.group == group.id))
        .order_by(BotLink.linked_at, BotLink.id),
        start=1,
    ):
        devices.append(
            {
                "id": link.id,
                "label": f"Apparaat {number}",
                "linked_at": _local(link.linked_at),
                "locked": bot.is_locked(link, now),
                "in_use": link.signed_in_pupil_id is not None,
                "last_activity": _local(link.last_activity),
            }
        )
    return {"group_id": group.id, "archived": group.archived, "devices": devices}


@bp.app_context_processor
def bot_context():
    """The card functions for the included templates, and the help queue's menu link for staff."""
    help_url = None
    if current_user.is_authenticated and permissions.can(current_user, "help_queue"):
        help_url = url_for("bot_pages.help_queue")
    return {
        "telegram_card": telegram_card,
        "devices_card": devices_card,
        "help_queue_url": help_url,
        "help_queue_active": request.path.startswith("/leerplein/vragen"),
    }


# --- linking a pupil's own Telegram --------------------------------------------------------------------


def _code_page(pupil, back_url, own):
    code, expires_at = bot.new_link_code(current_user, pupil)
    username = current_app.config.get("TELEGRAM_BOT_USERNAME")
    response = make_response(
        render_template(
            "bot/link_code.html",
            pupil_name=pupil.full_name,
            own=own,
            code=code,
            readable=bot.readable(code),
            minutes=bot.LINK_CODE_MINUTES,
            expires_at=clock.local(expires_at).strftime("%H:%M"),
            deep_link=f"https://t.me/{username}?start={code}" if username else None,
            back_url=back_url,
        )
    )
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.route("/mijn-plan/telegram/code", methods=["POST"])
@allowed("view_own_plan")
def my_code():
    """A pupil makes a one-time code to link their own Telegram account."""
    return _code_page(current_user, url_for("home.my_plan"), own=True)


@bp.route("/leerlingen/<int:pupil_id>/telegram/code", methods=["POST"])
@allowed("view_pupil_list")
def pupil_code(pupil_id):
    """Staff make a one-time code for a pupil, to link the pupil's Telegram account."""
    pupil = pupil_or_404(pupil_id)
    return _code_page(pupil, url_for("teacher_pupils.pupil", pupil_id=pupil.id), own=False)


@bp.route("/mijn-plan/telegram/ontkoppelen", methods=["POST"])
@allowed("view_own_plan")
def my_unlink():
    """A pupil unlinks their own Telegram account."""
    bot.unlink(current_user, current_user)
    flash("Je Telegram is ontkoppeld.", "success")
    return redirect(url_for("home.my_plan"))


@bp.route("/leerlingen/<int:pupil_id>/telegram/ontkoppelen", methods=["POST"])
@allowed("view_pupil_list")
def pupil_unlink(pupil_id):
    """Staff unlink a pupil's Telegram account: that chat gets nothing from the bot anymore."""
    pupil = pupil_or_404(pupil_id)
    bot.unlink(current_user, pupil)
    flash(f"De Telegram-koppeling van {pupil.full_name} is verwijderd.", "success")
    return redirect(url_for("teacher_pupils.pupil", pupil_id=pupil.id))


@bp.route("/mijn-plan/telegram/herinneringen", methods=["POST"])
@allowed("view_own_plan")
def my_reminders():
    """A pupil switches the learning-square reminders on or off."""
    on = request.form.get("aan") == "1"
    bot.set_reminders(current_user, on)
    flash("Je krijgt weer een herinnering op het leerplein." if on else "Je krijgt geen herinneringen meer.", "success")
    return redirect(url_for("home.my_plan"))


@bp.route("/bewijs/<int:document_id>")
@login_required
def evidence(document_id):
    """A photo a pupil sent as evidence, for whoever may view that pupil."""
    document = get_or_404(
        Document,
        document_id,
        Document.kind == "evidence",
        Document.pupil.is_null(False),
        Document.stored_name.is_null(False) & (Document.stored_name != ""),
        message="Deze foto bestaat niet (meer).",
    )
    permissions.require(current_user, "view_pupil", document.pupil)
    return send_document(document, as_attachment=False)


# --- shared learning-square devices and printed pupil codes -------------------------------------------------


@bp.route("/groepen/<int:group_id>/apparaten/code", methods=["POST"])
@login_required
def device_code(group_id):
    """A teacher makes a one-time code that links a learning-square tablet to the group."""
    group = get_or_404(Group, group_id)
    code, expires_at = bot.new_device_code(current_user, group)
    username = current_app.config.get("TELEGRAM_BOT_USERNAME")
    response = make_response(
        render_template(
            "bot/device_code.html",
            group_name=group.name,
            code=code,
            readable=bot.readable(code),
            minutes=bot.LINK_CODE_MINUTES,
            expires_at=clock.local(expires_at).strftime("%H:%M"),
            deep_link=f"https://t.me/{username}?start={code}" if username else None,
            back_url=url_for("teacher_groups.profile", group_id=group.id),
        )
    )
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.route("/groepen/<int:group_id>/apparaten/<int:link_id>/ontgrendelen", methods=["POST"])
@login_required
def unlock_device(group_id, link_id):
    """Open a device again after too many wrong pupil codes."""
    group = get_or_404(Group, group_id)
    bot.unlock_device(current_user, _device(group, link_id))
    flash("Het apparaat is weer open.", "success")
    return redirect(url_for("teacher_groups.profile", group_id=group.id, _anchor="apparaten"))


@bp.route("/groepen/<int:group_id>/apparaten/<int:link_id>/ontkoppelen", methods=["POST"])
@login_required
def unlink_device(group_id, link_id):
    """Unlink a device from the group: the bot no longer answers that chat."""
    group = get_or_404(Group, group_id)
    bot.unlink(current_user, _device(group, link_id))
    flash("Het apparaat is ontkoppeld.", "success")
    return redirect(url_for("teacher_groups.profile", group_id=group.id, _anchor="apparaten"))


@bp.route("/groepen/<int:group_id>/leerlingcodes", methods=["POST"])
@login_required
def print_codes(group_id):
    """New pupil codes for the whole group on printable cards; shown this once."""
    group = get_or_404(Group, group_id)
    pairs = bot.new_pupil_codes(current_user, group)
    cards = [{"name": pupil.full_name, "code": bot.readable(code)} for pupil, code in pairs]
    response = make_response(
        render_template(
            "bot/pupil_codes.html",
            group_name=group.name,
            cards=cards,
            made_at=_local(utc_now()),
            back_url=url_for("teacher_groups.profile", group_id=group.id),
        )
    )
    response.headers["Cache-Control"] = "no-store"
    return response


# --- the learning-square assistant's help queue ---------------------------------------------------------------


@bp.route("/leerplein/vragen")
@login_required
def help_queue():
    """Who is waiting on which goal, in order, live (static/js/help.js); for staff."""
    queue = bot.help_queue(current_user)
    return render_template("bot/help_queue.html", queue=queue)


@bp.route("/leerplein/vragen/<int:request_id>/geholpen", methods=["POST"])
@login_required
def mark_helped(request_id):
    """The assistant has helped: the question leaves every open queue and the pupil is told."""
    bot.mark_helped(current_user, request_id)
    if request.headers.get("X-Requested-With") == "fetch":
        return {"ok": True}
    flash("Gemarkeerd als geholpen.", "success")
    return redirect(url_for("bot_pages.help_queue"))
