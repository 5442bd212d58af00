"""Teacher pages: the pupil list, adding goals to several plans at once, and a pupil's page (SPEC 3, issue 5)."""

from flask import Blueprint, flash, make_response, redirect, render_template, request, url_for
from flask_login import current_user
from peewee import fn

from models import GoalSet, Group, GroupMember, ParentLink, PlanGoal, User
from services import accounts, class_folder, goal_sets, groups, permissions, plans
from services.errors import Conflict, DomainError, NotFound

from . import plan_view
from .access import allowed, get_or_404, pupil_or_404

bp = Blueprint("teacher_pupils", __name__)

LIST_LIMIT = 500


def _pupil(pupil_id):
    """The pupil with this id, or a Dutch 404; 403 for a pupil the user may not view."""
    pupil = pupil_or_404(pupil_id)
    permissions.require(current_user, "view_pupil", pupil)
    return pupil


# --- the pupil list and adding goals to several plans ------------------------------------------------------


def _pupil_rows(group_id, search):
    """Active pupils (filtered by group and name) with their group names, in two queries."""
    query = User.pupils().order_by(User.last_name, User.first_name, User.id)
    if group_id is not None:
        query = query.where(User.id.in_(GroupMember.select(GroupMember.pupil).where(GroupMember.group == group_id)))
    if search:
        needle = search.lower()
        both = fn.LOWER(User.first_name.concat(" ").concat(User.last_name))
        query = query.where(
            both.contains(needle)
            | fn.LOWER(User.last_name).contains(needle)
            | fn.LOWER(User.infix.concat(" ").concat(User.last_name)).contains(needle)
        )
    pupils = list(query.limit(LIST_LIMIT + 1))
    names = {}
    if pupils:
        for member in (
            GroupMember.select(GroupMember.pupil, Group.name)
            .join(Group)
            .where(GroupMember.pupil.in_([p.id for p in pupils[:LIST_LIMIT]]) & ~Group.archived)
            .order_by(Group.name)
        ):
            names.setdefault(member.pupil_id, []).append(member.group.name)
    rows = [
        {"id": p.id, "name": p.sort_name, "level": p.level, "groups": ", ".join(names.get(p.id, []))}
        for p in pupils[:LIST_LIMIT]
    ]
    return rows, len(pupils) > LIST_LIMIT


@bp.route("/leerlingen")
@allowed("view_pupil_list")
def index():
    """All pupils, filtered by group and name, with checkboxes to add goals to several plans at once."""
    group_id = plan_view.int_arg("groep", what="groep")
    search = request.args.get("zoek", "").strip()[:100]
    rows, more = _pupil_rows(group_id, search)
    group_options = [{"id": g.id, "name": g.name} for g in groups.all_groups()]
    return render_template(
        "pupils/index.html",
        pupils=rows,
        more=more,
        limit=LIST_LIMIT,
        group_id=group_id,
        search=search,
        group_options=group_options,
        can_add=permissions.can(current_user, "add_plan_goals"),
    )


def _chosen_pupils(source):
    pupils = plans.fetch_pupils(plan_view.int_list("leerling", source, "leerling"))
    if not pupils:
        raise DomainError("Kies eerst een of meer leerlingen.")
    return pupils


def _back_url(pupils):
    if len(pupils) == 1:
        return url_for(".pupil", pupil_id=pupils[0].id)
    return url_for(".index")


@bp.route("/leerlingen/plp-toevoegen")
@allowed("add_plan_goals")
def pick_goals():
    """Step 1 of "PLP toevoegen": pick goals from the curriculum for the chosen pupils."""
    if not any(request.args.getlist("leerling")):
        # The list's button pressed with no pupil ticked: back to the same list, with a word why.
        flash("Kies eerst een of meer leerlingen met de vakjes voor hun naam.", "error")
        back = {key: request.args[key] for key in ("groep", "zoek") if request.args.get(key)}
        return redirect(url_for(".index", **back))
    pupils = _chosen_pupils(request.args)
    plan = request.args.get("plan", "current")
    picker = plan_view.goal_picker(current_user, chosen=plan_view.int_list("doel", what="leerdoel"))
    return render_template(
        "pupils/pick_goals.html",
        pupils=[{"id": p.id, "name": p.full_name} for p in pupils],
        picker=picker,
        plan=plan if plan in plan_view.PLAN_NAMES else "current",
        back_url=_back_url(pupils),
    )


