"""Groups (SPEC 5): creating them, members and teachers, Mijn groepen, clustering from a goal matrix."""

from models import GoalSetGoal, Group, GroupMember, GroupTeacher, GroupType, MyGroup, SchoolSettings, User, db

from . import audit, events, permissions
from .errors import DomainError, NotFound, PermissionDenied
from .plans.goals import put_goals_on_plans
from .plans.lookups import ids_of, names

LAS_MEMBERS = "De leden van deze groep worden beheerd in ParnasSys/ESIS (het LAS) en kunnen hier niet worden gewijzigd."
ARCHIVED = "Deze groep is gearchiveerd en kan niet meer worden gewijzigd."


def _group_type(group_type):
    """The GroupType for an instance, id or name."""
    if isinstance(group_type, GroupType):
        return group_type
    key = GroupType.name if isinstance(group_type, str) else GroupType.id
    found = GroupType.get_or_none(key == group_type)
    if found is None:
        raise NotFound("Dit groepstype bestaat niet.")
    return found


def _fetch(group):
    """The Group (with its type) for an instance or id; NotFound if unknown."""
    found = Group.select(Group, GroupType).join(GroupType).where(Group.id == getattr(group, "id", group)).first()
    if found is None:
        raise NotFound("Deze groep bestaat niet (meer).")
    return found


def fetch_group(group):
    """The Group (with its type) for an instance or id; NotFound if unknown. For the services of group data."""
    return _fetch(group)


def member_of(group, pupil, message="Deze leerling zit niet in deze groep."):
    """The pupil (an instance or id) if they are an active member of the group; None for no pupil; a Dutch
    DomainError otherwise. For what is written about a pupil of a group (notes, agreements, exit levels)."""
    if pupil in (None, "", 0):
        return None
    found = (
        User.select()
        .join(GroupMember, on=(GroupMember.pupil == User.id))
        .where(
            (GroupMember.group == getattr(group, "id", group))
            & (User.id == getattr(pupil, "id", pupil))
            & (User.role == "pupil")
            & User.active
        )
        .first()
    )
    if found is None:
        raise DomainError(message)
    return found


def _users(users, roles, what):
    """Active users with one of `roles`; DomainError naming whoever does not fit."""
    ids = ids_of(users)
    found = list(User.select().where(User.id.in_(ids))) if ids else []
    if len(found) != len(ids):
        raise NotFound(f"Deze {what} bestaat niet.")
    wrong = [u for u in found if u.role not in roles or not u.active]
    if wrong:
        raise DomainError(f"{names(wrong)} kan hier niet als {what} worden toegevoegd.")
    return found


def _managed(actor, group, members=False):
    """The group, after checking that `actor` may change it (and its members, if `members`)."""
    group = _fetch(group)
    permissions.require(actor, "manage_group", group)
    if group.archived:
        raise DomainError(ARCHIVED)
    if members and group.las_managed:
        raise DomainError(LAS_MEMBERS)
    return group


def _add_members(actor, group, pupil_ids):
    """Insert the missing memberships; new members get the group's goal set. Returns (members, plan goals)."""
    present = (
        {
            m.pupil_id
            for m in GroupMember.select(GroupMember.pupil).where(
                (GroupMember.group == group.id) & GroupMember.pupil.in_(pupil_ids)
            )
        }
        if pupil_ids
        else set()
    )
    new_ids = [pid for pid in pupil_ids if pid not in present]
    if not new_ids:
        return [], 0
    GroupMember.insert_many([{"group": group.id, "pupil": pid} for pid in new_ids]).execute()
    added = 0
    if group.goal_set_id:
        goals = GoalSetGoal.select(GoalSetGoal.goal).where(GoalSetGoal.goal_set == group.goal_set_id)
        added = put_goals_on_plans(actor, new_ids, goals, goal_set=group.goal_set_id)
    return new_ids, added


def _announce(actor, group, pupil_ids=(), plan_goals_added=0):
    """Send the signals of a committed group change."""
    events.group_changed.send(None, group=group, actor=actor)
    if plan_goals_added:
        events.plans_changed.send(None, pupils=list(pupil_ids), goals=None, actor=actor)


def create_group(
    actor, name, group_type, teachers=(), pupils=(), add_to_my_groups=True, school_year=None, source_group=None
):
    """Create a group that is not LAS-managed, with teachers and pupils; the creator gets it in Mijn groepen."""
    permissions.require(actor, "create_group")
    name = (name or "").strip()
    if not name:
        raise DomainError("Geef de groep een naam.")
    group_type = _group_type(group_type)
    if group_type.las_managed:
        raise DomainError(
            f"Groepen van het type {group_type.name} komen uit ParnasSys/ESIS (het LAS) en "
            "kunnen hier niet worden aangemaakt."
        )
    teachers = _users(teachers, ("teacher", "assistant"), "leraar")
    pupils = _users(pupils, ("pupil",), "leerling")
    by = permissions.recorded_as(actor)
    with db.atomic():
        group = Group.create(
            name=name,
            group_type=group_type,
            created_by=by,
            school_year=school_year or SchoolSettings.get_current().school_year,
            source_group=getattr(source_group, "id", source_group),
        )
        if teachers:
            GroupTeacher.insert_many([{"group": group.id, "teacher": t.id} for t in teachers]).execute()
        if pupils:
            GroupMember.insert_many([{"group": group.id, "pupil": p.id} for p in pupils]).execute()
        if add_to_my_groups and by is not None:
            MyGroup.create(group=group, teacher=by)
        audit.record(by, "create_group", group, detail=f"{name} ({group_type.name})")
    _announce(actor, group)
    return group


