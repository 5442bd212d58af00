"""MijnDashboard, the start page of teachers and assistants: their groups, what changed recently in them,
their chats with unread counts, shortcuts. Also the top bar's navigation for staff, which every page shows."""

from flask import Blueprint, render_template, request, url_for
from flask_login import current_user
from peewee import JOIN

from models import Goal, GroupMember, PlanGoal, Status, StatusChange, User
from services import chat, permissions

from . import group_views, plan_view
from .access import allowed

bp = Blueprint("dashboard", __name__)

RECENT_CHANGES = 12
# The top bar: label, endpoint, and what a user must be allowed to see the entry (None: everyone signed in).
# Each role sees its own short list: staff their areas, a pupil their plan, a parent their children.
NAV = (
    ("Dashboard", "dashboard.index", "view_dashboard"),
    ("Mijn plan", "home.my_plan", "view_own_plan"),
    ("Mijn portfolio", "portfolio.mine", "view_own_plan"),
    ("Mijn kinderen", "home.my_children", "view_own_children"),
    ("Mijn groepen", "teacher_groups.my_groups", "view_group_list"),
    ("Alle groepen", "teacher_groups.all_groups", "view_group_list"),
    ("Leerlingen", "teacher_pupils.index", "view_pupil_list"),
    ("Doelensets", "teacher_goal_sets.index", "view_goal_set_list"),
    ("Curriculum", "teacher_curriculum.index", "view_curriculum"),
    ("Chats", "chat.index", None),
    ("Beheer", "admin.index", "admin"),
)


@bp.app_context_processor
def navigation():
    """The top bar's menu: the entries the signed-in user may open; the longest matching path is the current
    page."""
    if not current_user.is_authenticated:
        return {"nav_items": []}
    items = [
        {"label": label, "url": url_for(endpoint)}
        for label, endpoint, action in NAV
        if action is None or permissions.can(current_user, action)
    ]
    here = request.path.rstrip("/") or "/"
    matching = [item for item in items if here == item["url"] or here.startswith(item["url"] + "/")]
    current = max(matching, key=lambda item: len(item["url"]), default=None)
    for item in items:
        item["active"] = item is current
    return {"nav_items": items}


def recent_changes(group_ids, limit=RECENT_CHANGES):
    """The latest status changes of the (active) members of these groups, newest first, in one query."""
    if not group_ids:
        return []
    pupils = GroupMember.select(GroupMember.pupil).where(GroupMember.group.in_(group_ids))
    FromStatus, Author = Status.alias(), User.alias()
    rows = (
        StatusChange.select(StatusChange, PlanGoal, User, Goal, Status, FromStatus, Author)
        .join(PlanGoal)
        .join(User, on=(PlanGoal.pupil == User.id))
        .switch(PlanGoal)
        .join(Goal)
        .switch(StatusChange)
        .join(Status, on=(StatusChange.to_status == Status.id))
        .switch(StatusChange)
        .join(FromStatus, join_type=JOIN.LEFT_OUTER, on=(StatusChange.from_status == FromStatus.id))
        .switch(StatusChange)
        .join(Author, join_type=JOIN.LEFT_OUTER, on=(StatusChange.changed_by == Author.id))
        .where(PlanGoal.pupil.in_(pupils) & User.active)
        .order_by(StatusChange.changed_at.desc(), StatusChange.id.desc())
        .limit(limit)
    )
    return [
        {
            "pupil": row.plan_goal.pupil.full_name,
            "pupil_url": url_for("teacher_pupils.pupil", pupil_id=row.plan_goal.pupil_id),
            "goal": row.plan_goal.goal.title,
            "history_url": url_for(
                "teacher_pupils.goal_history", pupil_id=row.plan_goal.pupil_id, plan_goal_id=row.plan_goal_id
            ),
            "from": plan_view.badge(row.from_status) if row.from_status_id else None,
            "to": plan_view.badge(row.to_status),
            "by": row.changed_by.full_name if row.changed_by_id else "het systeem",
            "channel": plan_view.CHANNEL_NAMES.get(row.channel, row.channel),
            "when": plan_view.when(row.changed_at),
        }
        for row in rows
    ]


def chat_rows(user):
    """The chats on the dashboard: those of my groups and their goal sets, and every other chat I belong to
    with unread messages; each with its unread count, unread first. A fixed number of queries."""
    return [{**row, "url": url_for("chat.room", room_key=row["room"])} for row in chat.my_chats(user)]


@bp.route("/leraar")
@allowed("view_dashboard")
def index():
    """A teacher's or assistant's start page: their groups, recent status changes, shortcuts."""
    my_groups = group_views.my_group_rows(current_user)
    return render_template(
        "dashboard/index.html",
        groups=my_groups,
        changes=recent_changes([group["id"] for group in my_groups]),
        chats=chat_rows(current_user),
        can_create=permissions.can(current_user, "create_group"),
    )
