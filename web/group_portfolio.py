"""A group's skills and rating rounds (issue 17), opened from the Groepsprofiel: its teachers give skills to the
pupils they choose (a pupil who joins later gets none by himself), and open a rating round (sterrenronde) in
which the pupils and their parents give stars; the page shows who has rated so far. Staff may look; the
group's teachers change (services.portfolio decides)."""

import datetime as dt

from flask import Blueprint, render_template, request, url_for
from flask_login import current_user

from models import Group, GroupType
from services import clock, permissions, portfolio
from services.errors import NotFound

from . import plan_view, portfolio_view
from .access import allowed, get_or_404
from .errors import run_and_go_back

bp = Blueprint("group_portfolio", __name__)

DEFAULT_ROUND_DAYS = 7


def _group(group_id):
    return get_or_404(Group.select(Group, GroupType).join(GroupType), group_id)


def _change(group, do, done):
    """Run a service call (web.errors.run_and_go_back), then back to the group's page."""
    return run_and_go_back(do, done, url_for(".index", group_id=group.id), missing_page=True)


@bp.route("/groepen/<int:group_id>/portfolio")
@allowed("view_group_list")
def index(group_id):
    """The group's skills per pupil and its rating round, with the forms for its teachers."""
    group = _group(group_id)
    overview = portfolio.group_skills(current_user, group)
    round_ = overview["round"]
    return render_template(
        "portfolio/group.html",
        group={"id": group.id, "name": group.name, "archived": group.archived},
        pupils=overview["pupils"],
        round={"id": round_.id, "until": portfolio_view.day(round_.closes_on), "period": round_.period.name}
        if round_
        else None,
        skills=[{"id": s.id, "name": s.name} for s in portfolio.active_skills()],
        can_manage=permissions.can(current_user, "open_rating_round", group) and not group.archived,
        default_until=(clock.today() + dt.timedelta(days=DEFAULT_ROUND_DAYS)).isoformat(),
        today=clock.today().isoformat(),
    )


@bp.route("/groepen/<int:group_id>/portfolio/vaardigheden", methods=["POST"])
@allowed("manage_portfolios")
def give_skills(group_id):
    """Give the chosen skills to the chosen pupils of the group."""
    group = _group(group_id)
    pupils = plan_view.int_list("leerling", request.form, "leerling")
    members = {p["id"] for p in portfolio.group_skills(current_user, group)["pupils"]}
    if set(pupils) - members:
        raise NotFound("Deze leerling zit niet (meer) in deze groep.")
    skills = plan_view.int_list("vaardigheid", request.form, "vaardigheid")
    return _change(
        group,
        lambda: portfolio.give_skills(current_user, pupils, skills),
        lambda given: (
            f"{given} {'vaardigheid' if given == 1 else 'vaardigheden'} gegeven."
            if given
            else "Die leerlingen hadden deze vaardigheden al."
        ),
    )


@bp.route("/groepen/<int:group_id>/sterrenronde", methods=["POST"])
@allowed("manage_portfolios")
def open_round(group_id):
    """Open a rating round for the group until the chosen day."""
    group = _group(group_id)
    return _change(
        group,
        lambda: portfolio.open_round(current_user, group, request.form.get("tot", "")),
        lambda opened: f"De sterrenronde is open tot en met {opened.closes_on:%d-%m-%Y}.",
    )


@bp.route("/groepen/<int:group_id>/sterrenronde/sluiten", methods=["POST"])
@allowed("manage_portfolios")
def close_round(group_id):
    """Close the group's open rating round now."""
    group = _group(group_id)
    round_ = portfolio.open_round_of_group(group)
    if round_ is None:
        raise NotFound("Deze groep heeft geen open sterrenronde.")
    return _change(group, lambda: portfolio.close_round(current_user, round_), "De sterrenronde is gesloten.")