@bp.route("/leerlingen/plp-toevoegen/controleren")
@allowed("add_plan_goals")
def review_goals():
    """Step 2: review the chosen pupils, goals and plan before adding; remove what is not wanted."""
    pupils = _chosen_pupils(request.args)
    goals = plans.fetch_goals(plan_view.int_list("doel", what="leerdoel"))
    plan = request.args.get("plan", "")
    if plan not in plan_view.PLAN_NAMES:
        raise DomainError("Kies het huidige of het komende plan.")
    if not goals:
        flash("Kies minstens één leerdoel.", "error")
        return redirect(url_for(".pick_goals", leerling=[p.id for p in pupils], plan=plan))
    present = {
        (pg.pupil_id, pg.goal_id)
        for pg in PlanGoal.select(PlanGoal.pupil, PlanGoal.goal).where(
            PlanGoal.pupil.in_([p.id for p in pupils]) & PlanGoal.goal.in_([g.id for g in goals])
        )
    }
    goal_rows = [
        {
            "id": g.id,
            "title": g.title,
            "level": g.level,
            "period": g.period,
            "already": [p.full_name for p in pupils if (p.id, g.id) in present],
        }
        for g in goals
    ]
    return render_template(
        "pupils/review_goals.html",
        pupils=[{"id": p.id, "name": p.full_name} for p in pupils],
        goals=goal_rows,
        plan=plan,
        plan_name=plan_view.PLAN_NAMES[plan],
        back_url=url_for(".pick_goals", leerling=[p.id for p in pupils], plan=plan, doel=[g.id for g in goals]),
    )


@bp.route("/leerlingen/plp-toevoegen", methods=["POST"])
@allowed("add_plan_goals")
def add_goals():
    """Step 3: add the goals to every chosen pupil's plan; show what was added and what was there already."""
    pupils = _chosen_pupils(request.form)
    goal_ids = plan_view.int_list("doel", request.form, "leerdoel")
    plan = request.form.get("plan", "")
    try:
        result = plans.add_goals(current_user, pupils, goal_ids, plan=plan, channel="web")
    except Conflict as refused:
        return render_template(
            "pupils/added.html", message=refused.message, added=0, skipped=[], back_url=_back_url(pupils)
        ), 409
    skipped = [{"pupil": p.full_name, "goal": g.title} for p, g in result.skipped]
    return render_template(
        "pupils/added.html",
        message=None,
        added=result.added,
        skipped=skipped,
        plan_name=plan_view.PLAN_NAMES[plan],
        back_url=_back_url(pupils),
    )


# --- one pupil's page ------------------------------------------------------------------------------------


def _goal_row(plan_goal, can_edit, set_names, message=None):
    goal = plan_goal.goal
    return {
        "id": plan_goal.id,
        "goal_id": goal.id,
        "title": goal.title,
        "subject": goal.domain.subject.name,
        "domain": goal.domain.name,
        "level": goal.level,
        "period": goal.period,
        "badge": plan_view.badge(plan_goal.status),
        "source": plan_view.SOURCE_NAMES.get(plan_goal.source, plan_goal.source),
        "goal_set": set_names.get(plan_goal.goal_set_id),
        "changed_at": plan_view.when(plan_goal.changed_at),
        "can_edit": can_edit,
        "message": message,
    }


def _set_names(plan_goals):
    ids = {pg.goal_set_id for pg in plan_goals if pg.goal_set_id}
    return (
        {s.id: s.name for s in GoalSet.select(GoalSet.id, GoalSet.name).where(GoalSet.id.in_(list(ids)))} if ids else {}
    )


@bp.route("/leerlingen/<int:pupil_id>")
@allowed("view_pupil_list")
def pupil(pupil_id):
    """A pupil's plan (current and coming) with filters, status changes, history and password reset."""
    pupil = _pupil(pupil_id)
    args = request.args
    status_key = args.get("status", "").strip()
    keys = {s["key"] for s in plan_view.statuses()}
    if status_key and status_key not in keys:
        raise DomainError("Onbekende status in het filter.")
    filters = {
        "vak": plan_view.int_arg("vak", what="vak"),
        "deelgebied": plan_view.int_arg("deelgebied", what="deelgebied"),
        "doelenset": plan_view.int_arg("doelenset", what="doelenset"),
        "status": status_key or None,
        "behaald": args.get("behaald", "1") != "0",
    }
    plan_goals = plans.plan_for(
        current_user,
        pupil,
        subject=filters["vak"],
        domain=filters["deelgebied"],
        goal_set=filters["doelenset"],
        status=filters["status"],
        include_achieved=filters["behaald"],
    )
    can_edit = permissions.can(current_user, "edit_plan", pupil)
    set_names = _set_names(plan_goals)
    rows = [_goal_row(pg, can_edit, set_names) for pg in plan_goals]
    current = [r for r in rows if r["badge"]["key"] != "coming"]
    coming = [r for r in rows if r["badge"]["key"] == "coming"]
    group_names = plan_view.group_names(pupil)
    parents = [
        {
            "id": p.id,
            "name": p.full_name,
            "login": p.login,
            "can_reset": permissions.can(current_user, "reset_password", p),
        }
        for p in User.select()
        .join(ParentLink, on=(ParentLink.parent == User.id))
        .where((ParentLink.pupil == pupil.id) & User.active)
        .order_by(User.first_name, User.id)
    ]
    return render_template(
        "pupils/pupil.html",
        parents=parents,
        pupil={
            "id": pupil.id,
            "name": pupil.full_name,
            "level": pupil.level,
            "login": pupil.login,
            "groups": ", ".join(group_names),
            "active": pupil.active,
        },
        current=current,
        coming=coming,
        filters=filters,
        statuses=plan_view.statuses(),
        subject_options=plan_view.subject_options(),
        domain_options=plan_view.domain_options(filters["vak"]),
        goal_set_options=[{"id": s.id, "name": s.name} for s in goal_sets.all_goal_sets()],
        can_edit=can_edit,
        can_reset=permissions.can(current_user, "reset_password", pupil),
        filtered=any(filters[k] for k in ("vak", "deelgebied", "doelenset", "status")) or not filters["behaald"],
    )


