"""Signing in and out, and who is signed in (Flask-Login), for as long as the session was not ended."""

from urllib.parse import urlsplit

from flask import Blueprint, current_app, flash, redirect, render_template, request, session, url_for
from flask_login import current_user, login_user, logout_user

from extensions import login_manager
from services import accounts, credentials

from .forms import LoginForm

bp = Blueprint("auth", __name__)

login_manager.login_view = "auth.login"
login_manager.login_message = "Log in om deze pagina te bekijken."
login_manager.login_message_category = "info"


@login_manager.user_loader
def load_user(user_id):
    """The signed-in user, unless this session was ended (sign-out or a new password, on any device)."""
    return accounts.load_user(user_id, session.get(credentials.SESSION_KEY, 0))


def keep_session(user):
    """After a change that ended `user`'s sessions (their own new password), this session goes on."""
    session[credentials.SESSION_KEY] = user.session_epoch


@bp.app_context_processor
def signed_in_user():
    """The top bar's name and role of whoever is signed in."""
    if not current_user.is_authenticated:
        return {"user_name": None, "user_role": None}
    return {"user_name": current_user.full_name, "user_role": accounts.role_name(current_user)}


def safe_next(target):
    """`target` when it is a path on this site, else None: no open redirects to other sites."""
    if not target or not target.startswith("/") or target.startswith("//"):
        return None
    # Browsers read "/\evil.example" as "//evil.example" and drop tabs and newlines from URLs.
    if "\\" in target or any(ord(ch) < 33 or ord(ch) == 127 for ch in target):
        return None
    parts = urlsplit(target)
    if parts.scheme or parts.netloc:
        return None
    return target


@bp.route("/login", methods=["GET", "POST"])
def login():
    """Show the sign-in form; sign in and go to `next` or the start page."""
    if current_user.is_authenticated:
        return redirect(url_for("home.index"))
    form = LoginForm()
    error, status = None, 200
    if form.validate_on_submit():
        try:
            user = accounts.authenticate(
                form.login.data,
                form.password.data,
                request.remote_addr,
                max_failures=current_app.config["LOGIN_MAX_FAILURES"],
                window_minutes=current_app.config["LOGIN_FAILURE_WINDOW_MINUTES"],
                max_failures_per_address=current_app.config["LOGIN_MAX_FAILURES_PER_ADDRESS"],
            )
        except accounts.LoginThrottled as refused:
            error, status = refused.message, 429
        except accounts.LoginFailed as refused:
            error = refused.message
        else:
            target = safe_next(request.args.get("next"))
            session.clear()  # a fresh session on sign-in: no session fixation
            login_user(user)
            keep_session(user)
            return redirect(target or url_for("home.index"))
    return render_template("auth/login.html", form=form, error=error), status


@bp.route("/logout", methods=["POST"])
def logout():
    """Sign out (a POST with the CSRF token, so that no link on another site can sign anyone out): this
    session ends everywhere, copies of its cookie and the user's other sessions included."""
    if current_user.is_authenticated:
        credentials.sign_out(current_user._get_current_object())
    logout_user()
    session.clear()
    flash("Je bent uitgelogd.", "info")
    return redirect(url_for("auth.login"))
