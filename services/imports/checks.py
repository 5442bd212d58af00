"""Checking an import sheet's rows against each other and the school, and sorting them into the plan.

The rows are read, each checked on its own, by rows.py. The result is an `ImportPreview`:
the rows to create and to update, and every row's problems (see services/imports.py). Nothing here writes.
"""

from collections import defaultdict
from dataclasses import dataclass, field

from peewee import chunked

from models import Group, GroupMember, GroupTeacher, GroupType, ParentLink, User

from ..accounts import ROLE_NAMES
from .rows import RowReader, match_key
from .templates import KINDS


@dataclass
class PlannedRow:
    """One row that will create or update a user."""

    row: int
    login: str
    name: str
    fields: dict  # User fields to write (all of them for a new user, the changed ones for an update)
    changes: list = field(default_factory=list)  # Dutch descriptions, for the preview
    user_id: int = None
    group: Group = None  # pupils: add as member; teachers: add as teacher
    children: list = field(default_factory=list)  # parents: pupils to link
    password: str = None  # chosen in the file (new users only)


@dataclass
class ImportPreview:
    kind: str
    to_create: list = field(default_factory=list)
    to_update: list = field(default_factory=list)
    unchanged: int = 0
    failures: list = field(default_factory=list)  # RowError, sorted by row

    @property
    def failed(self):
        return len({error.row for error in self.failures})

    @property
    def kind_name(self):
        return KINDS[self.kind]


class Planner(RowReader):
    """Reads rows one by one (RowReader), then checks them against each other and the school."""

    def plan(self):
        """The ImportPreview of the rows read so far."""
        self._duplicates()
        logins = [values["login"] for _n, values in self.rows]
        existing = _users_by_login(logins)
        groups = _groups_by_name() if self.kind in ("pupils", "teachers") else {}
        children = {}
        if self.kind == "parents":
            children = _users_by_login({c for _n, values in self.rows for c in values["children"]})
        existing_ids = [u.id for u in existing.values()]
        links = _existing_links(self.kind, existing_ids)

        result = ImportPreview(self.kind)
        for number, values in self.rows:
            user = existing.get(values["login"])
            if user is not None:
                self._check_existing(number, user)
            group = self._group(number, values, groups) if values.get("group") else None
            pupils = self._children(number, values, children) if self.kind == "parents" else []
            if self.errors.get(number):
                continue
            planned = (
                self._new(number, values, group, pupils)
                if user is None
                else self._changed(number, values, user, group, pupils, links)
            )
            if user is None:
                result.to_create.append(planned)
            elif planned.changes:
                result.to_update.append(planned)
            else:
                result.unchanged += 1
        result.failures = sorted((e for errors in self.errors.values() for e in errors), key=lambda e: e.row)
        return result

    def _duplicates(self):
        seen = defaultdict(list)
        for number, values in self.rows:
            if values["login"]:
                seen[values["login"]].append(number)
        for login, numbers in seen.items():
            for number in numbers if len(numbers) > 1 else ():
                others = ", ".join(str(n) for n in numbers if n != number)
                self.fail(number, "login", f"de inlognaam '{login}' staat ook in rij {others}.")

    def _check_existing(self, number, user):
        if self.kind == "admins":  # an import never changes who is an administrator, nor their account
            self.fail(
                number,
                "login",
                f"er is al een account met de inlognaam '{user.login}' (een "
                f"{ROLE_NAMES.get(user.role, user.role)}); beheerders worden met een import alleen nieuw aangemaakt.",
            )
        elif user.role != self.role:
            self.fail(
                number,
                "login",
                f"de inlognaam '{user.login}' is al in gebruik door een {ROLE_NAMES.get(user.role, user.role)}.",
            )
        elif user.las_key is not None:
            self.fail(number, "login", f"'{user.login}' wordt beheerd in het LAS; wijzig deze gegevens in het LAS.")
        elif not user.active:
            self.fail(number, "login", f"het account '{user.login}' is uitgezet; zet het eerst weer aan.")

    def _group(self, number, values, groups):
        candidates = groups.get(match_key(values["group"]), [])
        if self.kind == "pupils" and len(candidates) > 1:
            candidates = [g for g in candidates if g.group_type.name == "Stamgroep"] or candidates
        if not candidates:
            self.fail(number, "group", f"de groep '{values['group']}' bestaat niet (let op de schrijfwijze).")
            return None
        if len(candidates) > 1:
            self.fail(
                number,
                "group",
                f"er zijn meerdere groepen met de naam '{values['group']}'; geef er één een andere naam.",
            )
            return None
        group = candidates[0]
        if self.kind == "pupils" and (group.las_key is not None or group.group_type.las_managed):
            self.fail(
                number,
                "group",
                f"de leden van '{group.name}' worden beheerd in het LAS; laat de "
                "stamgroep leeg of kies een eigen groep.",
            )
            return None
        return group

    def _children(self, number, values, children):
        found = []
        for login in values["children"]:
            pupil = children.get(login)
            if pupil is None:
                self.fail(number, "children", f"er is geen leerling met de inlognaam '{login}'.")
            elif pupil.role != "pupil":
                self.fail(
                    number, "children", f"'{login}' is geen leerling maar een {ROLE_NAMES.get(pupil.role, pupil.role)}."
                )
            elif not pupil.active:
                self.fail(number, "children", f"de leerling '{login}' is uitgezet.")
            else:
                found.append(pupil)
        return found

    def _fields(self, values):
        fields = {key: values[key] for key in ("first_name", "infix", "last_name")}
        if self.kind == "pupils":
            fields["level"] = values["level"]
        if self.kind == "teachers" and values["coach"] is not None:
            fields["is_coach"] = values["coach"]
        return fields

    def _new(self, number, values, group, pupils):
        fields = self._fields(values)
        name = " ".join(p for p in (fields["first_name"], fields["infix"], fields["last_name"]) if p)
        planned = PlannedRow(
            number, values["login"], name, fields, group=group, children=pupils, password=values.get("password")
        )
        planned.changes = _describe_new(fields, group, pupils)
        return planned

    def _changed(self, number, values, user, group, pupils, links):
        wanted = self._fields(values)
        fields = {key: value for key, value in wanted.items() if getattr(user, key) != value}
        changes = [f"{_LABELS[key]}: {_show(getattr(user, key))} → {_show(value)}" for key, value in fields.items()]
        linked = links.get(user.id, set())
        if group is not None and group.id in linked:
            group = None
        elif group is not None:
            changes.append(f"{'lid van' if self.kind == 'pupils' else 'leraar van'} {group.name}")
        pupils = [p for p in pupils if p.id not in linked]
        if pupils:
            changes.append("koppelen aan " + ", ".join(p.login for p in pupils))
        return PlannedRow(number, user.login, _full_name(user), fields, changes, user.id, group, pupils)


