"""Mijn dashboard, the start page of teachers and assistants: their groups, what changed recently in them,
their chats with unread counts, shortcuts. Also the top bar's navigation for staff, which every page shows."""

from flask import Blueprint, render_template, request, url_for
from flask_login import current_user
from peewee import JOIN

from models import Goal, GroupMember, PlanGoal, Status, StatusChange, User
from services import chat, permissions

from . import class_folder_view, group_views, plan_view
from .access import allowed

bp = Blueprint("dashboard", __name__)

RECENT_CHANGES = 12
# The top bar: label, endpoint, and what a user must be allowed to see the entry (None: everyone signed in).
# Each role sees its own short list: staff their areas, a pupil their plan, a parent their children.
NAV = (
    ("Mijn dashboard", "dashboard.index", "view_dashboard"),
    ("Mijn plan", "home.my_plan", "view_own_plan"),
    ("Mijn week", "week_planning.my_week", "view_own_week"),
    ("Mijn portfolio", "portfolio.mine", "view_own_plan"),
    ("Mijn kinderen", "home.my_children", "view_own_children"),
    ("Mijn groepen", "teacher_groups.my_groups", "view_group_list"),
    ("Alle groepen", "teacher_groups.all_groups", "view_group_list"),
    ("Leerlingen", "teacher_pupils.index", "view_pupil_list"),
    ("Doelensets", "teacher_goal_sets.index", "view_goal_set_list"),
    ("Curriculum", "teacher_curriculum.index", "view_curriculum"),
    ("Mijn rooster", "class_folder.my_timetable", "view_timetables"),
    ("Notities", "group_notes.search", "view_group_notes"),
    ("Besprekingen", "reviews.overview", "prepare_group_reviews"),  # the IB-er's group reviews
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
    """The latest status changes of the (active) members of these groups, newest first, in one query.

    It reads through indexes, whatever the length of the history: a plan goal's `changed_at` is the moment
    of its latest change, so the newest `limit` changes (ties in time ordered by plan goal) all belong to
    the `limit` plan goals changed last, found in the index plan_goal(pupil, changed_at); only their
    history is read, and only the columns shown. The statuses (five rows) come apart: joined twice more they
    made PostgreSQL spend 30 ms choosing among the orders of a nine-way join."""
    if not group_ids:
        return []
    members = GroupMember.select(GroupMember.pupil).where(GroupMember.group.in_(group_ids))
    changed_last = (
        PlanGoal.select(PlanGoal.id)
        .join(User, on=(PlanGoal.pupil == User.id))
        .where(PlanGoal.pupil.in_(members) & User.active)
        .order_by(PlanGoal.changed_at.desc(), PlanGoal.id.desc())
        .limit(limit)
    )
    Author = User.alias()
    badges = {
        s.id: plan_view.badge(s)
        for s in Status.select(Status.id, Status.key, Status.name, Status.colour, Status.symbol)
    }
    # The joined rows' ids too: peewee puts each joined row in place of its foreign key.
    rows = (
        StatusChange.select(
            StatusChange.plan_goal,
            StatusChange.from_status,
            StatusChange.to_status,
            StatusChange.changed_by,
            StatusChange.changed_at,
            StatusChange.channel,
            PlanGoal.id,
            PlanGoal.pupil,
            User.id,
            User.first_name,
            User.infix,
            User.last_name,
            Goal.title,
            Author.id,
            Author.first_name,
            Author.infix,
            Author.last_name,
        )
        .join(PlanGoal)
        .join(User, on=(PlanGoal.pupil == User.id))
        .switch(PlanGoal)
        .join(Goal)
        .switch(StatusChange)
        .join(Author, join_type=JOIN.LEFT_OUTER, on=(StatusChange.changed_by == Author.id))
        .where(StatusChange.plan_goal.in_(changed_last))
        .order_by(StatusChange.changed_at.desc(), StatusChange.plan_goal.desc(), StatusChange.id.desc())
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
            "from": badges[row.from_status_id] if row.from_status_id else None,
            "to": badges[row.to_status_id],
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
    """A teacher's or assistant's start page: the class folder, their groups, recent status changes, shortcuts."""
    my_groups = group_views.my_group_rows(current_user)
    return render_template(
        "dashboard/index.html",
        groups=my_groups,
        changes=recent_changes([group["id"] for group in my_groups]),
        chats=chat_rows(current_user),
        can_create=permissions.can(current_user, "create_group"),
        class_folder=class_folder_view.dashboard_panel(current_user),
    )
