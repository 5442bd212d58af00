"""One answer to "may this user do this to that", for every channel (SPEC.md 2 and 3).

Reading is school-wide for staff (every teacher may open every group and look up any pupil, as the product
we follow allows); writing a pupil's plan is for the teachers whose reach holds the pupil: members of the
groups they teach or added to Mijn groepen, and every pupil for an IB-er. Pupils see only themselves;
parents only their own children, and only while the school has parent access switched on.

    can(user, "edit_plan", pupil) -> bool
    require(user, "edit_plan", pupil)  # raises PermissionDenied
"""

from models import Group, GroupMember, GroupTeacher, GroupType, MyGroup, ParentLink, SchoolSettings, User

from .errors import PermissionDenied

STAFF = ("admin", "teacher", "assistant")
GROUP_TEACHERS = ("teacher", "assistant")  # who may be among a group's teachers


class _System:
    """The actor of scheduled jobs, LAS syncs and rollovers: allowed everything, recorded as nobody."""

    role = "system"
    id = None
    is_authenticated = True
    active = True
    is_coach = False

    def __repr__(self):
        return "SYSTEM"


SYSTEM = _System()


def recorded_as(actor):
    """The user to store as the author of a change (None for the system)."""
    return None if actor is SYSTEM else actor


def _signed_in(user):
    return user is not None and getattr(user, "is_authenticated", False) and user.active


def reachable_pupils(teacher):
    """Query of the ids of pupils whose plans `teacher` may change."""
    if teacher.role == "admin" or teacher.is_coach:
        return User.select(User.id).where((User.role == "pupil") & User.active)
    taught = GroupTeacher.select(GroupTeacher.group).where(GroupTeacher.teacher == teacher)
    followed = MyGroup.select(MyGroup.group).where(MyGroup.teacher == teacher)
    return (
        GroupMember.select(GroupMember.pupil)
        .join(Group)
        .where(~Group.archived & (Group.id.in_(taught) | Group.id.in_(followed)))
    )


def in_reach(teacher, pupil):
    if pupil.role != "pupil" or not pupil.active:
        return False
    if teacher.role == "admin" or teacher.is_coach:
        return True
    return reachable_pupils(teacher).where(GroupMember.pupil == pupil).exists()


def parent_access_on():
    return SchoolSettings.get_current().parent_access


def is_parent_of(parent, pupil):
    return ParentLink.select().where((ParentLink.parent == parent) & (ParentLink.pupil == pupil)).exists()


def _view_pupil(user, pupil):
    if pupil is None or pupil.role != "pupil":
        return False
    if user.role == "admin":
        return True
    if user.role in ("teacher", "assistant"):
        return pupil.active
    if user.role == "pupil":
        return user.id == pupil.id
    if user.role == "parent":
        return pupil.active and parent_access_on() and is_parent_of(user, pupil)
    return False


PLAN_EDITORS = ("admin", "teacher")


def _edit_plan(user, pupil):
    if user.role not in PLAN_EDITORS or pupil is None:
        return False
    return in_reach(user, pupil)


def _view_group(user, group):
    if user.role in STAFF:
        return True
    if group.archived or not group.group_type.visible_to_pupils:
        return False
    if user.role == "pupil":
        return GroupMember.select().where((GroupMember.group == group) & (GroupMember.pupil == user)).exists()
    if user.role == "parent" and parent_access_on():
        children = ParentLink.select(ParentLink.pupil).where(ParentLink.parent == user)
        return GroupMember.select().where((GroupMember.group == group) & GroupMember.pupil.in_(children)).exists()
    return False


def _manage_every_group(user, target=None):
    """Admins and IB-ers manage every group, archived ones too; other teachers only their own (manage_group)."""
    return user.role == "admin" or (user.role == "teacher" and user.is_coach)


def _manage_group(user, group):
    if _manage_every_group(user):
        return True
    if user.role != "teacher" or group.archived:
        return False
    return (
        GroupTeacher.select().where((GroupTeacher.group == group) & (GroupTeacher.teacher == user)).exists()
        or MyGroup.select().where((MyGroup.group == group) & (MyGroup.teacher == user)).exists()
    )