def _plan_goal_of(pupil, plan_goal_id):
    """The plan goal with this id on this pupil's plan; a tampered id is a Dutch 404."""
    return get_or_404(
        PlanGoal,
        plan_goal_id,
        PlanGoal.pupil == pupil.id,
        message="Dit leerdoel staat niet op het plan van deze leerling.",
    )


def _fresh_row(pupil, plan_goal_id, message=None):
    plan_goal = plans.plan_for(current_user, pupil)
    found = next((pg for pg in plan_goal if pg.id == plan_goal_id), None)
    if found is None:
        raise NotFound("Dit leerdoel staat niet (meer) op het plan.")
    return _goal_row(found, permissions.can(current_user, "edit_plan", pupil), _set_names([found]), message)


@bp.route("/leerlingen/<int:pupil_id>/doelen/<int:plan_goal_id>/status", methods=["POST"])
@allowed("view_pupil_list")
def change_status(pupil_id, plan_goal_id):
    """Change one goal's status; a stale page loses to the newer change and is told so."""
    pupil = _pupil(pupil_id)
    permissions.require(current_user, "edit_plan", pupil)
    plan_goal = _plan_goal_of(pupil, plan_goal_id)
    status = request.form.get("status", "").strip()
    expected = request.form.get("verwacht", "").strip() or None
    note = request.form.get("notitie", "").strip()[:2000]
    message, category = None, "success"
    try:
        changed = plans.change_status(
            current_user, plan_goal, status, channel="web", note=note, expected_status=expected
        )
        message = f"Status gewijzigd naar {changed.status.name}."
    except Conflict as stale:
        message, category = stale.message, "error"
    if request.headers.get("HX-Request"):
        row = _fresh_row(pupil, plan_goal.id, {"text": message, "category": category})
        return render_template("plan/_goal_row.html", goal=row, pupil_id=pupil.id, statuses=plan_view.statuses())
    flash(message, category)
    return redirect(url_for(".pupil", pupil_id=pupil.id, _anchor=f"doel-{plan_goal.id}"))


@bp.route("/leerlingen/<int:pupil_id>/doelen/<int:plan_goal_id>")
@allowed("view_pupil_list")
def goal_history(pupil_id, plan_goal_id):
    """The history of one goal on a pupil's plan as a timeline (a fragment for htmx, else a page)."""
    pupil = _pupil(pupil_id)
    plan_goal = _plan_goal_of(pupil, plan_goal_id)
    entries = []
    for entry in plans.history(current_user, plan_goal):
        row = {
            "kind": entry["kind"],
            "at": plan_view.when(entry["at"]),
            "by": entry["by"].full_name if entry["by"] else "het systeem",
            "channel": plan_view.CHANNEL_NAMES.get(entry["channel"], entry["channel"]),
        }
        if entry["kind"] == "status":
            row.update(
                {
                    "from": plan_view.badge(entry["from"]) if entry["from"] else None,
                    "to": plan_view.badge(entry["to"]),
                    "note": entry["note"] or "",
                }
            )
        elif entry["kind"] == "tick":
            row.update({"done": entry["done"], "week": class_folder.week_label(entry["week"])})
        else:
            row.update({"effort": entry["effort"], "quality": entry["quality"]})
        entries.append(row)
    template = "plan/_history.html" if request.headers.get("HX-Request") else "pupils/history.html"
    return render_template(
        template, entries=entries, goal_title=plan_goal.goal.title, pupil={"id": pupil.id, "name": pupil.full_name}
    )


@bp.route("/leerlingen/<int:pupil_id>/wachtwoord", methods=["POST"])
@allowed("view_pupil_list")
def reset_password(pupil_id):
    """Give the pupil a new generated password and show it once (never cached)."""
    pupil = _pupil(pupil_id)
    new_password = accounts.set_password(current_user, pupil)
    response = make_response(
        render_template(
            "pupils/password.html",
            password=new_password,
            pupil={"id": pupil.id, "name": pupil.full_name, "login": pupil.login},
        )
    )
    response.headers["Cache-Control"] = "no-store"
    response.headers["Pragma"] = "no-cache"
    return response
