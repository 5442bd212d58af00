"""Start pages: `/` sends each role to its own; a teacher's groups, a pupil's plan, a parent's children."""

from flask import Blueprint, abort, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from models import GoalSet, Group, GroupMember, GroupType, ParentLink, User
from services import permissions, plans
from services.errors import PermissionDenied

from . import class_folder_view, plan_view
from .access import allowed
from .dashboard import chat_rows

bp = Blueprint("home", __name__)

_badge = plan_view.badge  # kept for modules that still import it from here

# The start page of each role: the first of these pages the user may open.
START_PAGES = (
    ("admin", "admin.index"),
    ("view_dashboard", "dashboard.index"),
    ("view_own_plan", "home.my_plan"),
    ("view_own_children", "home.my_children"),
)


@bp.route("/")
@login_required
def index():
    """Send the signed-in user to their role's start page."""
    endpoint = next((page for action, page in START_PAGES if permissions.can(current_user, action)), None)
    if endpoint is None:
        abort(403)
    return redirect(url_for(endpoint))


def _plan_view(actor, pupil, show_achieved, subject=None):
    """A pupil's plan as the templates show it: sections in reading order, each goal with its steps.

    The plan is read whole (one query) and filtered here, so that the subject filter lists only subjects
    that are on this pupil's plan."""
    sections = {}
    hidden_achieved = 0
    subjects = {}
    for plan_goal in plans.plan_for(actor, pupil, include_achieved=True):
        goal = plan_goal.goal
        subjects.setdefault(goal.domain.subject_id, goal.domain.subject.name)
        if subject is not None and goal.domain.subject_id != subject:
            continue
        key = plan_goal.status.key
        if key == "achieved" and not show_achieved:
            hidden_achieved += 1
            continue
        badge = plan_view.badge(plan_goal.status)
        section = sections.setdefault(key, {"key": key, "name": plan_goal.status.name, "badge": badge, "goals": []})
        section["goals"].append(
            {
                "goal_id": goal.id,
                "title": goal.title,
                "subject": goal.domain.subject.name,
                "domain": goal.domain.name,
                "badge": badge,
                "steps": goal.step_list,
            }
        )
    ordered = [sections[key] for key in plan_view.SECTION_ORDER if key in sections]
    return {
        "pupil_id": pupil.id,
        "pupil_name": pupil.full_name,
        "sections": ordered,
        "hidden_achieved": hidden_achieved,
        "subjects": [{"id": i, "name": n} for i, n in sorted(subjects.items(), key=lambda item: item[1])],
    }


def _filters():
    """The pupil and parent views' filters: achieved shown or hidden (hidden by default), one subject."""
    return {"behaald": request.args.get("behaald") == "1", "vak": plan_view.int_arg("vak", what="vak")}


def _goal_set_plans(pupil):
    """The Doelensetplans (steps for pupils) of the goal sets linked to the pupil's groups visible to pupils."""
    rows = (
        GoalSet.select(GoalSet.name, GoalSet.plan)
        .join(Group, on=(Group.goal_set == GoalSet.id))
        .join(GroupType, on=(Group.group_type == GroupType.id))
        .join(GroupMember, on=(GroupMember.group == Group.id))
        .where(
            (GroupMember.pupil == pupil.id)
            & ~Group.archived
            & ~GoalSet.archived
            & GroupType.visible_to_pupils
            & (GoalSet.plan != "")
        )
        .distinct()
        .order_by(GoalSet.name)
    )
    return [{"name": row.name, "plan": row.plan} for row in rows]


@bp.route("/mijn-plan")
@allowed("view_own_plan")
def my_plan():
    """A pupil's own plan: highlighted goals first, then current and coming ones, each with its steps; their
    chats with live unread counts."""
    filters = _filters()
    return render_template(
        "home/my_plan.html",
        plan=_plan_view(current_user, current_user, filters["behaald"], filters["vak"]),
        filters=filters,
        show_achieved=filters["behaald"],
        goal_set_plans=_goal_set_plans(current_user),
        chats=chat_rows(current_user),
        lessons=class_folder_view.pupil_panel(current_user),
    )


def _children(parent):
    return (
        User.select()
        .join(ParentLink, on=(ParentLink.pupil == User.id))
        .where(ParentLink.parent == parent)
        .order_by(User.first_name, User.id)
    )


@bp.route("/mijn-kinderen")
@allowed("view_own_children")
def my_children():
    """A parent's read-only view of their own children's plans, where the school allows it, and the goal
    chats they may read that have new messages."""
    if not permissions.parent_access_on():
        return render_template(
            "home/my_children.html",
            access=False,
            children=[],
            show_achieved=False,
            filters={"behaald": False, "vak": None},
        )
    filters = _filters()
    plans_shown = [
        _plan_view(current_user, child, filters["behaald"], filters["vak"])
        for child in _children(current_user)
        if permissions.can(current_user, "view_pupil", child)
    ]
    return render_template(
        "home/my_children.html",
        access=True,
        children=plans_shown,
        show_achieved=filters["behaald"],
        filters=filters,
        chats=chat_rows(current_user),
    )


@bp.route("/mijn-kinderen/<int:pupil_id>")
@allowed("view_own_children")
def my_child(pupil_id):
    """One child's plan, read-only; never another family's child, and only while parent access is on."""
    if not permissions.parent_access_on():
        raise PermissionDenied("De school heeft de toegang voor ouders nog niet aangezet.")
    child = User.get_or_none((User.id == pupil_id) & (User.role == "pupil"))
    if child is None or not permissions.can(current_user, "view_pupil", child):
        raise PermissionDenied("Je kunt alleen het plan van je eigen kind bekijken.")
    filters = _filters()
    return render_template(
        "home/my_child.html",
        plan=_plan_view(current_user, child, filters["behaald"], filters["vak"]),
        filters=filters,
        show_achieved=filters["behaald"],
    )
