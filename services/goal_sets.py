"""Goal sets (doelensets): school-made sets of goals, linked to groups so that every member gets them."""

import dataclasses
from urllib.parse import urlsplit

from peewee import fn

from models import Document, Goal, GoalSet, GoalSetGoal, Group, GroupMember, GroupTeacher, db

from . import audit, events, permissions
from .errors import DomainError, NotFound
from .plans.goals import put_goals_on_plans
from .plans.lookups import fetch_goals, ids_of

_UNSET = object()
MEDIA_KIND = "goal_set_media"


@dataclasses.dataclass(frozen=True)
class SetChange:
    """What a change to a set's goals did."""

    goals: int  # goals added to or removed from the set
    plan_goals_added: int = 0  # goals put on members' plans of linked groups


def _clean_name(name):
    """The stripped name; DomainError if empty."""
    name = (name or "").strip()
    if not name:
        raise DomainError("Geef de doelenset een naam.")
    return name


def _fetch(goal_set):
    """The GoalSet for an instance or id; NotFound if unknown."""
    found = GoalSet.get_or_none(GoalSet.id == getattr(goal_set, "id", goal_set))
    if found is None:
        raise NotFound("Deze doelenset bestaat niet (meer).")
    return found


def _linked_members(goal_set):
    """Subquery of the pupil ids in the groups (not archived) linked to `goal_set`."""
    return GroupMember.select(GroupMember.pupil).join(Group).where((Group.goal_set == goal_set.id) & ~Group.archived)


def create_goal_set(actor, name, description="", goals=()):
    """Create a goal set with the given goals, in the given order."""
    permissions.require(actor, "manage_goal_set")
    name = _clean_name(name)
    goals = fetch_goals(goals)
    with db.atomic():
        goal_set = GoalSet.create(name=name, description=description or "", created_by=permissions.recorded_as(actor))
        if goals:
            GoalSetGoal.insert_many(
                [{"goal_set": goal_set.id, "goal": g.id, "position": i} for i, g in enumerate(goals)]
            ).execute()
        audit.record(permissions.recorded_as(actor), "create_goal_set", goal_set, detail=name)
    return goal_set


def update_goal_set(actor, goal_set, name=_UNSET, description=_UNSET, plan=_UNSET):
    """Change a goal set's name, description or plan (Doelensetplan); leaves out what is not given."""
    permissions.require(actor, "manage_goal_set")
    goal_set = _fetch(goal_set)
    if name is not _UNSET:
        goal_set.name = _clean_name(name)
    if description is not _UNSET:
        goal_set.description = description or ""
    if plan is not _UNSET:
        goal_set.plan = plan or ""
    with db.atomic():
        goal_set.save()
        audit.record(permissions.recorded_as(actor), "update_goal_set", goal_set)
    return goal_set


def add_goals_to_set(actor, goal_set, goals):
    """Add goals to a set; members of groups linked to it get them on their current plan too."""
    permissions.require(actor, "manage_goal_set")
    goal_set = _fetch(goal_set)
    goals = fetch_goals(goals)
    present = (
        {
            row.goal_id
            for row in GoalSetGoal.select(GoalSetGoal.goal).where(
                (GoalSetGoal.goal_set == goal_set.id) & GoalSetGoal.goal.in_([g.id for g in goals])
            )
        }
        if goals
        else set()
    )
    new_ids = [g.id for g in goals if g.id not in present]
    if not new_ids:
        return SetChange(goals=0)
    members = _linked_members(goal_set)
    with db.atomic():
        last = (
            GoalSetGoal.select(fn.COALESCE(fn.MAX(GoalSetGoal.position), -1))
            .where(GoalSetGoal.goal_set == goal_set.id)
            .scalar()
        )
        GoalSetGoal.insert_many(
            [{"goal_set": goal_set.id, "goal": goal_id, "position": last + 1 + i} for i, goal_id in enumerate(new_ids)]
        ).execute()
        added = put_goals_on_plans(actor, members, new_ids, goal_set=goal_set)
        audit.record(permissions.recorded_as(actor), "add_goals_to_set", goal_set, detail=str(new_ids))
    if added:
        events.plans_changed.send(None, pupils=[row.pupil_id for row in members], goals=new_ids, actor=actor)
    return SetChange(goals=len(new_ids), plan_goals_added=added)


def remove_goals_from_set(actor, goal_set, goals):
    """Take goals out of a set; pupils keep them on their plans."""
    permissions.require(actor, "manage_goal_set")
    goal_set = _fetch(goal_set)
    goal_ids = ids_of(goals)
    with db.atomic():
        removed = (
            GoalSetGoal.delete().where((GoalSetGoal.goal_set == goal_set.id) & GoalSetGoal.goal.in_(goal_ids)).execute()
            if goal_ids
            else 0
        )
        if removed:
            audit.record(permissions.recorded_as(actor), "remove_goals_from_set", goal_set, detail=str(goal_ids))
    return SetChange(goals=removed)