def _reset_password(user, target):
    """SPEC 2: who may change whose password."""
    if target is None:
        return False
    if user.role == "admin":
        return True
    if target.role == "pupil":
        return user.role == "teacher" and in_reach(user, target)
    if target.role == "parent":
        return user.role == "teacher" or user.id == target.id
    if target.role in ("teacher", "assistant"):
        return user.id == target.id
    return False


def _change_own_password(user, target=None):
    """SPEC 2: everyone changes their own password; pupils only where the school allows it."""
    if user.role == "pupil":
        return SchoolSettings.get_current().pupils_change_password
    return True


def _manage_pupil_bot(user, pupil):
    """A pupil's Telegram link (code, unlink): the pupil themself, or staff who may view the pupil."""
    if pupil is None or pupil.role != "pupil" or not pupil.active:
        return False
    if user.role == "pupil":
        return user.id == pupil.id
    return user.role in STAFF and _view_pupil(user, pupil)


def _manage_devices(user, group):
    """A group's learning-square devices and printed pupil codes: its teachers, coaches and admins."""
    if group is None:
        return False
    if _manage_every_group(user):
        return True
    return user.role == "teacher" and not group.archived and _teaches(user, group)


def _role(*roles):
    return lambda user, target: user.role in roles


def _edit_lesson(user, lesson):
    """A lesson (its goals, type, note and attendance): its own teacher (an assistant on the learning square
    too), the teachers who manage its group, IB-ers and admins. `lesson` has `teacher_id` and `group_id`."""
    if lesson is None:
        return False
    if _manage_every_group(user):
        return True
    if user.role in GROUP_TEACHERS and lesson.teacher_id == user.id:
        return True
    group = Group.get_or_none(Group.id == lesson.group_id) if user.role == "teacher" else None
    return group is not None and _manage_group(user, group)


def editable_lessons(user, lessons):
    """Those of `lessons` (each with `teacher_id` and `group_id`) that `user` may edit by the edit_lesson rule,
    in one query at most: for pages that list many lessons."""
    lessons = list(lessons)
    if not _signed_in(user) or not lessons:
        return []
    if user is SYSTEM or _manage_every_group(user):
        return lessons
    if user.role not in GROUP_TEACHERS:
        return []
    managed = set()
    if user.role == "teacher":
        taught = GroupTeacher.select(GroupTeacher.group).where(GroupTeacher.teacher == user)
        followed = MyGroup.select(MyGroup.group).where(MyGroup.teacher == user)
        managed = {
            group_id
            for (group_id,) in Group.select(Group.id)
            .where(~Group.archived & (Group.id.in_(taught) | Group.id.in_(followed)))
            .tuples()
        }
    return [lesson for lesson in lessons if lesson.teacher_id == user.id or lesson.group_id in managed]


def _own_week(user, pupil):
    """Ticking off goals of a week planning: only the pupil whose week it is."""
    return user.role == "pupil" and pupil is not None and user.id == getattr(pupil, "id", pupil)


# --- The internal coach's cycle (issue 15): notes, documents, analysis, reviews --------------------------


def _keep_group(user, group):
    """Changing a group's own data (documents, results, exit levels, its review): whoever manages the group,
    while it is not archived (an archived group's data stays as it was, for reading)."""
    return group is not None and not group.archived and _manage_group(user, group)


def _write_group_note(user, group):
    """Any teacher (or admin) may write a note or a hand-over on a group that is not archived."""
    return group is not None and user.role in ("admin", "teacher") and not group.archived


def _edit_note(user, note):
    """A note is changed by its author, while its group is not archived."""
    if note is None or user.role not in ("admin", "teacher") or (note.group_id and note.group.archived):
        return False
    return note.author_id == user.id


def _remove_note(user, note):
    """A note is removed by its author, or by an IB-er or an admin (a note that should not have been written)."""
    return _edit_note(user, note) or (note is not None and _manage_every_group(user))


# --- Chats (SPEC 8, 10): `target` is a services.chat.Room ---------------------------------------


