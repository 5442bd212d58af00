"""Comparing an EDEXML export with the school: every change one LAS sync run will write, computed before its
write transaction and written by services/las_apply.py (the matching rules are in services/las_sync.py).
"""
import datetime as dt
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field

from peewee import chunked

from models import Group, GroupMember, GroupTeacher, GroupType, ParentLink, User, db, now

from . import edexml
from .errors import DomainError

PUPIL, TEACHER, PARENT = "leerling:", "leerkracht:", "ouder:"
UNUSABLE_PASSWORD = "!las-sync"  # no argon2 hash: no password verifies until a reset sets one
ASSISTANT_ROLES = {"OWA", "KLA"}  # onderwijsassistent, klassenassistent
FIELD_NAMES = {"first_name": "voornaam", "infix": "tussenvoegsel", "last_name": "achternaam", "level": "niveau",
               "eckid": "ECK iD", "enrolled_on": "instroomdatum", "left_on": "uitstroomdatum", "role": "rol",
               "is_coach": "IB-er", "name": "naam", "year_level": "jaargroep", "group_type": "groepstype",
               "archived": "uit het archief"}
GROUP_TYPE = {edexml.GROUP: "Stamgroep", edexml.COMPOSED_GROUP: "Parnassys-groep"}
_USER_COLUMNS = (User.id, User.las_key, User.role, User.first_name, User.infix, User.last_name, User.level,
                 User.eckid, User.enrolled_on, User.left_on, User.active, User.is_coach)
_USER_FIELDS = [column.name for column in _USER_COLUMNS]


class SyncRejected(DomainError):
    """The file is sound but may not be applied here (another school, an older school year, a clash)."""


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


def _name_fields(person):
    first = person.roepnaam or (person.voornamen.split()[0] if person.voornamen else "")
    return {"first_name": first, "infix": person.voorvoegsel, "last_name": person.achternaam}


def _label(fields, key):
    name = " ".join(part for part in (fields["first_name"], fields["infix"], fields["last_name"]) if part)
    return f"{name} ({key})"


def _person_label(changes, las_key):
    person = changes.people.get(las_key)
    return _label(_name_fields(person), person.key) if person else las_key


def _slug(text):
    text = text or ""
    if not text.isascii():
        text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return _NOT_SLUG.sub("-", text.lower()).strip("-")[:40]


_NOT_SLUG = re.compile(r"[^a-z0-9]+")


def _login_candidate(kind, key, fields, email):
    if kind != PUPIL and email and re.fullmatch(r"[^@\s]+@[^@\s]+\.[^@\s]+", email):
        return email.strip().lower()[:200]
    parts = [_slug(fields["first_name"]), _slug(fields["infix"] + " " + fields["last_name"]), _slug(key)]
    return ".".join(part for part in parts if part) + "@las.invalid"


def _assign_logins(inserts):
    """Give each new account a unique login, avoiding every login in use."""
    if not inserts:
        return
    taken = {login for (login,) in plain_rows(User.select(User.login))}
    for row in inserts:
        login, number = row["login"], 1
        while login in taken:
            number += 1
            local, domain = row["login"].split("@", 1)
            login = f"{local}-{number}@{domain}"
        taken.add(login)
        row["login"] = login


def _staff_role(teacher, current_role):
    codes = {role.upper() for role in teacher.roles}
    codes.update(role.upper() for ref in teacher.groups for role in ref.roles)
    if current_role == "admin":  # an admin made so in Doelpunt stays one
        role = "admin"
    else:
        role = "assistant" if codes and codes <= ASSISTANT_ROLES else "teacher"
    return role, "IB" in codes


