from flask import Blueprint

bp = Blueprint("auth", __name__)


@bp.route("/login")
def login():
    """Placeholder, replaced by the sign-in page."""
    return "login"
