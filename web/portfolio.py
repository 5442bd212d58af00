"""The portfolio page, "Dit ben ik" (SPEC 14, issue 17): a pupil's three texts, skills with their stars, evidence
by subject and goal, reports and reflection conversations, for the pupil, their teachers and (where the school
allows it) their parents. This module has the page and its texts, stars and skills; evidence and reports are
in web/evidence.py, conversations in web/conversations.py, a group's skills and rating rounds in
web/group_portfolio.py. Every write goes through services.portfolio, which decides who may.
"""

from flask import Blueprint, redirect, render_template, request, url_for
from flask_login import current_user

from services import permissions, portfolio
from services.errors import PermissionDenied

from . import plan_view, portfolio_view
from .access import allowed, pupil_or_404
from .auth import safe_next
from .errors import run_and_go_back

bp = Blueprint("portfolio", __name__)


def pupil_for(pupil_id):
    """The pupil of the URL whose portfolio the signed-in user may view, else a Dutch 403/404."""
    pupil = pupil_or_404(pupil_id)
    permissions.require(
        current_user, "view_portfolio", pupil, message="Je kunt alleen een portfolio bekijken dat je mag zien."
    )
    return pupil


def back_to(pupil, anchor=None):
    """Where a form goes back to: its own page on the portfolio (`terug`), else the portfolio page."""
    target = safe_next(request.form.get("terug"))
    if target and target.startswith(f"/portfolio/{pupil.id}"):
        return target
    return url_for("portfolio.page", pupil_id=pupil.id, _anchor=anchor)


def change(pupil, do, done, anchor=None):
    """Run a change to the pupil's portfolio (web.errors.run_and_go_back), then back to the page the form was on;
    something that is not (or no longer) there is the 404 page."""
    return run_and_go_back(do, done, back_to(pupil, anchor), missing_page=True)


@bp.app_template_global()
def portfolio_card(pupil_id):
    """The portfolio's card on another page about the pupil (the teacher's pupil page): the link and the
    reflection conversations, for a user who may view the portfolio; else None."""
    pupil = pupil_or_404(pupil_id)
    if not permissions.can(current_user, "view_portfolio", pupil):
        return None
    conversations = [
        {**c, "day": portfolio_view.day(c["held_on"])} for c in portfolio.conversations_of(current_user, pupil)
    ]
    return {
        "url": url_for("portfolio.page", pupil_id=pupil.id),
        "conversations": conversations,
        "keeper": permissions.can(current_user, "keep_portfolio", pupil),
        "coming": next((c["id"] for c in conversations if not c["recorded"]), None),  # recorded from its plan
    }


@bp.route("/mijn-portfolio")
@allowed("view_own_plan")
def mine():
    """A pupil's own portfolio."""
    return redirect(url_for(".page", pupil_id=current_user.id))


@bp.route("/portfolio/<int:pupil_id>")
@allowed("view_portfolios")
def page(pupil_id):
    """The pupil's portfolio: texts, skills and stars, evidence, reports and reflection conversations."""
    pupil = pupil_for(pupil_id)
    return render_template("portfolio/page.html", page=portfolio_view.page(current_user, pupil))


@bp.route("/portfolio/<int:pupil_id>/tekst", methods=["POST"])
@allowed("view_portfolios")
def write_text(pupil_id):
    """Write one's own text: the pupil "Dit ben ik", a teacher "Wat ik zie", a parent "Wat wij thuis zien"."""
    pupil = pupil_for(pupil_id)
    voice = portfolio.voice_of(current_user)
    if voice is None:
        raise PermissionDenied("Je schrijft geen tekst in een portfolio.")
    return change(
        pupil,
        lambda: portfolio.write_text(current_user, pupil, voice, request.form.get("tekst", "")),
        f"'{portfolio.VOICE_TITLES[voice]}' is bewaard.",
        anchor="teksten",
    )


@bp.route("/portfolio/<int:pupil_id>/sterren", methods=["POST"])
@allowed("view_portfolios")
def rate(pupil_id):
    """Give stars (1-3) for one of the pupil's skills, in one's own voice."""
    pupil = pupil_for(pupil_id)
    voice = portfolio.voice_of(current_user)
    if voice is None:
        raise PermissionDenied("Je geeft geen sterren in een portfolio.")
    skill_id = plan_view.int_arg("vaardigheid", request.form, "vaardigheid")
    return change(
        pupil,
        lambda: portfolio.rate_skill(current_user, pupil, skill_id, voice, request.form.get("sterren")),
        lambda rating: f"{rating.stars} {'ster' if rating.stars == 1 else 'sterren'} gegeven voor {rating.skill.name}.",
        anchor="vaardigheden",
    )


@bp.route("/portfolio/<int:pupil_id>/vaardigheden", methods=["POST"])
@allowed("manage_portfolios")
def give_skill(pupil_id):
    """A teacher gives the pupil a skill from the school's list."""
    pupil = pupil_for(pupil_id)
    skill_id = plan_view.int_arg("vaardigheid", request.form, "vaardigheid")
    return change(
        pupil,
        lambda: portfolio.give_skills(current_user, [pupil], [skill_id] if skill_id else []),
        "De vaardigheid staat nu in het portfolio.",
        anchor="vaardigheden",
    )


@bp.route("/portfolio/<int:pupil_id>/vaardigheden/<int:skill_id>/weghalen", methods=["POST"])
@allowed("manage_portfolios")
def take_skill(pupil_id, skill_id):
    """A teacher takes a skill off the portfolio; its stars stay in the history."""
    pupil = pupil_for(pupil_id)
    return change(
        pupil,
        lambda: portfolio.take_skill(current_user, pupil, skill_id),
        "De vaardigheid is uit het portfolio gehaald.",
        anchor="vaardigheden",
    )