def _sync_people(changes, kind, people, users, today, desired_of):
    """Create, update, (re)activate and deactivate the users of one kind; return the las_keys active after."""
    noun = {PUPIL: "Leerling", TEACHER: "Leraar", PARENT: "Ouder"}[kind]
    count = {PUPIL: "pupils", TEACHER: "teachers", PARENT: "parents"}[kind]
    in_file, active_after = set(), set()
    for person in people:
        las_key = kind + person.key
        in_file.add(las_key)
        changes.people[las_key] = person
        current = users.get(las_key)
        desired = desired_of(person, current, today)
        if desired is None:  # not enrolled yet
            if current is not None and current["active"]:
                active_after.add(las_key)
            continue
        if current is None:
            if not desired["active"]:
                continue  # left before we ever knew them
            row = {**desired, "las_key": las_key, "password_hash": UNUSABLE_PASSWORD, "created_at": changes.at,
                   "login": _login_candidate(kind, person.key, desired, person.emailadres)}
            row.setdefault("role", {PUPIL: "pupil", PARENT: "parent"}.get(kind))
            changes.user_inserts.append(row)
            changes.log(f"{count}_created", f"{noun} aangemaakt: {_label(desired, person.key)}")
            active_after.add(las_key)
            continue
        update = {name: value for name, value in desired.items() if current[name] != value}
        if desired["active"]:
            active_after.add(las_key)
        if not update:
            continue
        label = _label(desired, person.key)
        if "active" in update:
            update["deactivated_at"] = None if desired["active"] else changes.at
            if desired["active"]:
                changes.log(f"{count}_reactivated", f"{noun} weer actief: {label}")
            else:
                reason = f"uitstroomdatum {desired['left_on']}" if desired.get("left_on") else "uitgeschreven"
                changes.log(f"{count}_deactivated", f"{noun} gedeactiveerd: {label} ({reason})")
        else:
            fields = ", ".join(sorted(FIELD_NAMES.get(name, name) for name in update))
            changes.log(f"{count}_updated", f"{noun} bijgewerkt: {label}: {fields}")
        changes.user_updates.append((current["id"], update))
    for las_key, current in users.items():
        if las_key.startswith(kind) and las_key not in in_file and current["active"]:
            changes.user_updates.append((current["id"], {"active": False, "deactivated_at": changes.at}))
            name = _label(current, las_key[len(kind):])
            changes.log(f"{count}_deactivated", f"{noun} gedeactiveerd: {name} (niet meer in de LAS)")
    return active_after


def _pupil_wants(group_levels):
    """The desired fields of a pupil: niveau is their jaargroep, else their base group's."""

    def desired(pupil, current, today):
        if pupil.instroomdatum and pupil.instroomdatum > today:
            return None
        level = edexml.level_of(pupil.jaargroep)
        fields = _name_fields(pupil)
        fields.update(level=level if level is not None else group_levels.get(pupil.groep), eckid=pupil.eckid,
                      enrolled_on=pupil.instroomdatum, left_on=pupil.uitstroomdatum,
                      active=not (pupil.uitstroomdatum and pupil.uitstroomdatum < today))
        return fields

    return desired


def _desired_teacher(teacher, current, today):
    role, coach = _staff_role(teacher, current["role"] if current else None)
    return {**_name_fields(teacher), "eckid": teacher.eckid, "role": role, "is_coach": coach, "active": True}


def _desired_parent(parent, current, today):
    return {**_name_fields(parent), "active": True}


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
            .where(Group.las_key.is_null(False) & (Group.school_year == year)).order_by(Group.id)):
        groups.setdefault(las_key, {"id": group_id, "name": name, "year_level": level, "group_type": type_id,
                                    "archived": bool(archived)})
    group_levels = {}
    for group in export.groups:
        desired = {"name": group.name, "year_level": edexml.level_of(group.jaargroep),
                   "group_type": type_ids[GROUP_TYPE[group.kind]], "archived": False}
        group_levels[group.key] = desired["year_level"]
        current = groups.get(group.key)
        if current is None:
            changes.group_inserts.append({**desired, "las_key": group.key, "school_year": year,
                                          "created_at": changes.at})
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
        record["enrolled_on"], record["left_on"] = _date(record["enrolled_on"]), _date(record["left_on"])
        users[record["las_key"]] = record
    pupils = _sync_people(changes, PUPIL, export.pupils, users, today, _pupil_wants(group_levels))
    _sync_people(changes, TEACHER, export.teachers, users, today, _desired_teacher)
    if sync_parents:
        _sync_people(changes, PARENT, export.parents, users, today, _desired_parent)
    _assign_logins(changes.user_inserts)

    # Members and teachers of the file's groups; parent links.
    group_ids = {current["id"]: las_key for las_key, current in groups.items() if las_key in file_groups}
    las_keys = {record["id"]: las_key for las_key, record in users.items()}
    group_names = {group.key: group.name for group in export.groups}
    desired = {(ref, PUPIL + pupil.key) for pupil in export.pupils if PUPIL + pupil.key in pupils
               for ref in ((pupil.groep,) if pupil.groep else ()) + pupil.samengestelde_groepen}
    _sync_links(changes, desired, _existing_links(GroupMember, GroupMember.pupil, group_ids, las_keys),
                changes.member_inserts, changes.member_deletes, "memberships", group_names, "Leerling",
                manage_all=True)
    desired = {(ref.key, TEACHER + teacher.key) for teacher in export.teachers for ref in teacher.groups}
    _sync_links(changes, desired, _existing_links(GroupTeacher, GroupTeacher.teacher, group_ids, las_keys),
                changes.teacher_inserts, changes.teacher_deletes, "group_teachers", group_names, "Leraar",
                manage_all=False)
    if sync_parents:
        _sync_parent_links(changes, export, pupils | {key for key in users if key.startswith(PUPIL)})
    if any(pupil.instroomdatum and pupil.instroomdatum > today and PUPIL + pupil.key not in users
           for pupil in export.pupils):
        waiting = sum(1 for pupil in export.pupils if pupil.instroomdatum and pupil.instroomdatum > today
                      and PUPIL + pupil.key not in users)
        changes.notes.append(f"{waiting} leerling(en) nog niet ingestroomd: ze komen erbij vanaf hun "
                             "instroomdatum.")
    return changes


