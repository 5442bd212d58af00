"""A bare endpoint: for the proxy's or a monitor's health check, and the load test's floor (bench/load.py)."""

from flask import Blueprint

bp = Blueprint("health", __name__)


@bp.route("/health")
def health():
    """200 "ok" while this process serves requests; reads no session and no table."""
    return "ok", 200, {"Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store"}
