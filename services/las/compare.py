"""Comparing an EDEXML export with the school: every change one LAS sync run will write, computed before its
write transaction and written by apply.py (the matching rules are in services/las/__init__.py).

What each person in the file should be, and the school's links as they are, come from match.py;
this module diffs the two and says each change in a Dutch line.
"""

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field

from models import Group, GroupMember, GroupTeacher, GroupType, ParentLink, User, now

from ..wording import count
from . import edexml
from .existing import Accounts
from .match import (
    FIELD_NAMES,
    PARENT,
    PUPIL,
    TEACHER,
    SyncRejected,
    as_date,
    assign_logins,
    desired_parent,
    desired_teacher,
    existing_links,
    names_of,
    plain_rows,
    pupil_wants,
    teaches,
)
from .people import person_label, sync_people

GROUP_TYPE = {edexml.GROUP: "Stamgroep", edexml.COMPOSED_GROUP: "Parnassys-groep"}
_USER_COLUMNS = (
    User.id,
    User.las_key,
    User.role,
    User.first_name,
    User.infix,
    User.last_name,
    User.level,
    User.eckid,
    User.enrolled_on,
    User.left_on,
    User.active,
    User.is_coach,
)
_USER_FIELDS = [column.name for column in _USER_COLUMNS]


@dataclass
class Changes:
    """Everything one run will write, computed before the write transaction."""

    year: str
    at: dt.datetime = field(default_factory=now)  # one timestamp for every row the run writes
    group_inserts: list = field(default_factory=list)  # dicts for Group.insert_many
    group_updates: list = field(default_factory=list)  # (group id, {field: value})
    user_inserts: list = field(default_factory=list)  # dicts for User.insert_many
    user_updates: list = field(default_factory=list)  # (user id, {field: value})
    member_inserts: list = field(default_factory=list)  # (group las_key, user las_key)
    member_deletes: list = field(default_factory=list)  # GroupMember ids
    teacher_inserts: list = field(default_factory=list)
    teacher_deletes: list = field(default_factory=list)
    parent_inserts: list = field(default_factory=list)  # (parent las_key, pupil las_key)
    parent_deletes: list = field(default_factory=list)  # ParentLink ids
    people: dict = field(default_factory=dict)  # las_key -> person in the file, for the change lines
    counts: Counter = field(default_factory=Counter)
    lines: list = field(default_factory=list)
    notes: list = field(default_factory=list)

    def log(self, count, line):
        self.counts[count] += 1
        self.lines.append(line)

    @property
    def empty(self):
        return not self.counts


