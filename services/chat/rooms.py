"""Chat rooms (SPEC 8): their keys, what each belongs to, its title, and who belongs to it.

A room is named by a key that the browser, the database (`ChatMessage.room`) and Socket.IO share:

    "group:7"              a group's chat (Groepschat), only for group types visible to pupils
    "pupil_goal:12:40"     the chat on goal 40 of pupil 12's plan
    "goal:40"              teachers talking about goal 40 of the curriculum with colleagues
    "goal_set:3"           the chat of goal set 3 (DoelensetChat)

Who may read and write is decided by `services.permissions` (rules "chat_read", "chat_write",
"chat_moderate"), with the `Room` of this module as the target. Who *belongs* to a room (gets its unread
counts and live unread pushes) is narrower than who may read it: all staff may read a group's chat, but
only its teachers and members belong to it.
"""

import dataclasses
import re

from peewee import JOIN

from models import (
    ChatMessage,
    ChatRead,
    Goal,
    GoalSet,
    Group,
    GroupMember,
    GroupTeacher,
    GroupType,
    ParentLink,
    PlanGoal,
    User,
)

from .. import permissions
from ..errors import DomainError, NotFound

_ID = r"([1-9][0-9]{0,8})"  # ids fit a 32-bit integer column on every database
_PATTERNS = {
    "group": re.compile(rf"group:{_ID}"),
    "pupil_goal": re.compile(rf"pupil_goal:{_ID}:{_ID}"),
    "goal": re.compile(rf"goal:{_ID}"),
    "goal_set": re.compile(rf"goal_set:{_ID}"),
}
MAX_KEY_LENGTH = 40
UNKNOWN_ROOM = "Deze chat bestaat niet."
GONE_ROOM = "Deze chat bestaat niet (meer)."


@dataclasses.dataclass(frozen=True)
class Room:
    """A parsed room key with the rows it belongs to (only those of its kind are set)."""

    key: str
    kind: str
    group: Group = None
    pupil: User = None
    goal: Goal = None
    goal_set: GoalSet = None

    def columns(self):
        """The ChatMessage / Document foreign keys that tie a message in this room to what it belongs to."""
        return {"group": self.group, "pupil": self.pupil, "goal": self.goal, "goal_set": self.goal_set}


def split_key(key):
    """(kind, ids) of a well-formed key, else None. Reads no rows."""
    if not isinstance(key, str) or len(key) > MAX_KEY_LENGTH:
        return None
    for kind, pattern in _PATTERNS.items():
        match = pattern.fullmatch(key)
        if match:
            return kind, [int(part) for part in match.groups()]
    return None


def key_for(kind, *ids):
    """The room key of `kind` for these ids (model instances or ints)."""
    return ":".join([kind, *(str(getattr(i, "id", i)) for i in ids)])


def parse_room(key):
    """The Room for `key`; DomainError when the key is malformed, NotFound when what it names is gone."""
    parsed = split_key(key)
    if parsed is None:
        raise DomainError(UNKNOWN_ROOM)
    kind, ids = parsed
    if kind == "group":
        group = Group.select(Group, GroupType).join(GroupType).where(Group.id == ids[0]).first()
        if group is None:
            raise NotFound(GONE_ROOM)
        return Room(key, kind, group=group)
    if kind == "pupil_goal":
        pupil = User.get_or_none((User.id == ids[0]) & (User.role == "pupil"))
        goal = Goal.get_or_none(Goal.id == ids[1])
        if pupil is None or goal is None:
            raise NotFound(GONE_ROOM)
        if not PlanGoal.select().where((PlanGoal.pupil == pupil) & (PlanGoal.goal == goal)).exists():
            raise NotFound("Dit leerdoel staat niet op het plan van deze leerling.")
        return Room(key, kind, pupil=pupil, goal=goal)
    if kind == "goal":
        goal = Goal.get_or_none(Goal.id == ids[0])
        if goal is None:
            raise NotFound(GONE_ROOM)
        return Room(key, kind, goal=goal)
    goal_set = GoalSet.get_or_none(GoalSet.id == ids[0])
    if goal_set is None:
        raise NotFound(GONE_ROOM)
    return Room(key, kind, goal_set=goal_set)


def resolve(room):
    """A Room for a Room or a key."""
    return room if isinstance(room, Room) else parse_room(room)