def _teaches(user, group):
    return GroupTeacher.select().where((GroupTeacher.group == group) & (GroupTeacher.teacher == user)).exists()


def _chat_group(user, group, write):
    if not group.group_type.visible_to_pupils:
        return False  # only group types visible to pupils have a group chat
    if group.archived:  # the old group's chat stays with it, for the teachers only, as an archive
        return not write and user.role in STAFF
    if user.role in STAFF:
        return not write or _teaches(user, group)
    return (
        user.role == "pupil"
        and GroupMember.select().where((GroupMember.group == group) & (GroupMember.pupil == user)).exists()
    )


def _chat_goal_set(user, goal_set, write):
    if user.role in STAFF:
        return not (write and goal_set.archived)
    if user.role != "pupil" or goal_set.archived:
        return False
    return (
        GroupMember.select()
        .join(Group)
        .join(GroupType)
        .where(
            (Group.goal_set == goal_set) & (GroupMember.pupil == user) & ~Group.archived & GroupType.visible_to_pupils
        )
        .exists()
    )


def _chat(user, room, write):
    if room is None:
        return False
    if room.kind == "group":
        return _chat_group(user, room.group, write)
    if room.kind == "pupil_goal":  # the goal is on the pupil's plan: services.chat.rooms checked that
        if user.role == "parent" and write:
            return False  # parents read along, where the school allows it
        return _view_pupil(user, room.pupil)
    if room.kind == "goal":
        return user.role in STAFF  # colleagues only
    if room.kind == "goal_set":
        return _chat_goal_set(user, room.goal_set, write)
    return False


def _chat_moderate(user, room):
    """Hiding messages: teachers who may write in the room, and admins where they may read."""
    if user.role == "admin":
        return _chat(user, room, write=False)
    return user.role == "teacher" and _chat(user, room, write=True)


# --- The portfolio (SPEC 14, issue 17): `target` is the pupil, or a services.portfolio.Voice --------------


def _own_voice(user, target):
    """A voice on a pupil's portfolio (its text, its stars) is written only by its owner: "pupil" by the pupil,
    "teacher" by the pupil's teachers, "parent" by the pupil's parents while the school has parent access on."""
    pupil = getattr(target, "pupil", None)
    if pupil is None or pupil.role != "pupil" or not pupil.active:
        return False
    if target.voice == "pupil":
        return user.role == "pupil" and user.id == pupil.id
    if target.voice == "teacher":
        return _edit_plan(user, pupil)
    if target.voice == "parent":
        return user.role == "parent" and _view_pupil(user, pupil)
    return False


def _own_pupil(user, pupil):
    return user.role == "pupil" and pupil is not None and user.id == pupil.id and pupil.active


def _add_evidence(user, pupil):
    """Evidence is added by the pupil themself and by their teachers; parents only read it."""
    return _own_pupil(user, pupil) or _edit_plan(user, pupil)


def _remove_evidence(user, document):
    """A piece of evidence goes again by the pupil who added it, or by the pupil's teachers."""
    if user.role == "pupil":
        return _own_pupil(user, document.pupil) and document.uploaded_by_id == user.id
    return _edit_plan(user, document.pupil)


