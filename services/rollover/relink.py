"""Re-linking the groups made from a LAS group, after the year rollover (jaarovergang), SPEC.md 10.

    relink_candidates(actor) -> [RelinkEntry]
    relink_group(actor, old_group, new_source_group) -> Group
    las_groups_of_year(school_year) -> query of the LAS groups of that school year

The year rollover (services/rollover.py) archives a group made from a LAS group, a coach group say, with all
its data. Once the LAS sync has brought the new year's LAS groups, the admin re-links it: a fresh group with
the old name, type and teachers and the new LAS group's members, which starts without the old group's data.
"""

import dataclasses
import json

from peewee import Value

from models import Group, GroupMember, GroupTeacher, User, db

from .. import audit, permissions
from ..errors import Conflict, DomainError, NotFound
from .period import current_school_year


@dataclasses.dataclass
class RelinkEntry:
    old_group: Group
    old_source: Group
    suggested: Group | None  # the new year's LAS group with the old source's LAS key, once synced
    relinked: Group | None  # the fresh group made for it already, if any


def las_groups_of_year(school_year):
    return (
        Group.select()
        .where(~Group.archived & Group.las_key.is_null(False) & (Group.school_year == school_year))
        .order_by(Group.name)
    )


def _relinked(old_group, school_year):
    source = Group.alias()
    return (
        Group.select()
        .join(source, on=(Group.source_group == source.id))
        .where(
            (Group.school_year == school_year)
            & ~Group.archived
            & (Group.name == old_group.name)
            & (Group.group_type == old_group.group_type_id)
            & source.las_key.is_null(False)
        )
        .first()
    )


def relink_candidates(actor):
    """Archived groups of earlier years that were made from a LAS group, with the new LAS group to use."""
    permissions.require(actor, "admin")
    year = current_school_year()
    source = Group.alias()
    old_groups = (
        Group.select(Group, source)
        .join(source, on=(Group.source_group == source.id))
        .where(Group.archived & (Group.school_year != year) & source.las_key.is_null(False))
        .order_by(Group.name, Group.id)
    )
    by_key = {g.las_key: g for g in las_groups_of_year(year)}
    return [RelinkEntry(g, g.source_group, by_key.get(g.source_group.las_key), _relinked(g, year)) for g in old_groups]


def relink_group(actor, old_group, new_source_group):
    """A fresh group for the new year made from `new_source_group`: same name, type and teachers, the new
    LAS group's members, and none of the old group's data (it is a new row)."""
    permissions.require(actor, "admin")
    year = current_school_year()
    old_group = Group.get_or_none(Group.id == getattr(old_group, "id", old_group))
    new_source_group = Group.get_or_none(Group.id == getattr(new_source_group, "id", new_source_group))
    if old_group is None or new_source_group is None:
        raise NotFound("Deze groep bestaat niet.")
    if not old_group.archived or old_group.source_group is None or old_group.source_group.las_key is None:
        raise DomainError(f"{old_group.name} staat niet op de lijst om opnieuw te koppelen.")
    if new_source_group.archived or new_source_group.las_key is None or new_source_group.school_year != year:
        raise DomainError(f"Kies een LAS-groep van schooljaar {year}.")
    with db.atomic():
        if _relinked(old_group, year) is not None:
            raise Conflict(f"{old_group.name} is al opnieuw gekoppeld.")
        group = Group.create(
            name=old_group.name,
            group_type=old_group.group_type_id,
            school_year=year,
            year_level=new_source_group.year_level,
            source_group=new_source_group,
            created_by=permissions.recorded_as(actor),
        )
        teachers = (
            GroupTeacher.select(Value(group.id), GroupTeacher.teacher)
            .join(User)
            .where((GroupTeacher.group == old_group) & User.active)
        )
        GroupTeacher.insert_from(teachers, [GroupTeacher.group, GroupTeacher.teacher]).execute()
        members = (
            GroupMember.select(Value(group.id), GroupMember.pupil, Value(group.created_at))
            .join(User)
            .where((GroupMember.group == new_source_group) & User.active)
        )
        GroupMember.insert_from(members, [GroupMember.group, GroupMember.pupil, GroupMember.added_at]).execute()
        audit.record(
            permissions.recorded_as(actor),
            "group_relinked",
            group,
            detail=json.dumps({"old_group": old_group.id, "source_group": new_source_group.id}),
        )
    return group
