"""What the group pages show, computed in a fixed handful of queries: rows for group lists, a group's profile,
and the people that may be added to it. The views in `groups` and `dashboard` hand these to the templates."""

from flask import url_for
from peewee import fn
from werkzeug.routing import BuildError

from models import GoalSet, Group, GroupMember, GroupTeacher, MyGroup, User
from services import accounts, goal_sets, groups, permissions

CANDIDATE_LIMIT = 30
# The overview pages of a group, built in another module; linked by plain path until their endpoints exist.
OVERVIEWS = (
    ("Groepsoverzicht statussen", "overviews.status_overview", "statussen"),
    ("Groepsoverzicht leerdoelen", "overviews.active_goals", "leerdoelen"),
    ("Leerdoelenoverzicht", "overviews.group_matrix", "matrix"),
    ("Weekplanning", "week_planning.group_week", "week"),
)


def _member_counts(group_ids):
    """{group id: number of active members}, in one query."""
    if not group_ids:
        return {}
    rows = (
        GroupMember.select(GroupMember.group, fn.COUNT(GroupMember.id))
        .join(User)
        .where(User.active & GroupMember.group.in_(group_ids))
        .group_by(GroupMember.group)
        .tuples()
    )
    return dict(rows)


def _teacher_names(group_ids):
    """{group id: "Anna de Vries, Bram Bos"}, in one query."""
    names = {}
    if group_ids:
        rows = (
            GroupTeacher.select(GroupTeacher.group, User)
            .join(User)
            .where(GroupTeacher.group.in_(group_ids))
            .order_by(User.last_name, User.first_name)
        )
        for row in rows:
            names.setdefault(row.group_id, []).append(row.teacher.full_name)
    return {group_id: ", ".join(people) for group_id, people in names.items()}


def _ids_of(model, teacher):
    return {row.group_id for row in model.select(model.group).where(model.teacher == teacher)}


def group_rows(query, teacher):
    """Rows for a list of groups: name, type, members, teachers and how the group relates to `teacher`."""
    found = list(query)
    ids = [g.id for g in found]
    counts, teachers = _member_counts(ids), _teacher_names(ids)
    taught, followed = _ids_of(GroupTeacher, teacher), _ids_of(MyGroup, teacher)
    return [
        {
            "id": g.id,
            "name": g.name,
            "type": g.group_type.name,
            "las_managed": g.las_managed,
            "members": counts.get(g.id, 0),
            "teachers": teachers.get(g.id, ""),
            "url": url_for("teacher_groups.profile", group_id=g.id),
            "teaches": g.id in taught,
            "in_my_groups": g.id in followed,
            "relation": "je geeft les" if g.id in taught else ("Mijn groepen" if g.id in followed else ""),
            "my_groups": {"group_id": g.id, "teaches": g.id in taught, "followed": g.id in followed, "archived": False},
        }
        for g in found
    ]


def my_group_rows(teacher):
    return group_rows(groups.my_groups(teacher), teacher)


def all_group_rows(teacher, search="", type_id=None):
    query = groups.all_groups()
    if search:
        query = query.where(Group.name.contains(search))
    if type_id:
        query = query.where(Group.group_type == type_id)
    return group_rows(query, teacher)


def overview_links(group_id):
    """Links to the group's overview pages, by endpoint when it is registered, else by its path."""
    links = []
    for label, endpoint, path in OVERVIEWS:
        url = f"/groepen/{group_id}/{path}"
        for argument in ("group_id", "source_id"):
            try:
                url = url_for(endpoint, **{argument: group_id})
                break
            except BuildError:
                continue
        links.append({"label": label, "url": url})
    return links


def _people(query):
    return [{"id": u.id, "name": u.full_name, "level": u.level, "role": accounts.role_name(u)} for u in query]


def members_of(group):
    return _people(
        User.select()
        .join(GroupMember, on=(GroupMember.pupil == User.id))
        .where((GroupMember.group == group.id) & User.active)
        .order_by(User.last_name, User.first_name, User.id)
    )


def teachers_of(group):
    return _people(
        User.select()
        .join(GroupTeacher, on=(GroupTeacher.teacher == User.id))
        .where(GroupTeacher.group == group.id)
        .order_by(User.last_name, User.first_name, User.id)
    )


def pupil_candidates(group, search=""):
    """Active pupils who are not in the group yet, matching `search`, at most CANDIDATE_LIMIT."""
    present = GroupMember.select(GroupMember.pupil).where(GroupMember.group == group.id)
    query = User.pupils().where(User.id.not_in(present))
    if search:
        query = query.where(
            User.first_name.contains(search) | User.last_name.contains(search) | User.login.contains(search)
        )
    return _people(query.order_by(User.level, User.last_name, User.first_name, User.id).limit(CANDIDATE_LIMIT))


def teacher_choices(exclude_group=None):
    """Active teachers and assistants (not yet teaching `exclude_group`), by name."""
    query = User.select().where(User.role.in_(permissions.GROUP_TEACHERS) & User.active)
    if exclude_group is not None:
        query = query.where(
            User.id.not_in(GroupTeacher.select(GroupTeacher.teacher).where(GroupTeacher.group == exclude_group.id))
        )
    return _people(query.order_by(User.last_name, User.first_name, User.id))


def profile(group, user, search=""):
    """Everything the Groepsprofiel shows to `user`."""
    can_manage = permissions.can(user, "manage_group", group)
    editable = can_manage and not group.archived
    members_editable = editable and not group.las_managed
    goal_set = GoalSet.get_or_none(GoalSet.id == group.goal_set_id) if group.goal_set_id else None
    return {
        "id": group.id,
        "name": group.name,
        "type": group.group_type.name,
        "school_year": group.school_year,
        "archived": group.archived,
        "las_managed": group.las_managed,
        "las_message": groups.LAS_MEMBERS,
        "goal_set": goal_set.name if goal_set else None,
        "goal_set_id": goal_set.id if goal_set else None,
        "members": members_of(group),
        "teachers": teachers_of(group),
        "overviews": overview_links(group.id),
        "can_manage": editable,
        "members_editable": members_editable,
        # Whom Mijn groepen would let manage the group is told so.
        "manage_hint": permissions.can(user, "manage_my_groups") and not can_manage and not group.archived,
        "candidates": pupil_candidates(group, search) if members_editable else [],
        "search": search,
        "teacher_choices": teacher_choices(group) if editable else [],
        "goal_sets": ([{"id": s.id, "name": s.name} for s in goal_sets.all_goal_sets()] if editable else []),
        "my_groups": my_groups_state(group, user),
    }


def my_groups_state(group, user):
    """The Mijn groepen button of a group: is it in the user's list, and is that because they teach it."""
    return {
        "group_id": group.id,
        "teaches": GroupTeacher.select()
        .where((GroupTeacher.group == group.id) & (GroupTeacher.teacher == user.id))
        .exists(),
        "followed": MyGroup.select().where((MyGroup.group == group.id) & (MyGroup.teacher == user.id)).exists(),
        "archived": group.archived,
    }
