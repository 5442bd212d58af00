"""Teacher pages for the curriculum (SPEC 4): subjects → domains → goals filtered by level and period, the
counts per subject and domain, and a goal's page. Teachers rename goals, change level, period, content and
move goals and domains; only admins add or remove goals. Every change goes through services.curriculum."""

from flask import Blueprint, render_template, request, url_for
from flask_login import current_user

from models import Goal
from services import curriculum, permissions
from services.errors import DomainError

from . import curriculum_views, plan_view
from .access import allowed, get_or_404
from .auth import safe_next
from .errors import run_and_go_back

bp = Blueprint("teacher_curriculum", __name__)
MAX_TITLE = 500


def _back():
    """The curriculum page the form was on (only a path on this site), else the plain curriculum page."""
    target = safe_next(request.form.get("back"))
    return target if target and target.startswith("/curriculum") else url_for(".index")


def _filters():
    return (plan_view.int_list("niveau", what="niveau"), plan_view.int_list("periode", what="periode"))


@bp.route("/curriculum")
@allowed("view_curriculum")
def index():
    """Subjects, domains and goals, filtered by level and period; with `aantallen=1` the counts as well."""
    levels, periods = _filters()
    show_counts = request.args.get("aantallen") == "1"
    return render_template(
        "curriculum/index.html",
        subjects=curriculum_views.tree(current_user, levels, periods),
        options=curriculum_views.filter_options(levels, periods),
        levels=levels,
        periods=periods,
        counts=curriculum_views.counts(current_user, levels, periods) if show_counts else None,
        counts_url=url_for(".index", niveau=levels, periode=periods, aantallen=1),
        hide_counts_url=url_for(".index", niveau=levels, periode=periods),
        can_edit=permissions.can(current_user, "edit_goal"),
        can_add=permissions.can(current_user, "add_remove_goal"),
        subject_options=curriculum_views.subject_options(),
        back=request.full_path,
    )


@bp.route("/curriculum/leerdoelen/<int:goal_id>")
@allowed("view_curriculum")
def goal(goal_id):
    """A goal's page: description, material, pupil steps; edit forms for those who may."""
    page = curriculum_views.goal_page(current_user, get_or_404(Goal, goal_id))
    return render_template(
        "curriculum/goal.html", goal=page, domain_options=curriculum_views.domain_options() if page["can_edit"] else []
    )


@bp.route("/curriculum/leerdoelen/<int:goal_id>/wijzigen", methods=["POST"])
@allowed("edit_goal")
def edit_goal(goal_id):
    """Rename a goal and change its level and period (checked before anything is written)."""
    goal = get_or_404(Goal, goal_id)
    title = request.form.get("title", "").strip()

    def change():
        if not title:
            raise DomainError("Vul de titel van het leerdoel in.")
        if len(title) > MAX_TITLE:
            raise DomainError(f"De titel van het leerdoel mag hoogstens {MAX_TITLE} tekens lang zijn.")
        curriculum.change_goal_level_period(current_user, goal, request.form.get("level"), request.form.get("period"))
        if title != goal.title:
            curriculum.rename_goal(current_user, goal, title)

    return run_and_go_back(
        change,
        "Het leerdoel is bijgewerkt. Bestaande plannen blijven zoals ze zijn.",
        url_for(".goal", goal_id=goal.id),
    )


@bp.route("/curriculum/leerdoelen/<int:goal_id>/inhoud", methods=["POST"])
@allowed("edit_goal")
def edit_content(goal_id):
    """Change the goal's description (for the teacher) and steps (for the pupil)."""
    goal = get_or_404(Goal, goal_id)
    return run_and_go_back(
        lambda: curriculum.update_goal_content(
            current_user, goal, request.form.get("description", ""), request.form.get("steps", "")
        ),
        "De beschrijving en het stappenplan zijn opgeslagen.",
        url_for(".goal", goal_id=goal.id),
    )


@bp.route("/curriculum/leerdoelen/<int:goal_id>/verplaatsen", methods=["POST"])
@allowed("edit_goal")
def move_goal(goal_id):
    """Move the goal to another domain."""
    goal = get_or_404(Goal, goal_id)

    def move():
        domain = plan_view.int_arg("domain", request.form, "deelgebied")
        if domain is None:
            raise DomainError("Kies een deelgebied.")
        curriculum.move_goal(current_user, goal, domain)

    return run_and_go_back(move, "Het leerdoel is verplaatst.", url_for(".goal", goal_id=goal.id))


@bp.route("/curriculum/leerdoelen/<int:goal_id>/verwijderen", methods=["POST"])
@allowed("add_remove_goal")
def remove_goal(goal_id):
    """Remove a goal (admins only); one that is in use is archived instead."""
    goal = get_or_404(Goal, goal_id)
    return run_and_go_back(
        lambda: curriculum.remove_goal(current_user, goal), lambda result: result.message, url_for(".index")
    )


@bp.route("/curriculum/deelgebieden/<int:domain_id>/verplaatsen", methods=["POST"])
@allowed("edit_goal")
def move_domain(domain_id):
    """Move a domain with its goals to another subject."""

    def move():
        subject = plan_view.int_arg("subject", request.form, "hoofdgebied")
        if subject is None:
            raise DomainError("Kies een hoofdgebied.")
        curriculum.move_domain(current_user, domain_id, subject)

    return run_and_go_back(move, "Het deelgebied is verplaatst.", _back())


@bp.route("/curriculum/deelgebieden/<int:domain_id>/leerdoelen", methods=["POST"])
@allowed("add_remove_goal")
def add_goal(domain_id):
    """Add a goal to a domain (admins only)."""
    form = request.form
    return run_and_go_back(
        lambda: curriculum.add_goal(current_user, domain_id, form.get("title"), form.get("level"), form.get("period")),
        "Het leerdoel is toegevoegd.",
        _back(),
    )