def compute(export, today, sync_parents):
    """The changes that make the school match `export`; raises SyncRejected when it may not be applied."""
    year = export.school.schooljaar
    changes = Changes(year=year)
    type_ids = {name: GroupType.get_or_none(GroupType.name == name) for name in GROUP_TYPE.values()}
    if None in type_ids.values():
        raise SyncRejected("De groepstypen Stamgroep en Parnassys-groep ontbreken; maak ze eerst aan.")
    type_ids = {name: group_type.id for name, group_type in type_ids.items()}

    # Groups of the file's school year, matched by key.
    groups = {}
    for group_id, las_key, name, level, type_id, archived in plain_rows(
        Group.select(Group.id, Group.las_key, Group.name, Group.year_level, Group.group_type, Group.archived)
        .where(Group.las_key.is_null(False) & (Group.school_year == year))
        .order_by(Group.id)
    ):
        groups.setdefault(
            las_key,
            {"id": group_id, "name": name, "year_level": level, "group_type": type_id, "archived": bool(archived)},
        )
    group_levels = {}
    for group in export.groups:
        desired = {
            "name": group.name,
            "year_level": edexml.level_of(group.jaargroep),
            "group_type": type_ids[GROUP_TYPE[group.kind]],
            "archived": False,
        }
        group_levels[group.key] = desired["year_level"]
        current = groups.get(group.key)
        if current is None:
            changes.group_inserts.append(
                {**desired, "las_key": group.key, "school_year": year, "created_at": changes.at}
            )
            changes.log("groups_created", f"Groep aangemaakt: {group.name} ({GROUP_TYPE[group.kind]}, {year})")
            continue
        update = {name: value for name, value in desired.items() if current[name] != value}
        if update:
            if "archived" in update:
                update["archived_at"] = None
            changes.group_updates.append((current["id"], update))
            fields = ", ".join(sorted(FIELD_NAMES.get(name, name) for name in update if name != "archived_at"))
            changes.log("groups_updated", f"Groep bijgewerkt: {group.name} ({fields})")
    file_groups = {group.key for group in export.groups}
    for las_key, current in groups.items():
        if las_key not in file_groups and not current["archived"]:
            changes.group_updates.append((current["id"], {"archived": True, "archived_at": changes.at}))
            changes.log("groups_archived", f"Groep gearchiveerd (niet meer in de LAS): {current['name']}")

    # People.
    users = {}
    for row in plain_rows(User.select(*_USER_COLUMNS).where(User.las_key.is_null(False))):
        record = dict(zip(_USER_FIELDS, row))
        record["active"], record["is_coach"] = bool(record["active"]), bool(record["is_coach"])
        record["enrolled_on"], record["left_on"] = as_date(record["enrolled_on"]), as_date(record["left_on"])
        users[record["las_key"]] = record
    accounts = Accounts(users, _USER_COLUMNS, _USER_FIELDS)  # made by hand or import: linked, not doubled
    accounts.link(changes, PUPIL, export.pupils)
    accounts.link(changes, TEACHER, export.teachers)
    if sync_parents:
        accounts.link(changes, PARENT, export.parents)
    pupils = sync_people(changes, PUPIL, export.pupils, users, today, pupil_wants(group_levels))
    sync_people(changes, TEACHER, export.teachers, users, today, desired_teacher)
    if sync_parents:
        sync_people(changes, PARENT, export.parents, users, today, desired_parent)
    assign_logins(changes.user_inserts)

    # Members and teachers of the file's groups; parent links.
    group_ids = {current["id"]: las_key for las_key, current in groups.items() if las_key in file_groups}
    las_keys = {record["id"]: las_key for las_key, record in users.items()}
    group_names = {group.key: group.name for group in export.groups}
    desired = {
        (ref, PUPIL + pupil.key)
        for pupil in export.pupils
        if PUPIL + pupil.key in pupils
        for ref in ((pupil.groep,) if pupil.groep else ()) + pupil.samengestelde_groepen
    }
    _sync_links(
        changes,
        desired,
        existing_links(GroupMember, GroupMember.pupil, group_ids, las_keys),
        changes.member_inserts,
        changes.member_deletes,
        "memberships",
        group_names,
        "Leerling",
        manage_all=True,
    )
    desired = {
        (ref.key, TEACHER + teacher.key)
        for teacher in export.teachers
        for ref in teacher.groups
        if teaches(teacher, ref)
    }
    _sync_links(
        changes,
        desired,
        existing_links(GroupTeacher, GroupTeacher.teacher, group_ids, las_keys),
        changes.teacher_inserts,
        changes.teacher_deletes,
        "group_teachers",
        group_names,
        "Leraar",
        manage_all=False,
    )
    if sync_parents:
        _sync_parent_links(changes, export, pupils | {key for key in users if key.startswith(PUPIL)})
    if any(
        pupil.instroomdatum and pupil.instroomdatum > today and PUPIL + pupil.key not in users
        for pupil in export.pupils
    ):
        waiting = sum(
            1
            for pupil in export.pupils
            if pupil.instroomdatum and pupil.instroomdatum > today and PUPIL + pupil.key not in users
        )
        changes.notes.append(
            f"Nog niet ingestroomd: {count(waiting, 'leerlingen')}; ze komen erbij vanaf hun instroomdatum."
        )
    return changes


def _sync_links(changes, desired, existing, inserts, deletes, count, group_names, noun, manage_all):
    have, removed = set(), []
    for link_id, group_key, person_id, las_key in existing:
        pair = (group_key, las_key)
        if pair in desired and pair not in have:
            have.add(pair)
        elif manage_all or (las_key or "").startswith(TEACHER):
            deletes.append(link_id)
            removed.append((group_key, person_id))
    names = names_of({person_id for _, person_id in removed}) if removed else {}
    for group_key, person_id in removed:
        changes.log(
            f"{count}_removed",
            f"{noun} uit groep {group_names.get(group_key, group_key)}: {names.get(person_id, person_id)}",
        )
    for group_key, las_key in sorted(desired - have):
        inserts.append((group_key, las_key))
        changes.log(
            f"{count}_added",
            f"{noun} in groep {group_names.get(group_key, group_key)}: {person_label(changes, las_key)}",
        )


def _sync_parent_links(changes, export, known_pupils):
    desired = {
        (PARENT + parent.key, PUPIL + key)
        for parent in export.parents
        for key in parent.pupils
        if PUPIL + key in known_pupils
    }
    Parent, Child = User.alias(), User.alias()
    query = (
        ParentLink.select(ParentLink.id, Parent.las_key, Child.las_key)
        .join(Parent, on=(ParentLink.parent == Parent.id))
        .switch(ParentLink)
        .join(Child, on=(ParentLink.pupil == Child.id))
        .where(Parent.las_key.startswith(PARENT))
    )
    have = set()
    for link_id, parent_key, pupil_key in plain_rows(query):
        if (parent_key, pupil_key) in desired and (parent_key, pupil_key) not in have:
            have.add((parent_key, pupil_key))
        else:
            changes.parent_deletes.append(link_id)
            changes.log(
                "parent_links_removed",
                f"Ouder {parent_key[len(PARENT) :]} niet meer gekoppeld aan leerling {(pupil_key or '')[len(PUPIL) :]}",
            )
    for parent_key, pupil_key in sorted(desired - have):
        changes.parent_inserts.append((parent_key, pupil_key))
        changes.log(
            "parent_links_added", f"Ouder {parent_key[len(PARENT) :]} gekoppeld aan leerling {pupil_key[len(PUPIL) :]}"
        )
