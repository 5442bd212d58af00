"""Teacher pages: goal sets (doelensets): my and all sets, creating one, editing its goals, content, plan and
media, and linking it to a group (SPEC glossary, 3; seeds: Doelensets)."""

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_login import current_user
from peewee import fn

from models import GoalSet, GoalSetGoal, Group
from services import goal_sets, groups, permissions, plans
from services.errors import DomainError

from . import plan_view
from .access import allowed, get_or_404

bp = Blueprint("teacher_goal_sets", __name__)

MAX_TEXT = 20000
# Changing a set: one refusal with its reason (assistants read goal sets but do not change them).
manage = allowed("manage_goal_set", message="Alleen leraren en beheerders kunnen doelensets wijzigen.")


def _rows(query):
    """Goal sets as list rows, with goal counts and linked groups, in three queries."""
    sets = list(query)
    ids = [s.id for s in sets]
    counts, linked = {}, {}
    if ids:
        counts = dict(
            GoalSetGoal.select(GoalSetGoal.goal_set, fn.COUNT(GoalSetGoal.id))
            .where(GoalSetGoal.goal_set.in_(ids))
            .group_by(GoalSetGoal.goal_set)
            .tuples()
        )
        for group in (
            Group.select(Group.goal_set, Group.name)
            .where(Group.goal_set.in_(ids) & ~Group.archived)
            .order_by(Group.name)
        ):
            linked.setdefault(group.goal_set_id, []).append(group.name)
    return [
        {
            "id": s.id,
            "name": s.name,
            "description": s.description,
            "goals": counts.get(s.id, 0),
            "groups": ", ".join(linked.get(s.id, [])),
        }
        for s in sets
    ]


@bp.route("/doelensets")
@allowed("view_goal_set_list")
def index():
    """My goal sets: made by me or linked to a group I teach."""
    return render_template(
        "goal_sets/index.html",
        goal_sets=_rows(goal_sets.goal_sets_of(current_user)),
        mine=True,
        can_manage=permissions.can(current_user, "manage_goal_set"),
    )


@bp.route("/doelensets/alle")
@allowed("view_goal_set_list")
def all_sets():
    """Every goal set of the school."""
    return render_template(
        "goal_sets/index.html",
        goal_sets=_rows(goal_sets.all_goal_sets()),
        mine=False,
        can_manage=permissions.can(current_user, "manage_goal_set"),
    )


@bp.route("/doelensets/nieuw", methods=["GET", "POST"])
@manage
def new():
    """Create a goal set in steps: name and goals, then review (remove unwanted goals), then create."""
    step = request.form.get("stap", "") if request.method == "POST" else ""
    name = (request.values.get("naam") or "").strip()[:255]
    description = (request.values.get("beschrijving") or "")[:MAX_TEXT]
    if step == "aanmaken":
        goal_set = goal_sets.create_goal_set(
            current_user, name, description, plan_view.int_list("doel", request.form, "leerdoel")
        )
        flash(f"Doelenset {goal_set.name} is aangemaakt.", "success")
        return redirect(url_for(".detail", goal_set_id=goal_set.id))
    if step == "controleren":
        goals = plans.fetch_goals(plan_view.int_list("doel", request.form, "leerdoel"))
        error = None if name else "Geef de doelenset een naam."
        if error is None:
            return render_template(
                "goal_sets/review.html",
                name=name,
                description=description,
                goals=[
                    {"id": g.id, "title": g.title, "level": g.level, "period": g.period, "domain": g.domain.name}
                    for g in goals
                ],
            )
        flash(error, "error")
        chosen = [g.id for g in goals]
    else:
        chosen = plan_view.int_list("doel", what="leerdoel")
    picker = plan_view.goal_picker(current_user, chosen=chosen)
    return render_template("goal_sets/new.html", name=name, description=description, picker=picker)