def group_from_selection(actor, name, group_type, pupils, source_group=None):
    """Clustering: make the pupils selected in a goal matrix a new group, taught by the actor."""
    if not ids_of(pupils):
        raise DomainError("Kies minstens één leerling voor de nieuwe groep.")
    teaches = getattr(actor, "role", None) in ("teacher", "assistant")
    source = _fetch(source_group) if source_group is not None else None
    return create_group(
        actor,
        name,
        group_type,
        teachers=[actor] if teaches else (),
        pupils=pupils,
        add_to_my_groups=not teaches,
        source_group=source,
        school_year=source.school_year if source else None,
    )


def add_members(actor, group, pupils):
    """Add pupils to a group (not LAS-managed); new members get the group's goal set. Returns ids added."""
    group = _managed(actor, group, members=True)
    pupil_ids = [p.id for p in _users(pupils, ("pupil",), "leerling")]
    with db.atomic():
        new_ids, plan_goals_added = _add_members(actor, group, pupil_ids)
        if new_ids:
            audit.record(permissions.recorded_as(actor), "add_members", group, detail=str(new_ids))
    if new_ids:
        _announce(actor, group, new_ids, plan_goals_added)
    return new_ids


def remove_members(actor, group, pupils):
    """Remove pupils from a group (not LAS-managed); their plans stay as they are. Returns the count."""
    group = _managed(actor, group, members=True)
    pupil_ids = ids_of(pupils)
    with db.atomic():
        removed = (
            GroupMember.delete().where((GroupMember.group == group.id) & GroupMember.pupil.in_(pupil_ids)).execute()
            if pupil_ids
            else 0
        )
        if removed:
            audit.record(permissions.recorded_as(actor), "remove_members", group, detail=str(pupil_ids))
    if removed:
        _announce(actor, group)
    return removed


def add_teachers(actor, group, teachers):
    """Add teachers or assistants to a group (LAS groups too). Returns the ids added."""
    group = _managed(actor, group)
    teacher_ids = [t.id for t in _users(teachers, ("teacher", "assistant"), "leraar")]
    present = (
        {
            t.teacher_id
            for t in GroupTeacher.select(GroupTeacher.teacher).where(
                (GroupTeacher.group == group.id) & GroupTeacher.teacher.in_(teacher_ids)
            )
        }
        if teacher_ids
        else set()
    )
    new_ids = [tid for tid in teacher_ids if tid not in present]
    if new_ids:
        with db.atomic():
            GroupTeacher.insert_many([{"group": group.id, "teacher": tid} for tid in new_ids]).execute()
            audit.record(permissions.recorded_as(actor), "add_teachers", group, detail=str(new_ids))
        _announce(actor, group)
    return new_ids


def remove_teachers(actor, group, teachers):
    """Remove teachers from a group (LAS groups too). Returns the count."""
    group = _managed(actor, group)
    teacher_ids = ids_of(teachers)
    with db.atomic():
        removed = (
            (
                GroupTeacher.delete()
                .where((GroupTeacher.group == group.id) & GroupTeacher.teacher.in_(teacher_ids))
                .execute()
            )
            if teacher_ids
            else 0
        )
        if removed:
            audit.record(permissions.recorded_as(actor), "remove_teachers", group, detail=str(teacher_ids))
    if removed:
        _announce(actor, group)
    return removed


def add_to_my_groups(actor, group):
    """Put a group in the actor's Mijn groepen; True if it was not there yet."""
    group = _fetch(group)
    if getattr(actor, "role", None) not in permissions.STAFF:
        raise PermissionDenied("Alleen leraren en beheerders hebben Mijn groepen.")
    permissions.require(actor, "view_group", group)
    if group.archived:
        raise DomainError(ARCHIVED)
    with db.atomic():
        created = MyGroup.insert(group=group.id, teacher=actor.id).on_conflict_ignore().as_rowcount().execute()
    return bool(created)


def remove_from_my_groups(actor, group):
    """Take a group out of the actor's Mijn groepen; True if it was there."""
    group = _fetch(group)
    if getattr(actor, "role", None) not in permissions.STAFF:
        raise PermissionDenied("Alleen leraren en beheerders hebben Mijn groepen.")
    with db.atomic():
        removed = MyGroup.delete().where((MyGroup.group == group.id) & (MyGroup.teacher == actor.id)).execute()
    return bool(removed)


def my_groups(teacher):
    """Query of the groups (not archived) a teacher teaches or added to Mijn groepen, by name."""
    taught = GroupTeacher.select(GroupTeacher.group).where(GroupTeacher.teacher == teacher)
    followed = MyGroup.select(MyGroup.group).where(MyGroup.teacher == teacher)
    return (
        Group.select(Group, GroupType)
        .join(GroupType)
        .where(~Group.archived & (Group.id.in_(taught) | Group.id.in_(followed)))
        .order_by(Group.name, Group.id)
    )


def all_groups(include_archived=False):
    """Query of every group, by name; archived ones only when asked."""
    query = Group.select(Group, GroupType).join(GroupType)
    if not include_archived:
        query = query.where(~Group.archived)
    return query.order_by(Group.name, Group.id)