def room_title(room):
    """What a screen calls the room."""
    if room.kind == "group":
        return f"Groepschat {room.group.name}"
    if room.kind == "pupil_goal":
        return f"{room.goal.title} · {room.pupil.full_name}"
    if room.kind == "goal":
        return f"Collega's over {room.goal.title}"
    return f"Doelensetchat {room.goal_set.name}"


def room_titles(keys):
    """{key: title} for many keys in at most four queries; unknown or malformed keys are left out."""
    parsed = {key: split_key(key) for key in keys}
    wanted = {"group": set(), "user": set(), "goal": set(), "goal_set": set()}
    for kind, ids in filter(None, parsed.values()):
        if kind == "pupil_goal":
            wanted["user"].add(ids[0])
            wanted["goal"].add(ids[1])
        else:
            wanted[kind].add(ids[0])
    models = {"group": Group, "user": User, "goal": Goal, "goal_set": GoalSet}
    rows = {
        name: ({r.id: r for r in models[name].select().where(models[name].id.in_(sorted(ids)))} if ids else {})
        for name, ids in wanted.items()
    }
    titles = {}
    for key, found in parsed.items():
        if found is None:
            continue
        kind, ids = found
        try:
            if kind == "group":
                titles[key] = f"Groepschat {rows['group'][ids[0]].name}"
            elif kind == "pupil_goal":
                titles[key] = f"{rows['goal'][ids[1]].title} · {rows['user'][ids[0]].full_name}"
            elif kind == "goal":
                titles[key] = f"Collega's over {rows['goal'][ids[0]].title}"
            else:
                titles[key] = f"Doelensetchat {rows['goal_set'][ids[0]].name}"
        except KeyError:
            continue
    return titles


# --- Who belongs to a room -----------------------------------------------------------------------------


def _ids(query):
    return [row[0] for row in query.tuples()]


def _group_teacher_ids(group_ids_query):
    return _ids(
        User.select(User.id)
        .join(GroupTeacher, on=(GroupTeacher.teacher == User.id))
        .where(GroupTeacher.group.in_(group_ids_query) & User.active)
    )


def _group_member_ids(group_ids_query):
    return _ids(
        User.select(User.id)
        .join(GroupMember, on=(GroupMember.pupil == User.id))
        .where(GroupMember.group.in_(group_ids_query) & User.active)
    )


def _visible_linked_groups(goal_set):
    return (
        Group.select(Group.id)
        .join(GroupType)
        .where((Group.goal_set == goal_set) & ~Group.archived & GroupType.visible_to_pupils)
    )


def room_member_ids(room):
    """Ids of the active users who belong to `room`: they get its unread counts and live unread pushes.

    Group: its teachers and members (teachers only once archived; nobody for group types pupils do not see).
    Pupil's goal: the pupil, the teachers of the pupil's groups, and the parents while parent access is on.
    Goal (colleagues): the staff who opened or wrote in it. Goal set: the teachers of its linked groups, its
    maker, and the pupils of its linked groups that pupils see.
    """
    room = resolve(room)
    if room.kind == "group":
        group = room.group
        if not group.group_type.visible_to_pupils:
            return []
        ids = _group_teacher_ids([group.id])
        if not group.archived:
            ids += _group_member_ids([group.id])
    elif room.kind == "pupil_goal":
        pupil = room.pupil
        if not pupil.active:
            return []
        groups = Group.select(Group.id).join(GroupMember).where((GroupMember.pupil == pupil) & ~Group.archived)
        ids = [pupil.id] + _group_teacher_ids(groups)
        if permissions.parent_access_on():
            ids += _ids(
                User.select(User.id)
                .join(ParentLink, on=(ParentLink.parent == User.id))
                .where((ParentLink.pupil == pupil) & User.active)
            )
    elif room.kind == "goal":
        readers = ChatRead.select(ChatRead.user).where(ChatRead.room == room.key)
        writers = ChatMessage.select(ChatMessage.author).where(ChatMessage.room == room.key)
        ids = _ids(
            User.select(User.id).where(
                (User.id.in_(readers) | User.id.in_(writers)) & User.role.in_(permissions.STAFF) & User.active
            )
        )
    else:
        goal_set = room.goal_set
        linked = Group.select(Group.id).where((Group.goal_set == goal_set) & ~Group.archived)
        ids = _group_teacher_ids(linked)
        if goal_set.created_by_id:
            ids += _ids(User.select(User.id).where((User.id == goal_set.created_by_id) & User.active))
        if not goal_set.archived:
            ids += _group_member_ids(_visible_linked_groups(goal_set))
    return sorted(set(ids))