def link_goal_set(actor, group, goal_set):
    """Link a goal set to a group (or unlink with None); every member gets its goals on the current plan."""
    group = Group.get_or_none(Group.id == getattr(group, "id", group))
    if group is None:
        raise NotFound("Deze groep bestaat niet (meer).")
    permissions.require(actor, "manage_group", group)
    if group.archived:
        raise DomainError("Deze groep is gearchiveerd en kan niet meer worden gewijzigd.")
    goal_set = _fetch(goal_set) if goal_set is not None else None
    if goal_set is not None and goal_set.archived:
        raise DomainError("Deze doelenset is gearchiveerd en kan niet meer aan een groep worden gekoppeld.")
    members = GroupMember.select(GroupMember.pupil).where(GroupMember.group == group.id)
    added = 0
    with db.atomic():
        Group.update(goal_set=goal_set).where(Group.id == group.id).execute()
        group.goal_set = goal_set
        if goal_set is not None:
            goal_ids = GoalSetGoal.select(GoalSetGoal.goal).where(GoalSetGoal.goal_set == goal_set.id)
            added = put_goals_on_plans(actor, members, goal_ids, goal_set=goal_set)
        audit.record(
            permissions.recorded_as(actor),
            "link_goal_set",
            group,
            detail=goal_set.name if goal_set else "(geen doelenset)",
        )
    events.group_changed.send(None, group=group, actor=actor)
    if added:
        events.plans_changed.send(None, pupils=[row.pupil_id for row in members], goals=None, actor=actor)
    return added


def goals_in_set(goal_set):
    """Query of the goals of a set, in the set's order."""
    return (
        Goal.select()
        .join(GoalSetGoal)
        .where(GoalSetGoal.goal_set == getattr(goal_set, "id", goal_set))
        .order_by(GoalSetGoal.position, Goal.id)
    )


def goal_sets_of(teacher):
    """Query of the goal sets a teacher made or that are linked to a group the teacher teaches."""
    taught = (
        Group.select(Group.goal_set)
        .join(GroupTeacher)
        .where((GroupTeacher.teacher == teacher) & ~Group.archived & Group.goal_set.is_null(False))
    )
    return (
        GoalSet.select()
        .where(~GoalSet.archived & ((GoalSet.created_by == teacher) | GoalSet.id.in_(taught)))
        .order_by(GoalSet.name, GoalSet.id)
    )


def all_goal_sets():
    """Query of every goal set that is not archived, by name."""
    return GoalSet.select().where(~GoalSet.archived).order_by(GoalSet.name, GoalSet.id)


# --- Media: links to material for the set (videos, sites, sheets) ------------------------------------------


def safe_url(url):
    """Only http(s) links with a host: no javascript:, data: or relative tricks."""
    if not url or len(url) > 2000 or any(ord(ch) < 33 for ch in url):
        return False
    parts = urlsplit(url)
    return parts.scheme in ("http", "https") and bool(parts.netloc)


def media_of(goal_set):
    """The set's media links, oldest first."""
    return list(
        Document.select()
        .where((Document.goal_set == getattr(goal_set, "id", goal_set)) & (Document.kind == MEDIA_KIND))
        .order_by(Document.created_at, Document.id)
    )


def add_media_link(actor, goal_set, title, url):
    """Add a titled http(s) link to the set's media; returns the goal set."""
    permissions.require(actor, "manage_goal_set")
    goal_set = _fetch(goal_set)
    title, url = (title or "").strip(), (url or "").strip()
    if not title or len(title) > 255:
        raise DomainError("Geef de link een titel van hoogstens 255 tekens.")
    if not safe_url(url):
        raise DomainError(
            "Een link begint met http:// of https:// en heeft een adres, bijvoorbeeld https://www.voorbeeld.nl/les."
        )
    with db.atomic():
        document = Document.create(
            kind=MEDIA_KIND, title=title, url=url, goal_set=goal_set, uploaded_by=permissions.recorded_as(actor)
        )
        audit.record(permissions.recorded_as(actor), "add_goal_set_media", document, detail=url)
    return goal_set


def remove_media_link(actor, goal_set, document_id):
    """Remove one of the set's media links; NotFound when it is not (or no longer) the set's."""
    permissions.require(actor, "manage_goal_set")
    goal_set = _fetch(goal_set)
    document = Document.get_or_none(
        (Document.id == document_id) & (Document.goal_set == goal_set.id) & (Document.kind == MEDIA_KIND)
    )
    if document is None:
        raise NotFound("Deze link hoort niet (meer) bij deze doelenset.")
    with db.atomic():
        audit.record(permissions.recorded_as(actor), "remove_goal_set_media", document, detail=document.url)
        document.delete_instance()
    return goal_set
