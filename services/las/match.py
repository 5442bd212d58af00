"""Matching an EDEXML export with the school, for compare.py: the LAS keys per kind, what each
person in the file should be in Doelpunt (names, niveau, role, a login for a new account) and the school's
links read in bulk. The matching rules are in services/las/__init__.py; nothing here writes.
"""

import datetime as dt
import re
import unicodedata

from peewee import chunked

from models import User, db

from ..errors import DomainError
from . import edexml
from .edexml.codes import NOT_TEACHING

PUPIL, TEACHER, PARENT = "leerling:", "leerkracht:", "ouder:"
FIELD_NAMES = {
    "first_name": "voornaam",
    "infix": "tussenvoegsel",
    "last_name": "achternaam",
    "level": "niveau",
    "eckid": "ECK iD",
    "enrolled_on": "instroomdatum",
    "left_on": "uitstroomdatum",
    "role": "rol",
    "is_coach": "IB-er",
    "name": "naam",
    "year_level": "jaargroep",
    "group_type": "groepstype",
    "archived": "uit het archief",
}
ASSISTANT_ROLES = {"OWA", "KLA"}  # onderwijsassistent, klassenassistent


class SyncRejected(DomainError):
    """The file is sound but may not be applied here (another school, another school year, a clash)."""


def name_fields(person):
    """A person's name as Doelpunt keeps it: the roepnaam, else the first of the voornamen."""
    first = person.roepnaam or (person.voornamen.split()[0] if person.voornamen else "")
    return {"first_name": first, "infix": person.voorvoegsel, "last_name": person.achternaam}


def label_of(fields, key):
    """A name with its LAS key, for the change lines."""
    name = " ".join(part for part in (fields["first_name"], fields["infix"], fields["last_name"]) if part)
    return f"{name} ({key})"


def _slug(text):
    text = text or ""
    if not text.isascii():
        text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return _NOT_SLUG.sub("-", text.lower()).strip("-")[:40]


_NOT_SLUG = re.compile(r"[^a-z0-9]+")


def login_candidate(kind, key, fields, email):
    """A new account's login: a teacher's or parent's e-mail address, else one made of name and key."""
    if kind != PUPIL and email and re.fullmatch(r"[^@\s]+@[^@\s]+\.[^@\s]+", email):
        return email.strip().lower()[:200]
    parts = [_slug(fields["first_name"]), _slug(fields["infix"] + " " + fields["last_name"]), _slug(key)]
    return ".".join(part for part in parts if part) + "@las.invalid"


def assign_logins(inserts):
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


def teaches(teacher, ref):
    """Whether a group reference in the file makes the teacher a teacher of that group: it does unless every
    role it carries (or, carrying none, every role of the person) is one of management or support (a DIR,
    a conciërge: edexml.codes.NOT_TEACHING)."""
    roles = set(ref.roles or teacher.roles)
    return not roles or not roles <= NOT_TEACHING


def pupil_wants(group_levels):
    """The desired fields of a pupil: niveau is their jaargroep, else their base group's."""

    def desired(pupil, current, today):
        if pupil.instroomdatum and pupil.instroomdatum > today:
            return None
        level = edexml.level_of(pupil.jaargroep)
        fields = name_fields(pupil)
        fields.update(
            level=level if level is not None else group_levels.get(pupil.groep),
            eckid=pupil.eckid,
            enrolled_on=pupil.instroomdatum,
            left_on=pupil.uitstroomdatum,
            active=not (pupil.uitstroomdatum and pupil.uitstroomdatum < today),
        )
        return fields

    return desired


def desired_teacher(teacher, current, today):
    """The desired fields of a teacher: role and IB-er follow their LAS roles; an admin stays one."""
    role, coach = _staff_role(teacher, current["role"] if current else None)
    return {**name_fields(teacher), "eckid": teacher.eckid, "role": role, "is_coach": coach, "active": True}


def desired_parent(parent, current, today):
    """The desired fields of a parent."""
    return {**name_fields(parent), "active": True}


def existing_links(model, person_field, group_ids, las_keys):
    """(link id, group las_key, person id, person las_key or None) for the links of the file's groups."""
    rows = []
    for chunk in chunked(list(group_ids), 200):
        query = model.select(model.id, model.group, person_field).where(model.group.in_(chunk))
        rows += [
            (link_id, group_ids[group_id], person_id, las_keys.get(person_id))
            for link_id, group_id, person_id in plain_rows(query)
        ]
    return rows


def names_of(user_ids):
    """{user id: full name}, for the change lines."""
    names = {}
    for chunk in chunked(list(user_ids), 500):
        query = User.select(User.id, User.first_name, User.infix, User.last_name).where(User.id.in_(chunk))
        names.update((user_id, " ".join(p for p in parts if p)) for user_id, *parts in plain_rows(query))
    return names


def plain_rows(query):
    """The plain rows of a query, without peewee's per-row conversion (the sync reads thousands)."""
    return db.execute(query).fetchall()


def as_date(value):
    """A date read as a plain row (text on SQLite) as a date."""
    return dt.date.fromisoformat(value) if isinstance(value, str) else value
