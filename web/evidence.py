"""Evidence and reports on a pupil's portfolio (issue 17): a goal's page with its evidence, adding a photo, a
file or a note (the pupil and their teachers), highlights and removing (services.portfolio decides who), and
the reports as PDFs (the pupil's teachers upload; whoever may view the portfolio reads them).

Evidence files are served by web/bot_pages.py's `/bewijs/<id>`, the one address of every evidence file (the
bot's photos included), for whoever may view the pupil.
"""

from flask import Blueprint, current_app, render_template, request
from flask_login import current_user

from services import permissions, plans, portfolio
from services.errors import NotFound

from . import plan_view, portfolio_view
from .access import allowed
from .chat import send_document
from .portfolio import change, pupil_for

bp = Blueprint("evidence", __name__)


def _uploads():
    return current_app.config["UPLOAD_FOLDER"]


def _plan_goal(pupil, goal_id):
    """The goal on this pupil's plan, with its place in the curriculum and its status; else a Dutch 404."""
    found = plans.plan_for(current_user, pupil, goal=goal_id)
    if not found:
        raise NotFound("Dit leerdoel staat niet op het plan van deze leerling.")
    return found[0]


@bp.route("/portfolio/<int:pupil_id>/leerdoelen/<int:goal_id>")
@allowed("view_portfolios")
def goal(pupil_id, goal_id):
    """One goal of the pupil's plan with its steps and all its evidence, and a form to add more."""
    pupil = pupil_for(pupil_id)
    plan_goal = _plan_goal(pupil, goal_id)
    pieces = portfolio.pieces_of(current_user, pupil, goal=goal_id)
    return render_template(
        "portfolio/goal.html",
        pupil=portfolio_view.header(pupil),
        goal={
            "id": plan_goal.goal_id,
            "title": plan_goal.goal.title,
            "where": f"{plan_goal.goal.domain.subject.name} · {plan_goal.goal.domain.name}",
            "badge": plan_view.badge(plan_goal.status),
            "steps": plan_goal.goal.step_list,
        },
        pieces=[portfolio_view.piece_view(p) for p in pieces],
        can_add=permissions.can(current_user, "add_evidence", pupil),
        own=current_user.id == pupil.id,
        keeper=permissions.can(current_user, "keep_portfolio", pupil),
        accept=portfolio_view.ACCEPT,
        max_file_mb=portfolio.MAX_FILE_MB,
        back=request.path,
    )


@bp.route("/portfolio/<int:pupil_id>/bewijs", methods=["POST"])
@allowed("view_portfolios")
def add(pupil_id):
    """Add a photo, a file or a note as evidence, on a goal of the plan or on none."""
    pupil = pupil_for(pupil_id)
    goal_id = plan_view.int_arg("leerdoel", request.form, "leerdoel")
    return change(
        pupil,
        lambda: portfolio.add_evidence(
            current_user,
            pupil,
            goal_id,
            upload=request.files.get("bestand"),
            note=request.form.get("notitie", ""),
            upload_folder=_uploads(),
        ),
        "Het bewijs staat in het portfolio.",
        anchor="bewijs",
    )


@bp.route("/portfolio/<int:pupil_id>/bewijs/<int:document_id>/hoogtepunt", methods=["POST"])
@allowed("manage_portfolios")
def highlight(pupil_id, document_id):
    """A teacher marks a piece as a highlight of the portfolio, or takes the mark off (`aan=0`)."""
    pupil = pupil_for(pupil_id)
    on = request.form.get("aan", "1") != "0"
    return change(
        pupil,
        lambda: portfolio.set_highlight(current_user, document_id, on, pupil=pupil),
        "Gemarkeerd als hoogtepunt." if on else "Niet meer gemarkeerd als hoogtepunt.",
        anchor="bewijs",
    )


@bp.route("/portfolio/<int:pupil_id>/bewijs/<int:document_id>/weghalen", methods=["POST"])
@allowed("view_portfolios")
def remove(pupil_id, document_id):
    """Remove a piece of evidence and its file: who added it (a pupil their own), or a teacher of the pupil."""
    pupil = pupil_for(pupil_id)
    return change(
        pupil,
        lambda: portfolio.remove_evidence(current_user, document_id, _uploads(), pupil=pupil),
        "Het bewijs is weggehaald.",
        anchor="bewijs",
    )


# --- reports --------------------------------------------------------------------------------------------


@bp.route("/portfolio/<int:pupil_id>/rapporten", methods=["POST"])
@allowed("manage_portfolios")
def add_report(pupil_id):
    """A teacher uploads a report or test result (PDF) for the pupil."""
    pupil = pupil_for(pupil_id)
    return change(
        pupil,
        lambda: portfolio.add_report(
            current_user, pupil, request.files.get("bestand"), request.form.get("titel", ""), _uploads()
        ),
        "Het rapport staat in het portfolio.",
        anchor="rapporten",
    )


@bp.route("/portfolio/<int:pupil_id>/rapporten/<int:document_id>")
@allowed("view_portfolios")
def report(pupil_id, document_id):
    """A report's PDF, for whoever may view the portfolio."""
    pupil = pupil_for(pupil_id)
    return send_document(portfolio.report(current_user, document_id, pupil), as_attachment=False)


@bp.route("/portfolio/<int:pupil_id>/rapporten/<int:document_id>/weghalen", methods=["POST"])
@allowed("manage_portfolios")
def remove_report(pupil_id, document_id):
    """A teacher takes a report off the portfolio."""
    pupil = pupil_for(pupil_id)
    return change(
        pupil,
        lambda: portfolio.remove_report(current_user, document_id, _uploads(), pupil=pupil),
        "Het rapport is weggehaald.",
        anchor="rapporten",
    )