def _existing_links(model, person_field, group_ids, las_keys):
    """(link id, group las_key, person id, person las_key or None) for the links of the file's groups."""
    rows = []
    for chunk in chunked(list(group_ids), 200):
        query = model.select(model.id, model.group, person_field).where(model.group.in_(chunk))
        rows += [(link_id, group_ids[group_id], person_id, las_keys.get(person_id))
                 for link_id, group_id, person_id in plain_rows(query)]
    return rows


def _names_of(user_ids):
    names = {}
    for chunk in chunked(list(user_ids), 500):
        query = User.select(User.id, User.first_name, User.infix, User.last_name).where(User.id.in_(chunk))
        names.update((user_id, " ".join(p for p in parts if p)) for user_id, *parts in plain_rows(query))
    return names


def _sync_links(changes, desired, existing, inserts, deletes, count, group_names, noun, manage_all):
    have, removed = set(), []
    for link_id, group_key, person_id, las_key in existing:
        pair = (group_key, las_key)
        if pair in desired and pair not in have:
            have.add(pair)
        elif manage_all or (las_key or "").startswith(TEACHER):
            deletes.append(link_id)
            removed.append((group_key, person_id))
    names = _names_of({person_id for _, person_id in removed}) if removed else {}
    for group_key, person_id in removed:
        changes.log(f"{count}_removed", f"{noun} uit groep {group_names.get(group_key, group_key)}: "
                                        f"{names.get(person_id, person_id)}")
    for group_key, las_key in sorted(desired - have):
        inserts.append((group_key, las_key))
        changes.log(f"{count}_added", f"{noun} in groep {group_names.get(group_key, group_key)}: "
                                      f"{_person_label(changes, las_key)}")


def _sync_parent_links(changes, export, known_pupils):
    desired = {(PARENT + parent.key, PUPIL + key) for parent in export.parents for key in parent.pupils
               if PUPIL + key in known_pupils}
    Parent, Child = User.alias(), User.alias()
    query = (ParentLink.select(ParentLink.id, Parent.las_key, Child.las_key)
             .join(Parent, on=(ParentLink.parent == Parent.id))
             .switch(ParentLink).join(Child, on=(ParentLink.pupil == Child.id))
             .where(Parent.las_key.startswith(PARENT)))
    have = set()
    for link_id, parent_key, pupil_key in plain_rows(query):
        if (parent_key, pupil_key) in desired and (parent_key, pupil_key) not in have:
            have.add((parent_key, pupil_key))
        else:
            changes.parent_deletes.append(link_id)
            changes.log("parent_links_removed", f"Ouder {parent_key[len(PARENT):]} niet meer gekoppeld aan "
                                                f"leerling {(pupil_key or '')[len(PUPIL):]}")
    for parent_key, pupil_key in sorted(desired - have):
        changes.parent_inserts.append((parent_key, pupil_key))
        changes.log("parent_links_added", f"Ouder {parent_key[len(PARENT):]} gekoppeld aan leerling "
                                          f"{pupil_key[len(PUPIL):]}")


def plain_rows(query):
    """The plain rows of a query, without peewee's per-row conversion (the sync reads thousands)."""
    return db.execute(query).fetchall()


def _date(value):
    return dt.date.fromisoformat(value) if isinstance(value, str) else value