def _detail_view(goal_set):
    goals = [
        {"id": g.id, "title": g.title, "level": g.level, "period": g.period} for g in goal_sets.goals_in_set(goal_set)
    ]
    media = [
        {"id": d.id, "title": d.title, "url": d.url if goal_sets.safe_url(d.url) else None}
        for d in goal_sets.media_of(goal_set)
    ]
    linked = [
        {"id": g.id, "name": g.name}
        for g in Group.select().where((Group.goal_set == goal_set.id) & ~Group.archived).order_by(Group.name)
    ]
    if permissions.can(current_user, "manage_every_group"):
        manageable = groups.all_groups()
    elif permissions.can(current_user, "manage_my_groups"):
        manageable = groups.my_groups(current_user)
    else:
        manageable = []
    group_options = [
        {"id": g.id, "name": g.name, "other_set": g.goal_set_id not in (None, goal_set.id)}
        for g in manageable
        if g.goal_set_id != goal_set.id
    ]
    return {
        "id": goal_set.id,
        "name": goal_set.name,
        "description": goal_set.description,
        "plan": goal_set.plan,
        "archived": goal_set.archived,
        "goals": goals,
        "media": media,
        "linked": linked,
        "group_options": group_options,
    }


@bp.route("/doelensets/<int:goal_set_id>")
@allowed("view_goal_set_list")
def detail(goal_set_id):
    """A goal set: its goals, content, plan for pupils, media, linked groups and a link to its goal matrix."""
    goal_set = get_or_404(GoalSet, goal_set_id)
    return render_template(
        "goal_sets/detail.html",
        goal_set=_detail_view(goal_set),
        can_manage=permissions.can(current_user, "manage_goal_set"),
        matrix_url=f"/doelensets/{goal_set.id}/matrix",
    )


@bp.route("/doelensets/<int:goal_set_id>/leerdoelen")
@manage
def pick_goals(goal_set_id):
    """Pick goals from the curriculum to add to the set."""
    goal_set = get_or_404(GoalSet, goal_set_id)
    in_set = {g.id for g in goal_sets.goals_in_set(goal_set)}
    picker = plan_view.goal_picker(current_user, chosen=in_set)
    return render_template(
        "goal_sets/pick_goals.html", goal_set={"id": goal_set.id, "name": goal_set.name}, picker=picker
    )


@bp.route("/doelensets/<int:goal_set_id>/leerdoelen/toevoegen", methods=["POST"])
@manage
def add_goals(goal_set_id):
    """Add the picked goals; members of linked groups get them on their plans."""
    goal_set, change = _change_goals(goal_set_id, goal_sets.add_goals_to_set, "Kies minstens één leerdoel.")
    if change.goals:
        flash(
            f"{_goals(change.goals)} toegevoegd; {change.plan_goals_added} keer op het plan van een groepslid gezet.",
            "success",
        )
    else:
        flash("Deze leerdoelen zaten al in de doelenset.", "info")
    return redirect(url_for(".detail", goal_set_id=goal_set.id))


@bp.route("/doelensets/<int:goal_set_id>/leerdoelen/verwijderen", methods=["POST"])
@manage
def remove_goals(goal_set_id):
    """Take the chosen goals out of the set (pupils keep them on their plans)."""
    goal_set, change = _change_goals(
        goal_set_id, goal_sets.remove_goals_from_set, "Kies minstens één leerdoel om te verwijderen."
    )
    if change.goals:
        flash(f"{_goals(change.goals)} uit de doelenset gehaald. Leerlingen houden ze op hun plan.", "success")
    else:
        flash("Deze leerdoelen zaten niet (meer) in de doelenset.", "info")
    return redirect(url_for(".detail", goal_set_id=goal_set.id))


def _change_goals(goal_set_id, change, none_chosen):
    """Apply `change(actor, goal_set, goal_ids)` to the goals posted as "doel"; returns (goal_set, result)."""
    goal_set = get_or_404(GoalSet, goal_set_id)
    goal_ids = plan_view.int_list("doel", request.form, "leerdoel")
    if not goal_ids:
        raise DomainError(none_chosen)
    return goal_set, change(current_user, goal_set, goal_ids)


