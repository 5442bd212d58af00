"""Teacher pages for groups: Mijn groepen, Alle Groepen, a new group in three steps, and the Groepsprofiel
with its members, teachers and goal set (SPEC 5). Every change goes through services.groups/goal_sets."""

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user

from models import Group, GroupType
from services import goal_sets, groups, permissions
from services.errors import DomainError, PermissionDenied
from services.wording import count

from . import group_views, group_wizard
from .access import allowed, get_or_404

bp = Blueprint("teacher_groups", __name__)


def _group(group_id, action="view_group"):
    """The group (with its type) if the user may do `action` to it; 404 when unknown, 403 when not allowed."""
    group = get_or_404(Group.select(Group, GroupType).join(GroupType), group_id)
    permissions.require(current_user, action, group)
    return group


def _posted_ids(field):
    try:
        return [int(value) for value in request.form.getlist(field)]
    except ValueError:
        raise DomainError("Dit formulier klopt niet. Laad de pagina opnieuw en probeer het nog eens.") from None


def _change(group, do, done):
    """Run `do()` (a service call); flash `done(result)` or the service's Dutch refusal; back to the profile."""
    try:
        result = do()
    except PermissionDenied:
        raise
    except DomainError as refused:
        flash(refused.message, "error")
    else:
        flash(done(result), "success")
    return redirect(url_for(".profile", group_id=group.id))


@bp.route("/groepen")
@allowed("view_group_list")
def my_groups():
    """Mijn groepen: the groups the user teaches or added to their list."""
    return render_template(
        "groups/my_groups.html",
        groups=group_views.my_group_rows(current_user),
        can_create=permissions.can(current_user, "create_group"),
    )


@bp.route("/groepen/alle")
@allowed("view_group_list")
def all_groups():
    """Alle Groepen, searchable by name and filtered by type."""
    search = request.args.get("zoek", "").strip()[:100]
    type_id = request.args.get("type", "")
    type_id = int(type_id) if type_id.isdigit() else None
    types = [{"id": t.id, "name": t.name} for t in GroupType.select().order_by(GroupType.name)]
    return render_template(
        "groups/all_groups.html",
        search=search,
        type_id=type_id,
        types=types,
        groups=group_views.all_group_rows(current_user, search, type_id),
        can_create=permissions.can(current_user, "create_group"),
    )


@bp.route("/groepen/nieuw", methods=["GET", "POST"])
@allowed("create_group")
def new_group():
    """Create a group in three steps: name, type and teachers; pupils; review and create."""
    errors, step = [], 1
    if request.method == "GET":
        state = group_wizard.initial_state(current_user)
    else:
        try:
            state = group_wizard.posted_state()
        except DomainError as tampered:
            state, errors = group_wizard.initial_state(current_user), [tampered.message]
        else:
            wanted = request.form.get("step", "1")
            step, errors = group_wizard.next_step(state, wanted)
            if step == 3 and wanted == "create":
                try:
                    group = groups.create_group(
                        current_user,
                        state["name"],
                        state["group_type"],
                        state["teachers"],
                        state["pupils"],
                        add_to_my_groups=state["add_to_my_groups"],
                    )
                except PermissionDenied:
                    raise
                except DomainError as refused:
                    errors = [refused.message]
                else:
                    flash(f"De groep {group.name} is aangemaakt.", "success")
                    return redirect(url_for(".profile", group_id=group.id))
    return render_template(
        "groups/new_group.html",
        step=step,
        steps=group_wizard.STEPS,
        state=state,
        errors=errors,
        types=group_wizard.offered_types(),
        teacher_choices=group_views.teacher_choices(),
        pupil_choices=group_wizard.pupil_choices() if step == 2 else [],
        review=group_wizard.review(state) if step == 3 else None,
    ), 400 if errors else 200


@bp.route("/groepen/<int:group_id>")
@allowed("view_group_list")
def profile(group_id):
    """The Groepsprofiel: members, teachers, goal set, links to the overviews."""
    group = _group(group_id)
    search = request.args.get("zoek", "").strip()[:100]
    return render_template("groups/profile.html", group=group_views.profile(group, current_user, search))


