"""Start pages: `/` sends each role to its own; a teacher's groups, a pupil's plan, a parent's children."""
import re

from flask import Blueprint, abort, redirect, render_template, request, url_for
from flask_login import current_user, login_required
from peewee import JOIN, fn

from models import Group, GroupMember, GroupTeacher, ParentLink, User
from services import groups, permissions, plans

bp = Blueprint("home", __name__)

START_PAGES = {"admin": "admin.index", "teacher": "home.teacher", "assistant": "home.teacher",
               "pupil": "home.my_plan", "parent": "home.my_children"}
# The order a pupil reads their plan in: what to work on now first (SPEC 3, 9).
SECTION_ORDER = ("highlighted", "practising", "current", "coming", "achieved")
_HEX_COLOUR = re.compile(r"^#(?:[0-9a-fA-F]{3}){1,2}$")
DARK_TEXT = "#1a1a1a"


def _require_role(*roles):
    if current_user.role not in roles:
        abort(403)


@bp.route("/")
@login_required
def index():
    """Send the signed-in user to their role's start page."""
    endpoint = START_PAGES.get(current_user.role)
    if endpoint is None:
        abort(403)
    return redirect(url_for(endpoint))


def _groups_of(teacher):
    """The teacher's groups (taught or in MijnGroepen, not archived) with their active member counts."""
    taught = {row.group_id for row in GroupTeacher.select(GroupTeacher.group).where(GroupTeacher.teacher == teacher)}
    members = (GroupMember.select(GroupMember.group, fn.COUNT(GroupMember.id).alias("n"))
               .join(User).where(User.active).group_by(GroupMember.group))
    rows = (groups.my_groups(teacher)
            .select_extend(fn.COALESCE(members.c.n, 0).alias("member_count"))
            .switch(Group).join(members, JOIN.LEFT_OUTER, on=(members.c.group_id == Group.id)))
    return [{"name": g.name, "type": g.group_type.name, "members": g.member_count,
             "relation": "je geeft les" if g.id in taught else "MijnGroepen"} for g in rows]


@bp.route("/leraar")
@login_required
def teacher():
    """A teacher's or assistant's start page: their groups."""
    _require_role("teacher", "assistant")
    return render_template("home/teacher.html", groups=_groups_of(current_user))


def _luminance(hex_colour):
    """WCAG relative luminance of "#rrggbb"."""
    channels = (int(hex_colour[i:i + 2], 16) / 255 for i in (1, 3, 5))
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def _badge(status):
    """Name, symbol and colours of a status badge, with whichever text colour contrasts best."""
    colour = status.colour if _HEX_COLOUR.match(status.colour or "") else "#9e9e9e"
    if len(colour) == 4:
        colour = "#" + "".join(ch * 2 for ch in colour[1:])
    background = _luminance(colour)
    on_dark_text = (background + 0.05) / (_luminance(DARK_TEXT) + 0.05)
    on_white_text = 1.05 / (background + 0.05)
    return {"name": status.name, "symbol": status.symbol, "colour": colour,
            "text_colour": DARK_TEXT if on_dark_text >= on_white_text else "#ffffff"}


def _plan_view(actor, pupil, show_achieved):
    """A pupil's plan as the templates show it: sections in reading order, each goal with its steps."""
    sections = {}
    hidden_achieved = 0
    for plan_goal in plans.plan_for(actor, pupil, include_achieved=True):
        key = plan_goal.status.key
        if key == "achieved" and not show_achieved:
            hidden_achieved += 1
            continue
        badge = _badge(plan_goal.status)
        section = sections.setdefault(key, {"key": key, "name": plan_goal.status.name, "badge": badge,
                                            "goals": []})
        goal = plan_goal.goal
        section["goals"].append({"title": goal.title, "subject": goal.domain.subject.name,
                                 "domain": goal.domain.name, "badge": badge, "steps": goal.step_list})
    ordered = [sections[key] for key in SECTION_ORDER if key in sections]
    return {"pupil_name": pupil.full_name, "sections": ordered, "hidden_achieved": hidden_achieved}


def _show_achieved():
    return request.args.get("behaald") == "1"


@bp.route("/mijn-plan")
@login_required
def my_plan():
    """A pupil's own plan: highlighted goals first, then current and coming ones, each with its steps."""
    _require_role("pupil")
    permissions.require(current_user, "view_pupil", current_user)
    show_achieved = _show_achieved()
    return render_template("home/my_plan.html", plan=_plan_view(current_user, current_user, show_achieved),
                           show_achieved=show_achieved)


@bp.route("/mijn-kinderen")
@login_required
def my_children():
    """A parent's read-only view of their own children's plans, where the school allows it."""
    _require_role("parent")
    if not permissions.parent_access_on():
        return render_template("home/my_children.html", access=False, children=[], show_achieved=False)
    show_achieved = _show_achieved()
    children = (User.select().join(ParentLink, on=(ParentLink.pupil == User.id))
                .where(ParentLink.parent == current_user).order_by(User.first_name, User.id))
    plans_shown = [_plan_view(current_user, child, show_achieved) for child in children
                   if permissions.can(current_user, "view_pupil", child)]
    return render_template("home/my_children.html", access=True, children=plans_shown,
                           show_achieved=show_achieved)