def _goals(count):
    return f"{count} {'leerdoel' if count == 1 else 'leerdoelen'}"


@bp.route("/doelensets/<int:goal_set_id>/inhoud", methods=["POST"])
@manage
def update_content(goal_set_id):
    """Change the set's name and its content (description for teachers)."""
    goal_set = goal_sets.update_goal_set(
        current_user,
        goal_set_id,
        name=request.form.get("naam", "")[:255],
        description=request.form.get("beschrijving", "")[:MAX_TEXT],
    )
    flash("De inhoud is opgeslagen.", "success")
    return redirect(url_for(".detail", goal_set_id=goal_set.id))


@bp.route("/doelensets/<int:goal_set_id>/plan", methods=["POST"])
@manage
def update_plan(goal_set_id):
    """Change the Doelensetplan: steps and assignments for pupils."""
    goal_set = goal_sets.update_goal_set(current_user, goal_set_id, plan=request.form.get("plan", "")[:MAX_TEXT])
    flash("Het Doelensetplan is opgeslagen.", "success")
    return redirect(url_for(".detail", goal_set_id=goal_set.id))


@bp.route("/doelensets/<int:goal_set_id>/media", methods=["POST"])
@manage
def add_media(goal_set_id):
    """Add a link (http or https) to the set's media."""
    goal_set = goal_sets.add_media_link(
        current_user, goal_set_id, request.form.get("titel", ""), request.form.get("url", "")
    )
    flash("De link is toegevoegd.", "success")
    return redirect(url_for(".detail", goal_set_id=goal_set.id, _anchor="media"))


@bp.route("/doelensets/<int:goal_set_id>/media/<int:document_id>/verwijderen", methods=["POST"])
@manage
def remove_media(goal_set_id, document_id):
    """Remove a link from the set's media."""
    goal_set = goal_sets.remove_media_link(current_user, goal_set_id, document_id)
    flash("De link is verwijderd.", "success")
    return redirect(url_for(".detail", goal_set_id=goal_set.id, _anchor="media"))


@bp.route("/doelensets/<int:goal_set_id>/koppelen", methods=["POST"])
@manage
def link(goal_set_id):
    """Link the set to a group: every member gets its goals on the current plan."""
    goal_set = get_or_404(GoalSet, goal_set_id)
    group_id = plan_view.int_arg("groep", request.form, "groep")
    if group_id is None:
        raise DomainError("Kies een groep.")
    added = goal_sets.link_goal_set(current_user, group_id, goal_set)
    group = Group.get_by_id(group_id)
    flash(
        f"Doelenset gekoppeld aan {group.name}; {added} "
        f"{'leerdoel' if added == 1 else 'leerdoelen'} op de plannen van de groepsleden gezet.",
        "success",
    )
    return redirect(url_for(".detail", goal_set_id=goal_set.id, _anchor="groepen"))


@bp.route("/doelensets/<int:goal_set_id>/ontkoppelen", methods=["POST"])
@manage
def unlink(goal_set_id):
    """Unlink the set from a group (pupils keep the goals on their plans)."""
    goal_set = get_or_404(GoalSet, goal_set_id)
    group_id = plan_view.int_arg("groep", request.form, "groep")
    group = get_or_404(
        Group,
        group_id,
        Group.goal_set == goal_set.id,
        message="Deze groep is niet (meer) aan deze doelenset gekoppeld.",
    )
    goal_sets.link_goal_set(current_user, group, None)
    flash(f"Doelenset losgekoppeld van {group.name}. Leerlingen houden de leerdoelen op hun plan.", "success")
    return redirect(url_for(".detail", goal_set_id=goal_set.id, _anchor="groepen"))
