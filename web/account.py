"""Mijn account: who is signed in, and changing one's own password (SPEC 2; pupils where the school allows
it); and a teacher giving a parent a new password, shown once. A password change or reset ends the other
sessions of that account (services.credentials); the one who changed their own stays signed in."""

from flask import Blueprint, flash, make_response, redirect, render_template, request, url_for
from flask_login import current_user

from models import User
from services import accounts, credentials, permissions
from services.errors import DomainError

from .access import allowed, get_or_404
from .auth import keep_session
from .forms import OwnPasswordForm

bp = Blueprint("account", __name__)


def _page(form, status=200):
    user = current_user
    return (
        render_template(
            "account/index.html",
            form=form,
            name=user.full_name,
            login=user.login,
            role=accounts.role_name(user),
            may_change=credentials.may_change_own_password(user),
            min_length=credentials.MIN_PASSWORD_LENGTH,
        ),
        status,
    )


@bp.route("/account")
@allowed("view_own_account")
def index():
    """Mijn account: name, login and role, and the form to change one's own password."""
    return _page(OwnPasswordForm())


@bp.route("/account/wachtwoord", methods=["POST"])
@allowed("change_own_password", "Je juf of meester kan je wachtwoord veranderen; zelf kan dat op deze school niet.")
def change_password():
    """Change one's own password; every other session of this account ends, this one goes on."""
    form = OwnPasswordForm()
    if not form.validate_on_submit():
        return _page(form, 400)
    user = current_user._get_current_object()
    try:
        credentials.change_own_password(user, form.current.data, form.new.data, request.remote_addr)
    except DomainError as refused:
        form.new.errors = list(form.new.errors) + [refused.message]
        return _page(form, refused.status_code)
    keep_session(user)
    flash("Je wachtwoord is gewijzigd. Op andere apparaten log je opnieuw in.", "success")
    return redirect(url_for(".index"))


@bp.route("/ouders/<int:parent_id>/wachtwoord", methods=["POST"])
@allowed("view_pupil_list")
def reset_parent_password(parent_id):
    """A teacher gives a parent a new generated password, shown once (never cached); the parent's sessions end."""
    parent = get_or_404(User, parent_id, User.role == "parent", message="Deze ouder bestaat niet (meer).")
    permissions.require(current_user, "reset_password", parent, "Alleen een leraar of beheerder kan dit.")
    password = accounts.set_password(current_user, parent)
    back = request.form.get("terug", "")
    response = make_response(
        render_template(
            "account/parent_password.html",
            parent={"name": parent.full_name, "login": parent.login},
            password=password,
            back=back if back.startswith("/leerlingen/") and back[len("/leerlingen/") :].isdigit() else None,
        )
    )
    response.headers["Cache-Control"] = "no-store"
    response.headers["Pragma"] = "no-cache"
    return response