RULES = {
    "admin": _role("admin"),
    # the pages of each role (web/access.py): which areas a user may open; the rules below decide per thing
    "view_dashboard": _role("teacher", "assistant"),  # Mijn dashboard; admins start in the back office
    "view_own_plan": _role("pupil"),  # Mijn plan, with the pupil's Telegram link and reminders
    "view_own_children": _role("parent"),  # Mijn kinderen; which child and whether the school allows it: view_pupil
    "view_pupil_list": _role(*STAFF),  # Leerlingen and each pupil's teacher page (which pupil: view_pupil)
    "view_group_list": _role(*STAFF),  # Mijn groepen, Alle Groepen and each Groepsprofiel: they list pupils
    "view_goal_set_list": _role(*STAFF),  # the doelensets, each set's page
    "add_plan_goals": _role(*PLAN_EDITORS),  # "PLP toevoegen" (to whose plans: edit_plan, pupil by pupil)
    "teach_groups": _role(*GROUP_TEACHERS),
    "manage_every_group": _manage_every_group,
    "manage_my_groups": _role("teacher"),  # the groups a teacher teaches or put in Mijn groepen
    "view_pupil": _view_pupil,
    "edit_plan": _edit_plan,
    "view_group": _view_group,
    "manage_group": _manage_group,
    "create_group": _role("admin", "teacher"),
    "view_group_notes": _role("admin", "teacher"),  # notes, analyses, exit levels and reviews: teachers only
    "view_overviews": _role("admin", "teacher", "assistant"),
    "view_curriculum": _role("admin", "teacher", "assistant"),
    "edit_goal": _role("admin", "teacher"),  # rename, level, period, move goal or domain
    "add_remove_goal": _role("admin"),
    "edit_curriculum_structure": _role("admin"),  # add or remove subjects and domains
    "manage_goal_set": _role("admin", "teacher"),
    "reset_password": _reset_password,
    "view_own_account": lambda user, target: True,  # Mijn account: everyone signed in (issue 12)
    "change_own_password": _change_own_password,
    "chat_read": lambda user, room: _chat(user, room, write=False),
    "chat_write": lambda user, room: _chat(user, room, write=True),
    "chat_moderate": _chat_moderate,
    "chat_read_hidden": _role(*STAFF),  # a hidden message (and its file) stays visible to the school's staff
    "chat_mark_done": lambda user, room: user.role == "pupil" and _chat(user, room, write=True),  # assignments
    # the pupil bot (issue 7)
    "manage_pupil_bot": _manage_pupil_bot,
    "manage_devices": _manage_devices,
    "help_queue": _role("admin", "teacher", "assistant"),
    # the class folder, timetables and week planning (issue 13)
    "view_timetables": _role(*STAFF),  # Mijn rooster, anyone's timetable, a lesson's page, a group's week
    "edit_lesson": _edit_lesson,  # goals, lesson type and note of a lesson
    "take_attendance": _edit_lesson,
    "plan_weeks": _role(*PLAN_EDITORS),  # add goals to pupils' weeks or take them off (whose: edit_plan)
    "view_own_week": _role("pupil"),  # Mijn week
    "tick_week": _own_week,
    # the internal coach's cycle (issue 15); reading notes, analyses and reviews is view_group_notes
    "write_group_note": _write_group_note,
    "edit_note": _edit_note,
    "remove_note": _remove_note,
    "view_group_documents": _role(*STAFF),  # never pupils or parents, whatever the URL
    "manage_group_documents": _keep_group,
    "enter_test_results": _keep_group,
    "set_exit_level": _keep_group,
    "fill_group_review": _keep_group,
    "record_agreement": _keep_group,
    "plan_instruction_groups": lambda user, group: user.role in ("admin", "teacher") and _keep_group(user, group),
    "prepare_group_reviews": _manage_every_group,  # the IB-er (and admins): every form of a round
    # the portfolio (issue 17)
    "view_portfolios": _role(*STAFF, "pupil", "parent"),  # the portfolio pages (whose: view_portfolio)
    "manage_portfolios": _role(*PLAN_EDITORS),  # skills, rating rounds, reports, conversations (for whom: below)
    "view_portfolio": _view_pupil,  # never another family's child; parents only while parent access is on
    "write_portfolio_text": _own_voice,
    "rate_skill": _own_voice,
    "keep_portfolio": _edit_plan,  # the pupil's teachers: give skills, reports, highlights, conversations
    "add_evidence": _add_evidence,
    "remove_evidence": _remove_evidence,
    "open_rating_round": _manage_group,
    "prepare_conversation": _own_pupil,
    "read_teacher_notes": _role(*STAFF),  # the teacher's notes of a conversation
}


def can(user, action, target=None):
    if user is SYSTEM:
        return True
    if not _signed_in(user):
        return False
    try:
        rule = RULES[action]
    except KeyError:
        raise ValueError(f"unknown permission {action!r}") from None
    return bool(rule(user, target))


def require(user, action, target=None, message=None):
    if not can(user, action, target):
        raise PermissionDenied(message) if message else PermissionDenied()