_LABELS = {
    "first_name": "Voornaam",
    "infix": "Tussenvoegsel",
    "last_name": "Achternaam",
    "level": "Niveau",
    "is_coach": "IB-er",
}


def _show(value):
    if isinstance(value, bool):
        return "ja" if value else "nee"
    return "(leeg)" if value in ("", None) else str(value)


def _describe_new(fields, group, pupils):
    described = []
    if "level" in fields:
        described.append(f"niveau {fields['level']}")
    if fields.get("is_coach"):
        described.append("IB-er")
    if group is not None:
        described.append(f"groep {group.name}")
    if pupils:
        described.append("kind(eren) " + ", ".join(p.login for p in pupils))
    return described


_USER_COLUMNS = (
    User.id,
    User.login,
    User.role,
    User.active,
    User.las_key,
    User.first_name,
    User.infix,
    User.last_name,
    User.level,
    User.is_coach,
)


def _users_by_login(logins):
    """The users with these logins, as light rows (a thousand model instances cost more than they bring)."""
    found = {}
    for batch in chunked(sorted({login for login in logins if login}), 500):
        for user in User.select(*_USER_COLUMNS).where(User.login.in_(batch)).namedtuples():
            found[user.login] = user
    return found


def _full_name(user):
    return " ".join(part for part in (user.first_name, user.infix, user.last_name) if part)


def _groups_by_name():
    groups = defaultdict(list)
    for group in Group.select(Group, GroupType).join(GroupType).where(~Group.archived):
        groups[match_key(group.name)].append(group)
    return groups


def _existing_links(kind, user_ids):
    """For existing users: the group ids (pupils, teachers) or pupil ids (parents) they are linked to."""
    tables = {
        "pupils": (GroupMember, GroupMember.pupil, GroupMember.group),
        "teachers": (GroupTeacher, GroupTeacher.teacher, GroupTeacher.group),
        "parents": (ParentLink, ParentLink.parent, ParentLink.pupil),
    }
    links = defaultdict(set)
    if kind not in tables:  # administrators have no links
        return links
    model, owner, other = tables[kind]
    for batch in chunked(user_ids, 500):
        for owner_id, other_id in model.select(owner, other).where(owner.in_(batch)).tuples():
            links[owner_id].add(other_id)
    return links