def standing_rooms(user):
    """Keys of the rooms `user` belongs to whether or not they hold messages: the chats of their groups (that
    pupils see, not archived) and of the goal sets linked to them. Two queries."""
    if user.role == "pupil":
        groups = (
            Group.select(Group.id, Group.goal_set)
            .join(GroupType)
            .switch(Group)
            .join(GroupMember)
            .where((GroupMember.pupil == user.id) & ~Group.archived & GroupType.visible_to_pupils)
        )
    elif user.role in permissions.STAFF:
        groups = (
            Group.select(Group.id, Group.goal_set)
            .join(GroupType)
            .switch(Group)
            .join(GroupTeacher)
            .where((GroupTeacher.teacher == user.id) & ~Group.archived & GroupType.visible_to_pupils)
        )
    else:
        return []
    rows = list(groups.tuples())
    set_ids = {goal_set for _, goal_set in rows if goal_set}
    live_sets = (
        {
            row[0]
            for row in GoalSet.select(GoalSet.id).where(GoalSet.id.in_(sorted(set_ids)) & ~GoalSet.archived).tuples()
        }
        if set_ids
        else set()
    )
    return [key_for("group", group) for group, _ in rows] + [
        key_for("goal_set", goal_set) for goal_set in sorted(live_sets)
    ]


def belonging_condition(user):
    """A condition on ChatMessage: the messages of the rooms `user` belongs to (see room_member_ids).

    Built from subqueries, so that counting over it is one query whatever the number of rooms.
    """
    kind = ChatMessage.room_kind
    if user.role == "pupil":
        groups = (
            Group.select(Group.id)
            .join(GroupType)
            .switch(Group)
            .join(GroupMember)
            .where((GroupMember.pupil == user.id) & ~Group.archived & GroupType.visible_to_pupils)
        )
        sets = (
            Group.select(Group.goal_set)
            .join(GoalSet, on=(Group.goal_set == GoalSet.id))
            .where(Group.id.in_(groups) & ~GoalSet.archived)
        )
        return (
            ((kind == "group") & ChatMessage.group.in_(groups))
            | ((kind == "goal_set") & ChatMessage.goal_set.in_(sets))
            | ((kind == "pupil_goal") & (ChatMessage.pupil == user.id))
        )
    if user.role == "parent":
        if not permissions.parent_access_on():
            return None
        children = (
            ParentLink.select(ParentLink.pupil)
            .join(User, on=(ParentLink.pupil == User.id))
            .where((ParentLink.parent == user.id) & User.active)
        )
        return (kind == "pupil_goal") & ChatMessage.pupil.in_(children)
    if user.role not in permissions.STAFF:
        return None
    taught = Group.select(Group.id).join(GroupTeacher).where((GroupTeacher.teacher == user.id) & ~Group.archived)
    taught_visible = (
        Group.select(Group.id)
        .join(GroupType)
        .switch(Group)
        .join(GroupTeacher)
        .where((GroupTeacher.teacher == user.id) & ~Group.archived & GroupType.visible_to_pupils)
    )
    pupils = (
        GroupMember.select(GroupMember.pupil)
        .join(User, on=(GroupMember.pupil == User.id))
        .where(GroupMember.group.in_(taught) & User.active)
    )
    sets = (
        GoalSet.select(GoalSet.id)
        .join(Group, JOIN.LEFT_OUTER, on=(Group.goal_set == GoalSet.id))
        .where(Group.id.in_(taught) | (GoalSet.created_by == user.id))
    )
    Written = ChatMessage.alias()
    opened = ChatRead.select(ChatRead.room).where(ChatRead.user == user.id)
    written = Written.select(Written.room).where((Written.author == user.id) & (Written.room_kind == "goal"))
    return (
        ((kind == "group") & ChatMessage.group.in_(taught_visible))
        | ((kind == "pupil_goal") & ChatMessage.pupil.in_(pupils))
        | ((kind == "goal_set") & ChatMessage.goal_set.in_(sets))
        | ((kind == "goal") & (ChatMessage.room.in_(opened) | ChatMessage.room.in_(written)))
    )
