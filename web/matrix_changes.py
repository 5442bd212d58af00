"""Changes made from a goal matrix: cell statuses (JSON for the matrix script) and a new group of the
selected pupils.

The matrix pages themselves are in web/overviews.py and only read; every change here goes through
services.plans and services.groups.
"""

import re

from flask import Blueprint, flash, jsonify, redirect, request, url_for
from flask_login import current_user, login_required
from werkzeug.routing import BuildError

from models import STATUS_KEYS, Group, PlanGoal, Status
from services import groups, permissions, plans
from services.errors import Conflict, DomainError, NotFound, PermissionDenied
from services.wording import count

from .access import allowed, get_or_404

bp = Blueprint("matrix_changes", __name__)
# The goal-matrix pages a "make a group" form may send the teacher back to, with their filters.
_MATRIX_PATH = re.compile(r"/(?:groepen|doelensets|lessen)/\d+/matrix(?:\?[A-Za-z0-9=&%._+-]*)?")


# --- Status changes (JSON for the matrix script) -------------------------------------------------------


def _cells(plan_goal_ids):
    """The current state of plan-goal cells, as the matrix script redraws them."""
    if not plan_goal_ids:
        return []
    rows = (
        PlanGoal.select(PlanGoal.id, Status.key)
        .join(Status)
        .where(PlanGoal.id.in_(plan_goal_ids))
        .order_by(PlanGoal.id)
        .tuples()
    )
    return [{"id": pg_id, "status": key} for pg_id, key in rows]


def _json_error(error, plan_goal_ids=()):
    """A service's Dutch message with its status code; a stale page also gets the cells as they are now."""
    body = {"error": error.message}
    if isinstance(error, Conflict):
        body["cells"] = _cells(list(plan_goal_ids))
    return jsonify(body), error.status_code


def _status_key(field="status"):
    key = request.form.get(field) or None
    if key is not None and key not in STATUS_KEYS:
        raise DomainError("Onbekende status.")
    return key


@bp.route("/plandoelen/<int:plan_goal_id>/status", methods=["POST"])
@login_required
def change_status(plan_goal_id):
    """One matrix cell: set its status, unless someone else changed it since the page showed it."""
    try:
        status = _status_key()
        if status is None:
            raise DomainError("Kies een status.")
        changed = plans.change_status(
            current_user, plan_goal_id, status, channel="web", expected_status=_status_key("expected_status")
        )
    except DomainError as error:
        return _json_error(error, [plan_goal_id])
    # Plain text: the matrix script shows it with textContent.
    message = f"'{changed.goal.title}' bij {changed.pupil.full_name} staat nu op {changed.status.name}."
    return jsonify(cells=_cells([plan_goal_id]), message=message)


def _bulk_ids():
    values = request.form.getlist("plandoel")
    try:
        ids = [int(v) for v in values]
    except ValueError:
        raise DomainError("Ongeldige selectie: laad de pagina opnieuw.") from None
    if not ids:
        raise DomainError("Kies eerst een of meer cellen.")
    if len(set(ids)) != len(ids):
        raise DomainError("Ongeldige selectie: een cel staat er dubbel in.")
    return ids


def _shown_statuses(ids):
    """{plan goal id: status key} as the page showed each chosen cell (expected_status, one per plandoel)."""
    shown = request.form.getlist("expected_status")
    if not shown:
        return None
    if len(shown) != len(ids) or any(key not in STATUS_KEYS for key in shown):
        raise DomainError("Ongeldige selectie: laad de pagina opnieuw.")
    return dict(zip(ids, shown))


def _stale_message(stale):
    """Dutch: which cells were left alone because someone else changed them, with their newer status."""
    named = [f"'{row.goal.title}' bij {row.pupil.full_name} (nu {row.status.name})" for row in stale[:3]]
    more = f" en {len(stale) - 3} andere" if len(stale) > 3 else ""
    subject = "is 1 cel" if len(stale) == 1 else f"zijn {len(stale)} cellen"
    return (
        f"Intussen {subject} door iemand anders gewijzigd; de nieuwere status blijft staan: {', '.join(named)}{more}."
    )


@bp.route("/plandoelen/status", methods=["POST"])
@login_required
def change_statuses():
    """Many matrix cells (a selection, a row, a column): one status for all. A cell someone else changed
    since the page showed it keeps the newer status and is named in the answer (409 if nothing changed)."""
    ids = []
    try:
        ids = _bulk_ids()
        status = _status_key()
        if status is None:
            raise DomainError("Kies een status.")
        result = plans.change_statuses(current_user, ids, status, channel="web", shown=_shown_statuses(ids))
    except DomainError as error:
        return _json_error(error, ids)
    count = len(result.changed)
    message = f"{count} {'cel' if count == 1 else 'cellen'} gewijzigd."
    body = {"cells": _cells(ids), "stale": [row.id for row in result.stale]}
    if not result.stale:
        return jsonify({**body, "message": message})
    if not count:
        return jsonify({**body, "error": _stale_message(result.stale)}), 409
    return jsonify({**body, "message": f"{message} {_stale_message(result.stale)}"})


# --- Clustering ----------------------------------------------------------------------------------------


@bp.route("/matrix/groep-maken", methods=["POST"])
@allowed("create_group")
def make_group():
    """Make the pupils selected in a goal matrix a new group in one step, then open its profile."""
    try:
        pupil_ids = [int(v) for v in request.form.getlist("leerling")]
        source = request.form.get("bron_groep") or None
        source = int(source) if source is not None else None
        group_type = int(request.form.get("groepstype", ""))
    except ValueError:
        raise DomainError("Ongeldig formulier: laad de pagina opnieuw.") from None
    if source is not None:
        permissions.require(current_user, "view_group", get_or_404(Group, source))
    try:
        group = groups.group_from_selection(
            current_user, request.form.get("naam", ""), group_type, pupil_ids, source_group=source
        )
    except (PermissionDenied, NotFound):
        raise
    except DomainError as refused:
        # No pupils ticked, no name, ...: back to the matrix the teacher came from, with the reason.
        back = _matrix_url(request.form.get("terug", ""))
        if back is None:
            raise
        flash(refused.message, "error")
        return redirect(back, code=303)
    flash(f"De groep {group.name} is gemaakt met {count(len(set(pupil_ids)), 'leerlingen')}.", "success")
    return redirect(_profile_url(group.id), code=303)


def _matrix_url(path):
    """The matrix page the form was posted from (its path and filters), or None for anything else: the
    value comes from the form, so only a local path of a matrix page is followed."""
    if not _MATRIX_PATH.fullmatch(path or ""):
        return None
    return path


def _profile_url(group_id):
    """The new group's profile; a path until the groups pages are there."""
    try:
        return url_for("teacher_groups.profile", group_id=group_id)
    except BuildError:  # the groups area is built alongside
        return f"/groepen/{group_id}"