@bp.route("/groepen/<int:group_id>/kandidaten")
@allowed("view_group_list")
def candidates(group_id):
    """The pupils that may be added, for the profile's search box (an htmx fragment)."""
    group = _group(group_id, "manage_group")
    if group.las_managed or group.archived:
        abort(400)
    search = request.args.get("zoek", "").strip()[:100]
    return render_template(
        "groups/_candidates.html",
        group={"id": group.id, "search": search},
        candidates=group_views.pupil_candidates(group, search),
    )


@bp.route("/groepen/<int:group_id>/leerlingen", methods=["POST"])
@allowed("view_group_list")
def add_members(group_id):
    """Add the chosen pupils to the group (refused for LAS-managed groups)."""
    group = _group(group_id, "manage_group")
    return _change(
        group,
        lambda: groups.add_members(current_user, group, _posted_ids("pupils")),
        lambda added: (
            f"{count(len(added), 'leerlingen').capitalize()} toegevoegd." if added else "Geen nieuwe leerlingen."
        ),
    )


@bp.route("/groepen/<int:group_id>/leerlingen/verwijderen", methods=["POST"])
@allowed("view_group_list")
def remove_member(group_id):
    """Remove one pupil from the group; their plan stays as it is."""
    group = _group(group_id, "manage_group")
    return _change(
        group,
        lambda: groups.remove_members(current_user, group, _posted_ids("pupil")),
        lambda n: "De leerling is uit de groep gehaald." if n else "Deze leerling zat niet in de groep.",
    )


@bp.route("/groepen/<int:group_id>/leraren", methods=["POST"])
@allowed("view_group_list")
def add_teacher(group_id):
    """Add teachers to the group (LAS groups too)."""
    group = _group(group_id, "manage_group")
    return _change(
        group,
        lambda: groups.add_teachers(current_user, group, _posted_ids("teachers")),
        lambda added: f"{len(added)} leraar/leraren toegevoegd." if added else "Geen nieuwe leraren.",
    )


@bp.route("/groepen/<int:group_id>/leraren/verwijderen", methods=["POST"])
@allowed("view_group_list")
def remove_teacher(group_id):
    """Remove one teacher from the group."""
    group = _group(group_id, "manage_group")
    return _change(
        group,
        lambda: groups.remove_teachers(current_user, group, _posted_ids("teacher")),
        lambda n: "De leraar is uit de groep gehaald." if n else "Deze leraar hoorde niet bij de groep.",
    )


@bp.route("/groepen/<int:group_id>/doelenset", methods=["POST"])
@allowed("view_group_list")
def link_goal_set(group_id):
    """Link a goal set to the group (or none); every member gets its goals."""
    group = _group(group_id, "manage_group")

    def link():
        ids = _posted_ids("goal_set")
        return goal_sets.link_goal_set(current_user, group, ids[0] if ids and ids[0] else None)

    return _change(
        group, link, lambda added: f"De doelenset is bijgewerkt; op plannen gezet: {count(added, 'leerdoelen')}."
    )


@bp.route("/groepen/<int:group_id>/mijngroepen", methods=["POST"])
@allowed("view_group_list")
def toggle_my_groups(group_id):
    """Add the group to Mijn groepen or take it out; answers htmx with the new button."""
    group = _group(group_id)
    adding = request.form.get("action") == "add"
    message = None
    try:
        if adding:
            groups.add_to_my_groups(current_user, group)
        else:
            groups.remove_from_my_groups(current_user, group)
    except PermissionDenied:
        raise
    except DomainError as refused:
        message = refused.message
    state = group_views.my_groups_state(group, current_user)
    if request.headers.get("HX-Request"):
        return render_template("groups/_my_groups_button.html", state=state, message=message)
    if message:
        flash(message, "error")
    else:
        flash("Toegevoegd aan Mijn groepen." if adding else "Uit Mijn groepen gehaald.", "success")
    back_to_list = request.form.get("back") == "alle"
    return redirect(url_for(".all_groups") if back_to_list else url_for(".profile", group_id=group.id))
